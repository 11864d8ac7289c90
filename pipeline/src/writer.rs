//! The writer: drains the durable queue into the store in large batches. The store records
//! the applied position in the same transaction as the data, so a crash at any point replays
//! exactly the unapplied part. A failing store is retried with backoff; nothing is dropped.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use ophion_core::{AppliedBatch, Batch, Payload, SelfMetrics, TelemetryStore};
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, watch};

use crate::queue::{Queue, QueueReader, QueueRecord};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WriterConfig {
    /// Queue records per store transaction, at most.
    pub max_batch_records: usize,
    /// Queue bytes per store transaction, at most.
    pub max_batch_bytes: usize,
    /// When nothing more waits behind the last transaction, wait this long for more before
    /// writing: a store commit has a fixed cost (about 10 ms in DuckDB), so at low rates fewer,
    /// larger transactions save most of the store's CPU. Queries see data this much later;
    /// acks are not delayed.
    #[serde(with = "humantime_serde")]
    pub linger: Duration,
}

impl Default for WriterConfig {
    fn default() -> Self {
        Self {
            max_batch_records: 256,
            max_batch_bytes: 8 << 20,
            linger: Duration::from_millis(500),
        }
    }
}

/// What one `apply_next` did.
enum Applied {
    /// A batch landed (or there was nothing to apply); `backlog` when more was already
    /// waiting behind it.
    Batch { backlog: bool },
    /// The store kept failing until a stop or the deadline; the batch was not applied.
    Abandoned,
}

/// Where the writer announces log batches the store has just applied: the live tails.
/// Best effort by design: a full ring makes a slow tail lag, never the writer wait.
pub type AppliedLogs = broadcast::Sender<Arc<Vec<AppliedBatch>>>;

pub struct Writer {
    pub queue: Queue,
    pub reader: QueueReader,
    pub store: Arc<dyn TelemetryStore>,
    pub metrics: Arc<SelfMetrics>,
    pub config: WriterConfig,
    pub applied_logs: Option<AppliedLogs>,
}

