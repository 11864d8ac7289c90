//! Against a real ClickHouse engine: chDB behind `testkit/clickhouse_http.py`, or the server
//! `OPHION_TEST_CLICKHOUSE_URL` names.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use ophion_core::ErrorKind;
use ophion_core::query::TelemetryQuery;
use ophion_testkit::servers::ClickHouse;

use super::*;

/// A store on a database of its own: a fresh adapter, or a fresh database on the server
/// `OPHION_TEST_CLICKHOUSE_URL` names.
pub(crate) async fn fresh_store() -> (ClickHouse, ClickHouseStore) {
    static DATABASES: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let server = ClickHouse::start();
    let n = DATABASES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let database = format!("ophion_test_{}_{n}", std::process::id());
    let store = ClickHouseStore::connect(&test_config(&server, &database), true).await.unwrap();
    (server, store)
}

fn test_config(server: &ClickHouse, database: &str) -> ClickHouseConfig {
    // The suite's data is from 2023: a TTL shorter than that would drop it on insert.
    let decade = std::time::Duration::from_secs(10 * 365 * 86_400);
    ClickHouseConfig {
        database: database.to_owned(),
        retention: RetentionPolicy { traces: decade, logs: decade, metrics: decade },
        ..ClickHouseConfig::new(&server.url)
    }
}

crate::conformance::conformance_suite!(fresh_store().await);

const TABLES: &[&str] = &[
    "ophion_applied_position",
    "ophion_inflight",
    "ophion_leases",
    "ophion_metric_points",
    "ophion_schema_migrations",
    "otel_logs",
    "otel_metrics_exponential_histogram",
    "otel_metrics_gauge",
    "otel_metrics_histogram",
    "otel_metrics_sum",
    "otel_metrics_summary",
    "otel_traces",
    "otel_traces_trace_id_ts",
    "otel_traces_trace_id_ts_mv",
];

#[tokio::test]
async fn migrations_create_every_table_once_and_a_newer_schema_is_refused() {
    let server = ClickHouse::start();
    let config = ClickHouseConfig {
        database: "ophion_migrations".into(),
        ..ClickHouseConfig::new(&server.url)
    };
    let Err(err) = ClickHouseStore::connect(&config, false).await else {
        panic!("an empty database was accepted without migrating")
    };
    assert!(err.message.contains("run `ophion migrate`"), "{err}");

    let store = ClickHouseStore::connect(&config, true).await.unwrap();
    assert_eq!(store.schema_version().await.unwrap(), Some(SCHEMA_VERSION));
    let tables: Vec<String> = store
        .client
        .query("SELECT name FROM system.tables WHERE database = ? ORDER BY name")
        .bind(&config.database)
        .fetch_all()
        .await
        .unwrap();
    assert_eq!(tables, TABLES);

    // Again, as a second instance starting would: nothing changes.
    assert_eq!(store.migrate().await.unwrap(), SCHEMA_VERSION);
    let versions: u64 = store
        .client
        .query("SELECT count() FROM ophion_migrations.ophion_schema_migrations FINAL")
        .fetch_one()
        .await
        .unwrap();
    assert_eq!(versions, u64::from(SCHEMA_VERSION));
    ClickHouseStore::connect(&config, false).await.unwrap();

    store
        .execute("INSERT INTO ophion_migrations.ophion_schema_migrations (Version, Description) VALUES (99, 'future')")
        .await
        .unwrap();
    for migrate in [true, false] {
        let Err(err) = ClickHouseStore::connect(&config, migrate).await else {
            panic!("a newer schema was accepted (migrate: {migrate})")
        };
        assert!(err.message.contains("99"), "{err}");
    }
}

#[tokio::test]
async fn an_unreachable_server_is_a_clear_retryable_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let config = ClickHouseConfig::new(format!("http://127.0.0.1:{port}"));
    let Err(err) = ClickHouseStore::connect(&config, true).await else {
        panic!("connected to nothing")
    };
    assert_eq!(err.kind, ErrorKind::Unavailable, "{err}");
    assert!(err.message.contains("unreachable") && err.message.contains(&config.url), "{err}");
}

