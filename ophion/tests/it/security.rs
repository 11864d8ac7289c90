//! Authentication, RBAC, tenant isolation, quotas, rate limits, the audit log, security
//! headers and CORS, through a real `ophion serve` with `auth.mode: required`.
//!
//! The isolation probes walk `ophion_api::routes()`: a route without a probe fails the
//! test, so a new route cannot ship without one. They run on all three stores.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: failing loudly is the point

use crate::common;

use std::collections::BTreeSet;

use base64::Engine;
use ophion::config::Config;
use ophion_api::access::Access;
use ophion_auth::AuthMode;
use ophion_core::limit::Rate;
use ophion_core::otlp::collector::trace::v1::ExportTraceServiceRequest;
use ophion_core::otlp::trace::v1::{ResourceSpans, ScopeSpans, Span, span};
use ophion_core::time::now_unix_nanos;
use ophion_core::{Scope, Scopes, TenantId};
use ophion_metadata::{MetadataStore, NewKey};
use ophion_testkit::{grpc, otlp};
use prost::Message;
use serde_json::{Value, json};

const PB: &str = "application/x-protobuf";

struct Keys {
    admin: String,
    operate: String,
    read: String,
    ingest: String,
    id_of_admin: String,
}

async fn make_keys(metadata: &MetadataStore, tenant: &str) -> Keys {
    let tenant = TenantId::new(tenant).unwrap();
    let make = async |scope: Scope| {
        let new = NewKey {
            tenant: &tenant,
            name: scope.as_str(),
            scopes: Scopes::of([scope]),
            expires_at_ms: None,
            created_by: "test",
        };
        metadata.create_key(new).await.unwrap()
    };
    let (admin_key, admin) = make(Scope::Admin).await;
    Keys {
        admin,
        operate: make(Scope::Operate).await.1,
        read: make(Scope::Read).await.1,
        ingest: make(Scope::Ingest).await.1,
        id_of_admin: admin_key.id,
    }
}

struct Secured {
    server: common::TestServer,
    metadata: MetadataStore,
    a: Keys,
    b: Keys,
}

async fn secured(adjust: impl FnOnce(&mut Config)) -> Secured {
    let server = common::start_with(|config| {
        config.auth.mode = AuthMode::Required;
        adjust(config);
    })
    .await;
    let metadata = MetadataStore::open_dir(server.dir.path()).await.unwrap();
    let a = make_keys(&metadata, "team-a").await;
    let b = make_keys(&metadata, "team-b").await;
    Secured { server, metadata, a, b }
}

impl Secured {
    async fn call(
        &self,
        method: &str,
        path: &str,
        key: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self.server.client.request(method, self.server.api(path));
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        // A stream (the live tail) never ends: its status is the answer; the dedicated test
        // reads its events.
        let streaming =
            response.headers().get("content-type").is_some_and(|t| t == "text/event-stream");
        if streaming {
            return (status, Value::Null);
        }
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn otlp(&self, path: &str, key: Option<&str>, body: Vec<u8>) -> reqwest::Response {
        let mut request =
            self.server.client.post(self.server.otlp(path)).header("content-type", PB).body(body);
        if let Some(key) = key {
            request = request.header("x-ophion-api-key", key);
        }
        request.send().await.unwrap()
    }

    async fn stats(&self, key: &str) -> Value {
        self.call("GET", "/api/v1/stats", Some(key), None).await.1
    }

    async fn wait_for_spans(&self, key: &str, n: u64) {
        let arrived = ophion_testkit::eventually(std::time::Duration::from_secs(15), || async {
            let stats = self.stats(key).await;
            if stats["spans"].as_u64() >= Some(n) { Ok(()) } else { Err(stats) }
        });
        if let Err(stats) = arrived.await {
            panic!("spans did not arrive: {stats}");
        }
    }
}

/// A root span in `service` calling a child in `service-db`: one service-map edge.
fn calling_traces(service: &str, seed: u64, n: u64) -> ExportTraceServiceRequest {
    let now = now_unix_nanos();
    let (mut roots, mut children) = (Vec::new(), Vec::new());
    for i in 0..n {
        let start = now - 2_000_000_000 + i * 1_000_000;
        roots.push(Span {
            trace_id: otlp::trace_id(seed, i),
            span_id: otlp::span_id(seed, i * 2),
            name: "GET /checkout".into(),
            kind: span::SpanKind::Server as i32,
            start_time_unix_nano: start,
            end_time_unix_nano: start + 5_000_000,
            ..Default::default()
        });
        children.push(Span {
            trace_id: otlp::trace_id(seed, i),
            span_id: otlp::span_id(seed, i * 2 + 1),
            parent_span_id: otlp::span_id(seed, i * 2),
            name: "SELECT".into(),
            kind: span::SpanKind::Server as i32,
            start_time_unix_nano: start + 1_000_000,
            end_time_unix_nano: start + 2_000_000,
            ..Default::default()
        });
    }
    let rs = |service: &str, spans| ResourceSpans {
        resource: Some(otlp::resource(service)),
        scope_spans: vec![ScopeSpans { spans, ..Default::default() }],
        ..Default::default()
    };
    ExportTraceServiceRequest {
        resource_spans: vec![rs(service, roots), rs(&format!("{service}-db"), children)],
    }
}

/// Load both tenants: different services, trace ids and counts, and a metric only B has.
async fn load(s: &Secured) -> String {
    for (keys, service, seed, n) in [(&s.a, "svc-tenant-a", 1, 2), (&s.b, "svc-tenant-b", 2, 3)] {
        let traces = calling_traces(service, seed, n).encode_to_vec();
        assert_eq!(s.otlp("/v1/traces", Some(&keys.ingest), traces).await.status(), 200);
        let logs = otlp::logs(service, seed, n).encode_to_vec();
        assert_eq!(s.otlp("/v1/logs", Some(&keys.ingest), logs).await.status(), 200);
        let metrics = otlp::metrics(service, seed).encode_to_vec();
        assert_eq!(s.otlp("/v1/metrics", Some(&keys.ingest), metrics).await.status(), 200);
    }
    let only_b =
        json!({"name": "tenant_b_only", "value": 1.0, "labels": {"service.name": "svc-tenant-b"}});
    let (status, _) =
        s.call("POST", "/api/v1/metrics/ingest", Some(&s.b.admin), Some(only_b)).await;
    assert_eq!(status, 200);
    s.wait_for_spans(&s.a.read, 4).await;
    s.wait_for_spans(&s.b.read, 6).await;
    let tenant_b = TenantId::new("team-b").unwrap();
    s.metadata.record_user(&tenant_b, "sub-bob", "bob-of-b", "read").await.unwrap();
    hex::encode(otlp::trace_id(2, 0))
}

/// One request per route, aimed at tenant B's data. `data` points at the part of a 200
/// response that holds stored data (requests echo their own parameters elsewhere);
/// `control`: whether B asking the same must find its own data, proving the probe can see.
struct Probe {
    method: &'static str,
    route: &'static str,
    path: String,
    body: Option<Value>,
    data: &'static str,
    control: bool,
}

/// Tenant B's own things the probes aim at.
struct OfB<'a> {
    trace: &'a str,
    key: &'a str,
    audit: &'a str,
    board: &'a str,
    rule: &'a str,
    alert: &'a str,
    channel: &'a str,
}

