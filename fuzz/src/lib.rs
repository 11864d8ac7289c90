//! What the fuzz targets check. Each check takes the fuzzer's raw bytes and panics when a
//! property fails; the cargo-fuzz targets under `targets/` call them, and `tests/corpus.rs`
//! replays the committed corpus through them on stable Rust, so every input the fuzzer ever
//! kept (and every crash it found) stays a regression test.
//!
//! Checks go beyond "does not panic": decoded data must survive the pipeline's validation,
//! redaction and queue encoding with counts intact; the decompressors must return exactly the
//! packed bytes or refuse them by size; the receivers must answer a 4xx or a gRPC code that
//! names the client's fault, never a 5xx, for anything a client can send.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed property is a panic by design

use std::io::Write;
use std::sync::{Arc, OnceLock};

use async_trait::async_trait;
use axum::Router;
use axum::body::Body;
use http::{Method, Request, StatusCode};
use http_body_util::{BodyExt, Limited};
use ophion_core::otlp::collector::logs::v1::ExportLogsServiceResponse;
use ophion_core::otlp::collector::metrics::v1::ExportMetricsServiceResponse;
use ophion_core::otlp::collector::trace::v1::ExportTraceServiceResponse;
use ophion_core::{Batch, ErrorKind, Ingest, IngestReceipt, Payload, Signal, TenantId};
use ophion_pipeline::inspect::{ValueCheck, inspect};
use ophion_pipeline::processors::{self, ProcessStats, Processor};
use ophion_pipeline::validate::validate;
use ophion_receiver::codec::{self, Format};
use ophion_receiver::compression::{self, Encoding};
use ophion_receiver::{OtlpExport, ReceiverConfig, grpc, http as otlp_http};
use prost::Message;
use tower::ServiceExt;

/// A check: panics when the input breaks a property.
pub type Check = fn(&[u8]);

/// Every target: its name (the cargo-fuzz target and corpus directory) and its check.
pub const TARGETS: &[(&str, Check)] = &[
    ("decode_traces_protobuf", decode_traces_protobuf),
    ("decode_metrics_protobuf", decode_metrics_protobuf),
    ("decode_logs_protobuf", decode_logs_protobuf),
    ("decode_traces_json", decode_traces_json),
    ("decode_metrics_json", decode_metrics_json),
    ("decode_logs_json", decode_logs_json),
    ("decompress", decompress),
    ("http_handler", http_handler),
];

pub fn decode_traces_protobuf(data: &[u8]) {
    decode(Signal::Traces, Format::Protobuf, data);
}

pub fn decode_metrics_protobuf(data: &[u8]) {
    decode(Signal::Metrics, Format::Protobuf, data);
}

pub fn decode_logs_protobuf(data: &[u8]) {
    decode(Signal::Logs, Format::Protobuf, data);
}

pub fn decode_traces_json(data: &[u8]) {
    decode(Signal::Traces, Format::Json, data);
}

pub fn decode_metrics_json(data: &[u8]) {
    decode(Signal::Metrics, Format::Json, data);
}

pub fn decode_logs_json(data: &[u8]) {
    decode(Signal::Logs, Format::Json, data);
}

/// Decoding either succeeds or is the client's fault; what decodes goes through the pipeline.
/// Protobuf also goes through inspection, which must never vouch for what the pipeline would
/// refuse or change.
fn decode(signal: Signal, format: Format, data: &[u8]) {
    if format == Format::Protobuf {
        for processors in [processors(), strict_processors()] {
            inspection_is_conservative(signal, data, processors);
        }
    }
    match codec::decode(signal, format, data) {
        Ok(payload) => {
            assert_eq!(payload.signal(), signal);
            prepare(Batch::new(TenantId::default_tenant(), payload));
        }
        Err(err) => assert_eq!(err.kind, ErrorKind::InvalidInput, "{err}"),
    }
}

pub fn processors() -> &'static [Box<dyn Processor>] {
    static PROCESSORS: OnceLock<Vec<Box<dyn Processor>>> = OnceLock::new();
    PROCESSORS.get_or_init(|| processors::default_processors().expect("default processors"))
}

/// Redaction with everything on, allow- and deny-listed keys, and a custom pattern.
pub fn strict_processors() -> &'static [Box<dyn Processor>] {
    static PROCESSORS: OnceLock<Vec<Box<dyn Processor>>> = OnceLock::new();
    PROCESSORS.get_or_init(|| {
        let config = r#"[{"redact": {"emails": true, "deny_keys": ["user"],
            "allow_keys": ["session.token"], "patterns": [{"name": "ticket", "regex": "T-[0-9]+"}]}}]"#;
        processors::build(&serde_json::from_str::<Vec<_>>(config).unwrap()).unwrap()
    })
}

