//! The seed's metrics API: query (points, names, latest, aggregate, series) and the JSON
//! ingest endpoints, which become OTLP metrics and go through the same pipeline and queue.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use ophion_core::otlp::collector::metrics::v1::ExportMetricsServiceRequest;
use ophion_core::otlp::common::v1::{AnyValue, KeyValue, any_value};
use ophion_core::otlp::metrics::v1::{
    AggregationTemporality, Gauge, Metric, NumberDataPoint, ResourceMetrics, ScopeMetrics, Sum,
    metric, number_data_point,
};
use ophion_core::otlp::resource::v1::Resource;
use ophion_core::query::{
    MetricAggregate, MetricName, MetricPoint, MetricQuery, Page, SeriesFunction, SeriesPoint,
    SeriesQuery, TimeRange,
};
use ophion_core::time::now_unix_nanos;
use ophion_core::{Batch, Error, Payload, Principal, TenantId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::access::Caller;
use crate::params::{Params, next_cursor, parse_time};
use crate::{ApiResult, ApiState};

pub const MAX_BATCH: usize = 10_000;
const MAX_SERIES_POINTS: u64 = 11_000;
const RETENTION_WINDOW_NS: u64 = 400 * 86_400 * 1_000_000_000;

/// The bucket width of a series over `range`: `step` when given, else a 60th of the range
/// (at least 1 s). Refused when it would make more than `MAX_SERIES_POINTS` buckets.
pub(crate) fn series_step(step: Option<u64>, range: TimeRange) -> Result<u64, Error> {
    let span = range.end_ns - range.start_ns;
    let step = step.unwrap_or((span / 60).max(1_000_000_000));
    if step == 0 || span / step > MAX_SERIES_POINTS {
        return Err(Error::invalid(format!(
            "step is too small for the range: at most {MAX_SERIES_POINTS} buckets per request"
        )));
    }
    Ok(step)
}

/// `fn`: avg, sum, min, max, count, rate or p1–p99.
pub(crate) fn series_function(name: &str) -> Result<SeriesFunction, Error> {
    Ok(match name {
        "avg" => SeriesFunction::Avg,
        "sum" => SeriesFunction::Sum,
        "min" => SeriesFunction::Min,
        "max" => SeriesFunction::Max,
        "count" => SeriesFunction::Count,
        "rate" => SeriesFunction::Rate,
        q => match q.strip_prefix('p').and_then(|n| n.parse::<u8>().ok()) {
            Some(n) if (1..=99).contains(&n) => SeriesFunction::Quantile(n),
            _ => {
                return Err(Error::invalid(format!(
                    "fn must be avg, sum, min, max, count, rate or p1-p99, got {name:?}"
                )));
            }
        },
    })
}

fn metric_query(
    tenant: TenantId,
    p: &mut Params,
    name: Option<String>,
    default_span_ns: Option<u64>,
) -> ApiResult<MetricQuery> {
    let range = match default_span_ns {
        Some(span) => p.time_range_or(span)?,
        None => p.time_range()?,
    };
    Ok(MetricQuery {
        tenant,
        range,
        name: name.or_else(|| p.take("name")),
        service: p.take("service"),
        attributes: Vec::new(),
        page: p.page()?,
    })
}

#[derive(Serialize, ToSchema)]
pub struct PointsResponse {
    pub points: Vec<MetricPoint>,
    /// Where the next page starts, absent on the last page: pass it back as `cursor` with the
    /// same query. Opaque; valid for the list and sort it came from.
    pub next_cursor: Option<String>,
}

/// Stored data points, newest first, filtered by name, service and `attr.<key>` labels.
#[utoipa::path(get, path = "/api/v1/metrics", params(
    ("name" = Option<String>, Query), ("service" = Option<String>, Query), ("start" = Option<String>, Query),
    ("end" = Option<String>, Query), ("limit" = Option<usize>, Query), ("cursor" = Option<String>, Query, description = "The next_cursor of the previous page, with the same query (sort included); an opaque token")),
    responses((status = 200, body = PointsResponse), (status = 400, body = crate::error::ErrorBody)))]
pub async fn points(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<PointsResponse>> {
    let mut p = Params::new(raw)?;
    let mut query = metric_query(caller.tenant.clone(), &mut p, None, None)?;
    query.attributes = p.finish(&["name", "service", "start", "end", "limit", "cursor"], true)?;
    let page = state.store.metric_points(&query).await?;
    let next_cursor = next_cursor(page.next.as_ref());
    Ok(Json(PointsResponse { points: page.items, next_cursor }))
}

#[derive(Serialize, ToSchema)]
pub struct NamesResponse {
    pub metrics: Vec<MetricName>,
}

/// Metric names seen in the range (default: the last 24 hours).
#[utoipa::path(get, path = "/api/v1/metrics/names", params(("start" = Option<String>, Query), ("end" = Option<String>, Query)),
    responses((status = 200, body = NamesResponse), (status = 400, body = crate::error::ErrorBody)))]
