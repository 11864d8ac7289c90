//! Retention: drops the day partitions wholly older than each signal's age and deletes older
//! rows from the rest, counting what goes.

use ophion_core::Result;
use ophion_core::store::{RetentionPolicy, RetentionReport};

use super::PostgresStore;
use super::append::i64_of;
use super::error::error;
use super::query::{scope_to, u64_of};

/// Each table with its nanosecond and partitioning time columns.
const RETAINED: [(&str, &str, &str); 4] = [
    ("spans", "start_ns", "start_time"),
    ("trace_index", "", "end_time"),
    ("logs", "time_ns", "time"),
    ("metric_points", "time_ns", "time"),
];

impl PostgresStore {
    pub(super) async fn retention(
        &self,
        policy: RetentionPolicy,
        now_unix_nanos: u64,
    ) -> Result<RetentionReport> {
        let mut report = RetentionReport::default();
        for (table, ns_column, time_column) in RETAINED {
            let age = match table {
                "spans" | "trace_index" => policy.traces,
                "logs" => policy.logs,
                _ => policy.metrics,
            };
            let cutoff =
                now_unix_nanos.saturating_sub(u64::try_from(age.as_nanos()).unwrap_or(u64::MAX));
            let deleted = self.drop_older(table, ns_column, time_column, cutoff).await?;
            match table {
                "spans" => report.spans_deleted = deleted,
                "logs" => report.logs_deleted = deleted,
                "metric_points" => report.points_deleted = deleted,
                _ => {}
            }
        }
        Ok(report)
    }

    async fn drop_older(
        &self,
        table: &str,
        ns_column: &str,
        time_column: &str,
        cutoff_ns: u64,
    ) -> Result<u64> {
        let mut tx = self.pool.begin().await.map_err(error)?;
        scope_to(&mut tx, "*").await?;
        let mut deleted = 0u64;
        // Day partitions ending at or before the cutoff go whole.
        let cutoff_day = cutoff_ns / (86_400 * 1_000_000_000);
        let partitions: Vec<String> = sqlx::query_scalar(
            "SELECT c.relname::text FROM pg_inherits i
             JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
             WHERE p.relname = $1 AND c.relname ~ '_d[0-9]+$'",
        )
        .bind(table)
        .fetch_all(&mut *tx)
        .await
        .map_err(error)?;
        for partition in partitions {
            let day: u64 =
                partition.rsplit("_d").next().and_then(|d| d.parse().ok()).unwrap_or(u64::MAX);
            if day < cutoff_day {
                // The name came from the catalogue and matched `<table>_d<digits>`.
                let count: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {partition}"))
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(error)?;
                sqlx::query(&format!("DROP TABLE {partition}"))
                    .execute(&mut *tx)
                    .await
                    .map_err(error)?;
                deleted += u64_of(count);
                self.partitions.lock().await.retain(|&(t, d)| !(t == table && d == day));
            }
        }
        let condition = if ns_column.is_empty() {
            format!(
                "{time_column} < 'epoch'::timestamptz + ($1::bigint / 1000) * interval '1 microsecond'"
            )
        } else {
            format!("{ns_column} < $1")
        };
        let result = sqlx::query(&format!("DELETE FROM {table} WHERE {condition}"))
            .bind(i64_of(cutoff_ns))
            .execute(&mut *tx)
            .await
            .map_err(error)?;
        deleted += result.rows_affected();
        tx.commit().await.map_err(error)?;
        Ok(deleted)
    }
}
