"""The OpenTelemetry Node.js SDK (NodeSDK with the http/protobuf exporters, which stream bodies
without a Content-Length): every span, log record and metric point comes back intact."""

import shutil

import pytest

from conftest import E2E_DIR, run_app, verify_logs, verify_metrics, verify_spans, verify_traces

NODE_DIR = E2E_DIR / "node"


@pytest.fixture
def node_app() -> list[str]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("`node` is not on PATH: the Node.js SDK was NOT tested")
    if not (NODE_DIR / "node_modules" / "@opentelemetry" / "sdk-node").is_dir():
        pytest.skip(
            f"no node_modules in {NODE_DIR} (run scripts/e2e.sh, or `npm ci` there): "
            "the Node.js SDK was NOT tested"
        )
    return [node, str(NODE_DIR / "app.js")]


@pytest.mark.parametrize("compression", [None, "gzip"], ids=["plain", "gzip"])
def test_node_sdk_telemetry_is_stored_intact(node_app, ophion, api, run_id, compression):
    manifest = run_app(
        node_app,
        ophion,
        protocol="http/protobuf",
        compression=compression,
        service="orders",
        run_id=run_id,
        cwd=NODE_DIR,
    )
    assert (len(manifest["spans"]), len(manifest["logs"])) == (400, 300)
    assert any(isinstance(r["body"], dict) for r in manifest["logs"]), (
        "structured bodies are part of the check"
    )

    verify_spans(api, manifest, run_id)
    verify_traces(api, manifest)
    verify_logs(api, manifest, run_id)
    verify_metrics(api, manifest, service="orders")
