//! The conformance suite's spans, traces and services.

use ophion_core::otlp::collector::trace::v1::ExportTraceServiceRequest;
use ophion_core::otlp::common::v1::{
    AnyValue, ArrayValue, InstrumentationScope, KeyValue, KeyValueList, any_value,
};
use ophion_core::otlp::trace::v1::{ResourceSpans, ScopeSpans, Span, Status, span};
use std::cmp::Reverse;

use ophion_core::query::{
    RedQuery, ServicePoint, SpanEvent, SpanLink, SpanQuery, SpanRecord, SpanSort, StatusFilter,
    TimeRange,
};
use ophion_core::{AppliedBatch, Batch, ErrorKind, Payload, TelemetryStore, TenantId};
use serde_json::json;

use super::*;

/// A span: trace, id, parent, name, start offset from T0 and duration (ms), status code.
pub(crate) fn span(
    trace: u128,
    id: u64,
    parent: Option<u64>,
    name: &str,
    start_ms: u64,
    dur_ms: u64,
    code: i32,
) -> Span {
    Span {
        trace_id: trace_bytes(trace),
        span_id: span_bytes(id),
        parent_span_id: parent.map(span_bytes).unwrap_or_default(),
        name: name.to_owned(),
        kind: span::SpanKind::Server as i32,
        start_time_unix_nano: T0 + start_ms * MS,
        end_time_unix_nano: T0 + (start_ms + dur_ms) * MS,
        status: Some(Status { code, message: String::new() }),
        ..Default::default()
    }
}

pub(crate) fn traces(
    tenant: &TenantId,
    position: u64,
    service: &str,
    spans: Vec<Span>,
) -> AppliedBatch {
    let request = ExportTraceServiceRequest {
        resource_spans: vec![ResourceSpans {
            resource: resource(service, vec![]),
            scope_spans: vec![ScopeSpans { spans, ..Default::default() }],
            ..Default::default()
        }],
    };
    AppliedBatch { position, batch: Batch::new(tenant.clone(), Payload::Traces(request)) }
}

/// Three traces for `acme`:
/// - 1: frontend GET /checkout (root, 100 ms) → checkout POST /pay (error, 40 ms) → db query (10 ms)
/// - 2: frontend GET /home (root, 20 ms)
/// - 3: checkout orphan (parent unknown, 5 ms)
pub(crate) async fn seed_traces(store: &impl TelemetryStore) {
    let t = acme();
    let mut root = span(1, 11, None, "GET /checkout", 0, 100, 0);
    root.attributes = vec![
        kv("http.route", text("/checkout")),
        kv("http.response.status_code", any_value::Value::IntValue(200)),
    ];
    let mut pay = span(1, 12, Some(11), "POST /pay", 10, 40, 2);
    pay.attributes = vec![kv("http.response.status_code", any_value::Value::IntValue(500))];
    let db = span(1, 13, Some(12), "db query", 20, 10, 0);
    let home = span(2, 21, None, "GET /home", 1000, 20, 1);
    let orphan = span(3, 31, Some(99), "orphan", 2000, 5, 0);
    store
        .append(vec![
            traces(&t, 1, "frontend", vec![root, home]),
            traces(&t, 2, "checkout", vec![pay, orphan]),
            traces(&t, 3, "postgres", vec![db]),
        ])
        .await
        .unwrap();
}

