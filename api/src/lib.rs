//! The REST API on port 8080: health, stats, traces, spans, services, service map, logs,
//! metrics (query and the JSON ingest API), alert rules and alerts (and Alertmanager's ingest
//! API), the AI engine's insights, log patterns, forecasts
//! and root-cause analysis, tenant administration (keys, users, audit log), what the web
//! console needs (sign-in, dashboards), Prometheus self-metrics and the OpenAPI document.
//!
//! `router(state)` builds the whole thing from [`routes`], the one table that says what each
//! route needs; tests drive it with `oneshot` requests and walk the same table.

pub mod access;
mod admin;
mod alerts;
mod body;
mod channels;
mod cursor;
mod dashboards;
mod error;
mod insights;
mod logs;
mod metrics;
mod openapi;
pub mod overview;
pub mod params;
pub mod security;
mod signin;
mod system;
pub mod tail;
#[cfg(test)]
mod tests;
mod traces;
pub mod values;

use std::net::IpAddr;
use std::sync::Arc;

use axum::Router;
use axum::routing::{MethodRouter, delete, get, post, put};
use http::Method;
use ophion_core::limit::Limiter;
use ophion_core::{Authenticate, Ingest, Scope, SelfMetrics, TelemetryStore, TenantId};
use ophion_metadata::MetadataStore;

use access::{Access, Route};
pub use error::{ApiResult, AppError};
use params::QuerySpec;
pub use security::CorsConfig;

/// Rate limits the API applies.
pub struct Limits {
    pub per_ip: Limiter<IpAddr>,
    pub per_tenant: Limiter<TenantId>,
    /// Items per second for the JSON metrics API; the same buckets as OTLP ingest.
    pub ingest: Arc<Limiter<TenantId>>,
}

impl Limits {
    pub fn unlimited() -> Self {
        Self {
            per_ip: Limiter::new(|_| None),
            per_tenant: Limiter::new(|_| None),
            ingest: Arc::new(Limiter::new(|_| None)),
        }
    }
}

/// What the handlers need.
#[derive(Clone)]
pub struct ApiState {
    pub store: Arc<dyn TelemetryStore>,
    pub ingest: Arc<dyn Ingest>,
    pub metrics: Arc<SelfMetrics>,
    pub auth: Arc<dyn Authenticate>,
    pub metadata: MetadataStore,
    pub limits: Arc<Limits>,
    pub cors: Arc<CorsConfig>,
    /// What the AI engine found, per tenant.
    pub insights: Arc<ophion_ai::InsightStore>,
    /// How the web console signs in.
    pub sign_in: Arc<ophion_auth::SignIn>,
    /// Live tails of applied logs.
    pub tail: Arc<tail::LogTail>,
    /// The console overview's recent aggregations.
    pub overview: overview::StatsCache,
    /// Sends notifications through the outbound policy (channel tests here).
    pub notifier: ophion_alerts::notify::Notifier,
}

