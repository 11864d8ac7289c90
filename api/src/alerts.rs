//! Alerting's routes: rules (CRUD, a preview of an unsaved rule), alerts (list, one with its
//! history, acknowledge, resolve) and alerts sent from outside, as `POST /api/v1/alerts` and
//! as Alertmanager's `POST /api/v2/alerts`, so Prometheus or Grafana can point at Ophion
//! unchanged. What a rule means and how alerts change lives in `ophion-alerts`.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use ophion_alerts::engine::Incoming;
use ophion_alerts::{Alert, AlertEvent, Alerting, Evaluated, Health, RuleSpec, Source};
use ophion_core::decoded_size::{self, Field, Shape};
use ophion_core::{Error, TenantId};
use ophion_metadata::{AlertFilter, StoredRule};
use serde::Serialize;
use utoipa::ToSchema;

use crate::access::{AuditTarget, Caller};
use crate::body::{JsonBody, JsonInput};
use crate::params::{CURSOR, Kind, LIMIT, Param, Params, PathName, QuerySpec};
use crate::{ApiResult, ApiState};

const MAX_RULE_BYTES: usize = 64 << 10;
const MAX_INCOMING_ALERTS: usize = 1000;

fn alerting(state: &ApiState) -> Alerting {
    Alerting {
        store: state.store.clone(),
        metadata: state.metadata.clone(),
        insights: state.insights.clone(),
    }
}

fn now_ms() -> i64 {
    ophion_core::time::now_unix_millis()
}

impl JsonInput for RuleSpec {
    const SHAPE: &'static Shape = &Shape {
        size: size_of::<RuleSpec>(),
        buffered: false,
        fields: &[
            Field { number: 0, json: "labels", kind: decoded_size::Kind::Strings },
            Field { number: 1, json: "annotations", kind: decoded_size::Kind::Strings },
            Field { number: 2, json: "notify", kind: decoded_size::Kind::Strings },
        ],
    };
    const MAX_BYTES: usize = MAX_RULE_BYTES;
}

/// Alerts sent from outside: an array, as Alertmanager's API takes them.
impl JsonInput for Vec<Incoming> {
    const SHAPE: &'static Shape =
        &Shape { size: size_of::<Vec<Incoming>>(), buffered: false, fields: &[] };
}

/// A rule as stored and served: the document, its id and times, and its last evaluation.
#[derive(Serialize, ToSchema)]
pub struct AlertRule {
    pub id: String,
    #[serde(flatten)]
    pub spec: RuleSpec,
    pub created_at: String,
    pub updated_at: String,
    pub health: Health,
}

impl TryFrom<StoredRule> for AlertRule {
    type Error = Error;

    fn try_from(stored: StoredRule) -> Result<Self, Error> {
        let spec: RuleSpec = serde_json::from_str(&stored.body).map_err(|e| {
            Error::internal(format!("alert rule {} holds an unreadable document: {e}", stored.id))
        })?;
        Ok(Self {
            id: stored.id,
            spec,
            created_at: ophion_alerts::time::format(stored.created_at_ms),
            updated_at: ophion_alerts::time::format(stored.updated_at_ms),
            health: serde_json::from_str(&stored.health).unwrap_or_default(),
        })
    }
}

#[derive(Serialize, ToSchema)]
pub struct AlertRuleList {
    pub items: Vec<AlertRule>,
    pub next_cursor: Option<String>,
}

fn no_rule(id: &str) -> Error {
    Error::not_found(format!("no alert rule {id:?} in this tenant"))
}

fn no_alert(id: &str) -> Error {
    Error::not_found(format!("no alert {id:?} in this tenant"))
}

fn created(body: impl Serialize, target: String) -> Response {
    let mut response = (StatusCode::CREATED, Json(body)).into_response();
    response.extensions_mut().insert(AuditTarget(target));
    response
}