/// When inspection vouches for a request, prost decodes it, with as many items as inspection
/// counted, validation rejects nothing and the processors change nothing; the queue record
/// made from the bytes decodes to that same batch. Returns whether inspection vouched.
pub fn inspection_is_conservative(
    signal: Signal,
    data: &[u8],
    processors: &[Box<dyn Processor>],
) -> bool {
    let checks: Option<Vec<&dyn ValueCheck>> = processors.iter().map(|p| p.value_check()).collect();
    let Some(items) = inspect(signal, data, &checks.expect("redaction checks encoded values"))
    else {
        return false;
    };
    let payload = Payload::from_protobuf(signal, data).expect("inspection vouched for bad bytes");
    let tenant = TenantId::default_tenant();
    let mut batch = Batch::new(tenant.clone(), payload);
    let received = batch.clone();
    assert_eq!(batch.item_count(), items, "inspection miscounted");
    assert_eq!(validate(&mut batch).rejected, 0, "inspection vouched for invalid items");
    for processor in processors {
        assert_eq!(processor.process(&mut batch), ProcessStats::default(), "{}", processor.name());
    }
    // Encoded, so that a NaN compares equal to itself.
    assert_eq!(
        batch.encode(),
        received.encode(),
        "inspection vouched for a request the pipeline changes"
    );
    let record = Batch::encode_protobuf(&tenant, signal, data);
    assert_eq!(
        Batch::decode(&record).unwrap().encode(),
        received.encode(),
        "the record is the request"
    );
    true
}

/// What the pipeline does before the queue, with its invariants: validation removes exactly
/// what it counts, redaction removes nothing and is idempotent, queue records round-trip.
fn prepare(mut batch: Batch) -> IngestReceipt {
    let total = batch.item_count();
    let validation = validate(&mut batch);
    assert!(validation.rejected <= total);
    assert_eq!(batch.item_count(), total - validation.rejected, "validation drops what it counts");
    assert_eq!(validation.rejected > 0, validation.reason.is_some());
    for processor in processors() {
        assert_eq!(processor.process(&mut batch).dropped, 0, "{} dropped items", processor.name());
    }
    assert_eq!(batch.item_count(), total - validation.rejected);
    for processor in processors() {
        let again = processor.process(&mut batch);
        assert_eq!(again.redacted, 0, "{} is not idempotent", processor.name());
    }
    let record = batch.encode();
    let back = Batch::decode(&record).expect("a queue record decodes");
    assert_eq!(back.encode(), record, "queue records round-trip");
    IngestReceipt {
        accepted: total - validation.rejected,
        rejected: validation.rejected,
        message: validation.reason,
    }
}

const ENCODINGS: [Encoding; 3] = [Encoding::Identity, Encoding::Gzip, Encoding::Zstd];

/// Input: encoding selector, limit in 64-byte steps, then the bytes.
pub fn decompress(data: &[u8]) {
    let [selector, limit, input @ ..] = data else { return };
    let encoding = ENCODINGS[usize::from(*selector) % ENCODINGS.len()];
    let limit = usize::from(*limit) * 64;
    // The bytes as a stream: whatever comes out respects the limit.
    match compression::decompress(encoding, input, limit) {
        Ok(out) => assert!(out.len() <= limit, "{} bytes out, limit {limit}", out.len()),
        Err(err) => assert!(matches!(err.kind, ErrorKind::InvalidInput | ErrorKind::TooLarge)),
    }
    // The bytes packed properly: exactly them back, or refused for size.
    let packed = pack(encoding, input);
    match compression::decompress(encoding, &packed, limit) {
        Ok(out) => assert_eq!(&*out, input),
        Err(err) => {
            assert_eq!(err.kind, ErrorKind::TooLarge, "{err}");
            assert!(input.len() > limit);
        }
    }
}

fn pack(encoding: Encoding, data: &[u8]) -> Vec<u8> {
    match encoding {
        Encoding::Identity => data.to_vec(),
        Encoding::Gzip => {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(data).unwrap();
            enc.finish().unwrap()
        }
        Encoding::Zstd => zstd::encode_all(data, 1).unwrap(),
    }
}

/// Accepts everything it is given, after the same checks as [`decode`].
struct CheckedIngest;

#[async_trait]
impl Ingest for CheckedIngest {
    async fn ingest(&self, batch: Batch) -> ophion_core::Result<IngestReceipt> {
        Ok(prepare(batch))
    }
}

const PATHS: [&str; 8] = [
    "/v1/traces",
    "/v1/metrics",
    "/v1/logs",
    grpc::TRACES_PATH,
    grpc::METRICS_PATH,
    grpc::LOGS_PATH,
    "/v1/profiles",
    "/",
];

const CONTENT_TYPES: [Option<&str>; 8] = [
    Some("application/x-protobuf"),
    Some("application/json"),
    Some("Application/JSON; charset=utf-8"),
    Some("application/grpc"),
    Some("application/grpc+proto"),
    Some("text/plain"),
    None,
    Some("application/x-protobuf, application/json"),
];

