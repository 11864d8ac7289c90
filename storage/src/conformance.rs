//! The conformance suite: what every store must answer, written once against the store traits
//! and instantiated for each store with [`conformance_suite!`]. OTLP requests built by hand go
//! in; every query's answer is checked, with tenant isolation, replay, retention and odd values.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::time::Duration;

use ophion_core::otlp::collector::logs::v1::ExportLogsServiceRequest;
use ophion_core::otlp::collector::metrics::v1::ExportMetricsServiceRequest;
use ophion_core::otlp::collector::trace::v1::ExportTraceServiceRequest;
use ophion_core::otlp::common::v1::{
    AnyValue, ArrayValue, InstrumentationScope, KeyValue, KeyValueList, any_value,
};
use ophion_core::otlp::logs::v1::{LogRecord, ResourceLogs, ScopeLogs};
use ophion_core::otlp::metrics::v1::{
    AggregationTemporality, ExponentialHistogram, ExponentialHistogramDataPoint, Gauge, Histogram,
    HistogramDataPoint, Metric, NumberDataPoint, ResourceMetrics, ScopeMetrics, Sum, Summary,
    SummaryDataPoint, exponential_histogram_data_point, metric, number_data_point,
    summary_data_point,
};
use ophion_core::otlp::resource::v1::Resource;
use ophion_core::otlp::trace::v1::{ResourceSpans, ScopeSpans, Span, Status, span};
use ophion_core::query::{
    AttributeFilter, LogQuery, MetricQuery, Page, SeriesFunction, SeriesQuery, SpanEvent, SpanLink,
    SpanQuery, SpanRecord, SpanSort, StatusFilter, TimeRange,
};
use ophion_core::store::RetentionPolicy;
use ophion_core::{AppliedBatch, Batch, ErrorKind, Payload, TelemetryStore, TenantId};
use serde_json::json;

pub(crate) const T0: u64 = 1_700_000_000_000_000_000;
pub(crate) const MS: u64 = 1_000_000;
pub(crate) const SEC: u64 = 1_000_000_000;

// ---- builders ------------------------------------------------------------------------------

pub(crate) fn tenant(name: &str) -> TenantId {
    TenantId::new(name).unwrap()
}

pub(crate) fn acme() -> TenantId {
    tenant("acme")
}

pub(crate) fn text(v: &str) -> any_value::Value {
    any_value::Value::StringValue(v.to_owned())
}

pub(crate) fn kv(key: &str, value: any_value::Value) -> KeyValue {
    KeyValue {
        key: key.to_owned(),
        value: Some(AnyValue { value: Some(value) }),
        ..Default::default()
    }
}

pub(crate) fn resource(service: &str, extra: Vec<KeyValue>) -> Option<Resource> {
    let mut attributes = vec![kv("service.name", text(service))];
    attributes.extend(extra);
    Some(Resource { attributes, ..Default::default() })
}

pub(crate) fn trace_bytes(id: u128) -> Vec<u8> {
    id.to_be_bytes().to_vec()
}

pub(crate) fn span_bytes(id: u64) -> Vec<u8> {
    id.to_be_bytes().to_vec()
}

pub(crate) fn hex_trace(id: u128) -> String {
    format!("{id:032x}")
}

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

pub(crate) fn log(offset_ms: u64, severity: i32, body: any_value::Value) -> LogRecord {
    LogRecord {
        time_unix_nano: T0 + offset_ms * MS,
        observed_time_unix_nano: T0 + offset_ms * MS + 1,
        severity_number: severity,
        severity_text: format!("S{severity}"),
        body: Some(AnyValue { value: Some(body) }),
        ..Default::default()
    }
}

pub(crate) fn logs(
    tenant: &TenantId,
    position: u64,
    service: &str,
    records: Vec<LogRecord>,
) -> AppliedBatch {
    let request = ExportLogsServiceRequest {
        resource_logs: vec![ResourceLogs {
            resource: resource(service, vec![]),
            scope_logs: vec![ScopeLogs {
                scope: Some(InstrumentationScope { name: "logger".into(), ..Default::default() }),
                log_records: records,
                ..Default::default()
            }],
            ..Default::default()
        }],
    };
    AppliedBatch { position, batch: Batch::new(tenant.clone(), Payload::Logs(request)) }
}

pub(crate) fn metrics(
    tenant: &TenantId,
    position: u64,
    service: &str,
    metrics: Vec<Metric>,
) -> AppliedBatch {
    let request = ExportMetricsServiceRequest {
        resource_metrics: vec![ResourceMetrics {
            resource: resource(service, vec![]),
            scope_metrics: vec![ScopeMetrics { metrics, ..Default::default() }],
            ..Default::default()
        }],
    };
    AppliedBatch { position, batch: Batch::new(tenant.clone(), Payload::Metrics(request)) }
}

pub(crate) fn number(offset_ms: u64, value: f64, attrs: Vec<KeyValue>) -> NumberDataPoint {
    NumberDataPoint {
        attributes: attrs,
        time_unix_nano: T0 + offset_ms * MS,
        start_time_unix_nano: T0,
        value: Some(number_data_point::Value::AsDouble(value)),
        ..Default::default()
    }
}

pub(crate) fn gauge(name: &str, points: Vec<NumberDataPoint>) -> Metric {
    Metric {
        name: name.into(),
        unit: "1".into(),
        description: format!("{name} gauge"),
        data: Some(metric::Data::Gauge(Gauge { data_points: points })),
        ..Default::default()
    }
}

pub(crate) fn counter(
    name: &str,
    temporality: AggregationTemporality,
    points: Vec<NumberDataPoint>,
) -> Metric {
    Metric {
        name: name.into(),
        unit: "{requests}".into(),
        description: "requests".into(),
        data: Some(metric::Data::Sum(Sum {
            data_points: points,
            aggregation_temporality: temporality as i32,
            is_monotonic: true,
        })),
        ..Default::default()
    }
}

pub(crate) fn histogram_point(
    offset_ms: u64,
    bounds: &[f64],
    counts: &[u64],
    sum: f64,
) -> HistogramDataPoint {
    HistogramDataPoint {
        time_unix_nano: T0 + offset_ms * MS,
        start_time_unix_nano: T0,
        count: counts.iter().sum(),
        sum: Some(sum),
        bucket_counts: counts.to_vec(),
        explicit_bounds: bounds.to_vec(),
        ..Default::default()
    }
}

