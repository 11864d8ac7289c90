//! The conformance suite's logs: search and the volume histogram.

use std::collections::BTreeMap;

use ophion_core::otlp::collector::logs::v1::ExportLogsServiceRequest;
use ophion_core::otlp::common::v1::{InstrumentationScope, KeyValueList, any_value};
use ophion_core::otlp::logs::v1::{LogRecord, ResourceLogs, ScopeLogs};
use std::cmp::Reverse;

use ophion_core::query::{LogQuery, TimeRange};
use ophion_core::{AppliedBatch, Batch, ErrorKind, Payload, TelemetryStore, TenantId};
use serde_json::json;

use super::*;

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
    let all = store.search_logs(&log_query(&t)).await.unwrap().items;
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
        bodies(store.search_logs(&q).await.unwrap().items),
        [json!("Payment FAILED: card_declined"), json!("payment accepted")]
    );
    let q = LogQuery { text: Some("SLOW".into()), ..log_query(&t) };
    assert_eq!(
        store.search_logs(&q).await.unwrap().items.len(),
        1,
        "structured bodies are searchable"
    );
    let q = LogQuery { text: Some("0%".into()), ..log_query(&t) };
    assert_eq!(bodies(store.search_logs(&q).await.unwrap().items), [json!("100% done")]);
    let q = LogQuery { text: Some("t_d".into()), ..log_query(&t) };
    assert!(store.search_logs(&q).await.unwrap().items.is_empty(), "_ is literal, not a wildcard");
    let q = LogQuery { text: Some("card_".into()), ..log_query(&t) };
    assert_eq!(store.search_logs(&q).await.unwrap().items.len(), 1);

    let q = LogQuery { min_severity: Some(13), ..log_query(&t) };
    assert_eq!(store.search_logs(&q).await.unwrap().items.len(), 2);
    let q = LogQuery { service: Some("api".into()), ..log_query(&t) };
    assert_eq!(store.search_logs(&q).await.unwrap().items.len(), 2);
    let q = LogQuery { trace_id: Some(hex_trace(77)), ..log_query(&t) };
    assert_eq!(store.search_logs(&q).await.unwrap().items.len(), 1);
    let q = LogQuery { attributes: vec![attr("user.id", "42")], ..log_query(&t) };
    assert_eq!(store.search_logs(&q).await.unwrap().items.len(), 1);
    // A key that is a typed column on spans is a plain attribute on logs.
    let q = LogQuery { attributes: vec![attr("http.route", "/pay")], ..log_query(&t) };
    assert_eq!(store.search_logs(&q).await.unwrap().items.len(), 1);
    let q = LogQuery { page: page(1), ..log_query(&t) };
    let first = store.search_logs(&q).await.unwrap();
    let q = LogQuery { page: Page { limit: 2, after: first.next }, ..log_query(&t) };
    let rows = store.search_logs(&q).await.unwrap().items;
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

/// Thirty records on two timestamps, written twice in separate queue records: paging a record
/// or a few at a time reads each exactly once, newest first.
pub(crate) async fn log_pages_hold_every_record_once_in_order(store: &impl TelemetryStore) {
    let t = acme();
    let records: Vec<LogRecord> =
        (0..30u64).map(|i| log(i % 2, 9, text(&format!("line {i:02}")))).collect();
    for first in [1, 4] {
        let batches = records
            .chunks(10)
            .zip(first..)
            .map(|(chunk, position)| logs(&t, position, "svc", chunk.to_vec()));
        store.append(batches.collect()).await.unwrap();
    }
    let whole = LogQuery { page: page(1000), ..log_query(&t) };
    let everything = store.search_logs(&whole).await.unwrap().items;
    assert_eq!(everything.len(), 60);
    for limit in [1, 7] {
        let walked = walk(limit, |page| {
            let query = LogQuery { page, ..log_query(&t) };
            async move { store.search_logs(&query).await.unwrap() }
        })
        .await;
        assert_eq!(walked, everything, "{limit} at a time");
        let mut bodies: Vec<String> = walked.iter().map(|r| r.body.to_string()).collect();
        bodies.sort();
        let mut expected: Vec<String> = (0..30)
            .flat_map(|i| [0, 1].map(|_| json!(format!("line {i:02}")).to_string()))
            .collect();
        expected.sort();
        assert_eq!(bodies, expected, "every record once");
        assert_in_order(&walked, |r| {
            (Reverse(r.time_unix_nano), Reverse(r.observed_time_unix_nano))
        });
    }
    // Records newer than where a page ended do not shift the pages after it, as they would
    // under an offset.
    let first = store.search_logs(&LogQuery { page: page(5), ..log_query(&t) }).await.unwrap();
    let late = (0..5).map(|i| log(50, 9, text(&format!("late {i}")))).collect();
    store.append(vec![logs(&t, 7, "svc", late)]).await.unwrap();
    let (mut rows, mut after) = (first.items, first.next);
    while let Some(cursor) = after {
        let query = LogQuery { page: Page { limit: 5, after: Some(cursor) }, ..log_query(&t) };
        let next = store.search_logs(&query).await.unwrap();
        rows.extend(next.items);
        after = next.next;
    }
    assert_eq!(rows, everything, "the pages after the first are the ones it led to");
}

/// For an upgraded database holding `old` log records of tenant `acme` from before its row
/// tie-break existed (queue positions 1 and 2): six new records at a timestamp shared with an
/// old one, then a walk a record at a time reads old and new each once, newest first.
#[cfg(any(feature = "clickhouse", feature = "postgres"))]
pub(crate) async fn records_from_before_an_upgrade_page_with_new_ones(
    store: &impl TelemetryStore,
    old: usize,
) {
    let t = acme();
    let new = || (0..3).map(|_| log(2, 9, text("new"))).collect::<Vec<_>>();
    store.append(vec![logs(&t, 3, "svc", new()), logs(&t, 4, "svc", new())]).await.unwrap();
    let whole = LogQuery { page: page(100), ..log_query(&t) };
    let everything = store.search_logs(&whole).await.unwrap().items;
    assert_eq!(everything.len(), old + 6);
    let walked = walk(1, |page| {
        let query = LogQuery { page, ..log_query(&t) };
        async move { store.search_logs(&query).await.unwrap() }
    })
    .await;
    assert_eq!(walked, everything, "old and new records, each once, newest first");
}
