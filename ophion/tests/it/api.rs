//! The REST API end to end: data goes in over OTLP, every endpoint's happy path reads it
//! back, and bad input gets a 4xx with a JSON error that says what is wrong.

use crate::common;

use ophion_core::otlp::collector::trace::v1::ExportTraceServiceRequest;
use ophion_core::otlp::common::v1::any_value::Value as Av;
use ophion_core::otlp::trace::v1::{ResourceSpans, ScopeSpans, Span, Status, span, status};
use ophion_core::time::now_unix_nanos;
use ophion_testkit::otlp;
use prost::Message;
use serde_json::{Value, json};

const PB: &str = "application/x-protobuf";

/// frontend (root, server) → backend (client call's server span), 3 traces, one erroring.
fn two_service_traces() -> ExportTraceServiceRequest {
    let now = now_unix_nanos();
    let mut frontend = Vec::new();
    let mut backend = Vec::new();
    for t in 0..3u64 {
        let trace_id = otlp::trace_id(77, t);
        let root = otlp::span_id(77, t * 10);
        let start = now - 5_000_000_000 + t * 1_000_000_000;
        frontend.push(Span {
            trace_id: trace_id.clone(),
            span_id: root.clone(),
            name: "GET /checkout".into(),
            kind: span::SpanKind::Server as i32,
            start_time_unix_nano: start,
            end_time_unix_nano: start + 30_000_000 * (t + 1),
            attributes: vec![
                otlp::kv("http.route", "/checkout"),
                otlp::kv("cart.items", Av::IntValue(t as i64)),
            ],
            ..Default::default()
        });
        backend.push(Span {
            trace_id,
            span_id: otlp::span_id(77, t * 10 + 1),
            parent_span_id: root,
            name: "SELECT orders".into(),
            kind: span::SpanKind::Server as i32,
            start_time_unix_nano: start + 1_000_000,
            end_time_unix_nano: start + 11_000_000,
            status: (t == 2).then(|| Status {
                code: status::StatusCode::Error as i32,
                message: "deadlock".into(),
            }),
            attributes: vec![otlp::kv("db.system", "postgresql")],
            events: vec![span::Event {
                time_unix_nano: start + 2_000_000,
                name: "retry".into(),
                ..Default::default()
            }],
            ..Default::default()
        });
    }
    let rs = |service: &str, spans| ResourceSpans {
        resource: Some(otlp::resource(service)),
        scope_spans: vec![ScopeSpans { spans, ..Default::default() }],
        ..Default::default()
    };
    ExportTraceServiceRequest {
        resource_spans: vec![rs("frontend", frontend), rs("backend", backend)],
    }
}

pub async fn loaded() -> common::TestServer {
    let server = common::start().await;
    for (path, body) in [
        ("/v1/traces", two_service_traces().encode_to_vec()),
        ("/v1/logs", otlp::logs("frontend", 5, 20).encode_to_vec()),
        ("/v1/metrics", otlp::metrics("frontend", 5).encode_to_vec()),
    ] {
        assert_eq!(server.post_otlp(path, PB, body, None).await.status(), 200);
    }
    assert_eq!(server.wait_for("spans", 6).await, 6);
    assert_eq!(server.wait_for("logs", 20).await, 20);
    assert_eq!(server.wait_for("metric_points", 5).await, 5);
    server
}

async fn ok(server: &common::TestServer, path: &str) -> Value {
    let (status, body) = server.get_json(path).await;
    assert_eq!(status, 200, "{path}: {body}");
    body
}

async fn bad(server: &common::TestServer, path: &str, expected: u16, mention: &str) {
    let (status, body) = server.get_json(path).await;
    assert_eq!(status, expected, "{path}: {body}");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains(mention), "{path}: message {message:?} should mention {mention:?}");
    assert!(body["error"]["code"].is_string());
}

