//! The AI engine inside a real `ophion serve`: a day and a half of a shop's traces, logs and
//! disk usage sent over OTLP, with a latency regression injected into one service at the
//! end, becomes insights (the anomaly with its root cause, the error log pattern, the disk
//! forecast, an N+1 tip), and the on-demand endpoints answer from the same data.
//!
//! The data is loaded first with the engine off, then the server restarts with it on: the
//! engine must warm its detectors from what the store already holds.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: failing loudly is the point

use crate::common;

use std::time::Duration;

use ophion_core::otlp::collector::logs::v1::ExportLogsServiceRequest;
use ophion_core::otlp::collector::metrics::v1::ExportMetricsServiceRequest;
use ophion_core::otlp::collector::trace::v1::ExportTraceServiceRequest;
use ophion_core::otlp::common::v1::{AnyValue, any_value};
use ophion_core::otlp::logs::v1::{LogRecord, ResourceLogs, ScopeLogs};
use ophion_core::otlp::metrics::v1::{
    Gauge, Metric, NumberDataPoint, ResourceMetrics, ScopeMetrics, metric, number_data_point,
};
use ophion_core::otlp::trace::v1::{ResourceSpans, ScopeSpans, Span, span};
use ophion_core::time::now_unix_nanos;
use ophion_testkit::otlp::{kv, resource, span_id, trace_id};
use prost::Message;
use serde_json::Value;

const PB: &str = "application/x-protobuf";
const MS: u64 = 1_000_000;
const MINUTE: u64 = 60_000 * MS;
const DAY: u64 = 1440 * MINUTE;
/// 34 hours of history: the detectors raise nothing before about 32 hours of it.
const HISTORY_MINUTES: u64 = 34 * 60;
/// The last 22 minutes: payments' `charge` is 250 ms slower, and its gateway times out.
const REGRESSION_MINUTES: u64 = 22;
const REQUESTS_PER_MINUTE: u64 = 4;
const N_PLUS_ONE_QUERIES: u64 = 15;
/// Disk usage: half full at the start, filling a quarter of the disk a day.
const DISK_START: f64 = 0.5;
const DISK_PER_DAY: f64 = 0.25;

/// Deterministic noise in [0, 1000).
fn noise(a: u64, b: u64) -> u64 {
    (a.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(b.wrapping_mul(0xC2B2_AE3D_27D4_EB4F))
        >> 40)
        % 1000
}

struct Shop {
    /// Start of the history, minute-aligned.
    start: u64,
    /// Start of the regression.
    regression: u64,
}

impl Shop {
    fn new() -> Self {
        let now = now_unix_nanos() / MINUTE * MINUTE;
        let start = now - HISTORY_MINUTES * MINUTE;
        Self { start, regression: start + (HISTORY_MINUTES - REGRESSION_MINUTES) * MINUTE }
    }

    /// One hour of requests frontend → checkout → {payments, inventory}, from `hour`.
    fn traces(&self, hour: u64) -> ExportTraceServiceRequest {
        let mut by_service: [Vec<Span>; 4] = Default::default();
        for minute in hour * 60..(hour + 1) * 60 {
            for r in 0..REQUESTS_PER_MINUTE {
                let n = minute * REQUESTS_PER_MINUTE + r;
                let at = self.start + minute * MINUTE + r * 15_000 * MS;
                let slow = if at >= self.regression { 250 } else { 0 };
                let own = |k: u64, base: u64, spread: u64| (base + noise(n, k) % spread) * MS;
                let payments = own(1, 20, 20) + slow * MS;
                let inventory = own(2, 10, 10);
                let checkout = own(3, 5, 10) + payments + inventory;
                let frontend = own(4, 5, 10) + checkout;
                let span =
                    |i: u64, parent: Option<u64>, name: &str, start: u64, duration: u64| Span {
                        trace_id: trace_id(7, n),
                        span_id: span_id(7, n * 4 + i),
                        parent_span_id: parent.map(|p| span_id(7, n * 4 + p)).unwrap_or_default(),
                        name: name.into(),
                        kind: span::SpanKind::Server as i32,
                        start_time_unix_nano: start,
                        end_time_unix_nano: start + duration,
                        ..Default::default()
                    };
                by_service[0].push(span(0, None, "GET /checkout", at, frontend));
                by_service[1].push(span(1, Some(0), "POST /orders", at + MS, checkout));
                by_service[2].push(span(2, Some(1), "charge", at + 2 * MS, payments));
                by_service[3].push(span(3, Some(1), "reserve", at + 2 * MS + payments, inventory));
            }
        }
        let services = ["frontend", "checkout", "payments", "inventory"];
        ExportTraceServiceRequest {
            resource_spans: services
                .iter()
                .zip(by_service)
                .map(|(service, spans)| ResourceSpans {
                    resource: Some(resource(service)),
                    scope_spans: vec![ScopeSpans { spans, ..Default::default() }],
                    ..Default::default()
                })
                .collect(),
        }
    }

