//! The embedded store: the conformance suite, and what only this store has (typed columns,
//! rollups, its file, crash atomicity, schema versions).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use ophion_core::otlp::collector::trace::v1::ExportTraceServiceRequest;
use ophion_core::otlp::trace::v1::{ResourceSpans, ScopeSpans};
use ophion_core::query::{RedQuery, ServiceSummary, TelemetryQuery, TimeRange};
use ophion_core::{AppliedBatch, Batch, Payload, TelemetryStore};

use super::EmbeddedStore;
use crate::conformance::{self, *};

crate::conformance::conformance_suite!(((), EmbeddedStore::open_in_memory().unwrap()));

async fn count(store: &EmbeddedStore, table: &str) -> i64 {
    let sql = format!("SELECT count(*) FROM {table}");
    store
        .read(move |c| c.query_row(&sql, [], |r| r.get(0)).map_err(super::error::from_duckdb))
        .await
        .unwrap()
}

/// The trace index follows replays and retention like the rows it points at.
#[tokio::test]
async fn the_trace_index_follows_replay_and_retention() {
    let store = EmbeddedStore::open_in_memory().unwrap();
    conformance::replaying_applied_positions_does_not_duplicate(&store).await;
    assert_eq!(count(&store, "trace_index").await, 1);
    let store = EmbeddedStore::open_in_memory().unwrap();
    conformance::retention_deletes_only_rows_older_than_each_signals_age(&store).await;
    assert_eq!(count(&store, "trace_index").await, 1);
}

#[test]
fn store_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<EmbeddedStore>();
}

#[tokio::test]
async fn hot_attributes_fill_typed_columns_from_span_and_resource() {
    let store = EmbeddedStore::open_in_memory().unwrap();
    let t = acme();
    let mut s = span(1, 1, None, "query", 0, 1, 0);
    s.attributes = vec![
        kv("http.method", text("POST")),
        kv("http.route", text("/orders")),
        kv("http.status_code", text("503")),
        kv("url.full", text("https://shop/orders")),
        kv("server.address", text("shop")),
        kv("db.system", text("postgresql")),
        kv("db.name", text("orders")),
        kv("db.operation", text("SELECT")),
        kv("rpc.system", text("grpc")),
        kv("rpc.service", text("Orders")),
        kv("rpc.method", text("Get")),
    ];
    let request = ExportTraceServiceRequest {
        resource_spans: vec![ResourceSpans {
            resource: resource(
                "orders",
                vec![
                    kv("k8s.namespace.name", text("prod")),
                    kv("k8s.pod.name", text("orders-1")),
                    kv("k8s.deployment.name", text("orders")),
                    kv("deployment.environment.name", text("production")),
                ],
            ),
            scope_spans: vec![ScopeSpans { spans: vec![s], ..Default::default() }],
            ..Default::default()
        }],
    };
    store
        .append(vec![AppliedBatch { position: 1, batch: Batch::new(t, Payload::Traces(request)) }])
        .await
        .unwrap();
    let row: Vec<Option<String>> = store
        .read(|c| {
            c.query_row(
                "SELECT http_method, http_route, http_status_code::VARCHAR, url_full, server_address,
                        db_system, db_name, db_operation, rpc_system, rpc_service, rpc_method,
                        k8s_namespace, k8s_pod, k8s_deployment, deployment_environment, service_name
                 FROM spans",
                [],
                |r| (0..16).map(|i| r.get::<_, Option<String>>(i)).collect(),
            )
            .map_err(super::error::from_duckdb)
        })
        .await
        .unwrap();
    let expected = [
        "POST",
        "/orders",
        "503",
        "https://shop/orders",
        "shop",
        "postgresql",
        "orders",
        "SELECT",
        "grpc",
        "Orders",
        "Get",
        "prod",
        "orders-1",
        "orders",
        "production",
        "orders",
    ];
    assert_eq!(row, expected.iter().map(|s| Some(s.to_string())).collect::<Vec<_>>());
}