impl Writer {
    /// Run until `stop` turns true, then drain what is durable until `drain_deadline`.
    pub async fn run(mut self, mut stop: watch::Receiver<bool>, drain_deadline: Duration) {
        // With more already waiting after a batch (a backlog), write the next one at once
        // rather than linger. So at a start: what the queue holds from before goes straight in.
        let mut backlog = true;
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
            if !backlog {
                tokio::select! {
                    _ = tokio::time::sleep(self.config.linger) => {},
                    _ = stop.changed() => {},
                }
            }
            match self.apply_next(&mut stop, None).await {
                Applied::Batch { backlog: more } => backlog = more,
                Applied::Abandoned => {
                    // Asked to stop while the store was failing. Nothing after the abandoned
                    // batch may be applied (the store's position would pass it): stop here.
                    tracing::warn!(
                        "writer stopped while the store was failing; the queue keeps the rest"
                    );
                    return;
                }
            }
        }
        let deadline = Instant::now() + drain_deadline;
        while self.reader.has_pending() && Instant::now() < deadline {
            if let Applied::Abandoned = self.apply_next(&mut stop, Some(deadline)).await {
                break;
            }
        }
        if self.reader.has_pending() {
            tracing::warn!(
                "writer stopped with queued data left; it will be applied on the next start"
            );
        }
    }

    /// The batches in `records`; undecodable ones are skipped, and counted when `count`.
    fn decode(&self, records: &[QueueRecord], count: bool) -> Vec<AppliedBatch> {
        let decode = |r: &QueueRecord| match Batch::decode(&r.payload) {
            Ok(batch) => Some(AppliedBatch { position: r.position, batch }),
            Err(err) if count => {
                self.metrics.queue_corrupt_records.fetch_add(1, Ordering::Relaxed);
                tracing::error!(%err, position = r.position, "skipping undecodable queue record");
                None
            }
            Err(_) => None,
        };
        records.iter().filter_map(decode).collect()
    }

    /// Read one batch of records and apply it, retrying until it lands, the deadline passes
    /// or (without a deadline) a stop is requested.
    async fn apply_next(
        &mut self,
        stop: &mut watch::Receiver<bool>,
        deadline: Option<Instant>,
    ) -> Applied {
        let records = match self
            .reader
            .read_batch(self.config.max_batch_records, self.config.max_batch_bytes)
        {
            Ok(records) => records,
            Err(err) => {
                tracing::error!(%err, "reading the queue failed");
                tokio::time::sleep(Duration::from_millis(200)).await;
                return Applied::Batch { backlog: false };
            }
        };
        let Some(last) = records.last().map(|r| r.position) else {
            return Applied::Batch { backlog: false };
        };
        let backlog = self.reader.has_pending();
        // A store takes its batches; a retry decodes the records again rather than every
        // attempt paying for a copy.
        let mut batches = Some(self.decode(&records, true));
        // Copies of the log batches, only while someone tails.
        let tail = self.applied_logs.as_ref().filter(|tail| tail.receiver_count() > 0);
        let tailed: Vec<AppliedBatch> = match (tail, &batches) {
            (Some(_), Some(batches)) => batches
                .iter()
                .filter(|b| matches!(b.batch.payload, Payload::Logs(_)))
                .cloned()
                .collect(),
            _ => Vec::new(),
        };
        let mut backoff = Duration::from_millis(50);
        loop {
            let attempt = batches.take().unwrap_or_else(|| self.decode(&records, false));
            match self.store.append(attempt).await {
                Ok(()) => {
                    self.queue.mark_applied(last);
                    if let Some(tail) = tail
                        && !tailed.is_empty()
                    {
                        // No tail left since the check is no error: nobody is watching.
                        let _ = tail.send(Arc::new(tailed));
                    }
                    return Applied::Batch { backlog };
                }
                Err(err) => {
                    self.metrics.writer_failures.fetch_add(1, Ordering::Relaxed);
                    tracing::warn!(%err, retry_in_ms = backoff.as_millis() as u64, "store write failed; retrying");
                }
            }
            if deadline.is_some_and(|d| Instant::now() + backoff > d) {
                return Applied::Abandoned;
            }
            if deadline.is_none() {
                tokio::select! {
                    _ = tokio::time::sleep(backoff) => {}
                    _ = stop.wait_for(|stop| *stop) => return Applied::Abandoned,
                }
            } else {
                tokio::time::sleep(backoff).await;
            }
            backoff = (backoff * 2).min(Duration::from_secs(5));
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use ophion_core::otlp::collector::logs::v1::ExportLogsServiceRequest;
    use ophion_core::otlp::collector::trace::v1::ExportTraceServiceRequest;
    use ophion_core::otlp::logs::v1::{LogRecord, ResourceLogs, ScopeLogs};
    use ophion_core::otlp::trace::v1::{ResourceSpans, ScopeSpans, Span};
    use ophion_core::query::TelemetryQuery;
    use ophion_core::{Payload, TenantId};
    use ophion_storage::NullStore;
    use ophion_testkit::eventually;

    use super::*;
    use crate::queue::QueueConfig;

    fn record() -> Vec<u8> {
        let scope = ScopeSpans { spans: vec![Span::default(); 3], ..Default::default() };
        let resource = ResourceSpans { scope_spans: vec![scope], ..Default::default() };
        let request = ExportTraceServiceRequest { resource_spans: vec![resource] };
        Batch::new(TenantId::default(), Payload::Traces(request)).encode()
    }

    #[tokio::test]
    async fn a_backlog_is_written_batch_after_batch_without_lingering() {
        let dir = tempfile::tempdir().unwrap();
        let metrics = Arc::new(SelfMetrics::default());
        let (queue, reader) =
            Queue::open(dir.path(), QueueConfig::default(), 0, metrics.clone()).unwrap();
        for _ in 0..4 {
            queue.append(record()).await.unwrap();
        }
        let store = Arc::new(NullStore::new());
        // One record per transaction, and a linger far longer than the test's deadline.
        let config = WriterConfig {
            max_batch_records: 1,
            linger: Duration::from_secs(3600),
            ..Default::default()
        };
        let writer =
            Writer { queue, reader, store: store.clone(), metrics, config, applied_logs: None };
        let (stop_tx, stop) = watch::channel(false);
        let task = tokio::spawn(writer.run(stop, Duration::from_secs(1)));

        let applied = eventually(Duration::from_secs(30), || async {
            match store.applied_position().await.unwrap() {
                Some(4) => Ok(()),
                other => Err(other),
            }
        });
        // Lingering between batches (an hour here) would leave the backlog unwritten.
        assert_eq!(applied.await, Ok(()), "the backlog was not written");
        let stats = store.stats(&TenantId::default()).await.unwrap();
        assert_eq!(stats.spans, 12);
        stop_tx.send(true).unwrap();
        task.await.unwrap();
    }

    #[tokio::test]
    async fn applied_log_batches_reach_a_tail_and_nothing_else_does() {
        let dir = tempfile::tempdir().unwrap();
        let metrics = Arc::new(SelfMetrics::default());
        let (queue, reader) =
            Queue::open(dir.path(), QueueConfig::default(), 0, metrics.clone()).unwrap();
        let logs = ExportLogsServiceRequest {
            resource_logs: vec![ResourceLogs {
                scope_logs: vec![ScopeLogs {
                    log_records: vec![LogRecord::default(); 2],
                    ..Default::default()
                }],
                ..Default::default()
            }],
        };
        queue.append(record()).await.unwrap();
        queue.append(Batch::new(TenantId::default(), Payload::Logs(logs)).encode()).await.unwrap();
        let (applied_logs, mut tail) = broadcast::channel(4);
        let store = Arc::new(NullStore::new());
        let writer = Writer {
            queue,
            reader,
            store: store.clone(),
            metrics,
            config: WriterConfig::default(),
            applied_logs: Some(applied_logs),
        };
        let (stop_tx, stop) = watch::channel(false);
        let task = tokio::spawn(writer.run(stop, Duration::from_secs(1)));

        let batches = tail.recv().await.unwrap();
        assert_eq!(batches.len(), 1, "only the log batch is announced");
        assert_eq!(batches[0].position, 2);
        assert!(
            matches!(&batches[0].batch.payload, Payload::Logs(r) if r.resource_logs.len() == 1)
        );
        // Announced after the store holds it.
        assert_eq!(store.applied_position().await.unwrap(), Some(2));
        stop_tx.send(true).unwrap();
        task.await.unwrap();
    }
}
