//! The metrics API: query (points, names, latest, aggregate, series) and the JSON ingest
//! endpoints, which become OTLP metrics and go through the same pipeline and queue.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use ophion_core::decoded_size::{self, Field, Shape};
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
use utoipa::openapi::schema::Schema;

use crate::access::Caller;
use crate::body::{JsonBody, JsonInput};
use crate::params::{
    CURSOR, END, Kind, LIMIT, Param, Params, PathName, QuerySpec, SERVICE, START, STEP, next_cursor,
};
use crate::values::{self, check_name, check_text, millis_to_ns, parse_digits, parse_time};
use crate::{ApiResult, ApiState};

pub const MAX_BATCH: usize = 10_000;
const MAX_SERIES_POINTS: u64 = 11_000;
const RETENTION_WINDOW_NS: u64 = 400 * 86_400 * 1_000_000_000;

const NAME: Param = Param::new("name", Kind::Name, "Only this metric");
pub(crate) const FUNCTION: Param = Param::new(
    "fn",
    Kind::SeriesFunction,
    "avg (default), sum, min, max, count, rate (per-second increase of a monotonic sum) or \
     p1-p99 (from values or histogram buckets)",
);
pub const POINTS_QUERY: QuerySpec =
    QuerySpec { params: &[NAME, SERVICE, START, END, LIMIT, CURSOR], attributes: true };
pub const NAMES_QUERY: QuerySpec = QuerySpec { params: &[START, END], attributes: false };
pub const ONE_METRIC_QUERY: QuerySpec =
    QuerySpec { params: &[SERVICE, START, END], attributes: true };
pub const SERIES_QUERY: QuerySpec =
    QuerySpec { params: &[STEP, FUNCTION, SERVICE, START, END], attributes: true };

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
        q => match q.strip_prefix('p').and_then(parse_digits) {
            Some(n @ 1..=99) => SeriesFunction::Quantile(n as u8),
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
        attributes: p.attributes(),
        page: p.page()?,
    })
}

/// The `{name}` of a metric route.
fn metric_name(PathName(name): PathName) -> ApiResult<String> {
    check_name("metric name", &name)?;
    Ok(name)
}

#[derive(Serialize, ToSchema)]
pub struct PointsResponse {
    pub points: Vec<MetricPoint>,
    pub next_cursor: Option<String>,
}

/// Stored data points, newest first, filtered by name, service and `attr.<key>` labels.
#[utoipa::path(get, path = "/api/v1/metrics",
    responses((status = 200, body = PointsResponse), (status = 400, body = crate::error::ErrorBody)))]
pub async fn points(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    mut p: Params,
) -> ApiResult<Json<PointsResponse>> {
    let query = metric_query(caller.tenant.clone(), &mut p, None, None)?;
    let page = state.store.metric_points(&query).await?;
    let next_cursor = next_cursor(page.next.as_ref());
    Ok(Json(PointsResponse { points: page.items, next_cursor }))
}

#[derive(Serialize, ToSchema)]
pub struct NamesResponse {
    pub metrics: Vec<MetricName>,
}

/// Metric names seen in the range (default: the last 24 hours).
#[utoipa::path(get, path = "/api/v1/metrics/names",
    responses((status = 200, body = NamesResponse), (status = 400, body = crate::error::ErrorBody)))]
pub async fn names(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    mut p: Params,
) -> ApiResult<Json<NamesResponse>> {
    let range = p.time_range_or(86_400 * 1_000_000_000)?;
    let metrics = state.store.metric_names(&caller.tenant.clone(), range).await?;
    Ok(Json(NamesResponse { metrics }))
}

#[derive(Serialize, ToSchema)]
pub struct LatestResponse {
    pub point: MetricPoint,
}

