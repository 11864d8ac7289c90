//! Retention: deletes what is older than each signal's age, counting it first. The tables'
//! TTL (from each row's `RetentionDays`) does the same on its own schedule; this makes a
//! changed policy take effect at once.

use ophion_core::Result;
use ophion_core::store::{RetentionPolicy, RetentionReport};

use super::ClickHouseStore;
use super::error::error;
use super::filter::{Sql, nanos};
use super::schema::quote_identifier;

impl ClickHouseStore {
    pub(super) async fn retention(
        &self,
        policy: RetentionPolicy,
        now_unix_nanos: u64,
    ) -> Result<RetentionReport> {
        let cutoff = |age: std::time::Duration| {
            now_unix_nanos.saturating_sub(u64::try_from(age.as_nanos()).unwrap_or(u64::MAX))
        };
        let spans = self.delete_older("otel_traces", "Timestamp", cutoff(policy.traces)).await?;
        self.delete_older("otel_traces_trace_id_ts", "End", cutoff(policy.traces)).await?;
        let logs = self.delete_older("otel_logs", "Timestamp", cutoff(policy.logs)).await?;
        let mut points = 0;
        for kind in ["gauge", "sum", "histogram", "exponential_histogram", "summary"] {
            let table = format!("otel_metrics_{kind}");
            points += self.delete_older(&table, "TimeUnix", cutoff(policy.metrics)).await?;
        }
        Ok(RetentionReport { spans_deleted: spans, logs_deleted: logs, points_deleted: points })
    }

    async fn delete_older(&self, table: &str, column: &str, cutoff_ns: u64) -> Result<u64> {
        let table = format!("{}.{table}", self.db);
        let older = |sql: &mut Sql| {
            sql.push(&format!("{column} < fromUnixTimestamp64Nano(toInt64("));
            sql.bind(nanos(cutoff_ns)).push("))");
        };
        let mut count = Sql::new(format!("SELECT count() FROM {table} WHERE "));
        older(&mut count);
        let count: u64 = count.query(&self.client).fetch_one().await.map_err(error)?;
        if count > 0 {
            // A Distributed table takes no mutations: in cluster mode they go to every node's
            // local table.
            let target = match &self.cluster {
                Some(cluster) => format!("{table}_local ON CLUSTER {}", quote_identifier(cluster)),
                None => table,
            };
            let mut delete = Sql::new(format!("ALTER TABLE {target} DELETE WHERE "));
            older(&mut delete);
            delete
                .query(&self.client)
                .with_setting("mutations_sync", "2")
                .execute()
                .await
                .map_err(error)?;
        }
        Ok(count)
    }
}
