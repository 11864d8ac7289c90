//! The read path for metric points: listing, names, aggregates and bucketed series, over
//! `ophion_metric_points`, the view of the five per-type tables.
//!
//! Gauge and sum values aggregate in SQL. Histograms, rates and counter resets need the
//! points in order per series, so those are fetched and folded in `crate::fold`.

use clickhouse::Row;
use ophion_core::query::{
    ListOrder, MetricAggregate, MetricName, MetricPoint, MetricQuery, Paged, SeriesPoint,
    SeriesQuery, TimeRange,
};
use ophion_core::{Result, TenantId};
use serde::Deserialize;

use super::ClickHouseStore;
use super::error::error;
use super::filter::{Sql, nanos};
use super::query::{PERCENTILES, attributes, u64_of};
use crate::filter::{Dialect, Filter, Keyset, Signal, SortKey};
use crate::fold::{self, NumberPoint, SeriesAggregate, SummaryPoint, bucket_count, series_points};
use crate::quantile::{HistogramPoint, Layout};
use crate::rows::AttributePairs;

const NUMBER_KINDS: &str = "Kind IN ('gauge', 'sum') AND Value IS NOT NULL";
const HISTOGRAM_KINDS: &str = "Kind IN ('histogram', 'exponential_histogram')";

const POINT_COLUMNS: &str = "toString(MetricName) AS name, Kind AS kind, \
    toString(MetricUnit) AS unit, MetricDescription AS description, \
    toString(ServiceName) AS service_name, toUnixTimestamp64Nano(TimeUnix) AS time_ns, \
    toUnixTimestamp64Nano(StartTimeUnix) AS start_time_ns, Value AS value, \
    IsMonotonic AS is_monotonic, Temporality AS temporality, Count AS count, Sum AS sum, \
    Min AS min, Max AS max, ExplicitBounds AS explicit_bounds, BucketCounts AS bucket_counts, \
    Scale AS scale, ZeroCount AS zero_count, PositiveOffset AS positive_offset, \
    PositiveBucketCounts AS positive_bucket_counts, NegativeOffset AS negative_offset, \
    NegativeBucketCounts AS negative_bucket_counts, Quantiles AS quantiles, \
    QuantileValues AS quantile_values, Flags AS flags, \
    CAST(Attributes, 'Map(String, String)') AS attributes, \
    CAST(ResourceAttributes, 'Map(String, String)') AS resource_attributes, \
    SeriesId AS series_id, QueuePosition AS queue_position, RowOrdinal AS row_ordinal";

#[derive(Row, Deserialize)]
struct PointFetch {
    name: String,
    kind: String,
    unit: String,
    description: String,
    service_name: String,
    time_ns: i64,
    start_time_ns: i64,
    value: Option<f64>,
    is_monotonic: Option<bool>,
    temporality: Option<String>,
    count: Option<u64>,
    sum: Option<f64>,
    min: Option<f64>,
    max: Option<f64>,
    explicit_bounds: Vec<f64>,
    bucket_counts: Vec<u64>,
    scale: Option<i32>,
    zero_count: Option<u64>,
    positive_offset: Option<i32>,
    positive_bucket_counts: Vec<u64>,
    negative_offset: Option<i32>,
    negative_bucket_counts: Vec<u64>,
    quantiles: Vec<f64>,
    quantile_values: Vec<f64>,
    flags: u32,
    attributes: AttributePairs,
    resource_attributes: AttributePairs,
    series_id: u64,
    queue_position: u64,
    row_ordinal: u32,
}