    /// An ORM loading a cart's items one query at a time, three minutes ago.
    fn n_plus_one(&self) -> ExportTraceServiceRequest {
        let at = self.start + (HISTORY_MINUTES - 3) * MINUTE;
        let mut spans = vec![Span {
            trace_id: trace_id(8, 0),
            span_id: span_id(8, 0),
            name: "GET /cart".into(),
            kind: span::SpanKind::Server as i32,
            start_time_unix_nano: at,
            end_time_unix_nano: at + (N_PLUS_ONE_QUERIES * 2 + 2) * MS,
            ..Default::default()
        }];
        spans.extend((0..N_PLUS_ONE_QUERIES).map(|i| Span {
            trace_id: trace_id(8, 0),
            span_id: span_id(8, i + 1),
            parent_span_id: span_id(8, 0),
            name: "SELECT items".into(),
            kind: span::SpanKind::Client as i32,
            start_time_unix_nano: at + (1 + 2 * i) * MS,
            end_time_unix_nano: at + (2 + 2 * i) * MS,
            attributes: vec![
                kv("db.system.name", "postgresql"),
                kv("db.query.text", "SELECT * FROM items WHERE id = $1"),
            ],
            ..Default::default()
        }));
        ExportTraceServiceRequest {
            resource_spans: vec![ResourceSpans {
                resource: Some(resource("cart")),
                scope_spans: vec![ScopeSpans { spans, ..Default::default() }],
                ..Default::default()
            }],
        }
    }

    /// Three hours of checkout's info lines, and payments' gateway timeouts in the regression.
    fn logs(&self) -> ExportLogsServiceRequest {
        let record = |at: u64, severity: i32, body: String| LogRecord {
            time_unix_nano: at,
            severity_number: severity,
            body: Some(AnyValue { value: Some(any_value::Value::StringValue(body)) }),
            ..Default::default()
        };
        let mut checkout = Vec::new();
        let mut payments = Vec::new();
        for minute in HISTORY_MINUTES - 180..HISTORY_MINUTES {
            let at = self.start + minute * MINUTE;
            for i in 0..3 {
                let order = minute * 3 + i;
                let body = format!("order {order} placed in {} ms", 20 + noise(order, 9) % 30);
                checkout.push(record(at + i * 10_000 * MS, 9, body));
            }
            if at >= self.regression {
                for i in 0..6 {
                    let body = format!(
                        "charge failed: gateway timeout after {} ms for order ORD-{}",
                        3000 + noise(minute, i) % 500,
                        minute * 6 + i
                    );
                    payments.push(record(at + i * 5_000 * MS, 17, body));
                }
            }
        }
        let resource_logs = |service: &str, log_records| ResourceLogs {
            resource: Some(resource(service)),
            scope_logs: vec![ScopeLogs { log_records, ..Default::default() }],
            ..Default::default()
        };
        ExportLogsServiceRequest {
            resource_logs: vec![
                resource_logs("checkout", checkout),
                resource_logs("payments", payments),
            ],
        }
    }

