//! `ophion-loadgen`: a seeded OTLP load generator for Ophion (and any OTLP receiver).
//!
//! It builds a pool of distinct requests for one payload profile (P0/P1/P2 spans, L1 logs, M1
//! metric points), encodes them once (protobuf or OTLP/JSON, optionally gzip, gRPC-framed for
//! gRPC), then sends them round-robin over OTLP/gRPC or OTLP/HTTP at a fixed rate or as fast as
//! it can, retrying only what the OTLP spec calls retryable. It reports items sent, acknowledged,
//! rejected (partial success) and failed, ack-latency percentiles, and can write the id of every
//! acknowledged item for loss checks.

pub mod cli;
pub mod pool;
pub mod profile;
pub mod report;
pub mod run;
pub mod transport;

// Named so that the workspace's `cargo test ... -- loadgen` filter selects them.
#[cfg(test)]
#[path = "tests.rs"]
mod loadgen_tests;
