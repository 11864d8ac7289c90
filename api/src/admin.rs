//! Tenant administration: API keys, the users seen through OIDC, the audit log, and
//! `whoami`. Everything is the caller's tenant's only.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use ophion_core::decoded_size::{self, Field, Shape};
use ophion_core::{Error, Scope, Scopes};
use ophion_metadata::{ApiKey, AuditFilter, AuditPage, AuditRecord, KeyPage, NewKey, UserPage};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, Type};

use crate::access::{AuditTarget, Caller};
use crate::body::{JsonBody, JsonInput};
use crate::params::{CURSOR, END, Kind, LIMIT, Param, Params, PathName, QuerySpec, START};
use crate::values::{self, check_name};
use crate::{ApiResult, ApiState};

/// Longest key name the metadata store keeps.
const MAX_KEY_NAME_CHARS: usize = 200;
/// What `scopes` may hold: the scopes, and the role names that alias them.
const SCOPE_NAMES: [&str; 6] = ["ingest", "read", "viewer", "operate", "operator", "admin"];

#[derive(Serialize, ToSchema)]
pub struct WhoAmI {
    pub tenant: String,
    pub actor: String,
    pub scopes: Vec<String>,
}

#[utoipa::path(get, path = "/api/v1/whoami", responses((status = 200, body = WhoAmI)))]
pub async fn whoami(Caller(caller): Caller) -> Json<WhoAmI> {
    Json(WhoAmI {
        tenant: caller.tenant.to_string(),
        actor: caller.actor,
        scopes: caller.scopes.granted().iter().map(|s| s.to_string()).collect(),
    })
}

/// The query of the admin lists: a page size and where the previous page ended.
pub const LIST_QUERY: QuerySpec = QuerySpec { params: &[LIMIT, CURSOR], attributes: false };

/// The tenant's API keys, oldest first; `cursor` pages to newer ones.
#[utoipa::path(get, path = "/api/v1/keys",
    responses((status = 200, body = KeyPage), (status = 400, body = crate::error::ErrorBody)))]
pub async fn list_keys(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    mut p: Params,
) -> ApiResult<Json<KeyPage>> {
    let limit = p.limit()?;
    let cursor = p.take("cursor");
    Ok(Json(state.metadata.keys_page(&caller.tenant, limit, cursor.as_deref()).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateKey {
    #[schema(schema_with = key_name_schema)]
    pub name: String,
    /// `ingest`, `read` (alias `viewer`), `operate` (alias `operator`), `admin`.
    #[schema(schema_with = scopes_schema)]
    pub scopes: Vec<String>,
    /// How long the key lives, e.g. `90d`; forever when absent or null.
    #[schema(schema_with = expires_in_schema)]
    pub expires_in: Option<String>,
}

impl JsonInput for CreateKey {
    const SHAPE: &'static Shape = &Shape {
        size: size_of::<CreateKey>(),
        buffered: false,
        fields: &[Field { number: 0, json: "scopes", kind: decoded_size::Kind::Strings }],
    };
}

fn key_name_schema() -> Schema {
    values::name_schema().max_length(Some(MAX_KEY_NAME_CHARS)).into()
}

fn scopes_schema() -> Schema {
    let scope = ObjectBuilder::new().schema_type(Type::String).enum_values(Some(SCOPE_NAMES));
    ArrayBuilder::new().items(scope).min_items(Some(1)).into()
}

fn expires_in_schema() -> Schema {
    OneOfBuilder::new()
        .item(values::duration_schema())
        .item(utoipa::openapi::schema::Object::with_type(Type::Null))
        .into()
}

/// The scopes a new key gets: each one named exactly.
fn key_scopes(names: &[String]) -> Result<Scopes, Error> {
    if names.is_empty() {
        return Err(Error::invalid("scopes: at least one of ingest, read, operate, admin"));
    }
    let scopes = names
        .iter()
        .map(|name| match SCOPE_NAMES.contains(&name.as_str()) {
            true => Scope::parse(name),
            false => Err(Error::invalid(format!(
                "unknown scope {name:?}: use ingest, read, operate or admin"
            ))),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Scopes::of(scopes))
}

#[derive(Serialize, ToSchema)]
pub struct CreatedKey {
    #[serde(flatten)]
    pub key: ApiKey,
    /// The whole key. Shown this once; only its hash is kept.
    pub secret: String,
}

#[utoipa::path(post, path = "/api/v1/keys", request_body = CreateKey,
    responses((status = 201, body = CreatedKey), (status = 400, body = crate::error::ErrorBody)))]
pub async fn create_key(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    JsonBody(input): JsonBody<CreateKey>,
) -> ApiResult<Response> {
    check_name("name", &input.name)?;
    if input.name.chars().count() > MAX_KEY_NAME_CHARS {
        return Err(
            Error::invalid(format!("name is longer than {MAX_KEY_NAME_CHARS} characters")).into()
        );
    }
    let scopes = key_scopes(&input.scopes)?;
    let expires_at_ms = match input.expires_in.as_deref() {
        None => None,
        Some(text) => {
            let ttl_ns = values::parse_duration_ns("expires_in", text)?;
            let at = ophion_core::time::now_unix_nanos().saturating_add(ttl_ns) / 1_000_000;
            Some(i64::try_from(at).unwrap_or(i64::MAX))
        }
    };
    let (key, secret) = state
        .metadata
        .create_key(NewKey {
            tenant: &caller.tenant,
            name: &input.name,
            scopes,
            expires_at_ms,
            created_by: &caller.actor,
        })
        .await?;
    let target = AuditTarget(format!("key:{}", key.id));
    let mut response =
        (http::StatusCode::CREATED, Json(CreatedKey { key, secret })).into_response();
    response.extensions_mut().insert(target);
    Ok(response)
}

#[utoipa::path(delete, path = "/api/v1/keys/{id}", params(("id" = String, Path)),
    responses((status = 200, body = ApiKey), (status = 404, body = crate::error::ErrorBody)))]
