//! The writer: drains the durable queue into the store in large batches. The store records
//! the applied position in the same transaction as the data, so a crash at any point replays
//! exactly the unapplied part. A failing store is retried with backoff; nothing is dropped.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use ophion_core::{AppliedBatch, Batch, SelfMetrics, TelemetryStore};
use tokio::sync::watch;

use crate::queue::{Queue, QueueReader};

#[derive(Debug, Clone, Copy)]
pub struct WriterConfig {
    pub max_batch_records: usize,
    pub max_batch_bytes: usize,
    /// After a small batch, wait this long for more before the next store write: larger
    /// transactions, at the cost of a little query freshness (acks are not delayed).
    pub linger: Duration,
}

impl Default for WriterConfig {
    fn default() -> Self {
        Self { max_batch_records: 256, max_batch_bytes: 8 << 20, linger: Duration::from_millis(50) }
    }
}

pub struct Writer {
    pub queue: Queue,
    pub reader: QueueReader,
    pub store: Arc<dyn TelemetryStore>,
    pub metrics: Arc<SelfMetrics>,
    pub config: WriterConfig,
}

impl Writer {
    /// Run until `stop` turns true, then drain what is durable until `drain_deadline`.
    pub async fn run(mut self, mut stop: watch::Receiver<bool>, drain_deadline: Duration) {
        loop {
            if *stop.borrow() {
                break;
            }
            if !self.reader.has_pending() {
                tokio::select! {
                    more = self.reader.wait() => if !more { break },
                    _ = stop.changed() => continue,
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(self.config.linger) => {},
                _ = stop.changed() => {},
            }
            if !self.apply_next(&mut stop, None).await {
                // Asked to stop while the store was failing. Nothing after the abandoned batch
                // may be applied (the store's position would pass it): stop here.
                tracing::warn!(
                    "writer stopped while the store was failing; the queue keeps the rest"
                );
                return;
            }
        }
        let deadline = Instant::now() + drain_deadline;
        while self.reader.has_pending() && Instant::now() < deadline {
            if !self.apply_next(&mut stop, Some(deadline)).await {
                break;
            }
        }
        if self.reader.has_pending() {
            tracing::warn!(
                "writer stopped with queued data left; it will be applied on the next start"
            );
        }
    }

    /// Read one batch of records and apply it, retrying until it lands, the deadline passes
    /// or (without a deadline) a stop is requested. False: the batch was abandoned.
    async fn apply_next(
        &mut self,
        stop: &mut watch::Receiver<bool>,
        deadline: Option<Instant>,
    ) -> bool {
        let records = match self
            .reader
            .read_batch(self.config.max_batch_records, self.config.max_batch_bytes)
        {
            Ok(records) => records,
            Err(err) => {
                tracing::error!(%err, "reading the queue failed");
                tokio::time::sleep(Duration::from_millis(200)).await;
                return true;
            }
        };
        let Some(last) = records.last().map(|r| r.position) else {
            return true;
        };
        let batches: Vec<AppliedBatch> = records
            .into_iter()
            .filter_map(|r| match Batch::decode(&r.payload) {
                Ok(batch) => Some(AppliedBatch { position: r.position, batch }),
                Err(err) => {
                    self.metrics.queue_corrupt_records.fetch_add(1, Ordering::Relaxed);
                    tracing::error!(%err, position = r.position, "skipping undecodable queue record");
                    None
                }
            })
            .collect();
        let mut backoff = Duration::from_millis(50);
        loop {
            match self.store.append(batches.clone()).await {
                Ok(()) => {
                    self.queue.mark_applied(last);
                    return true;
                }
                Err(err) => {
                    self.metrics.writer_failures.fetch_add(1, Ordering::Relaxed);
                    tracing::warn!(%err, retry_in_ms = backoff.as_millis() as u64, "store write failed; retrying");
                }
            }
            if deadline.is_some_and(|d| Instant::now() + backoff > d) {
                return false;
            }
            if deadline.is_none() {
                tokio::select! {
                    _ = tokio::time::sleep(backoff) => {}
                    _ = stop.wait_for(|stop| *stop) => return false,
                }
            } else {
                tokio::time::sleep(backoff).await;
            }
            backoff = (backoff * 2).min(Duration::from_secs(5));
        }
    }
}
