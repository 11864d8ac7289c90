//! The pipeline's front door: validate, run the processors, append to the durable queue.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use async_trait::async_trait;
use ophion_core::{Batch, Ingest, IngestReceipt, Result, SelfMetrics};

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
}

#[async_trait]
impl Ingest for Pipeline {
    async fn ingest(&self, mut batch: Batch) -> Result<IngestReceipt> {
        self.admit()?;
        let total = batch.item_count();
        let (rejected, reason) = self.prepare(&mut batch);
        if batch.item_count() > 0 {
            self.queue.append(batch.encode()).await?;
        }
        Ok(IngestReceipt { accepted: total - rejected, rejected, message: reason })
    }

    fn admit(&self) -> Result<()> {
        self.memory.admit()?;
        self.queue.admit()
    }
}
