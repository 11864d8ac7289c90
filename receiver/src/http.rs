//! OTLP/HTTP: `POST /v1/traces`, `/v1/metrics`, `/v1/logs` with protobuf or JSON bodies.
//! Responses use the request's content type; errors are a `google.rpc.Status`.

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use http::{HeaderMap, StatusCode, header};
use http_body_util::{BodyExt, Limited};
use ophion_core::{Error, Signal};

use crate::codec::{self, Format};
use crate::compression::Encoding;
use crate::export::{OtlpExport, body_read_error, raw_body_cap};
use crate::rpc_status::RpcStatus;

pub fn router(export: OtlpExport) -> Router {
    Router::new()
        .route("/v1/traces", post(|s, h, b| handle(s, Signal::Traces, h, b)))
        .route("/v1/metrics", post(|s, h, b| handle(s, Signal::Metrics, h, b)))
        .route("/v1/logs", post(|s, h, b| handle(s, Signal::Logs, h, b)))
        .fallback(|| async {
            error_response(
                Format::Json,
                &Error::not_found(
                    "unknown path: OTLP/HTTP serves /v1/traces, /v1/metrics and /v1/logs",
                ),
            )
        })
        .with_state(export)
}

#[allow(clippy::disallowed_methods)] // collect() on a Limited body
async fn handle(
    State(export): State<OtlpExport>,
    signal: Signal,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let header_str = |name| headers.get(name).and_then(|v: &http::HeaderValue| v.to_str().ok());
    let format = match Format::from_content_type(header_str(header::CONTENT_TYPE)) {
        Ok(format) => format,
        Err(err) => return error_response(Format::Json, &err),
    };
    let result = async {
        let encoding = Encoding::from_header(header_str(header::CONTENT_ENCODING))?;
        let tenant = export.admit(&headers).await?;
        let limit = export.config().max_http_body_bytes;
        let cap = raw_body_cap(limit);
        let bytes = Limited::new(body, cap)
            .collect()
            .await
            .map_err(|e| body_read_error(e.as_ref(), cap))?
            .to_bytes();
        export.export(tenant, signal, format, encoding, &bytes, limit).await
    }
    .await;
    match result {
        Ok(receipt) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, format.content_type())],
            codec::encode_response(signal, format, &receipt),
        )
            .into_response(),
        Err(err) => error_response(format, &err),
    }
}

fn error_response(format: Format, err: &Error) -> Response {
    let status =
        StatusCode::from_u16(err.kind.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = RpcStatus::from_error(err).encode_as(format);
    let mut response =
        (status, [(header::CONTENT_TYPE, format.content_type())], body).into_response();
    if let Some(secs) = err.retry_after_secs() {
        response.headers_mut().insert(header::RETRY_AFTER, http::HeaderValue::from(secs));
    }
    response
}
