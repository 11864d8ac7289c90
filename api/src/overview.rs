//! The console's overview in one call: totals and every service's RED figures with a
//! sparkline and its open insights. Kept a few seconds per tenant and range ([`CACHE_TTL`]):
//! every open overview refreshes on a timer, and the same link open in several tabs or by
//! several people costs the store one aggregation.

use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use futures_util::future::try_join_all;
use ophion_ai::InsightFilter;
use ophion_core::query::{LogQuery, Page, RedQuery, TimeRange};
use ophion_core::{Result, TenantId};
use serde::Serialize;
use utoipa::ToSchema;

use crate::access::Caller;
use crate::metrics::series_step;
use crate::params::Params;
use crate::{ApiResult, ApiState};

/// How long an aggregation is served again; past it, the next call recomputes.
pub const CACHE_TTL: Duration = Duration::from_secs(10);
/// Sparkline points per service.
const SPARKLINE_POINTS: u64 = 30;

/// Recent overviews by tenant and range.
pub type StatsCache = moka::sync::Cache<(TenantId, u64, u64), Arc<DashboardStats>>;

pub fn cache() -> StatsCache {
    moka::sync::Cache::builder().max_capacity(1024).time_to_live(CACHE_TTL).build()
}

#[derive(Serialize, ToSchema)]
pub struct Totals {
    pub services: usize,
    pub spans: u64,
    pub errors: u64,
    /// Log records in the range.
    pub logs: u64,
    /// Of which severity error or fatal.
    pub error_logs: u64,
    /// Insights overlapping the range.
    pub open_insights: usize,
}

#[derive(Serialize, ToSchema)]
pub struct SparkPoint {
    pub time_unix_nano: u64,
    pub rate_per_sec: f64,
    pub error_rate: f64,
    pub p95_ms: f64,
}

#[derive(Serialize, ToSchema)]
pub struct ServiceStats {
    pub name: String,
    pub span_count: u64,
    pub rate_per_sec: f64,
    pub error_count: u64,
    pub error_rate: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub open_insights: usize,
    /// Empty steps are left out.
    pub sparkline: Vec<SparkPoint>,
}

#[derive(Serialize, ToSchema)]
pub struct DashboardStats {
    pub start_unix_nano: u64,
    pub end_unix_nano: u64,
    pub step_seconds: f64,
    pub totals: Totals,
    pub services: Vec<ServiceStats>,
}

/// The overview's figures: totals over the range, and per service its rate, error rate,
/// p50/p95/p99, open insights and a sparkline of 30 steps.
#[utoipa::path(get, path = "/api/v1/dashboard/stats",
    responses((status = 200, body = DashboardStats), (status = 400, body = crate::error::ErrorBody)))]
pub async fn stats(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    mut p: Params,
) -> ApiResult<Json<Arc<DashboardStats>>> {
    let range = p.time_range()?;
    let key = (caller.tenant.clone(), range.start_ns, range.end_ns);
    if let Some(hit) = state.overview.get(&key) {
        return Ok(Json(hit));
    }
    let stats = Arc::new(compute(&state, &caller.tenant, range).await?);
    state.overview.insert(key, stats.clone());
    Ok(Json(stats))
}

async fn compute(state: &ApiState, tenant: &TenantId, range: TimeRange) -> Result<DashboardStats> {
    let span_ns = range.end_ns - range.start_ns;
    let step = series_step(Some((span_ns / SPARKLINE_POINTS).max(1_000_000_000)), range)?;
    let services = state.store.services(tenant, range).await?;
    let series = try_join_all(services.iter().map(|s| {
        let query = RedQuery {
            tenant: tenant.clone(),
            service: s.name.clone(),
            range,
            step_ns: step,
            by_operation: false,
        };
        async move { state.store.red_series(&query).await }
    }));
    let logs = LogQuery {
        tenant: tenant.clone(),
        range,
        service: None,
        text: None,
        min_severity: None,
        trace_id: None,
        attributes: Vec::new(),
        page: Page::first(1),
    };
    // One bucket as wide as the range: the log count, by severity.
    let (series, volume) =
        tokio::try_join!(series, state.store.log_histogram(&logs, span_ns.max(1)))?;
    let filter = InsightFilter {
        kind: None,
        service: None,
        min_severity: None,
        start_unix_nano: Some(range.start_ns),
        end_unix_nano: Some(range.end_ns),
    };
    let insights = state.insights.list(tenant, &filter, None, usize::MAX).insights;
    let step_seconds = step as f64 / 1e9;
    let rows: Vec<ServiceStats> = services
        .into_iter()
        .zip(series)
        .map(|(s, points)| ServiceStats {
            open_insights: insights.iter().filter(|i| i.service.as_ref() == Some(&s.name)).count(),
            sparkline: points
                .into_iter()
                .map(|p| SparkPoint {
                    time_unix_nano: p.point.time_unix_nano,
                    rate_per_sec: p.point.span_count as f64 / step_seconds,
                    error_rate: p.point.error_count as f64 / p.point.span_count.max(1) as f64,
                    p95_ms: p.point.p95_ms,
                })
                .collect(),
            name: s.name,
            span_count: s.span_count,
            rate_per_sec: s.rate_per_sec,
            error_count: s.error_count,
            error_rate: s.error_rate,
            p50_ms: s.p50_ms,
            p95_ms: s.p95_ms,
            p99_ms: s.p99_ms,
        })
        .collect();
    let severity =
        |group: &str| volume.iter().filter_map(|b| b.by_severity.get(group)).sum::<u64>();
    Ok(DashboardStats {
        start_unix_nano: range.start_ns,
        end_unix_nano: range.end_ns,
        step_seconds,
        totals: Totals {
            services: rows.len(),
            spans: rows.iter().map(|s| s.span_count).sum(),
            errors: rows.iter().map(|s| s.error_count).sum(),
            logs: volume.iter().map(|b| b.count).sum(),
            error_logs: severity("error") + severity("fatal"),
            open_insights: insights.len(),
        },
        services: rows,
    })
}
