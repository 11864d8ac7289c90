//! Against a real PostgreSQL 15: a throwaway cluster, or the server `OPHION_TEST_POSTGRES_URL`
//! names.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use ophion_core::ErrorKind;
use ophion_core::TelemetryStore;
use ophion_core::store::RetentionPolicy;
use ophion_testkit::servers::Postgres;

use super::*;

/// A store on a database of its own, on a throwaway cluster or the server
/// `OPHION_TEST_POSTGRES_URL` names.
pub(crate) async fn fresh_store() -> (Postgres, PostgresStore) {
    let (server, config) = fresh_database().await;
    let store = PostgresStore::connect(&config, true).await.unwrap();
    (server, store)
}

async fn fresh_database() -> (Postgres, PostgresConfig) {
    static DATABASES: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let server = Postgres::start();
    let n = DATABASES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let database = format!("ophion_test_{}_{n}", std::process::id());
    let admin = PgPoolOptions::new().max_connections(1).connect(&server.url).await.unwrap();
    // An ordinary role owns the database, as in production: row-level security applies.
    let _ = sqlx::query(&format!("CREATE ROLE {APP_ROLE} LOGIN")).execute(&admin).await;
    sqlx::query(&format!("CREATE DATABASE {database} OWNER {APP_ROLE}"))
        .execute(&admin)
        .await
        .unwrap();
    admin.close().await;
    let (base, _) = server.url.rsplit_once('/').unwrap();
    let (scheme, rest) = base.split_once("://").unwrap();
    let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    let config = PostgresConfig::new(format!("{scheme}://{APP_ROLE}@{host}/{database}"));
    (server, config)
}

const APP_ROLE: &str = "ophion_app";

#[tokio::test]
async fn row_level_security_shows_a_transaction_only_its_tenants_rows() {
    use ophion_core::{Batch, Payload, TenantId};
    use ophion_testkit::otlp;
    let (_server, store) = fresh_store().await;
    let batch = |tenant: &str, seed, n| ophion_core::AppliedBatch {
        position: seed,
        batch: Batch::new(
            TenantId::new(tenant).unwrap(),
            Payload::Traces(otlp::spans("s", seed, n)),
        ),
    };
    store.append(vec![batch("a", 1, 2), batch("b", 2, 3)]).await.unwrap();

    // Plain SQL with no tenant filter at all: the database itself keeps tenants apart.
    let count = |scope: Option<&'static str>| {
        let pool = store.pool.clone();
        async move {
            let mut tx = pool.begin().await.unwrap();
            if let Some(scope) = scope {
                super::query::scope_to(&mut tx, scope).await.unwrap();
            }
            let n: i64 =
                sqlx::query_scalar("SELECT count(*) FROM spans").fetch_one(&mut *tx).await.unwrap();
            n
        }
    };
    assert_eq!(count(None).await, 0, "no tenant named: nothing visible");
    assert_eq!(count(Some("a")).await, 2);
    assert_eq!(count(Some("b")).await, 3);
    assert_eq!(count(Some("*")).await, 5);
    let superuser: bool =
        sqlx::query_scalar("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            .fetch_one(&store.pool)
            .await
            .unwrap();
    assert!(!superuser, "the test must run as an ordinary role for RLS to be in force");
}

crate::conformance::conformance_suite!(fresh_store().await);

#[tokio::test]
async fn migrations_run_once_across_instances_and_a_newer_schema_is_refused() {
    let server = Postgres::start();
    let Err(err) = PostgresStore::connect(&PostgresConfig::new(&server.url), false).await else {
        panic!("an empty database was accepted without migrating")
    };
    assert!(err.message.contains("run `ophion migrate`"), "{err}");

    // Two instances starting at once: the advisory lock lets one migrate, the other finds
    // the work done.
    let config = PostgresConfig::new(&server.url);
    let (a, b) =
        tokio::join!(PostgresStore::connect(&config, true), PostgresStore::connect(&config, true));
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
            "ophion_leases",
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
    PostgresStore::connect(&PostgresConfig::new(&server.url), false).await.unwrap();

    sqlx::query(
        "INSERT INTO ophion_schema_migrations (version, description) VALUES (99, 'future')",
    )
    .execute(&store.pool)
    .await
    .unwrap();
    for migrate in [true, false] {
        let Err(err) = PostgresStore::connect(&PostgresConfig::new(&server.url), migrate).await
        else {
            panic!("a newer schema was accepted (migrate: {migrate})")
        };
        assert!(err.message.contains("99"), "{err}");
    }
}

#[tokio::test]
async fn an_unreachable_server_is_a_clear_retryable_error_without_the_password() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("postgres://ophion:s3cret@127.0.0.1:{port}/ophion");
    let Err(err) = PostgresStore::connect(&PostgresConfig::new(&url), true).await else {
        panic!("connected to nothing")
    };
    assert_eq!(err.kind, ErrorKind::Unavailable, "{err}");
    assert!(err.message.contains("unreachable"), "{err}");
    assert!(!err.message.contains("s3cret"), "the password leaked: {err}");
}