pub(crate) fn histogram(
    name: &str,
    temporality: AggregationTemporality,
    points: Vec<HistogramDataPoint>,
) -> Metric {
    Metric {
        name: name.into(),
        unit: "ms".into(),
        data: Some(metric::Data::Histogram(Histogram {
            data_points: points,
            aggregation_temporality: temporality as i32,
        })),
        ..Default::default()
    }
}

pub(crate) fn range_all() -> TimeRange {
    TimeRange { start_ns: T0 - 3600 * SEC, end_ns: T0 + 3600 * SEC }
}

pub(crate) fn page(limit: usize, offset: usize) -> Page {
    Page { limit, offset }
}

pub(crate) fn span_query(tenant: &TenantId) -> SpanQuery {
    SpanQuery {
        tenant: tenant.clone(),
        range: range_all(),
        service: None,
        operation: None,
        min_duration_ns: None,
        max_duration_ns: None,
        status: None,
        trace_id: None,
        attributes: vec![],
        sort: SpanSort::Newest,
        page: page(100, 0),
    }
}

pub(crate) fn log_query(tenant: &TenantId) -> LogQuery {
    LogQuery {
        tenant: tenant.clone(),
        range: range_all(),
        service: None,
        text: None,
        min_severity: None,
        trace_id: None,
        attributes: vec![],
        page: page(100, 0),
    }
}

pub(crate) fn metric_query(tenant: &TenantId, name: Option<&str>) -> MetricQuery {
    MetricQuery {
        tenant: tenant.clone(),
        range: range_all(),
        name: name.map(str::to_owned),
        service: None,
        attributes: vec![],
        page: page(100, 0),
    }
}

