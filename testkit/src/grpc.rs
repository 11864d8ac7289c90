//! A raw unary gRPC client over HTTP/2 (prior knowledge), reporting status, message,
//! details and the response message exactly as received.

use std::net::SocketAddr;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

pub const TRACES: &str = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
pub const METRICS: &str = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";
pub const LOGS: &str = "/opentelemetry.proto.collector.logs.v1.LogsService/Export";

#[derive(Debug)]
pub struct GrpcReply {
    pub http_status: u16,
    pub grpc_status: Option<i32>,
    pub grpc_message: String,
    pub details_bin: Option<String>,
    /// The response message without its 5-byte frame header.
    pub message: Option<Vec<u8>>,
}

/// Frame `message` as one gRPC length-prefixed message.
pub fn frame(message: &[u8], compressed: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(message.len() + 5);
    out.push(u8::from(compressed));
    out.extend_from_slice(&(message.len() as u32).to_be_bytes());
    out.extend_from_slice(message);
    out
}

/// POST `body` (already framed) to `path` with the given extra headers.
pub async fn call(
    addr: SocketAddr,
    path: &str,
    body: Vec<u8>,
    headers: &[(&str, &str)],
) -> GrpcReply {
    let client = Client::builder(TokioExecutor::new()).http2_only(true).build_http::<Full<Bytes>>();
    let mut req = http::Request::post(format!("http://{addr}{path}"))
        .header("content-type", "application/grpc")
        .header("te", "trailers");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let req = req.body(Full::new(Bytes::from(body))).expect("valid request");
    let resp = client.request(req).await.expect("gRPC transport error");
    let http_status = resp.status().as_u16();
    let head = resp.headers().clone();
    let collected = resp.into_body().collect().await.expect("reading gRPC body");
    let trailers = collected.trailers().cloned().unwrap_or_default();
    let data = collected.to_bytes();
    let get = |name: &str| {
        trailers
            .get(name)
            .or_else(|| head.get(name))
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let message = (data.len() >= 5).then(|| data[5..].to_vec());
    GrpcReply {
        http_status,
        grpc_status: get("grpc-status").and_then(|s| s.parse().ok()),
        grpc_message: get("grpc-message").unwrap_or_default(),
        details_bin: get("grpc-status-details-bin"),
        message,
    }
}
