//! Ophion's shared vocabulary: the types and traits the receiver, pipeline, storage and API
//! crates meet through, so none of them has to import another.
//!
//! Pipeline data is the OTLP protobuf types themselves ([`Batch`]); conversion to rows happens
//! only inside a store.

pub mod auth;
pub mod batch;
pub mod decoded_size;
pub mod error;
pub mod ingest;
pub mod limit;
pub mod outbound;
pub mod query;
pub mod selfmetrics;
pub mod store;
pub mod tenant;
pub mod time;
pub mod wire;

pub use auth::{Authenticate, Principal, Scope, Scopes};
pub use batch::{Batch, Payload, Signal};
pub use error::{Error, ErrorKind, Result};
pub use ingest::{Ingest, IngestReceipt};
pub use selfmetrics::SelfMetrics;
pub use store::{AppliedBatch, QueuePosition, TelemetryStore};
pub use tenant::TenantId;

/// The OTLP protobuf types, re-exported so every crate uses the same version.
pub use opentelemetry_proto::tonic as otlp;
