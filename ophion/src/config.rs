//! Layered configuration: defaults → YAML file (`--config`) → `OPHION_*` environment
//! variables (`__` separates nesting: `OPHION_QUEUE__MAX_BYTES`) → command-line flags.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Yaml};
use ophion_core::limit::{Rate, TenantRates};
use ophion_pipeline::WriterConfig;
use ophion_pipeline::processors::config::{ProcessorConfig, default_configs};
use ophion_pipeline::queue::QueueConfig;
use ophion_receiver::ReceiverConfig;
use ophion_storage::EmbeddedConfig;

use crate::http_server::HttpConfig;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Where the queue and the embedded store live.
    pub data_dir: PathBuf,
    pub otlp_grpc_addr: SocketAddr,
    pub otlp_http_addr: SocketAddr,
    pub api_addr: SocketAddr,
    pub receiver: ReceiverConfig,
    /// Connection limits of the OTLP/HTTP and API listeners.
    pub http: HttpConfig,
    pub queue: QueueConfig,
    /// How the writer groups queue records into store transactions.
    pub writer: WriterConfig,
    /// Which store holds the telemetry, and its settings.
    pub store: StoreConfig,
    /// Processors run in order on every batch before it is queued. Default: redaction.
    pub processors: Vec<ProcessorConfig>,
    pub retention: RetentionConfig,
    /// How long shutdown may take in all: receivers, queue drain, store close.
    #[serde(with = "humantime_serde")]
    pub shutdown_timeout: Duration,
    pub log: LogConfig,
    /// Resident memory above which ingest is pushed back (retryable) until it falls again;
    /// 0 disables. Includes the embedded store's `store.embedded.memory_limit_bytes`.
    pub memory_limit_bytes: u64,
    /// Who may send and read: API keys, OIDC, and whether credentials are required.
    pub auth: ophion_auth::AuthConfig,
    pub limits: LimitsConfig,
    /// Browser origins allowed to call the API.
    pub cors: ophion_api::CorsConfig,
    pub metadata: MetadataConfig,
    /// The AI engine: anomalies, log patterns, capacity forecasts and tips, found live.
    pub ai: ophion_ai::EngineConfig,
    pub alerting: AlertingConfig,
    /// Where Ophion's own requests (notification channels) may go: public addresses, and
    /// internal ones only when `outbound.allow` names them (CIDRs or host names).
    pub outbound: ophion_core::outbound::OutboundPolicy,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("./data"),
            otlp_grpc_addr: ([127, 0, 0, 1], 4317).into(),
            otlp_http_addr: ([127, 0, 0, 1], 4318).into(),
            api_addr: ([127, 0, 0, 1], 8080).into(),
            receiver: ReceiverConfig::default(),
            http: HttpConfig::default(),
            queue: QueueConfig::default(),
            writer: WriterConfig::default(),
            store: StoreConfig::default(),
            processors: default_configs(),
            retention: RetentionConfig::default(),
            shutdown_timeout: Duration::from_secs(30),
            log: LogConfig::default(),
            memory_limit_bytes: 1 << 30,
            auth: ophion_auth::AuthConfig::default(),
            limits: LimitsConfig::default(),
            cors: ophion_api::CorsConfig::default(),
            metadata: MetadataConfig::default(),
            ai: ophion_ai::EngineConfig::default(),
            alerting: AlertingConfig::default(),
            outbound: Default::default(),
        }
    }
}

