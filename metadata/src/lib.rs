//! The metadata store: tenants, API keys, the users seen through OIDC, and the audit log
//! (later issues add rules, incidents and playbooks). A SQLite file next to the embedded
//! store, or PostgreSQL when several instances share one installation. One set of
//! migrations and one set of queries serve both: the SQL is kept to what both dialects
//! read alike, and every value is bound.

mod audit;
mod keys;
mod schema;

use std::path::Path;
use std::time::Duration;

use ophion_core::{Error, Result, TenantId};
use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;

pub use audit::{AuditFilter, AuditPage, AuditRecord, Outcome};
pub use keys::{ApiKey, KEY_PREFIX, NewKey, parse_key};

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

/// A user seen through an OIDC token, with the roles that token carried.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct User {
    pub subject: String,
    pub username: String,
    /// Comma-separated scopes the user's roles granted when last seen.
    pub scopes: String,
    pub first_seen_ms: i64,
    pub last_seen_ms: i64,
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

    /// Upsert a user seen through OIDC, and its tenant (the AI engine analyses every tenant
    /// recorded, and an OIDC-only tenant has no key that would record it).
    pub async fn record_user(
        &self,
        tenant: &TenantId,
        subject: &str,
        username: &str,
        scopes: &str,
    ) -> Result<()> {
        self.ensure_tenant(tenant).await?;
        let now = now_ms();
        sqlx::query(
            "INSERT INTO users (tenant, subject, username, scopes, first_seen, last_seen) \
             VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (tenant, subject) DO UPDATE SET \
             username = excluded.username, scopes = excluded.scopes, last_seen = excluded.last_seen",
        )
        .bind(tenant.as_str())
        .bind(subject)
        .bind(username)
        .bind(scopes)
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    pub async fn users(&self, tenant: &TenantId) -> Result<Vec<User>> {
        let rows: Vec<(String, String, String, i64, i64)> = sqlx::query_as(
            "SELECT subject, username, scopes, first_seen, last_seen FROM users \
             WHERE tenant = $1 ORDER BY username, subject",
        )
        .bind(tenant.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows
            .into_iter()
            .map(|(subject, username, scopes, first_seen_ms, last_seen_ms)| User {
                subject,
                username,
                scopes,
                first_seen_ms,
                last_seen_ms,
            })
            .collect())
    }
}

pub(crate) fn now_ms() -> i64 {
    i64::try_from(ophion_core::time::now_unix_nanos() / 1_000_000).unwrap_or(i64::MAX)
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
