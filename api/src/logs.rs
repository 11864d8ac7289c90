//! Log search and the log-volume histogram.

use axum::Json;
use axum::extract::{RawQuery, State};
use ophion_core::TenantId;
use ophion_core::query::{HistogramBucket, LogQuery, LogRecordRow};
use serde::Serialize;
use utoipa::ToSchema;

use crate::access::Caller;
use crate::params::{Params, next_cursor};
use crate::{ApiResult, ApiState};

const LOG_PARAMS: &[&str] =
    &["start", "end", "service", "q", "min_severity", "trace_id", "limit", "cursor"];

fn log_query(tenant: TenantId, p: &mut Params) -> ApiResult<LogQuery> {
    Ok(LogQuery {
        tenant,
        range: p.time_range()?,
        service: p.take("service"),
        text: p.take("q"),
        min_severity: p.min_severity()?,
        trace_id: p.trace_id()?,
        attributes: Vec::new(),
        page: p.page()?,
    })
}

#[derive(Serialize, ToSchema)]
pub struct LogsResponse {
    pub logs: Vec<LogRecordRow>,
    /// Where the next page starts, absent on the last page: pass it back as `cursor` with the
    /// same query. Opaque; valid for the list and sort it came from.
    pub next_cursor: Option<String>,
}

/// Log records, newest first. `q` is a case-insensitive substring of the body.
#[utoipa::path(get, path = "/api/v1/logs", params(
    ("start" = Option<String>, Query), ("end" = Option<String>, Query), ("service" = Option<String>, Query),
    ("q" = Option<String>, Query), ("min_severity" = Option<String>, Query), ("trace_id" = Option<String>, Query),
    ("limit" = Option<usize>, Query), ("cursor" = Option<String>, Query, description = "The next_cursor of the previous page, with the same query (sort included); an opaque token")),
    responses((status = 200, body = LogsResponse), (status = 400, body = crate::error::ErrorBody)))]
pub async fn search(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<LogsResponse>> {
    let mut p = Params::new(raw)?;
    let mut query = log_query(caller.tenant, &mut p)?;
    query.attributes = p.finish(LOG_PARAMS, true)?;
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
#[utoipa::path(get, path = "/api/v1/logs/histogram", params(
    ("start" = Option<String>, Query), ("end" = Option<String>, Query), ("step" = Option<String>, Query),
    ("service" = Option<String>, Query), ("q" = Option<String>, Query), ("min_severity" = Option<String>, Query)),
    responses((status = 200, body = HistogramResponse), (status = 400, body = crate::error::ErrorBody)))]
pub async fn histogram(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<HistogramResponse>> {
    let mut p = Params::new(raw)?;
    let step = p.duration_ns("step")?;
    let mut query = log_query(caller.tenant, &mut p)?;
    query.attributes = p.finish(&[LOG_PARAMS, &["step"]].concat(), true)?;
    let step = crate::metrics::series_step(step, query.range)?;
    let buckets = state.store.log_histogram(&query, step).await?;
    Ok(Json(HistogramResponse { step_ms: step / 1_000_000, buckets }))
}