/// Service summaries read whole minutes from the rollups and the range's partial minutes
/// from the spans: counts exact and percentiles within 0.25 %, before and after the rollup
/// rows are compacted, and after reopening a file from before rollups existed.
#[tokio::test]
async fn service_summaries_from_rollups_match_the_spans() {
    let dir = tempfile::tempdir().unwrap();
    let t = acme();
    let store = EmbeddedStore::open(dir.path()).unwrap();
    // 600 spans, one every 500 ms from T0 (20 s into a minute), in 3 transactions that share
    // minutes; span n lasts n + 1 ms and every 7th fails.
    for chunk in 0..3u64 {
        let spans = (chunk * 200..(chunk + 1) * 200)
            .map(|n| span(9, n + 1, None, "op", n * 500, n + 1, if n % 7 == 0 { 2 } else { 0 }))
            .collect();
        store.append(vec![traces(&t, chunk + 1, "svc", spans)]).await.unwrap();
    }
    // From 30 s to 250 s after T0: partial minutes at both ends, whole ones between.
    let range = TimeRange { start_ns: T0 + 30 * SEC, end_ns: T0 + 250 * SEC };
    let inside: Vec<u64> = (60..500).collect();
    let durations: Vec<f64> = inside.iter().map(|n| (n + 1) as f64).collect();
    let errors = inside.iter().filter(|n| *n % 7 == 0).count() as u64;
    let check = |services: Vec<ServiceSummary>| {
        assert_eq!(services.len(), 1);
        let svc = &services[0];
        assert_eq!((svc.span_count, svc.error_count), (inside.len() as u64, errors));
        assert_close(svc.p50_ms, exact_quantile(&durations, 0.5));
        assert_close(svc.p95_ms, exact_quantile(&durations, 0.95));
        assert_close(svc.p99_ms, exact_quantile(&durations, 0.99));
    };
    check(store.services(&t, range).await.unwrap());

    let rows = |store: &EmbeddedStore| {
        let conn = store.inner.writer.lock().unwrap();
        conn.query_row(
            "SELECT count(*), count(DISTINCT minute_ns), sum(span_count) FROM service_rollup",
            [],
            |row| Ok((row.get::<_, u64>(0)?, row.get::<_, u64>(1)?, row.get::<_, u64>(2)?)),
        )
        .unwrap()
    };
    let (before, minutes, spans) = rows(&store);
    assert!(before > minutes, "transactions sharing minutes leave several rows per minute");
    assert_eq!(spans, 600);
    let folded = super::rollup::compact(&mut store.inner.writer.lock().unwrap()).unwrap();
    assert!(folded > 0);
    assert_eq!(rows(&store), (minutes, minutes, 600));
    check(store.services(&t, range).await.unwrap());

    // A file from schema version 1 has no queue positions and no rollups: opening it adds
    // the columns and builds the rollups; trace reads fall back to the time bounds.
    store
        .inner
        .writer
        .lock()
        .unwrap()
        .execute_batch(
            "ALTER TABLE spans DROP COLUMN queue_position;
             ALTER TABLE trace_index DROP COLUMN first_position;
             ALTER TABLE trace_index DROP COLUMN last_position;
             DELETE FROM service_rollup;
             UPDATE ophion_meta SET value = '1' WHERE key = 'schema_version';",
        )
        .unwrap();
    store.close().await.unwrap();
    drop(store);
    let store = EmbeddedStore::open(dir.path()).unwrap();
    assert_eq!(rows(&store), (minutes, minutes, 600));
    check(store.services(&t, range).await.unwrap());
    assert_eq!(store.trace(&t, &hex_trace(9)).await.unwrap().len(), 600);
    // New appends record positions again; the trace mixes both kinds of rows.
    let late = vec![span(9, 1_000, None, "late", 1, 1, 0)];
    store.append(vec![traces(&t, 4, "svc", late)]).await.unwrap();
    assert_eq!(store.trace(&t, &hex_trace(9)).await.unwrap().len(), 601);
}

