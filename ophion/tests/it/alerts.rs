//! Alerting through a running `ophion serve`: rules over the API (a bad one is a 400 naming
//! its field), the engine inside the server firing on spans sent over OTLP, people
//! acknowledging and resolving, alerts from outside through Alertmanager's API, and a restart
//! that keeps a firing alert firing without raising it twice.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: failing loudly is the point

use std::time::Duration;

use crate::common;

use ophion_core::otlp::trace::v1::{Status, status};
use ophion_testkit::otlp;
use prost::Message;
use serde_json::{Value, json};

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

fn checkout_errors() -> Value {
    json!({"name": "checkout errors", "kind": "threshold",
        "query": {"signal": "spans", "service": "checkout", "fn": "error_rate"},
        "condition": {"op": ">", "value": 0.05}, "for": "0s", "keep_firing_for": "5m",
        "interval": "1s", "severity": "critical", "labels": {"team": "payments"},
        "annotations": {"summary": "checkout errors at {{value}}"}})
}

/// Checkout's spans, every other one failed.
async fn failing_checkout(server: &common::TestServer) {
    let mut request = otlp::spans("checkout", 41, 20);
    for (i, span) in request.resource_spans[0].scope_spans[0].spans.iter_mut().enumerate() {
        if i % 2 == 0 {
            span.status =
                Some(Status { code: status::StatusCode::Error as i32, message: "x".into() });
        }
    }
    let response = server
        .post_otlp("/v1/traces", "application/x-protobuf", request.encode_to_vec(), None)
        .await;
    assert_eq!(response.status(), 200);
    server.wait_for("spans", 20).await;
}

async fn firing(server: &common::TestServer, rule_id: &str) -> Value {
    let found = ophion_testkit::eventually(Duration::from_secs(20), || async {
        let (_, page) =
            call(server, "GET", &format!("/api/v1/alerts?state=firing&rule_id={rule_id}"), None)
                .await;
        match page["items"].as_array().map(Vec::len) {
            Some(1) => Ok(page["items"][0].clone()),
            _ => Err(page),
        }
    });
    found.await.unwrap_or_else(|page| panic!("the rule's alert did not fire: {page}"))
}

#[tokio::test]
async fn rules_are_kept_and_checked_naming_the_field() {
    let server = common::start().await;
    let (status, rule) =
        call(&server, "POST", "/api/v1/alert-rules", Some(checkout_errors())).await;
    assert_eq!(status, 201, "{rule}");
    let id = rule["id"].as_str().unwrap();
    assert_eq!(rule["for"], "0s");
    assert_eq!(rule["window"], "5m", "the default window");
    assert_eq!(rule["query"]["fn"], "error_rate");

    let mut bad = checkout_errors();
    bad["condition"]["value"] = json!("high");
    let (status, body) = call(&server, "POST", "/api/v1/alert-rules", Some(bad)).await;
    assert_eq!(status, 400);
    assert!(body["error"]["message"].as_str().unwrap().contains("condition.value"), "{body}");
    let mut bad = checkout_errors();
    bad["query"]["fn"] = json!("p42");
    let (status, body) = call(&server, "POST", "/api/v1/alert-rules", Some(bad)).await;
    assert_eq!(status, 400);
    assert!(body["error"]["message"].as_str().unwrap().starts_with("query.fn"), "{body}");

    let mut renamed = checkout_errors();
    renamed["name"] = json!("checkout failures");
    let (status, body) =
        call(&server, "PUT", &format!("/api/v1/alert-rules/{id}"), Some(renamed)).await;
    assert_eq!((status, body["name"].as_str()), (200, Some("checkout failures")), "{body}");
    let (_, list) = call(&server, "GET", "/api/v1/alert-rules", None).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);

    for path in ["/api/v1/alert-rules/01J0000000000000000000000X", "/api/v1/alerts/nope"] {
        let (status, body) = call(&server, "GET", path, None).await;
        assert_eq!(status, 404, "{path}: {body}");
    }
    let (status, _) =
        call(&server, "POST", "/api/v1/alerts/01J0000000000000000000000X/acknowledge", None).await;
    assert_eq!(status, 404);
    let (status, _) = call(&server, "DELETE", &format!("/api/v1/alert-rules/{id}"), None).await;
    assert_eq!(status, 204);
    let (status, _) = call(&server, "GET", &format!("/api/v1/alert-rules/{id}"), None).await;
    assert_eq!(status, 404);
    server.stop().await;
}

