//! Per-minute service rollups. For every tenant, service and minute of span start time,
//! `service_rollup` holds the span count, the error count and a log-scale histogram of
//! durations, written in the same transaction as the spans (so replay and crashes keep both
//! in step). A service summary over a range reads whole minutes from here and only the
//! partial minutes at the range's edges from `spans`: an hour of 10M spans is about a
//! thousand rollup rows. Percentiles come from the histogram, whose buckets grow by 0.5 %:
//! each is within 0.25 % of the exact value.
//!
//! Each transaction adds one row per (tenant, service, minute) it touched; `compact` folds a
//! key's rows into one, so the table stays one row per minute and service.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use duckdb::Connection;
use duckdb::arrow::array::{
    ArrayBuilder, ArrayRef, ListBuilder, StringBuilder, UInt16Builder, UInt64Builder,
};
use duckdb::arrow::record_batch::RecordBatch;
use duckdb::types::Value;
use ophion_core::query::{ServiceSummary, TimeRange};
use ophion_core::{Result, TenantId};

use super::columns;
use super::error::DuckResultExt;
use super::filter::Sql;
use crate::encoding::STATUS_CODE_ERROR;

pub(crate) const MINUTE_NS: u64 = 60_000_000_000;

/// Bucket `i ≥ 1` holds durations in (γ^(i−1), γ^i] nanoseconds; bucket 0 holds 0 and 1 ns.
/// The largest duration, 2^64 ns, lands in bucket 8,895.
const GAMMA: f64 = 1.005;

pub(crate) fn bucket(duration_ns: u64) -> u16 {
    if duration_ns <= 1 {
        return 0;
    }
    ((duration_ns as f64).ln() / GAMMA.ln()).ceil() as u16
}

/// [`bucket`] in SQL, for rows read from `spans`.
fn bucket_sql() -> String {
    format!(
        "(CASE WHEN duration_ns <= 1 THEN 0 \
          ELSE ceil(ln(duration_ns::DOUBLE) / ln({GAMMA})) END)::USMALLINT"
    )
}

/// The value a bucket stands for: the point with the same relative distance to both ends.
fn bucket_value(bucket: u16) -> f64 {
    if bucket == 0 {
        return 0.0;
    }
    2.0 * GAMMA.powi(i32::from(bucket)) / (1.0 + GAMMA)
}

/// Counts and a duration histogram for one service over some time.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Summary {
    pub spans: u64,
    pub errors: u64,
    pub histogram: BTreeMap<u16, u64>,
}

impl Summary {
    fn add(&mut self, duration_ns: u64, error: bool) {
        self.spans += 1;
        self.errors += u64::from(error);
        *self.histogram.entry(bucket(duration_ns)).or_default() += 1;
    }

    /// The `q` quantile in nanoseconds, interpolated between the two nearest ranks as
    /// `quantile_cont` (and ClickHouse's `quantileExactInclusive`) do.
    pub(crate) fn quantile_ns(&self, q: f64) -> f64 {
        let total: u64 = self.histogram.values().sum();
        if total == 0 {
            return 0.0;
        }
        let rank = q.clamp(0.0, 1.0) * (total - 1) as f64;
        let (low, high) = (rank.floor() as u64, rank.ceil() as u64);
        let (low_value, high_value) = (self.value_at(low), self.value_at(high));
        low_value + (rank - low as f64) * (high_value - low_value)
    }

    /// The value of the `rank`-th smallest duration (0-based).
    fn value_at(&self, rank: u64) -> f64 {
        let mut seen = 0;
        for (&bucket, &count) in &self.histogram {
            seen += count;
            if rank < seen {
                return bucket_value(bucket);
            }
        }
        self.histogram.keys().next_back().map_or(0.0, |&b| bucket_value(b))
    }
}

/// The rollup rows of one append, keyed by (tenant, service, minute).
#[derive(Default)]
pub(crate) struct Rollups<'a>(HashMap<(&'a str, Cow<'a, str>, u64), Summary>);

impl<'a> Rollups<'a> {
    pub(crate) fn add(
        &mut self,
        tenant: &'a str,
        service: Cow<'a, str>,
        start_ns: u64,
        duration_ns: u64,
        status_code: i32,
    ) {
        let minute = start_ns - start_ns % MINUTE_NS;
        self.0
            .entry((tenant, service, minute))
            .or_default()
            .add(duration_ns, status_code == STATUS_CODE_ERROR);
    }

