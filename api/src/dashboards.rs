//! The console's dashboards: documents of panels, each panel a read-only query of this API
//! and a chart type, kept per tenant in the metadata store; and the presets the console offers
//! to start from. The copilot writes dashboards in this same JSON, so what a panel may query is
//! checked here against the route table: a GET a viewer may call, with the query parameters
//! that route declares, valid by its own rules.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use ophion_core::decoded_size::{self, Field, Shape};
use ophion_core::query::TimeRange;
use ophion_core::time::now_unix_nanos;
use ophion_core::{Error, Scope};
use ophion_metadata::{DashboardInput, StoredDashboard};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::access::{Access, AuditTarget, Caller, Route};
use crate::body::{JsonBody, JsonInput};
use crate::params::{CURSOR, Kind, LIMIT, Param, Params, PathName, QuerySpec};
use crate::values::{check_name, check_text, parse_duration_ns, parse_time};
use crate::{ApiResult, ApiState};

/// Largest dashboard document.
pub const MAX_DASHBOARD_BYTES: usize = 256 << 10;
pub const MAX_PANELS: usize = 50;
const MAX_TITLE_CHARS: usize = 200;
const MAX_DESCRIPTION_CHARS: usize = 2000;
const MAX_PANEL_ID_CHARS: usize = 64;
const MAX_PANEL_PARAMS: usize = 32;
const MAX_LAYOUT_SIZE: u32 = 100;
const MAX_LAYOUT_POSITION: u32 = 10_000;
/// Routes a panel may not query though a viewer may call them: a stream, and the dashboards
/// themselves.
const NOT_PANEL_QUERIES: [&str; 4] = [
    "/api/v1/logs/tail",
    "/api/v1/dashboards",
    "/api/v1/dashboards/{id}",
    "/api/v1/dashboard/presets",
];

/// The range every panel shows: relative (`now-1h`) or absolute (Unix milliseconds or RFC
/// 3339).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TimeWindow {
    /// `now-15m`, `now-1h`, `now-7d`…, or an absolute time.
    #[schema(example = "now-1h")]
    pub from: String,
    /// `now`, `now-<duration>`, or an absolute time.
    #[schema(example = "now")]
    pub to: String,
}

impl Default for TimeWindow {
    fn default() -> Self {
        Self { from: "now-1h".into(), to: "now".into() }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum PanelType {
    Timeseries,
    Bar,
    Stat,
    Table,
    Logs,
    Traces,
}

/// What a panel shows: a GET of this API. The console adds the dashboard's time range.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PanelQuery {
    /// A read-only API path a viewer may call, its segments percent-encoded:
    /// `/api/v1/services/cart/series`.
    #[schema(example = "/api/v1/services/cart/series")]
    pub path: String,
    /// Query parameters the route declares (not `start`/`end`), as strings.
    #[serde(default)]
    pub params: BTreeMap<String, String>,
}

/// A panel's place on the dashboard's grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
}

