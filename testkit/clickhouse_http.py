#!/usr/bin/env python3
"""A ClickHouse HTTP endpoint for tests, backed by the in-process chDB engine.

Why this exists: Ophion's ClickHouse sink and query paths talk to ClickHouse
through the Rust `clickhouse` crate (0.15, RowBinary over HTTP). Test machines
have no ClickHouse server and no Docker, but the PyPI package `chdb-core`
(pin: chdb-core==26.9.0) ships the ClickHouse 26 engine as a library. This file
puts a small HTTP server in front of one chDB session so tests can point the
crate at it. When OPHION_TEST_CLICKHOUSE_URL is set, tests use that real
server instead and this adapter is not started.

Usage:
    python testkit/clickhouse_http.py --port 0 --path DIR

It binds 127.0.0.1, prints exactly one line `listening on http://127.0.0.1:PORT`
once ready, and serves until SIGTERM or SIGINT. Data lives in DIR, so databases
and tables persist across requests (and across restarts on the same DIR).

The subset of ClickHouse's HTTP interface it speaks:
  * `GET /ping` and `GET /` without a query answer `Ok.\\n`.
  * SQL comes from the URL `query` parameter, the request body, both (URL text,
    a newline, then the body, as ClickHouse does), or a `multipart/form-data`
    body with a `query` field. GET and POST behave the same.
  * `param_<name>` (URL or multipart field) binds `{name:Type}` server-side
    parameters; values use ClickHouse's escaped text format, as on a server.
  * `INSERT ... FORMAT <fmt>` / `INSERT ... VALUES` with the rows in the body:
    the rows go to a temporary file loaded with `FROM INFILE`, so any input
    format chDB reads works (RowBinary, RowBinaryWithNamesAndTypes, ...).
  * `default_format` picks the output format when the SQL has no FORMAT clause
    (default TabSeparated); `database` picks the current database.
  * Other URL parameters are ClickHouse settings and are applied for the one
    request (unknown ones fail with code 115, as on a server), except the few
    in IGNORED_PARAMS, which only make sense for a real server.
  * `decompress=1`: the body is ClickHouse's compressed block stream (LZ4 or
    uncompressed blocks, CityHash128 v1.0.2 checksums verified).
    `compress=1`: the response body is sent in the same block format (LZ4).
  * Errors: non-200 status, `X-ClickHouse-Exception-Code` header and a body
    like `Code: 60. DB::Exception: ... (UNKNOWN_TABLE)`.
Not supported: HTTP Content-Encoding (`enable_http_compression`, gzip/zstd
bodies), ZSTD-compressed blocks, sessions (one chDB session serves everyone),
authentication, progress headers, external data tables, streaming results
(each result is buffered in full before it is sent).

Standard library only, plus chdb-core and lz4.
"""

import argparse
import json
import os
import re
import shutil
import signal
import struct
import sys
import tempfile
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import lz4.block

# ---------------------------------------------------------------------------
# Request parameters

# Parameters the adapter itself interprets; they are not ClickHouse settings.
HANDLED_PARAMS = {"query", "database", "default_format", "compress", "decompress"}

# Parameters that are accepted and deliberately not applied, with the reason.
IGNORED_PARAMS = {
    # HTTP-only: results are always buffered in full before the answer, which
    # is exactly what this asks a server to do.
    "wait_end_of_query": "results are always buffered",
    # One chDB session serves every request; there are no server sessions.
    "session_id": "no server sessions",
    "session_timeout": "no server sessions",
    "session_check": "no server sessions",
    # Only labels the query in server logs.
    "query_id": "no query log",
    # chDB has no users, roles or quotas.
    "user": "no authentication",
    "password": "no authentication",
    "quota_key": "no quotas",
    "role": "no access control",
    # Older crates send readonly=1 on fetches as a guard. Applying it would
    # lock the shared session: chDB then refuses to set it back (code 164).
    "readonly": "would lock the shared session",
    # HTTP Content-Encoding is not implemented; a plain body is valid HTTP.
    "enable_http_compression": "no HTTP content encoding",
    "http_zlib_compression_level": "no HTTP content encoding",
    # Server-side HTTP behaviour with no effect on results.
    "send_progress_in_http_headers": "no progress headers",
    "http_headers_progress_interval_ms": "no progress headers",
    "cancel_http_readonly_queries_on_client_close": "queries are not cancellable",
    "buffer_size": "results are always buffered",
}

