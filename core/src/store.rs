//! The write side of a telemetry store, as the pipeline's writer sees it.

use async_trait::async_trait;

use crate::query::TelemetryQuery;
use crate::{Batch, Result};

/// The sequence number of a record in the durable queue. Stores remember the highest one
/// they applied, in the same transaction as the data, so replay after a crash is exact.
pub type QueuePosition = u64;

/// A batch with its queue position.
#[derive(Debug, Clone)]
pub struct AppliedBatch {
    pub position: QueuePosition,
    pub batch: Batch,
}

/// Retention: rows older than these ages are deleted by the background job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionPolicy {
    pub traces: std::time::Duration,
    pub logs: std::time::Duration,
    pub metrics: std::time::Duration,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RetentionReport {
    pub spans_deleted: u64,
    pub logs_deleted: u64,
    pub points_deleted: u64,
}

#[async_trait]
pub trait TelemetryStore: TelemetryQuery {
    /// Write every batch and record the highest position, atomically. Batches at or below
    /// the already-applied position must be skipped, so a replay never duplicates.
    async fn append(&self, batches: Vec<AppliedBatch>) -> Result<()>;

    /// The highest queue position whose data is in the store.
    async fn applied_position(&self) -> Result<Option<QueuePosition>>;

    /// Delete rows older than the policy allows, relative to `now_unix_nanos`.
    async fn enforce_retention(
        &self,
        policy: RetentionPolicy,
        now_unix_nanos: u64,
    ) -> Result<RetentionReport>;

    /// Claims period `period` of background job `job` (retention, alert evaluation) for
    /// `holder`: true for exactly one holder per job and period among the instances sharing
    /// the store, so each runs once. A store only one process can open always says yes.
    async fn claim(&self, job: &str, period: u64, holder: &str) -> Result<bool> {
        let _ = (job, period, holder);
        Ok(true)
    }

    /// Cheap check that the store can take writes.
    async fn healthcheck(&self) -> Result<()>;

    /// Flush and release resources.
    async fn close(&self) -> Result<()>;
}
