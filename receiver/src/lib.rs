//! The OTLP receiver: OTLP/gRPC (served by tonic's HTTP/2 transport) and OTLP/HTTP, for
//! traces, metrics and logs, in protobuf and JSON, with gzip or zstd.
//!
//! Both transports share one export path ([`OtlpExport`]): read the body with a cap,
//! decompress with the limit applied to the inflated bytes while streaming, decode, hand the
//! batch to the pipeline, and answer only once the pipeline says the data is durable. Status
//! codes follow the OTLP specification: invalid input is permanent (400 / `INVALID_ARGUMENT`),
//! push-back is retryable (429/503 + `Retry-After`, `UNAVAILABLE` + `RetryInfo`).

pub mod codec;
pub mod compression;
pub mod config;
mod export;
pub mod grpc;
pub mod http;
pub mod rpc_status;

pub use config::ReceiverConfig;
pub use export::OtlpExport;