impl Default for Layout {
    fn default() -> Self {
        Self { x: 0, y: 0, w: 6, h: 4 }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Panel {
    /// Unique within the dashboard: 1 to 64 of A-Z, a-z, 0-9, `-`, `_`.
    #[schema(example = "p1")]
    pub id: String,
    #[serde(default)]
    pub title: String,
    #[serde(rename = "type")]
    pub kind: PanelType,
    pub query: PanelQuery,
    #[serde(default)]
    pub layout: Layout,
}

/// A dashboard as sent to create or replace one. `id`, `created_at` and `updated_at` are the
/// server's: they may be sent back as they were read and are otherwise ignored (an `id` other
/// than the one replaced is refused).
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DashboardDocument {
    #[serde(default)]
    pub id: Option<String>,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub time: TimeWindow,
    #[serde(default)]
    pub panels: Vec<Panel>,
    /// Accepted so a dashboard read can be sent back as it is; the server keeps its own.
    #[serde(default, rename = "created_at")]
    pub _created_at: Option<String>,
    #[serde(default, rename = "updated_at")]
    pub _updated_at: Option<String>,
}

const PANEL_SHAPE: Shape = Shape {
    size: size_of::<Panel>(),
    buffered: false,
    fields: &[Field {
        number: 0,
        json: "query",
        kind: decoded_size::Kind::Message(&Shape {
            size: size_of::<PanelQuery>(),
            buffered: false,
            fields: &[Field { number: 0, json: "params", kind: decoded_size::Kind::Strings }],
        }),
    }],
};

impl JsonInput for DashboardDocument {
    const SHAPE: &'static Shape = &Shape {
        size: size_of::<DashboardDocument>(),
        buffered: false,
        fields: &[Field {
            number: 0,
            json: "panels",
            kind: decoded_size::Kind::Repeated(&PANEL_SHAPE),
        }],
    };
    const MAX_BYTES: usize = MAX_DASHBOARD_BYTES;
}

/// A dashboard as stored and served.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Dashboard {
    /// A ULID the server assigned; a preset's name for presets.
    pub id: String,
    pub title: String,
    pub description: String,
    pub time: TimeWindow,
    pub panels: Vec<Panel>,
    /// RFC 3339; absent on presets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

/// What the store keeps beyond the listed columns.
#[derive(Serialize, Deserialize)]
struct StoredBody {
    time: TimeWindow,
    panels: Vec<Panel>,
}

fn rfc3339(ms: i64) -> Option<String> {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}

impl TryFrom<StoredDashboard> for Dashboard {
    type Error = Error;

    fn try_from(stored: StoredDashboard) -> Result<Self, Error> {
        let body: StoredBody = serde_json::from_str(&stored.body).map_err(|e| {
            Error::internal(format!("dashboard {} holds an unreadable document: {e}", stored.id))
        })?;
        Ok(Self {
            id: stored.id,
            title: stored.title,
            description: stored.description,
            time: body.time,
            panels: body.panels,
            created_at: rfc3339(stored.created_at_ms),
            updated_at: rfc3339(stored.updated_at_ms),
        })
    }
}

/// A dashboard in a list: what a picker shows.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct DashboardSummary {
    pub id: String,
    pub title: String,
    pub description: String,
    /// RFC 3339.
    pub updated_at: Option<String>,
    /// How many panels it has.
    pub panels: u64,
}

#[derive(Serialize, ToSchema)]
pub struct DashboardList {
    pub items: Vec<DashboardSummary>,
    /// Pass as `cursor` for the next (older) page; absent on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PresetList {
    pub items: Vec<Dashboard>,
}

pub const LIST_QUERY: QuerySpec = QuerySpec { params: &[LIMIT, CURSOR], attributes: false };
pub const PRESETS_QUERY: QuerySpec = QuerySpec {
    params: &[Param::new(
        "service",
        Kind::Name,
        "The service the service-overview preset shows; default: the busiest of the last hour",
    )],
    attributes: false,
};

/// The tenant's dashboards, newest first; `cursor` pages to older ones.
#[utoipa::path(get, path = "/api/v1/dashboards",
    responses((status = 200, body = DashboardList), (status = 400, body = crate::error::ErrorBody)))]
pub async fn list(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    mut p: Params,
) -> ApiResult<Json<DashboardList>> {
    let limit = p.limit()?;
    let cursor = p.take("cursor");
    let page = state.metadata.dashboards(&caller.tenant, limit, cursor.as_deref()).await?;
    let items = page
        .dashboards
        .into_iter()
        .map(|d| DashboardSummary {
            updated_at: rfc3339(d.updated_at_ms),
            id: d.id,
            title: d.title,
            description: d.description,
            panels: d.panel_count,
        })
        .collect();
    Ok(Json(DashboardList { items, next_cursor: page.next_cursor }))
}

/// A new dashboard; answered with it as stored, its id assigned.
#[utoipa::path(post, path = "/api/v1/dashboards", request_body = DashboardDocument,
    responses((status = 201, body = Dashboard), (status = 400, body = crate::error::ErrorBody)))]
