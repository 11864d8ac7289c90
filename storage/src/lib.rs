//! Stores for Ophion's telemetry: implementations of the core `TelemetryStore` and
//! `TelemetryQuery` traits. OTLP is turned into rows here and nowhere else.
//!
//! [`embedded`] (DuckDB, one file under the data directory) is the default store; [`null`]
//! discards everything and exists for benchmarks.

pub mod clickhouse;
#[cfg(test)]
mod conformance;
pub mod embedded;
mod encoding;
mod filter;
mod fold;
mod migration;
pub mod null;
pub mod postgres;
mod quantile;
mod rows;

pub use embedded::{EmbeddedConfig, EmbeddedStore};
pub use null::NullStore;
