"""The OpenTelemetry Python SDK's OTLP exporters, over gRPC and HTTP/protobuf, with and without
gzip: every span, log record and metric point it sends comes back through the REST API intact."""

import sys

import pytest

from conftest import (
    E2E_DIR,
    run_app,
    verify_logs,
    verify_metrics,
    verify_services,
    verify_spans,
    verify_traces,
)

APP = [sys.executable, str(E2E_DIR / "apps" / "python_app.py")]


@pytest.mark.parametrize(
    "protocol, compression",
    [("grpc", None), ("grpc", "gzip"), ("http/protobuf", None), ("http/protobuf", "gzip")],
    ids=["grpc", "grpc-gzip", "http-protobuf", "http-protobuf-gzip"],
)
def test_python_sdk_telemetry_is_stored_intact(ophion, api, run_id, protocol, compression):
    manifest = run_app(APP, ophion, protocol=protocol, compression=compression, service="shop", run_id=run_id)
    assert (len(manifest["spans"]), len(manifest["logs"])) == (1000, 1000)
    assert {s["service_name"] for s in manifest["spans"]} == {"shop", "shop-backend"}

    verify_spans(api, manifest, run_id)
    verify_traces(api, manifest)
    verify_services(api, manifest)
    verify_logs(api, manifest, run_id)
    verify_metrics(api, manifest, service="shop")
