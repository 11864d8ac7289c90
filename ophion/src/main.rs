//! `ophion`: OpenTelemetry in, durable pipeline, embedded store, query API — one binary.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use ophion::config::{self, AuthFlag, FlagOverrides, StoreFlag, StoreKind, UrlFlag};
use tracing_subscriber::EnvFilter;

// Decoding OTLP allocates per attribute; mimalloc measured faster than glibc's allocator here
// (bench/results/).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "ophion", version, about = "OpenTelemetry-native observability backend")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the receivers, pipeline, store and API.
    Serve(ServeArgs),
    /// Load and check the configuration, then print the effective settings.
    ValidateConfig(ServeArgs),
    /// Create or upgrade the schema of a ClickHouse or PostgreSQL store, then exit.
    Migrate(MigrateArgs),
    /// Manage API keys in the metadata store.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// The AI engine's detector and log miner over files, for evaluation.
    #[command(subcommand)]
    Ai(AiCommand),
}

#[derive(Subcommand)]
enum AiCommand {
    /// Score `timestamp,value` rows online; writes `timestamp,value,anomaly_score,label`.
    Detect {
        #[arg(long)]
        input: PathBuf,
    },
    /// Mine templates from one log message per line; writes `<template id>\t<template>`.
    Patterns {
        #[arg(long)]
        input: PathBuf,
    },
}

impl AiCommand {
    fn run(self) -> anyhow::Result<()> {
        use ophion_ai::eval;
        let stdout = std::io::BufWriter::new(std::io::stdout().lock());
        let outcome = match self {
            Self::Detect { input } => {
                eval::detect_csv(open_input(&input)?, stdout, Default::default())
            }
            Self::Patterns { input } => {
                eval::patterns_lines(open_input(&input)?, stdout, Default::default())
            }
        };
        outcome.map_err(|err| if err.is_bad_input() { Usage::of(err) } else { err.into() })
    }
}

/// The file `--input` names, for reading; anything else there is the user's mistake.
fn open_input(path: &Path) -> anyhow::Result<std::io::BufReader<std::fs::File>> {
    if path.is_dir() {
        return Err(Usage::msg(format!("--input {}: is a directory, not a file", path.display())));
    }
    std::fs::File::open(path)
        .map(std::io::BufReader::new)
        .map_err(|err| Usage::msg(format!("cannot open --input {}: {err}", path.display())))
}

#[derive(Args)]
struct MetadataArgs {
    /// The data directory whose `metadata.db` holds the keys [default: ./data]
    #[arg(long, default_value = "./data", conflicts_with = "metadata_url")]
    data_dir: PathBuf,
    /// A PostgreSQL metadata store instead, e.g. postgres://ophion@127.0.0.1/ophion
    #[arg(long, env = "OPHION_METADATA_URL")]
    metadata_url: Option<String>,
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Make a key; it is printed once, as the last word of the output.
    Create {
        #[arg(long)]
        tenant: String,
        /// Comma-separated: ingest, read, operate, admin.
        #[arg(long)]
        scope: String,
        #[arg(long, default_value = "cli")]
        name: String,
        /// Lifetime, e.g. 90d; forever when absent.
        #[arg(long, value_parser = humantime::parse_duration)]
        expires_in: Option<std::time::Duration>,
        #[command(flatten)]
        metadata: MetadataArgs,
    },
    /// List keys (never their secrets).
    List {
        #[arg(long)]
        tenant: Option<String>,
        #[command(flatten)]
        metadata: MetadataArgs,
    },
    /// Revoke a key by id.
    Revoke {
        id: String,
        #[command(flatten)]
        metadata: MetadataArgs,
    },
}

impl KeysCommand {
    async fn run(self) -> anyhow::Result<String> {
        use ophion::keys;
        let open = |m: &MetadataArgs| {
            let (dir, url) = (m.data_dir.clone(), m.metadata_url.clone());
            async move { keys::open(&dir, url.as_deref()).await }
        };
        match self {
            Self::Create { tenant, scope, name, expires_in, metadata } => {
                let store = open(&metadata).await?;
                keys::create(&store, &tenant, &scope, &name, expires_in).await
            }
            Self::List { tenant, metadata } => {
                let store = open(&metadata).await?;
                let tenant = tenant.map(|t| ophion_core::TenantId::new(&t)).transpose()?;
                Ok(keys::table(&store.list_keys(tenant.as_ref()).await?))
            }
            Self::Revoke { id, metadata } => {
                let store = open(&metadata).await?;
                let key = store.revoke_key(None, &id).await?;
                Ok(format!("revoked API key {} of tenant {}", key.id, key.tenant))
            }
        }
    }
}

#[derive(Args)]
#[group(required = true, multiple = false)]
struct MigrateTarget {
    /// ClickHouse's HTTP interface, e.g. http://127.0.0.1:8123
    #[arg(long, env = "OPHION_CLICKHOUSE_URL")]
    clickhouse_url: Option<String>,
    /// PostgreSQL connection URL, e.g. postgres://ophion@127.0.0.1/ophion
    #[arg(long, env = "OPHION_POSTGRES_URL")]
    postgres_url: Option<String>,
}

#[derive(Args)]
struct MigrateArgs {
    #[command(flatten)]
    target: MigrateTarget,
    /// The ClickHouse database to create or upgrade.
    #[arg(long, env = "OPHION_CLICKHOUSE_DATABASE", default_value = "ophion")]
    clickhouse_database: String,
}

impl MigrateArgs {
    async fn run(self) -> anyhow::Result<String> {
        let target = self.target;
        ophion::stores::migrate(
            target.clickhouse_url,
            self.clickhouse_database,
            target.postgres_url,
        )
        .await
    }
}

