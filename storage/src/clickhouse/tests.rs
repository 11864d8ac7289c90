//! Against a real ClickHouse engine: chDB behind `testkit/clickhouse_http.py`, or the server
//! `OPHION_TEST_CLICKHOUSE_URL` names.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use ophion_core::ErrorKind;
use ophion_testkit::servers::ClickHouse;

use super::*;

const TABLES: &[&str] = &[
    "ophion_applied_position",
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