    /// The rows in `service_rollup` column order.
    pub(crate) fn record_batch(&self) -> Result<RecordBatch> {
        let mut tenant = StringBuilder::new();
        let mut service = StringBuilder::new();
        let mut minute = UInt64Builder::new();
        let mut spans = UInt64Builder::new();
        let mut errors = UInt64Builder::new();
        let mut buckets = ListBuilder::new(UInt16Builder::new());
        let mut counts = ListBuilder::new(UInt64Builder::new());
        for ((t, s, m), summary) in &self.0 {
            tenant.append_value(t);
            service.append_value(s);
            minute.append_value(*m);
            spans.append_value(summary.spans);
            errors.append_value(summary.errors);
            for (&bucket, &count) in &summary.histogram {
                buckets.values().append_value(bucket);
                counts.values().append_value(count);
            }
            buckets.append(true);
            counts.append(true);
        }
        let columns: Vec<ArrayRef> = vec![
            ArrayBuilder::finish(&mut tenant),
            ArrayBuilder::finish(&mut service),
            ArrayBuilder::finish(&mut minute),
            ArrayBuilder::finish(&mut spans),
            ArrayBuilder::finish(&mut errors),
            ArrayBuilder::finish(&mut buckets),
            ArrayBuilder::finish(&mut counts),
        ];
        columns::record_batch(columns, None)
    }
}

/// Rebuilds the rollups of every stored span (schema version 1 had none): one row per
/// tenant, service and minute.
pub(crate) fn backfill(conn: &Connection) -> Result<()> {
    conn.execute_batch(&format!(
        "INSERT INTO service_rollup
         SELECT tenant, service_name, minute_ns, sum(n)::UBIGINT, sum(e)::UBIGINT,
                list(b ORDER BY b), list(n ORDER BY b)
         FROM (SELECT tenant, service_name, start_ns - start_ns % {MINUTE_NS} AS minute_ns,
                      {bucket} AS b, count(*)::UBIGINT AS n,
                      count(*) FILTER (WHERE status_code = {STATUS_CODE_ERROR}) AS e
               FROM spans GROUP BY ALL)
         GROUP BY tenant, service_name, minute_ns",
        bucket = bucket_sql(),
    ))
    .store_err()
}

/// Folds the rows of every (tenant, service, minute) that has more than one into a single
/// row, in one transaction. Returns the keys folded.
pub(crate) fn compact(conn: &mut Connection) -> Result<u64> {
    let tx = conn.transaction().store_err()?;
    tx.execute_batch(
        "CREATE OR REPLACE TEMP TABLE rollup_dirty AS
         SELECT tenant, service_name, minute_ns FROM service_rollup
         GROUP BY ALL HAVING count(*) > 1",
    )
    .store_err()?;
    let keys: u64 =
        tx.query_row("SELECT count(*) FROM rollup_dirty", [], |row| row.get(0)).store_err()?;
    if keys > 0 {
        tx.execute_batch(
            "CREATE OR REPLACE TEMP TABLE rollup_merged AS
             WITH dirty AS (
                 SELECT r.* FROM service_rollup r
                 SEMI JOIN rollup_dirty USING (tenant, service_name, minute_ns)),
             totals AS (
                 SELECT tenant, service_name, minute_ns, sum(span_count)::UBIGINT AS spans,
                        sum(error_count)::UBIGINT AS errors
                 FROM dirty GROUP BY ALL),
             histogram AS (
                 SELECT tenant, service_name, minute_ns, bucket, sum(n)::UBIGINT AS n
                 FROM (SELECT tenant, service_name, minute_ns, unnest(buckets) AS bucket,
                              unnest(counts) AS n FROM dirty)
                 GROUP BY ALL)
             SELECT t.tenant, t.service_name, t.minute_ns, t.spans, t.errors,
                    list(h.bucket ORDER BY h.bucket), list(h.n ORDER BY h.bucket)
             FROM totals t JOIN histogram h USING (tenant, service_name, minute_ns)
             GROUP BY t.tenant, t.service_name, t.minute_ns, t.spans, t.errors;
             DELETE FROM service_rollup USING rollup_dirty
             WHERE service_rollup.tenant = rollup_dirty.tenant
               AND service_rollup.service_name = rollup_dirty.service_name
               AND service_rollup.minute_ns = rollup_dirty.minute_ns;
             INSERT INTO service_rollup SELECT * FROM rollup_merged;
             DROP TABLE rollup_merged;",
        )
        .store_err()?;
    }
    tx.execute_batch("DROP TABLE rollup_dirty").store_err()?;
    tx.commit().store_err()?;
    Ok(keys)
}