impl PointFetch {
    fn point(self) -> (MetricPoint, SortKey) {
        let key = SortKey {
            time_ns: u64_of(self.time_ns),
            name: self.name.clone(),
            series_id: self.series_id,
            row: vec![self.queue_position, self.row_ordinal.into()],
            ..SortKey::default()
        };
        let point = MetricPoint {
            name: self.name,
            kind: self.kind,
            unit: self.unit,
            description: self.description,
            service_name: self.service_name,
            time_unix_nano: u64_of(self.time_ns),
            start_time_unix_nano: u64_of(self.start_time_ns),
            value: self.value,
            is_monotonic: self.is_monotonic,
            temporality: self.temporality,
            count: self.count,
            sum: self.sum,
            min: self.min,
            max: self.max,
            explicit_bounds: self.explicit_bounds,
            bucket_counts: self.bucket_counts,
            scale: self.scale,
            zero_count: self.zero_count,
            positive_offset: self.positive_offset,
            positive_bucket_counts: self.positive_bucket_counts,
            negative_offset: self.negative_offset,
            negative_bucket_counts: self.negative_bucket_counts,
            quantiles: self.quantiles.into_iter().zip(self.quantile_values).collect(),
            flags: self.flags,
            attributes: attributes(self.attributes),
            resource_attributes: attributes(self.resource_attributes),
        };
        (point, key)
    }
}

#[derive(Row, Deserialize)]
struct NameRow {
    name: String,
    kind: String,
    unit: String,
    description: String,
    point_count: u64,
    last_seen: i64,
}

#[derive(Row, Deserialize)]
struct NumberAggregateRow {
    count: u64,
    sum: f64,
    avg: f64,
    min: f64,
    max: f64,
    q: Vec<f64>,
}

#[derive(Row, Deserialize)]
struct HistogramFetch {
    kind: String,
    series_id: u64,
    time_ns: i64,
    temporality: Option<String>,
    count: Option<u64>,
    sum: Option<f64>,
    min: Option<f64>,
    max: Option<f64>,
    explicit_bounds: Vec<f64>,
    bucket_counts: Vec<u64>,
    scale: Option<i32>,
    zero_count: Option<u64>,
    zero_threshold: Option<f64>,
    positive_offset: Option<i32>,
    positive_bucket_counts: Vec<u64>,
    negative_offset: Option<i32>,
    negative_bucket_counts: Vec<u64>,
}

impl HistogramFetch {
    fn point(self) -> HistogramPoint {
        let layout = if self.kind == "exponential_histogram" {
            Layout::Exponential {
                scale: self.scale.unwrap_or(0),
                zero_count: self.zero_count.unwrap_or(0),
                zero_threshold: self.zero_threshold.unwrap_or(0.0),
                positive_offset: self.positive_offset.unwrap_or(0),
                positive: self.positive_bucket_counts,
                negative_offset: self.negative_offset.unwrap_or(0),
                negative: self.negative_bucket_counts,
            }
        } else {
            Layout::Explicit { bounds: self.explicit_bounds, counts: self.bucket_counts }
        };
        HistogramPoint {
            series_id: self.series_id,
            time_ns: u64_of(self.time_ns),
            cumulative: self.temporality.as_deref() == Some("cumulative"),
            count: self.count.unwrap_or(0),
            sum: self.sum,
            min: self.min,
            max: self.max,
            layout,
        }
    }
}

const HISTOGRAM_COLUMNS: &str = "Kind AS kind, SeriesId AS series_id, \
    toUnixTimestamp64Nano(TimeUnix) AS time_ns, Temporality AS temporality, Count AS count, \
    Sum AS sum, Min AS min, Max AS max, ExplicitBounds AS explicit_bounds, \
    BucketCounts AS bucket_counts, Scale AS scale, ZeroCount AS zero_count, \
    ZeroThreshold AS zero_threshold, PositiveOffset AS positive_offset, \
    PositiveBucketCounts AS positive_bucket_counts, NegativeOffset AS negative_offset, \
    NegativeBucketCounts AS negative_bucket_counts";

#[derive(Row, Deserialize)]
struct SummaryFetch {
    series_id: u64,
    time_ns: i64,
    count: Option<u64>,
    sum: Option<f64>,
    quantiles: Vec<f64>,
    quantile_values: Vec<f64>,
}

#[derive(Row, Deserialize)]
struct NumberFetch {
    series_id: u64,
    time_ns: i64,
    start_time_ns: i64,
    value: f64,
    temporality: Option<String>,
    is_monotonic: Option<bool>,
}

