//! Retention: deletes what is older than each signal's age, in one transaction. Spans go by
//! start time, trace index rows by their end (so a row stays while any span it covers may
//! remain), service rollups by the end of their minute, logs and metric points by their timestamp.

use duckdb::Connection;
use ophion_core::Result;
use ophion_core::store::{RetentionPolicy, RetentionReport};

use super::error::DuckResultExt;
use super::rollup;

fn cutoff(now_unix_nanos: u64, age: std::time::Duration) -> u64 {
    let age_ns = u64::try_from(age.as_nanos()).unwrap_or(u64::MAX);
    now_unix_nanos.saturating_sub(age_ns)
}

pub(crate) fn enforce(
    conn: &mut Connection,
    policy: RetentionPolicy,
    now_unix_nanos: u64,
) -> Result<RetentionReport> {
    let traces = cutoff(now_unix_nanos, policy.traces);
    let logs = cutoff(now_unix_nanos, policy.logs);
    let metrics = cutoff(now_unix_nanos, policy.metrics);
    let tx = conn.transaction().store_err()?;
    let spans_deleted = tx.execute("DELETE FROM spans WHERE start_ns < ?", [traces]).store_err()?;
    tx.execute("DELETE FROM trace_index WHERE end_ns < ?", [traces]).store_err()?;
    rollup::enforce_retention(&tx, traces)?;
    let logs_deleted = tx.execute("DELETE FROM logs WHERE time_ns < ?", [logs]).store_err()?;
    let points_deleted =
        tx.execute("DELETE FROM metric_points WHERE time_ns < ?", [metrics]).store_err()?;
    tx.commit().store_err()?;
    let report = RetentionReport {
        spans_deleted: spans_deleted as u64,
        logs_deleted: logs_deleted as u64,
        points_deleted: points_deleted as u64,
    };
    tracing::info!(
        spans = report.spans_deleted,
        logs = report.logs_deleted,
        points = report.points_deleted,
        "retention deleted expired rows"
    );
    Ok(report)
}