fn encode(spec: &RuleSpec) -> Result<String, Error> {
    spec.check()?;
    serde_json::to_string(spec).map_err(|e| Error::internal(format!("cannot encode a rule: {e}")))
}

/// The tenant's rules, newest first, each with its last evaluation.
#[utoipa::path(get, path = "/api/v1/alert-rules",
    responses((status = 200, body = AlertRuleList), (status = 400, body = crate::error::ErrorBody)))]
pub async fn list_rules(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    mut p: Params,
) -> ApiResult<Json<AlertRuleList>> {
    let limit = p.limit()?;
    let cursor = p.take("cursor");
    let page = state.metadata.alert_rules(&caller.tenant, limit, cursor.as_deref()).await?;
    let items = page.rules.into_iter().map(AlertRule::try_from).collect::<Result<_, _>>()?;
    Ok(Json(AlertRuleList { items, next_cursor: page.next_cursor }))
}

/// A new rule; an invalid one is a 400 naming the field.
#[utoipa::path(post, path = "/api/v1/alert-rules", request_body = RuleSpec,
    responses((status = 201, body = AlertRule), (status = 400, body = crate::error::ErrorBody)))]
pub async fn create_rule(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    JsonBody(spec): JsonBody<RuleSpec>,
) -> ApiResult<Response> {
    let body = encode(&spec)?;
    let stored =
        state.metadata.create_alert_rule(&caller.tenant, &spec.name, spec.enabled, &body).await?;
    let rule = AlertRule::try_from(stored)?;
    let target = format!("alert-rule:{}", rule.id);
    Ok(created(rule, target))
}

#[utoipa::path(get, path = "/api/v1/alert-rules/{id}", params(("id" = String, Path)),
    responses((status = 200, body = AlertRule), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_rule(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    PathName(id): PathName,
) -> ApiResult<Json<AlertRule>> {
    let stored = state.metadata.alert_rule(&caller.tenant, &id).await?;
    Ok(Json(AlertRule::try_from(stored.ok_or_else(|| no_rule(&id))?)?))
}

/// Replaces a rule whole; its health starts again.
#[utoipa::path(put, path = "/api/v1/alert-rules/{id}", params(("id" = String, Path)),
    request_body = RuleSpec,
    responses((status = 200, body = AlertRule), (status = 400, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn replace_rule(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    PathName(id): PathName,
    JsonBody(spec): JsonBody<RuleSpec>,
) -> ApiResult<Response> {
    let body = encode(&spec)?;
    let stored = state
        .metadata
        .update_alert_rule(&caller.tenant, &id, &spec.name, spec.enabled, &body)
        .await?
        .ok_or_else(|| no_rule(&id))?;
    let rule = AlertRule::try_from(stored)?;
    let mut response = Json(&rule).into_response();
    response.extensions_mut().insert(AuditTarget(format!("alert-rule:{}", rule.id)));
    Ok(response)
}

/// Deletes a rule; the alerts it raised stay, as history.
#[utoipa::path(delete, path = "/api/v1/alert-rules/{id}", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = crate::error::ErrorBody)))]
pub async fn delete_rule(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    PathName(id): PathName,
) -> ApiResult<Response> {
    if !state.metadata.delete_alert_rule(&caller.tenant, &id).await? {
        return Err(no_rule(&id).into());
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.extensions_mut().insert(AuditTarget(format!("alert-rule:{id}")));
    Ok(response)
}

/// An unsaved rule evaluated now, and its value over the last `points` windows before now:
/// what the console's preview chart draws.
#[derive(Serialize, ToSchema)]
pub struct Preview {
    /// Each group's value now and whether the condition holds.
    pub groups: Vec<Evaluated>,
    /// The rule's value (the highest group's) at each step, oldest first.
    pub series: Vec<PreviewPoint>,
}

#[derive(Serialize, ToSchema)]
pub struct PreviewPoint {
    pub time: String,
    pub value: Option<f64>,
    pub holds: bool,
}

pub const PREVIEW_QUERY: QuerySpec = QuerySpec {
    params: &[Param::new(
        "points",
        Kind::Number { minimum: Some(1.0), below: Some(61.0) },
        "Steps of the preview series, one window each (default 12, at most 60)",
    )],
    attributes: false,
};

#[utoipa::path(post, path = "/api/v1/alert-rules/preview", request_body = RuleSpec,
    responses((status = 200, body = Preview), (status = 400, body = crate::error::ErrorBody)))]
pub async fn preview(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    mut p: Params,
    JsonBody(spec): JsonBody<RuleSpec>,
) -> ApiResult<Json<Preview>> {
    spec.check()?;
    let points = p.number("points")?.map_or(12, |n| n as i64);
    let alerting = alerting(&state);
    let now = now_ms();
    let groups = alerting.read_now(&caller.tenant, &spec, now).await?;
    let step = i64::try_from(spec.window.as_millis()).unwrap_or(i64::MAX);
    let mut series = Vec::new();
    for i in (0..points).rev() {
        let at = now.saturating_sub(step.saturating_mul(i));
        let found = alerting.read_now(&caller.tenant, &spec, at).await?;
        let value = found.iter().filter_map(|g| g.value).reduce(f64::max);
        let holds = found.iter().any(|g| g.holds);
        series.push(PreviewPoint { time: ophion_alerts::time::format(at), value, holds });
    }
    Ok(Json(Preview { groups, series }))
}

#[derive(Serialize, ToSchema)]
pub struct AlertList {
    pub items: Vec<Alert>,
    pub next_cursor: Option<String>,
}

pub const ALERTS_QUERY: QuerySpec = QuerySpec {
    params: &[
        LIMIT,
        CURSOR,
        Param::new(
            "state",
            Kind::OneOf(&["pending", "firing", "resolved", "active"]),
            "pending, firing, resolved, or active (pending and firing)",
        ),
        Param::new(
            "status",
            Kind::OneOf(&["open", "acknowledged", "resolved"]),
            "Where people are with it",
        ),
        Param::new("rule_id", Kind::Name, "Only this rule's alerts"),
    ],
    attributes: false,
};

/// The tenant's alerts, newest first.
#[utoipa::path(get, path = "/api/v1/alerts",
    responses((status = 200, body = AlertList), (status = 400, body = crate::error::ErrorBody)))]