fn span_batch(position: u64, trace: u128) -> AppliedBatch {
    let s = crate::conformance::span(trace, 1, None, "op", position, 1, 0);
    crate::conformance::traces(&crate::conformance::acme(), position, "svc", vec![s])
}

fn log_batch(position: u64) -> AppliedBatch {
    let l = crate::conformance::log(position, 9, crate::conformance::text("line"));
    crate::conformance::logs(&crate::conformance::acme(), position, "svc", vec![l])
}

/// A crash after some of a range's inserts landed: the next start finds the range in flight
/// and writes exactly it again, though the writer now groups more records into the call.
#[tokio::test]
async fn a_range_left_in_flight_is_written_again_exactly_whatever_the_new_grouping() {
    let (server, store) = fresh_store().await;
    let batches =
        [span_batch(1, 1), span_batch(2, 2), log_batch(3), span_batch(4, 4), log_batch(5)];
    // The first attempt at 1..=3: the spans' insert landed, the logs' did not.
    store.begin_range(1, 3).await.unwrap();
    store.insert_range(&[&batches[0], &batches[1]], 1, 3).await.unwrap();
    assert_eq!(store.applied_position().await.unwrap(), None);

    let config = test_config(&server, &store.database);
    let restarted = ClickHouseStore::connect(&config, true).await.unwrap();
    restarted.append(batches.to_vec()).await.unwrap();
    let stats = restarted.stats(&crate::conformance::acme()).await.unwrap();
    assert_eq!((stats.spans, stats.logs), (3, 2), "nothing lost, nothing twice");
    assert_eq!(restarted.applied_position().await.unwrap(), Some(5));
}

#[tokio::test]
async fn two_instances_write_to_one_database_at_once() {
    let (server, a) = fresh_store().await;
    let config = ClickHouseConfig { instance: "b".into(), ..test_config(&server, &a.database) };
    let b = ClickHouseStore::connect(&config, true).await.unwrap();
    crate::conformance::two_instances_share_one_database(&a, &b).await;
}

#[tokio::test]
async fn each_background_job_period_has_one_holder_across_instances() {
    let (_server, store) = fresh_store().await;
    crate::conformance::each_background_job_period_has_one_holder(&store).await;
}

/// Cluster mode's DDL: replicated `_local` tables on every node behind `Distributed` ones,
/// views over the local tables. No cluster runs here, so ClickHouse's own parser checks
/// every statement (`EXPLAIN AST`), and the shape is asserted.
#[tokio::test]
async fn cluster_mode_puts_replicated_local_tables_behind_distributed_ones() {
    use super::schema::{MIGRATIONS, MIGRATIONS_TABLE_DDL, statements};
    let sql = ["CREATE DATABASE IF NOT EXISTS {db}", MIGRATIONS_TABLE_DDL]
        .into_iter()
        .chain(MIGRATIONS.iter().flat_map(|m| m.statements.iter().copied()));
    let ddl = statements(sql, "ophion", Some("telemetry"));
    let (_server, store) = fresh_store().await;
    for statement in &ddl {
        assert!(statement.contains("ON CLUSTER `telemetry`"), "{statement}");
        assert!(
            !statement.contains("ENGINE = MergeTree")
                && !statement.contains("ENGINE = ReplacingMergeTree"),
            "not replicated: {statement}"
        );
        let explain = format!("EXPLAIN AST {statement}");
        let parsed = store.client.query(&explain).fetch_bytes("TSV").unwrap().collect().await;
        assert!(parsed.is_ok(), "ClickHouse cannot parse {statement}: {parsed:?}");
    }
    let find = |prefix: &str| {
        ddl.iter().find(|s| s.starts_with(prefix)).unwrap_or_else(|| panic!("no {prefix}"))
    };
    let local = find("CREATE TABLE IF NOT EXISTS `ophion`.otel_traces_local ON CLUSTER");
    assert!(
        local.contains(
            "ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/otel_traces', '{replica}')"
        ),
        "{local}"
    );
    let distributed = find("CREATE TABLE IF NOT EXISTS `ophion`.otel_traces ON CLUSTER");
    assert!(
        distributed.ends_with(
            "AS `ophion`.otel_traces_local ENGINE = Distributed('telemetry', 'ophion', 'otel_traces_local', cityHash64(TraceId))"
        ),
        "{distributed}"
    );
    let view = find("CREATE MATERIALIZED VIEW IF NOT EXISTS `ophion`.otel_traces_trace_id_ts_mv");
    assert!(view.contains("TO `ophion`.otel_traces_trace_id_ts_local AS"), "{view}");
    assert!(view.contains("FROM `ophion`.otel_traces_local"), "{view}");
    let positions = find("CREATE TABLE IF NOT EXISTS `ophion`.ophion_applied_position_local");
    assert!(positions.contains("ReplicatedReplacingMergeTree("), "{positions}");
    let alters: Vec<&String> = ddl.iter().filter(|s| s.contains("MODIFY COLUMN Value")).collect();
    assert_eq!(alters.len(), 4, "gauge and sum, local and distributed: {alters:?}");
}

