//! Stores for Ophion's telemetry: implementations of the core `TelemetryStore` and
//! `TelemetryQuery` traits. OTLP is turned into rows here and nowhere else.
//!
//! [`embedded`] (DuckDB, one file under the data directory) is the default store.

pub mod embedded;

pub use embedded::{EmbeddedConfig, EmbeddedStore};
