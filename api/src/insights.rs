//! The AI engine's answers: insights it found live, and on-demand log patterns, forecasts and
//! root-cause analysis over the caller's stored telemetry.

use axum::Json;
use axum::extract::State;
use ophion_ai::forecast::{Forecast, Model, ThresholdCrossing};
use ophion_ai::patterns::{Line, MinerConfig, Pattern};
use ophion_ai::rca::{Analysis, Anomalies};
use ophion_ai::{Insight, InsightCursor, InsightFilter, InsightKind, Severity, read};
use ophion_core::query::{MetricQuery, Page, SeriesPoint, SeriesQuery, TimeRange};
use ophion_core::{Error, TenantId};
use serde::Serialize;
use utoipa::ToSchema;

use crate::access::Caller;
use crate::metrics::FUNCTION;
use crate::metrics::series_function;
use crate::params::{
    CURSOR, END, Kind, LIMIT, MIN_SEVERITY, Param, Params, PathName, QuerySpec, SERVICE, START,
    STEP,
};
use crate::{ApiResult, ApiState};

pub const LIST_QUERY: QuerySpec = QuerySpec {
    params: &[
        Param::new(
            "kind",
            Kind::OneOf(&["anomaly", "log_pattern", "capacity", "tip"]),
            "Only this kind",
        ),
        SERVICE,
        Param::new(
            "severity",
            Kind::OneOf(&["info", "warning", "critical"]),
            "The lowest severity shown",
        ),
        START,
        END,
        LIMIT,
        CURSOR,
    ],
    attributes: false,
};
const BASELINE_START: Param = Param::new(
    "baseline_start",
    Kind::Time,
    "Start of the baseline; default: as long before baseline_end as the window is long",
);
const BASELINE_END: Param =
    Param::new("baseline_end", Kind::Time, "End of the baseline; default: the window's start");
pub const PATTERNS_QUERY: QuerySpec = QuerySpec {
    params: &[START, END, BASELINE_START, BASELINE_END, SERVICE, MIN_SEVERITY, LIMIT],
    attributes: false,
};
pub const FORECAST_QUERY: QuerySpec = QuerySpec {
    params: &[
        Param::new("metric", Kind::Name, "The metric to forecast").required(),
        SERVICE,
        FUNCTION,
        START,
        END,
        STEP,
        Param::new("horizon", Kind::Duration, "How far ahead; default 7d, at most 366d"),
        Param::new(
            "threshold",
            Kind::Number { minimum: None, below: None },
            "Also say when the forecast reaches this",
        ),
        Param::new(
            "confidence",
            Kind::Number { minimum: Some(0.5), below: Some(1.0) },
            "Of the prediction interval; default 0.95",
        ),
    ],
    attributes: false,
};
pub const RCA_QUERY: QuerySpec = QuerySpec {
    params: &[
        START,
        END,
        BASELINE_START,
        BASELINE_END,
        Param::new("limit", Kind::Limit { default: 10, max: 100 }, "Causes to list"),
    ],
    attributes: false,
};

const DAY_NS: u64 = 86_400 * 1_000_000_000;

/// Log lines mined per window by `/logs/patterns`; spans read per window by `/rca`.
const MAX_LINES: usize = 50_000;
const MAX_SPANS: usize = 20_000;

#[derive(Serialize, ToSchema)]
pub struct InsightsResponse {
    pub insights: Vec<Insight>,
    pub next_cursor: Option<String>,
}

/// Insights overlapping the range (default: the last 24 hours), newest first. `kind`:
/// anomaly, log_pattern, capacity or tip; `severity`: the lowest severity shown (info,
/// warning, critical). `cursor` (a page's `next_cursor`) continues after that page's last
/// insight, so insights added meanwhile shift nothing.
#[utoipa::path(get, path = "/api/v1/insights",
    responses((status = 200, body = InsightsResponse), (status = 400, body = crate::error::ErrorBody)))]
pub async fn list(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    mut p: Params,
) -> ApiResult<Json<InsightsResponse>> {
    let kind = p
        .take("kind")
        .map(|k| {
            InsightKind::parse(&k).ok_or_else(|| {
                Error::invalid(format!(
                    "kind must be anomaly, log_pattern, capacity or tip, got {k:?}"
                ))
            })
        })
        .transpose()?;
    let min_severity = p
        .take("severity")
        .map(|s| {
            Severity::parse(&s).ok_or_else(|| {
                Error::invalid(format!("severity must be info, warning or critical, got {s:?}"))
            })
        })
        .transpose()?;
    let service = p.take("service");
    let range = p.time_range_or(DAY_NS)?;
    let limit = p.limit()?;
    let after = p.take("cursor").map(|c| c.parse::<InsightCursor>()).transpose()?;
    let filter = InsightFilter {
        kind,
        service,
        min_severity,
        start_unix_nano: Some(range.start_ns),
        end_unix_nano: Some(range.end_ns),
    };
    let page = state.insights.list(&caller.tenant, &filter, after.as_ref(), limit);
    let next_cursor = page.next.map(|c| c.to_string());
    Ok(Json(InsightsResponse { insights: page.insights, next_cursor }))
}

