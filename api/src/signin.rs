//! Signing in to the web console: what it may offer, and the OIDC code exchange it cannot
//! make itself (its CSP keeps the browser on this origin). Both are public: they come before
//! any credential.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, StatusCode, Uri, header};
use ophion_auth::{ConsoleToken, ExchangeError, SignInConfig};
use ophion_core::Error;
use ophion_core::decoded_size::Shape;
use ophion_metadata::{AuditRecord, Outcome};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::body::{JsonBody, JsonInput};
use crate::{ApiResult, ApiState, AppError};

/// Whether the console must sign in, and how it may.
#[utoipa::path(get, path = "/api/v1/auth/config", responses((status = 200, body = SignInConfig)))]
pub async fn config(State(state): State<ApiState>) -> Json<SignInConfig> {
    Json(state.sign_in.config().await)
}

/// What the console's callback page sends: the issuer's code and the PKCE verifier it made.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub code: String,
    /// The PKCE verifier (RFC 7636) whose S256 challenge started the flow.
    pub code_verifier: String,
    /// Exactly the `redirect_uri` the flow started with: this origin's `/ui/auth/callback`.
    #[schema(example = "http://127.0.0.1:8080/ui/auth/callback")]
    pub redirect_uri: String,
}

impl JsonInput for TokenRequest {
    const SHAPE: &'static Shape =
        &Shape { size: size_of::<TokenRequest>(), buffered: false, fields: &[] };
    const MAX_BYTES: usize = 16 << 10;
}

/// Exchanges an authorization code for an access token at the OIDC issuer. The token is
/// checked as every call will check it before it is handed over, and the sign-in is audited
/// (`auth.token`) in the tenant the token names.
#[utoipa::path(post, path = "/api/v1/auth/token", request_body = TokenRequest,
    responses((status = 200, body = ConsoleToken), (status = 400, body = crate::error::ErrorBody),
        (status = 502, description = "The issuer failed, or its token is not one Ophion accepts",
            body = crate::error::ErrorBody)))]
pub async fn token(
    State(state): State<ApiState>,
    uri: Uri,
    headers: HeaderMap,
    client: crate::access::ClientIp,
    JsonBody(request): JsonBody<TokenRequest>,
) -> ApiResult<Response> {
    let host = uri
        .authority()
        .map(|a| a.as_str())
        .or_else(|| headers.get(header::HOST).and_then(|h| h.to_str().ok()));
    let exchanged = state
        .sign_in
        .exchange(&request.code, &request.code_verifier, &request.redirect_uri, host)
        .await;
    let token = match exchanged {
        Ok(token) => token,
        Err(ExchangeError::Refused(message)) => {
            tracing::info!(reason = %message, "console sign-in refused");
            return Err(AppError(Error::invalid(message)));
        }
        Err(ExchangeError::Issuer(message)) => {
            tracing::warn!(reason = %message, "console sign-in failed at the OIDC issuer");
            return Ok(bad_gateway(message));
        }
    };
    // A token the API would refuse would only send the console back to sign-in, again.
    let principal = match state.auth.authenticate(Some(&token.access_token)).await {
        Ok(principal) => principal,
        Err(err) => {
            tracing::warn!(reason = %err, "the OIDC issuer's token is not accepted by the API");
            return Ok(bad_gateway(format!(
                "the issuer's token is not accepted by Ophion: {}; check auth.oidc (audience, \
                 tenant and role claims) against the console client",
                err.message
            )));
        }
    };
    let mut record = AuditRecord::now(&principal.tenant, &principal.actor, "auth.token", "console");
    record.status = 200;
    record.outcome = Outcome::Success;
    record.request_id = crate::access::request_id_of(&headers);
    record.client_ip = client.0;
    if let Err(err) = state.metadata.append_audit(&record).await {
        tracing::error!(%err, action = "auth.token", "cannot write the audit record");
    }
    Ok(Json(token).into_response())
}

fn bad_gateway(message: String) -> Response {
    crate::error::error_response(StatusCode::BAD_GATEWAY, "bad_gateway", message)
}
