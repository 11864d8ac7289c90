//! The metadata store: tenants, API keys, the users seen through OIDC, the audit log, the
//! console's dashboards, alert rules and alerts — the state Ophion keeps beside the telemetry. A SQLite file next to
//! the embedded store, or PostgreSQL when several instances share one installation. One set of
//! migrations and one set of queries serve both: the SQL is kept to what both dialects
//! read alike, and every value is bound.

mod alerting;
mod audit;
mod dashboards;
mod keys;
mod notifications;
mod schema;
mod users;

use std::path::Path;
use std::time::Duration;

use ophion_core::{Error, Result, TenantId};
use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;

pub use alerting::{
    AlertEvent, AlertFilter, AlertPage, NewNotification, RulePage, StoredAlert, StoredRule,
};
pub use audit::{AuditFilter, AuditPage, AuditRecord, Outcome};
pub use dashboards::{DashboardInput, DashboardPage, StoredDashboard};
pub use keys::{ApiKey, KEY_PREFIX, KeyPage, NewKey, parse_key};
pub use notifications::{StoredChannel, StoredNotification};
pub use users::{User, UserPage};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dialect {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct MetadataStore {
    pool: AnyPool,
    dialect: Dialect,
}

impl MetadataStore {
    /// The SQLite file `metadata.db` in `dir`, made if missing.
    pub async fn open_dir(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join("metadata.db");
        Self::open(&format!("sqlite://{}?mode=rwc", path.display())).await
    }

    /// `sqlite://PATH` or `postgres://…`; migrates to the current schema.
    pub async fn open(url: &str) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let dialect = if url.starts_with("sqlite:") {
            Dialect::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Dialect::Postgres
        } else {
            return Err(Error::invalid("metadata URL must start with sqlite:// or postgres://"));
        };
        let pool = AnyPoolOptions::new()
            .max_connections(if dialect == Dialect::Sqlite { 4 } else { 8 })
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await
            .map_err(|e| {
                Error::unavailable(format!(
                    "cannot open the metadata store {}: {e}",
                    ophion_core::error::redact_url(url)
                ))
            })?;
        if dialect == Dialect::Sqlite {
            // WAL lets `ophion keys` write while a server reads.
            sqlx::query("PRAGMA journal_mode=WAL").execute(&pool).await.map_err(db_error)?;
        }
        let store = Self { pool, dialect };
        schema::migrate(&store).await?;
        Ok(store)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Record a tenant the first time it is seen.
    pub async fn ensure_tenant(&self, tenant: &TenantId) -> Result<()> {
        sqlx::query(
            "INSERT INTO tenants (id, created_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
        )
        .bind(tenant.as_str())
        .bind(now_ms())
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    pub async fn tenants(&self) -> Result<Vec<String>> {
        sqlx::query_scalar("SELECT id FROM tenants ORDER BY id")
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)
    }
}

/// The most rows one page of a metadata list holds.
pub(crate) const MAX_PAGE: usize = 1000;

/// The rows to fetch for a page of `limit`: one more tells whether another page follows.
pub(crate) fn rows_to_fetch(limit: usize) -> i64 {
    i64::try_from(limit).unwrap_or(i64::MAX).saturating_add(1)
}

/// A page of the rows fetched with [`rows_to_fetch`], and the cursor of its last row when more
/// follow.
pub(crate) fn page_of<T>(
    mut rows: Vec<T>,
    limit: usize,
    cursor: impl Fn(&T) -> String,
) -> (Vec<T>, Option<String>) {
    if rows.len() <= limit {
        return (rows, None);
    }
    rows.truncate(limit);
    let next = rows.last().map(cursor);
    (rows, next)
}

/// A new id: a ULID of `time_ms`, ordered after every id issued before it.
pub fn new_id(time_ms: i64) -> String {
    audit::next_id(time_ms)
}

pub(crate) fn now_ms() -> i64 {
    ophion_core::time::now_unix_millis()
}

/// An id as this store issues them (canonical upper-case ULID), or `None`: decoding keeps the
/// low 128 bits, so an id that does not encode back was not issued here.
pub(crate) fn canonical_id(id: &str) -> Option<String> {
    let canonical = ulid::Ulid::from_string(id).ok()?.to_string();
    canonical.eq_ignore_ascii_case(id).then_some(canonical)
}

/// Connection trouble is retryable; anything else is a bug or a broken database.
pub(crate) fn db_error(err: sqlx::Error) -> Error {
    match err {
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => {
            Error::unavailable(format!("metadata store unavailable: {err}"))
        }
        other => Error::internal(format!("metadata store: {other}")),
    }
}

#[cfg(test)]
mod tests;