pub async fn names(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<NamesResponse>> {
    let mut p = Params::new(raw)?;
    let range = p.time_range_or(86_400 * 1_000_000_000)?;
    p.finish(&["start", "end"], false)?;
    let metrics = state.store.metric_names(&caller.tenant.clone(), range).await?;
    Ok(Json(NamesResponse { metrics }))
}

fn check_name(name: &str) -> Result<(), Error> {
    if name.is_empty() || name.len() > 255 {
        return Err(Error::invalid("metric name must be 1-255 characters"));
    }
    Ok(())
}

#[derive(Serialize, ToSchema)]
pub struct LatestResponse {
    pub point: MetricPoint,
}

/// The newest point of a metric (any time within retention unless `start`/`end` are given).
#[utoipa::path(get, path = "/api/v1/metrics/latest/{name}", params(("name" = String, Path), ("service" = Option<String>, Query)),
    responses((status = 200, body = LatestResponse), (status = 404, body = crate::error::ErrorBody)))]
pub async fn latest(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    Path(name): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<LatestResponse>> {
    check_name(&name)?;
    let mut p = Params::new(raw)?;
    let mut query =
        metric_query(caller.tenant.clone(), &mut p, Some(name.clone()), Some(RETENTION_WINDOW_NS))?;
    query.attributes = p.finish(&["service", "start", "end"], true)?;
    query.page = Page::first(1);
    let point = state.store.metric_points(&query).await?.items.into_iter().next();
    let point =
        point.ok_or_else(|| Error::not_found(format!("no data points for metric {name:?}")))?;
    Ok(Json(LatestResponse { point }))
}

/// count, sum, avg, min, max, p50, p95, p99 over the range.
#[utoipa::path(get, path = "/api/v1/metrics/aggregate/{name}", params(("name" = String, Path), ("start" = Option<String>, Query),
    ("end" = Option<String>, Query), ("service" = Option<String>, Query)),
    responses((status = 200, body = MetricAggregate), (status = 400, body = crate::error::ErrorBody)))]
pub async fn aggregate(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    Path(name): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<MetricAggregate>> {
    check_name(&name)?;
    let mut p = Params::new(raw)?;
    let mut query = metric_query(caller.tenant.clone(), &mut p, Some(name), None)?;
    query.attributes = p.finish(&["service", "start", "end"], true)?;
    Ok(Json(state.store.metric_aggregate(&query).await?))
}

#[derive(Serialize, ToSchema)]
pub struct SeriesResponse {
    pub name: String,
    pub function: String,
    pub step_ms: u64,
    pub points: Vec<SeriesPoint>,
}

/// Time-bucketed series. `fn`: avg (default), sum, min, max, count, rate (per-second
/// increase of a monotonic sum), p50, p90, p95, p99 (from values or histogram buckets).
#[utoipa::path(get, path = "/api/v1/metrics/series/{name}", params(("name" = String, Path), ("step" = Option<String>, Query),
    ("fn" = Option<String>, Query), ("start" = Option<String>, Query), ("end" = Option<String>, Query), ("service" = Option<String>, Query)),
    responses((status = 200, body = SeriesResponse), (status = 400, body = crate::error::ErrorBody)))]
pub async fn series(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    Path(name): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<SeriesResponse>> {
    check_name(&name)?;
    let mut p = Params::new(raw)?;
    let step = p.duration_ns("step")?;
    let function_name = p.take("fn").unwrap_or_else(|| "avg".into());
    let function = series_function(&function_name)?;
    let mut metric = metric_query(caller.tenant.clone(), &mut p, Some(name.clone()), None)?;
    metric.attributes = p.finish(&["step", "fn", "service", "start", "end"], true)?;
    let step = series_step(step, metric.range)?;
    let points =
        state.store.metric_series(&SeriesQuery { metric, step_ns: step, function }).await?;
    Ok(Json(SeriesResponse { name, function: function_name, step_ms: step / 1_000_000, points }))
}

// ---- ingest ---------------------------------------------------------------------------------

/// One measurement in the seed's JSON format.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricInput {
    pub name: String,
    pub value: f64,
    /// RFC 3339 string or Unix milliseconds; default: now.
    #[schema(value_type = Option<String>)]
    pub timestamp: Option<serde_json::Value>,
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// `gauge` (default) or `counter` (a monotonic cumulative total).
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub description: String,
    /// Sets the resource's `service.name`.
    pub service: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricBatchInput {
    pub metrics: Vec<MetricInput>,
}

#[derive(Serialize, ToSchema)]
pub struct IngestResponse {
    pub accepted: u64,
}

#[utoipa::path(post, path = "/api/v1/metrics/ingest", request_body = MetricInput,
    responses((status = 200, body = IngestResponse), (status = 400, body = crate::error::ErrorBody), (status = 429)))]
pub async fn ingest_one(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    body: axum::body::Body,
) -> ApiResult<Json<IngestResponse>> {
    let input: MetricInput = parse_json(&read_body(body).await?)?;
    ingest(&state, caller, vec![input]).await
}