/// The newest point of a metric (any time within retention unless `start`/`end` are given).
#[utoipa::path(get, path = "/api/v1/metrics/latest/{name}",
    params(("name" = String, Path)),
    responses((status = 200, body = LatestResponse), (status = 400, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn latest(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    name: PathName,
    mut p: Params,
) -> ApiResult<Json<LatestResponse>> {
    let name = metric_name(name)?;
    let mut query =
        metric_query(caller.tenant.clone(), &mut p, Some(name.clone()), Some(RETENTION_WINDOW_NS))?;
    query.page = Page::first(1);
    let point = state.store.metric_points(&query).await?.items.into_iter().next();
    let point =
        point.ok_or_else(|| Error::not_found(format!("no data points for metric {name:?}")))?;
    Ok(Json(LatestResponse { point }))
}

/// count, sum, avg, min, max, p50, p95, p99 over the range.
#[utoipa::path(get, path = "/api/v1/metrics/aggregate/{name}",
    params(("name" = String, Path)),
    responses((status = 200, body = MetricAggregate), (status = 400, body = crate::error::ErrorBody)))]
pub async fn aggregate(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    name: PathName,
    mut p: Params,
) -> ApiResult<Json<MetricAggregate>> {
    let name = metric_name(name)?;
    let query = metric_query(caller.tenant.clone(), &mut p, Some(name), None)?;
    Ok(Json(state.store.metric_aggregate(&query).await?))
}

#[derive(Serialize, ToSchema)]
pub struct SeriesResponse {
    pub name: String,
    pub function: String,
    pub step_ms: u64,
    pub points: Vec<SeriesPoint>,
}

/// Time-bucketed series of a metric.
#[utoipa::path(get, path = "/api/v1/metrics/series/{name}",
    params(("name" = String, Path)),
    responses((status = 200, body = SeriesResponse), (status = 400, body = crate::error::ErrorBody)))]
pub async fn series(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    name: PathName,
    mut p: Params,
) -> ApiResult<Json<SeriesResponse>> {
    let name = metric_name(name)?;
    let step = p.duration_ns("step")?;
    let function_name = p.take("fn").unwrap_or_else(|| "avg".into());
    let function = series_function(&function_name)?;
    let metric = metric_query(caller.tenant.clone(), &mut p, Some(name.clone()), None)?;
    let step = series_step(step, metric.range)?;
    let points =
        state.store.metric_series(&SeriesQuery { metric, step_ns: step, function }).await?;
    Ok(Json(SeriesResponse { name, function: function_name, step_ms: step / 1_000_000, points }))
}

// ---- ingest ---------------------------------------------------------------------------------

/// More labels than this on one measurement is refused: the pipeline's attribute bound.
pub const MAX_LABELS: usize = 1024;

/// One measurement, as JSON.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricInput {
    #[schema(schema_with = values::name_schema)]
    pub name: String,
    pub value: f64,
    /// RFC 3339 string or Unix milliseconds; default (absent or null): now.
    #[schema(schema_with = values::json_time_schema)]
    pub timestamp: Option<serde_json::Value>,
    #[serde(default)]
    #[schema(schema_with = labels_schema)]
    pub labels: BTreeMap<String, String>,
    /// `gauge` (the default, also for null) or `counter` (a monotonic cumulative total).
    #[serde(rename = "type", default)]
    #[schema(schema_with = kind_schema)]
    pub kind: Option<String>,
    #[serde(default)]
    #[schema(schema_with = unit_schema)]
    pub unit: String,
    #[serde(default)]
    #[schema(schema_with = description_schema)]
    pub description: String,
    /// Sets the resource's `service.name`.
    #[schema(schema_with = service_schema)]
    pub service: Option<String>,
}

fn nullable(schema: utoipa::openapi::schema::ObjectBuilder) -> Schema {
    use utoipa::openapi::schema::{OneOfBuilder, Type};
    OneOfBuilder::new()
        .item(schema)
        .item(utoipa::openapi::schema::Object::with_type(Type::Null))
        .into()
}

fn labels_schema() -> Schema {
    use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder};
    ObjectBuilder::new()
        .property_names(Some(values::name_schema()))
        .additional_properties(Some(AdditionalProperties::RefOr(values::text_schema(0).into())))
        .max_properties(Some(MAX_LABELS))
        .description(Some("Data-point attributes, string to string"))
        .into()
}