pub(crate) fn attr(key: &str, value: &str) -> AttributeFilter {
    AttributeFilter { key: key.into(), value: value.into() }
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

/// One `#[tokio::test]` per conformance test, each on a fresh store from `$open`: an
/// expression (it may `.await`) giving a guard to keep alive for the test, such as the
/// server the store lives on, and the store. Every store instantiates the whole list, so a
/// new test runs everywhere.
macro_rules! conformance_suite {
    ($open:expr) => {
        $crate::conformance::conformance_suite!(@each $open;
            span_round_trips_every_otlp_field,
            attribute_values_keep_their_otlp_types,
            trace_lookup_orders_spans_by_start_and_knows_nothing_of_unknown_ids,
            span_search_applies_each_filter,
            hot_attribute_filters_read_the_typed_columns,
            span_search_sorts_and_pages,
            trace_search_summarises_whole_traces_matched_by_any_span,
            services_report_counts_rates_errors_and_latency_percentiles,
            service_series_buckets_red_per_step_and_per_operation,
            trace_reads_span_appends_far_apart_in_time_and_queue,
            service_map_links_parent_services_to_child_services,
            logs_are_searched_by_text_severity_service_trace_and_attributes,
            log_histogram_counts_per_bucket_and_severity_group,
            all_five_metric_types_round_trip_with_their_buckets,
            metric_points_filter_by_service_and_attributes_newest_first,
            metric_aggregate_covers_values_histograms_and_summaries,
            cumulative_histogram_aggregate_uses_each_series_latest_point,
            metric_series_buckets_values_by_step,
            rate_handles_counter_resets_per_series_and_sums_series,
            quantile_series_estimates_from_histogram_buckets,
            tenants_never_see_each_others_data,
            replaying_applied_positions_does_not_duplicate,
            retention_deletes_only_rows_older_than_each_signals_age,
            odd_values_survive_empty_strings_unicode_huge_values_and_missing_ids,
            empty_appends_and_empty_requests_are_fine,
            reads_run_concurrently_with_appends,
        );
    };
    (@each $open:expr; $($name:ident,)*) => {
        $(
            #[tokio::test]
            async fn $name() {
                let (_guard, store) = $open;
                $crate::conformance::$name(&store).await;
            }
        )*
    };
}
pub(crate) use conformance_suite;

// ---- several instances (stores that several processes share) ------------------------------

/// Two instances, two queues, one database: positions are per instance, so neither skips
/// the other's data as already applied, and a writer's retry duplicates nothing.
pub(crate) async fn two_instances_share_one_database(
    a: &impl TelemetryStore,
    b: &impl TelemetryStore,
) {
    async fn write(store: &impl TelemetryStore, base: u128) {
        for position in 1..=10u64 {
            let s = span(base + u128::from(position), 1, None, "op", position, 1, 0);
            let batch = traces(&acme(), position, "svc", vec![s]);
            store.append(vec![batch.clone()]).await.unwrap();
            store.append(vec![batch]).await.unwrap(); // a writer's retry
        }
    }
    tokio::join!(write(a, 1_000), write(b, 2_000));
    let stats = a.stats(&acme()).await.unwrap();
    assert_eq!((stats.spans, stats.traces), (20, 20));
    assert_eq!(a.applied_position().await.unwrap(), Some(10));
    assert_eq!(b.applied_position().await.unwrap(), Some(10));
}

/// Claims race; one wins each job's period, for good.
pub(crate) async fn each_background_job_period_has_one_holder(store: &impl TelemetryStore) {
    let (a, b, c) = tokio::join!(
        store.claim("retention", 7, "a"),
        store.claim("retention", 7, "b"),
        store.claim("retention", 7, "c"),
    );
    let holders = [a.unwrap(), b.unwrap(), c.unwrap()];
    assert_eq!(holders.iter().filter(|&&h| h).count(), 1, "{holders:?}");
    // Claiming again, or late, changes nothing; the next period is open to all.
    let first = ["a", "b", "c"][holders.iter().position(|&h| h).unwrap()];
    assert!(store.claim("retention", 7, first).await.unwrap());
    assert!(!store.claim("retention", 7, "d").await.unwrap());
    assert!(store.claim("retention", 8, "d").await.unwrap());
    assert!(store.claim("alerts", 7, "d").await.unwrap());
}

// ---- tests ---------------------------------------------------------------------------------

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
    store
        .append(vec![AppliedBatch {
            position: 1,
            batch: Batch::new(t.clone(), Payload::Traces(request)),
        }])
        .await
        .unwrap();

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

    let all = store.search_spans(&span_query(&t)).await.unwrap();
    assert_eq!(names(all), ["orphan", "GET /home", "db query", "POST /pay", "GET /checkout"]);

    let q = SpanQuery { service: Some("checkout".into()), ..span_query(&t) };
    assert_eq!(names(store.search_spans(&q).await.unwrap()), ["orphan", "POST /pay"]);

    let q = SpanQuery { operation: Some("GET /home".into()), ..span_query(&t) };
    assert_eq!(names(store.search_spans(&q).await.unwrap()), ["GET /home"]);

    let q = SpanQuery {
        min_duration_ns: Some(20 * MS),
        max_duration_ns: Some(40 * MS),
        ..span_query(&t)
    };
    assert_eq!(names(store.search_spans(&q).await.unwrap()), ["GET /home", "POST /pay"]);

    let q = SpanQuery { status: Some(StatusFilter::Error), ..span_query(&t) };
    assert_eq!(names(store.search_spans(&q).await.unwrap()), ["POST /pay"]);
    let q = SpanQuery { status: Some(StatusFilter::Ok), ..span_query(&t) };
    assert_eq!(names(store.search_spans(&q).await.unwrap()), ["GET /home"]);

    let q = SpanQuery { trace_id: Some(hex_trace(1)), ..span_query(&t) };
    assert_eq!(store.search_spans(&q).await.unwrap().len(), 3);

    // Numbers match their JSON form; strings match raw; resource attributes match too.
    let q =
        SpanQuery { attributes: vec![attr("http.response.status_code", "500")], ..span_query(&t) };
    assert_eq!(names(store.search_spans(&q).await.unwrap()), ["POST /pay"]);
    let q = SpanQuery { attributes: vec![attr("http.route", "/checkout")], ..span_query(&t) };
    assert_eq!(names(store.search_spans(&q).await.unwrap()), ["GET /checkout"]);
    let q = SpanQuery { attributes: vec![attr("service.name", "postgres")], ..span_query(&t) };
    assert_eq!(names(store.search_spans(&q).await.unwrap()), ["db query"]);
    let q = SpanQuery { attributes: vec![attr("http.route", "/nope")], ..span_query(&t) };
    assert!(store.search_spans(&q).await.unwrap().is_empty());

    let q = SpanQuery {
        range: TimeRange { start_ns: T0 + 500 * MS, end_ns: T0 + 2000 * MS },
        ..span_query(&t)
    };
    assert_eq!(names(store.search_spans(&q).await.unwrap()), ["GET /home"], "end is exclusive");

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
    let batch =
        AppliedBatch { position: 1, batch: Batch::new(t.clone(), Payload::Traces(request)) };
    store.append(vec![batch]).await.unwrap();

    let names = |key: &str, value: &str| {
        let q = SpanQuery { attributes: vec![attr(key, value)], ..span_query(&t) };
        let store = &store;
        async move {
            let mut names: Vec<String> =
                store.search_spans(&q).await.unwrap().into_iter().map(|s| s.name).collect();
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
    assert_eq!(names(store.search_spans(&q).await.unwrap())[0], "GET /checkout");
    let q = SpanQuery { sort: SpanSort::Longest, ..span_query(&t) };
    assert_eq!(
        names(store.search_spans(&q).await.unwrap()),
        ["GET /checkout", "POST /pay", "GET /home", "db query", "orphan"]
    );
    let q = SpanQuery { sort: SpanSort::Shortest, page: page(2, 1), ..span_query(&t) };
    assert_eq!(names(store.search_spans(&q).await.unwrap()), ["db query", "GET /home"]);
    let q = SpanQuery { page: page(0, 0), ..span_query(&t) };
    assert!(store.search_spans(&q).await.unwrap().is_empty());
}

pub(crate) async fn trace_search_summarises_whole_traces_matched_by_any_span(
    store: &impl TelemetryStore,
) {
    seed_traces(store).await;
    let t = acme();
    let found = store.search_traces(&span_query(&t)).await.unwrap();
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
    let found = store.search_traces(&q).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].span_count, 3);
    assert_eq!(found[0].root_service, "frontend");

    let q = SpanQuery { sort: SpanSort::Longest, page: page(1, 0), ..span_query(&t) };
    assert_eq!(store.search_traces(&q).await.unwrap()[0].trace_id, hex_trace(1));
    let q = SpanQuery { sort: SpanSort::Shortest, page: page(2, 1), ..span_query(&t) };
    let ids: Vec<_> =
        store.search_traces(&q).await.unwrap().into_iter().map(|s| s.trace_id).collect();
    assert_eq!(ids, [hex_trace(2), hex_trace(1)]);
    let q = SpanQuery { status: Some(StatusFilter::Error), ..span_query(&t) };
    assert_eq!(store.search_traces(&q).await.unwrap().len(), 1);
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
    let points = store.service_series(&t, "frontend", range, SEC).await.unwrap();
    let got: Vec<(u64, u64, u64)> =
        points.iter().map(|p| (p.time_unix_nano, p.span_count, p.error_count)).collect();
    assert_eq!(got, [(T0, 1, 0), (T0 + SEC, 1, 0)]);
    assert_close(points[0].p99_ms, 100.0);
    assert_close(points[1].p50_ms, 20.0);
    // checkout in one 10 s step: `POST /pay` (40 ms, failed) and `orphan` (5 ms).
    let whole = store.service_series(&t, "checkout", range, 10 * SEC).await.unwrap();
    assert_eq!((whole.len(), whole[0].span_count, whole[0].error_count), (1, 2, 1));
    let mut split = store.operation_series(&t, "checkout", range, 10 * SEC).await.unwrap();
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
    assert!(
        store.operation_series(&tenant("globex"), "checkout", range, SEC).await.unwrap().is_empty()
    );
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

pub(crate) async fn logs_are_searched_by_text_severity_service_trace_and_attributes(
    store: &impl TelemetryStore,
) {
    let t = acme();
    let mut with_trace = log(3, 17, text("Payment FAILED: card_declined"));
    with_trace.trace_id = trace_bytes(77);
    with_trace.span_id = span_bytes(5);
    with_trace.attributes =
        vec![kv("user.id", any_value::Value::IntValue(42)), kv("http.route", text("/pay"))];
    with_trace.event_name = "payment.failed".into();
    with_trace.flags = 1;
    let mut untimed = log(0, 9, text("100% done"));
    untimed.time_unix_nano = 0;
    untimed.observed_time_unix_nano = T0 + 5 * MS;
    let structured = log(
        1,
        13,
        any_value::Value::KvlistValue(KeyValueList { values: vec![kv("msg", text("slow query"))] }),
    );
    store
        .append(vec![
            logs(&t, 1, "payments", vec![log(2, 9, text("payment accepted")), with_trace]),
            logs(&t, 2, "api", vec![untimed, structured]),
        ])
        .await
        .unwrap();

    let bodies = |rows: Vec<ophion_core::query::LogRecordRow>| {
        rows.into_iter().map(|r| r.body).collect::<Vec<_>>()
    };
    let all = store.search_logs(&log_query(&t)).await.unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(all[0].body, json!("100% done"), "time falls back to observed time, newest first");
    assert_eq!(all[0].time_unix_nano, T0 + 5 * MS);
    assert_eq!(all[0].observed_time_unix_nano, T0 + 5 * MS);

    let failed = &all[1];
    assert_eq!(failed.trace_id, hex_trace(77));
    assert_eq!(failed.span_id, "0000000000000005");
    assert_eq!(failed.severity_number, 17);
    assert_eq!(failed.severity_text, "S17");
    assert_eq!(failed.service_name, "payments");
    assert_eq!(failed.event_name, "payment.failed");
    assert_eq!(failed.flags, 1);
    assert_eq!(failed.scope_name, "logger");
    assert_eq!(failed.attributes["user.id"], json!(42));
    assert_eq!(failed.resource_attributes["service.name"], json!("payments"));
    assert_eq!(all[3].body, json!({"msg": "slow query"}));
    assert_eq!(all[3].trace_id, "");

    let q = LogQuery { text: Some("payment".into()), ..log_query(&t) };
    assert_eq!(
        bodies(store.search_logs(&q).await.unwrap()),
        [json!("Payment FAILED: card_declined"), json!("payment accepted")]
    );
    let q = LogQuery { text: Some("SLOW".into()), ..log_query(&t) };
    assert_eq!(store.search_logs(&q).await.unwrap().len(), 1, "structured bodies are searchable");
    let q = LogQuery { text: Some("0%".into()), ..log_query(&t) };
    assert_eq!(bodies(store.search_logs(&q).await.unwrap()), [json!("100% done")]);
    let q = LogQuery { text: Some("t_d".into()), ..log_query(&t) };
    assert!(store.search_logs(&q).await.unwrap().is_empty(), "_ is literal, not a wildcard");
    let q = LogQuery { text: Some("card_".into()), ..log_query(&t) };
    assert_eq!(store.search_logs(&q).await.unwrap().len(), 1);

    let q = LogQuery { min_severity: Some(13), ..log_query(&t) };
    assert_eq!(store.search_logs(&q).await.unwrap().len(), 2);
    let q = LogQuery { service: Some("api".into()), ..log_query(&t) };
    assert_eq!(store.search_logs(&q).await.unwrap().len(), 2);
    let q = LogQuery { trace_id: Some(hex_trace(77)), ..log_query(&t) };
    assert_eq!(store.search_logs(&q).await.unwrap().len(), 1);
    let q = LogQuery { attributes: vec![attr("user.id", "42")], ..log_query(&t) };
    assert_eq!(store.search_logs(&q).await.unwrap().len(), 1);
    // A key that is a typed column on spans is a plain attribute on logs.
    let q = LogQuery { attributes: vec![attr("http.route", "/pay")], ..log_query(&t) };
    assert_eq!(store.search_logs(&q).await.unwrap().len(), 1);
    let q = LogQuery { page: page(2, 1), ..log_query(&t) };
    let rows = store.search_logs(&q).await.unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].severity_number, 17);
}