/// Up to 10,000 measurements in one request.
#[utoipa::path(post, path = "/api/v1/metrics/ingest/batch", request_body = MetricBatchInput,
    responses((status = 200, body = IngestResponse), (status = 400, body = crate::error::ErrorBody), (status = 429)))]
pub async fn ingest_batch(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    body: axum::body::Body,
) -> ApiResult<Json<IngestResponse>> {
    let input: MetricBatchInput = parse_json(&read_body(body).await?)?;
    if input.metrics.is_empty() {
        return Err(Error::invalid("metrics must not be empty").into());
    }
    if input.metrics.len() > MAX_BATCH {
        return Err(Error::invalid(format!(
            "a batch holds at most {MAX_BATCH} metrics, got {}",
            input.metrics.len()
        ))
        .into());
    }
    ingest(&state, caller, input.metrics).await
}

/// Largest JSON ingest body: 10,000 measurements with labels fit comfortably.
const MAX_INGEST_BODY: usize = 16 << 20;

#[allow(clippy::disallowed_methods)] // collect() on a Limited body
async fn read_body(body: axum::body::Body) -> Result<bytes::Bytes, Error> {
    use http_body_util::BodyExt;
    match http_body_util::Limited::new(body, MAX_INGEST_BODY).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => {
            Err(Error::too_large(format!("request body exceeds {MAX_INGEST_BODY} bytes")))
        }
        Err(e) => Err(Error::invalid(format!("could not read request body: {e}"))),
    }
}

fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let at = if path == "." { String::new() } else { format!(" at {path}") };
        Error::invalid(format!("invalid JSON body{at}: {}", e.inner()))
    })
}

async fn ingest(
    state: &ApiState,
    caller: Principal,
    inputs: Vec<MetricInput>,
) -> ApiResult<Json<IngestResponse>> {
    state.limits.ingest.admit(&caller.tenant).map_err(|wait| {
        Error::rate_limited(format!("tenant {} is over its ingest quota", caller.tenant), wait)
    })?;
    let request = to_otlp(inputs, now_unix_nanos())?;
    let receipt =
        state.ingest.ingest(Batch::new(caller.tenant.clone(), Payload::Metrics(request))).await?;
    state.limits.ingest.charge(&caller.tenant, (receipt.accepted + receipt.rejected) as f64);
    Ok(Json(IngestResponse { accepted: receipt.accepted }))
}

fn string_kv(key: &str, value: &str) -> KeyValue {
    KeyValue {
        key: key.to_string(),
        value: Some(AnyValue { value: Some(any_value::Value::StringValue(value.to_string())) }),
        ..Default::default()
    }
}

/// One resource per service; one OTLP metric per input (the store keys points by name).
fn to_otlp(inputs: Vec<MetricInput>, now: u64) -> Result<ExportMetricsServiceRequest, Error> {
    let mut by_service: BTreeMap<Option<String>, Vec<Metric>> = BTreeMap::new();
    for (i, input) in inputs.into_iter().enumerate() {
        let at = |msg: String| Error::invalid(format!("metrics[{i}]: {msg}"));
        check_name(&input.name).map_err(|e| at(e.message))?;
        if !input.value.is_finite() {
            return Err(at("value must be a finite number".into()));
        }
        let time = match &input.timestamp {
            None => now,
            Some(serde_json::Value::Number(n)) => n
                .as_u64()
                .and_then(|ms| ms.checked_mul(1_000_000))
                .ok_or_else(|| at("timestamp must be Unix milliseconds or RFC 3339".into()))?,
            Some(serde_json::Value::String(s)) => {
                parse_time("timestamp", s).map_err(|e| at(e.message))?
            }
            Some(_) => return Err(at("timestamp must be Unix milliseconds or RFC 3339".into())),
        };
        let point = NumberDataPoint {
            attributes: input.labels.iter().map(|(k, v)| string_kv(k, v)).collect(),
            time_unix_nano: time,
            value: Some(number_data_point::Value::AsDouble(input.value)),
            ..Default::default()
        };
        let data = match input.kind.as_deref() {
            None | Some("gauge") => metric::Data::Gauge(Gauge { data_points: vec![point] }),
            Some("counter") => metric::Data::Sum(Sum {
                data_points: vec![point],
                aggregation_temporality: AggregationTemporality::Cumulative as i32,
                is_monotonic: true,
            }),
            Some(other) => return Err(at(format!("type must be gauge or counter, got {other:?}"))),
        };
        let metric = Metric {
            name: input.name,
            description: input.description,
            unit: input.unit,
            data: Some(data),
            ..Default::default()
        };
        by_service.entry(input.service).or_default().push(metric);
    }
    let resource_metrics = by_service
        .into_iter()
        .map(|(service, metrics)| ResourceMetrics {
            resource: Some(Resource {
                attributes: service.iter().map(|s| string_kv("service.name", s)).collect(),
                ..Default::default()
            }),
            scope_metrics: vec![ScopeMetrics { metrics, ..Default::default() }],
            ..Default::default()
        })
        .collect();
    Ok(ExportMetricsServiceRequest { resource_metrics })
}
