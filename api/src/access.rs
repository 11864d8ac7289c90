//! Who may call what, decided in one place. Every route is declared in [`crate::routes`] with
//! the access it needs and the query string it takes; [`guard`] runs after routing on every
//! route: it answers 405 (with `Allow`) for a method the path does not serve and treats HEAD
//! as GET, refuses state-changing calls from foreign web pages, parses the query string, and
//! for every non-public route authenticates the caller, checks the scope, applies the
//! tenant's rate limit, hands the handler its [`Caller`], and writes one audit record for
//! every state-changing call.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts, MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::request::Parts;
use http::{HeaderValue, Method, StatusCode, header};
use ophion_core::{Error, Principal, Scope};
use ophion_metadata::{AuditRecord, Outcome};
use rand::RngCore;

use crate::params::{Params, QuerySpec};
use crate::{ApiState, AppError};

/// What a route needs from its caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Health, the OpenAPI document, Prometheus self-metrics: nothing tenant-specific.
    Public,
    /// Any valid credential.
    Authenticated,
    Scope(Scope),
}

/// A route as declared: method, path template, access, the query string it takes and, for
/// calls that change state, the action name the audit log records.
#[derive(Clone, Debug)]
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
    pub query: &'static QuerySpec,
    pub action: Option<&'static str>,
}

impl Route {
    pub fn changes_state(&self) -> bool {
        !matches!(self.method, Method::GET | Method::HEAD | Method::OPTIONS)
    }
}

/// The authenticated caller, for handlers.
pub struct Caller(pub Principal);

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        // Only the guard inserts one: a route it did not see fails closed.
        parts.extensions.get::<Principal>().cloned().map(Caller).ok_or_else(|| {
            AppError(Error::internal("a route reached its handler without the access guard"))
        })
    }
}

/// Set by a handler on its response to name what it acted on (e.g. the key it made).
#[derive(Clone)]
pub struct AuditTarget(pub String);

pub type Policy = Arc<Vec<Route>>;

/// The request's id: the caller's `x-request-id` when it is sane, else a fresh one.
fn request_id(request: &Request) -> String {
    request_id_of(request.headers())
}

pub(crate) fn request_id_of(headers: &http::HeaderMap) -> String {
    let given = headers.get("x-request-id").and_then(|v| v.to_str().ok());
    match given {
        Some(id)
            if !id.is_empty()
                && id.len() <= 64
                && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)) =>
        {
            id.to_owned()
        }
        _ => {
            let mut bytes = [0u8; 12];
            rand::rng().fill_bytes(&mut bytes);
            hex::encode(bytes)
        }
    }
}

pub fn client_ip(request: &Request) -> Option<IpAddr> {
    request.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip())
}

/// The caller's address as the audit log writes it; empty when unknown (`oneshot` tests).
pub struct ClientIp(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
        Ok(Self(ip.unwrap_or_default()))
    }
}

/// The methods a path serves, for `Allow`: HEAD wherever GET is.
fn allowed_methods(policy: &[Route], path: &str) -> String {
    let mut methods: Vec<&str> =
        policy.iter().filter(|r| r.path == path).map(|r| r.method.as_str()).collect();
    if methods.contains(&"GET") {
        methods.push("HEAD");
    }
    methods.join(", ")
}

fn method_not_allowed(policy: &[Route], path: &str, method: &Method) -> Response {
    let allow = allowed_methods(policy, path);
    let mut response = crate::error::error_response(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("{method} is not served on {path}; it serves {allow}"),
    );
    if let Ok(value) = HeaderValue::from_str(&allow) {
        response.headers_mut().insert(header::ALLOW, value);
    }
    response
}

pub async fn guard(
    State((state, policy)): State<(ApiState, Policy)>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(path) = request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned())
    else {
        return AppError(Error::not_found("no such endpoint; see /openapi.json")).into_response();
    };
    // HEAD is GET without the body (the router drops it): same route, same access.
    let method =
        if request.method() == Method::HEAD { Method::GET } else { request.method().clone() };
    let Some(route) = policy.iter().find(|r| r.method == method && r.path == path).cloned() else {
        return method_not_allowed(&policy, &path, request.method());
    };
    if route.changes_state()
        && let Err(err) = crate::security::check_origin(&state.cors, &request)
    {
        tracing::info!(path = %route.path, reason = %err, "refused a cross-site request");
        return AppError(err).into_response();
    }
    let query = Params::parse(request.uri().query(), route.query);
    if route.access == Access::Public {
        return match query {
            Err(err) => AppError(err).into_response(),
            Ok(params) => {
                request.extensions_mut().insert(params);
                next.run(request).await
            }
        };
    }
    let id = request_id(&request);
    let credential = {
        let header = |name| request.headers().get(name).and_then(|v: &HeaderValue| v.to_str().ok());
        ophion_core::auth::credential(header("authorization"), header("x-ophion-api-key"))
            .map(str::to_owned)
    };
    let mut response = match state.auth.authenticate(credential.as_deref()).await {
        // No tenant to file it under: refused credentials go to the log, not the audit log.
        Err(err) => {
            tracing::info!(path = %route.path, reason = %err, request_id = %id, "refused credential");
            AppError(err).into_response()
        }
        Ok(principal) => {
            let ip = client_ip(&request).map(|ip| ip.to_string()).unwrap_or_default();
            let allowed = match route.access {
                Access::Scope(scope) => principal.require(scope),
                _ => Ok(()),
            }
            .and_then(|()| {
                state.limits.per_tenant.check(&principal.tenant, 1.0).map_err(|wait| {
                    Error::rate_limited(
                        format!("tenant {} is over its API rate limit", principal.tenant),
                        wait,
                    )
                })
            });
            let response = match allowed.and(query) {
                Err(err) => AppError(err).into_response(),
                Ok(params) => {
                    request.extensions_mut().insert(params);
                    request.extensions_mut().insert(principal.clone());
                    let path = request.uri().path().to_owned();
                    let mut response = next.run(request).await;
                    if response.extensions().get::<AuditTarget>().is_none() {
                        response.extensions_mut().insert(AuditTarget(path));
                    }
                    response
                }
            };
            if route.changes_state() {
                let target = response.extensions().get::<AuditTarget>().map(|t| t.0.clone());
                let status = response.status().as_u16();
                audit(&state, &route, &principal, target, status, &id, ip).await;
            }
            response
        }
    };
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

async fn audit(
    state: &ApiState,
    route: &Route,
    principal: &Principal,
    target: Option<String>,
    status: u16,
    request_id: &str,
    client_ip: String,
) {
    let target = target.as_deref().unwrap_or(route.path);
    let action = route.action.unwrap_or(route.path);
    let mut record = AuditRecord::now(&principal.tenant, &principal.actor, action, target);
    record.status = status;
    record.outcome = Outcome::of_status(record.status);
    record.request_id = request_id.to_owned();
    record.client_ip = client_ip;
    if let Err(err) = state.metadata.append_audit(&record).await {
        tracing::error!(%err, action, request_id, "cannot write the audit record");
    }
}
