//! The export path both transports share: decompress (capped), decode, ingest.

use std::sync::Arc;

use http::HeaderMap;
use ophion_core::limit::Limiter;
use ophion_core::{
    Authenticate, Batch, Error, Ingest, IngestReceipt, Result, Scope, Signal, TenantId,
};

use crate::codec::{self, Format};
use crate::compression::{self, Encoding};
use crate::config::ReceiverConfig;

#[derive(Clone)]
pub struct OtlpExport {
    ingest: Arc<dyn Ingest>,
    config: ReceiverConfig,
    auth: Arc<dyn Authenticate>,
    /// Items per second per tenant.
    quota: Arc<Limiter<TenantId>>,
}

impl OtlpExport {
    pub fn new(
        ingest: Arc<dyn Ingest>,
        config: ReceiverConfig,
        auth: Arc<dyn Authenticate>,
        quota: Arc<Limiter<TenantId>>,
    ) -> Self {
        Self { ingest, config, auth, quota }
    }

    pub fn config(&self) -> &ReceiverConfig {
        &self.config
    }

    /// Before a body is read: who is sending (the key decides the tenant), whether the
    /// tenant is within its quota, and whether the pipeline takes data now.
    pub async fn admit(&self, headers: &HeaderMap) -> Result<TenantId> {
        let header = |name| headers.get(name).and_then(|v: &http::HeaderValue| v.to_str().ok());
        let credential =
            ophion_core::auth::credential(header("authorization"), header("x-ophion-api-key"));
        let principal = self.auth.authenticate(credential).await?;
        principal.require(Scope::Ingest)?;
        self.quota.admit(&principal.tenant).map_err(|wait| {
            Error::rate_limited(
                format!("tenant {} is over its ingest quota", principal.tenant),
                wait,
            )
        })?;
        self.ingest.admit()?;
        Ok(principal.tenant)
    }

    /// Decode one request body and return once its data is durable.
    pub async fn export(
        &self,
        tenant: TenantId,
        signal: Signal,
        format: Format,
        encoding: Encoding,
        body: &[u8],
        limit: usize,
    ) -> Result<IngestReceipt> {
        let raw = compression::decompress(encoding, body, limit)?;
        let receipt = match format {
            // Protobuf goes to the pipeline as received: most requests need no decoding here,
            // but the pipeline or the writer may decode it.
            Format::Protobuf => {
                codec::decoded_size::check(signal, format, &raw)?;
                self.ingest.ingest_protobuf(tenant.clone(), signal, &raw).await
            }
            Format::Json => {
                let payload = codec::decode(signal, format, &raw)?;
                drop(raw);
                self.ingest.ingest(Batch::new(tenant.clone(), payload)).await
            }
        }?;
        // Charged once counted: the quota never makes a request be decoded.
        self.quota.charge(&tenant, (receipt.accepted + receipt.rejected) as f64);
        Ok(receipt)
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
