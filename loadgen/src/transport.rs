//! Sending one pre-encoded request and classifying the answer the way the OTLP spec tells an
//! exporter to: success (with partial-success rejected counts), retryable (HTTP 429/502/503/504,
//! gRPC `UNAVAILABLE`, or `RESOURCE_EXHAUSTED` carrying `RetryInfo`) with the server's delay
//! hint, or failed.
//!
//! gRPC is unary over HTTP/2 with prior knowledge (hyper-util's client, `http2_only`); OTLP/HTTP
//! uses HTTP/1.1 keep-alive connections.

use std::time::Duration;

use base64::Engine as _;
use bytes::Bytes;
use clap::ValueEnum;
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use ophion_core::otlp::collector::logs::v1::ExportLogsServiceResponse;
use ophion_core::otlp::collector::metrics::v1::ExportMetricsServiceResponse;
use ophion_core::otlp::collector::trace::v1::ExportTraceServiceResponse;
use prost::Message as _;

use crate::profile::Signal;

/// The largest response body read (responses are tiny; this only bounds a misbehaving server).
const MAX_RESPONSE_BYTES: usize = 1 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Protocol {
    /// OTLP/gRPC (HTTP/2, prior knowledge).
    Grpc,
    /// OTLP/HTTP with protobuf bodies.
    HttpProtobuf,
    /// OTLP/HTTP with JSON bodies.
    HttpJson,
}

pub type HttpClient = Client<HttpConnector, Full<Bytes>>;

pub fn client(protocol: Protocol) -> HttpClient {
    let mut connector = HttpConnector::new();
    connector.set_nodelay(true);
    Client::builder(TokioExecutor::new()).http2_only(protocol == Protocol::Grpc).build(connector)
}

/// Where and how to send: the full URI and the fixed headers.
#[derive(Clone)]
pub struct Target {
    pub uri: http::Uri,
    pub protocol: Protocol,
    pub signal: Signal,
    pub gzip: bool,
}

impl Target {
    /// `endpoint` is the base URL (`http://host:port`); the path comes from signal and protocol.
    pub fn new(
        endpoint: &str,
        protocol: Protocol,
        signal: Signal,
        gzip: bool,
    ) -> anyhow::Result<Self> {
        let path = match (protocol, signal) {
            (Protocol::Grpc, Signal::Traces) => {
                "/opentelemetry.proto.collector.trace.v1.TraceService/Export"
            }
            (Protocol::Grpc, Signal::Logs) => {
                "/opentelemetry.proto.collector.logs.v1.LogsService/Export"
            }
            (Protocol::Grpc, Signal::Metrics) => {
                "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export"
            }
            (_, Signal::Traces) => "/v1/traces",
            (_, Signal::Logs) => "/v1/logs",
            (_, Signal::Metrics) => "/v1/metrics",
        };
        let uri = format!("{}{path}", endpoint.trim_end_matches('/')).parse()?;
        Ok(Target { uri, protocol, signal, gzip })
    }

    fn request(&self, body: Bytes) -> Result<http::Request<Full<Bytes>>, http::Error> {
        let mut req = http::Request::post(self.uri.clone());
        req = match self.protocol {
            Protocol::Grpc => {
                let req = req.header("content-type", "application/grpc").header("te", "trailers");
                if self.gzip { req.header("grpc-encoding", "gzip") } else { req }
            }
            Protocol::HttpProtobuf | Protocol::HttpJson => {
                let content_type = if self.protocol == Protocol::HttpJson {
                    "application/json"
                } else {
                    "application/x-protobuf"
                };
                let req = req.header("content-type", content_type);
                if self.gzip { req.header("content-encoding", "gzip") } else { req }
            }
        };
        req.body(Full::new(body))
    }
}

/// What one attempt came to.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    /// The server took the request; it rejected this many of its items (partial success).
    Accepted { rejected: u64 },
    /// Retryable per the OTLP spec; `after` is the server's hint (Retry-After / RetryInfo).
    Retry { after: Option<Duration>, reason: String },
    /// Not retryable, or the transport failed.
    Failed { reason: String },
}

