//! Against a real PostgreSQL 15: a throwaway cluster, or the server `OPHION_TEST_POSTGRES_URL`
//! names.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use ophion_core::ErrorKind;
use ophion_testkit::servers::Postgres;

use super::*;

#[tokio::test]
async fn migrations_run_once_across_instances_and_a_newer_schema_is_refused() {
    let server = Postgres::start();
    let Err(err) = PostgresStore::connect(&server.url, false).await else {
        panic!("an empty database was accepted without migrating")
    };
    assert!(err.message.contains("run `ophion migrate`"), "{err}");

    // Two instances starting at once: the advisory lock lets one migrate, the other finds
    // the work done.
    let (a, b) = tokio::join!(
        PostgresStore::connect(&server.url, true),
        PostgresStore::connect(&server.url, true)
    );
    let (store, _) = (a.unwrap(), b.unwrap());
    assert_eq!(store.schema_version().await.unwrap(), Some(SCHEMA_VERSION));
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1",
    )
    .fetch_all(&store.pool)
    .await
    .unwrap();
    assert_eq!(
        tables,
        [
            "logs",
            "logs_default",
            "metric_points",
            "metric_points_default",
            "ophion_applied_position",
            "ophion_schema_migrations",
            "spans",
            "spans_default",
            "trace_index",
            "trace_index_default",
        ]
    );
    let partitioned: i64 = sqlx::query_scalar("SELECT count(*) FROM pg_partitioned_table")
        .fetch_one(&store.pool)
        .await
        .unwrap();
    assert_eq!(partitioned, 4, "spans, trace_index, logs and metric_points are partitioned");
    store.healthcheck().await.unwrap();
    PostgresStore::connect(&server.url, false).await.unwrap();

    sqlx::query(
        "INSERT INTO ophion_schema_migrations (version, description) VALUES (99, 'future')",
    )
    .execute(&store.pool)
    .await
    .unwrap();
    for migrate in [true, false] {
        let Err(err) = PostgresStore::connect(&server.url, migrate).await else {
            panic!("a newer schema was accepted (migrate: {migrate})")
        };
        assert!(err.message.contains("99"), "{err}");
    }
}

#[tokio::test]
async fn an_unreachable_server_is_a_clear_retryable_error_without_the_password() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("postgres://ophion:s3cret@127.0.0.1:{port}/ophion");
    let Err(err) = PostgresStore::connect(&url, true).await else { panic!("connected to nothing") };
    assert_eq!(err.kind, ErrorKind::Unavailable, "{err}");
    assert!(err.message.contains("unreachable"), "{err}");
    assert!(!err.message.contains("s3cret"), "the password leaked: {err}");
}