pub(crate) async fn span_round_trips_every_otlp_field(store: &impl TelemetryStore) {
    let t = acme();
    let full = Span {
        trace_id: trace_bytes(0x0102_0304_0506_0708_090a_0b0c_0d0e_0f10),
        span_id: span_bytes(0x1112_1314_1516_1718),
        parent_span_id: span_bytes(0x2122_2324_2526_2728),
        trace_state: "vendor=value".into(),
        flags: 0x301,
        name: "GET /users/{id}".into(),
        kind: span::SpanKind::Client as i32,
        start_time_unix_nano: T0,
        end_time_unix_nano: T0 + 1_500_000,
        attributes: vec![
            kv("http.request.method", text("GET")),
            kv("retries", any_value::Value::IntValue(3)),
        ],
        dropped_attributes_count: 1,
        events: vec![span::Event {
            time_unix_nano: T0 + 10,
            name: "exception".into(),
            attributes: vec![kv("exception.message", text("boom"))],
            dropped_attributes_count: 0,
        }],
        dropped_events_count: 2,
        links: vec![span::Link {
            trace_id: trace_bytes(7),
            span_id: span_bytes(8),
            trace_state: "k=v".into(),
            attributes: vec![kv("link.kind", text("follows"))],
            dropped_attributes_count: 0,
            flags: 1,
        }],
        dropped_links_count: 3,
        status: Some(Status { code: 2, message: "upstream failed".into() }),
    };
    let request = ExportTraceServiceRequest {
        resource_spans: vec![ResourceSpans {
            resource: resource("users", vec![kv("k8s.pod.name", text("users-7d9"))]),
            scope_spans: vec![ScopeSpans {
                scope: Some(InstrumentationScope {
                    name: "io.opentelemetry.http".into(),
                    version: "1.2.3".into(),
                    ..Default::default()
                }),
                spans: vec![full],
                ..Default::default()
            }],
            ..Default::default()
        }],
    };
    append_at(store, 1, &t, Payload::Traces(request)).await;

    let spans = store.trace(&t, "0102030405060708090a0b0c0d0e0f10").await.unwrap();
    let expected = SpanRecord {
        trace_id: "0102030405060708090a0b0c0d0e0f10".into(),
        span_id: "1112131415161718".into(),
        parent_span_id: "2122232425262728".into(),
        trace_state: "vendor=value".into(),
        name: "GET /users/{id}".into(),
        kind: "client".into(),
        service_name: "users".into(),
        start_time_unix_nano: T0,
        end_time_unix_nano: T0 + 1_500_000,
        duration_ns: 1_500_000,
        status_code: "error".into(),
        status_message: "upstream failed".into(),
        attributes: BTreeMap::from([
            ("http.request.method".into(), json!("GET")),
            ("retries".into(), json!(3)),
        ]),
        resource_attributes: BTreeMap::from([
            ("service.name".into(), json!("users")),
            ("k8s.pod.name".into(), json!("users-7d9")),
        ]),
        scope_name: "io.opentelemetry.http".into(),
        scope_version: "1.2.3".into(),
        events: vec![SpanEvent {
            time_unix_nano: T0 + 10,
            name: "exception".into(),
            attributes: BTreeMap::from([("exception.message".into(), json!("boom"))]),
        }],
        links: vec![SpanLink {
            trace_id: hex_trace(7),
            span_id: "0000000000000008".into(),
            trace_state: "k=v".into(),
            attributes: BTreeMap::from([("link.kind".into(), json!("follows"))]),
        }],
        flags: 0x301,
        dropped_attributes_count: 1,
        dropped_events_count: 2,
        dropped_links_count: 3,
    };
    assert_eq!(spans, vec![expected]);
}

pub(crate) async fn attribute_values_keep_their_otlp_types(store: &impl TelemetryStore) {
    let t = acme();
    let mut s = span(1, 1, None, "typed", 0, 1, 0);
    s.attributes = vec![
        kv("s", text("x")),
        kv("i", any_value::Value::IntValue(-42)),
        kv("d", any_value::Value::DoubleValue(2.0)),
        kv("nan", any_value::Value::DoubleValue(f64::NAN)),
        kv("b", any_value::Value::BoolValue(true)),
        kv("bytes", any_value::Value::BytesValue(vec![0, 1, 2, 255])),
        kv(
            "arr",
            any_value::Value::ArrayValue(ArrayValue {
                values: vec![
                    AnyValue { value: Some(text("a")) },
                    AnyValue { value: Some(any_value::Value::IntValue(1)) },
                ],
            }),
        ),
        kv(
            "kv",
            any_value::Value::KvlistValue(KeyValueList {
                values: vec![kv("inner", any_value::Value::BoolValue(false))],
            }),
        ),
        KeyValue { key: "empty".into(), value: None, ..Default::default() },
    ];
    store.append(vec![traces(&t, 1, "svc", vec![s])]).await.unwrap();
    let spans = store.trace(&t, &hex_trace(1)).await.unwrap();
    let a = &spans[0].attributes;
    assert_eq!(a["s"], json!("x"));
    assert_eq!(a["i"], json!(-42));
    assert_eq!(a["d"], json!(2.0));
    assert!(a["d"].is_f64());
    assert_eq!(a["nan"], json!("NaN"));
    assert_eq!(a["b"], json!(true));
    assert_eq!(a["bytes"], json!("AAEC/w=="));
    assert_eq!(a["arr"], json!(["a", 1]));
    assert_eq!(a["kv"], json!({"inner": false}));
    assert_eq!(a["empty"], serde_json::Value::Null);
}

