//! Health, stats, services and their operations, service map and Prometheus self-metrics.

use axum::Json;
use axum::extract::State;
use axum::response::IntoResponse;
use http::{StatusCode, header};
use ophion_core::query::{RedQuery, ServiceEdge, ServicePoint, ServiceSummary, Stats};
use serde::Serialize;
use utoipa::ToSchema;

use crate::access::Caller;
use crate::metrics::series_step;
use crate::params::{END, Params, PathName, QuerySpec, START, STEP};
use crate::values::check_name;
use crate::{ApiResult, ApiState};

/// A time range and nothing else.
pub const RANGE_QUERY: QuerySpec = QuerySpec { params: &[START, END], attributes: false };
pub const SERIES_QUERY: QuerySpec = QuerySpec { params: &[STEP, START, END], attributes: false };

#[derive(Serialize, ToSchema)]
pub struct HealthStatus {
    pub status: &'static str,
}

#[utoipa::path(get, path = "/health", responses((status = 200, body = HealthStatus)))]
pub async fn health() -> Json<HealthStatus> {
    Json(HealthStatus { status: "ok" })
}

#[utoipa::path(get, path = "/health/live", responses((status = 200, body = HealthStatus)))]
pub async fn live() -> Json<HealthStatus> {
    Json(HealthStatus { status: "ok" })
}

/// Ready when the store answers; 503 otherwise.
#[utoipa::path(get, path = "/health/ready", responses((status = 200, body = HealthStatus), (status = 503, body = crate::error::ErrorBody)))]
pub async fn ready(State(state): State<ApiState>) -> impl IntoResponse {
    match state.store.healthcheck().await {
        Ok(()) => (StatusCode::OK, Json(HealthStatus { status: "ready" })).into_response(),
        Err(err) => {
            crate::AppError(ophion_core::Error::unavailable(format!("store not ready: {err}")))
                .into_response()
        }
    }
}

/// Prometheus text exposition of Ophion's own counters.
#[utoipa::path(get, path = "/metrics",
    responses((status = 200, content_type = "text/plain; version=0.0.4", body = String)))]
pub async fn self_metrics(State(state): State<ApiState>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], state.metrics.render())
}

#[utoipa::path(get, path = "/api/v1/stats", responses((status = 200, body = Stats)))]
pub async fn stats(
    State(state): State<ApiState>,
    Caller(caller): Caller,
) -> ApiResult<Json<Stats>> {
    Ok(Json(state.store.stats(&caller.tenant.clone()).await?))
}

#[derive(Serialize, ToSchema)]
pub struct ServicesResponse {
    pub services: Vec<ServiceSummary>,
}

/// Per-service RED metrics over the time range.
#[utoipa::path(get, path = "/api/v1/services",
    responses((status = 200, body = ServicesResponse), (status = 400, body = crate::error::ErrorBody)))]
pub async fn services(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    mut p: Params,
) -> ApiResult<Json<ServicesResponse>> {
    let range = p.time_range()?;
    let services = state.store.services(&caller.tenant.clone(), range).await?;
    Ok(Json(ServicesResponse { services }))
}

#[derive(Serialize, ToSchema)]
pub struct ServiceSeriesResponse {
    pub service: String,
    pub step_ms: u64,
    pub points: Vec<ServicePoint>,
}

/// One service's RED series: spans, errors and p50/p95/p99 duration per step, buckets
/// starting at `start` (default step: a 60th of the range, at least 1 s). Empty buckets are
/// left out.
#[utoipa::path(get, path = "/api/v1/services/{service}/series", params(("service" = String, Path)),
    responses((status = 200, body = ServiceSeriesResponse), (status = 400, body = crate::error::ErrorBody)))]
pub async fn service_series(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    PathName(service): PathName,
    mut p: Params,
) -> ApiResult<Json<ServiceSeriesResponse>> {
    check_name("service", &service)?;
    let step = p.duration_ns("step")?;
    let range = p.time_range()?;
    let step = series_step(step, range)?;
    let (tenant, name) = (caller.tenant.clone(), service.clone());
    let query = RedQuery { tenant, service: name, range, step_ns: step, by_operation: false };
    let points = state.store.red_series(&query).await?.into_iter().map(|p| p.point).collect();
    Ok(Json(ServiceSeriesResponse { service, step_ms: step / 1_000_000, points }))
}

#[derive(Serialize, ToSchema)]
pub struct OperationsResponse {
    pub service: String,
    /// Each operation's figures, as a service's are given; `name` is the span name.
    pub operations: Vec<ServiceSummary>,
}

/// A service's operations (its span names) with rate, errors and p50/p95/p99 duration over
/// the range, busiest first.
#[utoipa::path(get, path = "/api/v1/services/{service}/operations", params(("service" = String, Path)),
    responses((status = 200, body = OperationsResponse), (status = 400, body = crate::error::ErrorBody)))]
pub async fn service_operations(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    PathName(service): PathName,
    mut p: Params,
) -> ApiResult<Json<OperationsResponse>> {
    check_name("service", &service)?;
    let range = p.time_range()?;
    let span_ns = (range.end_ns - range.start_ns).max(1);
    // One bucket as wide as the range: the RED series per operation, folded to one figure.
    let (tenant, name) = (caller.tenant.clone(), service.clone());
    let query = RedQuery { tenant, service: name, range, step_ns: span_ns, by_operation: true };
    let seconds = span_ns as f64 / 1e9;
    let mut operations: Vec<ServiceSummary> = (state.store.red_series(&query).await?)
        .into_iter()
        .map(|op| {
            let point = op.point;
            ServiceSummary {
                name: op.operation,
                span_count: point.span_count,
                rate_per_sec: point.span_count as f64 / seconds,
                error_count: point.error_count,
                error_rate: point.error_count as f64 / point.span_count.max(1) as f64,
                p50_ms: point.p50_ms,
                p95_ms: point.p95_ms,
                p99_ms: point.p99_ms,
            }
        })
        .collect();
    operations.sort_by(|a, b| b.span_count.cmp(&a.span_count).then_with(|| a.name.cmp(&b.name)));
    Ok(Json(OperationsResponse { service, operations }))
}

#[derive(Serialize, ToSchema)]
pub struct ServiceMapResponse {
    pub nodes: Vec<String>,
    pub edges: Vec<ServiceEdge>,
}

/// Caller → callee edges derived from parent/child spans across services.
#[utoipa::path(get, path = "/api/v1/service-map",
    responses((status = 200, body = ServiceMapResponse), (status = 400, body = crate::error::ErrorBody)))]
pub async fn service_map(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    mut p: Params,
) -> ApiResult<Json<ServiceMapResponse>> {
    let range = p.time_range()?;
    let edges = state.store.service_map(&caller.tenant.clone(), range).await?;
    let mut nodes: Vec<String> =
        edges.iter().flat_map(|e| [e.caller.clone(), e.callee.clone()]).collect();
    nodes.sort();
    nodes.dedup();
    Ok(Json(ServiceMapResponse { nodes, edges }))
}