#[tokio::test]
async fn the_engine_fires_on_sent_spans_and_people_acknowledge_and_resolve() {
    let server = common::start().await;
    failing_checkout(&server).await;
    let (status, preview) =
        call(&server, "POST", "/api/v1/alert-rules/preview?points=3", Some(checkout_errors()))
            .await;
    assert_eq!(status, 200, "{preview}");
    assert_eq!(preview["groups"][0]["value"], 0.5);
    assert_eq!(preview["groups"][0]["holds"], true);
    assert_eq!(preview["series"].as_array().unwrap().len(), 3);

    let (_, rule) = call(&server, "POST", "/api/v1/alert-rules", Some(checkout_errors())).await;
    let rule_id = rule["id"].as_str().unwrap();
    let alert = firing(&server, rule_id).await;
    assert_eq!(alert["value"], 0.5);
    assert_eq!(alert["labels"]["team"], "payments");
    assert_eq!(alert["annotations"]["summary"], "checkout errors at 0.5");
    assert_eq!(alert["status"], "open");
    let id = alert["id"].as_str().unwrap();

    let (status, acked) =
        call(&server, "POST", &format!("/api/v1/alerts/{id}/acknowledge"), None).await;
    assert_eq!((status, acked["status"].as_str()), (200, Some("acknowledged")), "{acked}");
    assert_eq!(acked["acknowledged_by"], "anonymous");
    let (status, resolved) =
        call(&server, "POST", &format!("/api/v1/alerts/{id}/resolve"), None).await;
    assert_eq!((status, resolved["state"].as_str()), (200, Some("resolved")), "{resolved}");
    let kinds: Vec<&str> = resolved["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["firing", "acknowledged", "resolved"]);
    let (status, body) = call(&server, "POST", &format!("/api/v1/alerts/{id}/resolve"), None).await;
    assert_eq!(status, 400, "{body}");

    let (_, rule) = call(&server, "GET", &format!("/api/v1/alert-rules/{rule_id}"), None).await;
    assert!(rule["health"]["last_evaluation"].is_string(), "{rule}");
    assert_eq!(rule["health"]["last_error"], Value::Null);
    server.stop().await;
}

#[tokio::test]
async fn a_restart_keeps_a_firing_alert_without_raising_it_again() {
    let mut server = common::start().await;
    failing_checkout(&server).await;
    let (_, rule) = call(&server, "POST", "/api/v1/alert-rules", Some(checkout_errors())).await;
    let rule_id = rule["id"].as_str().unwrap().to_owned();
    let before = firing(&server, &rule_id).await;
    let dir = server.stop().await;
    server = common::start_with(|config| config.data_dir = dir.path().to_path_buf()).await;
    // The engine evaluates again after the restart; the alert it finds is the same one.
    let evaluated_after = ophion_testkit::eventually(Duration::from_secs(20), || async {
        let (_, rule) = call(&server, "GET", &format!("/api/v1/alert-rules/{rule_id}"), None).await;
        let last = rule["health"]["last_evaluation"].as_str().unwrap_or_default().to_owned();
        if last.as_str() > before["fired_at"].as_str().unwrap() { Ok(()) } else { Err(rule) }
    });
    evaluated_after.await.unwrap();
    let after = firing(&server, &rule_id).await;
    assert_eq!(after["id"], before["id"]);
    assert_eq!(after["fired_at"], before["fired_at"]);
    let (_, detail) =
        call(&server, "GET", &format!("/api/v1/alerts/{}", after["id"].as_str().unwrap()), None)
            .await;
    let fired =
        detail["events"].as_array().unwrap().iter().filter(|e| e["kind"] == "firing").count();
    assert_eq!(fired, 1, "raised once: {detail}");
    server.stop().await;
    drop(dir);
}

#[tokio::test]
async fn alertmanager_clients_post_alerts_that_renew_and_resolve() {
    let server = common::start().await;
    let alert = json!([{"labels": {"alertname": "HighErr", "service": "cart"},
        "annotations": {"summary": "cart is failing"}, "generatorURL": "http://prometheus/graph"}]);
    for _ in 0..2 {
        let response =
            server.client.post(server.api("/api/v2/alerts")).json(&alert).send().await.unwrap();
        assert_eq!(response.status(), 200);
    }
    let (_, page) = call(&server, "GET", "/api/v1/alerts?state=firing", None).await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "deduplicated: {page}");
    assert_eq!(items[0]["repeat_count"], 1);
    assert_eq!(items[0]["source"], "alertmanager");
    assert_eq!(items[0]["rule_id"], Value::Null);
    let mut ended = alert.clone();
    ended[0]["endsAt"] = json!("2020-01-01T00:00:00Z");
    let response =
        server.client.post(server.api("/api/v2/alerts")).json(&ended).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let (_, page) = call(&server, "GET", "/api/v1/alerts?state=resolved", None).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1, "{page}");
    let no_labels = json!([{"annotations": {"summary": "x"}}]);
    let response =
        server.client.post(server.api("/api/v2/alerts")).json(&no_labels).send().await.unwrap();
    assert_eq!(response.status(), 400);
    server.stop().await;
}