/// A rule over tenant B's service, one group per service: a leak would name it.
fn b_rule_body() -> Value {
    json!({"name": "svc-tenant-b errors", "kind": "threshold",
        "query": {"signal": "spans", "fn": "count", "service": "svc-tenant-b", "group_by": ["service"]},
        "condition": {"op": ">=", "value": 0}, "interval": "1h"})
}

/// A channel whose test the outbound policy refuses at once (loopback is not allowed here).
fn probe_channel() -> Value {
    json!({"name": "probe channel", "type": "webhook", "url": "http://127.0.0.1:9/hook"})
}

fn probes(b: &OfB) -> Vec<Probe> {
    let OfB {
        trace: b_trace,
        key: b_key,
        audit: b_audit,
        board: b_board,
        rule: b_rule,
        alert: b_alert,
        channel: b_channel,
    } = *b;
    let p = |method, route: &'static str, path: &str, data, control| Probe {
        method,
        route,
        path: path.to_owned(),
        body: None,
        data,
        control,
    };
    let metric = json!({"name": "probe_from_caller", "value": 2.0});
    vec![
        // First, before A's own attempts below leave B's ids in A's audit log.
        p("GET", "/api/v1/audit-logs", "/api/v1/audit-logs", "/records", true),
        p("GET", "/api/v1/audit-logs/{id}", &format!("/api/v1/audit-logs/{b_audit}"), "", true),
        p("GET", "/api/v1/whoami", "/api/v1/whoami", "", true),
        p("GET", "/api/v1/stats", "/api/v1/stats", "", false),
        p("GET", "/api/v1/services", "/api/v1/services", "/services", true),
        p(
            "GET",
            "/api/v1/services/{service}/series",
            "/api/v1/services/svc-tenant-b/series",
            "/points",
            false,
        ),
        p(
            "GET",
            "/api/v1/services/{service}/operations",
            "/api/v1/services/svc-tenant-b/operations",
            "/operations",
            false,
        ),
        p("GET", "/api/v1/dashboard/stats", "/api/v1/dashboard/stats", "/services", true),
        p("GET", "/api/v1/service-map", "/api/v1/service-map", "", true),
        p("GET", "/api/v1/traces", "/api/v1/traces?service=svc-tenant-b", "/traces", true),
        p("GET", "/api/v1/traces/{trace_id}", &format!("/api/v1/traces/{b_trace}"), "", true),
        p("GET", "/api/v1/spans", "/api/v1/spans?service=svc-tenant-b", "/spans", true),
        p("GET", "/api/v1/logs", "/api/v1/logs?service=svc-tenant-b", "/logs", true),
        // A stream: its status only here; `a_live_tail_shows_only_its_tenants_records` reads it.
        p("GET", "/api/v1/logs/tail", "/api/v1/logs/tail?service=svc-tenant-b", "", false),
        p(
            "GET",
            "/api/v1/logs/histogram",
            "/api/v1/logs/histogram?service=svc-tenant-b",
            "/buckets",
            false,
        ),
        p(
            "GET",
            "/api/v1/logs/patterns",
            "/api/v1/logs/patterns?service=svc-tenant-b",
            "/patterns",
            true,
        ),
        p("GET", "/api/v1/insights", "/api/v1/insights", "/insights", false),
        p("GET", "/api/v1/insights/{id}", "/api/v1/insights/0123456789abcdef01234567", "", false),
        p("GET", "/api/v1/forecast", "/api/v1/forecast?metric=tenant_b_only", "", false),
        p("GET", "/api/v1/rca", "/api/v1/rca", "/causes", true),
        p("GET", "/api/v1/metrics", "/api/v1/metrics?name=tenant_b_only", "/points", true),
        p("GET", "/api/v1/metrics/names", "/api/v1/metrics/names", "/metrics", true),
        p(
            "GET",
            "/api/v1/metrics/latest/{name}",
            "/api/v1/metrics/latest/tenant_b_only",
            "/point",
            true,
        ),
        p(
            "GET",
            "/api/v1/metrics/aggregate/{name}",
            "/api/v1/metrics/aggregate/tenant_b_only?function=count",
            "/value",
            false,
        ),
        p(
            "GET",
            "/api/v1/metrics/series/{name}",
            "/api/v1/metrics/series/tenant_b_only",
            "/points",
            false,
        ),
        Probe {
            body: Some(metric.clone()),
            ..p("POST", "/api/v1/metrics/ingest", "/api/v1/metrics/ingest", "", false)
        },
        Probe {
            body: Some(json!({"metrics": [metric]})),
            ..p("POST", "/api/v1/metrics/ingest/batch", "/api/v1/metrics/ingest/batch", "", false)
        },
        p("GET", "/api/v1/dashboards", "/api/v1/dashboards", "/items", true),
        p("GET", "/api/v1/dashboards/{id}", &format!("/api/v1/dashboards/{b_board}"), "", true),
        Probe {
            body: Some(json!({"title": "probe board"})),
            ..p("POST", "/api/v1/dashboards", "/api/v1/dashboards", "", false)
        },
        Probe {
            body: Some(json!({"title": "renamed by A"})),
            ..p(
                "PUT",
                "/api/v1/dashboards/{id}",
                &format!("/api/v1/dashboards/{b_board}"),
                "",
                false,
            )
        },
        p("DELETE", "/api/v1/dashboards/{id}", &format!("/api/v1/dashboards/{b_board}"), "", false),
        p("GET", "/api/v1/dashboard/presets", "/api/v1/dashboard/presets", "", false),
        p("GET", "/api/v1/alert-rules", "/api/v1/alert-rules", "/items", true),
        p("GET", "/api/v1/alert-rules/{id}", &format!("/api/v1/alert-rules/{b_rule}"), "", true),
        Probe {
            body: Some(json!({"name": "probe rule", "kind": "absence",
                "query": {"signal": "logs"}, "interval": "1h"})),
            ..p("POST", "/api/v1/alert-rules", "/api/v1/alert-rules", "", false)
        },
        Probe {
            body: Some(b_rule_body()),
            ..p(
                "POST",
                "/api/v1/alert-rules/preview",
                "/api/v1/alert-rules/preview",
                "/groups",
                true,
            )
        },
        Probe {
            body: Some(
                json!({"name": "renamed by A", "kind": "absence", "query": {"signal": "logs"}}),
            ),
            ..p(
                "PUT",
                "/api/v1/alert-rules/{id}",
                &format!("/api/v1/alert-rules/{b_rule}"),
                "",
                false,
            )
        },
        p(
            "DELETE",
            "/api/v1/alert-rules/{id}",
            &format!("/api/v1/alert-rules/{b_rule}"),
            "",
            false,
        ),
        p("GET", "/api/v1/alerts", "/api/v1/alerts", "/items", true),
        p("GET", "/api/v1/notification-channels", "/api/v1/notification-channels", "/items", true),
        p(
            "GET",
            "/api/v1/notification-channels/{id}",
            &format!("/api/v1/notification-channels/{b_channel}"),
            "",
            true,
        ),
        Probe {
            body: Some(probe_channel()),
            ..p("POST", "/api/v1/notification-channels", "/api/v1/notification-channels", "", false)
        },
        Probe {
            body: Some(probe_channel()),
            ..p(
                "PUT",
                "/api/v1/notification-channels/{id}",
                &format!("/api/v1/notification-channels/{b_channel}"),
                "",
                false,
            )
        },
        p(
            "DELETE",
            "/api/v1/notification-channels/{id}",
            &format!("/api/v1/notification-channels/{b_channel}"),
            "",
            false,
        ),
        p(
            "POST",
            "/api/v1/notification-channels/{id}/test",
            &format!("/api/v1/notification-channels/{b_channel}/test"),
            "",
            false,
        ),
        p("GET", "/api/v1/alerts/{id}", &format!("/api/v1/alerts/{b_alert}"), "", true),
        Probe {
            body: Some(json!([{"labels": {"alertname": "probe from A"}}])),
            ..p("POST", "/api/v1/alerts", "/api/v1/alerts", "", false)
        },
        Probe {
            body: Some(json!([{"labels": {"alertname": "probe from A v2"}}])),
            ..p("POST", "/api/v2/alerts", "/api/v2/alerts", "", false)
        },
        p(
            "POST",
            "/api/v1/alerts/{id}/acknowledge",
            &format!("/api/v1/alerts/{b_alert}/acknowledge"),
            "",
            false,
        ),
        p(
            "POST",
            "/api/v1/alerts/{id}/resolve",
            &format!("/api/v1/alerts/{b_alert}/resolve"),
            "",
            false,
        ),
        p("GET", "/api/v1/keys", "/api/v1/keys", "/keys", true),
        Probe {
            body: Some(json!({"name": "probe", "scopes": ["read"]})),
            ..p("POST", "/api/v1/keys", "/api/v1/keys", "", true)
        },
        p("DELETE", "/api/v1/keys/{id}", &format!("/api/v1/keys/{b_key}"), "", false),
        p("GET", "/api/v1/users", "/api/v1/users", "/users", true),
        // Cursors naming B's rows: refused, never a page of B's list.
        p("GET", "/api/v1/keys", &format!("/api/v1/keys?cursor={b_key}"), "/keys", false),
        p("GET", "/api/v1/users", "/api/v1/users?cursor=7375622d626f62", "/users", false),
    ]
}