pub(crate) async fn log_histogram_counts_per_bucket_and_severity_group(
    store: &impl TelemetryStore,
) {
    let t = acme();
    let records = vec![
        log(0, 1, text("t")),
        log(100, 9, text("i")),
        log(999, 17, text("e")),
        log(1000, 13, text("w")),
        log(2500, 0, text("u")),
        log(2600, 24, text("f")),
        log(2700, 5, text("d")),
    ];
    store.append(vec![logs(&t, 1, "svc", records)]).await.unwrap();
    let q = LogQuery { range: TimeRange { start_ns: T0, end_ns: T0 + 3 * SEC }, ..log_query(&t) };
    let buckets = store.log_histogram(&q, SEC).await.unwrap();
    assert_eq!(buckets.len(), 3);
    assert_eq!(
        buckets.iter().map(|b| b.start_unix_nano).collect::<Vec<_>>(),
        [T0, T0 + SEC, T0 + 2 * SEC]
    );
    assert_eq!(buckets.iter().map(|b| b.count).collect::<Vec<_>>(), [3, 1, 3]);
    assert_eq!(
        buckets[0].by_severity,
        BTreeMap::from([("trace".into(), 1), ("info".into(), 1), ("error".into(), 1)])
    );
    assert_eq!(buckets[1].by_severity, BTreeMap::from([("warn".into(), 1)]));
    assert_eq!(
        buckets[2].by_severity,
        BTreeMap::from([("unspecified".into(), 1), ("fatal".into(), 1), ("debug".into(), 1)])
    );
    assert_eq!(store.log_histogram(&q, 0).await.unwrap_err().kind, ErrorKind::InvalidInput);
    assert_eq!(store.log_histogram(&q, 1).await.unwrap_err().kind, ErrorKind::InvalidInput);
}