fn kind_schema() -> Schema {
    nullable(
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .enum_values(Some(["gauge", "counter"])),
    )
}

fn unit_schema() -> Schema {
    values::name_schema().min_length(Some(0)).into()
}

fn description_schema() -> Schema {
    values::text_schema(0).into()
}

fn service_schema() -> Schema {
    nullable(values::name_schema())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricBatchInput {
    #[schema(min_items = 1, max_items = 10000)]
    pub metrics: Vec<MetricInput>,
}

/// A label: its map entry (a B-tree node may be half empty) and the OTLP attribute it becomes.
const LABEL_BYTES: u64 = 128 + size_of::<KeyValue>() as u64;
/// A value inside `timestamp`, held as a `serde_json::Value` until it is checked.
const JSON_VALUE_BYTES: u64 = 128;

/// What a measurement takes decoded: the input and the OTLP metric and point it becomes.
static METRIC_INPUT: Shape = Shape {
    size: size_of::<MetricInput>() + size_of::<Metric>() + 4 * size_of::<NumberDataPoint>(),
    buffered: false,
    fields: &[
        Field { number: 0, json: "labels", kind: decoded_size::Kind::Nodes { node: LABEL_BYTES } },
        Field {
            number: 0,
            json: "timestamp",
            kind: decoded_size::Kind::Nodes { node: JSON_VALUE_BYTES },
        },
    ],
};

impl JsonInput for MetricInput {
    const SHAPE: &'static Shape = &METRIC_INPUT;
}

impl JsonInput for MetricBatchInput {
    const SHAPE: &'static Shape = &Shape {
        size: size_of::<MetricBatchInput>(),
        buffered: false,
        fields: &[Field {
            number: 0,
            json: "metrics",
            kind: decoded_size::Kind::Repeated(&METRIC_INPUT),
        }],
    };
}

/// What became of the measurements sent: like OTLP's partial success, refused ones are
/// counted and named. A request of which nothing was accepted is answered 400 instead.
#[derive(Serialize, ToSchema)]
pub struct IngestResponse {
    /// Measurements stored; durable when this answer is sent.
    pub accepted: u64,
    /// Measurements refused.
    pub rejected: u64,
    /// Why each refused measurement was refused.
    pub errors: Vec<ItemError>,
}

#[derive(Serialize, ToSchema)]
pub struct ItemError {
    /// The measurement's position in `metrics` (0 on the single-measurement route); null for
    /// measurements the pipeline refused after the API accepted them.
    pub index: Option<usize>,
    pub message: String,
}

#[utoipa::path(post, path = "/api/v1/metrics/ingest", request_body = MetricInput,
    responses((status = 200, body = IngestResponse), (status = 400, body = crate::error::ErrorBody)))]
pub async fn ingest_one(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    JsonBody(input): JsonBody<MetricInput>,
) -> ApiResult<Json<IngestResponse>> {
    ingest(&state, caller, vec![input]).await
}

/// Up to 10,000 measurements in one request. Valid ones are stored even when others are
/// refused; the answer names each refused one by its index.
#[utoipa::path(post, path = "/api/v1/metrics/ingest/batch", request_body = MetricBatchInput,
    responses((status = 200, body = IngestResponse), (status = 400, body = crate::error::ErrorBody)))]