_SETTING_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class Request:
    """What one HTTP request asks for, independent of how it was encoded."""

    def __init__(self):
        self.text = b""  # SQL, possibly followed by inline INSERT data
        self.params = {}  # {name: value} for {name:Type} placeholders
        self.settings = {}  # ClickHouse settings for this request only
        self.database = "default"
        self.default_format = "TabSeparated"
        self.compress = False

    def take(self, name, value):
        """Sort one URL parameter or multipart field into its place."""
        if name.startswith("param_"):
            self.params[name[len("param_"):]] = value
        elif name == "database":
            self.database = value or "default"
        elif name == "default_format":
            self.default_format = value or "TabSeparated"
        elif name == "compress":
            self.compress = value not in ("", "0")
        elif name in HANDLED_PARAMS or name in IGNORED_PARAMS:
            pass
        else:
            self.settings[name] = value


# ---------------------------------------------------------------------------
# Errors


class ClickHouseError(Exception):
    """An error in ClickHouse's wire shape: a numeric code and its text."""

    def __init__(self, code, text):
        super().__init__(text)
        self.code = code
        self.text = text

    @classmethod
    def make(cls, code, name, message):
        return cls(code, f"Code: {code}. DB::Exception: {message}. ({name})")


_CODE = re.compile(r"Code: (\d+)\. ")

# Roughly HTTPHandler's exceptionCodeToHTTPStatus; the crate only needs non-200.
_STATUS_404 = {46, 47, 50, 56, 60, 73, 81, 115}
_STATUS_400 = {6, 25, 26, 27, 36, 38, 40, 41, 53, 62, 72, 89, 271, 456, 457}


def error_from_exception(exc):
    """chDB messages already start with `Code: N. DB::Exception:`; keep them."""
    if isinstance(exc, ClickHouseError):
        return exc
    text = str(exc).strip()
    match = _CODE.search(text)
    if match:
        return ClickHouseError(int(match.group(1)), text[match.start():])
    return ClickHouseError.make(1000, "POCO_EXCEPTION", f"{type(exc).__name__}: {text}")


def http_status(code):
    if code in _STATUS_404:
        return 404
    if code in _STATUS_400:
        return 400
    return 500


# ---------------------------------------------------------------------------
# CityHash128 v1.0.2, the checksum of ClickHouse's compressed blocks.
# ClickHouse froze this old version; current CityHash gives different values.
# Checked against the `clickhouse` crate's own test vector (see the smoke test)
# and against the clickhouse-cityhash package for lengths 0..600 and larger.

_M64 = (1 << 64) - 1
_K0, _K1 = 0xC3A5C85C97CB3127, 0xB492B66FBE98F273
_K2, _K3 = 0x9AE16A3B2F90404F, 0xC949D7C7509E6557
_KMUL = 0x9DDFEA08EB382D69


def _fetch64(s, i):
    return struct.unpack_from("<Q", s, i)[0]


def _fetch32(s, i):
    return struct.unpack_from("<I", s, i)[0]


def _rotate(v, shift):
    return v if shift == 0 else ((v >> shift) | (v << (64 - shift))) & _M64


def _shift_mix(v):
    return v ^ (v >> 47)


def _hash16(u, v):
    a = ((u ^ v) * _KMUL) & _M64
    a ^= a >> 47
    b = ((v ^ a) * _KMUL) & _M64
    b ^= b >> 47
    return (b * _KMUL) & _M64


def _hash0to16(s, o, n):
    if n > 8:
        a, b = _fetch64(s, o), _fetch64(s, o + n - 8)
        return _hash16(a, _rotate((b + n) & _M64, n)) ^ b
    if n >= 4:
        return _hash16((n + (_fetch32(s, o) << 3)) & _M64, _fetch32(s, o + n - 4))
    if n > 0:
        y = s[o] + (s[o + (n >> 1)] << 8)
        z = n + (s[o + n - 1] << 2)
        return (_shift_mix(((y * _K2) ^ (z * _K3)) & _M64) * _K2) & _M64
    return _K2