    fn disk(&self) -> ExportMetricsServiceRequest {
        let data_points = (0..HISTORY_MINUTES)
            .map(|minute| {
                let value = DISK_START
                    + DISK_PER_DAY * (minute * MINUTE) as f64 / DAY as f64
                    + (noise(minute, 3) % 100) as f64 / 20_000.0;
                NumberDataPoint {
                    time_unix_nano: self.start + minute * MINUTE,
                    value: Some(number_data_point::Value::AsDouble(value)),
                    ..Default::default()
                }
            })
            .collect();
        ExportMetricsServiceRequest {
            resource_metrics: vec![ResourceMetrics {
                resource: Some(resource("host-agent")),
                scope_metrics: vec![ScopeMetrics {
                    metrics: vec![Metric {
                        name: "system.filesystem.utilization".into(),
                        unit: "1".into(),
                        data: Some(metric::Data::Gauge(Gauge { data_points })),
                        ..Default::default()
                    }],
                    ..Default::default()
                }],
                ..Default::default()
            }],
        }
    }

    /// When the disk is expected full, from the generator's own trend.
    fn disk_full_at(&self) -> f64 {
        self.start as f64 + (1.0 - DISK_START) / DISK_PER_DAY * DAY as f64
    }
}

async fn load(server: &common::TestServer, shop: &Shop) {
    let mut requests: Vec<(&str, Vec<u8>)> = (0..HISTORY_MINUTES / 60)
        .map(|hour| ("/v1/traces", shop.traces(hour).encode_to_vec()))
        .collect();
    requests.push(("/v1/traces", shop.n_plus_one().encode_to_vec()));
    requests.push(("/v1/logs", shop.logs().encode_to_vec()));
    requests.push(("/v1/metrics", shop.disk().encode_to_vec()));
    for (path, body) in requests {
        let response = server.post_otlp(path, PB, body, None).await;
        assert_eq!(response.status(), 200, "{path}: {}", response.text().await.unwrap());
    }
    let spans = HISTORY_MINUTES * REQUESTS_PER_MINUTE * 4 + 1 + N_PLUS_ONE_QUERIES;
    assert_eq!(server.wait_for("spans", spans).await, spans);
    assert_eq!(server.wait_for("metric_points", HISTORY_MINUTES).await, HISTORY_MINUTES);
}

/// Polls the insights until `done` holds for them, for at most a minute.
async fn insights_until(
    server: &common::TestServer,
    done: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    let seen = ophion_testkit::eventually(Duration::from_secs(60), || async {
        let (status, body) = server.get_json("/api/v1/insights?start=0&limit=1000").await;
        assert_eq!(status, 200, "{body}");
        let insights = body["insights"].as_array().cloned().unwrap_or_default();
        if done(&insights) { Ok(insights) } else { Err(insights) }
    });
    seen.await.unwrap_or_else(|insights| insights)
}

fn of_kind<'a>(insights: &'a [Value], kind: &str) -> Vec<&'a Value> {
    insights.iter().filter(|i| i["kind"] == kind).collect()
}

