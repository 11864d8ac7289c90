//! Tenant administration: API keys, the users seen through OIDC, the audit log, and
//! `whoami`. Everything is the caller's tenant's only.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use ophion_core::{Error, Scopes};
use ophion_metadata::{ApiKey, AuditFilter, AuditPage, AuditRecord, NewKey, User};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::access::{AuditTarget, Caller};
use crate::params::{Params, parse_time};
use crate::{ApiResult, ApiState};

#[derive(Serialize, ToSchema)]
pub struct WhoAmI {
    pub tenant: String,
    pub actor: String,
    pub scopes: Vec<String>,
}

#[utoipa::path(get, path = "/api/v1/whoami", responses((status = 200, body = WhoAmI), (status = 401)))]
pub async fn whoami(Caller(caller): Caller) -> Json<WhoAmI> {
    Json(WhoAmI {
        tenant: caller.tenant.to_string(),
        actor: caller.actor,
        scopes: caller.scopes.granted().iter().map(|s| s.to_string()).collect(),
    })
}

#[derive(Serialize, ToSchema)]
pub struct KeysResponse {
    pub keys: Vec<ApiKey>,
}

#[utoipa::path(get, path = "/api/v1/keys", responses((status = 200, body = KeysResponse), (status = 403)))]
pub async fn list_keys(
    State(state): State<ApiState>,
    Caller(caller): Caller,
) -> ApiResult<Json<KeysResponse>> {
    Ok(Json(KeysResponse { keys: state.metadata.list_keys(Some(&caller.tenant)).await? }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateKey {
    pub name: String,
    /// `ingest`, `read`, `operate`, `admin`.
    pub scopes: Vec<String>,
    /// How long the key lives, e.g. `90d`; forever when absent.
    pub expires_in: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedKey {
    #[serde(flatten)]
    pub key: ApiKey,
    /// The whole key. Shown this once; only its hash is kept.
    pub secret: String,
}

#[utoipa::path(post, path = "/api/v1/keys", request_body = CreateKey,
    responses((status = 201, body = CreatedKey), (status = 400, body = crate::error::ErrorBody), (status = 403)))]
pub async fn create_key(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let input: CreateKey = serde_json::from_slice(&body)
        .map_err(|e| Error::invalid(format!("invalid JSON body: {e}")))?;
    let scopes = Scopes::parse_list(&input.scopes.join(","))?;
    let expires_at_ms = match input.expires_in.as_deref() {
        None => None,
        Some(text) => {
            let ttl_ns = crate::params::parse_duration_ns("expires_in", text)?;
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
    responses((status = 200, body = ApiKey), (status = 404, body = crate::error::ErrorBody), (status = 403)))]
pub async fn revoke_key(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let key = state.metadata.revoke_key(Some(&caller.tenant), &id).await?;
    state.auth.forget_key(&key.id);
    let target = AuditTarget(format!("key:{}", key.id));
    let mut response = Json(key).into_response();
    response.extensions_mut().insert(target);
    Ok(response)
}

#[derive(Serialize, ToSchema)]
pub struct UsersResponse {
    pub users: Vec<User>,
}

#[utoipa::path(get, path = "/api/v1/users", responses((status = 200, body = UsersResponse), (status = 403)))]
pub async fn users(
    State(state): State<ApiState>,
    Caller(caller): Caller,
) -> ApiResult<Json<UsersResponse>> {
    Ok(Json(UsersResponse { users: state.metadata.users(&caller.tenant).await? }))
}

const AUDIT_PARAMS: &[&str] = &["start", "end", "actor", "action", "outcome", "limit", "cursor"];

/// The tenant's audit records, newest first; `cursor` pages to older ones.
#[utoipa::path(get, path = "/api/v1/audit-logs", params(("start" = Option<String>, Query), ("end" = Option<String>, Query),
    ("actor" = Option<String>, Query), ("action" = Option<String>, Query), ("outcome" = Option<String>, Query),
    ("limit" = Option<usize>, Query), ("cursor" = Option<String>, Query)),
    responses((status = 200, body = AuditPage), (status = 400, body = crate::error::ErrorBody), (status = 403)))]
pub async fn audit_logs(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<AuditPage>> {
    let mut p = Params::new(raw)?;
    let ms = |ns: u64| i64::try_from(ns / 1_000_000).unwrap_or(i64::MAX);
    let start_ms = p.take("start").map(|v| parse_time("start", &v)).transpose()?.map(ms);
    let end_ms = p.take("end").map(|v| parse_time("end", &v)).transpose()?.map(ms);
    let limit = p.limit()?;
    let filter = AuditFilter {
        start_ms,
        end_ms,
        actor: p.take("actor"),
        action: p.take("action"),
        outcome: p.take("outcome"),
        limit,
        cursor: p.take("cursor"),
    };
    p.finish(AUDIT_PARAMS, false)?;
    Ok(Json(state.metadata.audit_logs(&caller.tenant, &filter).await?))
}

#[utoipa::path(get, path = "/api/v1/audit-logs/{id}", params(("id" = String, Path)),
    responses((status = 200, body = AuditRecord), (status = 404, body = crate::error::ErrorBody), (status = 403)))]
pub async fn audit_log(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<AuditRecord>> {
    let record = state.metadata.audit_log(&caller.tenant, &id).await?;
    Ok(Json(record.ok_or_else(|| Error::not_found(format!("no audit record {id:?}")))?))
}
