"""HTTP/2 abuse against both HTTP/2 listeners (OTLP/gRPC, served by tonic's transport, and
OTLP/HTTP's h2c, served by hyper): rapid reset (CVE-2023-44487) and CONTINUATION floods
(CVE-2024-27316 and its kin). Frames are built by hand with `hyperframe`/`hpack`, the parts of
the Python `h2` package that let a client misbehave. Each flood must end with the server
closing that connection, its peak RSS growing by at most 64 MiB, and the next valid request
succeeding."""

import os
import socket
import threading
import time

import pytest
from hpack import Encoder
from hyperframe.frame import ContinuationFrame, HeadersFrame, RstStreamFrame, SettingsFrame
from opentelemetry.proto.trace.v1.trace_pb2 import Span

from conftest import assert_accepted, memory_bytes, post_otlp, report, traces_request

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
GOAWAY = 0x7
MIB = 1 << 20


class RawH2:
    """A prior-knowledge HTTP/2 connection that sends whatever frames it is given and notes what
    the server answers: GOAWAY (with its error code) or the connection closing."""

    def __init__(self, url: str):
        host, port = url.removeprefix("http://").split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=10)
        self.sock.sendall(PREFACE + SettingsFrame(0).serialize())
        self.goaway: int | None = None
        self.closed = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        buffer = b""
        try:
            while chunk := self.sock.recv(65536):
                buffer += chunk
                while len(buffer) >= 9:
                    length = int.from_bytes(buffer[:3], "big")
                    if len(buffer) < 9 + length:
                        break
                    kind, payload = buffer[3], buffer[9 : 9 + length]
                    buffer = buffer[9 + length :]
                    if kind == GOAWAY and self.goaway is None:
                        self.goaway = int.from_bytes(payload[4:8], "big")
        except OSError:
            pass
        self.closed.set()

    def send(self, data: bytes) -> bool:
        """False once the server has closed the connection."""
        try:
            self.sock.sendall(data)
            return True
        except OSError:
            return False

    def close(self):
        self.sock.close()


def request_headers(url: str, path: str, grpc: bool) -> list[tuple[str, str]]:
    headers = [(":method", "POST"), (":scheme", "http"), (":authority", url.removeprefix("http://")),
               (":path", path)]
    return headers + ([("content-type", "application/grpc"), ("te", "trailers")] if grpc
                      else [("content-type", "application/x-protobuf")])


def peak_rss_reset(pid: int) -> None:
    with open(f"/proc/{pid}/clear_refs", "w") as refs:
        refs.write("5")  # resets VmHWM to the current RSS


LISTENERS = {
    "grpc": ("otlp_grpc_url", "/opentelemetry.proto.collector.trace.v1.TraceService/Export", True),
    "http": ("otlp_http_url", "/v1/traces", False),
}


def flood(ophion, listener: str, frames) -> dict:
    """Send frames until the server closes the connection or they run out; the figures."""
    url = getattr(ophion, LISTENERS[listener][0])
    pid = ophion.process.pid
    before = memory_bytes(pid)
    peak_rss_reset(pid)
    conn = RawH2(url)
    sent_frames, sent_bytes, began = 0, 0, time.monotonic()
    for chunk in frames(url):
        if conn.closed.is_set() or not conn.send(chunk):
            break
        sent_frames += 1
        sent_bytes += len(chunk)
    closed = conn.closed.wait(10)
    conn.close()
    figures = {
        "listener": listener,
        "closed_by_server": closed,
        "goaway_code": conn.goaway,
        "frames_sent": sent_frames,
        "mib_sent": round(sent_bytes / MIB, 1),
        "seconds": round(time.monotonic() - began, 2),
        "peak_rss_growth_mib": round((memory_bytes(pid, "VmHWM") - before) / MIB, 1),
    }
    return figures


def assert_survived(ophion, figures: dict) -> None:
    assert figures["closed_by_server"], f"the server kept the abusive connection open: {figures}"
    assert figures["peak_rss_growth_mib"] <= 64, figures
    now = time.time_ns()
    span = Span(trace_id=os.urandom(16), span_id=os.urandom(8), name="after-flood",
                start_time_unix_nano=now - 1000, end_time_unix_nano=now)
    assert_accepted(post_otlp(ophion, traces_request("after-flood", [span])))


@pytest.mark.parametrize("listener", LISTENERS)
def test_rapid_reset_flood_is_cut_off(ophion, listener):
    _, path, grpc = LISTENERS[listener]
    encoder = Encoder()

    def frames(url):
        block = encoder.encode(request_headers(url, path, grpc))
        for stream_id in range(1, 2 * 100_000, 2):  # open a stream and cancel it at once, 100k times
            headers = HeadersFrame(stream_id, data=block, flags=["END_HEADERS"]).serialize()
            yield headers + RstStreamFrame(stream_id, error_code=0x8).serialize()

    figures = flood(ophion, listener, frames)
    report("h2_rapid_reset", **figures)
    assert figures["frames_sent"] < 100_000, f"all 100k reset streams were taken: {figures}"
    assert_survived(ophion, figures)


@pytest.mark.parametrize("listener", LISTENERS)
def test_continuation_flood_is_cut_off(ophion, listener):
    _, path, grpc = LISTENERS[listener]
    encoder = Encoder()

    def frames(url):
        first = encoder.encode(request_headers(url, path, grpc))
        yield HeadersFrame(1, data=first).serialize()  # no END_HEADERS: a header block follows
        for i in range(16_384):  # up to 256 MiB of header block, never ended
            fragment = encoder.encode([(f"x-flood-{i}", "v" * 16_000)])
            yield ContinuationFrame(1, data=fragment).serialize()

    figures = flood(ophion, listener, frames)
    report("h2_continuation", **figures)
    assert figures["mib_sent"] < 64, f"the server read {figures['mib_sent']} MiB of one header block"
    assert_survived(ophion, figures)
