//! Log search and the log-volume histogram.

use axum::Json;
use axum::extract::State;
use ophion_core::TenantId;
use ophion_core::query::{HistogramBucket, LogQuery, LogRecordRow};
use serde::Serialize;
use utoipa::ToSchema;

use crate::access::Caller;
use crate::params::{
    CURSOR, END, Kind, LIMIT, MIN_SEVERITY, Param, Params, QuerySpec, SERVICE, START, STEP,
    TRACE_ID, next_cursor,
};
use crate::{ApiResult, ApiState};

const TEXT: Param = Param::new("q", Kind::Text, "Only records whose body contains this (any case)");
pub const SEARCH_QUERY: QuerySpec = QuerySpec {
    params: &[START, END, SERVICE, TEXT, MIN_SEVERITY, TRACE_ID, LIMIT, CURSOR],
    attributes: true,
};
pub const HISTOGRAM_QUERY: QuerySpec = QuerySpec {
    params: &[START, END, STEP, SERVICE, TEXT, MIN_SEVERITY, TRACE_ID],
    attributes: true,
};

fn log_query(tenant: TenantId, p: &mut Params) -> ApiResult<LogQuery> {
    Ok(LogQuery {
        tenant,
        range: p.time_range()?,
        service: p.take("service"),
        text: p.take("q"),
        min_severity: p.min_severity()?,
        trace_id: p.trace_id()?,
        attributes: p.attributes(),
        page: p.page()?,
    })
}

#[derive(Serialize, ToSchema)]
pub struct LogsResponse {
    pub logs: Vec<LogRecordRow>,
    pub next_cursor: Option<String>,
}

/// Log records, newest first. `q` is a case-insensitive substring of the body.
#[utoipa::path(get, path = "/api/v1/logs",
    responses((status = 200, body = LogsResponse), (status = 400, body = crate::error::ErrorBody)))]
pub async fn search(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    mut p: Params,
) -> ApiResult<Json<LogsResponse>> {
    let query = log_query(caller.tenant, &mut p)?;
    let page = state.store.search_logs(&query).await?;
    let next_cursor = next_cursor(page.next.as_ref());
    Ok(Json(LogsResponse { logs: page.items, next_cursor }))
}

#[derive(Serialize, ToSchema)]
pub struct HistogramResponse {
    pub step_ms: u64,
    pub buckets: Vec<HistogramBucket>,
}

/// Log counts per time bucket, split by severity. `step` defaults to 1/60 of the range.
#[utoipa::path(get, path = "/api/v1/logs/histogram",
    responses((status = 200, body = HistogramResponse), (status = 400, body = crate::error::ErrorBody)))]
pub async fn histogram(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    mut p: Params,
) -> ApiResult<Json<HistogramResponse>> {
    let step = p.duration_ns("step")?;
    let query = log_query(caller.tenant, &mut p)?;
    let step = crate::metrics::series_step(step, query.range)?;
    let buckets = state.store.log_histogram(&query, step).await?;
    Ok(Json(HistogramResponse { step_ms: step / 1_000_000, buckets }))
}
