//! Synchronous processors that run on every batch before it reaches the durable queue, so
//! what they remove (secrets, filtered items) never touches disk.
//!
//! Processors are verbs: `attributes`, `filter`, `redact`. They run in configured order.

use ophion_core::Batch;

/// What one processor did to one batch, for self-metrics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProcessStats {
    /// Spans, log records or data points removed from the batch.
    pub dropped: u64,
    /// Attribute values, bodies or names rewritten by redaction.
    pub redacted: u64,
}

impl std::ops::AddAssign for ProcessStats {
    fn add_assign(&mut self, rhs: Self) {
        self.dropped += rhs.dropped;
        self.redacted += rhs.redacted;
    }
}

/// A processor mutates a batch in place. It must not panic on any input and must not
/// allocate per item when it has nothing to do.
pub trait Processor: Send + Sync + 'static {
    fn name(&self) -> &'static str;
    fn process(&self, batch: &mut Batch) -> ProcessStats;
}