/// Deletes the rollups of minutes that ended before `cutoff_ns`. The minute the cutoff falls
/// in keeps its row until a later run: its spans are partly deleted, partly not.
pub(crate) fn enforce_retention(conn: &Connection, cutoff_ns: u64) -> Result<usize> {
    conn.execute("DELETE FROM service_rollup WHERE minute_ns + ? <= ?", [MINUTE_NS, cutoff_ns])
        .store_err()
}

/// The whole minutes inside `range`, if any.
fn whole_minutes(range: TimeRange) -> Option<TimeRange> {
    let start = range.start_ns.div_ceil(MINUTE_NS).checked_mul(MINUTE_NS)?;
    let end = range.end_ns - range.end_ns % MINUTE_NS;
    (start < end).then_some(TimeRange { start_ns: start, end_ns: end })
}

/// Per-service summaries over `range`: whole minutes from the rollups, the rest from spans.
/// DuckDB merges the histograms; what comes back is one row per service and bucket.
pub(crate) fn summaries(
    conn: &Connection,
    tenant: &TenantId,
    range: TimeRange,
) -> Result<BTreeMap<String, Summary>> {
    let by_service = step_summaries(conn, tenant, range, None)?;
    Ok(by_service.into_iter().map(|((service, _), summary)| (service, summary)).collect())
}