#[derive(Row, Deserialize)]
struct SeriesRow {
    bucket: i64,
    value: f64,
}

/// The view over the five metric tables.
fn view(store: &ClickHouseStore) -> String {
    format!("{}.ophion_metric_points", store.db)
}

/// `SELECT {columns} FROM ophion_metric_points WHERE {the query's filter}`.
fn select(store: &ClickHouseStore, columns: &str, query: &MetricQuery) -> Sql {
    Sql::select(columns, &view(store), &Filter::points(query))
}

pub(super) async fn points(
    store: &ClickHouseStore,
    query: &MetricQuery,
) -> Result<Paged<MetricPoint>> {
    let keyset = Keyset::new::<Sql>(ListOrder::MetricPoints, &query.page)?;
    let mut sql = select(store, POINT_COLUMNS, query);
    sql.page("", &keyset);
    let rows: Vec<PointFetch> = store.fetch_all(&sql).await?;
    Ok(keyset.page(rows.into_iter().map(PointFetch::point).collect()))
}

pub(super) async fn names(
    store: &ClickHouseStore,
    tenant: &TenantId,
    range: TimeRange,
) -> Result<Vec<MetricName>> {
    let mut sql = Sql::new(format!(
        "SELECT toString(MetricName) AS name, Kind AS kind,
                toString(argMax(MetricUnit, TimeUnix)) AS unit,
                argMax(MetricDescription, TimeUnix) AS description,
                count() AS point_count, toUnixTimestamp64Nano(max(TimeUnix)) AS last_seen
         FROM {} WHERE ",
        view(store)
    ));
    sql.filter("", &Filter::new(Signal::Points, tenant, range));
    sql.push(" GROUP BY MetricName, Kind ORDER BY name, kind");
    let rows: Vec<NameRow> = store.fetch_all(&sql).await?;
    Ok(rows
        .into_iter()
        .map(|r| MetricName {
            name: r.name,
            kind: r.kind,
            unit: r.unit,
            description: r.description,
            point_count: r.point_count,
            last_seen_unix_nano: u64_of(r.last_seen),
        })
        .collect())
}

