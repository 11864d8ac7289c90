//! Receiver limits.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReceiverConfig {
    /// Largest gRPC message accepted, measured after decompression (gRPC's default: 4 MiB).
    pub max_grpc_message_bytes: usize,
    /// Largest OTLP/HTTP body accepted, measured after decompression.
    pub max_http_body_bytes: usize,
}

impl Default for ReceiverConfig {
    fn default() -> Self {
        Self { max_grpc_message_bytes: 4 << 20, max_http_body_bytes: 20 << 20 }
    }
}