fn data(body: &Value, pointer: &str) -> String {
    body.pointer(pointer).map(Value::to_string).unwrap_or_default()
}

async fn isolation_probes(s: Secured) {
    let b_trace = load(&s).await;
    let tenant_b = TenantId::new("team-b").unwrap();
    let b_audit =
        s.metadata.audit_logs(&tenant_b, &Default::default()).await.unwrap().records[0].id.clone();
    // B's read key, not its admin key: DELETE as A must not revoke anything of B's.
    let b_read_id = s
        .metadata
        .list_keys(Some(&tenant_b))
        .await
        .unwrap()
        .into_iter()
        .find(|k| k.scopes == "read")
        .unwrap()
        .id;
    let board = json!({"title": "svc-tenant-b board"});
    let (status, board) =
        s.call("POST", "/api/v1/dashboards", Some(&s.b.operate), Some(board)).await;
    assert_eq!(status, 201, "{board}");
    let b_board = board["id"].as_str().unwrap().to_owned();
    let (status, rule) =
        s.call("POST", "/api/v1/alert-rules", Some(&s.b.operate), Some(b_rule_body())).await;
    assert_eq!(status, 201, "{rule}");
    let b_rule = rule["id"].as_str().unwrap().to_owned();
    let b_alert_body =
        json!([{"labels": {"alertname": "svc-tenant-b down", "service": "svc-tenant-b"}}]);
    let (status, alert) =
        s.call("POST", "/api/v1/alerts", Some(&s.b.ingest), Some(b_alert_body)).await;
    assert_eq!(status, 201, "{alert}");
    let b_alert = alert["items"][0]["id"].as_str().unwrap().to_owned();
    let b_hook = json!({"name": "svc-tenant-b hook", "type": "alertmanager",
        "url": "http://svc-tenant-b.example:9093"});
    let (status, hook) =
        s.call("POST", "/api/v1/notification-channels", Some(&s.b.operate), Some(b_hook)).await;
    assert_eq!(status, 201, "{hook}");
    let b_channel = hook["id"].as_str().unwrap().to_owned();
    let markers = [
        "team-b",
        "svc-tenant-b",
        &b_trace,
        &b_read_id,
        &s.b.id_of_admin,
        &b_audit,
        "tenant_b_only",
        "bob-of-b",
        &b_board,
        &b_rule,
        &b_alert,
        &b_channel,
    ];
    let of_b = OfB {
        trace: &b_trace,
        key: &b_read_id,
        audit: &b_audit,
        board: &b_board,
        rule: &b_rule,
        alert: &b_alert,
        channel: &b_channel,
    };
    let probes = probes(&of_b);

    // Every non-public route has a probe, and every probe names a real route.
    let routes: BTreeSet<(String, String)> = ophion_api::routes()
        .into_iter()
        .filter(|r| r.access != Access::Public)
        .map(|r| (r.method.to_string(), r.path.to_owned()))
        .collect();
    let probed: BTreeSet<(String, String)> =
        probes.iter().map(|p| (p.method.to_owned(), p.route.to_owned())).collect();
    assert_eq!(
        routes, probed,
        "every route needs an isolation probe (left: routes, right: probes)"
    );

    let mut leaks = Vec::new();
    for probe in &probes {
        let (status, body) =
            s.call(probe.method, &probe.path, Some(&s.a.admin), probe.body.clone()).await;
        assert!(status < 500, "{} {} as A: {status} {body}", probe.method, probe.path);
        if (200..300).contains(&status) {
            let seen = data(&body, probe.data);
            for marker in markers {
                if seen.contains(marker) {
                    leaks.push(format!("{} {} shows {marker:?}: {seen}", probe.method, probe.path));
                }
            }
        }
        if probe.control {
            let (status, body) =
                s.call(probe.method, &probe.path, Some(&s.b.admin), probe.body.clone()).await;
            let seen = data(&body, probe.data);
            assert!(
                (200..300).contains(&status) && markers.iter().any(|m| seen.contains(m)),
                "control: B must see its own data through {} {}: {status} {body}",
                probe.method,
                probe.path
            );
        }
    }
    assert!(leaks.is_empty(), "tenant B's data reached tenant A: {leaks:#?}");

    // Counts are per tenant, the key A tried to revoke still works, A's writes stayed A's.
    assert_eq!(s.stats(&s.a.read).await["spans"], 4);
    assert_eq!(s.stats(&s.b.read).await["spans"], 6);
    let b_read = s.call("GET", "/api/v1/whoami", Some(&s.b.read), None).await;
    assert_eq!(b_read.0, 200, "A's DELETE of B's key must not revoke it");
    let b_names = s.call("GET", "/api/v1/metrics/names", Some(&s.b.read), None).await.1.to_string();
    assert!(!b_names.contains("probe_from_caller"), "A's metric reached B: {b_names}");
    let (status, board) =
        s.call("GET", &format!("/api/v1/dashboards/{b_board}"), Some(&s.b.read), None).await;
    assert_eq!((status, &board["title"]), (200, &json!("svc-tenant-b board")), "A's PUT or DELETE");
    let b_boards = s.call("GET", "/api/v1/dashboards", Some(&s.b.read), None).await.1.to_string();
    assert!(!b_boards.contains("probe board"), "A's dashboard reached B: {b_boards}");
    let (status, rule) =
        s.call("GET", &format!("/api/v1/alert-rules/{b_rule}"), Some(&s.b.read), None).await;
    assert_eq!((status, &rule["name"]), (200, &json!("svc-tenant-b errors")), "A's PUT or DELETE");
    let (status, alert) =
        s.call("GET", &format!("/api/v1/alerts/{b_alert}"), Some(&s.b.read), None).await;
    assert_eq!((status, &alert["status"]), (200, &json!("open")), "A acknowledged or resolved it");
    let (status, hook) = s
        .call("GET", &format!("/api/v1/notification-channels/{b_channel}"), Some(&s.b.read), None)
        .await;
    assert_eq!((status, &hook["name"]), (200, &json!("svc-tenant-b hook")), "A's PUT or DELETE");
    let b_alerts = s.call("GET", "/api/v1/alerts", Some(&s.b.read), None).await.1.to_string();
    assert!(!b_alerts.contains("probe from A"), "A's alert reached B: {b_alerts}");
    println!("{} routes probed as tenant A for tenant B's data: 0 leaks", probes.len());
    s.server.stop().await;
}