#[derive(Args)]
struct ServeArgs {
    /// YAML configuration file.
    #[arg(long, env = "OPHION_CONFIG")]
    config: Option<PathBuf>,
    /// Data directory for the queue and the embedded store [default: ./data]
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// OTLP/gRPC listen address [default: 127.0.0.1:4317]
    #[arg(long)]
    otlp_grpc_addr: Option<std::net::SocketAddr>,
    /// OTLP/HTTP listen address [default: 127.0.0.1:4318]
    #[arg(long)]
    otlp_http_addr: Option<std::net::SocketAddr>,
    /// REST API listen address [default: 127.0.0.1:8080]
    #[arg(long)]
    api_addr: Option<std::net::SocketAddr>,
    /// Where telemetry is stored [default: embedded]. `none` counts and discards everything:
    /// a benchmarking aid for measuring the receive path alone.
    #[arg(long, value_enum)]
    store: Option<StoreKind>,
    /// ClickHouse's HTTP interface for `--store clickhouse`, e.g. http://127.0.0.1:8123
    #[arg(long, env = "OPHION_CLICKHOUSE_URL")]
    clickhouse_url: Option<String>,
    /// PostgreSQL connection URL for `--store postgres`, e.g. postgres://ophion@127.0.0.1/ophion
    #[arg(long, env = "OPHION_POSTGRES_URL")]
    postgres_url: Option<String>,
    /// Whether credentials are required [default: auto: as soon as a listener is bound
    /// beyond loopback]. `required` forces them on loopback too; `disabled` turns them off
    /// everywhere and says so loudly.
    #[arg(long, value_parser = ophion_auth::AuthMode::parse)]
    auth: Option<ophion_auth::AuthMode>,
}

impl ServeArgs {
    fn load(self) -> anyhow::Result<config::Config> {
        let flags = FlagOverrides {
            data_dir: self.data_dir,
            otlp_grpc_addr: self.otlp_grpc_addr,
            otlp_http_addr: self.otlp_http_addr,
            api_addr: self.api_addr,
            store: Some(StoreFlag {
                kind: self.store,
                clickhouse: self.clickhouse_url.map(|url| UrlFlag { url }),
                postgres: self.postgres_url.map(|url| UrlFlag { url }),
            }),
            auth: self.auth.map(|mode| AuthFlag { mode }),
        };
        config::load(self.config.as_deref(), flags)
    }
}

/// How `ophion` ends, in the convention clap already follows for bad arguments: 2 for a
/// mistake in what was asked (bad input, a bad configuration, an unknown id), 1 for a failure,
/// each with one line on stderr and never a backtrace. When whoever reads the output stops
/// reading (`ophion ai detect … | head`), it ends quietly with 0, as ripgrep and other Rust
/// CLIs do: the reader got what it wanted, and a pipeline under `set -o pipefail` must not fail
/// for it.
fn main() -> ExitCode {
    let cli = Cli::parse();
    let Err(err) = run(cli) else { return ExitCode::SUCCESS };
    if closed_pipe(&err) {
        return ExitCode::SUCCESS;
    }
    // Nothing else can be said when stderr is closed too.
    let _ = writeln!(std::io::stderr(), "ophion: {err:#}");
    if is_usage(&err) { ExitCode::from(2) } else { ExitCode::FAILURE }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::ValidateConfig(args) => {
            let config = args.load().map_err(Usage::of)?;
            let settings = serde_json::to_string_pretty(&config)?;
            say(&format!("configuration is valid; effective settings:\n{settings}"))
        }
        Command::Migrate(args) => {
            init_logging(&config::LogConfig::default());
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            say(&runtime.block_on(args.run())?)
        }
        Command::Keys(command) => {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            say(&runtime.block_on(command.run())?)
        }
        Command::Ai(command) => command.run(),
        Command::Serve(args) => {
            let config = args.load().map_err(Usage::of)?;
            init_logging(&config.log);
            let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
            runtime.block_on(serve(config))
        }
    }
}

/// A mistake in what the user asked for, as opposed to a failure while doing it.
#[derive(Debug)]
struct Usage(anyhow::Error);

impl Usage {
    fn of(err: impl Into<anyhow::Error>) -> anyhow::Error {
        anyhow::Error::new(Self(err.into()))
    }

    fn msg(text: String) -> anyhow::Error {
        Self::of(anyhow::Error::msg(text))
    }
}

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:#}", self.0)
    }
}

impl std::error::Error for Usage {}

fn is_usage(err: &anyhow::Error) -> bool {
    use ophion_core::ErrorKind;
    err.chain().any(|cause| {
        cause.is::<Usage>()
            || cause
                .downcast_ref::<ophion_core::Error>()
                .is_some_and(|e| matches!(e.kind, ErrorKind::InvalidInput | ErrorKind::NotFound))
    })
}

fn closed_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Prints `text` on stdout; a closed stdout comes back as an error, where `println!` panics.
fn say(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")?;
    out.flush()?;
    Ok(())
}

async fn serve(config: config::Config) -> anyhow::Result<()> {
    let running = ophion::server::start(config).await?;
    wait_for_signal().await?;
    tracing::info!("shutting down");
    running.shutdown().await
}

async fn wait_for_signal() -> anyhow::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).context("installing SIGTERM handler")?;
    tokio::select! {
        _ = term.recv() => {}
        r = tokio::signal::ctrl_c() => r.context("installing SIGINT handler")?,
    }
    Ok(())
}

fn init_logging(log: &config::LogConfig) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(&log.level));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if log.format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}
