//! The REST API on port 8080: health, stats, traces, spans, services, service map, logs,
//! metrics (query and the JSON ingest API), the AI engine's insights, log patterns, forecasts
//! and root-cause analysis, tenant administration (keys, users, audit log),
//! Prometheus self-metrics and the OpenAPI document.
//!
//! `router(state)` builds the whole thing from [`routes`], the one table that says what each
//! route needs; tests drive it with `oneshot` requests and walk the same table.

pub mod access;
mod admin;
mod cursor;
mod error;
mod insights;
mod logs;
mod metrics;
mod openapi;
pub mod params;
pub mod security;
mod system;
mod traces;

use std::net::IpAddr;
use std::sync::Arc;

use axum::Router;
use axum::routing::{MethodRouter, delete, get, post};
use http::Method;
use ophion_core::limit::Limiter;
use ophion_core::{Authenticate, Ingest, Scope, SelfMetrics, TelemetryStore, TenantId};
use ophion_metadata::MetadataStore;

use access::{Access, Route};
pub use error::{ApiResult, AppError};
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
}

/// Every route, with the access it needs and, for state-changing calls, its audit action.
fn table() -> Vec<(Route, MethodRouter<ApiState>)> {
    use Access::{Authenticated, Public};
    const READ: Access = Access::Scope(Scope::Read);
    const INGEST: Access = Access::Scope(Scope::Ingest);
    const ADMIN: Access = Access::Scope(Scope::Admin);
    let r = |method: Method, path, access, action| Route { method, path, access, action };
    vec![
        (r(Method::GET, "/health", Public, None), get(system::health)),
        (r(Method::GET, "/health/live", Public, None), get(system::live)),
        (r(Method::GET, "/health/ready", Public, None), get(system::ready)),
        (r(Method::GET, "/metrics", Public, None), get(system::self_metrics)),
        (r(Method::GET, "/openapi.json", Public, None), get(openapi::document)),
        (r(Method::GET, "/api/v1/whoami", Authenticated, None), get(admin::whoami)),
        (r(Method::GET, "/api/v1/stats", READ, None), get(system::stats)),
        (r(Method::GET, "/api/v1/services", READ, None), get(system::services)),
        (
            r(Method::GET, "/api/v1/services/{service}/series", READ, None),
            get(system::service_series),
        ),
        (r(Method::GET, "/api/v1/service-map", READ, None), get(system::service_map)),
        (r(Method::GET, "/api/v1/traces", READ, None), get(traces::search_traces)),
        (r(Method::GET, "/api/v1/traces/{trace_id}", READ, None), get(traces::trace_by_id)),
        (r(Method::GET, "/api/v1/spans", READ, None), get(traces::search_spans)),
        (r(Method::GET, "/api/v1/logs", READ, None), get(logs::search)),
        (r(Method::GET, "/api/v1/logs/histogram", READ, None), get(logs::histogram)),
        (r(Method::GET, "/api/v1/logs/patterns", READ, None), get(insights::patterns)),
        (r(Method::GET, "/api/v1/insights", READ, None), get(insights::list)),
        (r(Method::GET, "/api/v1/insights/{id}", READ, None), get(insights::get)),
        (r(Method::GET, "/api/v1/forecast", READ, None), get(insights::forecast)),
        (r(Method::GET, "/api/v1/rca", READ, None), get(insights::rca)),
        (r(Method::GET, "/api/v1/metrics", READ, None), get(metrics::points)),
        (r(Method::GET, "/api/v1/metrics/names", READ, None), get(metrics::names)),
        (r(Method::GET, "/api/v1/metrics/latest/{name}", READ, None), get(metrics::latest)),
        (r(Method::GET, "/api/v1/metrics/aggregate/{name}", READ, None), get(metrics::aggregate)),
        (r(Method::GET, "/api/v1/metrics/series/{name}", READ, None), get(metrics::series)),
        (
            r(Method::POST, "/api/v1/metrics/ingest", INGEST, Some("metrics.ingest")),
            post(metrics::ingest_one),
        ),
        (
            r(Method::POST, "/api/v1/metrics/ingest/batch", INGEST, Some("metrics.ingest_batch")),
            post(metrics::ingest_batch),
        ),
        (r(Method::GET, "/api/v1/keys", ADMIN, None), get(admin::list_keys)),
        (r(Method::POST, "/api/v1/keys", ADMIN, Some("keys.create")), post(admin::create_key)),
        (
            r(Method::DELETE, "/api/v1/keys/{id}", ADMIN, Some("keys.revoke")),
            delete(admin::revoke_key),
        ),
        (r(Method::GET, "/api/v1/users", ADMIN, None), get(admin::users)),
        (r(Method::GET, "/api/v1/audit-logs", ADMIN, None), get(admin::audit_logs)),
        (r(Method::GET, "/api/v1/audit-logs/{id}", ADMIN, None), get(admin::audit_log)),
    ]
}

/// The route table, for tests that must cover every route.
pub fn routes() -> Vec<Route> {
    table().into_iter().map(|(route, _)| route).collect()
}

pub fn router(state: ApiState) -> Router {
    let (routes, handlers): (Vec<_>, Vec<_>) = table().into_iter().unzip();
    let mut router = Router::new();
    for (route, handler) in routes.iter().zip(handlers) {
        router = router.route(route.path, handler);
    }
    let policy: access::Policy = Arc::new(routes);
    router
        .route_layer(axum::middleware::from_fn_with_state((state.clone(), policy), access::guard))
        .fallback(|| async {
            AppError(ophion_core::Error::not_found("no such endpoint; see /openapi.json"))
        })
        .layer(axum::middleware::from_fn_with_state(state.clone(), security::layer))
        .with_state(state)
}