#[tokio::test]
async fn isolation_every_route_embedded_store() {
    isolation_probes(secured(|_| {}).await).await;
}

#[tokio::test]
async fn isolation_every_route_postgres_store() {
    let postgres = ophion_testkit::servers::Postgres::start();
    let s = secured(|config| {
        config.store.kind = ophion::config::StoreKind::Postgres;
        config.store.postgres.url = postgres.url.clone();
        // Keys live in the data dir's SQLite here, so the test can make them the same way.
        config.metadata.url =
            format!("sqlite://{}/metadata.db?mode=rwc", config.data_dir.display());
    })
    .await;
    isolation_probes(s).await;
}

#[tokio::test]
async fn isolation_every_route_clickhouse_store() {
    let clickhouse = ophion_testkit::servers::ClickHouse::start();
    let s = secured(|config| {
        config.store.kind = ophion::config::StoreKind::Clickhouse;
        config.store.clickhouse.url = clickhouse.url.clone();
    })
    .await;
    isolation_probes(s).await;
}

/// Which key scope each access level admits.
fn admits(access: Access, scope: Option<Scope>) -> bool {
    match (access, scope) {
        (Access::Public, _) => true,
        (_, None) => false,
        (Access::Authenticated, Some(_)) => true,
        (Access::Scope(needed), Some(held)) => Scopes::of([held]).allows(needed),
    }
}

