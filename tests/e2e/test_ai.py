"""The AI engine on telemetry from a real OpenTelemetry SDK: an instrumented app's N+1 query
pattern becomes a tip insight with an example trace, and its logs come back as templates."""

import sys

import pytest

from conftest import E2E_DIR, eventually, run_app, window

APP = [sys.executable, str(E2E_DIR / "apps" / "python_ai_app.py")]


@pytest.fixture
def store_env() -> dict[str, str]:
    # The embedded store, with the engine ticking (and looking for tips) every second
    # instead of every minute and every ten.
    return {"OPHION_AI__INTERVAL": "1s", "OPHION_AI__TIP_INTERVAL": "1s"}


@pytest.mark.parametrize("protocol", ["grpc", "http/protobuf"], ids=["grpc", "http-protobuf"])
def test_sdk_telemetry_becomes_an_n_plus_one_tip_and_log_templates(ophion, api, run_id, protocol):
    manifest = run_app(APP, ophion, protocol=protocol, service="cart", run_id=run_id)

    def n_plus_one():
        tips = api.get("/api/v1/insights", {"kind": "tip", "service": "cart", **window()})["insights"]
        found = [t for t in tips if t["evidence"]["rule"] == "n_plus_one"]
        assert found, f"no N+1 tip yet: {tips}"
        return found[0]

    tip = eventually(n_plus_one, timeout=60)
    assert tip["evidence"]["max_repetitions"] == 12
    assert tip["evidence"]["traces_affected"] == 20
    assert tip["evidence"]["call"] == "SELECT * FROM items WHERE id = $1"
    assert tip["evidence"]["example_trace_id"] in manifest["traces"]
    assert api.get(f"/api/v1/insights/{tip['id']}")["id"] == tip["id"]

    # The logs were acknowledged with the spans but may be written after the tip was found.
    def patterns():
        report = api.get("/api/v1/logs/patterns", {"service": "cart", **window()})
        templates = {p["template"]: p for p in report["patterns"]}
        assert set(templates) == {
            "cache hit for key user:<*> in <*> ms",
            "payment gateway timeout after <*> ms for order <*>",
        }, templates
        assert sum(p["count"] for p in templates.values()) == 230, templates
        return report, templates

    report, templates = eventually(patterns, timeout=60)
    hits = templates["cache hit for key user:<*> in <*> ms"]
    timeouts = templates["payment gateway timeout after <*> ms for order <*>"]
    assert (hits["count"], hits["max_severity"]) == (200, 9)
    assert (timeouts["count"], timeouts["max_severity"]) == (30, 17)
    assert timeouts["change"] == "new" and timeouts["id"] in report["emerging"]
    assert len(timeouts["examples"]) == 3
