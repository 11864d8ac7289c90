//! The PostgreSQL store, for teams whose telemetry belongs in the database they already run:
//! `sqlx`, declarative partitioning by day (`schema.rs`), one transaction per append
//! (`append.rs`). Reads: `query.rs` (the `TelemetryQuery`), `metrics.rs`, and `filter.rs`
//! (the shared filters in PostgreSQL's SQL); `retention.rs` drops old partitions, `error.rs`
//! maps sqlx's errors.

mod append;
mod error;
mod filter;
mod metrics;
mod query;
mod retention;
mod schema;

use std::collections::HashSet;

use async_trait::async_trait;
use ophion_core::store::{RetentionPolicy, RetentionReport};
use ophion_core::{AppliedBatch, Error, QueuePosition, Result, TelemetryStore};
use sqlx::Connection;
use sqlx::postgres::{PgPool, PgPoolOptions};

use self::error::error;
use crate::migration::check_version;

use schema::MIGRATIONS;
pub use schema::SCHEMA_VERSION;

const NAME: &str = "PostgreSQL database";

/// Serialises migrations across instances: an arbitrary, fixed advisory-lock key.
const MIGRATION_LOCK: i64 = 0x6f70_6869_6f6e; // "ophion"

/// Where the store lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostgresConfig {
    /// `postgres://user:password@host:port/database`.
    pub url: String,
    /// This writer's name, unique among the instances sharing the database: queue positions
    /// are per instance.
    pub instance: String,
}

impl PostgresConfig {
    pub fn new(url: impl Into<String>) -> Self {
        Self { url: url.into(), instance: "default".into() }
    }
}

pub struct PostgresStore {
    pool: PgPool,
    instance: String,
    /// Day partitions known to exist: (table, day since the epoch).
    partitions: tokio::sync::Mutex<HashSet<(&'static str, u64)>>,
}

impl PostgresStore {
    /// Connects, and migrates the schema when `migrate` (else refuses an out-of-date one).
    pub async fn connect(config: &PostgresConfig, migrate: bool) -> Result<Self> {
        let url = &config.url;
        let unreachable = |e| {
            Error::unavailable(format!(
                "PostgreSQL at {} is unreachable: {e}",
                ophion_core::error::redact_url(url)
            ))
        };
        // One direct connection first: the pool would retry until its acquire timeout and
        // then say only "pool timed out", where this says "connection refused" at once.
        let probe = sqlx::PgConnection::connect(url).await.map_err(unreachable)?;
        let _ = probe.close().await;
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(std::time::Duration::from_secs(10))
            .connect(url)
            .await
            .map_err(unreachable)?;
        let store = Self {
            pool,
            instance: config.instance.clone(),
            partitions: tokio::sync::Mutex::new(HashSet::new()),
        };
        let bypasses: bool = sqlx::query_scalar(
            "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user",
        )
        .fetch_one(&store.pool)
        .await
        .map_err(error)?;
        if bypasses {
            tracing::warn!(
                "PostgreSQL: connected as a superuser or BYPASSRLS role, so row-level security \
                 (the second wall between tenants) is not in force; connect as an ordinary role"
            );
        }
        if migrate {
            store.migrate().await?;
        } else {
            let found = store.schema_version().await?.map(i64::from);
            check_version(NAME, found, SCHEMA_VERSION.into(), false)?;
        }
        Ok(store)
    }

    /// `SELECT 1` round trip.
    pub async fn healthcheck(&self) -> Result<()> {
        let one: i32 = sqlx::query_scalar("SELECT 1").fetch_one(&self.pool).await.map_err(error)?;
        if one == 1 { Ok(()) } else { Err(Error::internal("PostgreSQL answered SELECT 1 wrongly")) }
    }

    /// The highest migration applied, `None` on an empty database.
    pub async fn schema_version(&self) -> Result<Option<i32>> {
        let exists: bool =
            sqlx::query_scalar("SELECT to_regclass('ophion_schema_migrations') IS NOT NULL")
                .fetch_one(&self.pool)
                .await
                .map_err(error)?;
        if !exists {
            return Ok(None);
        }
        sqlx::query_scalar("SELECT max(version) FROM ophion_schema_migrations")
            .fetch_one(&self.pool)
            .await
            .map_err(error)
    }

    /// Applies every migration newer than the database's version, each in one transaction
    /// under an advisory lock, so instances starting together migrate exactly once; refuses a
    /// database whose version is newer than this build's.
    pub async fn migrate(&self) -> Result<i32> {
        let mut tx = self.pool.begin().await.map_err(error)?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(MIGRATION_LOCK)
            .execute(&mut *tx)
            .await
            .map_err(error)?;
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS ophion_schema_migrations (
                version     INTEGER PRIMARY KEY,
                description TEXT NOT NULL,
                applied_at  TIMESTAMPTZ NOT NULL DEFAULT now()
            )",
        )
        .execute(&mut *tx)
        .await
        .map_err(error)?;
        let current: Option<i32> =
            sqlx::query_scalar("SELECT max(version) FROM ophion_schema_migrations")
                .fetch_one(&mut *tx)
                .await
                .map_err(error)?;
        check_version(NAME, current.map(i64::from), SCHEMA_VERSION.into(), true)?;
        let current = current.unwrap_or(0);
        for migration in MIGRATIONS.iter().filter(|m| m.version > current) {
            sqlx::raw_sql(migration.sql).execute(&mut *tx).await.map_err(error)?;
            sqlx::query(
                "INSERT INTO ophion_schema_migrations (version, description) VALUES ($1, $2)",
            )
            .bind(migration.version)
            .bind(migration.description)
            .execute(&mut *tx)
            .await
            .map_err(error)?;
            tracing::info!(version = migration.version, "PostgreSQL schema migrated");
        }
        tx.commit().await.map_err(error)?;
        Ok(SCHEMA_VERSION)
    }
}

#[async_trait]
impl TelemetryStore for PostgresStore {
    async fn append(&self, batches: Vec<AppliedBatch>) -> Result<()> {
        self.write(batches).await
    }

    async fn applied_position(&self) -> Result<Option<QueuePosition>> {
        self.read_applied().await
    }

    async fn enforce_retention(
        &self,
        policy: RetentionPolicy,
        now_unix_nanos: u64,
    ) -> Result<RetentionReport> {
        self.retention(policy, now_unix_nanos).await
    }

    async fn claim(&self, job: &str, period: u64, holder: &str) -> Result<bool> {
        sqlx::query(
            "INSERT INTO ophion_leases (job, period, holder) VALUES ($1, $2, $3)
             ON CONFLICT (job, period) DO NOTHING",
        )
        .bind(job)
        .bind(append::i64_of(period))
        .bind(holder)
        .execute(&self.pool)
        .await
        .map_err(error)?;
        let winner: String =
            sqlx::query_scalar("SELECT holder FROM ophion_leases WHERE job = $1 AND period = $2")
                .bind(job)
                .bind(append::i64_of(period))
                .fetch_one(&self.pool)
                .await
                .map_err(error)?;
        Ok(winner == holder)
    }

    async fn healthcheck(&self) -> Result<()> {
        PostgresStore::healthcheck(self).await
    }

    async fn close(&self) -> Result<()> {
        self.pool.close().await;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