def _weak32(s, o, a, b):
    w, x, y, z = struct.unpack_from("<4Q", s, o)
    a = (a + w) & _M64
    b = _rotate((b + a + z) & _M64, 21)
    c = a
    a = (a + x + y) & _M64
    b = (b + _rotate(a, 44)) & _M64
    return (a + z) & _M64, (b + c) & _M64


def _city_murmur(s, o, n, a, b):
    if n <= 16:
        a = (_shift_mix((a * _K1) & _M64) * _K1) & _M64
        c = (b * _K1 + _hash0to16(s, o, n)) & _M64
        d = _shift_mix((a + (_fetch64(s, o) if n >= 8 else c)) & _M64)
    else:
        c = _hash16((_fetch64(s, o + n - 8) + _K1) & _M64, a)
        d = _hash16((b + n) & _M64, (c + _fetch64(s, o + n - 16)) & _M64)
        a = (a + d) & _M64
        left = n - 16
        while left > 0:
            a ^= (_shift_mix((_fetch64(s, o) * _K1) & _M64) * _K1) & _M64
            a = (a * _K1) & _M64
            b ^= a
            c ^= (_shift_mix((_fetch64(s, o + 8) * _K1) & _M64) * _K1) & _M64
            c = (c * _K1) & _M64
            d ^= c
            o += 16
            left -= 16
    a, b = _hash16(a, c), _hash16(d, b)
    return a ^ b, _hash16(b, a)


def _city128_seeded(s, o, n, x, y):
    if n < 128:
        return _city_murmur(s, o, n, x, y)
    z = (n * _K1) & _M64
    v0 = (_rotate(y ^ _K1, 49) * _K1 + _fetch64(s, o)) & _M64
    v1 = (_rotate(v0, 42) * _K1 + _fetch64(s, o + 8)) & _M64
    w0 = (_rotate((y + z) & _M64, 35) * _K1 + x) & _M64
    w1 = (_rotate((x + _fetch64(s, o + 88)) & _M64, 53) * _K1) & _M64
    while n >= 128:  # two 64-byte rounds per 128 bytes, as in city.cc
        for _ in range(2):
            x = (_rotate((x + y + v0 + _fetch64(s, o + 16)) & _M64, 37) * _K1) & _M64
            y = (_rotate((y + v1 + _fetch64(s, o + 48)) & _M64, 42) * _K1) & _M64
            x ^= w1
            y ^= v0
            z = _rotate(z ^ w0, 33)
            v0, v1 = _weak32(s, o, (v1 * _K1) & _M64, (x + w0) & _M64)
            w0, w1 = _weak32(s, o + 32, (z + w1) & _M64, y)
            z, x = x, z
            o += 64
        n -= 128
    y = (y + _rotate(w0, 37) * _K0 + z) & _M64
    x = (x + _rotate((v0 + z) & _M64, 49) * _K0) & _M64
    done = 0
    while done < n:  # up to four 32-byte chunks from the end
        done += 32
        y = (_rotate((y - x) & _M64, 42) * _K0 + v1) & _M64
        w0 = (w0 + _fetch64(s, o + n - done + 16)) & _M64
        x = (_rotate(x, 49) * _K0 + w0) & _M64
        w0 = (w0 + v0) & _M64
        v0, v1 = _weak32(s, o + n - done, v0, v1)
    x, y = _hash16(x, v0), _hash16(y, w0)
    return (_hash16((x + v1) & _M64, w1) + y) & _M64, _hash16((x + w1) & _M64, (y + v1) & _M64)


def cityhash128(data):
    """CityHash128 v1.0.2 as (low64, high64)."""
    s, n = bytes(data), len(data)
    if n >= 16:
        return _city128_seeded(s, 16, n - 16, _fetch64(s, 0) ^ _K3, _fetch64(s, 8))
    if n >= 8:
        seed = (_fetch64(s, 0) ^ ((n * _K0) & _M64), _fetch64(s, n - 8) ^ _K1)
        return _city128_seeded(b"", 0, 0, *seed)
    return _city128_seeded(s, 0, n, _K0, _K1)


