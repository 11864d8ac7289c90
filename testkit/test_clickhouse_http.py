#!/usr/bin/env python3
"""Smoke test for testkit/clickhouse_http.py over real HTTP.

Run with a Python that has chdb-core==26.9.0 and lz4 installed:
    python testkit/test_clickhouse_http.py
It starts the adapter as a subprocess on a free port with a temporary data
directory, speaks to it with urllib/http.client the way the Rust `clickhouse`
crate does, and exits non-zero on any failure.
"""

import http.client
import os
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clickhouse_http as adapter  # noqa: E402 - for the block codec only

ADAPTER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "clickhouse_http.py")
RBWNAT = "RowBinaryWithNamesAndTypes"
COLUMNS = [
    ("service", "LowCardinality(String)"),
    ("attrs", "Map(String, String)"),
    ("ts", "DateTime64(9)"),
    ("n", "UInt64"),
]
ROWS = [
    ("checkout", {"http.method": "GET", "k": "v"}, 1_700_000_000_123_456_789, 1),
    ("cart", {}, 1_700_000_001_000_000_001, 2),
    ("checkout", {"quote": "it's \"x\" \\ y"}, 1_700_000_002_999_999_999, 3),
    ("payment", {"a": "1"}, 1_700_000_003_000_000_000, 4),
]

# ---------------------------------------------------------------------------
# RowBinary encoding and decoding for the column types above


def leb128(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def rb_string(value):
    data = value.encode() if isinstance(value, str) else value
    return leb128(len(data)) + data


def rb_row(service, attrs, ts, n):
    # LowCardinality(String) travels as a plain String in RowBinary.
    out = rb_string(service) + leb128(len(attrs))
    for key, value in attrs.items():
        out += rb_string(key) + rb_string(value)
    return out + struct.pack("<qQ", ts, n)


def rbwnat_header(columns):
    out = leb128(len(columns))
    for name, _ in columns:
        out += rb_string(name)
    for _, type_name in columns:
        out += rb_string(type_name)
    return out


class Reader:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def take(self, n):
        if self.pos + n > len(self.data):
            raise AssertionError(f"truncated RowBinary at {self.pos}: {self.data!r}")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def leb128(self):
        shift = result = 0
        while True:
            byte = self.take(1)[0]
            result |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return result

    def string(self):
        return self.take(self.leb128()).decode()

    def value(self, type_name):
        if type_name.startswith("Nullable("):  # one null-marker byte, then the value
            return None if self.take(1)[0] else self.value(type_name[len("Nullable("):-1])
        if type_name in ("String", "LowCardinality(String)"):
            return self.string()
        if type_name == "UInt64":
            return struct.unpack("<Q", self.take(8))[0]
        if type_name == "UInt8":
            return self.take(1)[0]
        if type_name.startswith("DateTime64"):
            return struct.unpack("<q", self.take(8))[0]
        if type_name == "Map(String, String)":
            return {self.string(): self.string() for _ in range(self.leb128())}
        raise AssertionError(f"test decoder lacks type {type_name}")

    def done(self):
        return self.pos == len(self.data)


def decode_rbwnat(data):
    """Return ([(name, type)], [row tuples]) of a RowBinaryWithNamesAndTypes body."""
    reader = Reader(data)
    count = reader.leb128()
    names = [reader.string() for _ in range(count)]
    types = [reader.string() for _ in range(count)]
    rows = []
    while not reader.done():
        rows.append(tuple(reader.value(t) for t in types))
    return list(zip(names, types)), rows


def escaped(value):
    """ClickHouse's escaped text format, used for param_<name> values."""
    table = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\0": "\\0"}
    return "".join(table.get(ch, ch) for ch in value)


def multipart(fields, boundary="test-boundary-7"):
    body = b""
    for name, value in fields.items():
        body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
                 f"{value}\r\n").encode()
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


# ---------------------------------------------------------------------------


class ClickHouseHttpTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.started = time.monotonic()
        cls.tmp = tempfile.TemporaryDirectory(prefix="clickhouse-http-test-")
        cls.proc = subprocess.Popen(
            [sys.executable, ADAPTER, "--port", "0", "--path", os.path.join(cls.tmp.name, "data")],
            stdout=subprocess.PIPE, text=True)
        line = cls.proc.stdout.readline().strip()
        prefix = "listening on http://127.0.0.1:"
        if not line.startswith(prefix):
            cls.proc.kill()
            raise AssertionError(f"unexpected first line from adapter: {line!r}")
        cls.port = int(line[len(prefix):])

    @classmethod
    def tearDownClass(cls):
        if cls.proc.poll() is None:
            cls.proc.kill()
        cls.proc.wait()
        cls.tmp.cleanup()

    # -- HTTP helpers -------------------------------------------------------

    def request(self, method="POST", params=None, body=b"", headers=None, chunked=False):
        """Return (status, headers, body); non-200 answers are returned too."""
        target = "/?" + urllib.parse.urlencode(params or {})
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            if chunked:  # how the crate streams INSERT bodies
                conn.request(method, target, body=iter([body[:5], body[5:]]),
                             headers=headers or {}, encode_chunked=True)
            else:
                conn.request(method, target, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.headers, response.read()
        finally:
            conn.close()

    def ok(self, sql=None, params=None, body=b"", **kwargs):
        if sql is not None:
            body = sql.encode()
        status, headers, data = self.request(params=params, body=body, **kwargs)
        self.assertEqual(status, 200, data.decode(errors="replace"))
        self.assertNotIn("X-ClickHouse-Exception-Code", headers)
        return data

    def select_rows(self, sql, **params):
        data = self.ok(sql, params={"default_format": RBWNAT, **params})
        return decode_rbwnat(data)

    # -- tests, run in name order -------------------------------------------

    def test_00_ping(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/ping", timeout=10) as r:
            self.assertEqual((r.status, r.read()), (200, b"Ok.\n"))
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=10) as r:
            self.assertEqual(r.read(), b"Ok.\n")

    def test_01_get_query_in_url(self):
        url = f"http://127.0.0.1:{self.port}/?query=" + urllib.parse.quote("SELECT 1 + 1")
        with urllib.request.urlopen(url, timeout=10) as r:
            self.assertEqual(r.read(), b"2\n")

    def test_02_create_table(self):
        columns = ", ".join(f"{name} {type_name}" for name, type_name in COLUMNS)
        body = self.ok(f"CREATE TABLE spans ({columns}) ENGINE = MergeTree ORDER BY (service, ts)")
        self.assertEqual(body, b"")

    def test_03_schema_queries_the_crate_sends(self):
        # 0.14-era crates: SELECT * FROM `t` LIMIT 0 as RowBinaryWithNamesAndTypes.
        self.assertEqual(self.select_rows("SELECT * FROM `spans` LIMIT 0"), (COLUMNS, []))
        # 0.15+: DESCRIBE TABLE with describe_include_subcolumns=0 as a URL setting.
        header, rows = self.select_rows("DESCRIBE TABLE spans", describe_include_subcolumns="0")
        self.assertEqual([name for name, _ in header][:2], ["name", "type"])
        self.assertEqual([row[:2] for row in rows], COLUMNS)
        # Other versions: system.columns, with the database as a URL parameter.
        header, rows = self.select_rows(
            "SELECT name, type, default_kind FROM system.columns "
            "WHERE database = 'default' AND table = 'spans'", database="default")
        self.assertEqual([row[:2] for row in rows], COLUMNS)

    def test_04_insert_rowbinary_chunked(self):
        query = "INSERT INTO spans(service, attrs, ts, n) FORMAT RowBinary"
        body = b"".join(rb_row(*row) for row in ROWS[:2])
        self.assertEqual(self.ok(params={"query": query}, body=body, chunked=True), b"")
        self.assertEqual(self.ok("SELECT count() FROM spans"), b"2\n")

    def test_05_insert_rbwnat(self):
        query = f"INSERT INTO spans(service, attrs, ts, n) FORMAT {RBWNAT}"
        body = rbwnat_header(COLUMNS) + rb_row(*ROWS[2])
        self.ok(params={"query": query, "async_insert": "1", "wait_for_async_insert": "1",
                        "input_format_binary_read_json_as_string": "1",
                        "insert_deduplication_token": "t-05"}, body=body)
        self.assertEqual(self.ok("SELECT count() FROM spans"), b"3\n")

    def test_06_insert_lz4_decompress(self):
        query = f"INSERT INTO spans(service, attrs, ts, n) FORMAT {RBWNAT}"
        raw = rbwnat_header(COLUMNS) + rb_row(*ROWS[3])
        body = adapter.compress_blocks(raw)
        self.assertEqual(body[16], 0x82)  # an LZ4 block, not a pass-through
        corrupt = body[:-1] + bytes([body[-1] ^ 1])
        status, headers, text = self.request(
            params={"query": query, "decompress": "1"}, body=corrupt)
        self.assertNotEqual(status, 200)
        self.assertEqual(headers["X-ClickHouse-Exception-Code"], "40", text)
        self.assertEqual(self.ok("SELECT count() FROM spans"), b"3\n")
        self.ok(params={"query": query, "decompress": "1"}, body=body, chunked=True)
        self.assertEqual(self.ok("SELECT count() FROM spans"), b"4\n")

    def test_07_select_back(self):
        header, rows = self.select_rows("SELECT service, attrs, ts, n FROM spans ORDER BY n")
        self.assertEqual(header, COLUMNS)
        self.assertEqual(rows, ROWS)

    def test_08_select_compressed(self):
        params = {"default_format": RBWNAT, "compress": "1", "wait_end_of_query": "1",
                  "output_format_binary_write_json_as_string": "1", "session_id": "s1"}
        data = self.ok("SELECT n FROM spans ORDER BY n", params=params)
        self.assertEqual(data[16], 0x82)
        self.assertEqual(decode_rbwnat(adapter.decompress_blocks(data)),
                         ([("n", "UInt64")], [(1,), (2,), (3,), (4,)]))

    def test_09_multipart_params(self):
        # "--test-boundary-7" inside a value is legal; only CRLF + it delimits.
        tricky = "it's a \"quote\", a back\\slash\\, a\ttab, --test-boundary-7 and 'more'"
        sql = ("SELECT {x:String} AS x, {n:UInt64} AS n, "
               "(SELECT count() FROM spans WHERE service = {svc:String}) AS c")
        body, content_type = multipart(
            {"query": sql, "param_x": escaped(tricky), "param_n": "42", "param_svc": "checkout"})
        data = self.ok(params={"default_format": RBWNAT}, body=body,
                       headers={"Content-Type": content_type})
        header, rows = decode_rbwnat(data)
        self.assertEqual(header, [("x", "String"), ("n", "UInt64"), ("c", "Nullable(UInt64)")])
        self.assertEqual(rows, [(tricky, 42, 2)])

    def test_10_url_params(self):
        sql = "SELECT n FROM spans WHERE service = {svc:String} ORDER BY n"
        header, rows = self.select_rows(sql, param_svc="checkout")
        self.assertEqual(rows, [(1,), (3,)])

    def test_11_unknown_table_error(self):
        status, headers, body = self.request(body=b"SELECT * FROM no_such_table")
        self.assertNotEqual(status, 200)
        self.assertEqual(headers["X-ClickHouse-Exception-Code"], "60")
        self.assertIn(b"Code: 60. DB::Exception:", body)
        self.assertIn(b"(UNKNOWN_TABLE)", body)

    def test_12_unknown_setting_error(self):
        status, headers, body = self.request(params={"no_such_setting": "1"}, body=b"SELECT 1")
        self.assertNotEqual(status, 200)
        self.assertEqual(headers["X-ClickHouse-Exception-Code"], "115")
        self.assertIn(b"Code: 115.", body)

    def test_13_settings_last_one_request(self):
        sql = "SELECT value FROM system.settings WHERE name = 'max_threads'"
        self.assertEqual(self.ok(sql, params={"max_threads": "3"}), b"3\n")
        self.assertNotEqual(self.ok(sql), b"3\n")

    def test_14_database_parameter(self):
        self.ok("CREATE DATABASE IF NOT EXISTS other")
        self.assertEqual(self.ok("SELECT currentDatabase()", params={"database": "other"}),
                         b"other\n")
        self.assertEqual(self.ok("SELECT currentDatabase()"), b"default\n")

    def test_15_crate_lz4_vector(self):
        # From the `clickhouse` crate's `it_compresses` test (src/compression/lz4.rs).
        source = bytes([1, 0, 2, 255, 255, 255, 255, 0, 1, 1, 1, 115, 6, 83, 116, 114, 105, 110,
                        103, 3, 97, 98, 99])
        framed = bytes([245, 5, 222, 235, 225, 158, 59, 108, 225, 31, 65, 215, 66, 66, 36, 92,
                        130, 34, 0, 0, 0, 23, 0, 0, 0, 240, 8, 1, 0, 2, 255, 255, 255, 255, 0, 1,
                        1, 1, 115, 6, 83, 116, 114, 105, 110, 103, 3, 97, 98, 99])
        self.assertEqual(struct.pack("<QQ", *adapter.cityhash128(framed[16:])), framed[:16])
        self.assertEqual(adapter.decompress_blocks(framed), source)
        self.assertEqual(adapter.compress_blocks(source), framed)

    def test_16_concurrent_requests_keep_their_settings(self):
        # Settings are SET in one shared chDB session, so requests must not
        # overlap; each must see exactly its own value.
        sql = "SELECT value FROM system.settings WHERE name = 'max_block_size'"
        wrong = []

        def worker(worker_id):
            for i in range(10):
                value = str(10_000 + worker_id * 100 + i)
                status, _, body = self.request(params={"max_block_size": value},
                                               body=sql.encode())
                if (status, body) != (200, f"{value}\n".encode()):
                    wrong.append((value, status, body))

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(wrong, [])

    def test_99_clean_shutdown(self):
        # An idle keep-alive connection, as the crate's pool leaves, must not
        # hold up the shutdown.
        idle = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        idle.request("POST", "/", body=b"SELECT 1")
        self.assertEqual(idle.getresponse().read(), b"1\n")
        self.proc.send_signal(signal.SIGTERM)
        self.assertEqual(self.proc.wait(timeout=10), 0)
        idle.close()
        self.assertEqual(self.proc.stdout.read(), "")  # only the one "listening" line
        print(f"\nadapter smoke test took {time.monotonic() - self.started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