pub(crate) async fn trace_lookup_orders_spans_by_start_and_knows_nothing_of_unknown_ids(
    store: &impl TelemetryStore,
) {
    seed_traces(store).await;
    let spans = store.trace(&acme(), &hex_trace(1)).await.unwrap();
    let names: Vec<_> = spans.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["GET /checkout", "POST /pay", "db query"]);
    assert_eq!(spans[1].parent_span_id, spans[0].span_id);
    assert_eq!(spans[0].parent_span_id, "");
    // Uppercase and trimmed-zero forms parse too.
    assert_eq!(store.trace(&acme(), "1").await.unwrap().len(), 3);
    assert!(store.trace(&acme(), &hex_trace(42)).await.unwrap().is_empty());
    let err = store.trace(&acme(), "not-hex").await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
}

pub(crate) async fn span_search_applies_each_filter(store: &impl TelemetryStore) {
    seed_traces(store).await;
    let t = acme();
    let names = |spans: Vec<SpanRecord>| spans.into_iter().map(|s| s.name).collect::<Vec<_>>();

    let all = store.search_spans(&span_query(&t)).await.unwrap().items;
    assert_eq!(names(all), ["orphan", "GET /home", "db query", "POST /pay", "GET /checkout"]);

    let q = SpanQuery { service: Some("checkout".into()), ..span_query(&t) };
    assert_eq!(names(store.search_spans(&q).await.unwrap().items), ["orphan", "POST /pay"]);

    let q = SpanQuery { operation: Some("GET /home".into()), ..span_query(&t) };
    assert_eq!(names(store.search_spans(&q).await.unwrap().items), ["GET /home"]);

    let q = SpanQuery {
        min_duration_ns: Some(20 * MS),
        max_duration_ns: Some(40 * MS),
        ..span_query(&t)
    };
    assert_eq!(names(store.search_spans(&q).await.unwrap().items), ["GET /home", "POST /pay"]);

    let q = SpanQuery { status: Some(StatusFilter::Error), ..span_query(&t) };
    assert_eq!(names(store.search_spans(&q).await.unwrap().items), ["POST /pay"]);
    let q = SpanQuery { status: Some(StatusFilter::Ok), ..span_query(&t) };
    assert_eq!(names(store.search_spans(&q).await.unwrap().items), ["GET /home"]);

    let q = SpanQuery { trace_id: Some(hex_trace(1)), ..span_query(&t) };
    assert_eq!(store.search_spans(&q).await.unwrap().items.len(), 3);

    // Numbers match their JSON form; strings match raw; resource attributes match too.
    let q =
        SpanQuery { attributes: vec![attr("http.response.status_code", "500")], ..span_query(&t) };
    assert_eq!(names(store.search_spans(&q).await.unwrap().items), ["POST /pay"]);
    let q = SpanQuery { attributes: vec![attr("http.route", "/checkout")], ..span_query(&t) };
    assert_eq!(names(store.search_spans(&q).await.unwrap().items), ["GET /checkout"]);
    let q = SpanQuery { attributes: vec![attr("service.name", "postgres")], ..span_query(&t) };
    assert_eq!(names(store.search_spans(&q).await.unwrap().items), ["db query"]);
    let q = SpanQuery { attributes: vec![attr("http.route", "/nope")], ..span_query(&t) };
    assert!(store.search_spans(&q).await.unwrap().items.is_empty());

    let q = SpanQuery {
        range: TimeRange { start_ns: T0 + 500 * MS, end_ns: T0 + 2000 * MS },
        ..span_query(&t)
    };
    assert_eq!(
        names(store.search_spans(&q).await.unwrap().items),
        ["GET /home"],
        "end is exclusive"
    );

    let bad = SpanQuery { trace_id: Some("zz".into()), ..span_query(&t) };
    assert_eq!(store.search_spans(&bad).await.unwrap_err().kind, ErrorKind::InvalidInput);
}