pub async fn revoke_key(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    PathName(id): PathName,
) -> ApiResult<Response> {
    let key = state.metadata.revoke_key(Some(&caller.tenant), &id).await?;
    state.auth.forget_key(&key.id);
    let target = AuditTarget(format!("key:{}", key.id));
    let mut response = Json(key).into_response();
    response.extensions_mut().insert(target);
    Ok(response)
}

/// The users seen through OIDC, by username; `cursor` pages on.
#[utoipa::path(get, path = "/api/v1/users",
    responses((status = 200, body = UserPage), (status = 400, body = crate::error::ErrorBody)))]
pub async fn users(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    mut p: Params,
) -> ApiResult<Json<UserPage>> {
    let limit = p.limit()?;
    let cursor = p.take("cursor");
    Ok(Json(state.metadata.users(&caller.tenant, limit, cursor.as_deref()).await?))
}

pub const AUDIT_QUERY: QuerySpec = QuerySpec {
    params: &[
        START,
        END,
        Param::new("actor", Kind::Name, "Only calls by this actor (`key:<id>`, `user:<name>`)"),
        Param::new("action", Kind::Name, "Only this action, e.g. keys.create"),
        Param::new("outcome", Kind::OneOf(&["success", "denied", "failure"]), "Only this outcome"),
        LIMIT,
        CURSOR,
    ],
    attributes: false,
};

/// The tenant's audit records, newest first; `cursor` pages to older ones.
#[utoipa::path(get, path = "/api/v1/audit-logs",
    responses((status = 200, body = AuditPage), (status = 400, body = crate::error::ErrorBody)))]
pub async fn audit_logs(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    mut p: Params,
) -> ApiResult<Json<AuditPage>> {
    let ms = |ns: u64| i64::try_from(ns / 1_000_000).unwrap_or(i64::MAX);
    let (start, end) = p.bounds("start", "end")?;
    let limit = p.limit()?;
    let filter = AuditFilter {
        start_ms: start.map(ms),
        end_ms: end.map(ms),
        actor: p.take("actor"),
        action: p.take("action"),
        outcome: p.take("outcome"),
        limit,
        cursor: p.take("cursor"),
    };
    Ok(Json(state.metadata.audit_logs(&caller.tenant, &filter).await?))
}

#[utoipa::path(get, path = "/api/v1/audit-logs/{id}", params(("id" = String, Path)),
    responses((status = 200, body = AuditRecord), (status = 404, body = crate::error::ErrorBody)))]
pub async fn audit_log(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    PathName(id): PathName,
) -> ApiResult<Json<AuditRecord>> {
    let record = state.metadata.audit_log(&caller.tenant, &id).await?;
    Ok(Json(record.ok_or_else(|| Error::not_found(format!("no audit record {id:?}")))?))
}