pub async fn create(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    JsonBody(document): JsonBody<DashboardDocument>,
) -> ApiResult<Response> {
    check(&document)?;
    let body = stored_body(&document)?;
    let stored = state.metadata.create_dashboard(&caller.tenant, input(&document, &body)).await?;
    let dashboard = Dashboard::try_from(stored)?;
    let target = AuditTarget(format!("dashboard:{}", dashboard.id));
    let mut response = (StatusCode::CREATED, Json(dashboard)).into_response();
    response.extensions_mut().insert(target);
    Ok(response)
}

#[utoipa::path(get, path = "/api/v1/dashboards/{id}", params(("id" = String, Path)),
    responses((status = 200, body = Dashboard), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    PathName(id): PathName,
) -> ApiResult<Json<Dashboard>> {
    let stored = state.metadata.dashboard(&caller.tenant, &id).await?;
    Ok(Json(Dashboard::try_from(stored.ok_or_else(|| no_such(&id))?)?))
}

/// Replaces a dashboard whole.
#[utoipa::path(put, path = "/api/v1/dashboards/{id}", params(("id" = String, Path)),
    request_body = DashboardDocument,
    responses((status = 200, body = Dashboard), (status = 400, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn replace(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    PathName(id): PathName,
    JsonBody(document): JsonBody<DashboardDocument>,
) -> ApiResult<Response> {
    if let Some(named) = &document.id
        && !named.eq_ignore_ascii_case(&id)
    {
        return Err(Error::invalid(format!(
            "id {named:?} in the body is not the dashboard replaced ({id:?}); leave it out"
        ))
        .into());
    }
    check(&document)?;
    let body = stored_body(&document)?;
    let stored = state
        .metadata
        .update_dashboard(&caller.tenant, &id, input(&document, &body))
        .await?
        .ok_or_else(|| no_such(&id))?;
    let dashboard = Dashboard::try_from(stored)?;
    let target = AuditTarget(format!("dashboard:{}", dashboard.id));
    let mut response = Json(dashboard).into_response();
    response.extensions_mut().insert(target);
    Ok(response)
}

#[utoipa::path(delete, path = "/api/v1/dashboards/{id}", params(("id" = String, Path)),
    responses((status = 204, description = "Deleted"), (status = 404, body = crate::error::ErrorBody)))]
pub async fn delete(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    PathName(id): PathName,
) -> ApiResult<Response> {
    if !state.metadata.delete_dashboard(&caller.tenant, &id).await? {
        return Err(no_such(&id).into());
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.extensions_mut().insert(AuditTarget(format!("dashboard:{}", id.to_uppercase())));
    Ok(response)
}

fn no_such(id: &str) -> Error {
    Error::not_found(format!("no dashboard {id:?}"))
}

fn stored_body(document: &DashboardDocument) -> Result<String, Error> {
    let body = StoredBody { time: document.time.clone(), panels: document.panels.clone() };
    serde_json::to_string(&body).map_err(|e| Error::internal(format!("encoding a dashboard: {e}")))
}

fn input<'a>(document: &'a DashboardDocument, body: &'a str) -> DashboardInput<'a> {
    DashboardInput {
        title: document.title.trim(),
        description: &document.description,
        panel_count: document.panels.len() as u64,
        body,
    }
}

/// Every rule a dashboard must meet, each refusal naming where.
pub fn check(document: &DashboardDocument) -> Result<(), Error> {
    let title = document.title.trim();
    check_name("title", title)?;
    if title.chars().count() > MAX_TITLE_CHARS {
        return Err(Error::invalid(format!("title is longer than {MAX_TITLE_CHARS} characters")));
    }
    check_text("description", &document.description, 0)?;
    if document.description.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(Error::invalid(format!(
            "description is longer than {MAX_DESCRIPTION_CHARS} characters"
        )));
    }
    check_time("time.from", &document.time.from)?;
    check_time("time.to", &document.time.to)?;
    if document.panels.len() > MAX_PANELS {
        return Err(Error::invalid(format!(
            "a dashboard has at most {MAX_PANELS} panels, this one {}",
            document.panels.len()
        )));
    }
    let queries = panel_routes();
    let mut ids = std::collections::HashSet::new();
    for (i, panel) in document.panels.iter().enumerate() {
        let at = |what: &str| format!("panels[{i}].{what}");
        let id_ok = (1..=MAX_PANEL_ID_CHARS).contains(&panel.id.len())
            && panel.id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !id_ok {
            return Err(Error::invalid(format!(
                "{} must be 1 to {MAX_PANEL_ID_CHARS} of A-Z, a-z, 0-9, '-', '_'",
                at("id")
            )));
        }
        if !ids.insert(panel.id.as_str()) {
            return Err(Error::invalid(format!("{}: {:?} is used twice", at("id"), panel.id)));
        }
        check_text(&at("title"), &panel.title, 0)?;
        if panel.title.chars().count() > MAX_TITLE_CHARS {
            return Err(Error::invalid(format!(
                "{} is longer than {MAX_TITLE_CHARS} characters",
                at("title")
            )));
        }
        check_query(&queries, &panel.query)
            .map_err(|e| Error::invalid(format!("{}: {}", at("query"), e.message)))?;
        let Layout { x, y, w, h } = panel.layout;
        if !(1..=MAX_LAYOUT_SIZE).contains(&w)
            || !(1..=MAX_LAYOUT_SIZE).contains(&h)
            || x > MAX_LAYOUT_POSITION
            || y > MAX_LAYOUT_POSITION
        {
            return Err(Error::invalid(format!(
                "{}: w and h must be 1 to {MAX_LAYOUT_SIZE}, x and y at most {MAX_LAYOUT_POSITION}",
                at("layout")
            )));
        }
    }
    Ok(())
}

