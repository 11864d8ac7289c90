//! The process memory limit: while resident memory is above it, new data is pushed back
//! (retryable) before its body is even read, so overload cannot grow the process without bound.
//! Like the OpenTelemetry Collector's memory_limiter, but measured as RSS, which is what an
//! orchestrator kills for, and including the embedded store's memory.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ophion_core::{Error, Result, SelfMetrics};

/// How often RSS is sampled: often enough that a burst cannot outrun it by much.
const SAMPLE_EVERY: Duration = Duration::from_millis(50);
/// Ingest resumes once RSS falls this far below the limit, so it does not flap at the edge.
const HYSTERESIS: f64 = 0.9;

#[derive(Debug)]
pub struct MemoryGuard {
    limit_bytes: u64,
    over: AtomicBool,
    /// Where the last sample goes (`ophion_process_resident_memory_bytes`).
    metrics: Arc<SelfMetrics>,
}

impl MemoryGuard {
    /// Start sampling this process's RSS against `limit_bytes` (0: no limit) on a thread of its
    /// own; the sampler stops when the guard is dropped. Where RSS cannot be read (not Linux),
    /// the limit is never reached. Fails when the thread cannot be started: a guard that never
    /// samples would let memory grow without a limit.
    pub fn start(limit_bytes: u64, metrics: Arc<SelfMetrics>) -> std::io::Result<Arc<Self>> {
        Self::start_on(std::thread::Builder::new(), limit_bytes, metrics)
    }

    fn start_on(
        thread: std::thread::Builder,
        limit_bytes: u64,
        metrics: Arc<SelfMetrics>,
    ) -> std::io::Result<Arc<Self>> {
        let guard = Arc::new(Self { limit_bytes, over: AtomicBool::new(false), metrics });
        let weak = Arc::downgrade(&guard);
        thread.name("ophion-memory-guard".into()).spawn(move || {
            while let Some(guard) = weak.upgrade() {
                if let Some(rss) = resident_bytes() {
                    guard.observe(rss);
                }
                drop(guard);
                std::thread::sleep(SAMPLE_EVERY);
            }
        })?;
        Ok(guard)
    }

    fn observe(&self, rss: u64) {
        self.metrics.resident_memory_bytes.store(rss, Ordering::Relaxed);
        if self.limit_bytes == 0 {
            return;
        }
        let over = self.over.load(Ordering::Relaxed);
        if !over && rss > self.limit_bytes {
            self.over.store(true, Ordering::Relaxed);
            tracing::warn!(
                rss,
                limit = self.limit_bytes,
                "memory limit reached; pushing back ingest"
            );
        } else if over && (rss as f64) < self.limit_bytes as f64 * HYSTERESIS {
            self.over.store(false, Ordering::Relaxed);
            tracing::info!(
                rss,
                limit = self.limit_bytes,
                "memory back under the limit; ingest resumes"
            );
        }
    }

    /// `Overloaded` while over the limit.
    pub fn admit(&self) -> Result<()> {
        if self.over.load(Ordering::Relaxed) {
            return Err(Error::overloaded(
                format!(
                    "memory limit of {} MiB reached ({} MiB resident); retry later",
                    self.limit_bytes >> 20,
                    self.metrics.resident_memory_bytes.load(Ordering::Relaxed) >> 20
                ),
                Duration::from_secs(1),
            ));
        }
        Ok(())
    }
}

/// Resident set size, from /proc/self/status (kB).
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use ophion_testkit::eventually;

    use super::*;

    fn guard(limit: u64) -> MemoryGuard {
        MemoryGuard { limit_bytes: limit, over: AtomicBool::new(false), metrics: Arc::default() }
    }

    #[test]
    fn pushes_back_above_the_limit_and_resumes_below_its_hysteresis() {
        let g = guard(1000);
        g.observe(900);
        assert!(g.admit().is_ok());
        g.observe(1001);
        let err = g.admit().unwrap_err();
        assert!(err.kind.is_retryable() && err.retry_after.is_some(), "{err:?}");
        g.observe(950); // under the limit, not under 90 % of it
        assert!(g.admit().is_err());
        g.observe(899);
        assert!(g.admit().is_ok());
    }

    #[test]
    fn no_limit_never_pushes_back() {
        let g = guard(0);
        g.observe(u64::MAX);
        assert!(g.admit().is_ok());
    }

    #[tokio::test]
    async fn the_sampler_reads_this_process() {
        let metrics = Arc::new(SelfMetrics::default());
        let g = MemoryGuard::start(1, metrics.clone()).unwrap(); // 1 byte: always over
        let refused = eventually(Duration::from_secs(5), || async {
            if g.admit().is_err() { Ok(()) } else { Err("admitted") }
        });
        assert_eq!(refused.await, Ok(()), "RSS of a running process is over 1 byte");
        assert!(metrics.resident_memory_bytes.load(Ordering::Relaxed) > 1 << 20);
    }

    #[test]
    fn a_sampler_that_cannot_start_is_an_error_not_a_missing_limit() {
        // A stack larger than any address space: the kernel refuses the thread.
        let thread = std::thread::Builder::new().stack_size(1 << 62);
        assert!(MemoryGuard::start_on(thread, 1 << 30, Arc::default()).is_err());
    }
}