#[tokio::test]
async fn rbac_matrix_every_route_by_every_role() {
    let s = secured(|_| {}).await;
    load(&s).await;
    let tenant_a = TenantId::new("team-a").unwrap();
    let mut checked = 0;
    let mut wrong = Vec::new();
    for route in ophion_api::routes() {
        let path = route
            .path
            .replace("{service}", "svc-tenant-a")
            .replace("{trace_id}", &hex::encode(otlp::trace_id(1, 0)))
            .replace("{name}", "test.gauge")
            .replace("{id}", "0000000000000000");
        let body = match route.path {
            "/api/v1/keys" => Some(json!({"name": "m", "scopes": ["read"]})),
            "/api/v1/metrics/ingest" => Some(json!({"name": "m", "value": 1.0})),
            "/api/v1/metrics/ingest/batch" => {
                Some(json!({"metrics": [{"name": "m", "value": 1.0}]}))
            }
            "/api/v1/dashboards" | "/api/v1/dashboards/{id}" => Some(json!({"title": "m"})),
            "/api/v1/alert-rules" | "/api/v1/alert-rules/{id}" | "/api/v1/alert-rules/preview" => {
                Some(json!({"name": "m", "kind": "absence", "query": {"signal": "logs"}}))
            }
            "/api/v1/alerts" | "/api/v2/alerts" => Some(json!([{"labels": {"alertname": "m"}}])),
            "/api/v1/notification-channels" | "/api/v1/notification-channels/{id}" => {
                Some(probe_channel())
            }
            _ => None,
        };
        let method = route.method.as_str();
        for (role, key, scope) in [
            ("none", None, None),
            ("garbage", Some("oph_0123456789abcdef_".to_owned() + &"0".repeat(64)), None),
            ("ingest", Some(s.a.ingest.clone()), Some(Scope::Ingest)),
            ("viewer", Some(s.a.read.clone()), Some(Scope::Read)),
            ("operator", Some(s.a.operate.clone()), Some(Scope::Operate)),
            ("admin", Some(s.a.admin.clone()), Some(Scope::Admin)),
        ] {
            let (status, body) = s.call(method, &path, key.as_deref(), body.clone()).await;
            let expected_ok = admits(route.access, scope);
            let refused = match (key.is_some(), scope) {
                (_, None) if route.access != Access::Public => status == 401,
                _ => status == 403,
            };
            let fine =
                if expected_ok { status != 401 && status != 403 && status < 500 } else { refused };
            if !fine {
                wrong.push(format!("{method} {path} as {role}: {status} {body}"));
            }
            checked += 1;
        }
    }
    assert!(wrong.is_empty(), "RBAC matrix violations: {wrong:#?}");
    // Refusals are audited too: the viewer's attempt to make a key left a `denied` record.
    let denied = ophion_metadata::AuditFilter {
        outcome: Some("denied".into()),
        limit: 100,
        ..Default::default()
    };
    let records = s.metadata.audit_logs(&tenant_a, &denied).await.unwrap().records;
    assert!(records.iter().any(|r| r.action == "keys.create" && r.status == 403), "{records:?}");
    println!("RBAC matrix: {checked} route x role cases");
    s.server.stop().await;
}

