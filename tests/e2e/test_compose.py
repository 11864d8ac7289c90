"""docker-compose.yml, checked without a container engine: Debian's `docker-compose config`
parses and validates it, then the rendered file is held to the defaults we promise."""

import os
import re
import shutil
import subprocess

import pytest

from conftest import E2E_DIR

COMPOSE_FILE = E2E_DIR.parent.parent / "docker-compose.yml"


def compose(*args: str, env: dict[str, str] | None = None) -> str:
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.fail("docker-compose is not installed (Debian: apt-get install docker-compose); "
                    "scripts/e2e.sh --setup installs it", pytrace=False)
    done = subprocess.run([binary, "-f", str(COMPOSE_FILE), *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, check=False)
    assert done.returncode == 0, f"docker-compose {' '.join(args)} failed:\n{done.stderr}"
    return done.stdout


def test_compose_file_is_valid_and_binds_only_loopback_with_volumes_for_data():
    assert sorted(compose("config", "--services").split()) == ["clickhouse", "ophion", "postgres", "shop"]
    assert sorted(compose("config", "--volumes").split()) == ["clickhouse-data", "ophion-data", "postgres-data"]
    rendered = compose("config")
    ports = re.findall(r"^\s*- (\S+):(\d+):(\d+)/tcp$", rendered, re.MULTILINE)
    assert {int(p[1]) for p in ports} == {4317, 4318, 8080, 8123, 5432}
    assert all(host == "127.0.0.1" for host, _, _ in ports), ports
    assert "OPHION_STORE__KIND: clickhouse" in rendered


def test_the_store_is_chosen_by_one_variable():
    rendered = compose("config", env={"OPHION_STORE": "postgres"})
    assert "OPHION_STORE__KIND: postgres" in rendered
    assert "postgres://ophion:ophion@postgres:5432/ophion" in rendered


def test_auth_is_an_explicit_choice_switched_by_one_variable():
    # Off for the loopback-only demo, and said so in the file; one variable turns it on.
    assert "OPHION_AUTH__MODE: disabled" in compose("config")
    assert "OPHION_AUTH__MODE: required" in compose("config", env={"OPHION_AUTH": "required"})
