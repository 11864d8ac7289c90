"""Tenants end to end: `ophion serve --auth required`, keys made with `ophion keys create`, and
the OpenTelemetry Python SDK configured with a key through OTEL_EXPORTER_OTLP_HEADERS. The key
alone decides the tenant: everything lands in it, and another tenant's key sees none of it."""

import subprocess
import sys
import time

import pytest
import requests

from conftest import E2E_DIR, Api, create_key, run_app, verify_logs, verify_metrics, verify_spans

APP = [sys.executable, str(E2E_DIR / "apps" / "python_app.py")]


@pytest.mark.parametrize("protocol", ["grpc", "http/protobuf"], ids=["grpc", "http-protobuf"])
def test_sdk_key_in_otel_headers_lands_in_its_tenant(ophion, run_id, protocol):
    ophion.stop()
    ophion.args = ["--auth", "required"]
    ophion.start()
    ingest = create_key(ophion, "team-a", "ingest")
    reader_a = Api(ophion, create_key(ophion, "team-a", "read"))
    reader_b = Api(ophion, create_key(ophion, "team-b", "read"))

    # Without a key the API refuses, and says how to authenticate.
    refused = requests.get(f"{ophion.api_url}/api/v1/stats", timeout=10)
    assert refused.status_code == 401 and "Bearer" in refused.json()["error"]["message"]

    manifest = run_app(
        APP, ophion, protocol=protocol, service="shop", run_id=run_id, headers=f"x-ophion-api-key={ingest}"
    )
    assert len(manifest["spans"]) == 1000
    verify_spans(reader_a, manifest, run_id)
    verify_logs(reader_a, manifest, run_id)
    verify_metrics(reader_a, manifest, service="shop")

    stats_b = reader_b.get("/api/v1/stats")
    assert (stats_b["spans"], stats_b["logs"], stats_b["metric_points"]) == (0, 0, 0), stats_b
    assert reader_b.get("/api/v1/services")["services"] == []
    assert reader_a.get("/api/v1/whoami")["tenant"] == "team-a"


def test_keys_list_and_revoke_from_the_command_line(ophion):
    ophion.stop()
    ophion.args = ["--auth", "required"]
    ophion.start()
    key = create_key(ophion, "team-c", "ingest,read")
    key_id = key.split("_")[1]
    reader = Api(ophion, key)
    assert reader.get("/api/v1/whoami") == {"tenant": "team-c", "actor": f"key:{key_id}", "scopes": ["ingest", "read"]}

    cli = [ophion.binary, "keys"]
    where = ["--data-dir", str(ophion.data_dir)]
    listed = subprocess.run([*cli, "list", "--tenant", "team-c", *where], capture_output=True, text=True, check=True)
    assert key_id in listed.stdout and key not in listed.stdout, listed.stdout
    assert "active" in listed.stdout
    subprocess.run([*cli, "revoke", key_id, *where], capture_output=True, text=True, check=True)
    # The server trusts a verified key for at most 5 s after a revocation made elsewhere.
    deadline = time.monotonic() + 10
    while reader.response("/api/v1/whoami").status_code != 401:
        assert time.monotonic() < deadline, "the revoked key still works"
        time.sleep(0.25)
    listed = subprocess.run([*cli, "list", *where], capture_output=True, text=True, check=True)
    assert "revoked" in listed.stdout, listed.stdout
