//! What every API response gets, before any routing: the per-IP rate limit, CORS for the
//! configured origins, and security headers. Also the check that keeps other web sites from
//! changing anything ([`check_origin`]), which the access guard runs on state-changing routes.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use ophion_core::Error;
use serde::{Deserialize, Serialize};

use crate::access::client_ip;
use crate::{ApiState, AppError};

/// Browser origins allowed to call the API (`https://grafana.example.com`), or `*` for any.
/// Empty: no cross-origin access.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CorsConfig {
    pub allowed_origins: Vec<String>,
}

impl CorsConfig {
    pub(crate) fn allows(&self, origin: &str) -> bool {
        self.allowed_origins.iter().any(|o| o == "*" || o.eq_ignore_ascii_case(origin))
    }
}

const ALLOWED_HEADERS: &str = "authorization, content-type, x-ophion-api-key, x-request-id";
const ALLOWED_METHODS: &str = "GET, POST, PUT, PATCH, DELETE";

pub async fn layer(State(state): State<ApiState>, request: Request, next: Next) -> Response {
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .filter(|o| state.cors.allows(o))
        .map(str::to_owned);
    let preflight = request.method() == Method::OPTIONS
        && request.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut response = if preflight {
        let mut response = StatusCode::NO_CONTENT.into_response();
        if origin.is_some() {
            let headers = response.headers_mut();
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static(ALLOWED_METHODS),
            );
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static(ALLOWED_HEADERS),
            );
            headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
        }
        response
    } else {
        let limited = client_ip(&request).and_then(|ip| state.limits.per_ip.check(&ip, 1.0).err());
        match limited {
            Some(wait) => {
                AppError(Error::rate_limited("too many requests from this address", wait))
                    .into_response()
            }
            None => next.run(request).await,
        }
    };
    let headers = response.headers_mut();
    if let Some(origin) = origin.and_then(|o| HeaderValue::from_str(&o).ok()) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("x-request-id, retry-after"),
        );
    }
    headers.append(header::VARY, HeaderValue::from_static("origin"));
    security_headers(headers);
    response
}

/// A browser names the page that sent a request in `Origin`. A state-changing call from a page
/// that is neither served by this API's own origin nor listed in `cors.allowed_origins` is
/// refused: with authentication off (the loopback default), any web page the user visits
/// could otherwise make keys or write data. Clients that are not browsers send no `Origin`.
pub fn check_origin(cors: &CorsConfig, request: &Request) -> Result<(), Error> {
    let Some(origin) = request.headers().get(header::ORIGIN) else { return Ok(()) };
    let origin = origin.to_str().unwrap_or("(not text)");
    let host = request
        .uri()
        .authority()
        .map(|a| a.as_str())
        .or_else(|| request.headers().get(header::HOST).and_then(|h| h.to_str().ok()));
    let own = host.is_some_and(|host| {
        origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
            .is_some_and(|authority| authority.eq_ignore_ascii_case(host))
    });
    if own || cors.allows(origin) {
        return Ok(());
    }
    Err(Error::permission_denied(format!(
        "cross-site request refused: Origin {origin:?} is neither this API's own origin nor \
         listed in cors.allowed_origins"
    )))
}

fn security_headers(headers: &mut HeaderMap) {
    for (name, value) in [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CONTENT_SECURITY_POLICY, "default-src 'none'; frame-ancestors 'none'"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    }
    headers.insert("cross-origin-resource-policy", HeaderValue::from_static("same-origin"));
}
