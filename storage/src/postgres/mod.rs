//! The PostgreSQL store, for teams whose telemetry belongs in the database they already run:
//! `sqlx`, declarative partitioning by day. This module holds the connection pool and the
//! schema's migrations; appends and queries come next (issue 5), so `--store postgres` is not
//! selectable yet.

mod schema;

use ophion_core::{Error, Result};
use sqlx::postgres::{PgPool, PgPoolOptions};

use crate::migration::check_version;

use schema::MIGRATIONS;
pub use schema::SCHEMA_VERSION;

const NAME: &str = "PostgreSQL database";

/// Serialises migrations across instances: an arbitrary, fixed advisory-lock key.
const MIGRATION_LOCK: i64 = 0x6f70_6869_6f6e; // "ophion"

pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connects, and migrates the schema when `migrate` (else refuses an out-of-date one).
    pub async fn connect(url: &str, migrate: bool) -> Result<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(std::time::Duration::from_secs(10))
            .connect(url)
            .await
            .map_err(|e| {
                Error::unavailable(format!("PostgreSQL at {} is unreachable: {e}", redact(url)))
            })?;
        let store = Self { pool };
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

/// Connection trouble is worth retrying; anything PostgreSQL refuses is not.
fn error(e: sqlx::Error) -> Error {
    match e {
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => {
            Error::unavailable(format!("PostgreSQL: {e}"))
        }
        _ => Error::internal(format!("PostgreSQL: {e}")),
    }
}

/// A connection URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests;
