//! The REST API on port 8080: health, stats, traces, spans, services, service map, logs,
//! metrics (query and the JSON ingest API), Prometheus self-metrics and the OpenAPI document.
//!
//! `router(state)` builds the whole thing; tests drive it with `oneshot` requests.

mod error;
mod logs;
mod metrics;
mod openapi;
pub mod params;
mod system;
mod traces;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use ophion_core::{Ingest, SelfMetrics, TelemetryStore};

pub use error::{ApiResult, AppError};

/// What the handlers need: the store to query, the pipeline for JSON metric ingest, and
/// self-metrics.
#[derive(Clone)]
pub struct ApiState {
    pub store: Arc<dyn TelemetryStore>,
    pub ingest: Arc<dyn Ingest>,
    pub metrics: Arc<SelfMetrics>,
}

pub fn router(state: ApiState) -> Router {
    Router::new()
        .route("/health", get(system::health))
        .route("/health/live", get(system::live))
        .route("/health/ready", get(system::ready))
        .route("/metrics", get(system::self_metrics))
        .route("/openapi.json", get(openapi::document))
        .route("/api/v1/stats", get(system::stats))
        .route("/api/v1/services", get(system::services))
        .route("/api/v1/services/{service}/series", get(system::service_series))
        .route("/api/v1/service-map", get(system::service_map))
        .route("/api/v1/traces", get(traces::search_traces))
        .route("/api/v1/traces/{trace_id}", get(traces::trace_by_id))
        .route("/api/v1/spans", get(traces::search_spans))
        .route("/api/v1/logs", get(logs::search))
        .route("/api/v1/logs/histogram", get(logs::histogram))
        .route("/api/v1/metrics", get(metrics::points))
        .route("/api/v1/metrics/names", get(metrics::names))
        .route("/api/v1/metrics/latest/{name}", get(metrics::latest))
        .route("/api/v1/metrics/aggregate/{name}", get(metrics::aggregate))
        .route("/api/v1/metrics/series/{name}", get(metrics::series))
        .route("/api/v1/metrics/ingest", post(metrics::ingest_one))
        .route("/api/v1/metrics/ingest/batch", post(metrics::ingest_batch))
        .fallback(|| async {
            AppError(ophion_core::Error::not_found("no such endpoint; see /openapi.json"))
        })
        .with_state(state)
}