/// Rate limits and quotas. A rate is `{per_second, burst}`; per-tenant settings take a
/// `default` and overrides under `tenants.<id>`; a rate of 0 means unlimited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LimitsConfig {
    /// API requests per client address, checked before authentication.
    pub api_per_ip: Option<Rate>,
    /// API requests per tenant.
    pub api_per_tenant: TenantRates,
    /// Telemetry items (spans, log records, metric points) per second per tenant, over
    /// OTLP and the JSON metrics API together.
    pub ingest_per_tenant: TenantRates,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        Self {
            api_per_ip: Some(Rate { per_second: 200.0, burst: Some(400.0) }),
            api_per_tenant: TenantRates {
                default: Some(Rate { per_second: 500.0, burst: Some(1000.0) }),
                ..TenantRates::default()
            },
            ingest_per_tenant: TenantRates::default(),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AlertingConfig {
    /// The console's address as people reach it, for links in notifications. Empty: the API's
    /// listening address.
    pub external_url: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MetadataConfig {
    /// `postgres://…` for a shared metadata store. Empty: `store.postgres.url` with the
    /// PostgreSQL store, else the SQLite file `data_dir/metadata.db`.
    #[serde(serialize_with = "serialize_redacted")]
    pub url: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StoreConfig {
    pub kind: StoreKind,
    /// Resource limits of the embedded store.
    pub embedded: EmbeddedConfig,
    pub clickhouse: ClickHouseSettings,
    pub postgres: PostgresSettings,
    /// Create or upgrade a ClickHouse or PostgreSQL schema on start; when off, an out-of-date
    /// schema stops the start with a pointer to `ophion migrate`.
    pub migrate: bool,
    /// This instance's name among those sharing a ClickHouse or PostgreSQL store. Empty: the
    /// one kept in `data_dir/instance-id`, made on first start (the queue it names lives
    /// there too).
    pub instance: String,
}

impl Default for StoreConfig {
    fn default() -> Self {
        Self {
            kind: StoreKind::default(),
            embedded: EmbeddedConfig::default(),
            clickhouse: ClickHouseSettings::default(),
            postgres: PostgresSettings::default(),
            migrate: true,
            instance: String::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ClickHouseSettings {
    /// The HTTP interface, e.g. `http://127.0.0.1:8123`.
    pub url: String,
    pub database: String,
    pub user: Option<String>,
    #[serde(skip_serializing)]
    pub password: Option<String>,
    /// Cluster mode: the cluster name from the servers' `remote_servers`.
    pub cluster: Option<String>,
    /// Server-side buffering of inserts, always waited for (`wait_for_async_insert=1`).
    pub async_insert: bool,
}

impl Default for ClickHouseSettings {
    fn default() -> Self {
        Self {
            url: String::new(),
            database: "ophion".into(),
            user: None,
            password: None,
            cluster: None,
            async_insert: false,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PostgresSettings {
    /// `postgres://user:password@host:port/database`.
    #[serde(serialize_with = "serialize_redacted")]
    pub url: String,
}

/// Settings are printed by `validate-config`: never a password.
fn serialize_redacted<S: serde::Serializer>(url: &str, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&ophion_core::error::redact_url(url))
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum StoreKind {
    /// DuckDB under `data_dir/store`.
    #[default]
    Embedded,
    /// A ClickHouse server or cluster (`store.clickhouse`).
    Clickhouse,
    /// A PostgreSQL database (`store.postgres`).
    Postgres,
    /// Counts and discards everything: a benchmarking aid that measures the receive path
    /// alone. Never for real data.
    None,
}

/// How long each signal is kept, and how often the retention job runs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RetentionConfig {
    #[serde(with = "humantime_serde")]
    pub traces: Duration,
    #[serde(with = "humantime_serde")]
    pub logs: Duration,
    #[serde(with = "humantime_serde")]
    pub metrics: Duration,
    #[serde(with = "humantime_serde")]
    pub interval: Duration,
}

impl Default for RetentionConfig {
    fn default() -> Self {
        let week = Duration::from_secs(7 * 86_400);
        Self { traces: week, logs: week, metrics: week, interval: Duration::from_secs(3600) }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    /// A tracing filter such as `info` or `ophion=debug,info`; `RUST_LOG` wins if set.
    pub level: String,
    /// `text` or `json`.
    pub format: String,
}

impl Default for LogConfig {
    fn default() -> Self {
        Self { level: "info".into(), format: "text".into() }
    }
}

/// Flags given on the command line; only those present override the other layers.
#[derive(Debug, Default, Serialize)]
pub struct FlagOverrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub otlp_grpc_addr: Option<SocketAddr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub otlp_http_addr: Option<SocketAddr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_addr: Option<SocketAddr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store: Option<StoreFlag>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth: Option<AuthFlag>,
}

/// `--auth`, as `auth.mode`.
#[derive(Debug, Serialize)]
pub struct AuthFlag {
    pub mode: ophion_auth::AuthMode,
}

/// `--store`, `--clickhouse-url` and `--postgres-url`, nested the way the config file spells
/// them (`store.kind`, `store.clickhouse.url`, `store.postgres.url`).
#[derive(Debug, Default, Serialize)]
pub struct StoreFlag {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<StoreKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clickhouse: Option<UrlFlag>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postgres: Option<UrlFlag>,
}

#[derive(Debug, Serialize)]
pub struct UrlFlag {
    pub url: String,
}

/// Top-level keys read from the environment: `Config`'s own fields, so a new section is
/// configurable there too. Other `OPHION_*` variables (test settings, for instance) are
/// ignored rather than rejected.
fn env_keys() -> Vec<String> {
    match serde_json::to_value(Config::default()) {
        Ok(serde_json::Value::Object(fields)) => fields.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

pub fn load(file: Option<&Path>, flags: FlagOverrides) -> anyhow::Result<Config> {
    let mut figment = Figment::from(Serialized::defaults(Config::default()));
    if let Some(file) = file {
        anyhow::ensure!(file.exists(), "config file {} does not exist", file.display());
        figment = figment.merge(Yaml::file(file));
    }
    let keys = env_keys();
    let env = Env::prefixed("OPHION_").split("__").filter(move |key| {
        let key = key.as_str().to_ascii_lowercase();
        keys.iter().any(|k| {
            key == *k || key.starts_with(&format!("{k}__")) || key.starts_with(&format!("{k}."))
        })
    });
    figment = figment.merge(env).merge(Serialized::defaults(flags));
    let config: Config = figment.extract().context("invalid configuration")?;
    anyhow::ensure!(
        matches!(config.log.format.as_str(), "text" | "json"),
        "log.format must be text or json"
    );
    let store_memory = config.store.embedded.memory_limit_bytes;
    anyhow::ensure!(
        config.memory_limit_bytes == 0 || store_memory < config.memory_limit_bytes,
        "store.embedded.memory_limit_bytes ({store_memory}) must be below memory_limit_bytes \
         ({}): the process limit includes the store",
        config.memory_limit_bytes
    );
    config.outbound.validate()?;
    crate::stores::ensure_built_in(config.store.kind)?;
    match config.store.kind {
        StoreKind::Clickhouse => anyhow::ensure!(
            !config.store.clickhouse.url.is_empty(),
            "store.kind is clickhouse but no URL is set: give --clickhouse-url or \
             store.clickhouse.url"
        ),
        StoreKind::Postgres => anyhow::ensure!(
            !config.store.postgres.url.is_empty(),
            "store.kind is postgres but no URL is set: give --postgres-url or store.postgres.url"
        ),
        StoreKind::Embedded | StoreKind::None => {}
    }
    ophion_pipeline::processors::build(&config.processors).context("invalid processors")?;
    Ok(config)
}

#[cfg(test)]
#[allow(clippy::result_large_err)] // figment::Jail's closure signature
mod tests {
    use super::*;

    #[test]
    fn layers_apply_in_order_file_then_env_then_flags() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "ophion.yaml",
                "data_dir: /from/file\napi_addr: 127.0.0.1:9000\nqueue:\n  max_bytes: 1000\n",
            )?;
            jail.set_env("OPHION_API_ADDR", "127.0.0.1:9001");
            jail.set_env("OPHION_QUEUE__SEGMENT_BYTES", "4096");
            jail.set_env("OPHION_TEST_SOMETHING", "ignored");
            jail.set_env("OPHION_AI__TIP_INTERVAL", "5s");
            let flags = FlagOverrides { data_dir: Some("/from/flag".into()), ..Default::default() };
            let config = load(Some(Path::new("ophion.yaml")), flags).map_err(|e| e.to_string())?;
            assert_eq!(config.data_dir, PathBuf::from("/from/flag"));
            assert_eq!(config.api_addr.port(), 9001);
            assert_eq!(config.queue.max_bytes, 1000);
            assert_eq!(config.queue.segment_bytes, 4096);
            assert_eq!(config.ai.tip_interval, Duration::from_secs(5));
            Ok(())
        });
    }

    #[test]
    fn the_store_flag_overrides_the_kind_and_keeps_the_files_store_settings() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "ophion.yaml",
                "store:\n  kind: embedded\n  embedded:\n    threads: 1\n",
            )?;
            let flags = FlagOverrides {
                store: Some(StoreFlag { kind: Some(StoreKind::None), ..StoreFlag::default() }),
                ..Default::default()
            };
            let config = load(Some(Path::new("ophion.yaml")), flags).map_err(|e| e.to_string())?;
            assert_eq!(config.store.kind, StoreKind::None);
            assert_eq!(config.store.embedded.threads, 1);
            let config = load(Some(Path::new("ophion.yaml")), FlagOverrides::default())
                .map_err(|e| e.to_string())?;
            assert_eq!(config.store.kind, StoreKind::Embedded);
            Ok(())
        });
    }

    #[test]
    fn the_readme_configuration_example_loads() {
        let readme = include_str!("../../README.md");
        let section =
            readme.split("## Configuration").nth(1).expect("README has a Configuration section");
        let yaml = section
            .split("```yaml\n")
            .nth(1)
            .and_then(|block| block.split("```").next())
            .expect("the Configuration section has a yaml block");
        figment::Jail::expect_with(|jail| {
            jail.create_file("ophion.yaml", yaml)?;
            let config = load(Some(Path::new("ophion.yaml")), FlagOverrides::default())
                .map_err(|e| format!("{e:#}"))?;
            // Values the example sets away from the defaults: the file was read, not skipped.
            assert_eq!(config.processors.len(), 3);
            assert_eq!(config.ai.capacity.len(), 1);
            Ok(())
        });
    }

    #[test]
    fn unknown_keys_are_rejected() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("bad.yaml", "data_dri: /typo\n")?;
            let err = load(Some(Path::new("bad.yaml")), FlagOverrides::default()).unwrap_err();
            assert!(format!("{err:#}").contains("data_dri"), "{err:#}");
            Ok(())
        });
    }
}
