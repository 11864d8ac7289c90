//! The export path both transports share: decompress (capped), decode, ingest.

use std::sync::Arc;

use ophion_core::{Batch, Error, Ingest, IngestReceipt, Result, Signal, TenantId};

use crate::codec::{self, Format};
use crate::compression::{self, Encoding};
use crate::config::ReceiverConfig;

#[derive(Clone)]
pub struct OtlpExport {
    ingest: Arc<dyn Ingest>,
    config: ReceiverConfig,
}

impl OtlpExport {
    pub fn new(ingest: Arc<dyn Ingest>, config: ReceiverConfig) -> Self {
        Self { ingest, config }
    }

    pub fn config(&self) -> &ReceiverConfig {
        &self.config
    }

    /// Push-back before a body is read: see [`Ingest::admit`].
    pub fn admit(&self) -> Result<()> {
        self.ingest.admit()
    }

    /// Decode one request body and return once its data is durable.
    pub async fn export(
        &self,
        signal: Signal,
        format: Format,
        encoding: Encoding,
        body: &[u8],
        limit: usize,
    ) -> Result<IngestReceipt> {
        let raw = compression::decompress(encoding, body, limit)?;
        // Tenants come from authentication once it exists; until then everything is `default`.
        let tenant = TenantId::default_tenant();
        match format {
            // Protobuf goes to the pipeline as received: most requests need no decoding.
            Format::Protobuf => self.ingest.ingest_protobuf(tenant, signal, &raw).await,
            Format::Json => {
                let payload = codec::decode(signal, format, &raw)?;
                drop(raw);
                self.ingest.ingest(Batch::new(tenant, payload)).await
            }
        }
    }
}

/// Raw (possibly compressed) bodies may be a little larger than their inflated limit.
pub(crate) fn raw_body_cap(limit: usize) -> usize {
    limit.saturating_add(limit / 8).saturating_add(64 << 10)
}

pub(crate) fn body_read_error(err: &(dyn std::error::Error + 'static), cap: usize) -> Error {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = source {
        if e.is::<http_body_util::LengthLimitError>() {
            return Error::too_large(format!("request body exceeds {cap} bytes"));
        }
        source = e.source();
    }
    Error::invalid(format!("could not read request body: {err}"))
}