# ---------------------------------------------------------------------------
# ClickHouse compressed blocks: 16-byte checksum (low64, high64, little-endian)
# over the rest, method byte, u32 size of header + payload, u32 raw size.

_LZ4, _NONE = 0x82, 0x02
_HEADER = struct.Struct("<BII")
_BLOCK_BYTES = 1 << 20  # ClickHouse's default buffer size


def _checksum(framed):
    return struct.pack("<QQ", *cityhash128(framed))


def compress_blocks(data):
    """Encode `data` as LZ4 blocks, the way a server answers `compress=1`."""
    out = []
    for start in range(0, len(data), _BLOCK_BYTES):
        raw = data[start:start + _BLOCK_BYTES]
        payload = lz4.block.compress(raw, store_size=False)
        framed = _HEADER.pack(_LZ4, _HEADER.size + len(payload), len(raw)) + payload
        out.append(_checksum(framed) + framed)
    return b"".join(out)


def _decode_block(method, payload, raw_size):
    if method == _LZ4:
        return lz4.block.decompress(payload, uncompressed_size=raw_size)
    if method == _NONE:
        return payload
    raise ClickHouseError.make(
        89, "UNKNOWN_COMPRESSION_METHOD", f"Unknown compression method: {method:#x}")


def decompress_blocks(body):
    """Decode a `decompress=1` request body, verifying every checksum."""
    out, pos = [], 0
    while pos < len(body):
        if len(body) - pos < 16 + _HEADER.size:
            raise ClickHouseError.make(271, "CANNOT_DECOMPRESS", "Truncated compressed block")
        method, size, raw_size = _HEADER.unpack_from(body, pos + 16)
        framed = body[pos + 16:pos + 16 + size]
        if size < _HEADER.size or len(framed) != size:
            raise ClickHouseError.make(271, "CANNOT_DECOMPRESS", "Truncated compressed block")
        if _checksum(framed) != body[pos:pos + 16]:
            raise ClickHouseError.make(
                40, "CHECKSUM_DOESNT_MATCH", "Checksum doesn't match: corrupted data")
        try:
            out.append(_decode_block(method, framed[_HEADER.size:], raw_size))
        except lz4.block.LZ4BlockError as exc:
            raise ClickHouseError.make(271, "CANNOT_DECOMPRESS", str(exc)) from exc
        pos += 16 + size
    return b"".join(out)


# ---------------------------------------------------------------------------
# Splitting `INSERT ... FORMAT x <data>` into its SQL and its data.
# The text is handled as latin-1 so that string offsets are byte offsets and
# binary rows after the SQL survive untouched.

_TOKEN = re.compile(
    r"""\s+|--[^\n]*|/\*.*?\*/                   # skipped
      |'(?:[^'\\]|\\.|'')*'                    # string literal
      |`(?:[^`\\]|\\.|``)*`|"(?:[^"\\]|\\.|"")*" # quoted identifier
      |[A-Za-z_][A-Za-z0-9_$]*                 # word
      |\d[\w.]*|.                              # number, punctuation""",
    re.X | re.S,
)


def _top_level_words(text):
    """Yield (WORD, start, end, previous token) for words outside parentheses."""
    depth, prev, pos = 0, "", 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        token, pos = match.group(), match.end()
        if token[0].isspace() or token[:2] in ("--", "/*"):
            continue
        if token in ("(", ")"):
            depth += 1 if token == "(" else -1
        elif depth == 0 and (token[0].isalpha() or token[0] == "_"):
            yield token.upper(), match.start(), pos, prev
        prev = token.upper()


def _data_start(text, pos):
    """ClickHouse's rule: data starts after one newline, or after blanks."""
    while pos < len(text) and text[pos] in " \t\f":
        pos += 1
    if text.startswith("\r", pos):
        pos += 1
    if text.startswith("\n", pos):
        pos += 1
    return pos