/// Per-service summaries for each `step_ns` of `range` (all of it as step 0 without one),
/// keyed by service and step index. Steps count from [`step_origin`]: with a step of whole
/// minutes each rollup minute lies in one step, so every figure is exact.
pub(crate) fn step_summaries(
    conn: &Connection,
    tenant: &TenantId,
    range: TimeRange,
    step_ns: Option<u64>,
) -> Result<BTreeMap<(String, u64), Summary>> {
    let mut out = BTreeMap::new();
    let tenant = || Value::Text(tenant.as_str().to_owned());
    // The step index of a time column, as SQL with bound integers.
    let step_of = |sql: &mut Sql, column: &str| match step_ns {
        Some(step) => {
            sql.push(&format!("(({column} - "));
            sql.bind(Value::UBigInt(step_origin(range))).push(") // ").bind(Value::UBigInt(step));
            sql.push(")::UBIGINT");
        }
        None => {
            sql.push("0::UBIGINT");
        }
    };
    // The span rows outside the whole minutes, `[start, end)` pairs.
    let mut edges = vec![(range.start_ns, range.end_ns)];
    if let Some(whole) = whole_minutes(range) {
        let minutes = |sql: &mut Sql| {
            sql.bind(tenant()).push(" AND minute_ns >= ").bind(Value::UBigInt(whole.start_ns));
            sql.push(" AND minute_ns < ").bind(Value::UBigInt(whole.end_ns));
        };
        // Errors are counted per row, not per bucket: they come as rows without one.
        let mut sql = Sql::new("SELECT service_name, ");
        step_of(&mut sql, "minute_ns");
        sql.push(
            ", bucket, sum(n)::UBIGINT, 0::UBIGINT
             FROM (SELECT service_name, minute_ns, unnest(buckets) AS bucket, unnest(counts) AS n
                   FROM service_rollup WHERE tenant = ",
        );
        minutes(&mut sql);
        sql.push(") GROUP BY ALL UNION ALL SELECT service_name, ");
        step_of(&mut sql, "minute_ns");
        sql.push(
            ", NULL, 0::UBIGINT, sum(error_count)::UBIGINT FROM service_rollup WHERE tenant = ",
        );
        minutes(&mut sql);
        sql.push(" GROUP BY ALL");
        merge_rows(conn, &sql, &mut out)?;
        edges = vec![(range.start_ns, whole.start_ns), (whole.end_ns, range.end_ns)];
    }
    let mut sql = Sql::new("SELECT service_name, ");
    step_of(&mut sql, "start_ns");
    sql.push(&format!(
        ", {bucket} AS bucket, count(*)::UBIGINT,
                (count(*) FILTER (WHERE status_code = {STATUS_CODE_ERROR}))::UBIGINT
         FROM spans WHERE tenant = ",
        bucket = bucket_sql(),
    ));
    sql.bind(tenant()).push(" AND (");
    for (i, (start, end)) in edges.into_iter().enumerate() {
        sql.push(if i == 0 { "(start_ns >= " } else { " OR (start_ns >= " });
        sql.bind(Value::UBigInt(start)).push(" AND start_ns < ").bind(Value::UBigInt(end));
        sql.push(")");
    }
    sql.push(") GROUP BY ALL");
    merge_rows(conn, &sql, &mut out)?;
    Ok(out)
}

/// Where steps start: the minute the range starts in.
pub(crate) fn step_origin(range: TimeRange) -> u64 {
    range.start_ns - range.start_ns % MINUTE_NS
}

/// Adds rows of (service, step, bucket or NULL, spans in the bucket, errors) into `out`.
fn merge_rows(
    conn: &Connection,
    sql: &Sql,
    out: &mut BTreeMap<(String, u64), Summary>,
) -> Result<()> {
    let mut stmt = conn.prepare(&sql.text).store_err()?;
    let mut rows = stmt.query(duckdb::params_from_iter(sql.params.iter())).store_err()?;
    while let Some(row) = rows.next().store_err()? {
        let key = (row.get::<_, String>(0).store_err()?, row.get::<_, u64>(1).store_err()?);
        let bucket: Option<u16> = row.get(2).store_err()?;
        let spans: u64 = row.get(3).store_err()?;
        let summary = out.entry(key).or_default();
        summary.errors += row.get::<_, u64>(4).store_err()?;
        if let Some(bucket) = bucket {
            summary.spans += spans;
            *summary.histogram.entry(bucket).or_default() += spans;
        }
    }
    Ok(())
}

/// What the services endpoint reports, from the summaries.
pub(crate) fn service_summaries(
    summaries: BTreeMap<String, Summary>,
    range: TimeRange,
) -> Vec<ServiceSummary> {
    summaries
        .into_iter()
        .map(|(name, s)| {
            let percentiles =
                (s.quantile_ns(0.5) / 1e6, s.quantile_ns(0.95) / 1e6, s.quantile_ns(0.99) / 1e6);
            crate::fold::service_summary(name, s.spans, s.errors, range, percentiles)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bucket_value_is_within_a_quarter_percent_of_its_durations() {
        for d in
            [2u64, 3, 7, 1_000, 999_999, 1_000_000, 5_000_000, 123_456_789, 3_600 * 1_000_000_000]
        {
            let v = bucket_value(bucket(d));
            assert!((v - d as f64).abs() / d as f64 <= 0.0025 + 1e-12, "{d} → {v}");
        }
        assert!(bucket(u64::MAX) > bucket(u64::MAX / 2));
    }

    #[test]
    fn quantiles_interpolate_between_ranks_like_quantile_cont() {
        let mut s = Summary::default();
        for d in [5_000_000u64, 40_000_000] {
            s.add(d, false);
        }
        let p50 = s.quantile_ns(0.5);
        assert!((p50 - 22_500_000.0).abs() / 22_500_000.0 < 0.0025, "{p50}");
        assert_eq!(Summary::default().quantile_ns(0.99), 0.0);
    }

    #[test]
    fn whole_minutes_are_those_inside_the_range() {
        let r = |s, e| TimeRange { start_ns: s, end_ns: e };
        assert_eq!(whole_minutes(r(1, MINUTE_NS)), None);
        assert_eq!(whole_minutes(r(0, MINUTE_NS)), Some(r(0, MINUTE_NS)));
        assert_eq!(
            whole_minutes(r(MINUTE_NS - 1, 3 * MINUTE_NS + 5)),
            Some(r(MINUTE_NS, 3 * MINUTE_NS))
        );
    }
}