/// A hot key filters its typed column: the span's own value wins over its resource's, the
/// resource's is used when the span has none, and older convention names are synonyms.
pub(crate) async fn hot_attribute_filters_read_the_typed_columns(store: &impl TelemetryStore) {
    let t = acme();
    let mut old = span(1, 1, None, "old semconv", 0, 10, 0);
    old.attributes = vec![
        kv("http.url", text("https://shop/a")),
        kv("http.status_code", any_value::Value::StringValue("404".into())),
    ];
    let mut own = span(1, 2, None, "own route", 0, 10, 0);
    own.attributes = vec![kv("http.route", text("/span"))];
    let plain = span(1, 3, None, "resource route", 0, 10, 0);
    let request = ExportTraceServiceRequest {
        resource_spans: vec![ResourceSpans {
            resource: resource("shop", vec![kv("http.route", text("/resource"))]),
            scope_spans: vec![ScopeSpans { spans: vec![old, own, plain], ..Default::default() }],
            ..Default::default()
        }],
    };
    append_at(store, 1, &t, Payload::Traces(request)).await;

    let names = |key: &str, value: &str| {
        let q = SpanQuery { attributes: vec![attr(key, value)], ..span_query(&t) };
        let store = &store;
        async move {
            let mut names: Vec<String> =
                store.search_spans(&q).await.unwrap().items.into_iter().map(|s| s.name).collect();
            names.sort();
            names
        }
    };
    assert_eq!(names("url.full", "https://shop/a").await, ["old semconv"]);
    assert_eq!(names("http.url", "https://shop/a").await, ["old semconv"]);
    assert_eq!(names("http.response.status_code", "404").await, ["old semconv"]);
    assert!(names("http.response.status_code", "not a number").await.is_empty());
    assert_eq!(names("http.route", "/span").await, ["own route"]);
    assert_eq!(names("http.route", "/resource").await, ["old semconv", "resource route"]);
}

pub(crate) async fn span_search_sorts_and_pages(store: &impl TelemetryStore) {
    seed_traces(store).await;
    let t = acme();
    let names = |spans: Vec<SpanRecord>| spans.into_iter().map(|s| s.name).collect::<Vec<_>>();
    let q = SpanQuery { sort: SpanSort::Oldest, ..span_query(&t) };
    assert_eq!(names(store.search_spans(&q).await.unwrap().items)[0], "GET /checkout");
    let q = SpanQuery { sort: SpanSort::Longest, ..span_query(&t) };
    assert_eq!(
        names(store.search_spans(&q).await.unwrap().items),
        ["GET /checkout", "POST /pay", "GET /home", "db query", "orphan"]
    );
    let q = SpanQuery { sort: SpanSort::Shortest, page: page(1), ..span_query(&t) };
    let first = store.search_spans(&q).await.unwrap();
    assert_eq!(names(first.items), ["orphan"]);
    let q = SpanQuery { page: Page { limit: 2, after: first.next }, ..q };
    assert_eq!(names(store.search_spans(&q).await.unwrap().items), ["db query", "GET /home"]);
    let q = SpanQuery { page: page(0), ..span_query(&t) };
    assert!(store.search_spans(&q).await.unwrap().items.is_empty());
}