/// `now`, `now-<duration>`, or an absolute time.
fn check_time(what: &str, v: &str) -> Result<(), Error> {
    if v == "now" {
        return Ok(());
    }
    if let Some(ago) = v.strip_prefix("now-") {
        return parse_duration_ns(what, ago).map(drop);
    }
    parse_time(what, v).map(drop).map_err(|_| {
        Error::invalid(format!(
            "{what} must be now, now-<duration> (now-15m, now-1h, now-7d), Unix milliseconds or \
             RFC 3339, got {v:?}"
        ))
    })
}

/// The routes a panel may query: GETs a viewer may call, streams and dashboards aside.
fn panel_routes() -> Vec<Route> {
    crate::routes()
        .into_iter()
        .filter(|r| {
            r.method == http::Method::GET
                && matches!(r.access, Access::Scope(Scope::Read) | Access::Authenticated)
                && r.path.starts_with("/api/v1/")
                && !NOT_PANEL_QUERIES.contains(&r.path)
        })
        .collect()
}

fn check_query(routes: &[Route], query: &PanelQuery) -> Result<(), Error> {
    let path = query.path.as_str();
    let route = routes.iter().find(|r| path_matches(r.path, path)).ok_or_else(|| {
        Error::invalid(format!(
            "path {:?} is not a read-only API path a viewer may call (e.g. \
             /api/v1/services/<service>/series, /api/v1/logs, /api/v1/metrics/series/<name>)",
            path.chars().take(200).collect::<String>()
        ))
    })?;
    if query.params.len() > MAX_PANEL_PARAMS {
        return Err(Error::invalid(format!("at most {MAX_PANEL_PARAMS} params")));
    }
    for name in query.params.keys() {
        if name == "start" || name == "end" {
            return Err(Error::invalid(format!(
                "params.{name}: the time range is the dashboard's (time.from, time.to)"
            )));
        }
    }
    // The same rules the route applies when the console calls it.
    let encode = |s: &str| utf8_percent_encode(s, NON_ALPHANUMERIC).to_string();
    let raw: Vec<String> =
        query.params.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
    Params::parse(Some(&raw.join("&")), route.query)
        .map(drop)
        .map_err(|e| Error::invalid(format!("params: {}", e.message)))
}