pub async fn list_alerts(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    mut p: Params,
) -> ApiResult<Json<AlertList>> {
    let states = match p.take("state").as_deref() {
        None => Vec::new(),
        Some("active") => vec!["pending".into(), "firing".into()],
        Some(one) => vec![one.to_owned()],
    };
    let filter = AlertFilter {
        states,
        status: p.take("status"),
        rule_id: p.take("rule_id"),
        limit: p.limit()?,
        cursor: p.take("cursor"),
    };
    let page = state.metadata.alerts(&caller.tenant, &filter).await?;
    let items = page.alerts.iter().map(Alert::from_stored).collect::<Result<_, _>>()?;
    Ok(Json(AlertList { items, next_cursor: page.next_cursor }))
}

/// An alert and its history, oldest first.
#[derive(Serialize, ToSchema)]
pub struct AlertDetail {
    #[serde(flatten)]
    pub alert: Alert,
    pub events: Vec<AlertEvent>,
    /// Each notification decided for it, with its delivery.
    pub notifications: Vec<ophion_alerts::notify::Delivery>,
}

async fn detail(state: &ApiState, tenant: &TenantId, alert: Alert) -> Result<AlertDetail, Error> {
    let events = state.metadata.alert_events(tenant, &alert.id).await?;
    let notifications = state.metadata.notifications_of_alert(tenant, &alert.id).await?;
    Ok(AlertDetail {
        alert,
        events: events.into_iter().map(AlertEvent::from).collect(),
        notifications: notifications.into_iter().map(Into::into).collect(),
    })
}

