//! Wiring and supervision: open the store, the queue and the pipeline, start the writer,
//! the retention job, the alerting engine, the AI engine, the OTLP receivers and the API (with the web console
//! beside it); stop them in order.
//!
//! Shutdown order: receivers stop accepting (in-flight requests finish) → the writer drains
//! what is durable into the store → the store closes. Each stage shares one deadline, and the
//! writer drains for at most half of it: the queue is durable, so a backlog left behind costs
//! only replay time at the next start, while a missed deadline gets the process killed.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use ophion_ai::{Engine, InsightStore, Tenants};
use ophion_auth::Authenticator;
use ophion_core::auth::NoAuth;
use ophion_core::limit::Limiter;
use ophion_core::store::RetentionPolicy;
use ophion_core::time::now_unix_nanos;
use ophion_core::{Authenticate, SelfMetrics, TelemetryStore, TenantId};
use ophion_metadata::MetadataStore;
use ophion_pipeline::queue::Queue;
use ophion_pipeline::{MemoryGuard, Pipeline, Writer};
use ophion_receiver::OtlpExport;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::config::{Config, StoreKind};
use crate::http_server;

/// A started Ophion. Drop does not stop it: call [`Running::shutdown`].
pub struct Running {
    pub otlp_grpc_addr: SocketAddr,
    pub otlp_http_addr: SocketAddr,
    pub api_addr: SocketAddr,
    pub metrics: Arc<SelfMetrics>,
    stop_receivers: watch::Sender<bool>,
    stop_writer: watch::Sender<bool>,
    receivers: Vec<JoinHandle<()>>,
    background: Vec<JoinHandle<()>>,
    writer: JoinHandle<()>,
    store: Arc<dyn TelemetryStore>,
    shutdown_timeout: Duration,
}

/// Start everything with the configured store (`stores::open`).
pub async fn start(config: Config) -> anyhow::Result<Running> {
    let store = crate::stores::open(&config).await?;
    start_with_store(config, store).await
}

