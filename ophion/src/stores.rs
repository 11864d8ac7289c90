//! The stores this build holds: opening the configured one, migrating a shared one's schema,
//! and a clear refusal of one left out at compile time (the cargo features `clickhouse` and
//! `postgres`, on by default).

use std::sync::Arc;

use anyhow::Context;
use ophion_core::TelemetryStore;
use ophion_storage::{EmbeddedStore, NullStore};

use crate::config::{Config, StoreKind};

/// The store kinds compiled into this binary.
pub const BUILT_IN: &[StoreKind] = &[
    StoreKind::Embedded,
    #[cfg(feature = "clickhouse")]
    StoreKind::Clickhouse,
    #[cfg(feature = "postgres")]
    StoreKind::Postgres,
    StoreKind::None,
];

/// Refuses a store kind this binary was built without, saying how to get it.
pub fn ensure_built_in(kind: StoreKind) -> anyhow::Result<()> {
    ensure_among(kind, BUILT_IN)
}

fn ensure_among(kind: StoreKind, built_in: &[StoreKind]) -> anyhow::Result<()> {
    let (name, feature) = match kind {
        StoreKind::Clickhouse => ("ClickHouse", "clickhouse"),
        StoreKind::Postgres => ("PostgreSQL", "postgres"),
        StoreKind::Embedded | StoreKind::None => return Ok(()),
    };
    anyhow::ensure!(
        built_in.contains(&kind),
        "the {name} store was not built into this ophion binary: build it with the cargo \
         feature `{feature}` (on by default)"
    );
    Ok(())
}

/// Opens the configured store (embedded: under `data_dir/store`).
pub async fn open(config: &Config) -> anyhow::Result<Arc<dyn TelemetryStore>> {
    Ok(match config.store.kind {
        StoreKind::Embedded => {
            let store_dir = config.data_dir.join("store");
            let store = EmbeddedStore::open_with(&store_dir, &config.store.embedded)
                .with_context(|| format!("cannot open store in {}", store_dir.display()))?;
            Arc::new(store)
        }
        #[cfg(feature = "clickhouse")]
        StoreKind::Clickhouse => {
            use ophion_storage::clickhouse::{ClickHouseConfig, ClickHouseStore};
            let settings = &config.store.clickhouse;
            let clickhouse = ClickHouseConfig {
                url: settings.url.clone(),
                database: settings.database.clone(),
                user: settings.user.clone(),
                password: settings.password.clone(),
                instance: crate::server::instance_id(config)?,
                retention: crate::server::retention_policy(&config.retention),
                cluster: settings.cluster.clone(),
                async_insert: settings.async_insert,
            };
            Arc::new(ClickHouseStore::connect(&clickhouse, config.store.migrate).await?)
        }
        #[cfg(feature = "postgres")]
        StoreKind::Postgres => {
            use ophion_storage::postgres::{PostgresConfig, PostgresStore};
            let postgres = PostgresConfig {
                url: config.store.postgres.url.clone(),
                instance: crate::server::instance_id(config)?,
            };
            Arc::new(PostgresStore::connect(&postgres, config.store.migrate).await?)
        }
        StoreKind::None => {
            tracing::warn!("store `none`: telemetry is counted and DISCARDED (benchmarking aid)");
            Arc::new(NullStore::new())
        }
        #[cfg(not(all(feature = "clickhouse", feature = "postgres")))]
        left_out => {
            ensure_built_in(left_out)?;
            anyhow::bail!("store {left_out:?} cannot be opened")
        }
    })
}

/// Creates or upgrades a shared store's schema (`ophion migrate`): ClickHouse when its URL is
/// given, else PostgreSQL. Says which version the database is at now.
pub async fn migrate(
    clickhouse_url: Option<String>,
    clickhouse_database: String,
    postgres_url: Option<String>,
) -> anyhow::Result<String> {
    if let Some(url) = clickhouse_url {
        return migrate_clickhouse(url, clickhouse_database).await;
    }
    migrate_postgres(postgres_url.context("--clickhouse-url or --postgres-url")?).await
}

#[cfg(feature = "clickhouse")]
async fn migrate_clickhouse(url: String, database: String) -> anyhow::Result<String> {
    use ophion_storage::clickhouse::{ClickHouseConfig, ClickHouseStore};
    let config = ClickHouseConfig { database, ..ClickHouseConfig::new(url) };
    let store = ClickHouseStore::connect(&config, true).await?;
    let version = store.schema_version().await?.unwrap_or_default();
    Ok(format!("ClickHouse database {}: schema version {version}", config.database))
}

#[cfg(not(feature = "clickhouse"))]
async fn migrate_clickhouse(_: String, _: String) -> anyhow::Result<String> {
    ensure_built_in(StoreKind::Clickhouse)?;
    anyhow::bail!("the ClickHouse store cannot be migrated")
}

#[cfg(feature = "postgres")]
async fn migrate_postgres(url: String) -> anyhow::Result<String> {
    use ophion_storage::postgres::{PostgresConfig, PostgresStore};
    let store = PostgresStore::connect(&PostgresConfig::new(url), true).await?;
    let version = store.schema_version().await?.unwrap_or_default();
    Ok(format!("PostgreSQL database: schema version {version}"))
}

#[cfg(not(feature = "postgres"))]
async fn migrate_postgres(_: String) -> anyhow::Result<String> {
    ensure_built_in(StoreKind::Postgres)?;
    anyhow::bail!("the PostgreSQL store cannot be migrated")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_left_out_of_the_build_is_refused_by_name_and_feature() {
        let embedded_only = [StoreKind::Embedded, StoreKind::None];
        let err = ensure_among(StoreKind::Clickhouse, &embedded_only).unwrap_err().to_string();
        assert!(err.contains("ClickHouse store was not built into"), "{err}");
        assert!(err.contains("`clickhouse`"), "{err}");
        let err = ensure_among(StoreKind::Postgres, &embedded_only).unwrap_err().to_string();
        assert!(err.contains("PostgreSQL store was not built into"), "{err}");
        assert!(ensure_among(StoreKind::Embedded, &embedded_only).is_ok());
        assert!(ensure_among(StoreKind::Postgres, &[StoreKind::Postgres]).is_ok());
    }

    #[test]
    fn this_build_has_the_stores_its_features_name() {
        assert_eq!(BUILT_IN.contains(&StoreKind::Clickhouse), cfg!(feature = "clickhouse"));
        assert_eq!(BUILT_IN.contains(&StoreKind::Postgres), cfg!(feature = "postgres"));
    }
}
