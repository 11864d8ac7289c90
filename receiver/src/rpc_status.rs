//! `google.rpc.Status` and `google.rpc.RetryInfo`: the error body OTLP/HTTP returns and the
//! details OTLP/gRPC attaches to push-back, so clients know when to retry.

use base64::Engine;
use ophion_core::Error;
use prost::Message;

use crate::codec::Format;

#[derive(Clone, PartialEq, Message)]
pub struct RpcStatus {
    #[prost(int32, tag = "1")]
    pub code: i32,
    #[prost(string, tag = "2")]
    pub message: String,
    #[prost(message, repeated, tag = "3")]
    pub details: Vec<prost_types::Any>,
}

#[derive(Clone, PartialEq, Message)]
pub struct RetryInfo {
    #[prost(message, optional, tag = "1")]
    pub retry_delay: Option<prost_types::Duration>,
}

pub const RETRY_INFO_TYPE_URL: &str = "type.googleapis.com/google.rpc.RetryInfo";

impl RpcStatus {
    pub fn from_error(err: &Error) -> Self {
        let details = err
            .retry_after
            .map(|delay| {
                let info = RetryInfo {
                    retry_delay: Some(prost_types::Duration {
                        seconds: delay.as_secs() as i64,
                        nanos: delay.subsec_nanos() as i32,
                    }),
                };
                prost_types::Any {
                    type_url: RETRY_INFO_TYPE_URL.into(),
                    value: info.encode_to_vec(),
                }
            })
            .into_iter()
            .collect();
        Self { code: err.kind.grpc_code(), message: err.message.clone(), details }
    }

    /// The OTLP/HTTP error body in the request's format.
    pub fn encode_as(&self, format: Format) -> Vec<u8> {
        match format {
            Format::Protobuf => self.encode_to_vec(),
            Format::Json => serde_json::to_vec(&serde_json::json!({
                "code": self.code,
                "message": self.message,
                "details": self.details.iter().map(|d| serde_json::json!({
                    "@type": d.type_url,
                    "retryDelay": format!("{}s", RetryInfo::decode(&d.value[..]).ok()
                        .and_then(|r| r.retry_delay).map_or(0, |d| d.seconds)),
                })).collect::<Vec<_>>(),
            }))
            .unwrap_or_default(),
        }
    }

    /// The `grpc-status-details-bin` header value.
    pub fn to_grpc_details_header(&self) -> String {
        base64::engine::general_purpose::STANDARD_NO_PAD.encode(self.encode_to_vec())
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn overload_carries_retry_info_with_the_delay() {
        let status =
            RpcStatus::from_error(&Error::overloaded("queue full", Duration::from_secs(2)));
        assert_eq!(status.code, 14);
        assert_eq!(status.details[0].type_url, RETRY_INFO_TYPE_URL);
        let info = RetryInfo::decode(&status.details[0].value[..]).unwrap();
        assert_eq!(info.retry_delay.unwrap().seconds, 2);
        let permanent = RpcStatus::from_error(&Error::invalid("bad"));
        assert!(permanent.details.is_empty());
        assert_eq!(permanent.code, 3);
    }
}
