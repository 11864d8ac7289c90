//! The pipeline's front door: validate, run the processors, append to the durable queue.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use async_trait::async_trait;
use ophion_core::{Batch, Ingest, IngestReceipt, Payload, Result, SelfMetrics, Signal, TenantId};

use crate::inspect::{ValueCheck, inspect};
use crate::memory::MemoryGuard;
use crate::processors::{ProcessStats, Processor};
use crate::queue::Queue;
use crate::validate::validate;

pub struct Pipeline {
    processors: Vec<Box<dyn Processor>>,
    queue: Queue,
    metrics: Arc<SelfMetrics>,
    memory: Arc<MemoryGuard>,
}

impl Pipeline {
    pub fn new(
        processors: Vec<Box<dyn Processor>>,
        queue: Queue,
        metrics: Arc<SelfMetrics>,
        memory: Arc<MemoryGuard>,
    ) -> Self {
        Self { processors, queue, metrics, memory }
    }

    /// Validation and processors, without queueing; exposed for benchmarks.
    pub fn prepare(&self, batch: &mut Batch) -> (u64, Option<String>) {
        let validation = validate(batch);
        let mut stats = ProcessStats::default();
        for processor in &self.processors {
            stats += processor.process(batch);
        }
        self.metrics.items_filtered.fetch_add(stats.dropped, Ordering::Relaxed);
        self.metrics.values_redacted.fetch_add(stats.redacted, Ordering::Relaxed);
        (validation.rejected, validation.reason)
    }

    /// Items in an encoded request that validation and every processor would leave as it is;
    /// `None` when it must be decoded (see [`crate::inspect`]).
    pub fn inspect(&self, signal: Signal, request: &[u8]) -> Option<u64> {
        let checks: Option<Vec<&dyn ValueCheck>> =
            self.processors.iter().map(|p| p.value_check()).collect();
        inspect(signal, request, &checks?)
    }

    async fn ingest_decoded(&self, mut batch: Batch) -> Result<IngestReceipt> {
        self.admit()?;
        let total = batch.item_count();
        let (rejected, reason) = self.prepare(&mut batch);
        if batch.item_count() > 0 {
            self.queue.append(batch.encode()).await?;
        }
        Ok(IngestReceipt { accepted: total - rejected, rejected, message: reason })
    }

    /// Self-metrics for one request of `items` items.
    fn count(&self, signal: Signal, items: u64, outcome: &Result<IngestReceipt>) {
        match outcome {
            Ok(receipt) => {
                self.metrics.accepted(signal, receipt.accepted);
                self.metrics.refused(signal, receipt.rejected);
            }
            Err(_) => self.metrics.refused(signal, items),
        }
    }
}

#[async_trait]
impl Ingest for Pipeline {
    async fn ingest(&self, batch: Batch) -> Result<IngestReceipt> {
        let (signal, items) = (batch.signal(), batch.item_count());
        let outcome = self.ingest_decoded(batch).await;
        self.count(signal, items, &outcome);
        outcome
    }

    async fn ingest_protobuf(
        &self,
        tenant: TenantId,
        signal: Signal,
        request: &[u8],
    ) -> Result<IngestReceipt> {
        let Some(items) = self.inspect(signal, request) else {
            return self.ingest(Batch::new(tenant, Payload::from_protobuf(signal, request)?)).await;
        };
        let append = async {
            self.admit()?;
            if items > 0 {
                self.queue.append(Batch::encode_protobuf(&tenant, signal, request)).await?;
                self.metrics.requests_queued_as_received.fetch_add(1, Ordering::Relaxed);
            }
            Ok(IngestReceipt { accepted: items, rejected: 0, message: None })
        };
        let outcome = append.await;
        self.count(signal, items, &outcome);
        outcome
    }

    fn admit(&self) -> Result<()> {
        self.memory.admit()?;
        self.queue.admit()
    }
}