#[tokio::test]
async fn health_stats_metrics_and_openapi() {
    let server = loaded().await;
    assert_eq!(ok(&server, "/health").await["status"], "ok");
    assert_eq!(ok(&server, "/health/live").await["status"], "ok");
    assert_eq!(ok(&server, "/health/ready").await["status"], "ready");
    let stats = ok(&server, "/api/v1/stats").await;
    assert_eq!(
        stats,
        json!({"tenant": "default", "spans": 6, "traces": 3, "logs": 20, "metric_points": 5})
    );
    let text =
        server.client.get(server.api("/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(text.contains("ophion_receiver_accepted_spans_total 6"), "{text}");
    assert!(text.contains("ophion_queue_capacity_bytes"));
    // Every route the server declares is in the document it serves, with that method.
    let doc = ok(&server, "/openapi.json").await;
    let routes = ophion_api::routes();
    for route in &routes {
        let method = route.method.as_str().to_ascii_lowercase();
        assert!(
            doc["paths"][route.path][&method].is_object(),
            "/openapi.json lacks {} {}",
            route.method,
            route.path
        );
    }
    let documented: usize = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|item| item.as_object().unwrap().len())
        .sum();
    assert_eq!(documented, routes.len(), "/openapi.json documents a route the server lacks");
    server.stop().await;
}

#[tokio::test]
async fn services_and_service_map_from_parent_child_spans() {
    let server = loaded().await;
    let services = ok(&server, "/api/v1/services").await;
    let backend = services["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "backend")
        .unwrap()
        .clone();
    assert_eq!(backend["span_count"], 3);
    assert_eq!(backend["error_count"], 1);
    // Percentiles come from the rollup histogram: within 0.25 %.
    assert!((backend["p50_ms"].as_f64().unwrap() - 10.0).abs() <= 0.025, "{backend}");
    let map = ok(&server, "/api/v1/service-map").await;
    let edges = map["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 1, "{map}");
    assert_eq!(edges[0]["caller"], "frontend");
    assert_eq!(edges[0]["callee"], "backend");
    assert_eq!(edges[0]["call_count"], 3);
    assert_eq!(edges[0]["error_count"], 1);
    bad(&server, "/api/v1/services?start=tomorrow", 400, "start").await;
    bad(&server, "/api/v1/service-map?start=2000&end=1000", 400, "before").await;
    server.stop().await;
}

#[tokio::test]
async fn a_services_red_series_buckets_its_spans_by_start_time() {
    let server = loaded().await;
    // The backend's three spans start one second apart, the last one failed.
    let end_ms = now_unix_nanos() / 1_000_000 + 1_000;
    let path =
        format!("/api/v1/services/backend/series?start={}&end={end_ms}&step=1s", end_ms - 120_000);
    let series = ok(&server, &path).await;
    assert_eq!(series["service"], "backend");
    assert_eq!(series["step_ms"], 1000);
    let points = series["points"].as_array().unwrap();
    assert_eq!(points.len(), 3, "{series}");
    let times: Vec<u64> = points.iter().map(|p| p["time_unix_nano"].as_u64().unwrap()).collect();
    assert_eq!(times[1] - times[0], 1_000_000_000, "{series}");
    assert_eq!(times[2] - times[1], 1_000_000_000, "{series}");
    for p in points {
        assert_eq!(p["span_count"], 1, "{series}");
        assert!((p["p99_ms"].as_f64().unwrap() - 10.0).abs() < 0.01, "{series}");
    }
    let errors: Vec<u64> = points.iter().map(|p| p["error_count"].as_u64().unwrap()).collect();
    assert_eq!(errors, [0, 0, 1]);

    // The default step is a 60th of the range; unknown services have no points.
    let default = ok(&server, "/api/v1/services/backend/series").await;
    assert_eq!(default["step_ms"], 60_000);
    let counted: u64 = default["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["span_count"].as_u64().unwrap())
        .sum();
    assert_eq!(counted, 3);
    assert_eq!(ok(&server, "/api/v1/services/nobody/series").await["points"], json!([]));
    bad(&server, "/api/v1/services/backend/series?step=1ms", 400, "step").await;
    server.stop().await;
}

#[tokio::test]
async fn trace_by_id_is_waterfall_ready() {
    let server = loaded().await;
    let id = hex::encode(otlp::trace_id(77, 2));
    let trace = ok(&server, &format!("/api/v1/traces/{id}")).await;
    assert_eq!(trace["span_count"], 2);
    assert_eq!(trace["error_count"], 1);
    assert_eq!(trace["services"], json!(["backend", "frontend"]));
    let spans = trace["spans"].as_array().unwrap();
    assert_eq!(spans[0]["name"], "GET /checkout");
    assert_eq!(spans[0]["depth"], 0);
    assert_eq!(spans[1]["depth"], 1);
    assert_eq!(spans[1]["parent_span_id"], spans[0]["span_id"]);
    assert_eq!(spans[1]["offset_ns"], 1_000_000);
    assert_eq!(spans[1]["events"][0]["name"], "retry");
    assert_eq!(spans[0]["attributes"]["cart.items"], 2, "integer attribute keeps its type");
    bad(&server, "/api/v1/traces/not-hex", 400, "32 hex").await;
    bad(&server, &format!("/api/v1/traces/{}", "f".repeat(32)), 404, "not found").await;
    server.stop().await;
}

#[tokio::test]
async fn trace_and_span_search_filter_sort_and_paginate() {
    let server = loaded().await;
    let all = ok(&server, "/api/v1/traces?service=frontend").await;
    assert_eq!(all["traces"].as_array().unwrap().len(), 3);
    let errors = ok(&server, "/api/v1/traces?status=error").await;
    assert_eq!(errors["traces"].as_array().unwrap().len(), 1);
    assert_eq!(errors["traces"][0]["root_service"], "frontend");
    assert_eq!(errors["traces"][0]["has_error"], true);
    let slow = ok(&server, "/api/v1/traces?service=frontend&min_duration=50ms&sort=longest").await;
    let durations: Vec<u64> = slow["traces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["duration_ns"].as_u64().unwrap())
        .collect();
    assert_eq!(durations, vec![90_000_000, 60_000_000]);
    let by_attr = ok(&server, "/api/v1/spans?attr.cart.items=1").await;
    assert_eq!(by_attr["spans"].as_array().unwrap().len(), 1);
    let by_db =
        ok(&server, "/api/v1/spans?attr.db.system=postgresql&operation=SELECT%20orders").await;
    assert_eq!(by_db["spans"].as_array().unwrap().len(), 3);
    let page1 = ok(&server, "/api/v1/spans?limit=4").await;
    assert_eq!(page1["spans"].as_array().unwrap().len(), 4);
    let cursor = page1["next_cursor"].as_str().expect("more pages").to_string();
    let page2 = ok(&server, &format!("/api/v1/spans?limit=4&cursor={cursor}")).await;
    assert_eq!(page2["spans"].as_array().unwrap().len(), 2);
    assert!(page2["next_cursor"].is_null());
    let id = hex::encode(otlp::trace_id(77, 0));
    let one = ok(&server, &format!("/api/v1/spans?trace_id={id}")).await;
    assert_eq!(one["spans"].as_array().unwrap().len(), 2);
    // User text is bound, never spliced into SQL: injection-shaped values match nothing.
    for probe in [
        "/api/v1/spans?service=frontend'%20OR%20'1'='1",
        "/api/v1/spans?attr.http.route'%5D%20IS%20NOT%20NULL%20OR%20(1=1--=x",
        "/api/v1/spans?operation=%25",
    ] {
        assert_eq!(ok(&server, probe).await["spans"].as_array().unwrap().len(), 0, "{probe}");
    }
    bad(&server, "/api/v1/traces?status=broken", 400, "status").await;
    bad(&server, "/api/v1/traces?sort=sideways", 400, "sort").await;
    bad(&server, "/api/v1/traces?min_duration=fast", 400, "min_duration").await;
    bad(&server, "/api/v1/traces?min_duration=2s&max_duration=1s", 400, "max_duration").await;
    bad(&server, "/api/v1/spans?limit=5000", 400, "limit").await;
    bad(&server, "/api/v1/spans?cursor=xyz", 400, "cursor").await;
    bad(&server, "/api/v1/spans?servce=frontend", 400, "servce").await;
    bad(&server, "/api/v1/spans?trace_id=123", 400, "32 hex").await;
    server.stop().await;
}

/// Every item of a list, reading `next_cursor` page after page.
async fn walk(server: &common::TestServer, path: &str, list: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..100 {
        let url = match &cursor {
            None => path.to_owned(),
            Some(cursor) => format!("{path}&cursor={cursor}"),
        };
        let page = ok(server, &url).await;
        let Some(rows) = page[list].as_array() else { panic!("{url}: no {list}: {page}") };
        items.extend(rows.iter().cloned());
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return items,
        }
    }
    panic!("{path}: paging never ended")
}

#[tokio::test]
async fn cursors_page_every_list_and_only_the_list_and_sort_they_came_from() {
    let server = loaded().await;
    for (path, list) in [
        ("/api/v1/spans?sort=shortest", "spans"),
        ("/api/v1/spans?sort=oldest", "spans"),
        ("/api/v1/traces?sort=longest", "traces"),
        ("/api/v1/logs?service=frontend", "logs"),
        ("/api/v1/metrics?service=frontend", "metrics"),
    ] {
        let list = if list == "metrics" { "points" } else { list };
        let whole = ok(&server, &format!("{path}&limit=1000")).await;
        assert!(whole["next_cursor"].is_null(), "{path}: one page holds it all");
        let whole = whole[list].as_array().unwrap().clone();
        assert!(whole.len() > 2, "{path}: {whole:?}");
        for limit in [1, 3] {
            let walked = walk(&server, &format!("{path}&limit={limit}"), list).await;
            assert_eq!(walked, whole, "{path}, {limit} at a time: every item once, in order");
        }
    }
    let next = |page: Value| page["next_cursor"].as_str().expect("a next page").to_owned();
    let spans = next(ok(&server, "/api/v1/spans?sort=newest&limit=1").await);
    let logs = next(ok(&server, "/api/v1/logs?limit=1").await);
    const REFUSED: &str = "cursor is not one this server issued";
    for foreign in [
        format!("/api/v1/spans?sort=oldest&cursor={spans}"),
        format!("/api/v1/traces?cursor={spans}"),
        format!("/api/v1/spans?cursor={logs}"),
        format!("/api/v1/metrics?cursor={logs}"),
    ] {
        bad(&server, &foreign, 400, REFUSED).await;
    }
    let truncated = &spans[..spans.len() - 2];
    for garbage in ["xyz", "o200", "AAAA", "AQEBAQ", truncated, &format!("{spans}A")] {
        bad(&server, &format!("/api/v1/spans?cursor={garbage}"), 400, REFUSED).await;
        bad(&server, &format!("/api/v1/logs?cursor={garbage}"), 400, REFUSED).await;
    }
    server.stop().await;
}

#[tokio::test]
async fn log_search_and_histogram() {
    let server = loaded().await;
    let logs = ok(&server, "/api/v1/logs?q=LINE%207%20SEED").await;
    assert_eq!(logs["logs"].as_array().unwrap().len(), 1, "case-insensitive substring");
    assert_eq!(logs["logs"][0]["body"], "log line 7 seed 5");
    assert_eq!(logs["logs"][0]["service_name"], "frontend");
    assert_eq!(logs["logs"][0]["attributes"]["test.seed"], 5);
    // `%` and `_` in q are literal characters, not LIKE wildcards.
    for wildcard in ["/api/v1/logs?q=%25", "/api/v1/logs?q=log_line"] {
        assert_eq!(ok(&server, wildcard).await["logs"].as_array().unwrap().len(), 0, "{wildcard}");
    }
    assert_eq!(
        ok(&server, "/api/v1/logs?min_severity=error").await["logs"].as_array().unwrap().len(),
        0
    );
    assert_eq!(
        ok(&server, "/api/v1/logs?min_severity=info&service=frontend&limit=1000").await["logs"]
            .as_array()
            .unwrap()
            .len(),
        20
    );
    assert_eq!(
        ok(&server, "/api/v1/logs?service=nobody").await["logs"].as_array().unwrap().len(),
        0
    );
    let hist = ok(&server, "/api/v1/logs/histogram?step=1m").await;
    let total: u64 =
        hist["buckets"].as_array().unwrap().iter().map(|b| b["count"].as_u64().unwrap()).sum();
    assert_eq!(total, 20);
    assert_eq!(hist["step_ms"], 60_000);
    bad(&server, "/api/v1/logs?min_severity=loud", 400, "min_severity").await;
    bad(&server, "/api/v1/logs/histogram?step=1ns", 400, "step").await;
    bad(&server, "/api/v1/logs?attr.=x", 400, "key").await;
    server.stop().await;
}

#[tokio::test]
async fn metrics_query_endpoints() {
    let server = loaded().await;
    let names = ok(&server, "/api/v1/metrics/names").await;
    let kinds: Vec<(String, String)> = names["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["name"].as_str().unwrap().to_string(), m["kind"].as_str().unwrap().to_string()))
        .collect();
    for expected in [
        ("test.gauge", "gauge"),
        ("test.counter", "sum"),
        ("test.histogram", "histogram"),
        ("test.exp_histogram", "exponential_histogram"),
        ("test.summary", "summary"),
    ] {
        assert!(kinds.contains(&(expected.0.into(), expected.1.into())), "{kinds:?}");
    }
    let hist = ok(&server, "/api/v1/metrics?name=test.histogram").await;
    assert_eq!(hist["points"][0]["bucket_counts"], json!([1, 2, 3]));
    assert_eq!(hist["points"][0]["explicit_bounds"], json!([1.0, 5.0]));
    let latest = ok(&server, "/api/v1/metrics/latest/test.gauge").await;
    assert_eq!(latest["point"]["value"], 42.5);
    let agg = ok(&server, "/api/v1/metrics/aggregate/test.gauge").await;
    assert_eq!(agg["count"], 1);
    assert_eq!(agg["max"], 42.5);
    let series = ok(&server, "/api/v1/metrics/series/test.gauge?step=1m&fn=max").await;
    assert!(series["points"].as_array().unwrap().iter().any(|p| p["value"] == 42.5), "{series}");
    bad(&server, "/api/v1/metrics/latest/nothing.here", 404, "nothing.here").await;
    bad(&server, "/api/v1/metrics/series/test.gauge?fn=median", 400, "fn").await;
    bad(&server, "/api/v1/metrics/series/test.gauge?step=1ms&start=0", 400, "step").await;
    server.stop().await;
}

#[tokio::test]
async fn json_metric_ingest_goes_through_the_pipeline() {
    let server = common::start().await;
    let post = |path: &str, body: Value| server.client.post(server.api(path)).json(&body).send();
    let resp = post(
        "/api/v1/metrics/ingest",
        json!({"name": "cpu.usage", "value": 0.93, "labels": {"host": "a"}, "service": "node-a"}),
    )
    .await
    .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.json::<Value>().await.unwrap()["accepted"], 1);
    // A counter growing by 10 every second for 5 minutes: full 1-minute buckets rate at 10/s.
    let batch: Vec<Value> = (0..300).map(|i| json!({"name": "requests", "type": "counter", "value": i * 10, "timestamp": 1_700_000_000_000u64 + i * 1000})).collect();
    let resp = post("/api/v1/metrics/ingest/batch", json!({"metrics": batch})).await.unwrap();
    assert_eq!(resp.json::<Value>().await.unwrap()["accepted"], 300);
    assert_eq!(server.wait_for("metric_points", 301).await, 301);
    let latest = ok(&server, "/api/v1/metrics/latest/cpu.usage").await;
    assert_eq!(latest["point"]["value"], 0.93);
    assert_eq!(latest["point"]["attributes"]["host"], "a");
    assert_eq!(latest["point"]["service_name"], "node-a");
    let rate = ok(
        &server,
        "/api/v1/metrics/series/requests?fn=rate&step=1m&start=1700000000000&end=1700000300000",
    )
    .await;
    let values: Vec<f64> =
        rate["points"].as_array().unwrap().iter().map(|p| p["value"].as_f64().unwrap()).collect();
    assert!(
        values.iter().filter(|v| (*v - 10.0).abs() < 1e-9).count() >= 3,
        "10 per second: {values:?}"
    );

    for (path, body, mention) in [
        ("/api/v1/metrics/ingest", json!({"value": 1}), "name"),
        ("/api/v1/metrics/ingest", json!({"name": "x", "value": "high"}), "value"),
        ("/api/v1/metrics/ingest", json!({"name": "x", "value": 1, "type": "histogram"}), "type"),
        (
            "/api/v1/metrics/ingest",
            json!({"name": "x", "value": 1, "timestamp": "noon"}),
            "timestamp",
        ),
        ("/api/v1/metrics/ingest", json!({"name": "x", "value": 1, "colour": "red"}), "colour"),
        ("/api/v1/metrics/ingest/batch", json!({"metrics": []}), "empty"),
    ] {
        let resp = post(path, body).await.unwrap();
        assert_eq!(resp.status(), 400);
        let err: Value = resp.json().await.unwrap();
        assert!(err["error"]["message"].as_str().unwrap().contains(mention), "{err}");
    }
    let too_many: Vec<Value> = (0..10_001).map(|_| json!({"name": "x", "value": 1})).collect();
    let resp = post("/api/v1/metrics/ingest/batch", json!({"metrics": too_many})).await.unwrap();
    assert_eq!(resp.status(), 400);
    let resp = server
        .client
        .post(server.api("/api/v1/metrics/ingest"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let (status, body) = server.get_json("/api/v1/nope").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
    server.stop().await;
}

/// Clean protobuf requests are queued as received; one holding a secret is decoded and
/// redacted. Both land, and the secret does not.
#[tokio::test]
async fn secrets_are_redacted_whether_or_not_a_request_is_decoded() {
    const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    let server = common::start().await;
    let clean = otlp::spans("clean", 31, 2);
    let mut secret = otlp::spans("secret", 32, 2);
    let span = &mut secret.resource_spans[0].scope_spans[0].spans[0];
    span.attributes.push(otlp::kv("note", format!("token {JWT}")));
    let mut logs = otlp::logs("secret", 33, 2);
    logs.resource_logs[0].scope_logs[0].log_records[1]
        .attributes
        .push(otlp::kv("password", "hunter2"));
    for (path, body) in [
        ("/v1/traces", clean.encode_to_vec()),
        ("/v1/traces", secret.encode_to_vec()),
        ("/v1/logs", otlp::logs("clean", 34, 2).encode_to_vec()),
        ("/v1/logs", logs.encode_to_vec()),
    ] {
        assert_eq!(server.post_otlp(path, PB, body, None).await.status(), 200);
    }
    assert_eq!(server.wait_for("spans", 4).await, 4);
    assert_eq!(server.wait_for("logs", 4).await, 4);
    let trace =
        ok(&server, &format!("/api/v1/traces/{}", hex::encode(otlp::trace_id(32, 0)))).await;
    assert_eq!(trace["spans"][0]["attributes"]["note"], "token [REDACTED:jwt]");
    let clean_trace =
        ok(&server, &format!("/api/v1/traces/{}", hex::encode(otlp::trace_id(31, 1)))).await;
    assert_eq!(clean_trace["spans"][0]["attributes"]["test.seed"], 31);
    let logs = ok(&server, "/api/v1/logs?service=secret").await;
    let passwords: Vec<_> =
        logs["logs"].as_array().unwrap().iter().map(|l| &l["attributes"]["password"]).collect();
    assert!(passwords.contains(&&json!("[REDACTED]")), "{logs}");
    let text =
        server.client.get(server.api("/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(text.contains("ophion_pipeline_requests_queued_as_received_total 2"), "{text}");
    assert!(text.contains("ophion_processor_redacted_values_total 2"), "{text}");
    server.stop().await;
}