/// Whether a concrete path is an instance of a route's template: each `{…}` segment a
/// non-empty name once percent-decoded, the others equal.
fn path_matches(template: &str, path: &str) -> bool {
    let (mut t, mut p) = (template.split('/'), path.split('/'));
    loop {
        match (t.next(), p.next()) {
            (None, None) => return true,
            (Some(want), Some(got)) if want.starts_with('{') => {
                let decoded = percent_encoding::percent_decode_str(got).decode_utf8();
                // A name may hold `/` (`checkout api/v2`): encoded, it stays one segment.
                if !decoded.is_ok_and(|name| check_name("", &name).is_ok()) {
                    return false;
                }
            }
            (Some(want), Some(got)) if want == got => {}
            _ => return false,
        }
    }
}

/// The presets: a service's overview, and host and runtime metrics.
#[utoipa::path(get, path = "/api/v1/dashboard/presets",
    responses((status = 200, body = PresetList), (status = 400, body = crate::error::ErrorBody)))]
pub async fn presets(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    mut p: Params,
) -> ApiResult<Json<PresetList>> {
    const HOUR_NS: u64 = 3_600 * 1_000_000_000;
    let end = now_unix_nanos();
    let last_hour = TimeRange { start_ns: end.saturating_sub(HOUR_NS), end_ns: end };
    let service = match p.take("service") {
        Some(service) => Some(service),
        None => {
            let services = state.store.services(&caller.tenant, last_hour).await?;
            services.into_iter().max_by_key(|s| s.span_count).map(|s| s.name)
        }
    };
    let metrics = state.store.metric_names(&caller.tenant, last_hour).await?;
    let runtime: Vec<(String, String)> = metrics
        .into_iter()
        .filter(|m| RUNTIME_PREFIXES.iter().any(|prefix| m.name.starts_with(prefix)))
        .filter(|m| !HOST_METRICS.contains(&m.name.as_str()))
        .take(MAX_RUNTIME_PANELS)
        .map(|m| (m.name, m.kind))
        .collect();
    Ok(Json(PresetList {
        items: vec![service_overview(service.as_deref()), host_runtime(&runtime)],
    }))
}

const HOST_METRICS: [&str; 2] = ["system.cpu.utilization", "system.memory.utilization"];
const RUNTIME_PREFIXES: [&str; 5] = ["process.runtime.", "process.", "jvm.", "runtime.", "dotnet."];
const MAX_RUNTIME_PANELS: usize = 8;

fn panel(
    id: &str,
    title: &str,
    kind: PanelType,
    path: String,
    params: &[(&str, &str)],
    layout: [u32; 4],
) -> Panel {
    let [x, y, w, h] = layout;
    Panel {
        id: id.to_owned(),
        title: title.to_owned(),
        kind,
        query: PanelQuery {
            path,
            params: params.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
        },
        layout: Layout { x, y, w, h },
    }
}

fn segment(name: &str) -> String {
    utf8_percent_encode(name, NON_ALPHANUMERIC).to_string()
}

/// RED of one service (rate, errors, latency), its slowest traces and its error logs; without
/// a service (none seen yet), the same across all of them.
fn service_overview(service: Option<&str>) -> Dashboard {
    use PanelType::*;
    let mut panels = Vec::new();
    let filter: Vec<(&str, &str)> = service.map(|s| vec![("service", s)]).unwrap_or_default();
    if let Some(service) = service {
        let series = format!("/api/v1/services/{}/series", segment(service));
        panels.push(panel("rate", "Request rate", Timeseries, series.clone(), &[], [0, 0, 4, 4]));
        panels.push(panel("errors", "Errors", Bar, series.clone(), &[], [4, 0, 4, 4]));
        panels.push(panel(
            "latency",
            "Latency p50 / p95 / p99",
            Timeseries,
            series,
            &[],
            [8, 0, 4, 4],
        ));
    } else {
        panels.push(panel(
            "totals",
            "Totals",
            Stat,
            "/api/v1/dashboard/stats".into(),
            &[],
            [0, 0, 12, 3],
        ));
    }
    panels.push(panel(
        "services",
        "Services",
        Table,
        "/api/v1/services".into(),
        &[],
        [0, 4, 12, 4],
    ));
    let slowest = [filter.as_slice(), &[("sort", "longest"), ("limit", "20")]].concat();
    panels.push(panel(
        "slowest",
        "Slowest traces",
        Traces,
        "/api/v1/traces".into(),
        &slowest,
        [0, 8, 6, 6],
    ));
    let errors = [filter.as_slice(), &[("min_severity", "error"), ("limit", "50")]].concat();
    panels.push(panel(
        "error-logs",
        "Error logs",
        Logs,
        "/api/v1/logs".into(),
        &errors,
        [6, 8, 6, 6],
    ));
    Dashboard {
        id: "service-overview".into(),
        title: match service {
            Some(service) => format!("Service overview: {service}"),
            None => "Service overview".into(),
        },
        description: "Rate, errors and latency of a service, its slowest traces and its error \
                      logs."
            .into(),
        time: TimeWindow::default(),
        panels,
        created_at: None,
        updated_at: None,
    }
}

