//! Traces and spans: trace by id (waterfall-ready), trace search, span search.

use std::collections::HashMap;

use axum::Json;
use axum::extract::State;
use ophion_core::query::{SpanQuery, SpanRecord, SpanSort, StatusFilter, TraceSummary};
use ophion_core::{Error, TenantId};
use serde::Serialize;
use utoipa::ToSchema;

use crate::access::Caller;
use crate::params::{
    CURSOR, END, Kind, LIMIT, Param, Params, PathName, QuerySpec, SERVICE, START, TRACE_ID,
    next_cursor, normalize_trace_id,
};
use crate::{ApiResult, ApiState};

/// Span and trace search take the same filters.
pub const SEARCH_QUERY: QuerySpec = QuerySpec {
    params: &[
        START,
        END,
        SERVICE,
        Param::new("operation", Kind::Text, "Only spans of this name"),
        Param::new("min_duration", Kind::Duration, "Only spans lasting at least this"),
        Param::new("max_duration", Kind::Duration, "Only spans lasting at most this"),
        Param::new("status", Kind::OneOf(&["ok", "error", "unset"]), "Only spans of this status"),
        TRACE_ID,
        Param::new(
            "sort",
            Kind::OneOf(&["newest", "oldest", "longest", "shortest"]),
            "Order; default: newest",
        ),
        LIMIT,
        CURSOR,
    ],
    attributes: true,
};

fn span_query(tenant: TenantId, mut p: Params) -> ApiResult<SpanQuery> {
    let range = p.time_range()?;
    let page = p.page()?;
    let status = match p.take("status").as_deref() {
        None => None,
        Some("ok") => Some(StatusFilter::Ok),
        Some("error") => Some(StatusFilter::Error),
        Some("unset") => Some(StatusFilter::Unset),
        Some(other) => {
            return Err(Error::invalid(format!(
                "status must be ok, error or unset, got {other:?}"
            ))
            .into());
        }
    };
    let sort = match p.take("sort").as_deref() {
        None | Some("newest") => SpanSort::Newest,
        Some("oldest") => SpanSort::Oldest,
        Some("longest") => SpanSort::Longest,
        Some("shortest") => SpanSort::Shortest,
        Some(other) => {
            return Err(Error::invalid(format!(
                "sort must be newest, oldest, longest or shortest, got {other:?}"
            ))
            .into());
        }
    };
    let query = SpanQuery {
        tenant,
        range,
        service: p.take("service"),
        operation: p.take("operation"),
        min_duration_ns: p.duration_ns("min_duration")?,
        max_duration_ns: p.duration_ns("max_duration")?,
        status,
        trace_id: p.trace_id()?,
        sort,
        page,
        attributes: p.attributes(),
    };
    if let (Some(min), Some(max)) = (query.min_duration_ns, query.max_duration_ns)
        && min > max
    {
        return Err(Error::invalid("min_duration must not exceed max_duration").into());
    }
    Ok(query)
}

#[derive(Serialize, ToSchema)]
pub struct TracesResponse {
    pub traces: Vec<TraceSummary>,
    pub next_cursor: Option<String>,
}

/// Traces with at least one span matching the filters, as summaries.
#[utoipa::path(get, path = "/api/v1/traces",
    responses((status = 200, body = TracesResponse), (status = 400, body = crate::error::ErrorBody)))]
pub async fn search_traces(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    p: Params,
) -> ApiResult<Json<TracesResponse>> {
    let query = span_query(caller.tenant, p)?;
    let page = state.store.search_traces(&query).await?;
    let next_cursor = next_cursor(page.next.as_ref());
    Ok(Json(TracesResponse { traces: page.items, next_cursor }))
}

#[derive(Serialize, ToSchema)]
pub struct SpansResponse {
    pub spans: Vec<SpanRecord>,
    pub next_cursor: Option<String>,
}

/// Spans matching the filters.
#[utoipa::path(get, path = "/api/v1/spans",
    responses((status = 200, body = SpansResponse), (status = 400, body = crate::error::ErrorBody)))]
pub async fn search_spans(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    p: Params,
) -> ApiResult<Json<SpansResponse>> {
    let query = span_query(caller.tenant, p)?;
    let page = state.store.search_spans(&query).await?;
    let next_cursor = next_cursor(page.next.as_ref());
    Ok(Json(SpansResponse { spans: page.items, next_cursor }))
}

/// A span placed in its trace's waterfall.
#[derive(Serialize, ToSchema)]
pub struct WaterfallSpan {
    #[serde(flatten)]
    pub span: SpanRecord,
    /// Nesting depth: 0 for roots and for spans whose parent is missing.
    pub depth: u32,
    /// Start relative to the trace's first span.
    pub offset_ns: u64,
}

#[derive(Serialize, ToSchema)]
pub struct TraceResponse {
    pub trace_id: String,
    pub root_span_id: Option<String>,
    pub start_time_unix_nano: u64,
    pub end_time_unix_nano: u64,
    pub duration_ns: u64,
    pub span_count: usize,
    pub error_count: usize,
    pub services: Vec<String>,
    pub spans: Vec<WaterfallSpan>,
}

/// Every span of one trace, ordered by start, with depth and offset for a waterfall.
#[utoipa::path(get, path = "/api/v1/traces/{trace_id}", params(("trace_id" = String, Path, description = "32 hex characters")),
    responses((status = 200, body = TraceResponse), (status = 400, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn trace_by_id(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    PathName(trace_id): PathName,
) -> ApiResult<Json<TraceResponse>> {
    let trace_id = normalize_trace_id(&trace_id)?;
    let mut spans = state.store.trace(&caller.tenant.clone(), &trace_id).await?;
    if spans.is_empty() {
        return Err(Error::not_found(format!("trace {trace_id} not found")).into());
    }
    spans.sort_by_key(|s| (s.start_time_unix_nano, s.end_time_unix_nano));
    Ok(Json(waterfall(trace_id, spans)))
}

fn waterfall(trace_id: String, spans: Vec<SpanRecord>) -> TraceResponse {
    let start = spans.iter().map(|s| s.start_time_unix_nano).min().unwrap_or(0);
    let end = spans.iter().map(|s| s.end_time_unix_nano).max().unwrap_or(start);
    let parents: HashMap<&str, &str> =
        spans.iter().map(|s| (s.span_id.as_str(), s.parent_span_id.as_str())).collect();
    let depth = |span: &SpanRecord| {
        let mut depth = 0u32;
        let mut parent = span.parent_span_id.as_str();
        // Bounded walk: a malicious cycle of parent ids cannot loop forever.
        while let Some(next) = parents.get(parent) {
            depth += 1;
            if depth as usize >= parents.len() {
                break;
            }
            parent = next;
        }
        depth
    };
    let depths: Vec<u32> = spans.iter().map(depth).collect();
    let root_span_id = spans
        .iter()
        .find(|s| s.parent_span_id.is_empty())
        .or_else(|| spans.first())
        .map(|s| s.span_id.clone());
    let mut services: Vec<String> = spans.iter().map(|s| s.service_name.clone()).collect();
    services.sort();
    services.dedup();
    let error_count = spans.iter().filter(|s| s.status_code == "error").count();
    let span_count = spans.len();
    let spans = spans
        .into_iter()
        .zip(depths)
        .map(|(span, depth)| WaterfallSpan {
            offset_ns: span.start_time_unix_nano - start,
            span,
            depth,
        })
        .collect();
    TraceResponse {
        trace_id,
        root_span_id,
        start_time_unix_nano: start,
        end_time_unix_nano: end,
        duration_ns: end - start,
        span_count,
        error_count,
        services,
        spans,
    }
}