pub async fn send(client: &HttpClient, target: &Target, body: Bytes) -> Outcome {
    let req = match target.request(body) {
        Ok(req) => req,
        Err(e) => return Outcome::Failed { reason: format!("building request: {e}") },
    };
    let resp = match client.request(req).await {
        Ok(resp) => resp,
        Err(e) => return Outcome::Failed { reason: format!("transport: {}", chain(&e)) },
    };
    let status = resp.status();
    let (parts, body) = resp.into_parts();
    // Capped by `Limited` (MAX_RESPONSE_BYTES).
    #[allow(clippy::disallowed_methods)]
    let collected = match Limited::new(body, MAX_RESPONSE_BYTES).collect().await {
        Ok(c) => c,
        Err(e) => return Outcome::Failed { reason: format!("reading response: {e}") },
    };
    let trailers = collected.trailers().cloned().unwrap_or_default();
    let data = collected.to_bytes();
    match target.protocol {
        Protocol::Grpc => {
            let get = |name: &str| {
                trailers.get(name).or_else(|| parts.headers.get(name)).and_then(|v| v.to_str().ok())
            };
            let Some(code) = get("grpc-status").and_then(|s| s.parse::<i32>().ok()) else {
                return Outcome::Failed { reason: format!("HTTP {status} without grpc-status") };
            };
            let retry_info = get("grpc-status-details-bin").and_then(retry_info_delay);
            match code {
                0 => {
                    let message = data.get(5..).unwrap_or_default();
                    Outcome::Accepted { rejected: rejected_protobuf(target.signal, message) }
                }
                14 => Outcome::Retry { after: retry_info, reason: "gRPC UNAVAILABLE".into() },
                8 if retry_info.is_some() => {
                    Outcome::Retry { after: retry_info, reason: "gRPC RESOURCE_EXHAUSTED".into() }
                }
                code => Outcome::Failed {
                    reason: format!("gRPC status {code}: {}", get("grpc-message").unwrap_or("")),
                },
            }
        }
        Protocol::HttpProtobuf | Protocol::HttpJson => match status.as_u16() {
            200..=299 => Outcome::Accepted {
                rejected: if target.protocol == Protocol::HttpJson {
                    rejected_json(&data)
                } else {
                    rejected_protobuf(target.signal, &data)
                },
            },
            429 | 502 | 503 | 504 => Outcome::Retry {
                after: parts
                    .headers
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|s| s.trim().parse::<u64>().ok())
                    .map(Duration::from_secs),
                reason: format!("HTTP {}", status.as_u16()),
            },
            code => Outcome::Failed { reason: format!("HTTP {code}") },
        },
    }
}

/// An error and its sources, `: `-separated (hyper-util's own message hides the cause).
fn chain(error: &dyn std::error::Error) -> String {
    let mut out = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        out.push_str(": ");
        out.push_str(&e.to_string());
        source = e.source();
    }
    out
}

/// `rejected_<signal>` of a protobuf export response (0 when absent or undecodable).
pub fn rejected_protobuf(signal: Signal, message: &[u8]) -> u64 {
    let rejected = match signal {
        Signal::Traces => ExportTraceServiceResponse::decode(message)
            .ok()
            .and_then(|r| r.partial_success)
            .map(|p| p.rejected_spans),
        Signal::Logs => ExportLogsServiceResponse::decode(message)
            .ok()
            .and_then(|r| r.partial_success)
            .map(|p| p.rejected_log_records),
        Signal::Metrics => ExportMetricsServiceResponse::decode(message)
            .ok()
            .and_then(|r| r.partial_success)
            .map(|p| p.rejected_data_points),
    };
    rejected.unwrap_or(0).max(0) as u64
}

/// `partialSuccess.rejected*` of an OTLP/JSON response (an int64 may be a string or a number).
pub fn rejected_json(body: &[u8]) -> u64 {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else { return 0 };
    let Some(partial) = value.get("partialSuccess").and_then(|p| p.as_object()) else { return 0 };
    partial
        .iter()
        .filter(|(k, _)| k.starts_with("rejected"))
        .filter_map(|(_, v)| v.as_u64().or_else(|| v.as_str().and_then(|s| s.parse().ok())))
        .sum()
}

#[derive(Clone, PartialEq, prost::Message)]
struct RpcStatus {
    #[prost(int32, tag = "1")]
    code: i32,
    #[prost(string, tag = "2")]
    message: String,
    #[prost(message, repeated, tag = "3")]
    details: Vec<ProtoAny>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct ProtoAny {
    #[prost(string, tag = "1")]
    type_url: String,
    #[prost(bytes = "vec", tag = "2")]
    value: Vec<u8>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct RetryInfo {
    #[prost(message, optional, tag = "1")]
    retry_delay: Option<ProtoDuration>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct ProtoDuration {
    #[prost(int64, tag = "1")]
    seconds: i64,
    #[prost(int32, tag = "2")]
    nanos: i32,
}

/// The delay of a `google.rpc.RetryInfo` inside `grpc-status-details-bin` (base64 of
/// `google.rpc.Status`).
pub fn retry_info_delay(details_bin: &str) -> Option<Duration> {
    let raw = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(details_bin.trim_end_matches('='))
        .ok()?;
    let status = RpcStatus::decode(raw.as_slice()).ok()?;
    let any = status.details.iter().find(|d| d.type_url.ends_with("google.rpc.RetryInfo"))?;
    let delay = RetryInfo::decode(any.value.as_slice()).ok()?.retry_delay?;
    Some(Duration::new(delay.seconds.max(0) as u64, delay.nanos.max(0) as u32))
}

/// Encode a `google.rpc.Status` carrying `RetryInfo`, as a server would (for tests).
pub fn encode_retry_info(code: i32, delay: Duration) -> String {
    let info = RetryInfo {
        retry_delay: Some(ProtoDuration {
            seconds: delay.as_secs() as i64,
            nanos: delay.subsec_nanos() as i32,
        }),
    };
    let status = RpcStatus {
        code,
        message: String::new(),
        details: vec![ProtoAny {
            type_url: "type.googleapis.com/google.rpc.RetryInfo".into(),
            value: info.encode_to_vec(),
        }],
    };
    base64::engine::general_purpose::STANDARD_NO_PAD.encode(status.encode_to_vec())
}