#[tokio::test]
async fn every_state_changing_route_writes_one_audit_record() {
    let s = secured(|_| {}).await;
    let tenant_a = TenantId::new("team-a").unwrap();
    let audit = async || {
        s.metadata
            .audit_logs(
                &tenant_a,
                &ophion_metadata::AuditFilter { limit: 1000, ..Default::default() },
            )
            .await
            .unwrap()
            .records
    };
    let (_, created) = s
        .call(
            "POST",
            "/api/v1/keys",
            Some(&s.a.admin),
            Some(json!({"name": "ci", "scopes": ["ingest"], "expires_in": "30d"})),
        )
        .await;
    let new_id = created["id"].as_str().unwrap().to_owned();
    let secret = created["secret"].as_str().unwrap().to_owned();
    let board = Some(json!({"title": "audited"}));
    let (_, made) = s.call("POST", "/api/v1/dashboards", Some(&s.a.admin), board.clone()).await;
    let board_path = format!("/api/v1/dashboards/{}", made["id"].as_str().unwrap());
    let rule = Some(json!({"name": "audited", "kind": "absence", "query": {"signal": "logs"}}));
    let (_, made) = s.call("POST", "/api/v1/alert-rules", Some(&s.a.admin), rule.clone()).await;
    let rule_path = format!("/api/v1/alert-rules/{}", made["id"].as_str().unwrap());
    let alert = Some(json!([{"labels": {"alertname": "audited"}}]));
    let (_, made) = s.call("POST", "/api/v1/alerts", Some(&s.a.admin), alert.clone()).await;
    let alert_path = format!("/api/v1/alerts/{}", made["items"][0]["id"].as_str().unwrap());
    let (_, made) = s
        .call("POST", "/api/v1/notification-channels", Some(&s.a.admin), Some(probe_channel()))
        .await;
    let channel_path = format!("/api/v1/notification-channels/{}", made["id"].as_str().unwrap());
    let calls: Vec<(&str, String, Option<Value>)> = vec![
        ("POST", "/api/v1/dashboards".into(), board.clone()),
        ("PUT", board_path.clone(), board),
        ("DELETE", board_path, None),
        ("POST", "/api/v1/alert-rules".into(), rule.clone()),
        ("POST", "/api/v1/alert-rules/preview".into(), rule.clone()),
        ("PUT", rule_path.clone(), rule),
        ("DELETE", rule_path, None),
        ("POST", "/api/v1/alerts".into(), alert.clone()),
        ("POST", "/api/v2/alerts".into(), alert),
        ("POST", format!("{alert_path}/acknowledge"), None),
        ("POST", format!("{alert_path}/resolve"), None),
        ("POST", "/api/v1/notification-channels".into(), Some(probe_channel())),
        ("PUT", channel_path.clone(), Some(probe_channel())),
        ("POST", format!("{channel_path}/test"), None),
        ("DELETE", channel_path, None),
        ("POST", "/api/v1/metrics/ingest".into(), Some(json!({"name": "m", "value": 1.0}))),
        (
            "POST",
            "/api/v1/metrics/ingest/batch".into(),
            Some(json!({"metrics": [{"name": "m", "value": 1.0}]})),
        ),
        ("POST", "/api/v1/keys".into(), Some(json!({"name": "x", "scopes": ["read"]}))),
        ("DELETE", format!("/api/v1/keys/{new_id}"), None),
    ];
    // Sign-in is public and audited under the tenant its token names, by the handler
    // itself: tests/browser/auth.test.mjs signs in through an OIDC issuer and reads the record.
    let state_changing: BTreeSet<String> = ophion_api::routes()
        .into_iter()
        .filter(|r| r.changes_state() && r.path != "/api/v1/auth/token")
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        state_changing.len(),
        calls.len(),
        "a new state-changing route needs a case here: {state_changing:?}"
    );
    for (method, path, body) in calls {
        let before = audit().await.len();
        let (status, response) = s.call(method, &path, Some(&s.a.admin), body).await;
        assert!(status < 300, "{method} {path}: {status} {response}");
        let records = audit().await;
        assert_eq!(records.len(), before + 1, "{method} {path} must write exactly one record");
        let record = &records[0];
        assert_eq!(record.actor, format!("key:{}", s.a.id_of_admin));
        assert_eq!(record.outcome, ophion_metadata::Outcome::Success);
        assert_eq!(record.request_id.len(), 24);
        assert_eq!(record.client_ip, "127.0.0.1");
        assert!(
            !serde_json::to_string(record).unwrap().contains(&secret[20..]),
            "no secrets in the audit log"
        );
    }
    let records = audit().await;
    assert!(
        records.iter().any(|r| r.action == "keys.revoke" && r.target == format!("key:{new_id}"))
    );
    // The revoked key stops working at once on this instance.
    assert_eq!(
        s.otlp("/v1/logs", Some(&secret), otlp::logs("x", 1, 1).encode_to_vec()).await.status(),
        401
    );

    // Read back through the API: filters, paging, single records, and the request id echoed.
    let response = s
        .server
        .client
        .get(s.server.api("/api/v1/audit-logs?action=keys.create&limit=1"))
        .bearer_auth(&s.a.admin)
        .header("x-request-id", "trace-me-123")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "trace-me-123");
    let page: Value = response.json().await.unwrap();
    assert_eq!(page["records"].as_array().unwrap().len(), 1);
    let cursor = page["next_cursor"].as_str().expect("a second page");
    let (_, next) = s
        .call(
            "GET",
            &format!("/api/v1/audit-logs?action=keys.create&cursor={cursor}"),
            Some(&s.a.admin),
            None,
        )
        .await;
    assert_eq!(next["records"].as_array().unwrap().len(), 1);
    let id = page["records"][0]["id"].as_str().unwrap();
    let (status, one) =
        s.call("GET", &format!("/api/v1/audit-logs/{id}"), Some(&s.a.admin), None).await;
    assert_eq!((status, one["action"].as_str()), (200, Some("keys.create")));
    let (status, _) =
        s.call("GET", "/api/v1/audit-logs?outcome=maybe", Some(&s.a.admin), None).await;
    assert_eq!(status, 400);
    let (status, body) =
        s.call("GET", "/api/v1/audit-logs?cursor=garbage", Some(&s.a.admin), None).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.to_string().contains("not an audit record id"), "{body}");
    s.server.stop().await;
}

