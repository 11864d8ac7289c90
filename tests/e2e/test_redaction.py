"""Seeded secrets never reach the data dir, an API response or the server's own output, while
the text around them is still stored and returned."""

import base64
import hashlib
import hmac
import json
import os
import time

from opentelemetry.proto.common.v1.common_pb2 import AnyValue
from opentelemetry.proto.logs.v1.logs_pb2 import LogRecord
from opentelemetry.proto.trace.v1.trace_pb2 import Span, Status

from conftest import (
    assert_accepted,
    eventually,
    key_values,
    logs_request,
    post_otlp,
    traces_request,
    window,
)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt() -> str:
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = b64url(
        json.dumps({"sub": "e2e-user-7731", "scope": "payments:write", "iat": 1767225600}).encode()
    )
    signature = b64url(hmac.new(b"e2e-signing-key", f"{header}.{claims}".encode(), hashlib.sha256).digest())
    return f"{header}.{claims}.{signature}"


CARD = "4111 1111 1111 1111"  # Luhn-valid test Visa
CARD_DIGITS = "4111111111111111"
JWT = jwt()
AWS_KEY = "AKIAIOSFODNN7EXAMPLE"
BEARER_TOKEN = "abc123DEF456ghi789JKL012mno345PQR"
PASSWORD = "s3cr3tP4ss"
SECRETS = [CARD, CARD_DIGITS, JWT, JWT.split(".")[1], AWS_KEY, BEARER_TOKEN, PASSWORD]


def test_seeded_secrets_never_reach_disk_api_or_server_output(ophion, api, run_id):
    now = time.time_ns()
    trace_id, span_id = os.urandom(16), os.urandom(8)
    span = Span(
        trace_id=trace_id,
        span_id=span_id,
        name="POST /checkout",
        kind=Span.SPAN_KIND_SERVER,
        start_time_unix_nano=now - 5_000_000,
        end_time_unix_nano=now,
        attributes=key_values(
            {
                "e2e.run_id": run_id,
                "http.request.header.authorization": f"Bearer {BEARER_TOKEN}",
                "url.full": f"https://user:{PASSWORD}@example.com/x",
                "e2e.note": f"key={AWS_KEY} region=us-east-1",
                "user.plan": "gold",
            }
        ),
        events=[
            Span.Event(
                time_unix_nano=now - 1_000_000,
                name="token.issued",
                attributes=key_values({"e2e.token": f"jwt {JWT} issued"}),
            )
        ],
        status=Status(code=Status.STATUS_CODE_OK),
    )
    bodies = [
        f"payment accepted order=ORD-{run_id} card={CARD} amount=42.00",
        f"issued token {JWT} to alice",
        f"fetching https://user:{PASSWORD}@example.com/x with key {AWS_KEY} done",
    ]
    records = [
        LogRecord(
            time_unix_nano=now,
            observed_time_unix_nano=now,
            severity_number=9,
            severity_text="INFO",
            body=AnyValue(string_value=body),
            trace_id=trace_id,
            span_id=span_id,
            attributes=key_values({"e2e.run_id": run_id, "e2e.seq": i, "e2e.card_on_file": CARD_DIGITS}),
        )
        for i, body in enumerate(bodies)
    ]
    assert_accepted(post_otlp(ophion, traces_request("checkout", [span])))
    assert_accepted(post_otlp(ophion, logs_request("checkout", records)))

    by_run = {"attr.e2e.run_id": run_id, **window()}

    def stored():
        spans, logs = api.get("/api/v1/spans", by_run), api.get("/api/v1/logs", by_run)
        assert (len(spans["spans"]), len(logs["logs"])) == (1, 3), "the seeded data is not queryable yet"
        return spans, logs

    spans, logs = eventually(stored)
    stored_span = spans["spans"][0]
    attributes = stored_span["attributes"]
    assert stored_span["name"] == "POST /checkout"
    assert attributes["user.plan"] == "gold"
    assert "example.com/x" in attributes["url.full"]
    assert "region=us-east-1" in attributes["e2e.note"]
    assert [e["name"] for e in stored_span["events"]] == ["token.issued"]
    by_seq = {r["attributes"]["e2e.seq"]: r["body"] for r in logs["logs"]}
    assert f"payment accepted order=ORD-{run_id} card=" in by_seq[0] and by_seq[0].endswith(" amount=42.00")
    assert by_seq[1].startswith("issued token ") and by_seq[1].endswith(" to alice")
    assert by_seq[2].startswith("fetching https://") and "example.com/x with key " in by_seq[2]
    assert by_seq[2].endswith(" done")

    responses = {
        "/api/v1/spans": api.response("/api/v1/spans", by_run),
        "/api/v1/traces/{id}": api.response(f"/api/v1/traces/{trace_id.hex()}"),
        "/api/v1/traces": api.response("/api/v1/traces", {"service": "checkout", **window()}),
        "/api/v1/logs": api.response("/api/v1/logs", by_run),
        "/api/v1/logs?q=": api.response("/api/v1/logs", {"q": "payment accepted", **window()}),
        "/api/v1/services": api.response("/api/v1/services", window()),
    }
    for path, response in responses.items():
        assert response.status_code == 200, f"{path}: {response.status_code} {response.text[:300]}"
        assert_no_secret(f"API response {path}", response.content)

    assert ophion.stop() == 0, "ophion did not exit 0 on SIGTERM"
    files = [os.path.join(d, f) for d, _, names in os.walk(ophion.data_dir) for f in names]
    assert files, f"ophion wrote nothing under {ophion.data_dir}"
    for path in files:
        with open(path, "rb") as f:
            assert_no_secret(f"data file {os.path.relpath(path, ophion.data_dir)}", f.read())
    assert_no_secret("ophion's own output", ophion.output().encode())


def assert_no_secret(where: str, content: bytes) -> None:
    found = [s for s in SECRETS if s.encode() in content]
    assert not found, f"{where} contains seeded secrets: {found}"