pub(crate) async fn trace_search_summarises_whole_traces_matched_by_any_span(
    store: &impl TelemetryStore,
) {
    seed_traces(store).await;
    let t = acme();
    let found = store.search_traces(&span_query(&t)).await.unwrap().items;
    let ids: Vec<_> = found.iter().map(|s| s.trace_id.clone()).collect();
    assert_eq!(ids, [hex_trace(3), hex_trace(2), hex_trace(1)], "newest first");

    let one = &found[2];
    assert_eq!(one.root_service, "frontend");
    assert_eq!(one.root_name, "GET /checkout");
    assert_eq!(one.start_time_unix_nano, T0);
    assert_eq!(one.duration_ns, 100 * MS);
    assert_eq!(one.span_count, 3);
    assert_eq!(one.error_count, 1);
    assert!(one.has_error);
    assert_eq!(one.services, ["checkout", "frontend", "postgres"]);

    // The orphan has no root without a parent: the earliest span stands in.
    assert_eq!(found[0].root_name, "orphan");
    assert_eq!(found[0].root_service, "checkout");

    // Matching the db span returns its whole trace.
    let q = SpanQuery { service: Some("postgres".into()), ..span_query(&t) };
    let found = store.search_traces(&q).await.unwrap().items;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].span_count, 3);
    assert_eq!(found[0].root_service, "frontend");

    let q = SpanQuery { sort: SpanSort::Longest, page: page(1), ..span_query(&t) };
    assert_eq!(store.search_traces(&q).await.unwrap().items[0].trace_id, hex_trace(1));
    let q = SpanQuery { sort: SpanSort::Shortest, page: page(1), ..span_query(&t) };
    let first = store.search_traces(&q).await.unwrap();
    assert_eq!(first.items[0].trace_id, hex_trace(3));
    let q = SpanQuery { page: Page { limit: 2, after: first.next }, ..q };
    let ids: Vec<_> =
        store.search_traces(&q).await.unwrap().items.into_iter().map(|s| s.trace_id).collect();
    assert_eq!(ids, [hex_trace(2), hex_trace(1)]);
    let q = SpanQuery { status: Some(StatusFilter::Error), ..span_query(&t) };
    assert_eq!(store.search_traces(&q).await.unwrap().items.len(), 1);
}

pub(crate) async fn services_report_counts_rates_errors_and_latency_percentiles(
    store: &impl TelemetryStore,
) {
    seed_traces(store).await;
    let range = TimeRange { start_ns: T0, end_ns: T0 + 10 * SEC };
    let services = store.services(&acme(), range).await.unwrap();
    let names: Vec<_> = services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["checkout", "frontend", "postgres"]);
    let checkout = &services[0];
    assert_eq!(checkout.span_count, 2);
    assert_eq!(checkout.error_count, 1);
    assert!((checkout.error_rate - 0.5).abs() < 1e-9);
    assert!((checkout.rate_per_sec - 0.2).abs() < 1e-9);
    // Durations 40 ms and 5 ms: linear interpolation, within the rollup histogram's 0.25 %.
    assert_close(checkout.p50_ms, 22.5);
    assert_close(checkout.p99_ms, 39.65);
    let postgres = &services[2];
    for p in [postgres.p50_ms, postgres.p95_ms, postgres.p99_ms] {
        assert_close(p, 10.0);
    }
}

pub(crate) async fn service_series_buckets_red_per_step_and_per_operation(
    store: &impl TelemetryStore,
) {
    seed_traces(store).await;
    let t = acme();
    let range = TimeRange { start_ns: T0, end_ns: T0 + 10 * SEC };
    // frontend: `GET /checkout` (100 ms) in the first second, `GET /home` (20 ms) in the second.
    let points = service_series(store, &t, "frontend", range, SEC).await;
    let got: Vec<(u64, u64, u64)> =
        points.iter().map(|p| (p.time_unix_nano, p.span_count, p.error_count)).collect();
    assert_eq!(got, [(T0, 1, 0), (T0 + SEC, 1, 0)]);
    assert_close(points[0].p99_ms, 100.0);
    assert_close(points[1].p50_ms, 20.0);
    // checkout in one 10 s step: `POST /pay` (40 ms, failed) and `orphan` (5 ms).
    let whole = service_series(store, &t, "checkout", range, 10 * SEC).await;
    assert_eq!((whole.len(), whole[0].span_count, whole[0].error_count), (1, 2, 1));
    let by_operation = |tenant: &TenantId, step_ns| RedQuery {
        tenant: tenant.clone(),
        service: "checkout".into(),
        range,
        step_ns,
        by_operation: true,
    };
    let mut split = store.red_series(&by_operation(&t, 10 * SEC)).await.unwrap();
    split.sort_by(|a, b| a.operation.cmp(&b.operation));
    let got: Vec<(&str, u64, u64, u64)> = split
        .iter()
        .map(|o| {
            (o.operation.as_str(), o.point.time_unix_nano, o.point.span_count, o.point.error_count)
        })
        .collect();
    assert_eq!(got, [("POST /pay", T0, 1, 1), ("orphan", T0, 1, 0)]);
    assert_close(split[0].point.p95_ms, 40.0);
    assert_close(split[1].point.p95_ms, 5.0);
    assert!(store.red_series(&by_operation(&tenant("globex"), SEC)).await.unwrap().is_empty());
}