/// One insight with its evidence.
#[utoipa::path(get, path = "/api/v1/insights/{id}", params(("id" = String, Path)),
    responses((status = 200, body = Insight), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    PathName(id): PathName,
) -> ApiResult<Json<Insight>> {
    state
        .insights
        .get(&caller.tenant, &id)
        .map(Json)
        .ok_or_else(|| Error::not_found(format!("no insight {id:?}")).into())
}

/// The window a comparison runs on and its baseline: `baseline_start`/`baseline_end`,
/// default the window of the same length just before.
fn baseline(p: &mut Params, window: TimeRange) -> ApiResult<TimeRange> {
    let length = window.end_ns - window.start_ns;
    let (start, end) = p.bounds("baseline_start", "baseline_end")?;
    let end = end.unwrap_or(window.start_ns);
    let start = start.unwrap_or(end.saturating_sub(length));
    if start >= end {
        return Err(Error::invalid("baseline_start must be before baseline_end").into());
    }
    Ok(TimeRange { start_ns: start, end_ns: end })
}

#[derive(Serialize, ToSchema)]
pub struct PatternsResponse {
    pub start_unix_nano: u64,
    pub end_unix_nano: u64,
    pub baseline_start_unix_nano: u64,
    pub baseline_end_unix_nano: u64,
    /// Lines mined in the window and the baseline.
    pub lines: usize,
    pub baseline_lines: usize,
    /// True when a window held more than the lines mined (the newest were mined).
    pub sampled: bool,
    pub patterns: Vec<Pattern>,
    /// Ids of the patterns absent from the baseline, and of those absent from the window.
    pub emerging: Vec<String>,
    pub disappeared: Vec<String>,
}

/// Log templates of the window (default: the last hour) with `<*>` for variable parts, their
/// counts, first/last seen and examples, compared with a baseline window: emerging and
/// disappeared patterns. `min_severity` keeps only lines at or above it.
#[utoipa::path(get, path = "/api/v1/logs/patterns",
    responses((status = 200, body = PatternsResponse), (status = 400, body = crate::error::ErrorBody)))]
