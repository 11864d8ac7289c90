"""The spine's SDK test on the shared stores: `ophion serve --store clickhouse` against the
ClickHouse engine (chDB behind testkit/clickhouse_http.py) and `--store postgres` against a
throwaway PostgreSQL cluster. Every span, log record and metric point the OpenTelemetry Python
SDK sends comes back through the REST API intact, as with the embedded store."""

import glob
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import requests

from conftest import E2E_DIR, free_ports, run_app, verify_logs, verify_metrics, verify_services, verify_spans, verify_traces

ROOT = E2E_DIR.parent.parent
APP = [sys.executable, str(E2E_DIR / "apps" / "python_app.py")]
START_TIMEOUT_S = 60


def clickhouse(workdir: Path):
    """The HTTP adapter over chDB, from this venv; yields its URL."""
    adapter = subprocess.Popen(
        [sys.executable, str(ROOT / "testkit" / "clickhouse_http.py"), "--port", "0", "--path", str(workdir / "chdb")],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = adapter.stdout.readline().strip()
        assert line.startswith("listening on "), f"the ClickHouse adapter did not start: {line!r}"
        yield line.removeprefix("listening on ")
    finally:
        adapter.terminate()
        adapter.wait(30)


def postgres_binary(name: str) -> str:
    found = shutil.which(name) or max(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), default=None)
    assert found, f"{name} not found: install PostgreSQL (Debian: apt-get install postgresql)"
    return found


def postgres(workdir: Path):
    """A throwaway cluster (as the `postgres` user when root, which initdb refuses to be);
    yields its URL."""
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    home = Path(tempfile.mkdtemp(prefix="ophion-pg-"))
    if as_user:
        shutil.chown(home, "postgres")
    data = home / "data"
    (port,) = free_ports(1)
    subprocess.run(
        [*as_user, postgres_binary("initdb"), "-D", str(data), "-U", "ophion", "--auth=trust", "-E", "UTF8", "--no-sync"],
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off"
    pg_ctl = postgres_binary("pg_ctl")
    subprocess.run(
        [*as_user, pg_ctl, "-D", str(data), "-o", options, "-l", str(home / "log"), "-w", "-t", str(START_TIMEOUT_S), "start"],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgres://ophion@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(params=["clickhouse", "postgres"])
def store_env(request, tmp_path):
    """Overrides conftest's: the server under test writes to a shared store."""
    server = clickhouse(tmp_path) if request.param == "clickhouse" else postgres(tmp_path)
    url = next(server)
    kind = request.param.upper()
    yield {"OPHION_STORE__KIND": request.param, f"OPHION_STORE__{kind}__URL": url}
    server.close()


@pytest.mark.parametrize("protocol", ["grpc", "http/protobuf"])
def test_python_sdk_telemetry_is_stored_intact_in_a_shared_store(ophion, api, run_id, store_env, protocol):
    manifest = run_app(APP, ophion, protocol=protocol, compression="gzip", service="shop", run_id=run_id)
    assert (len(manifest["spans"]), len(manifest["logs"])) == (1000, 1000)

    verify_spans(api, manifest, run_id)
    verify_traces(api, manifest)
    verify_services(api, manifest)
    verify_logs(api, manifest, run_id)
    verify_metrics(api, manifest, service="shop")
    # The rows are in the shared store, and no embedded store was made on the side.
    assert spans_in(store_env) == 1000
    assert not (ophion.data_dir / "store").exists()


def spans_in(store_env: dict[str, str]) -> int:
    """The span rows in the store itself, read with its own client."""
    if store_env["OPHION_STORE__KIND"] == "clickhouse":
        url = store_env["OPHION_STORE__CLICKHOUSE__URL"]
        answer = requests.post(url, data="SELECT count() FROM ophion.otel_traces", timeout=30)
        assert answer.status_code == 200, answer.text
        return int(answer.text)
    url = store_env["OPHION_STORE__POSTGRES__URL"]
    psql = shutil.which("psql") or postgres_binary("psql")
    out = subprocess.run([psql, "-Atc", "SELECT count(*) FROM spans", url], check=True, capture_output=True, text=True)
    return int(out.stdout)