/// A whole service's series: one point per bucket, with no operation.
async fn service_series(
    store: &impl TelemetryStore,
    tenant: &TenantId,
    service: &str,
    range: TimeRange,
    step_ns: u64,
) -> Vec<ServicePoint> {
    let (tenant, service) = (tenant.clone(), service.to_owned());
    let query = RedQuery { tenant, service, range, step_ns, by_operation: false };
    let points = store.red_series(&query).await.unwrap();
    assert!(points.iter().all(|p| p.operation.is_empty()), "{points:?}");
    points.into_iter().map(|p| p.point).collect()
}

/// Within the rollup histogram's error (buckets 0.5 % wide, values at their middle).
#[track_caller]
pub(crate) fn assert_close(got: f64, exact: f64) {
    assert!((got - exact).abs() <= exact * 0.0025 + 1e-9, "{got} is not within 0.25 % of {exact}");
}

/// `quantile_cont` over sorted values.
pub(crate) fn exact_quantile(sorted: &[f64], q: f64) -> f64 {
    let rank = q * (sorted.len() - 1) as f64;
    let (low, high) = (rank.floor() as usize, rank.ceil() as usize);
    sorted[low] + (rank - low as f64) * (sorted[high] - sorted[low])
}

/// A trace's spans are found by the queue positions they came in at, even when their
/// timestamps are far apart and other traces' spans arrived in between.
pub(crate) async fn trace_reads_span_appends_far_apart_in_time_and_queue(
    store: &impl TelemetryStore,
) {
    let t = acme();
    store.append(vec![traces(&t, 1, "a", vec![span(5, 1, None, "root", 0, 10, 0)])]).await.unwrap();
    for position in 2..50 {
        let other = vec![span(1_000 + u128::from(position), 1, None, "other", 5, 1, 0)];
        store.append(vec![traces(&t, position, "b", other)]).await.unwrap();
    }
    let child = vec![span(5, 2, Some(1), "child", 3_000_000, 10, 0)];
    store.append(vec![traces(&t, 50, "c", child)]).await.unwrap();
    let names: Vec<String> =
        store.trace(&t, &hex_trace(5)).await.unwrap().into_iter().map(|s| s.name).collect();
    assert_eq!(names, ["root", "child"]);
}

pub(crate) async fn service_map_links_parent_services_to_child_services(
    store: &impl TelemetryStore,
) {
    seed_traces(store).await;
    let edges = store.service_map(&acme(), range_all()).await.unwrap();
    let pairs: Vec<_> = edges
        .iter()
        .map(|e| (e.caller.as_str(), e.callee.as_str(), e.call_count, e.error_count))
        .collect();
    assert_eq!(pairs, [("checkout", "postgres", 1, 0), ("frontend", "checkout", 1, 1)]);
    assert_eq!(edges[1].p50_ms, 40.0);
}

const SORTS: [SpanSort; 4] =
    [SpanSort::Newest, SpanSort::Oldest, SpanSort::Longest, SpanSort::Shortest];