#[utoipa::path(get, path = "/api/v1/alerts/{id}", params(("id" = String, Path)),
    responses((status = 200, body = AlertDetail), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_alert(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    PathName(id): PathName,
) -> ApiResult<Json<AlertDetail>> {
    let stored = state.metadata.alert(&caller.tenant, &id).await?.ok_or_else(|| no_alert(&id))?;
    Ok(Json(detail(&state, &caller.tenant, Alert::from_stored(&stored)?).await?))
}

async fn by_person(
    state: &ApiState,
    caller: &ophion_core::Principal,
    id: &str,
    acknowledge: bool,
) -> ApiResult<Response> {
    let alerting = alerting(state);
    let done = if acknowledge {
        alerting.acknowledge(&caller.tenant, id, &caller.actor, now_ms()).await?
    } else {
        alerting.resolve(&caller.tenant, id, &caller.actor, now_ms()).await?
    };
    let alert = done.ok_or_else(|| no_alert(id))?;
    let target = format!("alert:{}", alert.id);
    let mut response = Json(detail(state, &caller.tenant, alert).await?).into_response();
    response.extensions_mut().insert(AuditTarget(target));
    Ok(response)
}

/// Someone is on it: open → acknowledged.
#[utoipa::path(post, path = "/api/v1/alerts/{id}/acknowledge", params(("id" = String, Path)),
    responses((status = 200, body = AlertDetail), (status = 400, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn acknowledge(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    PathName(id): PathName,
) -> ApiResult<Response> {
    by_person(&state, &caller, &id, true).await
}

/// Resolved by hand, recorded with who did it. A rule whose condition still holds raises a
/// new alert after its `for`.
#[utoipa::path(post, path = "/api/v1/alerts/{id}/resolve", params(("id" = String, Path)),
    responses((status = 200, body = AlertDetail), (status = 400, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn resolve(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    PathName(id): PathName,
) -> ApiResult<Response> {
    by_person(&state, &caller, &id, false).await
}

fn incoming(alerts: Vec<Incoming>) -> Result<Vec<Incoming>, Error> {
    if alerts.len() > MAX_INCOMING_ALERTS {
        return Err(Error::invalid(format!("at most {MAX_INCOMING_ALERTS} alerts per request")));
    }
    for (i, alert) in alerts.iter().enumerate() {
        if alert.labels.len() > 64 || alert.annotations.len() > 64 {
            return Err(Error::invalid(format!("[{i}]: at most 64 labels and 64 annotations")));
        }
    }
    Ok(alerts)
}

/// Alerts from another system (an array of Alertmanager's alert objects); a label set
/// already firing is renewed, not duplicated. Answered with the alerts as stored.
#[utoipa::path(post, path = "/api/v1/alerts", request_body = Vec<Incoming>,
    responses((status = 201, body = AlertList), (status = 400, body = crate::error::ErrorBody)))]
pub async fn receive(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    JsonBody(body): JsonBody<Vec<Incoming>>,
) -> ApiResult<Response> {
    let saved =
        alerting(&state).receive(&caller.tenant, incoming(body)?, Source::Api, now_ms()).await?;
    let target = saved.first().map_or_else(|| "alerts".to_owned(), |a| format!("alert:{}", a.id));
    Ok(created(AlertList { items: saved, next_cursor: None }, target))
}

/// Alertmanager's API v2 ingest: what Prometheus, Grafana and Alertmanager send. `endsAt`
/// is a lease: an alert not renewed by then resolves; one in the past resolves it now.
#[utoipa::path(post, path = "/api/v2/alerts", request_body = Vec<Incoming>,
    responses((status = 200), (status = 400, body = crate::error::ErrorBody)))]
pub async fn receive_v2(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    JsonBody(body): JsonBody<Vec<Incoming>>,
) -> ApiResult<Response> {
    alerting(&state)
        .receive(&caller.tenant, incoming(body)?, Source::Alertmanager, now_ms())
        .await?;
    Ok(StatusCode::OK.into_response())
}