/// Host utilization, and the runtime metrics (`process.runtime.*`, `jvm.*`, …) the tenant
/// sends.
fn host_runtime(runtime: &[(String, String)]) -> Dashboard {
    let mut panels = vec![
        panel(
            "cpu",
            "CPU utilization",
            PanelType::Timeseries,
            format!("/api/v1/metrics/series/{}", HOST_METRICS[0]),
            &[("fn", "avg")],
            [0, 0, 6, 4],
        ),
        panel(
            "memory",
            "Memory utilization",
            PanelType::Timeseries,
            format!("/api/v1/metrics/series/{}", HOST_METRICS[1]),
            &[("fn", "avg")],
            [6, 0, 6, 4],
        ),
    ];
    for (i, (name, kind)) in runtime.iter().enumerate() {
        let function = if kind.contains("histogram") { "p95" } else { "avg" };
        let i = u32::try_from(i).unwrap_or(0);
        panels.push(panel(
            &format!("runtime-{i}"),
            name,
            PanelType::Timeseries,
            format!("/api/v1/metrics/series/{}", segment(name)),
            &[("fn", function)],
            [(i % 2) * 6, 4 + (i / 2) * 4, 6, 4],
        ));
    }
    Dashboard {
        id: "host-runtime".into(),
        title: "Host and runtime".into(),
        description: "CPU and memory utilization of the hosts, and the runtime metrics the \
                      services send."
            .into(),
        time: TimeWindow::default(),
        panels,
        created_at: None,
        updated_at: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_concrete_paths_segment_by_segment() {
        assert!(path_matches("/api/v1/services/{service}/series", "/api/v1/services/cart/series"));
        assert!(path_matches(
            "/api/v1/services/{service}/series",
            "/api/v1/services/checkout%20api/series"
        ));
        assert!(path_matches("/api/v1/services/{service}/series", "/api/v1/services/a%2Fb/series"));
        assert!(path_matches("/api/v1/logs", "/api/v1/logs"));
        for path in [
            "/api/v1/services//series",
            "/api/v1/services/a/b/series",
            "/api/v1/services/%FF/series",
            "/api/v1/services/a%00/series",
            "/api/v1/services/cart/series/",
            "/api/v1/logs?q=x",
        ] {
            assert!(!path_matches("/api/v1/services/{service}/series", path), "{path}");
            assert!(!path_matches("/api/v1/logs", path), "{path}");
        }
    }

    #[test]
    fn both_presets_pass_the_rules_every_dashboard_meets() {
        let runtime = vec![
            ("process.runtime.cpython.memory".to_owned(), "sum".to_owned()),
            ("jvm.gc.duration".to_owned(), "histogram".to_owned()),
        ];
        for preset in [
            service_overview(Some("checkout api/v2")),
            service_overview(None),
            host_runtime(&runtime),
            host_runtime(&[]),
        ] {
            let document = DashboardDocument {
                id: None,
                title: preset.title.clone(),
                description: preset.description.clone(),
                time: preset.time.clone(),
                panels: preset.panels.clone(),
                _created_at: None,
                _updated_at: None,
            };
            check(&document).unwrap_or_else(|e| panic!("{}: {}", preset.id, e.message));
        }
        assert_eq!(host_runtime(&runtime).panels.len(), 4);
    }
}
