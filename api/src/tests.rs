//! The router as a whole, driven with `oneshot` requests over an in-memory embedded store, no
//! authentication (the loopback default) and a metadata store in a temporary directory: the
//! HTTP contract every route shares.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: failing loudly is the point

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use ophion_core::auth::NoAuth;
use ophion_core::otlp::metrics::v1::metric::Data;
use ophion_core::{Batch, Ingest, IngestReceipt, Payload, SelfMetrics};
use ophion_metadata::MetadataStore;
use ophion_storage::EmbeddedStore;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::{ApiState, CorsConfig, Limits, router};

/// Takes every batch and keeps it, so tests can see what reached the pipeline.
#[derive(Default)]
struct Recorded(Mutex<Vec<Batch>>);

impl Recorded {
    /// The names of the metrics that reached the pipeline, in order.
    fn metric_names(&self) -> Vec<String> {
        let batches = self.0.lock().unwrap();
        let mut names = Vec::new();
        for batch in batches.iter() {
            let Payload::Metrics(request) = &batch.payload else { continue };
            for rm in &request.resource_metrics {
                for sm in &rm.scope_metrics {
                    names.extend(sm.metrics.iter().map(|m| m.name.clone()));
                }
            }
        }
        names
    }
}

#[async_trait::async_trait]
impl Ingest for Recorded {
    async fn ingest(&self, batch: Batch) -> ophion_core::Result<IngestReceipt> {
        let mut points = 0;
        if let Payload::Metrics(request) = &batch.payload {
            for metric in request.resource_metrics.iter().flat_map(|rm| &rm.scope_metrics) {
                for m in &metric.metrics {
                    points += match &m.data {
                        Some(Data::Gauge(g)) => g.data_points.len(),
                        Some(Data::Sum(s)) => s.data_points.len(),
                        _ => 0,
                    } as u64;
                }
            }
        }
        self.0.lock().unwrap().push(batch);
        Ok(IngestReceipt { accepted: points, ..Default::default() })
    }
}

struct Api {
    router: Router,
    ingested: Arc<Recorded>,
    /// Where a test announces applied log batches, as the writer does.
    applied_logs: tokio::sync::broadcast::Sender<Arc<Vec<ophion_core::AppliedBatch>>>,
    metadata: MetadataStore,
    _dir: tempfile::TempDir,
}

async fn api_with(cors: CorsConfig) -> Api {
    let dir = tempfile::tempdir().unwrap();
    let metadata = MetadataStore::open_dir(dir.path()).await.unwrap();
    let ingested = Arc::new(Recorded::default());
    let applied_logs = crate::tail::LogTail::ring();
    // No sender: never stopped; the tests' streams end when dropped.
    let (_, never) = tokio::sync::watch::channel(false);
    let state = ApiState {
        store: Arc::new(EmbeddedStore::open_in_memory().unwrap()),
        ingest: ingested.clone(),
        metrics: Arc::new(SelfMetrics::default()),
        auth: Arc::new(NoAuth),
        metadata: metadata.clone(),
        limits: Arc::new(Limits::unlimited()),
        cors: Arc::new(cors),
        insights: Arc::new(ophion_ai::InsightStore::new(100)),
        sign_in: Arc::new(ophion_auth::SignIn::open()),
        tail: Arc::new(crate::tail::LogTail::new(applied_logs.clone(), never)),
        overview: crate::overview::cache(),
        notifier: ophion_alerts::notify::Notifier::new(
            metadata.clone(),
            Default::default(),
            "http://ophion.test".into(),
        )
        .unwrap(),
    };
    Api { router: router(state), ingested, applied_logs, metadata, _dir: dir }
}

async fn api() -> Api {
    api_with(CorsConfig::default()).await
}

struct Answer {
    status: StatusCode,
    headers: http::HeaderMap,
    bytes: bytes::Bytes,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or(Value::Null)
    }

    fn message(&self) -> String {
        self.json()["error"]["message"].as_str().unwrap_or_default().to_owned()
    }
}

impl Api {
    #[allow(clippy::disallowed_methods)] // collect() on a Limited body
    async fn send(&self, request: Request<Body>) -> Answer {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let limited = http_body_util::Limited::new(response.into_body(), 64 << 20);
        let bytes = limited.collect().await.unwrap().to_bytes();
        Answer { status, headers, bytes }
    }