pub(crate) fn all_metric_types() -> Vec<Metric> {
    let mut g = gauge("cpu", vec![number(0, 0.5, vec![kv("core", any_value::Value::IntValue(0))])]);
    g.unit = "1".into();
    let sum =
        counter("requests", AggregationTemporality::Cumulative, vec![number(0, 10.0, vec![])]);
    let mut h = histogram_point(0, &[5.0, 10.0], &[1, 2, 3], 70.0);
    h.min = Some(1.0);
    h.max = Some(30.0);
    let hist = histogram("latency", AggregationTemporality::Delta, vec![h]);
    let exp = Metric {
        name: "size".into(),
        data: Some(metric::Data::ExponentialHistogram(ExponentialHistogram {
            data_points: vec![ExponentialHistogramDataPoint {
                time_unix_nano: T0,
                start_time_unix_nano: T0 - SEC,
                count: 6,
                sum: Some(12.5),
                scale: 1,
                zero_count: 1,
                zero_threshold: 0.001,
                positive: Some(exponential_histogram_data_point::Buckets {
                    offset: -1,
                    bucket_counts: vec![1, 2],
                }),
                negative: Some(exponential_histogram_data_point::Buckets {
                    offset: 2,
                    bucket_counts: vec![2],
                }),
                min: Some(-2.0),
                max: Some(1.4),
                ..Default::default()
            }],
            aggregation_temporality: AggregationTemporality::Cumulative as i32,
        })),
        ..Default::default()
    };
    let summary = Metric {
        name: "gc".into(),
        data: Some(metric::Data::Summary(Summary {
            data_points: vec![SummaryDataPoint {
                time_unix_nano: T0,
                count: 4,
                sum: 8.0,
                quantile_values: vec![
                    summary_data_point::ValueAtQuantile { quantile: 0.5, value: 1.5 },
                    summary_data_point::ValueAtQuantile { quantile: 0.99, value: 4.0 },
                ],
                ..Default::default()
            }],
        })),
        ..Default::default()
    };
    vec![g, sum, hist, exp, summary]
}

pub(crate) async fn all_five_metric_types_round_trip_with_their_buckets(
    store: &impl TelemetryStore,
) {
    let t = acme();
    store.append(vec![metrics(&t, 1, "api", all_metric_types())]).await.unwrap();
    let point = |name: &str| {
        let store = &store;
        let t = t.clone();
        let name = name.to_owned();
        async move {
            let mut points = store.metric_points(&metric_query(&t, Some(&name))).await.unwrap();
            assert_eq!(points.len(), 1, "{name}");
            points.remove(0)
        }
    };

    let cpu = point("cpu").await;
    assert_eq!((cpu.kind.as_str(), cpu.value, cpu.unit.as_str()), ("gauge", Some(0.5), "1"));
    assert_eq!(cpu.description, "cpu gauge");
    assert_eq!(cpu.service_name, "api");
    assert_eq!(cpu.attributes["core"], json!(0));
    assert_eq!(cpu.resource_attributes["service.name"], json!("api"));
    assert_eq!(cpu.time_unix_nano, T0);
    assert_eq!(cpu.start_time_unix_nano, T0);
    assert!(cpu.explicit_bounds.is_empty() && cpu.temporality.is_none());

    let requests = point("requests").await;
    assert_eq!(requests.kind, "sum");
    assert_eq!(requests.is_monotonic, Some(true));
    assert_eq!(requests.temporality.as_deref(), Some("cumulative"));

    let latency = point("latency").await;
    assert_eq!(latency.kind, "histogram");
    assert_eq!(latency.temporality.as_deref(), Some("delta"));
    assert_eq!(latency.explicit_bounds, [5.0, 10.0]);
    assert_eq!(latency.bucket_counts, [1, 2, 3]);
    assert_eq!(
        (latency.count, latency.sum, latency.min, latency.max),
        (Some(6), Some(70.0), Some(1.0), Some(30.0))
    );
    assert_eq!(latency.value, None);

    let size = point("size").await;
    assert_eq!(size.kind, "exponential_histogram");
    assert_eq!((size.scale, size.zero_count), (Some(1), Some(1)));
    assert_eq!((size.positive_offset, size.positive_bucket_counts.clone()), (Some(-1), vec![1, 2]));
    assert_eq!((size.negative_offset, size.negative_bucket_counts.clone()), (Some(2), vec![2]));
    assert_eq!(
        (size.count, size.sum, size.min, size.max),
        (Some(6), Some(12.5), Some(-2.0), Some(1.4))
    );
    assert_eq!(size.start_time_unix_nano, T0 - SEC);

    let gc = point("gc").await;
    assert_eq!(gc.kind, "summary");
    assert_eq!(gc.quantiles, [(0.5, 1.5), (0.99, 4.0)]);
    assert_eq!((gc.count, gc.sum), (Some(4), Some(8.0)));

    let names = store.metric_names(&t, range_all()).await.unwrap();
    let listed: Vec<_> =
        names.iter().map(|n| (n.name.as_str(), n.kind.as_str(), n.point_count)).collect();
    assert_eq!(
        listed,
        [
            ("cpu", "gauge", 1),
            ("gc", "summary", 1),
            ("latency", "histogram", 1),
            ("requests", "sum", 1),
            ("size", "exponential_histogram", 1)
        ]
    );
    assert_eq!(names[0].description, "cpu gauge");
    assert_eq!(names[0].last_seen_unix_nano, T0);
}

pub(crate) async fn metric_points_filter_by_service_and_attributes_newest_first(
    store: &impl TelemetryStore,
) {
    let t = acme();
    let host = |h: &str| vec![kv("host", text(h))];
    store
        .append(vec![
            metrics(
                &t,
                1,
                "api",
                vec![gauge(
                    "cpu",
                    vec![
                        number(0, 1.0, host("a")),
                        number(10, 2.0, host("b")),
                        number(20, 3.0, host("a")),
                    ],
                )],
            ),
            metrics(&t, 2, "worker", vec![gauge("cpu", vec![number(5, 9.0, host("a"))])]),
        ])
        .await
        .unwrap();
    let values = |points: Vec<ophion_core::query::MetricPoint>| {
        points.into_iter().map(|p| p.value.unwrap()).collect::<Vec<_>>()
    };
    assert_eq!(
        values(store.metric_points(&metric_query(&t, Some("cpu"))).await.unwrap()),
        [3.0, 2.0, 9.0, 1.0]
    );
    let q = MetricQuery {
        service: Some("api".into()),
        attributes: vec![attr("host", "a")],
        ..metric_query(&t, Some("cpu"))
    };
    assert_eq!(values(store.metric_points(&q).await.unwrap()), [3.0, 1.0]);
    let q = MetricQuery { page: page(2, 1), ..metric_query(&t, None) };
    assert_eq!(values(store.metric_points(&q).await.unwrap()), [2.0, 9.0]);
    assert!(store.metric_points(&metric_query(&t, Some("memory"))).await.unwrap().is_empty());
}