/// Start everything on a given store (tests wrap the real store to inject faults).
pub async fn start_with_store(
    config: Config,
    store: Arc<dyn TelemetryStore>,
) -> anyhow::Result<Running> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("cannot create data dir {}", config.data_dir.display()))?;
    let metrics = Arc::new(SelfMetrics::default());
    let applied = store
        .applied_position()
        .await
        .context("cannot read the store's queue position")?
        .unwrap_or(0);
    let (queue, reader) =
        Queue::open(&config.data_dir.join("queue"), config.queue.clone(), applied, metrics.clone())
            .context("cannot open the durable queue")?;
    let processors = ophion_pipeline::processors::build(&config.processors)?;
    let memory = MemoryGuard::start(config.memory_limit_bytes, metrics.clone())
        .context("cannot start the memory guard, so memory_limit_bytes could not be enforced")?;
    let pipeline = Arc::new(Pipeline::new(processors, queue.clone(), metrics.clone(), memory));

    let (stop_writer, writer_stop) = watch::channel(false);
    let applied_logs = ophion_api::tail::LogTail::ring();
    let writer = Writer {
        queue,
        reader,
        store: store.clone(),
        metrics: metrics.clone(),
        config: config.writer,
        applied_logs: Some(applied_logs.clone()),
    };
    let writer = tokio::spawn(writer.run(writer_stop, config.shutdown_timeout / 2));

    let (stop_receivers, receivers_stop) = watch::channel(false);
    let stopped = move |mut rx: watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|stop| *stop).await;
    };

    let grpc_listener = bind(config.otlp_grpc_addr, "OTLP/gRPC").await?;
    let http_listener = bind(config.otlp_http_addr, "OTLP/HTTP").await?;
    let api_listener = bind(config.api_addr, "API").await?;
    let addrs =
        (grpc_listener.local_addr()?, http_listener.local_addr()?, api_listener.local_addr()?);
    let metadata = open_metadata(&config).await?;
    let insights = Arc::new(InsightStore::new(config.ai.max_insights));
    let auth = authenticator(&config, &metadata, &[addrs.0, addrs.1, addrs.2]).await?;
    let ingest_quota = Arc::new(config.limits.ingest_per_tenant.limiter());
    let export = OtlpExport::new(
        pipeline.clone(),
        config.receiver.clone(),
        auth.clone(),
        ingest_quota.clone(),
    );

    let grpc_routes = tonic::service::Routes::from(ophion_receiver::grpc::router(export.clone()));
    let grpc = tonic::transport::Server::builder()
        .http2_max_header_list_size(16 << 10)
        .max_concurrent_streams(256)
        // Export requests run to megabytes: hyper's 1 MiB connection window made clients wait
        // for window updates with a few requests in flight.
        .initial_connection_window_size(8 << 20)
        .initial_stream_window_size(4 << 20)
        .add_routes(grpc_routes)
        .serve_with_incoming_shutdown(
            tonic::transport::server::TcpIncoming::from(grpc_listener),
            stopped(receivers_stop.clone()),
        );
    let http = http_server::serve(
        http_listener,
        ophion_receiver::http::router(export),
        config.http.clone(),
        receivers_stop.clone(),
    );
    let per_ip = config.limits.api_per_ip;
    let limits = ophion_api::Limits {
        per_ip: Limiter::new(move |_| per_ip),
        per_tenant: config.limits.api_per_tenant.limiter(),
        ingest: ingest_quota,
    };
    let external_url = match config.alerting.external_url.as_str() {
        "" => format!("http://{}", addrs.2),
        url => url.trim_end_matches('/').to_owned(),
    };
    let notifier = ophion_alerts::notify::Notifier::new(
        metadata.clone(),
        config.outbound.clone(),
        external_url,
    )?;
    let api_state = ophion_api::ApiState {
        store: store.clone(),
        ingest: pipeline,
        metrics: metrics.clone(),
        auth,
        metadata: metadata.clone(),
        limits: Arc::new(limits),
        cors: Arc::new(config.cors.clone()),
        insights: insights.clone(),
        sign_in: Arc::new(ophion_auth::SignIn::new(
            config.auth.mode.resolve(&[addrs.0, addrs.1, addrs.2]),
            config.auth.oidc.as_ref(),
        )?),
        tail: Arc::new(ophion_api::tail::LogTail::new(applied_logs, receivers_stop.clone())),
        overview: ophion_api::overview::cache(),
        notifier: notifier.clone(),
    };
    let api = http_server::serve(
        api_listener,
        ophion_api::router_with(api_state, ophion_console::router()),
        config.http.clone(),
        receivers_stop.clone(),
    );
    let receivers = vec![
        tokio::spawn(async move {
            if let Err(err) = grpc.await {
                tracing::error!(%err, "OTLP/gRPC server failed");
            }
        }),
        tokio::spawn(http),
        tokio::spawn(api),
    ];
    let instance = instance_id(&config)?;
    let alerting = ophion_alerts::Alerting {
        store: store.clone(),
        metadata: metadata.clone(),
        insights: insights.clone(),
    };
    let mut background = vec![
        tokio::spawn(retention_job(
            store.clone(),
            config.retention.clone(),
            instance.clone(),
            receivers_stop.clone(),
        )),
        tokio::spawn(alerting.run(instance, receivers_stop.clone())),
        tokio::spawn(notifier.run(receivers_stop.clone())),
    ];
    if config.ai.enabled {
        let tenants = Arc::new(KnownTenants(metadata.clone()));
        let engine = Engine::new(store.clone(), tenants, insights, config.ai.clone());
        background.push(tokio::spawn(engine.run(receivers_stop)));
    }
    tracing::info!(
        otlp_grpc = %addrs.0, otlp_http = %addrs.1, api = %addrs.2, data_dir = %config.data_dir.display(),
        resumed_after_position = applied, "Ophion is serving"
    );
    Ok(Running {
        otlp_grpc_addr: addrs.0,
        otlp_http_addr: addrs.1,
        api_addr: addrs.2,
        metrics,
        stop_receivers,
        stop_writer,
        receivers,
        background,
        writer,
        store,
        shutdown_timeout: config.shutdown_timeout,
    })
}

/// The tenants the AI engine analyses: `default` (every caller's tenant when authentication
/// is off) and every tenant the metadata store knows from its keys and users.
struct KnownTenants(MetadataStore);

#[async_trait::async_trait]
impl Tenants for KnownTenants {
    async fn tenants(&self) -> ophion_core::Result<Vec<TenantId>> {
        let mut tenants = vec![TenantId::default_tenant()];
        for id in self.0.tenants().await? {
            match TenantId::new(&id) {
                Ok(tenant) if !tenants.contains(&tenant) => tenants.push(tenant),
                Ok(_) => {}
                Err(err) => {
                    tracing::warn!(tenant = id, %err, "metadata holds an invalid tenant id")
                }
            }
        }
        Ok(tenants)
    }
}

/// The metadata store: `metadata.url`, else the PostgreSQL store's database, else SQLite
/// in the data directory.
async fn open_metadata(config: &Config) -> anyhow::Result<MetadataStore> {
    let url = match (&config.metadata.url, config.store.kind) {
        (url, _) if !url.is_empty() => url.clone(),
        (_, StoreKind::Postgres) => config.store.postgres.url.clone(),
        _ => return Ok(MetadataStore::open_dir(&config.data_dir).await?),
    };
    Ok(MetadataStore::open(&url).await?)
}

