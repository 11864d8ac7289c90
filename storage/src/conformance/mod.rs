//! The conformance suite: what every store must answer, written once against the store traits
//! and instantiated for each store with [`conformance_suite!`]. OTLP requests built by hand go
//! in; every query's answer is checked. This file holds the shared builders and what spans all
//! signals (tenant isolation, replay, retention, odd values, several instances); `traces.rs`,
//! `logs.rs` and `metrics.rs` hold each signal's own checks.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod logs;
mod metrics;
mod traces;

use std::collections::BTreeMap;
use std::time::Duration;

use ophion_core::otlp::collector::trace::v1::ExportTraceServiceRequest;
use ophion_core::otlp::common::v1::{AnyValue, KeyValue, any_value};
use ophion_core::otlp::resource::v1::Resource;
use ophion_core::otlp::trace::v1::{ResourceSpans, ScopeSpans};
use ophion_core::query::{
    AttributeFilter, LogQuery, MetricQuery, Page, Paged, SeriesFunction, SpanQuery, SpanSort,
    TimeRange,
};
use ophion_core::store::RetentionPolicy;
use ophion_core::{AppliedBatch, Batch, Payload, TelemetryStore, TenantId};
pub(crate) use ophion_testkit::otlp::kv;
use serde_json::json;

pub(crate) use self::logs::*;
pub(crate) use self::metrics::*;
pub(crate) use self::traces::*;

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

/// Stores `payload` for `tenant` as applied at queue `position`.
pub(crate) async fn append_at(
    store: &impl TelemetryStore,
    position: u64,
    tenant: &TenantId,
    payload: Payload,
) {
    let batch = AppliedBatch { position, batch: Batch::new(tenant.clone(), payload) };
    store.append(vec![batch]).await.unwrap();
}

pub(crate) fn range_all() -> TimeRange {
    TimeRange { start_ns: T0 - 3600 * SEC, end_ns: T0 + 3600 * SEC }
}

pub(crate) fn page(limit: usize) -> Page {
    Page::first(limit)
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
        page: page(100),
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
        page: page(100),
    }
}

pub(crate) fn metric_query(tenant: &TenantId, name: Option<&str>) -> MetricQuery {
    MetricQuery {
        tenant: tenant.clone(),
        range: range_all(),
        name: name.map(str::to_owned),
        service: None,
        attributes: vec![],
        page: page(100),
    }
}

/// Every row of a list, `limit` at a time, each page after the one before, until one says
/// it is the last.
pub(crate) async fn walk<T, F, Fut>(limit: usize, mut fetch: F) -> Vec<T>
where
    F: FnMut(Page) -> Fut,
    Fut: std::future::Future<Output = Paged<T>>,
{
    let mut rows = Vec::new();
    let mut after = None;
    for _ in 0..10_000 {
        let page = fetch(Page { limit, after }).await;
        assert!(page.items.len() <= limit, "{} rows in a page of {limit}", page.items.len());
        if page.next.is_some() {
            assert_eq!(page.items.len(), limit, "a page short of its limit says more follow");
        }
        rows.extend(page.items);
        match page.next {
            Some(next) => after = Some(next),
            None => return rows,
        }
    }
    panic!("paging never ended")
}

/// Whether each row is at or after the one before it by `key` (rows with equal keys are
/// told apart by what the caller's key leaves out).
#[track_caller]
pub(crate) fn assert_in_order<T, K: Ord + std::fmt::Debug>(rows: &[T], key: impl Fn(&T) -> K) {
    for pair in rows.windows(2) {
        let (a, b) = (key(&pair[0]), key(&pair[1]));
        assert!(a <= b, "{a:?} comes before {b:?}");
    }
}

pub(crate) fn attr(key: &str, value: &str) -> AttributeFilter {
    AttributeFilter { key: key.into(), value: value.into() }
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
            span_pages_hold_every_span_once_in_order_for_every_sort,
            trace_pages_hold_every_trace_once_in_order_for_every_sort,
            trace_search_summarises_whole_traces_matched_by_any_span,
            services_report_counts_rates_errors_and_latency_percentiles,
            service_series_buckets_red_per_step_and_per_operation,
            trace_reads_span_appends_far_apart_in_time_and_queue,
            service_map_links_parent_services_to_child_services,
            logs_are_searched_by_text_severity_service_trace_and_attributes,
            log_histogram_counts_per_bucket_and_severity_group,
            log_pages_hold_every_record_once_in_order,
            all_five_metric_types_round_trip_with_their_buckets,
            metric_points_filter_by_service_and_attributes_newest_first,
            metric_point_pages_hold_every_point_once_in_order,
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
#[cfg(any(feature = "clickhouse", feature = "postgres"))]
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
#[cfg(any(feature = "clickhouse", feature = "postgres"))]
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

// ---- what spans every signal ---------------------------------------------------------------

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
    assert!(store.search_spans(&span_query(&b)).await.unwrap().items.is_empty());
    assert!(store.search_traces(&span_query(&b)).await.unwrap().items.is_empty());
    assert!(store.search_logs(&log_query(&b)).await.unwrap().items.is_empty());
    let histogram = store
        .log_histogram(
            &LogQuery { range: TimeRange { start_ns: T0, end_ns: T0 + SEC }, ..log_query(&b) },
            SEC,
        )
        .await
        .unwrap();
    assert_eq!(histogram.iter().map(|h| h.count).sum::<u64>(), 0);
    assert!(store.metric_points(&metric_query(&b, None)).await.unwrap().items.is_empty());
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
        store.search_spans(&wide).await.unwrap().items.into_iter().map(|s| s.name).collect();
    assert_eq!(left, ["new"]);
    assert!(store.trace(&t, &hex_trace(1)).await.unwrap().is_empty());
    assert_eq!(store.trace(&t, &hex_trace(2)).await.unwrap().len(), 1);
    let q = LogQuery { range: TimeRange { start_ns: 0, end_ns: u64::MAX }, ..log_query(&t) };
    assert_eq!(store.search_logs(&q).await.unwrap().items[0].body, json!("new"));
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
    append_at(store, 1, &t, Payload::Traces(request)).await;

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
    assert_eq!(store.search_spans(&q).await.unwrap().items.len(), 1);
    let q = SpanQuery { operation: Some("no ids".into()), ..span_query(&t) };
    let found = store.search_spans(&q).await.unwrap().items;
    assert_eq!((found[0].trace_id.as_str(), found[0].span_id.as_str()), ("", ""));
    // A span without a trace id is not a trace.
    assert_eq!(store.search_traces(&span_query(&t)).await.unwrap().items.len(), 1);

    // Logs without a body, and with odd text.
    let mut bodiless = log(0, 9, text(""));
    bodiless.body = None;
    store
        .append(vec![logs(&t, 2, "svc", vec![bodiless, log(1, 9, text("ünïcødé 🚀 body"))])])
        .await
        .unwrap();
    let rows = store.search_logs(&log_query(&t)).await.unwrap().items;
    assert_eq!(rows[1].body, serde_json::Value::Null);
    let q = LogQuery { text: Some("ÜNÏCØDÉ".into()), ..log_query(&t) };
    assert_eq!(
        store.search_logs(&q).await.unwrap().items.len(),
        1,
        "case-insensitive beyond ASCII"
    );
}

pub(crate) async fn empty_appends_and_empty_requests_are_fine(store: &impl TelemetryStore) {
    store.append(vec![]).await.unwrap();
    assert_eq!(store.applied_position().await.unwrap(), None);
    let t = acme();
    append_at(store, 5, &t, Payload::Traces(ExportTraceServiceRequest::default())).await;
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
