//! The ClickHouse store, for when one machine is not enough: the `clickhouse` crate, RowBinary
//! over HTTP, tables in the spirit of the OpenTelemetry exporter's (`schema.rs`), inserts
//! made idempotent by queue-derived tokens (`append.rs`). Reads: `query.rs` (the
//! `TelemetryQuery`), `metrics.rs`, and `filter.rs` (the shared filters in ClickHouse's SQL);
//! `retention.rs` deletes, `error.rs` maps the client's errors.

mod append;
mod error;
mod filter;
mod metrics;
mod query;
mod retention;
mod schema;

use std::time::Duration;

use async_trait::async_trait;
use clickhouse::Client;
use ophion_core::store::{RetentionPolicy, RetentionReport};
use ophion_core::{AppliedBatch, Error, QueuePosition, Result, TelemetryStore};

use self::error::error;
use crate::migration::check_version;

pub use schema::SCHEMA_VERSION;
use schema::{MIGRATIONS, MIGRATIONS_TABLE, MIGRATIONS_TABLE_DDL, quote_identifier, statements};

/// Where the store lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClickHouseConfig {
    /// The HTTP interface, e.g. `http://127.0.0.1:8123`.
    pub url: String,
    pub database: String,
    pub user: Option<String>,
    pub password: Option<String>,
    /// This writer's name, unique among the instances sharing the database: queue positions
    /// are per instance.
    pub instance: String,
    /// Sets each row's `RetentionDays`, which drives the tables' TTL.
    pub retention: RetentionPolicy,
    /// Cluster mode: the cluster (from the servers' `remote_servers`) whose every node gets
    /// replicated `<table>_local` tables behind `Distributed` ones (docs/storage.md).
    pub cluster: Option<String>,
    /// Asynchronous inserts: the server buffers small inserts into bigger parts. Always with
    /// `wait_for_async_insert=1`, so an append returns only once its rows are written.
    pub async_insert: bool,
}

impl ClickHouseConfig {
    pub fn new(url: impl Into<String>) -> Self {
        let week = Duration::from_secs(7 * 86_400);
        Self {
            url: url.into(),
            database: "ophion".into(),
            user: None,
            password: None,
            instance: "default".into(),
            retention: RetentionPolicy { traces: week, logs: week, metrics: week },
            cluster: None,
            async_insert: false,
        }
    }
}

pub struct ClickHouseStore {
    client: Client,
    /// The same, in the store's database (which may not exist before `migrate`): inserts
    /// name bare tables.
    inserts: Client,
    database: String,
    /// `database`, quoted for SQL text.
    db: String,
    instance: String,
    retention: RetentionPolicy,
    cluster: Option<String>,
    append_lock: tokio::sync::Mutex<()>,
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
        if config.async_insert {
            client = client
                .with_setting("async_insert", "1")
                .with_setting("wait_for_async_insert", "1")
                .with_setting("async_insert_deduplicate", "1");
        }
        if config.cluster.is_some() {
            // An insert into a Distributed table returns once every shard has its rows.
            client = client.with_setting("distributed_foreground_insert", "1");
        }
        let store = Self {
            inserts: client.clone().with_database(&config.database),
            client,
            database: config.database.clone(),
            db: quote_identifier(&config.database),
            instance: config.instance.clone(),
            retention: config.retention,
            cluster: config.cluster.clone(),
            append_lock: tokio::sync::Mutex::new(()),
        };
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
        let cluster = self.cluster.as_deref();
        let setup = ["CREATE DATABASE IF NOT EXISTS {db}", MIGRATIONS_TABLE_DDL];
        for statement in statements(setup, &self.database, cluster) {
            self.execute(&statement).await?;
        }
        let current = self.schema_version().await?;
        check_version(&self.name(), current.map(i64::from), SCHEMA_VERSION.into(), true)?;
        let current = current.unwrap_or(0);
        for migration in MIGRATIONS.iter().filter(|m| m.version > current) {
            for statement in
                statements(migration.statements.iter().copied(), &self.database, cluster)
            {
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

#[async_trait]
impl TelemetryStore for ClickHouseStore {
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
        self.claim_period(job, period, holder).await
    }

    async fn healthcheck(&self) -> Result<()> {
        ClickHouseStore::healthcheck(self).await
    }

    async fn close(&self) -> Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests;
