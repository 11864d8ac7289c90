//! OTLP request decoding and response encoding, protobuf or OTLP/JSON, per signal.
//!
//! OTLP/JSON follows the protobuf JSON mapping with OTLP's exceptions: hex trace/span ids
//! (either case), integer enums, lowerCamelCase keys, 64-bit integers as numbers or strings,
//! unknown fields ignored.
//!
//! Nothing is decoded before [`decoded_size::check`] says it will not take out of proportion
//! more memory decoded than it does as bytes.

pub mod decoded_size;

use ophion_core::otlp::collector::logs::v1::{
    ExportLogsPartialSuccess, ExportLogsServiceRequest, ExportLogsServiceResponse,
};
use ophion_core::otlp::collector::metrics::v1::{
    ExportMetricsPartialSuccess, ExportMetricsServiceRequest, ExportMetricsServiceResponse,
};
use ophion_core::otlp::collector::trace::v1::{
    ExportTracePartialSuccess, ExportTraceServiceRequest, ExportTraceServiceResponse,
};
use ophion_core::{Error, IngestReceipt, Payload, Result, Signal};
use prost::Message;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Protobuf,
    Json,
}

impl Format {
    /// Parse a `Content-Type` header value (parameters such as `charset` ignored).
    pub fn from_content_type(value: Option<&str>) -> Result<Self> {
        let mime = value.unwrap_or("").split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        match mime.as_str() {
            "application/x-protobuf" | "application/protobuf" => Ok(Self::Protobuf),
            "application/json" => Ok(Self::Json),
            _ => Err(Error::unsupported_media(format!(
                "unsupported content type {mime:?}: use application/x-protobuf or application/json"
            ))),
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Protobuf => "application/x-protobuf",
            Self::Json => "application/json",
        }
    }
}

pub(crate) fn malformed_json(err: serde_json::Error) -> Error {
    Error::invalid(format!("malformed OTLP/JSON: {err}"))
}

/// Decode a (decompressed) request, once its decoded size is known to be in proportion.
pub fn decode(signal: Signal, format: Format, bytes: &[u8]) -> Result<Payload> {
    fn from_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T> {
        serde_json::from_slice(bytes).map_err(malformed_json)
    }
    decoded_size::check(signal, format, bytes)?;
    Ok(match (signal, format) {
        (_, Format::Protobuf) => Payload::from_protobuf(signal, bytes)?,
        (Signal::Traces, Format::Json) => {
            Payload::Traces(from_json::<ExportTraceServiceRequest>(bytes)?)
        }
        (Signal::Metrics, Format::Json) => {
            Payload::Metrics(from_json::<ExportMetricsServiceRequest>(bytes)?)
        }
        (Signal::Logs, Format::Json) => {
            Payload::Logs(from_json::<ExportLogsServiceRequest>(bytes)?)
        }
    })
}

/// The export response: `partial_success` is set only when something was rejected.
pub fn encode_response(signal: Signal, format: Format, receipt: &IngestReceipt) -> Vec<u8> {
    let rejected = receipt.rejected as i64;
    let message = receipt.message.clone().unwrap_or_default();
    let partial = receipt.rejected > 0;
    fn out<T: Message + serde::Serialize>(format: Format, msg: &T) -> Vec<u8> {
        match format {
            Format::Protobuf => msg.encode_to_vec(),
            // Serialising a plain struct to a Vec cannot fail.
            Format::Json => serde_json::to_vec(msg).unwrap_or_default(),
        }
    }
    match signal {
        Signal::Traces => out(
            format,
            &ExportTraceServiceResponse {
                partial_success: partial.then_some(ExportTracePartialSuccess {
                    rejected_spans: rejected,
                    error_message: message,
                }),
            },
        ),
        Signal::Metrics => out(
            format,
            &ExportMetricsServiceResponse {
                partial_success: partial.then_some(ExportMetricsPartialSuccess {
                    rejected_data_points: rejected,
                    error_message: message,
                }),
            },
        ),
        Signal::Logs => out(
            format,
            &ExportLogsServiceResponse {
                partial_success: partial.then_some(ExportLogsPartialSuccess {
                    rejected_log_records: rejected,
                    error_message: message,
                }),
            },
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_accepts_hex_ids_in_any_case_and_int64_as_string_or_number() {
        let body = br#"{"resourceSpans":[{"scopeSpans":[{"spans":[
            {"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"eee19b7ec3c1b174",
             "name":"a","kind":2,"startTimeUnixNano":"1544712660000000000",
             "endTimeUnixNano":1544712661000000000,"unknownField":{"x":1}}]}]}]}"#;
        let Payload::Traces(req) = decode(Signal::Traces, Format::Json, body).unwrap() else {
            panic!("wrong signal")
        };
        let span = &req.resource_spans[0].scope_spans[0].spans[0];
        assert_eq!(hex::encode(&span.trace_id), "5b8efff798038103d269b633813fc60c");
        assert_eq!(span.kind, 2);
        assert_eq!(span.start_time_unix_nano, 1_544_712_660_000_000_000);
        assert_eq!(span.end_time_unix_nano, 1_544_712_661_000_000_000);
    }

    #[test]
    fn content_types_are_recognised_with_parameters() {
        assert_eq!(
            Format::from_content_type(Some("application/json; charset=utf-8")).unwrap(),
            Format::Json
        );
        assert_eq!(
            Format::from_content_type(Some("application/x-protobuf")).unwrap(),
            Format::Protobuf
        );
        assert!(Format::from_content_type(Some("text/plain")).is_err());
        assert!(Format::from_content_type(None).is_err());
    }

    #[test]
    fn full_success_leaves_partial_success_unset() {
        let body = encode_response(Signal::Logs, Format::Protobuf, &IngestReceipt::default());
        let resp = ExportLogsServiceResponse::decode(&body[..]).unwrap();
        assert!(resp.partial_success.is_none());
        let receipt = IngestReceipt { accepted: 1, rejected: 2, message: Some("bad".into()) };
        let body = encode_response(Signal::Logs, Format::Protobuf, &receipt);
        let resp = ExportLogsServiceResponse::decode(&body[..]).unwrap();
        assert_eq!(resp.partial_success.unwrap().rejected_log_records, 2);
    }
}
