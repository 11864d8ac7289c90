//! The receiver's view of the pipeline: hand over a batch, learn once it is durable.

use async_trait::async_trait;

use crate::{Batch, Payload, Result, Signal, TenantId};

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

    /// The same for an OTLP protobuf export request as received. This default decodes it; a
    /// pipeline that can tell from the bytes that nothing in them would change may queue them
    /// as they are.
    async fn ingest_protobuf(
        &self,
        tenant: TenantId,
        signal: Signal,
        request: &[u8],
    ) -> Result<IngestReceipt> {
        self.ingest(Batch::new(tenant, Payload::from_protobuf(signal, request)?)).await
    }

    /// Whether new data would be taken now. Receivers ask before reading a request body, so
    /// push-back costs the client a round trip and the server nothing.
    fn admit(&self) -> Result<()> {
        Ok(())
    }
}