/// Thirty spans sharing a handful of start times, durations and ids, written twice in
/// separate queue records: many rows tie on everything but the store's row tie-break.
/// Paging through them a row or a few at a time reads each exactly once, in the sort's
/// order, and a cursor is only good for the order it came from.
pub(crate) async fn span_pages_hold_every_span_once_in_order_for_every_sort(
    store: &impl TelemetryStore,
) {
    let t = acme();
    let spans: Vec<Span> = (0..30u64)
        .map(|i| {
            let (trace, id) = (1 + u128::from(i % 4), 100 + i % 7);
            span(trace, id, None, &format!("s{i:02}"), i % 3, 1 + i % 2, 0)
        })
        .collect();
    for (copy, first) in [(0, 1), (1, 4)] {
        let batches = spans
            .chunks(10)
            .zip(first..)
            .map(|(chunk, position)| traces(&t, position, &format!("svc{copy}"), chunk.to_vec()));
        store.append(batches.collect()).await.unwrap();
    }
    let mut expected: Vec<String> =
        spans.iter().flat_map(|s| [s.name.clone(), s.name.clone()]).collect();
    expected.sort();
    for sort in SORTS {
        let query = SpanQuery { sort, ..span_query(&t) };
        let whole = SpanQuery { page: page(1000), ..query.clone() };
        let everything = store.search_spans(&whole).await.unwrap();
        assert_eq!(everything.next, None);
        for limit in [2, 7] {
            let walked = walk(limit, |page| {
                let query = SpanQuery { page, ..query.clone() };
                async move { store.search_spans(&query).await.unwrap() }
            })
            .await;
            assert_eq!(walked, everything.items, "{sort:?}, {limit} at a time");
            let mut names: Vec<String> = walked.iter().map(|s| s.name.clone()).collect();
            names.sort();
            assert_eq!(names, expected, "{sort:?}: every span once");
            let ids = |s: &SpanRecord| (s.trace_id.clone(), s.span_id.clone());
            match sort {
                SpanSort::Newest => {
                    assert_in_order(&walked, |s| (Reverse(s.start_time_unix_nano), ids(s)));
                }
                SpanSort::Oldest => assert_in_order(&walked, |s| (s.start_time_unix_nano, ids(s))),
                SpanSort::Longest => assert_in_order(&walked, |s| {
                    (Reverse(s.duration_ns), Reverse(s.start_time_unix_nano), s.span_id.clone())
                }),
                SpanSort::Shortest => assert_in_order(&walked, |s| {
                    (s.duration_ns, Reverse(s.start_time_unix_nano), s.span_id.clone())
                }),
            }
        }
    }
    let first = store.search_spans(&SpanQuery { page: page(2), ..span_query(&t) }).await.unwrap();
    let other = SpanQuery {
        sort: SpanSort::Oldest,
        page: Page { limit: 2, after: first.next },
        ..span_query(&t)
    };
    let err = store.search_spans(&other).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput, "a newest-first cursor on oldest-first: {err}");
    let traces_query = SpanQuery { page: other.page.clone(), ..span_query(&t) };
    assert_eq!(store.search_traces(&traces_query).await.unwrap_err().kind, ErrorKind::InvalidInput);
}

/// Twelve one-span traces, all of the same duration and half of them starting together:
/// trace pages read each once, in the sort's order.
pub(crate) async fn trace_pages_hold_every_trace_once_in_order_for_every_sort(
    store: &impl TelemetryStore,
) {
    let t = acme();
    let spans: Vec<Span> =
        (1..=12u64).map(|i| span(u128::from(i), i, None, "op", i % 2, 5, 0)).collect();
    let batches = spans
        .chunks(4)
        .zip(1..)
        .map(|(chunk, position)| traces(&t, position, "svc", chunk.to_vec()));
    store.append(batches.collect()).await.unwrap();
    for sort in SORTS {
        let query = SpanQuery { sort, ..span_query(&t) };
        let whole = SpanQuery { page: page(1000), ..query.clone() };
        let everything = store.search_traces(&whole).await.unwrap().items;
        for limit in [1, 5] {
            let walked = walk(limit, |page| {
                let query = SpanQuery { page, ..query.clone() };
                async move { store.search_traces(&query).await.unwrap() }
            })
            .await;
            assert_eq!(walked, everything, "{sort:?}, {limit} at a time");
            let mut ids: Vec<String> = walked.iter().map(|s| s.trace_id.clone()).collect();
            ids.sort();
            assert_eq!(ids, (1..=12).map(hex_trace).collect::<Vec<_>>(), "{sort:?}: each once");
            let start = |s: &ophion_core::query::TraceSummary| s.start_time_unix_nano;
            match sort {
                SpanSort::Newest => {
                    assert_in_order(&walked, |s| (Reverse(start(s)), s.trace_id.clone()))
                }
                SpanSort::Oldest => assert_in_order(&walked, |s| (start(s), s.trace_id.clone())),
                SpanSort::Longest | SpanSort::Shortest => {
                    assert_in_order(&walked, |s| (Reverse(start(s)), s.trace_id.clone()));
                }
            }
        }
    }
}
