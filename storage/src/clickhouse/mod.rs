//! The ClickHouse store, for when one machine is not enough: the `clickhouse` crate, RowBinary
//! over HTTP. This module holds the connection and the schema's migrations; appends and
//! queries come next (issue 5), so `--store clickhouse` is not selectable yet.

mod schema;

use clickhouse::Client;
use ophion_core::{Error, Result};

use crate::migration::check_version;

pub use schema::SCHEMA_VERSION;
use schema::{MIGRATIONS, MIGRATIONS_TABLE, quote_identifier, statements};

/// Where the store lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClickHouseConfig {
    /// The HTTP interface, e.g. `http://127.0.0.1:8123`.
    pub url: String,
    pub database: String,
    pub user: Option<String>,
    pub password: Option<String>,
}

impl ClickHouseConfig {
    pub fn new(url: impl Into<String>) -> Self {
        Self { url: url.into(), database: "ophion".into(), user: None, password: None }
    }
}

pub struct ClickHouseStore {
    client: Client,
    database: String,
}

impl ClickHouseStore {
    /// Connects, and migrates the schema when `migrate` (else refuses an out-of-date one).
    pub async fn connect(config: &ClickHouseConfig, migrate: bool) -> Result<Self> {
        let mut client = Client::default().with_url(&config.url);
        if let Some(user) = &config.user {
            client = client.with_user(user);
        }
        if let Some(password) = &config.password {
            client = client.with_password(password);
        }
        let store = Self { client, database: config.database.clone() };
        store.healthcheck().await.map_err(|e| {
            Error::unavailable(format!(
                "ClickHouse at {} is unreachable: {}",
                config.url, e.message
            ))
        })?;
        if migrate {
            store.migrate().await?;
        } else {
            let found = store.schema_version().await?.map(i64::from);
            check_version(&store.name(), found, SCHEMA_VERSION.into(), false)?;
        }
        Ok(store)
    }

    /// `SELECT 1` round trip.
    pub async fn healthcheck(&self) -> Result<()> {
        let one: u8 = self.client.query("SELECT 1").fetch_one().await.map_err(error)?;
        if one == 1 { Ok(()) } else { Err(Error::internal("ClickHouse answered SELECT 1 wrongly")) }
    }

    /// The highest migration applied, `None` on an empty database.
    pub async fn schema_version(&self) -> Result<Option<u32>> {
        let db = quote_identifier(&self.database);
        let exists: u8 = self
            .client
            .query("SELECT count() > 0 FROM system.tables WHERE database = ? AND name = ?")
            .bind(&self.database)
            .bind(MIGRATIONS_TABLE)
            .fetch_one()
            .await
            .map_err(error)?;
        if exists == 0 {
            return Ok(None);
        }
        let sql = format!("SELECT max(Version), count() FROM {db}.{MIGRATIONS_TABLE}");
        let (version, rows): (u32, u64) =
            self.client.query(&sql).fetch_one().await.map_err(error)?;
        Ok((rows > 0).then_some(version))
    }

    /// Applies every migration newer than the database's version; refuses a database whose
    /// version is newer than this build's.
    pub async fn migrate(&self) -> Result<u32> {
        let db = quote_identifier(&self.database);
        self.execute(&format!("CREATE DATABASE IF NOT EXISTS {db}")).await?;
        self.execute(&format!(
            "CREATE TABLE IF NOT EXISTS {db}.{MIGRATIONS_TABLE} (
                Version UInt32,
                Description String,
                AppliedAt DateTime64(3) DEFAULT now64(3)
            ) ENGINE = ReplacingMergeTree(AppliedAt) ORDER BY Version"
        ))
        .await?;
        let current = self.schema_version().await?;
        check_version(&self.name(), current.map(i64::from), SCHEMA_VERSION.into(), true)?;
        let current = current.unwrap_or(0);
        for migration in MIGRATIONS.iter().filter(|m| m.version > current) {
            for statement in statements(migration, &self.database) {
                self.execute(&statement).await?;
            }
            let sql =
                format!("INSERT INTO {db}.{MIGRATIONS_TABLE} (Version, Description) VALUES (?, ?)");
            self.client
                .query(&sql)
                .bind(migration.version)
                .bind(migration.description)
                .execute()
                .await
                .map_err(error)?;
            tracing::info!(version = migration.version, "ClickHouse schema migrated");
        }
        Ok(SCHEMA_VERSION)
    }

    fn name(&self) -> String {
        format!("ClickHouse database {}", self.database)
    }

    async fn execute(&self, sql: &str) -> Result<()> {
        self.client.query(sql).execute().await.map_err(error)
    }
}

/// Network trouble is worth retrying; anything ClickHouse refuses is not.
fn error(e: clickhouse::error::Error) -> Error {
    match e {
        clickhouse::error::Error::Network(_) | clickhouse::error::Error::TimedOut => {
            Error::unavailable(format!("ClickHouse: {e}"))
        }
        _ => Error::internal(format!("ClickHouse: {e}")),
    }
}

#[cfg(test)]
mod tests;
