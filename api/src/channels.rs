//! Notification channels: CRUD with write-only secrets (a read shows which are set, never
//! them), and `POST …/{id}/test`, which sends a made-up alert through the channel now and says
//! what the receiver answered. Outbound URLs go through the outbound policy, so a channel cannot
//! reach an internal address that `outbound.allow` does not name.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use ophion_alerts::notify::channel::ChannelSpec;
use ophion_alerts::notify::{Outcome, test_notice};
use ophion_core::decoded_size::{self, Field, Shape};
use ophion_core::{Error, TenantId};
use ophion_metadata::StoredChannel;
use serde::Serialize;
use utoipa::ToSchema;

use crate::access::{AuditTarget, Caller};
use crate::body::{JsonBody, JsonInput};
use crate::params::PathName;
use crate::{ApiResult, ApiState};

impl JsonInput for ChannelSpec {
    const SHAPE: &'static Shape = &Shape {
        size: size_of::<ChannelSpec>(),
        buffered: true,
        fields: &[Field { number: 0, json: "to", kind: decoded_size::Kind::Strings }],
    };
    const MAX_BYTES: usize = 16 << 10;
}

/// A channel as served: its secrets left out, `secret_set` saying whether one is stored.
#[derive(Serialize, ToSchema)]
pub struct Channel {
    pub id: String,
    #[serde(flatten)]
    pub spec: ChannelSpec,
    #[serde(rename = "type")]
    #[schema(rename = "type")]
    pub kind: &'static str,
    pub secret_set: bool,
    pub created_at: String,
    pub updated_at: String,
}

fn spec_of(stored: &StoredChannel) -> Result<ChannelSpec, Error> {
    serde_json::from_str(&stored.body).map_err(|e| {
        Error::internal(format!("channel {} holds an unreadable document: {e}", stored.id))
    })
}

fn served(stored: &StoredChannel) -> Result<Channel, Error> {
    let spec = spec_of(stored)?;
    let kind = spec.type_name();
    let (spec, secret_set) = spec.redacted();
    Ok(Channel {
        id: stored.id.clone(),
        spec,
        kind,
        secret_set,
        created_at: ophion_alerts::time::format(stored.created_at_ms),
        updated_at: ophion_alerts::time::format(stored.updated_at_ms),
    })
}

fn no_channel(id: &str) -> Error {
    Error::not_found(format!("no notification channel {id:?} in this tenant"))
}

fn encode(spec: &ChannelSpec) -> Result<String, Error> {
    spec.check()?;
    serde_json::to_string(spec)
        .map_err(|e| Error::internal(format!("cannot encode a channel: {e}")))
}

fn audited(body: impl Serialize, status: StatusCode, id: &str) -> Response {
    let mut response = (status, Json(body)).into_response();
    response.extensions_mut().insert(AuditTarget(format!("notification-channel:{id}")));
    response
}

#[derive(Serialize, ToSchema)]
pub struct ChannelList {
    pub items: Vec<Channel>,
}

/// The tenant's channels, by name.
#[utoipa::path(get, path = "/api/v1/notification-channels",
    responses((status = 200, body = ChannelList)))]
pub async fn list(
    State(state): State<ApiState>,
    Caller(caller): Caller,
) -> ApiResult<Json<ChannelList>> {
    let stored = state.metadata.channels(&caller.tenant).await?;
    let items = stored.iter().map(served).collect::<Result<_, _>>()?;
    Ok(Json(ChannelList { items }))
}

/// A new channel: `{"name": "ops hook", "type": "webhook", "url": "https://…"}` is enough.
#[utoipa::path(post, path = "/api/v1/notification-channels", request_body = ChannelSpec,
    responses((status = 201, body = Channel), (status = 400, body = crate::error::ErrorBody)))]
pub async fn create(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    JsonBody(spec): JsonBody<ChannelSpec>,
) -> ApiResult<Response> {
    let body = encode(&spec)?;
    let stored = state.metadata.create_channel(&caller.tenant, &spec.name, &body).await?;
    Ok(audited(served(&stored)?, StatusCode::CREATED, &stored.id))
}

#[utoipa::path(get, path = "/api/v1/notification-channels/{id}", params(("id" = String, Path)),
    responses((status = 200, body = Channel), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    PathName(id): PathName,
) -> ApiResult<Json<Channel>> {
    let stored =
        state.metadata.channel(&caller.tenant, &id).await?.ok_or_else(|| no_channel(&id))?;
    Ok(Json(served(&stored)?))
}

/// Replaces a channel; a secret left out (or a secret URL sent back as it was shown) keeps the
/// stored one.
#[utoipa::path(put, path = "/api/v1/notification-channels/{id}", params(("id" = String, Path)),
    request_body = ChannelSpec,
    responses((status = 200, body = Channel), (status = 400, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn replace(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    PathName(id): PathName,
    JsonBody(mut spec): JsonBody<ChannelSpec>,
) -> ApiResult<Response> {
    let stored =
        state.metadata.channel(&caller.tenant, &id).await?.ok_or_else(|| no_channel(&id))?;
    spec.keep_secrets_of(&spec_of(&stored)?);
    let body = encode(&spec)?;
    let updated = state
        .metadata
        .update_channel(&caller.tenant, &id, &spec.name, &body)
        .await?
        .ok_or_else(|| no_channel(&id))?;
    Ok(audited(served(&updated)?, StatusCode::OK, &updated.id))
}

/// Deletes a channel; notifications still due to it fail, saying so.
#[utoipa::path(delete, path = "/api/v1/notification-channels/{id}", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = crate::error::ErrorBody)))]
pub async fn delete(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    PathName(id): PathName,
) -> ApiResult<Response> {
    if !state.metadata.delete_channel(&caller.tenant, &id).await? {
        return Err(no_channel(&id).into());
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.extensions_mut().insert(AuditTarget(format!("notification-channel:{id}")));
    Ok(response)
}

/// What a test send did.
#[derive(Serialize, ToSchema)]
pub struct TestResult {
    pub delivered: bool,
    /// Why not, when not: the receiver's status and answer, or the outbound policy's refusal.
    pub error: Option<String>,
}

/// Sends a made-up alert (`OphionTestNotification`) to the channel now, once.
#[utoipa::path(post, path = "/api/v1/notification-channels/{id}/test", params(("id" = String, Path)),
    responses((status = 200, body = TestResult), (status = 404, body = crate::error::ErrorBody)))]
pub async fn test(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    PathName(id): PathName,
) -> ApiResult<Response> {
    let tenant: &TenantId = &caller.tenant;
    let stored = state.metadata.channel(tenant, &id).await?.ok_or_else(|| no_channel(&id))?;
    let spec = spec_of(&stored)?;
    let now = ophion_core::time::now_unix_millis();
    let notice = test_notice(&state.notifier.external_url, now);
    let key = format!("test/{}", notice.alerts[0].id);
    let result = match state.notifier.send(&spec, &notice, &key).await {
        Outcome::Delivered => TestResult { delivered: true, error: None },
        Outcome::Retry { reason, .. } | Outcome::Failed(reason) => {
            TestResult { delivered: false, error: Some(reason) }
        }
    };
    Ok(audited(result, StatusCode::OK, &stored.id))
}