pub(crate) async fn metric_aggregate_covers_values_histograms_and_summaries(
    store: &impl TelemetryStore,
) {
    let t = acme();
    let values: Vec<_> = (1..=5).map(|i| number(i * 10, i as f64, vec![])).collect();
    let delta_hists = vec![
        histogram_point(0, &[0.0, 10.0, 20.0], &[0, 10, 0, 0], 50.0),
        histogram_point(10, &[0.0, 10.0, 20.0], &[0, 0, 10, 0], 150.0),
    ];
    store
        .append(vec![metrics(
            &t,
            1,
            "api",
            vec![
                gauge("queue", values),
                histogram("latency", AggregationTemporality::Delta, delta_hists),
            ],
        )])
        .await
        .unwrap();
    store.append(vec![metrics(&t, 2, "api", all_metric_types()[4..].to_vec())]).await.unwrap();

    let agg = store.metric_aggregate(&metric_query(&t, Some("queue"))).await.unwrap();
    assert_eq!(
        (agg.count, agg.sum, agg.avg, agg.min, agg.max),
        (5, 15.0, Some(3.0), Some(1.0), Some(5.0))
    );
    assert_eq!(agg.p50, Some(3.0));
    assert!((agg.p95.unwrap() - 4.8).abs() < 1e-9);

    let agg = store.metric_aggregate(&metric_query(&t, Some("latency"))).await.unwrap();
    assert_eq!((agg.count, agg.sum, agg.avg), (20, 200.0, Some(10.0)));
    assert_eq!(agg.p50, Some(10.0));
    assert!((agg.p95.unwrap() - 19.0).abs() < 1e-9, "{:?}", agg.p95);

    let agg = store.metric_aggregate(&metric_query(&t, Some("gc"))).await.unwrap();
    assert_eq!((agg.count, agg.sum, agg.p50, agg.p99), (4, 8.0, Some(1.5), Some(4.0)));

    let none = store.metric_aggregate(&metric_query(&t, Some("missing"))).await.unwrap();
    assert_eq!((none.name.as_str(), none.count, none.avg), ("missing", 0, None));
    let err = store.metric_aggregate(&metric_query(&t, None)).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
}

pub(crate) async fn cumulative_histogram_aggregate_uses_each_series_latest_point(
    store: &impl TelemetryStore,
) {
    let t = acme();
    let points = vec![
        histogram_point(0, &[10.0], &[1, 0], 5.0),
        histogram_point(10, &[10.0], &[4, 0], 20.0),
    ];
    store
        .append(vec![metrics(
            &t,
            1,
            "api",
            vec![histogram("h", AggregationTemporality::Cumulative, points)],
        )])
        .await
        .unwrap();
    let agg = store.metric_aggregate(&metric_query(&t, Some("h"))).await.unwrap();
    assert_eq!((agg.count, agg.sum), (4, 20.0));
}

pub(crate) fn series_query(
    tenant: &TenantId,
    name: &str,
    step_ns: u64,
    function: SeriesFunction,
) -> SeriesQuery {
    SeriesQuery {
        metric: MetricQuery {
            range: TimeRange { start_ns: T0, end_ns: T0 + 4 * SEC },
            ..metric_query(tenant, Some(name))
        },
        step_ns,
        function,
    }
}