def split_insert(raw):
    """Return (sql_before_data, settings_pos, format, data) or None.

    None means "not an INSERT that carries data": run the text as plain SQL.
    `settings_pos` is where a top-level SETTINGS clause starts (FROM INFILE
    must come before it), or None.
    """
    text = raw.decode("latin-1")
    words = _top_level_words(text)
    first = next(words, None)
    if first is None or first[0] != "INSERT":
        return None
    settings_pos = None
    for word, start, end, prev in words:
        if prev in ("INTO", "TABLE", "FUNCTION", "."):
            continue  # a table named like a keyword
        if word == "SETTINGS" and settings_pos is None:
            settings_pos = start
        elif word == "FORMAT":
            fmt = next(words, None)
            if fmt is None:
                return None
            data = raw[_data_start(text, fmt[2]):]
            return raw[:start], settings_pos, text[fmt[1]:fmt[2]], data
        elif word == "VALUES":
            return raw[:start], settings_pos, "Values", raw[end:]
        elif word in ("SELECT", "WITH"):
            return None  # INSERT ... SELECT carries no data
    return None


def sql_string(value):
    """A ClickHouse string literal; backslash and quote are the only specials."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def infile_sql(head, settings_pos, fmt, path):
    """Rewrite the INSERT head (bytes) to read its rows from `path`."""
    if settings_pos is None:
        settings_pos = len(head)
    target = head[:settings_pos].decode("utf-8").rstrip()  # INSERT INTO t(cols)
    settings = head[settings_pos:].decode("utf-8").strip()  # SETTINGS ..., if any
    return " ".join(filter(None, [target, f"FROM INFILE {sql_string(path)}", settings,
                                  f"FORMAT {fmt}"]))


# ---------------------------------------------------------------------------
# The engine: one chDB session, used by one request at a time.


class Engine:
    def __init__(self, path):
        from chdb.session import Session  # imported here so tests can reuse the codecs

        self.session = Session(path)
        # chDB sessions are not safe for concurrent use; serialise every call.
        self.lock = threading.Lock()
        self.tmpdir = tempfile.mkdtemp(prefix="clickhouse-http-")

    def close(self):
        with self.lock:
            self.session.close()
        shutil.rmtree(self.tmpdir, ignore_errors=True)

    def _sql(self, sql, fmt="TabSeparated", params=None):
        return self.session.query(sql, fmt, params=params or None).bytes()

    def execute(self, request):
        """Run one request and return the response body (uncompressed)."""
        with self.lock:
            # Each request starts in its own database, as on a server.
            self._sql(f"USE {quote_identifier(request.database)}")
            saved = self._current_settings(request.settings)
            try:
                self._apply_settings(request.settings)
                return self._run(request)
            finally:
                self._restore_settings(saved)

    def _run(self, request):
        insert = split_insert(request.text)
        if insert is None:
            sql = request.text.decode("utf-8")
            return self._sql(sql, request.default_format, request.params)
        return self._insert_from_file(*insert, request.params)

    def _insert_from_file(self, head, settings_pos, fmt, data, params):
        # chDB has no stdin for INSERT data; FROM INFILE reads the same formats.
        fd, path = tempfile.mkstemp(dir=self.tmpdir, suffix=".data")
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
            return self._sql(infile_sql(head, settings_pos, fmt, path), params=params)
        finally:
            os.unlink(path)

    def _current_settings(self, settings):
        """{name: value, or None where it is at its default} for known names."""
        if not settings:
            return {}
        for name in settings:
            if not _SETTING_NAME.match(name):
                raise ClickHouseError.make(115, "UNKNOWN_SETTING", f"Unknown setting '{name}'")
        names = ", ".join(sql_string(name) for name in settings)
        sql = f"SELECT name, value, changed FROM system.settings WHERE name IN ({names})"
        rows = self._sql(sql, "JSONCompactEachRow").decode()
        saved = {}
        for line in rows.splitlines():
            name, value, changed = json.loads(line)
            saved[name] = value if changed else None
        return saved

    def _apply_settings(self, settings):
        # A SET in the shared session, undone after the request. An unknown
        # name makes it fail with UNKNOWN_SETTING, as on a server.
        if settings:
            assignments = ", ".join(f"{name} = {sql_string(v)}" for name, v in settings.items())
            self._sql(f"SET {assignments}")

    def _restore_settings(self, saved):
        if not saved:
            return
        assignments = ", ".join(
            f"{name} = {'DEFAULT' if value is None else sql_string(value)}"
            for name, value in saved.items())
        try:
            self._sql(f"SET {assignments}")
        except Exception as exc:  # keep serving; report it
            print(f"clickhouse_http: could not restore settings: {exc}", file=sys.stderr)


def quote_identifier(name):
    return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`"


# ---------------------------------------------------------------------------
# HTTP


def parse_multipart(body, content_type):
    """Return {field: value} of a multipart/form-data body (text fields only)."""
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if not match:
        raise ClickHouseError.make(36, "BAD_ARGUMENTS", "multipart body without boundary")
    # Values may contain "--boundary" but never "\r\n--boundary" (RFC 2046),
    # so split on the latter; the leading CRLF makes the first one match too.
    delimiter = b"\r\n--" + match.group(1).encode("latin-1")
    fields = {}
    for part in (b"\r\n" + body).split(delimiter)[1:]:
        if part.startswith(b"--"):
            break  # closing delimiter
        head, _, value = part.partition(b"\r\n\r\n")
        name = re.search(rb'name="([^"]*)"', head)
        if name:
            fields[name.group(1).decode()] = value
    return fields


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the crate's connection pool expects
    engine = None  # set by serve()

    def log_message(self, format, *args):  # noqa: A002 - stdlib signature
        pass  # tests read stdout; per-request logs would only add noise

    def do_GET(self):
        self._handle()

    def do_POST(self):
        self._handle()

    def _handle(self):
        try:
            body = self._read_body()
            url = urllib.parse.urlsplit(self.path)
            pairs = urllib.parse.parse_qsl(url.query, keep_blank_values=True)
            if url.path == "/ping" or (url.path == "/" and not body and not pairs):
                self._reply(200, b"Ok.\n", "text/plain; charset=UTF-8")
                return
            request = self._parse(pairs, body)
            result = self.engine.execute(request)
            self._reply_result(request, result)
        except Exception as exc:  # every failure becomes a ClickHouse-style error
            self._reply_error(error_from_exception(exc))

    def _read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()  # the crate streams INSERT bodies chunked
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _read_chunked(self):
        chunks = []
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(chunks)
            chunks.append(self.rfile.read(size))
            self.rfile.readline()  # CRLF after each chunk

    def _parse(self, pairs, body):
        request = Request()
        for name, value in pairs:
            request.take(name, value)
        query = dict(pairs).get("query", "").encode()
        content_type = self.headers.get("Content-Type", "")
        if content_type.startswith("multipart/form-data"):
            fields = parse_multipart(body, content_type)
            for name, value in fields.items():
                request.take(name, value.decode())
            query, body = fields.get("query", query), b""
        elif dict(pairs).get("decompress", "0") not in ("", "0"):
            body = decompress_blocks(body)
        # ClickHouse reads the URL query, a newline, then the body.
        request.text = query + b"\n" + body if query and body else query or body
        if not request.text.strip():
            raise ClickHouseError.make(62, "SYNTAX_ERROR", "Empty query")
        return request

    def _reply_result(self, request, result):
        if request.compress:
            result = compress_blocks(result)
        binary = request.compress or request.default_format.startswith(("RowBinary", "Native"))
        content_type = "application/octet-stream" if binary else "text/plain; charset=UTF-8"
        self._reply(200, result, content_type)

    def _reply_error(self, error):
        headers = {"X-ClickHouse-Exception-Code": str(error.code)}
        body = (error.text + "\n").encode("utf-8", "replace")
        self._reply(http_status(error.code), body, "text/plain; charset=UTF-8", headers)

    def _reply(self, status, body, content_type, headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


def serve(port, path):
    os.makedirs(path, exist_ok=True)
    Handler.engine = Engine(path)
    # Its handler threads are daemon threads, so idle keep-alive connections
    # (the crate pools them) do not hold up shutdown.
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    # serve_forever runs in a thread so the main thread can call shutdown().
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
    while not stop.wait(0.5):
        pass
    server.shutdown()
    server.server_close()
    Handler.engine.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--path", required=True, help="chDB data directory")
    args = parser.parse_args()
    serve(args.port, args.path)


if __name__ == "__main__":
    main()