#[tokio::test]
async fn otlp_needs_an_ingest_key_and_the_key_picks_the_tenant() {
    let s = secured(|_| {}).await;
    let spans = otlp::spans("svc", 9, 3).encode_to_vec();
    assert_eq!(s.otlp("/v1/traces", None, spans.clone()).await.status(), 401);
    assert_eq!(s.otlp("/v1/traces", Some(&s.a.read), spans.clone()).await.status(), 403);
    let bearer = s
        .server
        .client
        .post(s.server.otlp("/v1/traces"))
        .header("content-type", PB)
        .bearer_auth(&s.b.ingest)
        .body(spans.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(bearer.status(), 200);

    let framed = grpc::frame(&spans, false);
    let reply = grpc::call(s.server.grpc_addr(), grpc::TRACES, framed.clone(), &[]).await;
    assert_eq!(reply.grpc_status, Some(16), "UNAUTHENTICATED: {reply:?}");
    let reply = grpc::call(
        s.server.grpc_addr(),
        grpc::TRACES,
        framed.clone(),
        &[("x-ophion-api-key", &s.a.read)],
    )
    .await;
    assert_eq!(reply.grpc_status, Some(7), "PERMISSION_DENIED: {reply:?}");
    let auth = format!("Bearer {}", s.a.ingest);
    let reply =
        grpc::call(s.server.grpc_addr(), grpc::TRACES, framed, &[("authorization", &auth)]).await;
    assert_eq!(reply.grpc_status, Some(0), "{reply:?}");

    s.wait_for_spans(&s.a.read, 3).await;
    s.wait_for_spans(&s.b.read, 3).await;
    assert_eq!(s.stats(&s.a.read).await["spans"], 3);
    assert_eq!(s.stats(&s.b.read).await["spans"], 3);
    s.server.stop().await;
}

#[tokio::test]
async fn ingest_quota_pushes_back_with_retry_after_and_retry_info() {
    let s = secured(|config| {
        config
            .limits
            .ingest_per_tenant
            .tenants
            .insert("team-b".into(), Rate { per_second: 5.0, burst: Some(10.0) });
    })
    .await;
    let spans = otlp::spans("svc", 3, 30).encode_to_vec();
    // The first request is let in and charged 30 items: B is now in debt.
    assert_eq!(s.otlp("/v1/traces", Some(&s.b.ingest), spans.clone()).await.status(), 200);
    let refused = s.otlp("/v1/traces", Some(&s.b.ingest), spans.clone()).await;
    assert_eq!(refused.status(), 429);
    let retry_after: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=3).contains(&retry_after), "{retry_after}");
    let reply = grpc::call(
        s.server.grpc_addr(),
        grpc::TRACES,
        grpc::frame(&spans, false),
        &[("x-ophion-api-key", &s.b.ingest)],
    )
    .await;
    assert_eq!(reply.grpc_status, Some(8), "RESOURCE_EXHAUSTED: {reply:?}");
    let details = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(reply.details_bin.expect("status details").trim_end_matches('='))
        .unwrap();
    assert!(String::from_utf8_lossy(&details).contains("google.rpc.RetryInfo"));
    // The JSON metrics API draws on the same quota.
    let (status, _) = s
        .call(
            "POST",
            "/api/v1/metrics/ingest",
            Some(&s.b.admin),
            Some(json!({"name": "m", "value": 1.0})),
        )
        .await;
    assert_eq!(status, 429);
    // Tenant A has no quota and is not affected.
    for _ in 0..3 {
        assert_eq!(s.otlp("/v1/traces", Some(&s.a.ingest), spans.clone()).await.status(), 200);
    }
    s.server.stop().await;
}

#[tokio::test]
async fn api_rate_limits_per_tenant_and_per_address() {
    let s = secured(|config| {
        config
            .limits
            .api_per_tenant
            .tenants
            .insert("team-b".into(), Rate { per_second: 0.5, burst: Some(2.0) });
    })
    .await;
    for _ in 0..2 {
        assert_eq!(s.call("GET", "/api/v1/whoami", Some(&s.b.read), None).await.0, 200);
    }
    let limited = s
        .server
        .client
        .get(s.server.api("/api/v1/whoami"))
        .bearer_auth(&s.b.read)
        .send()
        .await
        .unwrap();
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().contains_key("retry-after"));
    assert_eq!(
        s.call("GET", "/api/v1/whoami", Some(&s.a.read), None).await.0,
        200,
        "A has its own bucket"
    );
    s.server.stop().await;

    let s = secured(|config| {
        config.limits.api_per_ip = Some(Rate { per_second: 0.5, burst: Some(3.0) })
    })
    .await;
    let statuses: Vec<u16> = statuses_without_a_key(&s, 5).await;
    assert_eq!(statuses.iter().filter(|st| **st == 429).count(), 2, "{statuses:?}");
    s.server.stop().await;
}

async fn statuses_without_a_key(s: &Secured, n: usize) -> Vec<u16> {
    let mut out = Vec::new();
    for _ in 0..n {
        // Unauthenticated requests count too: the address limit comes before authentication.
        out.push(s.call("GET", "/api/v1/whoami", None, None).await.0);
    }
    out
}

