//! Start a real Ophion (the same wiring as `ophion serve`) on ephemeral ports in a temp dir.

#![allow(dead_code)] // each test binary uses a different subset
#![allow(clippy::expect_used, clippy::unwrap_used)] // test support: failing loudly is the point

use std::time::Duration;

use ophion::config::{Config, RetentionConfig};
use ophion::server::{self, Running};
use serde_json::Value;

pub struct TestServer {
    pub running: Option<Running>,
    pub dir: tempfile::TempDir,
    pub client: reqwest::Client,
}

const CENTURY: Duration = Duration::from_secs(100 * 365 * 86_400);

pub fn config(dir: &std::path::Path) -> Config {
    let local = |_| std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    Config {
        data_dir: dir.to_path_buf(),
        otlp_grpc_addr: local(0),
        otlp_http_addr: local(1),
        api_addr: local(2),
        shutdown_timeout: Duration::from_secs(10),
        // Tests send fixed timestamps from 2023: the retention job, which runs at start,
        // must not race the writer for them.
        retention: RetentionConfig {
            traces: CENTURY,
            logs: CENTURY,
            metrics: CENTURY,
            ..Default::default()
        },
        ..Config::default()
    }
}

pub async fn start() -> TestServer {
    start_with(|_| {}).await
}

pub async fn start_with(adjust: impl FnOnce(&mut Config)) -> TestServer {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = config(dir.path());
    adjust(&mut config);
    let running = server::start(config).await.expect("server starts");
    // The server closes keep-alive connections idle past its header read timeout (1 s in the
    // slow-client tests); a client that kept them longer would race that close.
    let client = reqwest::Client::builder()
        .pool_idle_timeout(Duration::from_millis(500))
        .build()
        .expect("HTTP client");
    TestServer { running: Some(running), dir, client }
}

impl TestServer {
    pub fn running(&self) -> &Running {
        self.running.as_ref().expect("server running")
    }

    pub fn otlp(&self, path: &str) -> String {
        format!("http://{}{path}", self.running().otlp_http_addr)
    }

    pub fn api(&self, path: &str) -> String {
        format!("http://{}{path}", self.running().api_addr)
    }

    pub fn grpc_addr(&self) -> std::net::SocketAddr {
        self.running().otlp_grpc_addr
    }

    pub async fn get_json(&self, path: &str) -> (u16, Value) {
        let resp = self.client.get(self.api(path)).send().await.expect("API reachable");
        let status = resp.status().as_u16();
        let body = resp.json::<Value>().await.unwrap_or(Value::Null);
        (status, body)
    }

    pub async fn stats(&self) -> Value {
        self.get_json("/api/v1/stats").await.1
    }

    /// Poll `/api/v1/stats` until `field` reaches `at_least`; return the last value.
    pub async fn wait_for(&self, field: &str, at_least: u64) -> u64 {
        let reached = ophion_testkit::eventually(Duration::from_secs(15), || async {
            let n = self.stats().await[field].as_u64().unwrap_or(0);
            if n >= at_least { Ok(n) } else { Err(n) }
        });
        reached.await.unwrap_or_else(|n| n)
    }

    /// One of Ophion's own gauges from `/metrics`.
    pub async fn self_metric(&self, name: &str) -> u64 {
        let text = self.client.get(self.api("/metrics")).send().await.unwrap();
        let text = text.text().await.unwrap();
        let prefix = format!("{name} ");
        text.lines()
            .find_map(|line| line.strip_prefix(&prefix))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{name} is not in /metrics"))
    }

    /// Waits until the writer has applied everything the queue holds: nothing more can land.
    pub async fn wait_until_applied(&self) {
        let applied = ophion_testkit::eventually(Duration::from_secs(15), || async {
            let last = self.self_metric("ophion_queue_last_position").await;
            let applied = self.self_metric("ophion_writer_applied_position").await;
            if applied >= last { Ok(()) } else { Err((applied, last)) }
        });
        if let Err((applied, last)) = applied.await {
            panic!("the writer applied up to {applied} of {last}");
        }
    }

    pub async fn post_otlp(
        &self,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
        encoding: Option<&str>,
    ) -> reqwest::Response {
        let mut req =
            self.client.post(self.otlp(path)).header("content-type", content_type).body(body);
        if let Some(enc) = encoding {
            req = req.header("content-encoding", enc);
        }
        req.send().await.expect("OTLP/HTTP reachable")
    }

    pub async fn stop(mut self) -> tempfile::TempDir {
        if let Some(running) = self.running.take() {
            running.shutdown().await.expect("clean shutdown");
        }
        self.dir
    }
}
