//! Notifications through a running `ophion serve`: a rule's alert reaches a local receiver as
//! every kind of channel speaks (Alertmanager webhook v4 signed with HMAC, Slack, Teams,
//! Discord, PagerDuty, Opsgenie, Alertmanager's API), once each, then its resolution; a
//! receiver's 429 with `Retry-After` is honoured; channel secrets never come back; and without
//! `outbound.allow` an internal address is refused (no SSRF through a channel).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: failing loudly is the point

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::IntoResponse;
use hmac::{Hmac, Mac};
use ophion_core::otlp::trace::v1::{Status, status};
use ophion_testkit::otlp;
use prost::Message;
use serde_json::{Value, json};
use sha2::Sha256;

/// What the receiver got: path, headers, body as sent.
type Received = Arc<Mutex<Vec<(String, HeaderMap, Bytes)>>>;
/// What it answers, per path, in turn: a status and a `Retry-After`.
type Script = Arc<Mutex<Vec<(String, VecDeque<(u16, Option<&'static str>)>)>>>;

/// A local stand-in for every SaaS endpoint (none is reachable here): it records each request
/// and answers the next scripted status for its path (200 when none is left).
struct Receiver {
    url: String,
    received: Received,
    script: Script,
}

impl Receiver {
    async fn start() -> Self {
        let received = Received::default();
        let script = Script::default();
        let state = (received.clone(), script.clone());
        let app = Router::new().fallback(
            |State((received, script)): State<(Received, Script)>,
             uri: Uri,
             headers: HeaderMap,
             body: Bytes| async move {
                let path = uri.path().to_owned();
                received.lock().unwrap().push((uri.to_string(), headers, body));
                let next = script
                    .lock()
                    .unwrap()
                    .iter_mut()
                    .find(|(p, _)| *p == path)
                    .and_then(|(_, answers)| answers.pop_front());
                match next {
                    Some((code, retry_after)) => {
                        let mut response = StatusCode::from_u16(code).unwrap().into_response();
                        if let Some(wait) = retry_after {
                            response.headers_mut().insert("retry-after", wait.parse().unwrap());
                        }
                        response
                    }
                    None => StatusCode::OK.into_response(),
                }
            },
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app.with_state(state)).await });
        Self { url, received, script }
    }

    fn answer(&self, path: &str, answers: &[(u16, Option<&'static str>)]) {
        self.script.lock().unwrap().push((path.to_owned(), answers.iter().copied().collect()));
    }

    fn at(&self, path: &str) -> Vec<(HeaderMap, Value)> {
        self.raw(path)
            .into_iter()
            .map(|(h, b)| (h, serde_json::from_slice(&b).unwrap_or(Value::Null)))
            .collect()
    }

    fn raw(&self, path: &str) -> Vec<(HeaderMap, Bytes)> {
        let received = self.received.lock().unwrap();
        received
            .iter()
            .filter(|(p, _, _)| p.starts_with(path))
            .map(|(_, h, b)| (h.clone(), b.clone()))
            .collect()
    }
}

async fn call(
    server: &common::TestServer,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = server.client.request(method, server.api(path));
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn channel(server: &common::TestServer, body: Value) -> String {
    let (status, made) = call(server, "POST", "/api/v1/notification-channels", Some(body)).await;
    assert_eq!(status, 201, "{made}");
    made["id"].as_str().unwrap().to_owned()
}

async fn failing_checkout(server: &common::TestServer) {
    let mut request = otlp::spans("checkout", 43, 20);
    for span in request.resource_spans[0].scope_spans[0].spans.iter_mut().step_by(2) {
        span.status = Some(Status { code: status::StatusCode::Error as i32, message: "x".into() });
    }
    let body = request.encode_to_vec();
    assert_eq!(
        server.post_otlp("/v1/traces", "application/x-protobuf", body, None).await.status(),
        200
    );
    server.wait_for("spans", 20).await;
}

const ROUTING_KEY: &str = "0123456789abcdef0123456789abcdef";

#[tokio::test]
async fn an_alert_reaches_every_kind_of_channel_once_then_its_resolution() {
    let receiver = Receiver::start().await;
    let server = common::start_with(|c| c.outbound.allow = vec!["127.0.0.0/8".into()]).await;
    let url = |path: &str| format!("{}{path}", receiver.url);
    // Slack is over its rate limit at first: 429, retry after a second.
    receiver.answer("/slack", &[(429, Some("1"))]);
    let ids = vec![
        channel(&server, json!({"name": "ops hook", "type": "webhook", "url": url("/hook"), "secret": "s3cret"})).await,
        channel(&server, json!({"name": "slack", "type": "slack", "url": url("/slack")})).await,
        channel(&server, json!({"name": "teams", "type": "teams", "url": url("/teams")})).await,
        channel(&server, json!({"name": "discord", "type": "discord", "url": url("/discord")})).await,
        channel(&server, json!({"name": "pd", "type": "pagerduty", "routing_key": ROUTING_KEY, "url": url("/pd")})).await,
        channel(&server, json!({"name": "genie", "type": "opsgenie", "api_key": "gk", "url": url("/genie")})).await,
        channel(&server, json!({"name": "am", "type": "alertmanager", "url": url("/am")})).await,
    ];
    // Secrets are write-only.
    let (_, listed) = call(&server, "GET", "/api/v1/notification-channels", None).await;
    let text = listed.to_string();
    for secret in ["s3cret", ROUTING_KEY, "\"gk\"", "/slack"] {
        assert!(!text.contains(secret), "{secret} came back: {text}");
    }
    assert_eq!(
        listed["items"].as_array().unwrap().iter().filter(|c| c["secret_set"] == true).count(),
        6,
        "all but the Alertmanager channel hold a secret"
    );

    failing_checkout(&server).await;
    let rule = json!({"name": "checkout errors", "kind": "threshold",
        "query": {"signal": "spans", "service": "checkout", "fn": "error_rate"},
        "condition": {"op": ">", "value": 0.05}, "interval": "1s", "notify": ids,
        "annotations": {"summary": "checkout errors at {{value}}"}});
    let (status, rule) = call(&server, "POST", "/api/v1/alert-rules", Some(rule)).await;
    assert_eq!(status, 201, "{rule}");

    let everything = ophion_testkit::eventually(Duration::from_secs(30), || async {
        let got: Vec<usize> = [
            "/hook",
            "/slack",
            "/teams",
            "/discord",
            "/pd",
            "/genie/v2/alerts",
            "/am/api/v2/alerts",
        ]
        .iter()
        .map(|p| receiver.at(p).len())
        .collect();
        // Slack twice: the 429, then the retry.
        if got == [1, 2, 1, 1, 1, 1, 1] { Ok(()) } else { Err(got) }
    });
    everything.await.unwrap_or_else(|got| panic!("deliveries per receiver: {got:?}"));

    let (headers, hook) = receiver.at("/hook").remove(0);
    assert_eq!(hook["version"], "4");
    assert_eq!(hook["status"], "firing");
    assert_eq!(hook["receiver"], "ops hook");
    assert_eq!(hook["groupKey"], "{}:{alertname=\"checkout errors\"}");
    assert_eq!(hook["alerts"][0]["endsAt"], "0001-01-01T00:00:00Z");
    assert_eq!(hook["alerts"][0]["annotations"]["summary"], "checkout errors at 0.5");
    assert_eq!(hook["alerts"][0]["fingerprint"].as_str().unwrap().len(), 16);
    let mut mac = Hmac::<Sha256>::new_from_slice(b"s3cret").unwrap();
    mac.update(&receiver.raw("/hook")[0].1);
    let expected = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
    assert_eq!(headers["x-ophion-signature"], expected.as_str(), "HMAC over the body as sent");
    assert!(headers.contains_key("idempotency-key"));

    let slack = &receiver.at("/slack")[1].1;
    assert_eq!(slack["blocks"][0]["type"], "header");
    assert!(slack["text"].as_str().unwrap().starts_with("[FIRING:1] checkout errors"));
    let teams = &receiver.at("/teams")[0].1;
    assert_eq!(teams["attachments"][0]["contentType"], "application/vnd.microsoft.card.adaptive");
    let discord = &receiver.at("/discord")[0].1;
    assert_eq!(discord["embeds"][0]["color"], 0x992D22);
    let pd = &receiver.at("/pd")[0].1;
    assert_eq!(
        (pd["routing_key"].as_str(), pd["event_action"].as_str()),
        (Some(ROUTING_KEY), Some("trigger"))
    );
    assert_eq!(pd["dedup_key"].as_str().unwrap().len(), 64);
    let (genie_headers, genie) = receiver.at("/genie/v2/alerts").remove(0);
    assert_eq!(genie_headers["authorization"], "GenieKey gk");
    assert_eq!(genie["priority"], "P3");
    let am = &receiver.at("/am/api/v2/alerts")[0].1;
    assert_eq!(am[0]["labels"]["alertname"], "checkout errors");

    // Delivery status per alert; then resolving it by hand notifies the resolution.
    let (_, page) = call(&server, "GET", "/api/v1/alerts?state=firing", None).await;
    let alert_id = page["items"][0]["id"].as_str().unwrap().to_owned();
    let (_, detail) = call(&server, "GET", &format!("/api/v1/alerts/{alert_id}"), None).await;
    let deliveries = detail["notifications"].as_array().unwrap();
    assert_eq!(deliveries.len(), 7);
    assert!(deliveries.iter().all(|d| d["state"] == "sent"), "{detail}");
    let slack_delivery = deliveries.iter().find(|d| d["channel_id"] == ids[1].as_str()).unwrap();
    assert_eq!(slack_delivery["attempts"], 2, "the 429, then the retry");
    call(&server, "POST", &format!("/api/v1/alerts/{alert_id}/resolve"), None).await;
    let resolved = ophion_testkit::eventually(Duration::from_secs(30), || async {
        let hooks = receiver.at("/hook");
        let pds = receiver.at("/pd");
        let closes = receiver.at("/genie/v2/alerts/");
        if hooks.len() == 2 && pds.len() == 2 && !closes.is_empty() {
            Ok((hooks, pds))
        } else {
            Err(hooks.len())
        }
    });
    let (hooks, pds) = resolved.await.unwrap();
    assert_eq!(hooks[1].1["status"], "resolved");
    assert_ne!(hooks[1].1["alerts"][0]["endsAt"], "0001-01-01T00:00:00Z");
    assert_eq!(pds[1].1["event_action"], "resolve");
    assert_eq!(pds[1].1["dedup_key"], pds[0].1["dedup_key"], "the same PagerDuty alert");
    server.stop().await;
}

#[tokio::test]
async fn an_internal_address_is_refused_unless_allowed() {
    let receiver = Receiver::start().await;
    let server = common::start().await; // no outbound.allow
    let id = channel(
        &server,
        json!({"name": "hook", "type": "webhook", "url": format!("{}/hook", receiver.url)}),
    )
    .await;
    let (status, result) =
        call(&server, "POST", &format!("/api/v1/notification-channels/{id}/test"), None).await;
    assert_eq!(status, 200);
    assert_eq!(result["delivered"], false);
    assert!(result["error"].as_str().unwrap().contains("internal address"), "{result}");
    let named = channel(
        &server,
        json!({"name": "by name", "type": "webhook",
        "url": format!("{}/hook", receiver.url.replace("127.0.0.1", "localhost"))}),
    )
    .await;
    let (_, result) =
        call(&server, "POST", &format!("/api/v1/notification-channels/{named}/test"), None).await;
    assert!(result["error"].as_str().unwrap().contains("internal address"), "{result}");
    for link_local in
        ["http://169.254.169.254/latest/meta-data", "http://[::1]:9/x", "http://10.0.0.1/x"]
    {
        let id =
            channel(&server, json!({"name": "meta", "type": "webhook", "url": link_local})).await;
        let (_, result) =
            call(&server, "POST", &format!("/api/v1/notification-channels/{id}/test"), None).await;
        assert!(
            result["error"].as_str().unwrap().contains("internal address"),
            "{link_local}: {result}"
        );
    }
    assert!(receiver.at("/hook").is_empty(), "nothing reached the internal receiver");
    server.stop().await;

    let allowed = common::start_with(|c| c.outbound.allow = vec!["127.0.0.1".into()]).await;
    let id = channel(
        &allowed,
        json!({"name": "hook", "type": "webhook", "url": format!("{}/hook", receiver.url)}),
    )
    .await;
    let (_, result) =
        call(&allowed, "POST", &format!("/api/v1/notification-channels/{id}/test"), None).await;
    assert_eq!(result["delivered"], true, "{result}");
    assert_eq!(
        receiver.at("/hook")[0].1["alerts"][0]["labels"]["alertname"],
        "OphionTestNotification"
    );
    allowed.stop().await;
}

#[tokio::test]
async fn a_channel_is_checked_naming_the_field_and_keeps_its_secret_when_replaced() {
    let server = common::start().await;
    let (status, body) = call(
        &server,
        "POST",
        "/api/v1/notification-channels",
        Some(json!({"name": "pd", "type": "pagerduty", "routing_key": "short"})),
    )
    .await;
    assert_eq!(status, 400);
    assert!(body["error"]["message"].as_str().unwrap().starts_with("routing_key"), "{body}");
    let (status, body) = call(
        &server,
        "POST",
        "/api/v1/notification-channels",
        Some(json!({"name": "x", "type": "carrier-pigeon", "url": "https://x"})),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    let id =
        channel(&server, json!({"name": "pd", "type": "pagerduty", "routing_key": ROUTING_KEY}))
            .await;
    let (status, replaced) = call(
        &server,
        "PUT",
        &format!("/api/v1/notification-channels/{id}"),
        Some(json!({"name": "pd renamed", "type": "pagerduty"})),
    )
    .await;
    assert_eq!((status, &replaced["secret_set"]), (200, &json!(true)), "{replaced}");
    assert_eq!(replaced["url"], "https://events.pagerduty.com/v2/enqueue");
    let (status, _) =
        call(&server, "DELETE", &format!("/api/v1/notification-channels/{id}"), None).await;
    assert_eq!(status, 204);
    let (status, _) =
        call(&server, "GET", &format!("/api/v1/notification-channels/{id}"), None).await;
    assert_eq!(status, 404);
    server.stop().await;
}
