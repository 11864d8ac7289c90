//! OTLP/gRPC: the three `Export` methods, as unary gRPC over HTTP/2.
//!
//! The framing is handled here rather than by generated tonic services so that the size
//! limit applies to the decompressed message (tonic inflates without a cap), oversize is
//! `RESOURCE_EXHAUSTED`, and push-back carries `RetryInfo`. tonic's transport serves it.

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use bytes::{BufMut, Bytes, BytesMut};
use http::{HeaderMap, HeaderValue, header};
use http_body::Frame;
use http_body_util::{BodyExt, Limited, StreamBody};
use ophion_core::{Error, IngestReceipt, Result, Signal};

use crate::codec::{self, Format};
use crate::compression::Encoding;
use crate::export::{OtlpExport, body_read_error, raw_body_cap};
use crate::rpc_status::RpcStatus;

pub const TRACES_PATH: &str = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
pub const METRICS_PATH: &str = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";
pub const LOGS_PATH: &str = "/opentelemetry.proto.collector.logs.v1.LogsService/Export";

/// Routes for tonic's server: `tonic::service::Routes::from(grpc::router(export))`.
pub fn router(export: OtlpExport) -> Router {
    Router::new()
        .route(TRACES_PATH, post(|s, h, b| handle(s, Signal::Traces, h, b)))
        .route(METRICS_PATH, post(|s, h, b| handle(s, Signal::Metrics, h, b)))
        .route(LOGS_PATH, post(|s, h, b| handle(s, Signal::Logs, h, b)))
        .fallback(|| async { status_response(&Error::unsupported_media("unknown gRPC method")) })
        .with_state(export)
}

async fn handle(
    State(export): State<OtlpExport>,
    signal: Signal,
    headers: HeaderMap,
    body: Body,
) -> Response {
    match export_message(&export, signal, &headers, body).await {
        Ok(receipt) => ok_response(codec::encode_response(signal, Format::Protobuf, &receipt)),
        Err(err) => status_response(&err),
    }
}

#[allow(clippy::disallowed_methods)] // collect() on a Limited body
async fn export_message(
    export: &OtlpExport,
    signal: Signal,
    headers: &HeaderMap,
    body: Body,
) -> Result<IngestReceipt> {
    let header_str = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let content_type = header_str("content-type").unwrap_or("");
    if !(content_type == "application/grpc" || content_type.starts_with("application/grpc+proto")) {
        return Err(Error::unsupported_media(format!(
            "unsupported gRPC content type {content_type:?}: use application/grpc"
        )));
    }
    let encoding = Encoding::from_header(header_str("grpc-encoding"))?;
    let tenant = export.admit(headers).await?;
    let limit = export.config().max_grpc_message_bytes;
    let cap = raw_body_cap(limit) + 5;
    let bytes = Limited::new(body, cap)
        .collect()
        .await
        .map_err(|e| body_read_error(e.as_ref(), cap))?
        .to_bytes();
    let (compressed, message) = parse_frame(&bytes, limit)?;
    let encoding = match (compressed, encoding) {
        (false, _) => Encoding::Identity,
        (true, Encoding::Identity) => {
            return Err(Error::invalid("compressed gRPC message without a grpc-encoding header"));
        }
        (true, encoding) => encoding,
    };
    export.export(tenant, signal, Format::Protobuf, encoding, message, limit).await
}

/// A unary request is exactly one length-prefixed message: flag byte, u32 length, bytes.
fn parse_frame(bytes: &[u8], limit: usize) -> Result<(bool, &[u8])> {
    if bytes.len() < 5 {
        return Err(Error::invalid("truncated gRPC frame: missing the 5-byte message header"));
    }
    let compressed = match bytes[0] {
        0 => false,
        1 => true,
        flag => return Err(Error::invalid(format!("invalid gRPC compression flag {flag}"))),
    };
    let len = u32::from_be_bytes([bytes[1], bytes[2], bytes[3], bytes[4]]) as usize;
    if len > raw_body_cap(limit) {
        return Err(Error::too_large(format!(
            "gRPC message of {len} bytes exceeds the limit of {limit}"
        )));
    }
    let rest = &bytes[5..];
    match rest.len().cmp(&len) {
        std::cmp::Ordering::Less => Err(Error::invalid("truncated gRPC message")),
        std::cmp::Ordering::Greater => {
            Err(Error::invalid("unary gRPC call carried more than one message"))
        }
        std::cmp::Ordering::Equal => Ok((compressed, rest)),
    }
}

fn ok_response(message: Vec<u8>) -> Response {
    let mut frame = BytesMut::with_capacity(5 + message.len());
    frame.put_u8(0);
    frame.put_u32(message.len() as u32);
    frame.put_slice(&message);
    let mut trailers = HeaderMap::new();
    trailers.insert("grpc-status", HeaderValue::from_static("0"));
    let frames = [
        Ok::<_, std::convert::Infallible>(Frame::data(frame.freeze())),
        Ok(Frame::trailers(trailers)),
    ];
    let body = StreamBody::new(futures_util::stream::iter(frames));
    let mut response = Response::new(Body::new(body));
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/grpc"));
    response
}

/// A trailers-only error response: status, message and details in the headers.
fn status_response(err: &Error) -> Response {
    let status = RpcStatus::from_error(err);
    let mut response = Response::new(Body::new(http_body_util::Empty::<Bytes>::new()));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/grpc"));
    headers.insert("grpc-status", HeaderValue::from(status.code));
    if let Ok(value) = HeaderValue::from_str(&percent_encode(&status.message)) {
        headers.insert("grpc-message", value);
    }
    if !status.details.is_empty()
        && let Ok(value) = HeaderValue::from_str(&status.to_grpc_details_header())
    {
        headers.insert("grpc-status-details-bin", value);
    }
    if err.kind == ophion_core::ErrorKind::UnsupportedMedia {
        headers.insert("grpc-accept-encoding", HeaderValue::from_static("gzip,zstd,identity"));
    }
    response
}

/// gRPC's percent-encoding for `grpc-message`: printable ASCII except `%` passes through.
fn percent_encode(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for b in message.bytes() {
        if (0x20..=0x7e).contains(&b) && b != b'%' {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_checked_for_truncation_flags_and_size() {
        assert!(parse_frame(&[0, 0, 0], 10).is_err());
        assert!(parse_frame(&[2, 0, 0, 0, 0], 10).is_err());
        assert!(parse_frame(&[0, 0, 0, 0, 3, 1], 10).is_err());
        assert!(parse_frame(&[0, 0, 0, 0, 1, 1, 2], 10).is_err());
        assert_eq!(parse_frame(&[1, 0, 0, 0, 1, 9], 10).unwrap(), (true, &[9u8][..]));
        let huge = [0, 0xff, 0xff, 0xff, 0xff];
        assert_eq!(parse_frame(&huge, 10).unwrap_err().kind, ophion_core::ErrorKind::TooLarge);
    }

    #[test]
    fn grpc_message_is_percent_encoded() {
        assert_eq!(percent_encode("a 100% é"), "a 100%25 %C3%A9");
    }
}