/// Credentials are checked when `auth.mode` says so; `auto` checks them as soon as any
/// listener is reachable beyond loopback.
async fn authenticator(
    config: &Config,
    metadata: &MetadataStore,
    listeners: &[SocketAddr],
) -> anyhow::Result<Arc<dyn Authenticate>> {
    let exposed = listeners.iter().any(|addr| !addr.ip().is_loopback());
    if !config.auth.mode.resolve(listeners) {
        if exposed {
            tracing::warn!(
                "AUTHENTICATION IS DISABLED (auth.mode: disabled) on a listener reachable beyond \
                 loopback: anyone who can connect can send and read every tenant's data as `default`"
            );
        } else {
            tracing::info!(
                "authentication is off: every listener is on loopback (`--auth required` turns it on)"
            );
        }
        return Ok(Arc::new(NoAuth));
    }
    let auth = Authenticator::new(metadata.clone(), config.auth.oidc.clone())?;
    if let Err(err) = auth.prefetch().await {
        tracing::warn!(%err, "cannot fetch the OIDC signing keys yet; will retry on first use");
    }
    tracing::info!(oidc = config.auth.oidc.is_some(), "authentication is required");
    Ok(Arc::new(auth))
}

async fn bind(addr: SocketAddr, what: &str) -> anyhow::Result<TcpListener> {
    TcpListener::bind(addr).await.with_context(|| format!("cannot listen for {what} on {addr}"))
}

pub(crate) fn retention_policy(config: &crate::config::RetentionConfig) -> RetentionPolicy {
    RetentionPolicy { traces: config.traces, logs: config.logs, metrics: config.metrics }
}

/// This instance's name among those sharing a store: configured, or kept in the data
/// directory beside the queue whose positions it qualifies.
pub(crate) fn instance_id(config: &Config) -> anyhow::Result<String> {
    if !config.store.instance.is_empty() {
        return Ok(config.store.instance.clone());
    }
    let path = config.data_dir.join("instance-id");
    if let Ok(id) = std::fs::read_to_string(&path) {
        return Ok(id.trim().to_owned());
    }
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("cannot create data dir {}", config.data_dir.display()))?;
    let seed = now_unix_nanos() ^ (u64::from(std::process::id()) << 32);
    let id = format!("ophion-{seed:016x}");
    std::fs::write(&path, &id).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(id)
}

/// Every instance runs the job; each period, the store lets one of them do the work.
async fn retention_job(
    store: Arc<dyn TelemetryStore>,
    config: crate::config::RetentionConfig,
    instance: String,
    mut stop: watch::Receiver<bool>,
) {
    let policy = retention_policy(&config);
    let interval = config.interval.max(Duration::from_secs(1));
    let mut tick = tokio::time::interval(interval);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stop.wait_for(|s| *s) => return,
        }
        let now = now_unix_nanos();
        let period = now / u64::try_from(interval.as_nanos()).unwrap_or(u64::MAX);
        match store.claim("retention", period, &instance).await {
            Ok(true) => {}
            Ok(false) => {
                tracing::debug!(period, "retention: another instance holds this period");
                continue;
            }
            Err(err) => {
                tracing::warn!(%err, "retention: cannot claim the period; will retry");
                continue;
            }
        }
        match store.enforce_retention(policy, now).await {
            Ok(report) => tracing::debug!(?report, "retention applied"),
            Err(err) => tracing::warn!(%err, "retention job failed; will retry"),
        }
    }
}

impl Running {
    /// Ordered, bounded shutdown. Returns an error if a stage missed the deadline (data not
    /// applied yet stays in the queue and is applied on the next start).
    pub async fn shutdown(self) -> anyhow::Result<()> {
        let deadline = Instant::now() + self.shutdown_timeout;
        let _ = self.stop_receivers.send(true);
        for task in self.receivers.into_iter().chain(self.background) {
            let left = deadline.saturating_duration_since(Instant::now());
            if tokio::time::timeout(left, task).await.is_err() {
                tracing::warn!("a server did not stop before the shutdown deadline");
            }
        }
        let _ = self.stop_writer.send(true);
        let left = deadline.saturating_duration_since(Instant::now());
        let mut writer = self.writer;
        let stopped = tokio::time::timeout(left, &mut writer).await.is_ok();
        if !stopped {
            writer.abort(); // never write into a store being closed
        }
        self.store.close().await.context("closing the store")?;
        anyhow::ensure!(stopped, "the writer did not stop before the shutdown deadline");
        tracing::info!("Ophion stopped");
        Ok(())
    }
}