#[tokio::test]
async fn a_crash_before_commit_leaves_neither_rows_nor_position() {
    let dir = tempfile::tempdir().unwrap();
    let t = acme();
    {
        let store = EmbeddedStore::open(dir.path()).unwrap();
        store
            .append(vec![traces(&t, 1, "svc", vec![span(1, 1, None, "kept", 0, 1, 0)])])
            .await
            .unwrap();
        let batches = vec![
            traces(&t, 2, "svc", vec![span(2, 2, None, "lost", 0, 1, 0)]),
            logs(&t, 3, "svc", vec![log(0, 9, text("lost"))]),
            metrics(&t, 4, "svc", all_metric_types()),
        ];
        let mut writer = store.inner.writer.lock().unwrap();
        let tx = writer.transaction().unwrap();
        let counts = super::append::write_batches(&tx, &batches).unwrap();
        assert_eq!((counts.spans, counts.logs, counts.points), (1, 1, 5));
        drop(tx); // the crash: no commit
    }
    let store = EmbeddedStore::open(dir.path()).unwrap();
    assert_eq!(store.applied_position().await.unwrap(), Some(1));
    let stats = store.stats(&t).await.unwrap();
    assert_eq!((stats.spans, stats.logs, stats.metric_points), (1, 0, 0));
    assert!(store.trace(&t, &hex_trace(2)).await.unwrap().is_empty());
    assert_eq!(count(&store, "trace_index").await, 1);
}

#[tokio::test]
async fn data_survives_close_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let t = acme();
    {
        let store = EmbeddedStore::open(dir.path()).unwrap();
        assert_eq!(store.path(), Some(dir.path().join("ophion.duckdb").as_path()));
        seed_traces(&store).await;
        store.healthcheck().await.unwrap();
        store.close().await.unwrap();
    }
    let store = EmbeddedStore::open(dir.path()).unwrap();
    assert_eq!(store.applied_position().await.unwrap(), Some(3));
    assert_eq!(store.trace(&t, &hex_trace(1)).await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_file_from_a_newer_schema_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = EmbeddedStore::open(dir.path()).unwrap();
    store
        .inner
        .writer
        .lock()
        .unwrap()
        .execute_batch("UPDATE ophion_meta SET value = '99' WHERE key = 'schema_version'")
        .unwrap();
    store.close().await.unwrap();
    drop(store);
    let err = EmbeddedStore::open(dir.path()).unwrap_err();
    assert!(err.message.contains("schema version 99, newer"), "{err:?}");
}

/// Every service's series from the rollups (the overview's sparklines) counts what the spans
/// hold step by step, as `red_series` does per service, with percentiles within 0.25 %.
#[tokio::test]
async fn services_series_from_rollups_match_each_services_red_series() {
    let store = EmbeddedStore::open_in_memory().unwrap();
    let t = acme();
    // Two services, a span every 500 ms for 5 minutes from T0 (20 s into a minute), every 7th
    // failing.
    for (i, service) in ["api", "db"].into_iter().enumerate() {
        let spans = (0..600u64)
            .map(|n| {
                span(
                    9 + i as u128,
                    n + 1,
                    None,
                    "op",
                    n * 500,
                    n % 40 + 1,
                    if n % 7 == 0 { 2 } else { 0 },
                )
            })
            .collect();
        store.append(vec![traces(&t, i as u64 + 1, service, spans)]).await.unwrap();
    }
    // Whole minutes from the minute after T0, and a partial last minute: rollup minutes and
    // edge spans mix.
    let range = TimeRange { start_ns: T0 + 40 * SEC, end_ns: T0 + 330 * SEC };
    let step = 60 * SEC;
    let all = store.services_series(&t, range, step).await.unwrap();
    for service in ["api", "db"] {
        let query = RedQuery {
            tenant: t.clone(),
            service: service.into(),
            range,
            step_ns: step,
            by_operation: false,
        };
        let exact: Vec<_> =
            store.red_series(&query).await.unwrap().into_iter().map(|p| p.point).collect();
        let mine: Vec<_> =
            all.iter().filter(|s| s.service == service).map(|s| s.point.clone()).collect();
        assert_eq!(mine.len(), exact.len(), "{service}");
        for (got, want) in mine.iter().zip(&exact) {
            assert_eq!(
                (got.time_unix_nano, got.span_count, got.error_count),
                (want.time_unix_nano, want.span_count, want.error_count),
                "{service}"
            );
            assert_close(got.p95_ms, want.p95_ms);
        }
    }
    assert_eq!(all.iter().map(|s| s.point.span_count).sum::<u64>(), 2 * 520);
    assert!(store.services_series(&tenant("globex"), range, step).await.unwrap().is_empty());
}