pub(super) async fn aggregate(
    store: &ClickHouseStore,
    query: &MetricQuery,
) -> Result<MetricAggregate> {
    let name = fold::aggregate_name(query)?;
    let mut sql = Sql::new(format!(
        "SELECT count() AS count, sum(v) AS sum, avg(v) AS avg, min(v) AS min, max(v) AS max,
                {PERCENTILES}(v) AS q
         FROM (SELECT assumeNotNull(Value) AS v FROM {} WHERE ",
        view(store)
    ));
    sql.filter("", &Filter::points(query)).push(&format!(" AND {NUMBER_KINDS})"));
    let row: NumberAggregateRow = sql.query(&store.client).fetch_one().await.map_err(error)?;
    if row.count > 0 {
        return Ok(MetricAggregate {
            name,
            count: row.count,
            sum: row.sum,
            avg: Some(row.avg),
            min: Some(row.min),
            max: Some(row.max),
            p50: row.q.first().copied(),
            p95: row.q.get(1).copied(),
            p99: row.q.get(2).copied(),
        });
    }
    let (histograms, summaries) = (histogram_points(store, query), summary_points(store, query));
    fold::distribution_aggregate(name, histograms, summaries).await
}

/// Histogram points in time order.
async fn histogram_points(
    store: &ClickHouseStore,
    query: &MetricQuery,
) -> Result<Vec<HistogramPoint>> {
    let mut sql = select(store, HISTOGRAM_COLUMNS, query);
    sql.push(&format!(" AND {HISTOGRAM_KINDS} ORDER BY TimeUnix, SeriesId"));
    let rows: Vec<HistogramFetch> = store.fetch_all(&sql).await?;
    Ok(rows.into_iter().map(HistogramFetch::point).collect())
}

async fn summary_points(store: &ClickHouseStore, query: &MetricQuery) -> Result<Vec<SummaryPoint>> {
    let mut sql = select(
        store,
        "SeriesId AS series_id, toUnixTimestamp64Nano(TimeUnix) AS time_ns, Count AS count,
         Sum AS sum, Quantiles AS quantiles, QuantileValues AS quantile_values",
        query,
    );
    sql.push(" AND Kind = 'summary' ORDER BY TimeUnix, SeriesId");
    let rows: Vec<SummaryFetch> = store.fetch_all(&sql).await?;
    Ok(rows
        .into_iter()
        .map(|r| SummaryPoint {
            series_id: r.series_id,
            time_ns: u64_of(r.time_ns),
            count: r.count.unwrap_or(0),
            sum: r.sum.unwrap_or(0.0),
            quantiles: r.quantiles.into_iter().zip(r.quantile_values).collect(),
        })
        .collect())
}

pub(super) async fn series(
    store: &ClickHouseStore,
    query: &SeriesQuery,
) -> Result<Vec<SeriesPoint>> {
    let range = query.metric.range;
    let step_ns = query.step_ns;
    bucket_count(range, step_ns)?;
    let how = fold::series_aggregate(query.function)?;
    let aggregate = match how {
        SeriesAggregate::Sql("count") => "toFloat64(count())".to_owned(),
        SeriesAggregate::Sql(function) => format!("{function}(v)"),
        SeriesAggregate::Rate => return rate_series(store, query).await,
        // A number from a validated percentage: no user text reaches the SQL.
        SeriesAggregate::Quantile(q) => format!("quantileExactInclusive({q})(v)"),
    };
    let mut sql = Sql::new("SELECT intDiv(toUnixTimestamp64Nano(TimeUnix) - toInt64(");
    sql.bind(nanos(range.start_ns)).push("), toInt64(").bind(nanos(step_ns));
    sql.push(&format!(
        ")) AS bucket, toFloat64({aggregate}) AS value
         FROM (SELECT TimeUnix, assumeNotNull(Value) AS v FROM {} WHERE ",
        view(store)
    ));
    sql.filter("", &Filter::points(&query.metric));
    sql.push(&format!(" AND {NUMBER_KINDS}) GROUP BY bucket ORDER BY bucket"));
    let rows: Vec<SeriesRow> = store.fetch_all(&sql).await?;
    if let SeriesAggregate::Quantile(q) = how
        && rows.is_empty()
    {
        let histograms = histogram_points(store, &query.metric);
        let summaries = summary_points(store, &query.metric);
        return fold::distribution_quantile_series(range, step_ns, q, histograms, summaries).await;
    }
    let buckets = rows.into_iter().map(|r| (u64_of(r.bucket), r.value)).collect();
    Ok(series_points(range, step_ns, buckets))
}

async fn rate_series(store: &ClickHouseStore, query: &SeriesQuery) -> Result<Vec<SeriesPoint>> {
    let mut sql = select(
        store,
        "SeriesId AS series_id, toUnixTimestamp64Nano(TimeUnix) AS time_ns,
         toUnixTimestamp64Nano(StartTimeUnix) AS start_time_ns, assumeNotNull(Value) AS value,
         Temporality AS temporality, IsMonotonic AS is_monotonic",
        &query.metric,
    );
    sql.push(&format!(" AND {NUMBER_KINDS} ORDER BY SeriesId, TimeUnix"));
    let rows: Vec<NumberFetch> = store.fetch_all(&sql).await?;
    let points: Vec<NumberPoint> = rows
        .into_iter()
        .map(|r| NumberPoint {
            series_id: r.series_id,
            time_ns: u64_of(r.time_ns),
            start_time_ns: u64_of(r.start_time_ns),
            value: r.value,
            delta: r.temporality.as_deref() == Some("delta"),
            monotonic: r.is_monotonic.unwrap_or(false),
        })
        .collect();
    Ok(fold::rate_series(query.metric.range, query.step_ns, &points))
}
