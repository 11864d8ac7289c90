//! The OpenAPI document, generated from the handlers' annotations.

use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Ophion API",
        description = "Query traces, logs and metrics stored by Ophion; ingest metrics as JSON."
    ),
    paths(
        crate::system::health,
        crate::system::live,
        crate::system::ready,
        crate::system::stats,
        crate::system::services,
        crate::system::service_series,
        crate::system::service_map,
        crate::traces::search_traces,
        crate::traces::trace_by_id,
        crate::traces::search_spans,
        crate::logs::search,
        crate::logs::histogram,
        crate::metrics::points,
        crate::metrics::names,
        crate::metrics::latest,
        crate::metrics::aggregate,
        crate::metrics::series,
        crate::metrics::ingest_one,
        crate::metrics::ingest_batch,
    )
)]
pub struct ApiDoc;

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
