//! `AppError`: every failure leaves the API as `{"error": {"code", "message"}}` with the
//! status its kind maps to. Internal details are logged, not returned.

use axum::Json;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use ophion_core::{Error, ErrorKind};
use serde::Serialize;
use utoipa::ToSchema;

pub type ApiResult<T> = Result<T, AppError>;

#[derive(Debug)]
pub struct AppError(pub Error);

impl From<Error> for AppError {
    fn from(err: Error) -> Self {
        Self(err)
    }
}

#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Machine-readable: `invalid_argument`, `not_found`, `payload_too_large`, ...
    pub code: String,
    pub message: String,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let err = self.0;
        let status = StatusCode::from_u16(err.kind.http_status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let message = if err.kind == ErrorKind::Internal {
            tracing::error!(error = %err.message, "internal error while serving a request");
            "internal error; see the server log".to_string()
        } else {
            err.message.clone()
        };
        let mut response = error_response(status, err.kind.code_name(), message);
        if err.kind == ErrorKind::Unauthenticated {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(secs) = err.retry_after_secs() {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// `{"error": {"code", "message"}}` with `status`: also for refusals that have no [`ErrorKind`]
/// (405 Method Not Allowed).
pub fn error_response(status: StatusCode, code: &str, message: String) -> Response {
    let body = ErrorBody { error: ErrorDetail { code: code.to_owned(), message } };
    (status, Json(body)).into_response()
}
