//! What the web console needs from the API, end to end through a real `ophion serve`: the
//! console itself under `/ui/`, sign-in settings, the overview in one call, a service's
//! operations, the live tail, and dashboards.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: failing loudly is the point

use crate::common;

use ophion_core::otlp::collector::logs::v1::ExportLogsServiceRequest;
use ophion_core::otlp::common::v1::{AnyValue, any_value};
use ophion_testkit::otlp;
use prost::Message;
use serde_json::{Value, json};

const PB: &str = "application/x-protobuf";

async fn send(server: &common::TestServer, method: &str, path: &str, body: Value) -> (u16, Value) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let response = server.client.request(method, server.api(path)).json(&body).send().await;
    let response = response.unwrap();
    (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
}

/// One log record of `service` with `body`.
fn log(service: &str, body: &str) -> Vec<u8> {
    let mut request: ExportLogsServiceRequest = otlp::logs(service, 1, 1);
    request.resource_logs[0].scope_logs[0].log_records[0].body =
        Some(AnyValue { value: Some(any_value::Value::StringValue(body.to_owned())) });
    request.encode_to_vec()
}

#[tokio::test]
async fn the_console_is_served_under_ui_with_its_policy() {
    let server = common::start().await;
    let root = server.client.get(server.api("/")).send().await.unwrap();
    // reqwest follows the redirect: `/` ends at the console's page.
    assert_eq!(root.url().path(), "/ui/");
    let csp = root.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("default-src 'self'") && !csp.contains("http"), "{csp}");
    let page = root.text().await.unwrap();
    assert!(page.contains("<script") && page.contains("/ui/assets/"), "{page}");
    // A deep link is the console's page too; a missing asset is a 404, not that page.
    let deep = server.client.get(server.api("/ui/traces/0123abcd?service=x")).send().await;
    assert_eq!(deep.unwrap().text().await.unwrap(), page);
    let missing = server.client.get(server.api("/ui/assets/gone-123.js")).send().await.unwrap();
    assert_eq!(missing.status(), 404);
    // Auth is off on loopback: the console is told it needs no sign-in.
    let (status, config) = server.get_json("/api/v1/auth/config").await;
    assert_eq!((status, &config["required"]), (200, &json!(false)), "{config}");
    server.stop().await;
}