    /// The response with its body unread (a stream).
    async fn send_streaming(&self, request: http::request::Builder) -> http::Response<Body> {
        self.router.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap()
    }

    async fn get(&self, uri: &str) -> Answer {
        self.send(Request::get(uri).body(Body::empty()).unwrap()).await
    }

    async fn post_json(&self, uri: &str, body: Value) -> Answer {
        let request = Request::post(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(request).await
    }

    async fn key_count(&self) -> usize {
        self.metadata.list_keys(None).await.unwrap().len()
    }
}

fn post(uri: &str, content_type: &str) -> http::request::Builder {
    Request::post(uri).header(header::CONTENT_TYPE, content_type)
}

const KEY: &str = r#"{"name": "pwned", "scopes": ["admin"]}"#;
const METRIC: &str = r#"{"name": "pwned", "value": 1}"#;

#[tokio::test]
async fn a_cross_site_text_plain_post_neither_makes_a_key_nor_ingests() {
    let api = api().await;
    // What a form or fetch() on any web page can send without a preflight.
    for (uri, body) in [("/api/v1/keys", KEY), ("/api/v1/metrics/ingest", METRIC)] {
        let request = post(uri, "text/plain")
            .header(header::ORIGIN, "https://evil")
            .body(Body::from(body))
            .unwrap();
        let answer = api.send(request).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{uri}");
        assert!(answer.message().contains("https://evil"), "{uri}: {}", answer.message());
        // Even as JSON, a foreign page may not write.
        let request = post(uri, "application/json")
            .header(header::ORIGIN, "https://evil")
            .body(Body::from(body))
            .unwrap();
        assert_eq!(api.send(request).await.status, StatusCode::FORBIDDEN, "{uri}");
    }
    assert_eq!(api.key_count().await, 0, "no key was made");
    assert!(api.ingested.metric_names().is_empty(), "nothing was ingested");
}

#[tokio::test]
async fn json_routes_take_only_application_json() {
    let api = api().await;
    for content_type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"] {
        for (uri, body) in [("/api/v1/keys", KEY), ("/api/v1/metrics/ingest", METRIC)] {
            let request = post(uri, content_type).body(Body::from(body)).unwrap();
            let answer = api.send(request).await;
            assert_eq!(answer.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{uri} {content_type}");
            assert!(answer.message().contains("application/json"), "{}", answer.message());
        }
    }
    let no_type = Request::post("/api/v1/keys").body(Body::from(KEY)).unwrap();
    assert_eq!(api.send(no_type).await.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let gzip = post("/api/v1/metrics/ingest", "application/json")
        .header(header::CONTENT_ENCODING, "gzip")
        .body(Body::from(METRIC))
        .unwrap();
    let answer = api.send(gzip).await;
    assert_eq!(answer.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(answer.message().contains("gzip"));
    assert_eq!(api.key_count().await, 0);
    assert!(api.ingested.metric_names().is_empty());
}

#[tokio::test]
async fn same_origin_and_configured_origins_may_write() {
    let cors = CorsConfig { allowed_origins: vec!["https://grafana.example.com".into()] };
    let api = api_with(cors).await;
    for origin in ["http://127.0.0.1:8080", "https://grafana.example.com"] {
        let request = post("/api/v1/keys", "application/json; charset=utf-8")
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::ORIGIN, origin)
            .body(Body::from(KEY))
            .unwrap();
        let answer = api.send(request).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{origin}: {}", answer.message());
    }
    // Reads carry no risk of a write and are left to CORS.
    let request = Request::get("/api/v1/keys")
        .header(header::ORIGIN, "https://evil")
        .body(Body::empty())
        .unwrap();
    assert_eq!(api.send(request).await.status, StatusCode::OK);
    assert_eq!(api.key_count().await, 2);
}

#[tokio::test]
async fn head_is_served_wherever_get_is() {
    let api = api().await;
    for uri in ["/health", "/api/v1/stats", "/api/v1/traces?limit=5", "/openapi.json"] {
        let get = api.get(uri).await;
        let head = api.send(Request::head(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(head.status, StatusCode::OK, "HEAD {uri}");
        assert_eq!(get.status, StatusCode::OK, "GET {uri}");
        assert!(head.bytes.is_empty(), "HEAD {uri} has no body");
        assert_eq!(head.headers.get(header::CONTENT_TYPE), get.headers.get(header::CONTENT_TYPE));
    }
    // HEAD is checked like GET.
    let head = api.send(Request::head("/api/v1/traces?limit=0").body(Body::empty()).unwrap()).await;
    assert_eq!(head.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_method_a_path_does_not_serve_is_405_with_allow() {
    let api = api().await;
    for (method, uri, allow) in [
        (Method::PUT, "/api/v1/stats", "GET, HEAD"),
        (Method::DELETE, "/health", "GET, HEAD"),
        (Method::POST, "/api/v1/traces", "GET, HEAD"),
        (Method::PATCH, "/api/v1/keys", "GET, POST, HEAD"),
        (Method::GET, "/api/v1/metrics/ingest", "POST"),
        (Method::GET, "/api/v1/keys/0123456789abcdef", "DELETE"),
        (Method::OPTIONS, "/api/v1/logs", "GET, HEAD"),
    ] {
        let request = Request::builder().method(&method).uri(uri).body(Body::empty()).unwrap();
        let answer = api.send(request).await;
        assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
        assert_eq!(answer.headers[header::ALLOW], allow, "{method} {uri}");
        assert_eq!(answer.json()["error"]["code"], "method_not_allowed");
    }
    let answer = api.get("/api/v1/nope").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.json()["error"]["code"], "not_found");
}

#[tokio::test]
async fn one_rule_for_query_strings_on_every_route() {
    let api = api().await;
    for (uri, mention) in [
        // An empty value is refused by name, wherever it is.
        ("/api/v1/spans?limit=", "\"limit\" is empty"),
        ("/api/v1/logs?service=", "\"service\" is empty"),
        ("/api/v1/audit-logs?actor=", "\"actor\" is empty"),
        ("/api/v1/metrics?attr.host=", "\"attr.host\" is empty"),
        ("/api/v1/spans?limit=0", "from 1 to 1000"),
        ("/api/v1/rca?limit=101", "from 1 to 100"),
        // Each parameter once, attribute filters included.
        ("/api/v1/spans?attr.k=a&attr.k=b", "more than once"),
        ("/api/v1/logs?q=a&q=b", "more than once"),
        // Percent-encoded bytes must be UTF-8.
        ("/api/v1/logs?q=%FF", "UTF-8"),
        ("/api/v1/spans?attr.%C3%28=x", "UTF-8"),
        // Unknown parameters, also on routes that take none.
        ("/api/v1/stats?verbose=1", "verbose"),
        ("/health?x=1", "takes none"),
        ("/api/v1/whoami?tenant=b", "tenant"),
        // Names have no control characters.
        ("/api/v1/services/a%1Bb/series", "U+001B"),
        ("/api/v1/metrics/latest/cpu%00", "U+0000"),
        ("/api/v1/logs?service=a%00", "U+0000"),
        // Times say what range they must be in.
        ("/api/v1/logs?start=2300-01-01T00:00:00Z", "from 1970-01-01T00:00:00Z to 2262"),
        ("/api/v1/logs?end=1969-12-31T23:59:59Z", "from 1970-01-01T00:00:00Z to 2262"),
        ("/api/v1/logs?start=noon", "RFC 3339"),
        // The audit log's range is checked like every other one.
        ("/api/v1/audit-logs?start=2000&end=1000", "before"),
        ("/api/v1/audit-logs?outcome=maybe", "outcome"),
        // Trace ids in paths.
        ("/api/v1/traces/xyz", "32 hex"),
    ] {
        let answer = api.get(uri).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{uri}: {}", answer.message());
        assert!(
            answer.message().contains(mention),
            "{uri}: {:?} lacks {mention:?}",
            answer.message()
        );
    }
    for uri in ["/api/v1/spans?limit=1000&attr.http.route=%2Fcart", "/api/v1/logs?q=a+b%0A"] {
        assert_eq!(api.get(uri).await.status, StatusCode::OK, "{uri}");
    }
}

#[tokio::test]
async fn json_bodies_follow_one_rule() {
    let api = api().await;
    for (uri, body, mention) in [
        ("/api/v1/keys", format!("{KEY} junk"), "trailing"),
        ("/api/v1/metrics/ingest", format!("{METRIC}{METRIC}"), "trailing"),
        ("/api/v1/keys", r#"{"name": "k", "scopes": ["read,admin"]}"#.into(), "scope"),
        ("/api/v1/keys", r#"{"name": "", "scopes": ["read"]}"#.into(), "empty"),
        (
            "/api/v1/keys",
            r#"{"name": "k", "scopes": ["read"], "expires_in": "+1d"}"#.into(),
            "expires_in",
        ),
        ("/api/v1/metrics/ingest/batch", r#"{"metrics": []}"#.into(), "empty"),
    ] {
        let request = post(uri, "application/json").body(Body::from(body.clone())).unwrap();
        let answer = api.send(request).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}");
        assert!(answer.message().contains(mention), "{body}: {}", answer.message());
    }
    assert_eq!(api.key_count().await, 0);
}

#[tokio::test]
async fn refused_measurements_are_named_and_the_rest_stored() {
    let api = api().await;
    let labels: serde_json::Map<String, Value> =
        (0..10_000).map(|i| (format!("k{i}"), json!("v"))).collect();
    let huge = "x".repeat(1 << 20);
    let batch = json!({"metrics": [
        {"name": "good", "value": 1},
        {"name": "many.labels", "value": 1, "labels": labels},
        {"name": "bad\u{0}name", "value": 1},
        {"name": "esc\u{1b}[31m", "value": 1},
        {"name": "big.service", "value": 1, "service": huge},
        {"name": "big.label", "value": 1, "labels": {"host": huge}},
        {"name": "far.future", "value": 1, "timestamp": "2300-01-01T00:00:00Z"},
        {"name": "good.counter", "value": 2, "type": "counter"},
    ]});
    let answer = api.post_json("/api/v1/metrics/ingest/batch", batch).await;
    assert_eq!(answer.status, StatusCode::OK);
    let body = answer.json();
    assert_eq!(body["accepted"], 2, "{body}");
    assert_eq!(body["rejected"], 6, "{body}");
    let errors = body["errors"].as_array().unwrap();
    let indexes: Vec<u64> = errors.iter().map(|e| e["index"].as_u64().unwrap()).collect();
    assert_eq!(indexes, [1, 2, 3, 4, 5, 6]);
    for (error, mention) in
        errors.iter().zip(["10000 labels", "U+0000", "U+001B", "255", "4096", "2262"])
    {
        let message = error["message"].as_str().unwrap();
        assert!(message.contains(mention), "{message:?} lacks {mention:?}");
    }
    assert_eq!(api.ingested.metric_names(), ["good", "good.counter"]);

    // Nothing accepted: a 400 that names the reasons, and nothing reaches the pipeline.
    let single = json!({"name": "many.labels", "value": 1, "labels": labels});
    let answer = api.post_json("/api/v1/metrics/ingest", single).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.message().contains("10000 labels"), "{}", answer.message());
    let all_bad = json!({"metrics": [{"name": "", "value": 1}, {"name": "a\u{7}", "value": 1}]});
    let answer = api.post_json("/api/v1/metrics/ingest/batch", all_bad).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let message = answer.message();
    assert!(message.contains("metrics[0]") && message.contains("metrics[1]"), "{message}");
    assert_eq!(api.ingested.metric_names(), ["good", "good.counter"]);
}

#[tokio::test]
async fn the_openapi_document_covers_every_route_as_declared() {
    let api = api().await;
    let doc = api.get("/openapi.json").await.json();
    for route in crate::routes() {
        let method = route.method.as_str().to_ascii_lowercase();
        let operation = &doc["paths"][route.path][&method];
        assert!(operation.is_object(), "{} {} is not in /openapi.json", route.method, route.path);
        let responses = &operation["responses"];
        for status in ["400", "414", "429", "431"] {
            assert!(
                responses[status].is_object(),
                "{} {} lacks {status}",
                route.method,
                route.path
            );
        }
        if route.access == crate::access::Access::Public {
            assert_eq!(operation["security"], json!([]), "{} is public", route.path);
        } else {
            assert!(responses["401"].is_object() && responses["403"].is_object(), "{}", route.path);
        }
        let documented: Vec<&str> = operation["parameters"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .filter(|p| p["in"] == "query")
                    .map(|p| p["name"].as_str().unwrap())
                    .collect()
            })
            .unwrap_or_default();
        let declared: Vec<&str> = route.query.params.iter().map(|p| p.name).collect();
        assert_eq!(documented, declared, "{} {}", route.method, route.path);
    }
    let limit = doc["paths"]["/api/v1/spans"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "limit")
        .unwrap()
        .clone();
    assert_eq!(
        (limit["schema"]["minimum"].as_u64(), limit["schema"]["maximum"].as_u64()),
        (Some(1), Some(1000))
    );
    let schemas = &doc["components"]["schemas"];
    assert!(schemas["LogRecordRow"]["properties"]["body"].get("type").is_none(), "any JSON value");
    for (schema, field) in [("MetricAggregate", "sum"), ("SeriesPoint", "value")] {
        assert_eq!(
            schemas[schema]["properties"][field]["type"],
            json!(["number", "null"]),
            "{schema}.{field}"
        );
    }
}

#[tokio::test]
async fn keys_and_users_page_with_cursors_that_must_be_their_own() {
    let api = api().await;
    let mut made = Vec::new();
    for i in 0..5 {
        let key =
            api.post_json("/api/v1/keys", json!({"name": format!("k{i}"), "scopes": ["read"]}));
        let key = key.await;
        assert_eq!(key.status, StatusCode::CREATED, "{}", key.message());
        made.push(key.json()["id"].as_str().unwrap().to_owned());
    }
    let mut listed = Vec::new();
    let mut uri = "/api/v1/keys?limit=2".to_owned();
    loop {
        let page = api.get(&uri).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.message());
        let keys = page.json()["keys"].as_array().unwrap().clone();
        assert!(keys.len() <= 2);
        listed.extend(keys.iter().map(|k| k["id"].as_str().unwrap().to_owned()));
        let Some(cursor) = page.json()["next_cursor"].as_str().map(str::to_owned) else { break };
        uri = format!("/api/v1/keys?limit=2&cursor={cursor}");
    }
    assert_eq!(listed, made, "every key once, oldest first");

    let tenant = ophion_core::TenantId::default();
    for subject in ["s1", "s2", "s3"] {
        api.metadata.record_user(&tenant, subject, subject, "read").await.unwrap();
    }
    let first = api.get("/api/v1/users?limit=2").await;
    assert_eq!(first.json()["users"].as_array().unwrap().len(), 2);
    let cursor = first.json()["next_cursor"].as_str().unwrap().to_owned();
    let rest = api.get(&format!("/api/v1/users?limit=2&cursor={cursor}")).await;
    assert_eq!(rest.json()["users"][0]["subject"], "s3");
    assert!(rest.json()["next_cursor"].is_null());

    for refused in [
        "/api/v1/keys?cursor=0123456789abcdef",
        "/api/v1/users?cursor=00ff",
        "/api/v1/users?limit=0",
    ] {
        let answer = api.get(refused).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{refused}: {}", answer.message());
    }
}

#[tokio::test]
#[allow(clippy::disallowed_methods)] // collect() on a Limited body
async fn a_tail_that_falls_a_ring_behind_is_told_so_and_closed() {
    use ophion_core::otlp::collector::logs::v1::ExportLogsServiceRequest;
    use ophion_core::otlp::logs::v1::{LogRecord, ResourceLogs, ScopeLogs};
    let api = api().await;
    let response = api.send_streaming(Request::get("/api/v1/logs/tail")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let batch = |position| ophion_core::AppliedBatch {
        position,
        batch: Batch::new(
            ophion_core::TenantId::default(),
            Payload::Logs(ExportLogsServiceRequest {
                resource_logs: vec![ResourceLogs {
                    scope_logs: vec![ScopeLogs {
                        log_records: vec![LogRecord::default()],
                        ..Default::default()
                    }],
                    ..Default::default()
                }],
            }),
        ),
    };
    // Nobody reads while two batches more than the ring holds are announced.
    for position in 0..crate::tail::RING_BATCHES as u64 + 2 {
        api.applied_logs.send(Arc::new(vec![batch(position)])).unwrap();
    }
    let body = http_body_util::Limited::new(response.into_body(), 1 << 20);
    let text = String::from_utf8(body.collect().await.unwrap().to_bytes().to_vec()).unwrap();
    assert!(text.starts_with("event: dropped\n"), "{text}");
    assert!(text.contains(r#""skipped_batches":2"#), "{text}");
    assert!(!text.contains("event: log"), "nothing after the message: {text}");
}
