//! Stores for Ophion's telemetry: implementations of the core `TelemetryStore` and
//! `TelemetryQuery` traits. OTLP is turned into rows here and nowhere else.
//!
//! [`embedded`] (DuckDB, one file under the data directory) is the default store; `clickhouse`
//! and `postgres` (cargo features of the same names, on by default) are the shared ones;
//! [`null`] discards everything and exists for benchmarks.

#[cfg(feature = "clickhouse")]
pub mod clickhouse;
#[cfg(test)]
mod conformance;
pub mod embedded;
mod encoding;
mod filter;
mod fold;
#[cfg(any(feature = "clickhouse", feature = "postgres"))]
mod migration;
pub mod null;
#[cfg(feature = "postgres")]
pub mod postgres;
mod quantile;
mod rows;
pub mod tail;

pub use embedded::{EmbeddedConfig, EmbeddedStore};
pub use null::NullStore;