#[tokio::test]
async fn overview_stats_and_operations_sum_what_was_sent() {
    let server = crate::api::loaded().await;
    let (status, stats) = server.get_json("/api/v1/dashboard/stats").await;
    assert_eq!(status, 200, "{stats}");
    let totals = &stats["totals"];
    assert_eq!((totals["services"].as_u64(), totals["spans"].as_u64()), (Some(2), Some(6)));
    assert_eq!((totals["errors"].as_u64(), totals["logs"].as_u64()), (Some(1), Some(20)));
    assert_eq!(totals["error_logs"], 0);
    let backend = stats["services"].as_array().unwrap().iter().find(|s| s["name"] == "backend");
    let backend = backend.expect("backend in the overview");
    assert_eq!(
        (backend["span_count"].as_u64(), backend["error_count"].as_u64()),
        (Some(3), Some(1))
    );
    let spark: u64 = backend["sparkline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (p["rate_per_sec"].as_f64().unwrap() * stats["step_seconds"].as_f64().unwrap()).round()
                as u64
        })
        .sum();
    assert_eq!(spark, 3, "the sparkline holds every span: {backend}");

    let (status, ops) = server.get_json("/api/v1/services/backend/operations").await;
    assert_eq!(status, 200, "{ops}");
    assert_eq!(ops["service"], "backend");
    let op = &ops["operations"][0];
    assert_eq!((op["name"].as_str(), op["span_count"].as_u64()), (Some("SELECT orders"), Some(3)));
    assert_eq!(op["error_count"], 1);
    assert!((op["error_rate"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-9, "{op}");
    assert!((op["p50_ms"].as_f64().unwrap() - 10.0).abs() < 0.01, "{op}");
    let (_, none) = server.get_json("/api/v1/services/nobody/operations").await;
    assert_eq!(none["operations"], json!([]));
    for bad in ["/api/v1/dashboard/stats?start=soon", "/api/v1/services/backend/operations?end=x"] {
        let (status, body) = server.get_json(bad).await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert!(
            body["error"]["message"].as_str().unwrap().contains("end")
                || body["error"]["message"].as_str().unwrap().contains("start"),
            "{body}"
        );
    }
    server.stop().await;
}

/// Reads server-sent events until one whose data matches `done`; returns all read.
pub async fn events_until(
    response: &mut reqwest::Response,
    done: impl Fn(&str, &Value) -> bool,
) -> Vec<(String, Value)> {
    let mut text = String::new();
    let mut events = Vec::new();
    // A guard against a hang when the feature is broken, not a timing assertion.
    let read = async {
        while let Some(chunk) = response.chunk().await.unwrap() {
            text.push_str(std::str::from_utf8(&chunk).unwrap());
            while let Some(end) = text.find("\n\n") {
                let block: String = text.drain(..end + 2).collect();
                let field = |name: &str| {
                    block
                        .lines()
                        .find_map(|l| l.strip_prefix(name))
                        .map(str::trim)
                        .map(str::to_owned)
                };
                if let (Some(kind), Some(data)) = (field("event:"), field("data:")) {
                    let data: Value = serde_json::from_str(&data).unwrap();
                    let last = done(&kind, &data);
                    events.push((kind, data));
                    if last {
                        return;
                    }
                }
            }
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(60), read)
        .await
        .expect("the awaited event never came");
    events
}

#[tokio::test]
async fn live_tail_shows_new_matching_records_and_caps_tails_per_tenant() {
    let server = common::start().await;
    let mut tail = server
        .client
        .get(server.api("/api/v1/logs/tail?service=frontend&q=TAILED&min_severity=info"))
        .send()
        .await
        .unwrap();
    assert_eq!(tail.status(), 200);
    assert_eq!(tail.headers()["content-type"], "text/event-stream");
    // Sent in this order after the tail opened; only the last matches every filter.
    for (service, body) in
        [("backend", "tailed elsewhere"), ("frontend", "plain line"), ("frontend", "a tailed line")]
    {
        assert_eq!(server.post_otlp("/v1/logs", PB, log(service, body), None).await.status(), 200);
    }
    let events = events_until(&mut tail, |_, data| data["body"] == "a tailed line").await;
    assert_eq!(events.len(), 1, "nothing else passes the filters: {events:?}");
    let (kind, record) = &events[0];
    assert_eq!(kind, "log");
    assert_eq!(
        (record["service_name"].as_str(), record["severity_text"].as_str()),
        (Some("frontend"), Some("INFO"))
    );
    assert_eq!(record["attributes"]["test.seed"], 1);

    // Seven more tails fill this tenant's eight; the ninth is refused with a message.
    let mut open = Vec::new();
    for _ in 0..7 {
        let response = server.client.get(server.api("/api/v1/logs/tail")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        open.push(response);
    }
    let (status, body) = server.get_json("/api/v1/logs/tail").await;
    assert_eq!(status, 429, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("live tails"), "{body}");
    let (status, body) = server.get_json("/api/v1/logs/tail?min_severity=loud").await;
    assert_eq!(status, 400, "{body}");
    drop(open);
    server.stop().await;
}

#[tokio::test]
async fn dashboards_are_created_read_replaced_listed_and_deleted() {
    let server = common::start().await;
    let dashboard = json!({
        "title": "Checkout",
        "time": {"from": "now-6h", "to": "now"},
        "panels": [{
            "id": "p1", "title": "Latency", "type": "timeseries",
            "query": {"path": "/api/v1/services/checkout/series", "params": {"step": "1m"}},
            "layout": {"x": 0, "y": 0, "w": 6, "h": 4}
        }]
    });
    let (status, created) = send(&server, "POST", "/api/v1/dashboards", dashboard.clone()).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/dashboards/{id}");
    let (_, read) = server.get_json(&path).await;
    assert_eq!(
        (read["title"].as_str(), read["panels"][0]["query"]["params"]["step"].as_str()),
        (Some("Checkout"), Some("1m"))
    );

    let mut renamed = read.clone();
    renamed["title"] = json!("Checkout, renamed");
    let (status, replaced) = send(&server, "PUT", &path, renamed).await;
    assert_eq!(
        (status, replaced["title"].as_str()),
        (200, Some("Checkout, renamed")),
        "{replaced}"
    );
    let (_, list) = server.get_json("/api/v1/dashboards").await;
    assert_eq!(list["items"][0]["id"], id.as_str());
    assert_eq!(list["items"][0]["panels"], 1);
    let (_, presets) = server.get_json("/api/v1/dashboard/presets").await;
    assert!(presets["items"].as_array().unwrap().len() >= 2, "{presets}");

    // Bad input: each refusal says where.
    for (body, mention) in [
        (json!({"panels": []}), "title"),
        (
            json!({"title": "x", "panels": [{"id": "p", "type": "pie", "query": {"path": "/api/v1/stats"}}]}),
            "pie",
        ),
        (
            json!({"title": "x", "panels": [{"id": "p", "type": "stat", "query": {"path": "/api/v1/keys"}}]}),
            "/api/v1/keys",
        ),
        (
            json!({"title": "x", "panels": [{"id": "p", "type": "stat", "query": {"path": "/api/v1/logs", "params": {"color": "red"}}}]}),
            "color",
        ),
        (json!({"title": "x", "time": {"from": "yesterday", "to": "now"}}), "yesterday"),
    ] {
        let (status, answer) = send(&server, "POST", "/api/v1/dashboards", body.clone()).await;
        assert_eq!(status, 400, "{body}: {answer}");
        let message = answer["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(mention), "{body}: {message:?} should mention {mention:?}");
    }
    let (_, list) = server.get_json("/api/v1/dashboards").await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1, "refused documents are not stored");

    let (status, _) = send(&server, "DELETE", &path, Value::Null).await;
    assert_eq!(status, 204);
    let (status, body) = server.get_json(&path).await;
    assert_eq!(status, 404, "{body}");
    let (status, _) = send(&server, "DELETE", &path, Value::Null).await;
    assert_eq!(status, 404);
    server.stop().await;
}