#[tokio::test]
async fn telemetry_becomes_explained_insights_and_the_ai_endpoints_answer_from_it() {
    let shop = Shop::new();
    let loading = common::start_with(|config| config.ai.enabled = false).await;
    load(&loading, &shop).await;
    let dir = loading.stop().await;

    let mut config = common::config(dir.path());
    config.ai.interval = Duration::from_secs(1);
    config.ai.step = Duration::from_secs(300);
    config.ai.tip_interval = Duration::from_secs(1);
    config.ai.tip_window = Duration::from_secs(1800);
    let running = ophion::server::start(config).await.unwrap();
    let server = common::TestServer { running: Some(running), dir, client: reqwest::Client::new() };

    let insights = insights_until(&server, |all| {
        ["anomaly", "log_pattern", "capacity", "tip"].iter().all(|k| !of_kind(all, k).is_empty())
            && of_kind(all, "anomaly").iter().any(|i| i["evidence"]["root_causes"].is_array())
    })
    .await;
    let summary: Vec<String> = insights
        .iter()
        .map(|i| format!("{} {} @{}", i["kind"], i["subject"], i["start_unix_nano"]))
        .collect();
    println!("{} insights: {summary:#?}", insights.len());

    // The regression is found, soon, and nothing before it over 34 hours of noisy history.
    let anomalies = of_kind(&insights, "anomaly");
    assert!(!anomalies.is_empty(), "no anomaly: {summary:#?}");
    let starts = |i: &Value| i["start_unix_nano"].as_u64().unwrap();
    let bucket = 5 * MINUTE;
    for anomaly in &anomalies {
        assert!(
            starts(anomaly) + bucket > shop.regression,
            "false alarm before the regression: {anomaly:#}"
        );
    }
    let payments: Vec<&&Value> = anomalies.iter().filter(|i| i["service"] == "payments").collect();
    assert!(!payments.is_empty(), "payments' regression not raised: {summary:#?}");
    assert!(
        payments.iter().any(|i| starts(i) <= shop.regression + 3 * bucket),
        "raised late: {summary:#?}"
    );
    let explained = payments[0];
    assert!(explained["evidence"]["observed"].as_array().is_some_and(|o| !o.is_empty()));
    assert!(
        explained["evidence"]["peak"]["value"].as_f64()
            > explained["evidence"]["peak"]["upper"].as_f64()
    );

    // Every anomaly with root causes blames payments' charge, callers included.
    let ranked: Vec<&&Value> =
        anomalies.iter().filter(|i| i["evidence"]["root_causes"].is_array()).collect();
    assert!(!ranked.is_empty());
    for anomaly in ranked {
        let top = &anomaly["evidence"]["root_causes"][0];
        assert_eq!(
            (top["service"].as_str(), top["operation"].as_str()),
            (Some("payments"), Some("charge")),
            "{anomaly:#}"
        );
    }

    // The same insight by id.
    let id = explained["id"].as_str().unwrap();
    let (status, by_id) = server.get_json(&format!("/api/v1/insights/{id}")).await;
    assert_eq!((status, &by_id["id"]), (200, &explained["id"]));

    let patterns = of_kind(&insights, "log_pattern");
    assert!(
        patterns.iter().any(|i| i["service"] == "payments"
            && i["evidence"]["template"]
                == "charge failed: gateway timeout after <*> ms for order <*>"),
        "{patterns:#?}"
    );

    let capacity = of_kind(&insights, "capacity");
    assert_eq!(capacity.len(), 1, "{capacity:#?}");
    assert_eq!(capacity[0]["subject"], "system.filesystem.utilization");
    assert_eq!(capacity[0]["severity"], "critical", "full in well under a day");
    let full_at = capacity[0]["evidence"]["crossing"]["expected_unix_nano"].as_f64().unwrap();
    let error_hours = (full_at - shop.disk_full_at()).abs() / (60.0 * MINUTE as f64);
    assert!(error_hours < 1.0, "disk full forecast off by {error_hours:.2} h");

    let tips = of_kind(&insights, "tip");
    let n_plus_one =
        tips.iter().find(|t| t["evidence"]["rule"] == "n_plus_one").expect("N+1 flagged");
    assert_eq!(n_plus_one["service"], "cart");
    assert_eq!(n_plus_one["evidence"]["max_repetitions"], N_PLUS_ONE_QUERIES);

    // Filters.
    let (_, critical) =
        server.get_json("/api/v1/insights?start=0&kind=capacity&severity=critical").await;
    assert_eq!(critical["insights"].as_array().unwrap().len(), 1);
    let (_, none) = server.get_json("/api/v1/insights?start=0&service=no-such-service").await;
    assert_eq!(none["insights"].as_array().unwrap().len(), 0);

    // Paging by cursor while the engine keeps ticking: every insight once.
    let mut paged: Vec<String> = Vec::new();
    let mut path = "/api/v1/insights?start=0&limit=3".to_string();
    loop {
        let (status, page) = server.get_json(&path).await;
        assert_eq!(status, 200, "{page}");
        paged.extend(page["insights"].as_array().unwrap().iter().map(|i| i["id"].to_string()));
        let Some(cursor) = page["next_cursor"].as_str() else { break };
        path = format!("/api/v1/insights?start=0&limit=3&cursor={cursor}");
    }
    let distinct: std::collections::BTreeSet<&String> = paged.iter().collect();
    assert_eq!(distinct.len(), paged.len(), "an insight repeated across pages: {paged:#?}");
    for insight in &insights {
        assert!(distinct.contains(&insight["id"].to_string()), "skipped: {insight:#}");
    }

    // On demand: root causes of the regression window against the two hours before it.
    let ms = |ns: u64| ns / MS;
    let (status, rca) = server
        .get_json(&format!(
            "/api/v1/rca?start={}&end={}&baseline_start={}&baseline_end={}",
            ms(shop.regression),
            ms(now_unix_nanos()),
            ms(shop.regression - 120 * MINUTE),
            ms(shop.regression)
        ))
        .await;
    assert_eq!(status, 200, "{rca}");
    assert_eq!(rca["causes"][0]["service"], "payments", "{rca:#}");
    // The engine's anomaly insights for payments weigh in and are named.
    let seen = rca["causes"][0]["anomalous_series"].as_array().unwrap();
    assert!(!seen.is_empty() && seen.iter().all(|s| s.as_str().unwrap().starts_with("payments")));
    assert_eq!(
        rca["causes"][0]["call_path"],
        serde_json::json!(["frontend", "checkout", "payments"])
    );
    assert!(rca["window_spans"].as_u64() > Some(0) && rca["baseline_spans"].as_u64() > Some(0));

    // Log patterns: the gateway timeout is new against the window before.
    let (status, report) = server
        .get_json(&format!(
            "/api/v1/logs/patterns?start={}&end={}",
            ms(shop.regression),
            ms(now_unix_nanos() + MINUTE)
        ))
        .await;
    assert_eq!(status, 200, "{report}");
    let timeout = report["patterns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["template"] == "charge failed: gateway timeout after <*> ms for order <*>")
        .unwrap_or_else(|| panic!("{report:#}"));
    assert_eq!(timeout["change"], "new");
    assert_eq!(timeout["count"], REGRESSION_MINUTES * 6);
    assert!(report["emerging"].as_array().unwrap().contains(&timeout["id"]));
    let placed =
        report["patterns"].as_array().unwrap().iter().find(|p| p["service"] == "checkout").unwrap();
    assert_eq!(placed["template"], "order <*> placed in <*> ms");
    assert_eq!(placed["change"], "steady");

    // Forecast: the disk's crossing, from the API this time.
    let (status, forecast) = server
        .get_json(&format!(
            "/api/v1/forecast?metric=system.filesystem.utilization&threshold=1&start={}&horizon=2d",
            ms(shop.start)
        ))
        .await;
    assert_eq!(status, 200, "{forecast}");
    let full_at = forecast["crossing"]["expected_unix_nano"].as_f64().unwrap();
    assert!(
        (full_at - shop.disk_full_at()).abs() < 60.0 * MINUTE as f64,
        "{:#}",
        forecast["crossing"]
    );
    assert!((forecast["forecast"]["slope_per_day"].as_f64().unwrap() - DISK_PER_DAY).abs() < 0.02);
    let first = &forecast["forecast"]["points"][0];
    assert!(
        first["lower"].as_f64() < first["value"].as_f64()
            && first["value"].as_f64() < first["upper"].as_f64()
    );

    // Bad input: a clear 4xx, never a 5xx.
    for (path, status, needle) in [
        ("/api/v1/insights?kind=bogus", 400, "kind must be"),
        ("/api/v1/insights?severity=loud", 400, "severity must be"),
        ("/api/v1/insights?servce=x", 400, "unknown query parameter"),
        ("/api/v1/insights?cursor=o3", 400, "cursor is not one this server issued"),
        ("/api/v1/insights/no-such-insight", 404, "no insight"),
        ("/api/v1/forecast", 400, "metric is required"),
        ("/api/v1/forecast?metric=no.such.metric", 400, "a forecast needs at least 3"),
        ("/api/v1/forecast?metric=m&confidence=2", 400, "confidence"),
        ("/api/v1/forecast?metric=m&horizon=1000d", 400, "horizon"),
        ("/api/v1/rca?baseline_start=2000&baseline_end=1000", 400, "baseline_start must be before"),
        ("/api/v1/rca?limit=0", 400, "limit"),
        ("/api/v1/logs/patterns?start=2000&end=1000", 400, "start must be before end"),
    ] {
        let (got, body) = server.get_json(path).await;
        assert_eq!(got, status, "{path}: {body}");
        assert!(
            body["error"]["message"].as_str().unwrap_or_default().contains(needle),
            "{path}: {body}"
        );
    }
    server.stop().await;
}
