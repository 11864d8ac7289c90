//! The console's overview in one call: totals and every service's RED figures with a
//! sparkline and its open insights. Kept a few seconds per tenant and range ([`CACHE_TTL`]):
//! every open overview refreshes on a timer, and the same link open in several tabs or by
//! several people costs the store one aggregation.

use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use std::collections::HashMap;

use ophion_ai::InsightFilter;
use ophion_core::query::{LogQuery, Page, ServicePoint, ServiceSummary, TimeRange};
use ophion_core::{Result, TenantId};
use serde::Serialize;
use utoipa::ToSchema;

use crate::access::Caller;
use crate::metrics::series_step;
use crate::params::Params;
use crate::{ApiResult, ApiState};

/// How long an aggregation is served again; past it, the next call recomputes.
pub const CACHE_TTL: Duration = Duration::from_secs(10);
/// Sparkline points per service, at most.
const SPARKLINE_POINTS: u64 = 30;
const MINUTE_NS: u64 = 60_000_000_000;

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
    #[serde(flatten)]
    pub summary: ServiceSummary,
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
/// p50/p95/p99, open insights and a sparkline of at most 30 steps of whole minutes.
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
    // Whole minutes, so the store can answer from its per-minute rollups.
    let step =
        series_step(Some((span_ns / SPARKLINE_POINTS).div_ceil(MINUTE_NS) * MINUTE_NS), range)?;
    let services = state.store.services(tenant, range);
    let series = state.store.services_series(tenant, range, step);
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
    let (services, series, volume) =
        tokio::try_join!(services, series, state.store.log_histogram(&logs, span_ns.max(1)))?;
    let mut sparklines: HashMap<String, Vec<ServicePoint>> = HashMap::new();
    for step in series {
        sparklines.entry(step.service).or_default().push(step.point);
    }
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
        .map(|s| ServiceStats {
            open_insights: insights.iter().filter(|i| i.service.as_ref() == Some(&s.name)).count(),
            sparkline: (sparklines.remove(&s.name).unwrap_or_default())
                .into_iter()
                .map(|p| SparkPoint {
                    time_unix_nano: p.time_unix_nano,
                    rate_per_sec: p.span_count as f64 / step_seconds,
                    error_rate: p.error_count as f64 / p.span_count.max(1) as f64,
                    p95_ms: p.p95_ms,
                })
                .collect(),
            summary: s,
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
            spans: rows.iter().map(|s| s.summary.span_count).sum(),
            errors: rows.iter().map(|s| s.summary.error_count).sum(),
            logs: volume.iter().map(|b| b.count).sum(),
            error_logs: severity("error") + severity("fatal"),
            open_insights: insights.len(),
        },
        services: rows,
    })
}