pub async fn patterns(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    mut p: Params,
) -> ApiResult<Json<PatternsResponse>> {
    let window = p.time_range()?;
    let base = baseline(&mut p, window)?;
    let service = p.take("service");
    let min_severity = p.min_severity()?;
    let limit = p.limit()?;
    let store = state.store.as_ref();
    let read_lines = async |range: TimeRange| -> ApiResult<(Vec<Line>, bool)> {
        let tenant = &caller.tenant;
        let mut rows =
            read::logs(store, tenant, range, service.as_deref(), min_severity, MAX_LINES).await?;
        let sampled = rows.len() >= MAX_LINES;
        rows.reverse();
        let lines = rows
            .iter()
            .map(|r| Line {
                service: r.service_name.clone(),
                time_unix_nano: r.time_unix_nano,
                severity: r.severity_number,
                text: read::body_text(r),
            })
            .collect();
        Ok((lines, sampled))
    };
    let (now, now_sampled) = read_lines(window).await?;
    let (then, then_sampled) = read_lines(base).await?;
    let secs = |r: TimeRange| (r.end_ns - r.start_ns) as f64 / 1e9;
    let mut patterns =
        ophion_ai::patterns::compare(&then, &now, secs(base), secs(window), MinerConfig::default());
    let ids =
        |change| patterns.iter().filter(|p| p.change == change).map(|p| p.id.clone()).collect();
    let emerging = ids(ophion_ai::patterns::PatternChange::New);
    let disappeared = ids(ophion_ai::patterns::PatternChange::Gone);
    patterns.truncate(limit);
    Ok(Json(PatternsResponse {
        start_unix_nano: window.start_ns,
        end_unix_nano: window.end_ns,
        baseline_start_unix_nano: base.start_ns,
        baseline_end_unix_nano: base.end_ns,
        lines: now.len(),
        baseline_lines: then.len(),
        sampled: now_sampled || then_sampled,
        patterns,
        emerging,
        disappeared,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct ForecastResponse {
    pub metric: String,
    pub function: String,
    pub step_ms: u64,
    /// The series the model was fitted on.
    pub history: Vec<SeriesPoint>,
    pub forecast: Forecast,
    /// When `threshold` was given: when the forecast reaches it.
    pub crossing: Option<ThresholdCrossing>,
}

/// Forecast of a metric's series with a prediction interval. The model (a robust linear
/// trend, plus a daily profile when the history shows one) is fitted on `start`–`end`
/// (default: the last 7 days) at `step` (default: a 720th of the range, at least a minute)
/// and projected `horizon` ahead (default 7d). With `threshold`, also when it is reached.
#[utoipa::path(get, path = "/api/v1/forecast",
    responses((status = 200, body = ForecastResponse), (status = 400, body = crate::error::ErrorBody)))]
pub async fn forecast(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    mut p: Params,
) -> ApiResult<Json<ForecastResponse>> {
    let metric = p.take("metric").ok_or_else(|| Error::invalid("metric is required"))?;
    let function_name = p.take("fn").unwrap_or_else(|| "avg".into());
    let function = series_function(&function_name)?;
    let range = p.time_range_or(7 * DAY_NS)?;
    let step = p
        .duration_ns("step")?
        .unwrap_or((range.end_ns - range.start_ns).div_ceil(720).max(60_000_000_000));
    let step = crate::metrics::series_step(Some(step), range)?;
    let horizon = p.duration_ns("horizon")?.unwrap_or(7 * DAY_NS);
    if horizon == 0 || horizon > 366 * DAY_NS {
        return Err(Error::invalid("horizon must be more than 0 and at most 366d").into());
    }
    let threshold = p.number("threshold")?;
    let confidence = p.number("confidence")?.unwrap_or(0.95);
    if !(0.5..1.0).contains(&confidence) {
        return Err(Error::invalid("confidence must be at least 0.5 and below 1").into());
    }
    let service = p.take("service");
    let query = MetricQuery {
        tenant: caller.tenant.clone(),
        range,
        name: Some(metric.clone()),
        service,
        attributes: Vec::new(),
        page: Page::first(1),
    };
    let history =
        state.store.metric_series(&SeriesQuery { metric: query, step_ns: step, function }).await?;
    let points: Vec<(u64, f64)> = history.iter().map(|p| (p.time_unix_nano, p.value)).collect();
    let model = Model::fit(&points).ok_or_else(|| {
        Error::invalid(format!(
            "{metric} has {} points in the range at this step; a forecast needs at least 3",
            points.len()
        ))
    })?;
    let from = range.end_ns;
    let forecast_step = step.max(horizon / 1000);
    Ok(Json(ForecastResponse {
        metric,
        function: function_name,
        step_ms: step / 1_000_000,
        forecast: model.forecast(from, horizon, forecast_step, confidence),
        crossing: threshold.map(|t| model.crossing(t, from, horizon, confidence)),
        history,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct RcaResponse {
    pub start_unix_nano: u64,
    pub end_unix_nano: u64,
    pub baseline_start_unix_nano: u64,
    pub baseline_end_unix_nano: u64,
    #[serde(flatten)]
    pub analysis: Analysis,
}

/// Candidate root causes of what changed in the window (default: the last 15 minutes)
/// against a baseline window (default: the one of the same length just before), ranked by
/// the change in each service's own latency and errors and by deploys, with the chain of
/// evidence and the call path from the service graph.
#[utoipa::path(get, path = "/api/v1/rca",
    responses((status = 200, body = RcaResponse), (status = 400, body = crate::error::ErrorBody)))]
pub async fn rca(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    mut p: Params,
) -> ApiResult<Json<RcaResponse>> {
    let window = p.time_range_or(15 * 60 * 1_000_000_000)?;
    let base = baseline(&mut p, window)?;
    let limit = p.limit()?;
    let anomalies = anomalous_services(&state, &caller.tenant, window);
    let analysis = ophion_ai::rca::analyse(
        state.store.as_ref(),
        &caller.tenant,
        window,
        base,
        anomalies,
        MAX_SPANS,
        limit,
    )
    .await?;
    Ok(Json(RcaResponse {
        start_unix_nano: window.start_ns,
        end_unix_nano: window.end_ns,
        baseline_start_unix_nano: base.start_ns,
        baseline_end_unix_nano: base.end_ns,
        analysis,
    }))
}

/// Per service, the anomaly insights overlapping the window: their series and highest score.
fn anomalous_services(state: &ApiState, tenant: &TenantId, window: TimeRange) -> Anomalies {
    let filter = InsightFilter {
        kind: Some(InsightKind::Anomaly),
        start_unix_nano: Some(window.start_ns),
        end_unix_nano: Some(window.end_ns),
        ..InsightFilter::default()
    };
    let mut anomalies = Anomalies::new();
    for insight in state.insights.list(tenant, &filter, None, usize::MAX).insights {
        let Some(service) = insight.service else { continue };
        let score = insight.evidence["peak"]["score"].as_f64().unwrap_or(0.0);
        let seen = anomalies.entry(service).or_default();
        seen.max_score = seen.max_score.max(score);
        seen.series.push(insight.subject);
    }
    anomalies
}