/// Every route, with the access it needs, the query string it takes and, for state-changing
/// calls, its audit action.
fn table() -> Vec<(Route, MethodRouter<ApiState>)> {
    use Access::{Authenticated, Public};
    use Method as M;
    const READ: Access = Access::Scope(Scope::Read);
    const INGEST: Access = Access::Scope(Scope::Ingest);
    const OPERATE: Access = Access::Scope(Scope::Operate);
    const ADMIN: Access = Access::Scope(Scope::Admin);
    const NONE: &QuerySpec = &QuerySpec::NONE;
    let r =
        |method: Method, path, access, query, action| Route { method, path, access, query, action };
    vec![
        (r(M::GET, "/health", Public, NONE, None), get(system::health)),
        (r(M::GET, "/health/live", Public, NONE, None), get(system::live)),
        (r(M::GET, "/health/ready", Public, NONE, None), get(system::ready)),
        (r(M::GET, "/metrics", Public, NONE, None), get(system::self_metrics)),
        (r(M::GET, "/openapi.json", Public, NONE, None), get(openapi::document)),
        (r(M::GET, "/api/v1/auth/config", Public, NONE, None), get(signin::config)),
        // Public, as sign-in comes before a credential; the handler audits a success under
        // the tenant the token names.
        (r(M::POST, "/api/v1/auth/token", Public, NONE, Some("auth.token")), post(signin::token)),
        (r(M::GET, "/api/v1/whoami", Authenticated, NONE, None), get(admin::whoami)),
        (r(M::GET, "/api/v1/stats", READ, NONE, None), get(system::stats)),
        (r(M::GET, "/api/v1/services", READ, &system::RANGE_QUERY, None), get(system::services)),
        (
            r(M::GET, "/api/v1/services/{service}/operations", READ, &system::RANGE_QUERY, None),
            get(system::service_operations),
        ),
        (
            r(M::GET, "/api/v1/services/{service}/series", READ, &system::SERIES_QUERY, None),
            get(system::service_series),
        ),
        (
            r(M::GET, "/api/v1/service-map", READ, &system::RANGE_QUERY, None),
            get(system::service_map),
        ),
        (
            r(M::GET, "/api/v1/traces", READ, &traces::SEARCH_QUERY, None),
            get(traces::search_traces),
        ),
        (r(M::GET, "/api/v1/traces/{trace_id}", READ, NONE, None), get(traces::trace_by_id)),
        (r(M::GET, "/api/v1/spans", READ, &traces::SEARCH_QUERY, None), get(traces::search_spans)),
        (r(M::GET, "/api/v1/logs", READ, &logs::SEARCH_QUERY, None), get(logs::search)),
        (r(M::GET, "/api/v1/logs/tail", READ, &tail::TAIL_QUERY, None), get(tail::tail)),
        (
            r(M::GET, "/api/v1/logs/histogram", READ, &logs::HISTOGRAM_QUERY, None),
            get(logs::histogram),
        ),
        (
            r(M::GET, "/api/v1/logs/patterns", READ, &insights::PATTERNS_QUERY, None),
            get(insights::patterns),
        ),
        (r(M::GET, "/api/v1/insights", READ, &insights::LIST_QUERY, None), get(insights::list)),
        (r(M::GET, "/api/v1/insights/{id}", READ, NONE, None), get(insights::get)),
        (
            r(M::GET, "/api/v1/forecast", READ, &insights::FORECAST_QUERY, None),
            get(insights::forecast),
        ),
        (r(M::GET, "/api/v1/rca", READ, &insights::RCA_QUERY, None), get(insights::rca)),
        (r(M::GET, "/api/v1/metrics", READ, &metrics::POINTS_QUERY, None), get(metrics::points)),
        (
            r(M::GET, "/api/v1/metrics/names", READ, &metrics::NAMES_QUERY, None),
            get(metrics::names),
        ),
        (
            r(M::GET, "/api/v1/metrics/latest/{name}", READ, &metrics::ONE_METRIC_QUERY, None),
            get(metrics::latest),
        ),
        (
            r(M::GET, "/api/v1/metrics/aggregate/{name}", READ, &metrics::ONE_METRIC_QUERY, None),
            get(metrics::aggregate),
        ),
        (
            r(M::GET, "/api/v1/metrics/series/{name}", READ, &metrics::SERIES_QUERY, None),
            get(metrics::series),
        ),
        (
            r(M::POST, "/api/v1/metrics/ingest", INGEST, NONE, Some("metrics.ingest")),
            post(metrics::ingest_one),
        ),
        (
            r(M::POST, "/api/v1/metrics/ingest/batch", INGEST, NONE, Some("metrics.ingest_batch")),
            post(metrics::ingest_batch),
        ),
        (
            r(M::GET, "/api/v1/dashboards", READ, &dashboards::LIST_QUERY, None),
            get(dashboards::list),
        ),
        (
            r(M::POST, "/api/v1/dashboards", OPERATE, NONE, Some("dashboards.create")),
            post(dashboards::create),
        ),
        (r(M::GET, "/api/v1/dashboards/{id}", READ, NONE, None), get(dashboards::get)),
        (
            r(M::PUT, "/api/v1/dashboards/{id}", OPERATE, NONE, Some("dashboards.update")),
            put(dashboards::replace),
        ),
        (
            r(M::DELETE, "/api/v1/dashboards/{id}", OPERATE, NONE, Some("dashboards.delete")),
            delete(dashboards::delete),
        ),
        (
            r(M::GET, "/api/v1/dashboard/stats", READ, &system::RANGE_QUERY, None),
            get(overview::stats),
        ),
        (
            r(M::GET, "/api/v1/dashboard/presets", READ, &dashboards::PRESETS_QUERY, None),
            get(dashboards::presets),
        ),
        (
            r(M::GET, "/api/v1/alert-rules", READ, &dashboards::LIST_QUERY, None),
            get(alerts::list_rules),
        ),
        (
            r(M::POST, "/api/v1/alert-rules", OPERATE, NONE, Some("alert_rules.create")),
            post(alerts::create_rule),
        ),
        (
            r(
                M::POST,
                "/api/v1/alert-rules/preview",
                READ,
                &alerts::PREVIEW_QUERY,
                Some("alert_rules.preview"),
            ),
            post(alerts::preview),
        ),
        (r(M::GET, "/api/v1/alert-rules/{id}", READ, NONE, None), get(alerts::get_rule)),
        (
            r(M::PUT, "/api/v1/alert-rules/{id}", OPERATE, NONE, Some("alert_rules.update")),
            put(alerts::replace_rule),
        ),
        (
            r(M::DELETE, "/api/v1/alert-rules/{id}", OPERATE, NONE, Some("alert_rules.delete")),
            delete(alerts::delete_rule),
        ),
        (r(M::GET, "/api/v1/alerts", READ, &alerts::ALERTS_QUERY, None), get(alerts::list_alerts)),
        (r(M::POST, "/api/v1/alerts", INGEST, NONE, Some("alerts.receive")), post(alerts::receive)),
        (r(M::GET, "/api/v1/alerts/{id}", READ, NONE, None), get(alerts::get_alert)),
        (
            r(
                M::POST,
                "/api/v1/alerts/{id}/acknowledge",
                OPERATE,
                NONE,
                Some("alerts.acknowledge"),
            ),
            post(alerts::acknowledge),
        ),
        (
            r(M::POST, "/api/v1/alerts/{id}/resolve", OPERATE, NONE, Some("alerts.resolve")),
            post(alerts::resolve),
        ),
        (
            r(M::POST, "/api/v2/alerts", INGEST, NONE, Some("alerts.receive_alertmanager")),
            post(alerts::receive_v2),
        ),
        (r(M::GET, "/api/v1/notification-channels", READ, NONE, None), get(channels::list)),
        (
            r(M::POST, "/api/v1/notification-channels", OPERATE, NONE, Some("channels.create")),
            post(channels::create),
        ),
        (r(M::GET, "/api/v1/notification-channels/{id}", READ, NONE, None), get(channels::get)),
        (
            r(M::PUT, "/api/v1/notification-channels/{id}", OPERATE, NONE, Some("channels.update")),
            put(channels::replace),
        ),
        (
            r(
                M::DELETE,
                "/api/v1/notification-channels/{id}",
                OPERATE,
                NONE,
                Some("channels.delete"),
            ),
            delete(channels::delete),
        ),
        (
            r(
                M::POST,
                "/api/v1/notification-channels/{id}/test",
                OPERATE,
                NONE,
                Some("channels.test"),
            ),
            post(channels::test),
        ),
        (r(M::GET, "/api/v1/keys", ADMIN, &admin::LIST_QUERY, None), get(admin::list_keys)),
        (r(M::POST, "/api/v1/keys", ADMIN, NONE, Some("keys.create")), post(admin::create_key)),
        (
            r(M::DELETE, "/api/v1/keys/{id}", ADMIN, NONE, Some("keys.revoke")),
            delete(admin::revoke_key),
        ),
        (r(M::GET, "/api/v1/users", ADMIN, &admin::LIST_QUERY, None), get(admin::users)),
        (r(M::GET, "/api/v1/audit-logs", ADMIN, &admin::AUDIT_QUERY, None), get(admin::audit_logs)),
        (r(M::GET, "/api/v1/audit-logs/{id}", ADMIN, NONE, None), get(admin::audit_log)),
    ]
}

/// The route table, for tests that must cover every route.
pub fn routes() -> Vec<Route> {
    table().into_iter().map(|(route, _)| route).collect()
}

pub fn router(state: ApiState) -> Router {
    router_with(state, Router::new())
}

/// The API with `pages` beside it: routes outside the table, for what holds no data, needs no
/// credential and takes any query string — the web console's static files, whose deep links
/// carry the console's own state. They get the per-address rate limit and the security
/// headers like every response; headers a page sets itself (its CSP, its caching) win.
pub fn router_with(state: ApiState, pages: Router<ApiState>) -> Router {
    let (routes, handlers): (Vec<_>, Vec<_>) = table().into_iter().unzip();
    let mut router = Router::new();
    for (route, handler) in routes.iter().zip(handlers) {
        router = router.route(route.path, handler);
    }
    let policy: access::Policy = Arc::new(routes);
    router
        .route_layer(axum::middleware::from_fn_with_state((state.clone(), policy), access::guard))
        .merge(pages)
        .fallback(|| async {
            AppError(ophion_core::Error::not_found("no such endpoint; see /openapi.json"))
        })
        .layer(axum::middleware::from_fn_with_state(state.clone(), security::layer))
        .with_state(state)
}