/// With asynchronous inserts (always waited for) the same guarantees hold.
#[tokio::test]
async fn asynchronous_inserts_keep_replay_exact() {
    let server = ClickHouse::start();
    let config = ClickHouseConfig { async_insert: true, ..test_config(&server, "ophion_async") };
    let store = ClickHouseStore::connect(&config, true).await.unwrap();
    crate::conformance::replaying_applied_positions_does_not_duplicate(&store).await;
}

/// A database as schema version 2 left it (no row ordinals) is upgraded in place: its rows
/// read 0 as their ordinal and page together with the rows written after.
#[tokio::test]
async fn rows_stored_before_row_ordinals_are_read_and_paged_after_the_upgrade() {
    use super::schema::{MIGRATIONS, MIGRATIONS_TABLE_DDL, statements};
    let server = ClickHouse::start();
    let config = test_config(&server, "ophion_upgrade");
    let client = clickhouse::Client::default().with_url(&server.url);
    let old = ["CREATE DATABASE IF NOT EXISTS {db}", MIGRATIONS_TABLE_DDL]
        .into_iter()
        .chain(MIGRATIONS.iter().filter(|m| m.version <= 2).flat_map(|m| m.statements.to_vec()));
    for statement in statements(old, &config.database, None) {
        client.query(&statement).execute().await.unwrap();
    }
    let db = quote_identifier(&config.database);
    let sql = format!(
        "INSERT INTO {db}.ophion_schema_migrations (Version, Description) VALUES (1, ''), (2, '')"
    );
    client.query(&sql).execute().await.unwrap();
    for (position, offset_ms) in [(1u64, 1u64), (1, 4), (2, 2), (2, 3)] {
        let time = crate::conformance::T0 + offset_ms * crate::conformance::MS;
        let sql = format!(
            "INSERT INTO {db}.otel_logs (TenantId, Timestamp, ObservedTimestamp, SeverityNumber,
                SeverityText, Body, BodyText, ServiceName, QueuePosition, RetentionDays)
             VALUES ('acme', fromUnixTimestamp64Nano(toInt64({time})),
                fromUnixTimestamp64Nano(toInt64({observed})), 9, 'S9', '\"old\"', 'old', 'svc',
                {position}, 3650)",
            observed = time + 1,
        );
        client.query(&sql).execute().await.unwrap();
    }

    let store = ClickHouseStore::connect(&config, true).await.unwrap();
    assert_eq!(store.schema_version().await.unwrap(), Some(SCHEMA_VERSION));
    crate::conformance::records_from_before_an_upgrade_page_with_new_ones(&store, 4).await;
}