#[tokio::test]
async fn security_headers_and_cors_for_configured_origins_only() {
    let s =
        secured(|config| config.cors.allowed_origins = vec!["https://grafana.example.com".into()])
            .await;
    let response = s
        .server
        .client
        .get(s.server.api("/api/v1/whoami"))
        .bearer_auth(&s.a.read)
        .header("origin", "https://grafana.example.com")
        .send()
        .await
        .unwrap();
    let headers = response.headers();
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(headers["cache-control"], "no-store");
    assert!(headers["content-security-policy"].to_str().unwrap().contains("default-src 'none'"));
    assert_eq!(headers["access-control-allow-origin"], "https://grafana.example.com");

    let preflight = |origin: &'static str| {
        s.server
            .client
            .request(reqwest::Method::OPTIONS, s.server.api("/api/v1/traces"))
            .header("origin", origin)
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "authorization")
            .send()
    };
    let allowed = preflight("https://grafana.example.com").await.unwrap();
    assert_eq!(allowed.status(), 204);
    assert!(
        allowed.headers()["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .contains("authorization")
    );
    let denied = preflight("https://evil.example").await.unwrap();
    assert!(!denied.headers().contains_key("access-control-allow-origin"));
    let other = s
        .server
        .client
        .get(s.server.api("/health"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert!(!other.headers().contains_key("access-control-allow-origin"));
    assert_eq!(other.headers()["x-content-type-options"], "nosniff");
    s.server.stop().await;
}

#[tokio::test]
async fn auth_is_off_on_loopback_by_default_and_on_beyond_it() {
    // Loopback only, mode auto: everything is the default tenant, no key needed.
    let open = common::start().await;
    let (status, body) = open.get_json("/api/v1/whoami").await;
    assert_eq!((status, body["tenant"].as_str()), (200, Some("default")));
    open.stop().await;
    // Bound to every interface, mode auto: credentials required.
    let exposed = common::start_with(|config| config.api_addr = ([0, 0, 0, 0], 0).into()).await;
    let (status, body) = exposed.get_json("/api/v1/whoami").await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(body["error"]["code"], "unauthenticated");
    exposed.stop().await;
}

/// With authentication off on loopback (the default install), any web page the user visits can
/// make the browser POST to the API. Such a post, in the form a page can send without a CORS
/// preflight (`text/plain`), must neither make a key nor ingest; the API's own JSON clients
/// are unaffected.
#[tokio::test]
async fn cross_site_writes_are_refused_on_the_default_install() {
    let open = common::start().await;
    let metadata = MetadataStore::open_dir(open.dir.path()).await.unwrap();
    for (path, body) in [
        ("/api/v1/keys", r#"{"name": "pwned", "scopes": ["admin"]}"#),
        ("/api/v1/metrics/ingest", r#"{"name": "pwned", "value": 1}"#),
    ] {
        let send = |origin: Option<&str>| {
            let mut request = open
                .client
                .post(open.api(path))
                .header("content-type", "text/plain;charset=UTF-8")
                .body(body);
            if let Some(origin) = origin {
                request = request.header("origin", origin);
            }
            request.send()
        };
        let attack = send(Some("https://evil")).await.unwrap();
        let status = attack.status().as_u16();
        let text = attack.text().await.unwrap();
        assert_eq!(status, 403, "{path}: {text}");
        assert!(text.contains("cross-site") && text.contains("https://evil"), "{text}");
        // Without an Origin the body is still not JSON.
        let plain = send(None).await.unwrap();
        assert_eq!(plain.status(), 415, "{path}");
    }
    assert!(metadata.list_keys(None).await.unwrap().is_empty(), "a cross-site post made a key");

    // A JSON client is served; once its point is stored, the refused one is known absent.
    let legit = open
        .client
        .post(open.api("/api/v1/metrics/ingest"))
        .json(&json!({"name": "legit", "value": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(legit.status(), 200);
    assert_eq!(open.wait_for("metric_points", 1).await, 1);
    let names = open.get_json("/api/v1/metrics/names").await.1;
    let names: Vec<&str> =
        names["metrics"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["legit"]);
    open.stop().await;
}

#[tokio::test]
async fn a_live_tail_shows_only_its_tenants_records() {
    let s = secured(|_| {}).await;
    let tail = |key: Option<String>| {
        let mut request = s.server.client.get(s.server.api("/api/v1/logs/tail"));
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        request.send()
    };
    assert_eq!(tail(None).await.unwrap().status(), 401);
    assert_eq!(tail(Some(s.a.ingest.clone())).await.unwrap().status(), 403);
    let mut a_tail = tail(Some(s.a.read.clone())).await.unwrap();
    assert_eq!(a_tail.status(), 200);
    // B's record is applied first: were it shown to A, it would come before A's own.
    let log = |service: &str, body: &str| {
        let mut request = otlp::logs(service, 1, 1);
        request.resource_logs[0].scope_logs[0].log_records[0].body =
            Some(ophion_core::otlp::common::v1::AnyValue {
                value: Some(ophion_core::otlp::common::v1::any_value::Value::StringValue(
                    body.to_owned(),
                )),
            });
        request.encode_to_vec()
    };
    let sent = s.otlp("/v1/logs", Some(&s.b.ingest), log("svc-tenant-b", "secret of b")).await;
    assert_eq!(sent.status(), 200);
    let sent = s.otlp("/v1/logs", Some(&s.a.ingest), log("svc-tenant-a", "own line of a")).await;
    assert_eq!(sent.status(), 200);
    let events =
        crate::console::events_until(&mut a_tail, |_, data| data["body"] == "own line of a").await;
    assert_eq!(events.len(), 1, "A sees its record and nothing of B's: {events:?}");
    s.server.stop().await;
}
