//! The HTTP/1.1 + HTTP/2 (h2c) accept loop for OTLP/HTTP and the API.
//!
//! `axum::serve` has no header-read timeout, so a client that trickles header bytes
//! (slowloris) would hold a connection and its task forever. This loop serves each connection
//! with hyper-util's auto builder, with a header-read timeout and HTTP/2 stream limits, and
//! shuts connections down gracefully (in-flight requests finish) when told to stop.

use std::time::Duration;

use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

/// Connection limits shared by the OTLP/HTTP and API listeners.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HttpConfig {
    /// An HTTP/1 connection that has not sent a complete request head within this is closed.
    #[serde(with = "humantime_serde")]
    pub header_read_timeout: Duration,
    /// Concurrent HTTP/2 streams per connection.
    pub max_concurrent_streams: u32,
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self { header_read_timeout: Duration::from_secs(10), max_concurrent_streams: 256 }
    }
}

/// Serve `router` on `listener` until `stop` turns true, then let open connections finish
/// their in-flight requests and return.
pub async fn serve(
    listener: TcpListener,
    router: axum::Router,
    config: HttpConfig,
    mut stop: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = until_stopped(&mut stop) => break,
        };
        let stream = match accepted {
            Ok(accepted) => accepted,
            Err(err) => {
                // Out of file descriptors and similar: back off instead of spinning.
                tracing::warn!(%err, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let (stream, peer) = stream;
        let _ = stream.set_nodelay(true);
        // The peer address, for per-address rate limits and the audit log.
        let service = TowerToHyperService::new(
            router.clone().layer(axum::Extension(axum::extract::ConnectInfo(peer))),
        );
        let config = config.clone();
        let mut stop = stop.clone();
        connections.spawn(async move {
            let mut builder = auto::Builder::new(TokioExecutor::new());
            builder
                .http1()
                .timer(TokioTimer::new())
                .header_read_timeout(config.header_read_timeout);
            builder
                .http2()
                .timer(TokioTimer::new())
                .max_concurrent_streams(config.max_concurrent_streams);
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                () = until_stopped(&mut stop) => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
        });
        // Reap finished connections so the set does not grow with every client.
        while connections.try_join_next().is_some() {}
    }
    while connections.join_next().await.is_some() {}
}

/// Resolves once `stop` is true; the watch guard is dropped before returning, so callers may
/// await afterwards on a `Send` task.
async fn until_stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}