/// The `Content-Encoding` (or `grpc-encoding`) header and how the body is packed to match.
const CONTENT_ENCODINGS: [(Option<&str>, Encoding); 8] = [
    (None, Encoding::Identity),
    (Some("identity"), Encoding::Identity),
    (Some("gzip"), Encoding::Gzip),
    (Some("zstd"), Encoding::Zstd),
    (Some("gzip"), Encoding::Identity), // claims gzip, is not
    (Some("ZSTD"), Encoding::Identity),
    (Some("br"), Encoding::Identity),
    (Some("gzip, zstd"), Encoding::Gzip),
];

/// Small limits so that the fuzzer reaches the size checks.
const LIMIT: usize = 64 << 10;

struct Receivers {
    runtime: tokio::runtime::Runtime,
    http: Router,
    grpc: Router,
}

fn receivers() -> &'static Receivers {
    static RECEIVERS: OnceLock<Receivers> = OnceLock::new();
    RECEIVERS.get_or_init(|| {
        let config = ReceiverConfig { max_grpc_message_bytes: LIMIT, max_http_body_bytes: LIMIT };
        let export = OtlpExport::new(
            Arc::new(CheckedIngest),
            config,
            Arc::new(ophion_core::auth::NoAuth),
            Arc::new(ophion_core::limit::Limiter::new(|_| None)),
        );
        Receivers {
            runtime: tokio::runtime::Builder::new_current_thread().build().unwrap(),
            http: otlp_http::router(export.clone()),
            grpc: grpc::router(export),
        }
    })
}

/// Input: path/method byte, content-type byte, encoding/framing byte, then the body. Whatever
/// a client sends, the answer is success or the client's fault, never the server's.
pub fn http_handler(data: &[u8]) {
    let [route, content_type, encoding, body @ ..] = data else { return };
    let path = PATHS[usize::from(*route) % PATHS.len()];
    let method = if route & 0x80 == 0 { Method::POST } else { Method::GET };
    let content_type = CONTENT_TYPES[usize::from(*content_type) % CONTENT_TYPES.len()];
    let (encoding_header, packing) = CONTENT_ENCODINGS[usize::from(*encoding) % 8];
    let is_grpc = path.starts_with("/opentelemetry");
    let mut body = pack(packing, body);
    if is_grpc && encoding & 0x80 == 0 {
        // A proper length-prefixed message; with the high bit set the fuzzer's bytes go raw.
        let compressed = u8::from(packing != Encoding::Identity);
        let mut framed = vec![compressed];
        framed.extend_from_slice(&(body.len() as u32).to_be_bytes());
        framed.extend_from_slice(&body);
        body = framed;
    }

    let mut request = Request::builder().method(method.clone()).uri(path);
    if let Some(value) = content_type {
        request = request.header("content-type", value);
    }
    if let Some(value) = encoding_header {
        request = request.header(if is_grpc { "grpc-encoding" } else { "content-encoding" }, value);
    }
    let request = request.body(Body::from(body)).unwrap();
    let receivers = receivers();
    let router = if is_grpc { &receivers.grpc } else { &receivers.http };
    receivers.runtime.block_on(async {
        let response = router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let grpc_header = response.headers().get("grpc-status").cloned();
        let collected = read(response.into_body()).await;
        if is_grpc && method == Method::GET {
            // Not a gRPC call at all: plain HTTP's answer.
            assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
        } else if is_grpc {
            assert_eq!(status, StatusCode::OK);
            let code = grpc_header
                .or_else(|| collected.trailers().and_then(|t| t.get("grpc-status").cloned()))
                .expect("every gRPC answer carries grpc-status");
            // 0 OK, 3 INVALID_ARGUMENT, 8 RESOURCE_EXHAUSTED, 12 UNIMPLEMENTED.
            let code = code.to_str().unwrap();
            assert!(["0", "3", "8", "12"].contains(&code), "gRPC status {code} for client input");
        } else {
            assert!(!status.is_server_error(), "{status} for client input");
            if status == StatusCode::OK {
                check_http_success(path, content_type, &collected.to_bytes());
            }
        }
    });
}

#[allow(clippy::disallowed_methods)] // collect() on a Limited body
async fn read(body: Body) -> http_body_util::Collected<axum::body::Bytes> {
    Limited::new(body, 1 << 20).collect().await.unwrap()
}

/// A 200 carries an export response in the request's format.
fn check_http_success(path: &str, content_type: Option<&str>, body: &[u8]) {
    let format = Format::from_content_type(content_type).unwrap();
    if format == Format::Json {
        assert!(body.first() == Some(&b'{'), "JSON success body");
        return;
    }
    let decoded = match path {
        "/v1/traces" => ExportTraceServiceResponse::decode(body).map(drop),
        "/v1/metrics" => ExportMetricsServiceResponse::decode(body).map(drop),
        _ => ExportLogsServiceResponse::decode(body).map(drop),
    };
    decoded.unwrap();
}
