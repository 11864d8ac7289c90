//! The OpenAPI document: the handlers' annotations, completed from the route table, so that
//! what it says about parameters, credentials and refusals is what the server does.

use axum::Json;
use http::Method;
use utoipa::OpenApi;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
use utoipa::openapi::{Content, Header, Ref, RefOr, Response};

use crate::access::{Access, Route};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Ophion API",
        description = "Query traces, logs and metrics stored by Ophion; ingest metrics as JSON; keep alert rules and their alerts (and take alerts from Prometheus or Alertmanager); read the AI engine's insights, log patterns, forecasts and root causes; keep the web console's dashboards, its overview and live tail, and sign it in; manage API keys and read the audit log."
    ),
    paths(
        crate::system::health,
        crate::system::live,
        crate::system::ready,
        crate::system::self_metrics,
        document,
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
        crate::signin::config,
        crate::signin::token,
        crate::admin::whoami,
        crate::dashboards::list,
        crate::dashboards::create,
        crate::dashboards::get,
        crate::dashboards::replace,
        crate::dashboards::delete,
        crate::dashboards::presets,
        crate::overview::stats,
        crate::system::service_operations,
        crate::tail::tail,
        crate::alerts::list_rules,
        crate::alerts::create_rule,
        crate::alerts::preview,
        crate::alerts::get_rule,
        crate::alerts::replace_rule,
        crate::alerts::delete_rule,
        crate::alerts::list_alerts,
        crate::alerts::receive,
        crate::alerts::get_alert,
        crate::alerts::acknowledge,
        crate::alerts::resolve,
        crate::alerts::receive_v2,
        crate::channels::list,
        crate::channels::create,
        crate::channels::get,
        crate::channels::replace,
        crate::channels::delete,
        crate::channels::test,
        crate::admin::list_keys,
        crate::admin::create_key,
        crate::admin::revoke_key,
        crate::admin::users,
        crate::admin::audit_logs,
        crate::admin::audit_log,
    ),
    components(schemas(crate::error::ErrorBody)),
    modifiers(&BearerAuth, &RouteTable),
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

/// What the route table knows and the annotations do not: each route's query parameters and
/// path parameter rules, whether it needs a credential, and every refusal it can answer.
struct RouteTable;

impl utoipa::Modify for RouteTable {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for route in crate::routes() {
            let Some(item) = openapi.paths.paths.get_mut(route.path) else { continue };
            if let Some(operation) = operation_mut(item, &route.method) {
                complete(&route, operation);
            }
        }
    }
}

fn operation_mut<'a>(item: &'a mut PathItem, method: &Method) -> Option<&'a mut Operation> {
    let slot = if method == Method::GET {
        &mut item.get
    } else if method == Method::POST {
        &mut item.post
    } else if method == Method::DELETE {
        &mut item.delete
    } else if method == Method::PUT {
        &mut item.put
    } else if method == Method::PATCH {
        &mut item.patch
    } else {
        return None;
    };
    slot.as_mut()
}

fn complete(route: &Route, operation: &mut Operation) {
    let parameters = operation.parameters.get_or_insert_with(Vec::new);
    for parameter in parameters.iter_mut() {
        if let Some(schema) = crate::params::path_schema(route.path, &parameter.name) {
            parameter.schema = Some(schema.into());
        }
    }
    parameters.extend(route.query.params.iter().map(|p| p.to_parameter()));
    if route.query.attributes {
        let note = format!(
            "Attribute filters: `attr.<key>=<value>` (up to {}) keeps items whose own or resource \
             attribute `<key>` equals `<value>`; keys follow the name rules, values the text \
             rules, each key at most once.",
            crate::params::MAX_ATTRIBUTE_FILTERS
        );
        operation.description = Some(match operation.description.take() {
            Some(text) => format!("{text}\n\n{note}"),
            None => note,
        });
        let extensions = operation.extensions.get_or_insert_with(Default::default);
        extensions.insert("x-attribute-filters".into(), serde_json::json!("attr.<key>=<value>"));
    }
    if route.access == Access::Public {
        operation.security = Some(Vec::new());
    }

    let responses = &mut operation.responses.responses;
    let mut refusal = |status: &str, description: &str| {
        responses.insert(status.to_owned(), error_response(description).into());
    };
    refusal("400", "A parameter or the body is not valid; the message says which and why");
    if route.access != Access::Public {
        refusal("401", "No credential, or one that is not valid");
        refusal(
            "403",
            if route.changes_state() {
                "The credential lacks the scope this route needs, or the request came from \
                 another web site's page (an Origin neither this API's nor configured)"
            } else {
                "The credential lacks the scope this route needs"
            },
        );
    }
    if operation.request_body.is_some() {
        refusal("413", "The body is larger than the route takes");
        refusal("415", "The body is not application/json, or is compressed");
    }
    let mut retry = error_response("Too many requests from this address or tenant; retry later");
    let seconds = ObjectBuilder::new().schema_type(SchemaType::new(Type::Integer)).minimum(Some(0));
    retry.headers.insert("Retry-After".into(), Header::new(seconds));
    responses.insert("429".into(), retry.into());
    // Refused by the HTTP server before any route runs; no body.
    responses.insert("414".into(), Response::new("The request target is too long").into());
    responses.insert("431".into(), Response::new("The request headers are too large").into());
}

fn error_response(description: &str) -> Response {
    let mut response = Response::new(description);
    let schema = RefOr::Ref(Ref::from_schema_name("ErrorBody"));
    response.content.insert("application/json".into(), Content::new(Some(schema)));
    response
}

/// This document.
#[utoipa::path(get, path = "/openapi.json",
    responses((status = 200, description = "The OpenAPI 3.1 document", body = Object)))]
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
