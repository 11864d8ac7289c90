//! The receiver's view of the pipeline: hand over a batch, learn once it is durable.

use async_trait::async_trait;

use crate::{Batch, Result};

/// What happened to a batch that was accepted. `rejected` items were invalid and dropped
/// (reported to OTLP clients as partial success); everything else is durable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestReceipt {
    pub accepted: u64,
    pub rejected: u64,
    /// Why items were rejected, for the partial-success message.
    pub message: Option<String>,
}

#[async_trait]
pub trait Ingest: Send + Sync + 'static {
    /// Process `batch` and return only once everything accepted is durable.
    /// Errors: `InvalidInput` (nothing stored), `Overloaded`/`Unavailable` (retry later).
    async fn ingest(&self, batch: Batch) -> Result<IngestReceipt>;

    /// Whether new data would be taken now. Receivers ask before reading a request body, so
    /// push-back costs the client a round trip and the server nothing.
    fn admit(&self) -> Result<()> {
        Ok(())
    }
}