pub(crate) async fn metric_series_buckets_values_by_step(store: &impl TelemetryStore) {
    let t = acme();
    let points = vec![
        number(0, 1.0, vec![]),
        number(500, 3.0, vec![]),
        number(1500, 10.0, vec![]),
        number(3000, 7.0, vec![]),
    ];
    store.append(vec![metrics(&t, 1, "api", vec![gauge("g", points)])]).await.unwrap();
    let run = |f| {
        let store = &store;
        let q = series_query(&t, "g", SEC, f);
        async move {
            store
                .metric_series(&q)
                .await
                .unwrap()
                .into_iter()
                .map(|p| ((p.time_unix_nano - T0) / SEC, p.value))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(run(SeriesFunction::Avg).await, [(0, 2.0), (1, 10.0), (3, 7.0)]);
    assert_eq!(run(SeriesFunction::Sum).await, [(0, 4.0), (1, 10.0), (3, 7.0)]);
    assert_eq!(run(SeriesFunction::Min).await, [(0, 1.0), (1, 10.0), (3, 7.0)]);
    assert_eq!(run(SeriesFunction::Max).await, [(0, 3.0), (1, 10.0), (3, 7.0)]);
    assert_eq!(run(SeriesFunction::Count).await, [(0, 2.0), (1, 1.0), (3, 1.0)]);
    assert_eq!(run(SeriesFunction::Quantile(50)).await, [(0, 2.0), (1, 10.0), (3, 7.0)]);
    let err = store
        .metric_series(&series_query(&t, "g", SEC, SeriesFunction::Quantile(101)))
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    let err =
        store.metric_series(&series_query(&t, "g", 0, SeriesFunction::Avg)).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
}

pub(crate) async fn rate_handles_counter_resets_per_series_and_sums_series(
    store: &impl TelemetryStore,
) {
    let t = acme();
    let a = |ms, v| number(ms, v, vec![kv("route", text("/a"))]);
    let b = |ms, v| number(ms, v, vec![kv("route", text("/b"))]);
    // Series a: 0 → 10 → 30 → reset to 5 → 15. Series b: 100 → 104.
    let cumulative = counter(
        "requests",
        AggregationTemporality::Cumulative,
        vec![
            a(0, 0.0),
            a(500, 10.0),
            a(1500, 30.0),
            a(2500, 5.0),
            a(3500, 15.0),
            b(400, 100.0),
            b(1400, 104.0),
        ],
    );
    let delta = counter(
        "jobs",
        AggregationTemporality::Delta,
        vec![a(100, 3.0), a(200, 5.0), a(1100, 2.0)],
    );
    store.append(vec![metrics(&t, 1, "api", vec![cumulative, delta])]).await.unwrap();

    let rate = store
        .metric_series(&series_query(&t, "requests", SEC, SeriesFunction::Rate))
        .await
        .unwrap();
    let got: Vec<_> = rate.iter().map(|p| ((p.time_unix_nano - T0) / SEC, p.value)).collect();
    assert_eq!(got, [(0, 10.0), (1, 24.0), (2, 5.0), (3, 10.0)]);

    let rate = store
        .metric_series(&series_query(&t, "jobs", 2 * SEC, SeriesFunction::Rate))
        .await
        .unwrap();
    let got: Vec<_> = rate.iter().map(|p| ((p.time_unix_nano - T0) / SEC, p.value)).collect();
    assert_eq!(got, [(0, 5.0)], "delta sums: sum over the bucket / step seconds");
}

pub(crate) async fn quantile_series_estimates_from_histogram_buckets(store: &impl TelemetryStore) {
    let t = acme();
    let bounds = [0.0, 10.0, 20.0];
    let cumulative = vec![
        histogram_point(0, &bounds, &[0, 10, 0, 0], 50.0),
        // In the second bucket of time: 10 more observations, all in (10, 20].
        histogram_point(1000, &bounds, &[0, 10, 10, 0], 200.0),
    ];
    store
        .append(vec![metrics(
            &t,
            1,
            "api",
            vec![histogram("latency", AggregationTemporality::Cumulative, cumulative)],
        )])
        .await
        .unwrap();
    let series = store
        .metric_series(&series_query(&t, "latency", SEC, SeriesFunction::Quantile(50)))
        .await
        .unwrap();
    let got: Vec<_> = series.iter().map(|p| ((p.time_unix_nano - T0) / SEC, p.value)).collect();
    assert_eq!(got, [(0, 5.0), (1, 15.0)]);
}

pub(crate) async fn tenants_never_see_each_others_data(store: &impl TelemetryStore) {
    seed_traces(store).await;
    let a = acme();
    store.append(vec![logs(&a, 10, "svc", vec![log(0, 9, text("secret"))])]).await.unwrap();
    store.append(vec![metrics(&a, 11, "svc", all_metric_types())]).await.unwrap();
    let b = tenant("globex");

    assert_eq!(store.stats(&a).await.unwrap().spans, 5);
    let stats = store.stats(&b).await.unwrap();
    assert_eq!((stats.spans, stats.traces, stats.logs, stats.metric_points), (0, 0, 0, 0));
    assert_eq!(stats.tenant, "globex");
    assert!(store.services(&b, range_all()).await.unwrap().is_empty());
    assert!(store.service_map(&b, range_all()).await.unwrap().is_empty());
    assert!(store.trace(&b, &hex_trace(1)).await.unwrap().is_empty());
    assert!(store.search_spans(&span_query(&b)).await.unwrap().is_empty());
    assert!(store.search_traces(&span_query(&b)).await.unwrap().is_empty());
    assert!(store.search_logs(&log_query(&b)).await.unwrap().is_empty());
    let histogram = store
        .log_histogram(
            &LogQuery { range: TimeRange { start_ns: T0, end_ns: T0 + SEC }, ..log_query(&b) },
            SEC,
        )
        .await
        .unwrap();
    assert_eq!(histogram.iter().map(|h| h.count).sum::<u64>(), 0);
    assert!(store.metric_points(&metric_query(&b, None)).await.unwrap().is_empty());
    assert!(store.metric_names(&b, range_all()).await.unwrap().is_empty());
    assert_eq!(store.metric_aggregate(&metric_query(&b, Some("cpu"))).await.unwrap().count, 0);
    for f in [SeriesFunction::Avg, SeriesFunction::Rate, SeriesFunction::Quantile(50)] {
        let mut q = series_query(&b, "latency", SEC, f);
        q.metric.range = range_all();
        assert!(store.metric_series(&q).await.unwrap().is_empty());
    }
    // B's own data stays B's.
    store
        .append(vec![traces(&b, 12, "b-svc", vec![span(1, 11, None, "b-root", 0, 1, 0)])])
        .await
        .unwrap();
    let b_trace = store.trace(&b, &hex_trace(1)).await.unwrap();
    assert_eq!(b_trace.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["b-root"]);
    assert_eq!(store.trace(&a, &hex_trace(1)).await.unwrap().len(), 3);
    let stats = store.stats(&a).await.unwrap();
    assert_eq!((stats.spans, stats.traces, stats.logs, stats.metric_points), (5, 3, 1, 5));
}

pub(crate) async fn replaying_applied_positions_does_not_duplicate(store: &impl TelemetryStore) {
    assert_eq!(store.applied_position().await.unwrap(), None);
    let t = acme();
    let first = vec![
        traces(&t, 1, "svc", vec![span(1, 1, None, "a", 0, 1, 0)]),
        logs(&t, 2, "svc", vec![log(0, 9, text("x"))]),
    ];
    store.append(first.clone()).await.unwrap();
    assert_eq!(store.applied_position().await.unwrap(), Some(2));
    store.append(first.clone()).await.unwrap();
    store.append(vec![first[0].clone()]).await.unwrap();
    let stats = store.stats(&t).await.unwrap();
    assert_eq!((stats.spans, stats.logs), (1, 1));
    // A call mixing old and new positions writes only the new.
    let mut mixed = first;
    mixed.push(metrics(&t, 3, "svc", vec![gauge("g", vec![number(0, 1.0, vec![])])]));
    store.append(mixed).await.unwrap();
    let stats = store.stats(&t).await.unwrap();
    assert_eq!((stats.spans, stats.logs, stats.metric_points), (1, 1, 1));
    assert_eq!(store.applied_position().await.unwrap(), Some(3));
}

pub(crate) async fn retention_deletes_only_rows_older_than_each_signals_age(
    store: &impl TelemetryStore,
) {
    let t = acme();
    let hour = 3600 * 1000; // ms
    store
        .append(vec![
            traces(
                &t,
                1,
                "svc",
                vec![span(1, 1, None, "old", 0, 1, 0), span(2, 2, None, "new", 3 * hour, 1, 0)],
            ),
            logs(
                &t,
                2,
                "svc",
                vec![
                    log(0, 9, text("old")),
                    log(hour, 9, text("mid")),
                    log(3 * hour, 9, text("new")),
                ],
            ),
            metrics(
                &t,
                3,
                "svc",
                vec![gauge("g", vec![number(0, 1.0, vec![]), number(3 * hour, 2.0, vec![])])],
            ),
        ])
        .await
        .unwrap();
    let now = T0 + 4 * hour * MS;
    let policy = RetentionPolicy {
        traces: Duration::from_secs(2 * 3600),
        logs: Duration::from_secs(2 * 3600 + 60),
        metrics: Duration::from_secs(2 * 3600),
    };
    let report = store.enforce_retention(policy, now).await.unwrap();
    assert_eq!((report.spans_deleted, report.logs_deleted, report.points_deleted), (1, 2, 1));
    let wide = SpanQuery { range: TimeRange { start_ns: 0, end_ns: u64::MAX }, ..span_query(&t) };
    let left: Vec<_> =
        store.search_spans(&wide).await.unwrap().into_iter().map(|s| s.name).collect();
    assert_eq!(left, ["new"]);
    assert!(store.trace(&t, &hex_trace(1)).await.unwrap().is_empty());
    assert_eq!(store.trace(&t, &hex_trace(2)).await.unwrap().len(), 1);
    let q = LogQuery { range: TimeRange { start_ns: 0, end_ns: u64::MAX }, ..log_query(&t) };
    assert_eq!(store.search_logs(&q).await.unwrap()[0].body, json!("new"));
    let stats = store.stats(&t).await.unwrap();
    assert_eq!((stats.spans, stats.logs, stats.metric_points), (1, 1, 1));
    // A second run finds nothing more to delete.
    let report = store.enforce_retention(policy, now).await.unwrap();
    assert_eq!((report.spans_deleted, report.logs_deleted, report.points_deleted), (0, 0, 0));
}

pub(crate) async fn odd_values_survive_empty_strings_unicode_huge_values_and_missing_ids(
    store: &impl TelemetryStore,
) {
    let t = acme();
    let huge = "x".repeat(1 << 20);
    let mut s = span(1, 1, None, "", 0, 0, 0);
    s.attributes = vec![
        kv("", text("")),
        kv("emoji 🚀", text("naïve — 日本語 'quoted' \"double\" \\ back")),
        kv("huge", text(&huge)),
        kv("dup", text("first")),
        kv("dup", text("last")),
    ];
    let mut no_ids = span(0, 0, None, "no ids", 1, 1, 0);
    no_ids.trace_id = vec![];
    no_ids.span_id = vec![];
    // End before start: stored with zero duration rather than wrapping around.
    let mut backwards = span(1, 2, Some(1), "backwards", 10, 0, 0);
    backwards.end_time_unix_nano = backwards.start_time_unix_nano - 5;
    let request = ExportTraceServiceRequest {
        resource_spans: vec![ResourceSpans {
            resource: None,
            scope_spans: vec![ScopeSpans {
                scope: None,
                spans: vec![s, no_ids, backwards],
                ..Default::default()
            }],
            ..Default::default()
        }],
    };
    store
        .append(vec![AppliedBatch {
            position: 1,
            batch: Batch::new(t.clone(), Payload::Traces(request)),
        }])
        .await
        .unwrap();

    let spans = store.trace(&t, &hex_trace(1)).await.unwrap();
    assert_eq!(spans.len(), 2);
    let first = &spans[0];
    assert_eq!(first.name, "");
    assert_eq!(first.service_name, "unknown_service");
    assert_eq!(first.attributes[""], json!(""));
    assert_eq!(first.attributes["emoji 🚀"], json!("naïve — 日本語 'quoted' \"double\" \\ back"));
    assert_eq!(first.attributes["huge"].as_str().map(str::len), Some(1 << 20));
    assert_eq!(first.attributes["dup"], json!("last"));
    assert!(first.resource_attributes.is_empty());
    assert_eq!(spans[1].duration_ns, 0);

    let q = SpanQuery {
        attributes: vec![attr("emoji 🚀", "naïve — 日本語 'quoted' \"double\" \\ back")],
        ..span_query(&t)
    };
    assert_eq!(store.search_spans(&q).await.unwrap().len(), 1);
    let q = SpanQuery { operation: Some("no ids".into()), ..span_query(&t) };
    let found = store.search_spans(&q).await.unwrap();
    assert_eq!((found[0].trace_id.as_str(), found[0].span_id.as_str()), ("", ""));
    // A span without a trace id is not a trace.
    assert_eq!(store.search_traces(&span_query(&t)).await.unwrap().len(), 1);

    // Logs without a body, and with odd text.
    let mut bodiless = log(0, 9, text(""));
    bodiless.body = None;
    store
        .append(vec![logs(&t, 2, "svc", vec![bodiless, log(1, 9, text("ünïcødé 🚀 body"))])])
        .await
        .unwrap();
    let rows = store.search_logs(&log_query(&t)).await.unwrap();
    assert_eq!(rows[1].body, serde_json::Value::Null);
    let q = LogQuery { text: Some("ÜNÏCØDÉ".into()), ..log_query(&t) };
    assert_eq!(store.search_logs(&q).await.unwrap().len(), 1, "case-insensitive beyond ASCII");
}

pub(crate) async fn empty_appends_and_empty_requests_are_fine(store: &impl TelemetryStore) {
    store.append(vec![]).await.unwrap();
    assert_eq!(store.applied_position().await.unwrap(), None);
    let t = acme();
    store
        .append(vec![AppliedBatch {
            position: 5,
            batch: Batch::new(t.clone(), Payload::Traces(ExportTraceServiceRequest::default())),
        }])
        .await
        .unwrap();
    assert_eq!(store.applied_position().await.unwrap(), Some(5));
    assert_eq!(
        store.stats(&t).await.unwrap(),
        ophion_core::query::Stats { tenant: "acme".into(), ..Default::default() }
    );
}

pub(crate) async fn reads_run_concurrently_with_appends(store: &impl TelemetryStore) {
    let t = acme();
    let writer = async {
        for i in 0..8u64 {
            let s = span(u128::from(i) + 1, i + 1, None, "s", i, 1, 0);
            store.append(vec![traces(&t, i + 1, "svc", vec![s])]).await.unwrap();
            tokio::task::yield_now().await;
        }
    };
    let reader = || async {
        let mut last = 0;
        for _ in 0..8 {
            let spans = store.stats(&t).await.unwrap().spans;
            assert!(spans >= last, "committed data never disappears");
            last = spans;
            tokio::task::yield_now().await;
        }
    };
    tokio::join!(writer, reader(), reader(), reader(), reader());
    assert_eq!(store.stats(&t).await.unwrap().spans, 8);
}
