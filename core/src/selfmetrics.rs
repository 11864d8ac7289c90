//! Ophion's own counters, rendered as Prometheus text with the OpenTelemetry Collector's
//! metric names. Fixed label sets only: nothing here grows with client input.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::Signal;

#[derive(Debug, Default)]
pub struct SignalCounters {
    pub accepted: AtomicU64,
    pub refused: AtomicU64,
}

#[derive(Debug, Default)]
pub struct SelfMetrics {
    pub traces: SignalCounters,
    pub metrics: SignalCounters,
    pub logs: SignalCounters,
    /// Queue: unapplied bytes, capacity, corrupt records skipped at recovery.
    pub queue_size_bytes: AtomicU64,
    pub queue_capacity_bytes: AtomicU64,
    pub queue_corrupt_records: AtomicU64,
    /// Queue writes that failed (disk full, I/O errors); their batches were refused.
    pub queue_write_failures: AtomicU64,
    /// Highest appended and highest applied queue position: their difference is writer lag.
    pub queue_last_position: AtomicU64,
    pub writer_applied_position: AtomicU64,
    pub writer_failures: AtomicU64,
    /// Resident memory, sampled by the memory guard.
    pub resident_memory_bytes: AtomicU64,
    pub items_filtered: AtomicU64,
    /// Export requests queued as received, with no decoding (see the pipeline's inspection).
    pub requests_queued_as_received: AtomicU64,
    pub values_redacted: AtomicU64,
}

impl SelfMetrics {
    pub fn signal(&self, signal: Signal) -> &SignalCounters {
        match signal {
            Signal::Traces => &self.traces,
            Signal::Metrics => &self.metrics,
            Signal::Logs => &self.logs,
        }
    }

    pub fn accepted(&self, signal: Signal, n: u64) {
        self.signal(signal).accepted.fetch_add(n, Ordering::Relaxed);
    }

    pub fn refused(&self, signal: Signal, n: u64) {
        self.signal(signal).refused.fetch_add(n, Ordering::Relaxed);
    }

    /// Prometheus text exposition format, version 0.0.4.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(2048);
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        let mut counter = |name: &str, help: &str, value: u64| {
            let _ = write!(out, "# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}\n");
        };
        for (signal, item) in [
            (Signal::Traces, "spans"),
            (Signal::Metrics, "metric_points"),
            (Signal::Logs, "log_records"),
        ] {
            let c = self.signal(signal);
            counter(
                &format!("ophion_receiver_accepted_{item}_total"),
                &format!("{item} accepted and made durable"),
                get(&c.accepted),
            );
            counter(
                &format!("ophion_receiver_refused_{item}_total"),
                &format!("{item} refused (invalid, or pushed back)"),
                get(&c.refused),
            );
        }
        counter(
            "ophion_queue_corrupt_records_total",
            "queue records skipped as corrupt",
            get(&self.queue_corrupt_records),
        );
        counter(
            "ophion_queue_write_failures_total",
            "queue writes that failed; their batches were refused (retryable)",
            get(&self.queue_write_failures),
        );
        counter(
            "ophion_writer_failures_total",
            "failed store writes (retried)",
            get(&self.writer_failures),
        );
        counter(
            "ophion_processor_filtered_items_total",
            "items dropped by filter processors",
            get(&self.items_filtered),
        );
        counter(
            "ophion_processor_redacted_values_total",
            "values replaced by redaction",
            get(&self.values_redacted),
        );
        counter(
            "ophion_pipeline_requests_queued_as_received_total",
            "export requests queued as received: inspection found nothing to change, no decoding",
            get(&self.requests_queued_as_received),
        );
        let mut gauge = |name: &str, help: &str, value: u64| {
            let _ = write!(out, "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}\n");
        };
        gauge(
            "ophion_queue_size_bytes",
            "bytes in the durable queue not yet applied",
            get(&self.queue_size_bytes),
        );
        gauge(
            "ophion_queue_capacity_bytes",
            "durable queue capacity",
            get(&self.queue_capacity_bytes),
        );
        gauge(
            "ophion_process_resident_memory_bytes",
            "resident memory of the Ophion process",
            get(&self.resident_memory_bytes),
        );
        let last = get(&self.queue_last_position);
        let applied = get(&self.writer_applied_position);
        gauge("ophion_queue_last_position", "highest queue position appended", last);
        gauge("ophion_writer_applied_position", "highest queue position in the store", applied);
        gauge(
            "ophion_writer_lag_records",
            "queue records not yet in the store",
            last.saturating_sub(applied),
        );
        out
    }
}