#[tokio::test]
async fn two_instances_write_to_one_database_at_once() {
    let (_server, config) = fresh_database().await;
    let a = PostgresStore::connect(&config, true).await.unwrap();
    let config = PostgresConfig { instance: "b".into(), ..config };
    let b = PostgresStore::connect(&config, true).await.unwrap();
    crate::conformance::two_instances_share_one_database(&a, &b).await;
}

#[tokio::test]
async fn each_background_job_period_has_one_holder_across_instances() {
    let (_server, store) = fresh_store().await;
    crate::conformance::each_background_job_period_has_one_holder(&store).await;
}

/// Rows land in their day's partition, never the default one; retention drops the days
/// wholly past the cutoff and deletes older rows from the rest.
#[tokio::test]
async fn rows_land_in_day_partitions_and_retention_drops_whole_old_days() {
    use crate::conformance::{acme, span, traces};
    let (_server, store) = fresh_store().await;
    let day_ms = 86_400_000;
    let spans = vec![span(1, 1, None, "old", 0, 1, 0), span(2, 1, None, "new", 2 * day_ms, 1, 0)];
    store.append(vec![traces(&acme(), 1, "svc", spans)]).await.unwrap();
    let partitions = |table: &'static str| {
        let pool = store.pool.clone();
        async move {
            // Across tenants, as the writer and retention see the tables.
            let mut tx = pool.begin().await.unwrap();
            super::query::scope_to(&mut tx, "*").await.unwrap();
            let rows: Vec<(String, i64)> = sqlx::query_as(&format!(
                "SELECT tableoid::regclass::text, count(*) FROM {table} GROUP BY 1 ORDER BY 1"
            ))
            .fetch_all(&mut *tx)
            .await
            .unwrap();
            rows
        }
    };
    let first_day = crate::conformance::T0 / 86_400_000_000_000;
    assert_eq!(
        partitions("spans").await,
        [(format!("spans_d{first_day}"), 1), (format!("spans_d{}", first_day + 2), 1)]
    );
    let now = crate::conformance::T0 + 2 * 86_400_000_000_000;
    let day = std::time::Duration::from_secs(86_400);
    let policy = RetentionPolicy { traces: day, logs: day, metrics: day };
    let report = store.enforce_retention(policy, now).await.unwrap();
    assert_eq!(report.spans_deleted, 1);
    assert_eq!(partitions("spans").await, [(format!("spans_d{}", first_day + 2), 1)]);
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT relname::text FROM pg_class WHERE relname ~ '^spans_d[0-9]+$'")
            .fetch_all(&store.pool)
            .await
            .unwrap();
    assert_eq!(tables, [format!("spans_d{}", first_day + 2)], "the old day's table is dropped");
}

/// A database as schema version 3 left it (no row ordinals) is upgraded in place: its rows
/// read 0 as their ordinal and page together with the rows written after.
#[tokio::test]
async fn rows_stored_before_row_ordinals_are_read_and_paged_after_the_upgrade() {
    use crate::conformance::{MS, T0};
    let (_server, config) = fresh_database().await;
    let pool = PgPoolOptions::new().max_connections(1).connect(&config.url).await.unwrap();
    let mut tx = pool.begin().await.unwrap();
    sqlx::query(
        "CREATE TABLE ophion_schema_migrations (
            version INTEGER PRIMARY KEY, description TEXT NOT NULL,
            applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    for migration in MIGRATIONS.iter().filter(|m| m.version <= 3) {
        sqlx::raw_sql(migration.sql).execute(&mut *tx).await.unwrap();
        sqlx::query("INSERT INTO ophion_schema_migrations (version, description) VALUES ($1, '')")
            .bind(migration.version)
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    super::query::scope_to(&mut tx, "*").await.unwrap();
    for (position, offset_ms) in [(1i64, 1u64), (1, 4), (2, 2), (2, 3)] {
        let time = (T0 + offset_ms * MS) as i64;
        sqlx::query(
            "INSERT INTO logs (tenant, time, time_ns, observed_time_ns, severity_number,
                severity_text, body, body_text, service_name, flags, event_name, attributes,
                resource_attributes, scope_name, scope_version, dropped_attributes_count,
                queue_position)
             VALUES ('acme', to_timestamp($1::float8 / 1e9), $1, $2, 9, 'S9', '\"old\"', 'old',
                'svc', 0, '', '{}', '{}', '', '', 0, $3)",
        )
        .bind(time)
        .bind(time + 1)
        .bind(position)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    pool.close().await;

    let store = PostgresStore::connect(&config, true).await.unwrap();
    assert_eq!(store.schema_version().await.unwrap(), Some(SCHEMA_VERSION));
    crate::conformance::records_from_before_an_upgrade_page_with_new_ones(&store, 4).await;
}