pub async fn ingest_batch(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    JsonBody(input): JsonBody<MetricBatchInput>,
) -> ApiResult<Json<IngestResponse>> {
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

async fn ingest(
    state: &ApiState,
    caller: Principal,
    inputs: Vec<MetricInput>,
) -> ApiResult<Json<IngestResponse>> {
    state.limits.ingest.admit(&caller.tenant).map_err(|wait| {
        Error::rate_limited(format!("tenant {} is over its ingest quota", caller.tenant), wait)
    })?;
    let sent = inputs.len();
    let now = now_unix_nanos();
    let mut errors = Vec::new();
    let mut points = Vec::with_capacity(sent);
    for (index, input) in inputs.into_iter().enumerate() {
        match to_point(input, now) {
            Ok(point) => points.push(point),
            Err(err) => errors.push(ItemError { index: Some(index), message: err.message }),
        }
    }
    if points.is_empty() {
        return Err(nothing_accepted(sent, &errors).into());
    }
    let refused = errors.len() as u64;
    let request = to_otlp(points);
    let receipt =
        state.ingest.ingest(Batch::new(caller.tenant.clone(), Payload::Metrics(request))).await?;
    state.limits.ingest.charge(&caller.tenant, sent as f64);
    if receipt.rejected > 0 {
        let message = receipt.message.unwrap_or_else(|| "refused by the pipeline".into());
        errors.push(ItemError { index: None, message });
    }
    let rejected = refused + receipt.rejected;
    if receipt.accepted == 0 {
        return Err(nothing_accepted(sent, &errors).into());
    }
    Ok(Json(IngestResponse { accepted: receipt.accepted, rejected, errors }))
}

/// The 400 for a request of which nothing was stored: the first reasons, by index.
fn nothing_accepted(sent: usize, errors: &[ItemError]) -> Error {
    const SHOWN: usize = 10;
    let mut reasons: Vec<String> = errors
        .iter()
        .take(SHOWN)
        .map(|e| match e.index {
            Some(i) if sent > 1 => format!("metrics[{i}]: {}", e.message),
            _ => e.message.clone(),
        })
        .collect();
    if errors.len() > SHOWN {
        reasons.push(format!("and {} more", errors.len() - SHOWN));
    }
    let what = if sent == 1 { "the measurement was" } else { "no measurement was" };
    Error::invalid(format!("{what} not accepted: {}", reasons.join("; ")))
}

/// One valid measurement, ready for its OTLP request.
struct Point {
    service: Option<String>,
    metric: Metric,
}

/// Check one measurement against the rules its schema states, and build its OTLP metric.
fn to_point(input: MetricInput, now: u64) -> Result<Point, Error> {
    check_name("name", &input.name)?;
    if !input.value.is_finite() {
        return Err(Error::invalid("value must be a finite number"));
    }
    let time = match &input.timestamp {
        None | Some(serde_json::Value::Null) => now,
        Some(serde_json::Value::Number(n)) => match n.as_u64() {
            Some(ms) => millis_to_ns("timestamp", ms)?,
            None => return Err(Error::invalid("timestamp must be Unix milliseconds or RFC 3339")),
        },
        Some(serde_json::Value::String(s)) => parse_time("timestamp", s)?,
        Some(_) => return Err(Error::invalid("timestamp must be Unix milliseconds or RFC 3339")),
    };
    if input.labels.len() > MAX_LABELS {
        return Err(Error::invalid(format!("{} labels; at most {MAX_LABELS}", input.labels.len())));
    }
    for (key, value) in &input.labels {
        check_name("label key", key)?;
        check_text(&format!("label {key:?}"), value, 0)?;
    }
    if !input.unit.is_empty() {
        check_name("unit", &input.unit)?;
    }
    check_text("description", &input.description, 0)?;
    if let Some(service) = &input.service {
        check_name("service", service)?;
    }
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
        Some(other) => {
            return Err(Error::invalid(format!("type must be gauge or counter, got {other:?}")));
        }
    };
    let metric = Metric {
        name: input.name,
        description: input.description,
        unit: input.unit,
        data: Some(data),
        ..Default::default()
    };
    Ok(Point { service: input.service, metric })
}

fn string_kv(key: &str, value: &str) -> KeyValue {
    KeyValue {
        key: key.to_string(),
        value: Some(AnyValue { value: Some(any_value::Value::StringValue(value.to_string())) }),
        ..Default::default()
    }
}

/// One resource per service; one OTLP metric per measurement (the store keys points by name).
fn to_otlp(points: Vec<Point>) -> ExportMetricsServiceRequest {
    let mut by_service: BTreeMap<Option<String>, Vec<Metric>> = BTreeMap::new();
    for point in points {
        by_service.entry(point.service).or_default().push(point.metric);
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
    ExportMetricsServiceRequest { resource_metrics }
}
