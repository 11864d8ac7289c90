//! The OpenAPI document, generated from the handlers' annotations.

use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Ophion API",
        description = "Query traces, logs and metrics stored by Ophion; ingest metrics as JSON; read the AI engine's insights, log patterns, forecasts and root causes; manage API keys and read the audit log."
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
        crate::insights::patterns,
        crate::insights::list,
        crate::insights::get,
        crate::insights::forecast,
        crate::insights::rca,
        crate::metrics::points,
        crate::metrics::names,
        crate::metrics::latest,
        crate::metrics::aggregate,
        crate::metrics::series,
        crate::metrics::ingest_one,
        crate::metrics::ingest_batch,
        crate::admin::whoami,
        crate::admin::list_keys,
        crate::admin::create_key,
        crate::admin::revoke_key,
        crate::admin::users,
        crate::admin::audit_logs,
        crate::admin::audit_log,
    ),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
pub struct ApiDoc;

/// Every non-public route takes `Authorization: Bearer <API key or OIDC token>`.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components
            .add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
