//! Store faults under load: an outage fills the durable queue, then clients are pushed back
//! with retryable codes; once the store returns, every acknowledged span lands exactly once.

#![allow(clippy::unwrap_used)] // test setup: failing to start should fail the test

use crate::common;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use ophion::server;
use ophion_storage::EmbeddedStore;
use ophion_testkit::faults::FaultyStore;
use ophion_testkit::{eventually, otlp};
use prost::Message;

const PB: &str = "application/x-protobuf";
/// Long enough for any acknowledgement on a loaded machine; only a hang takes longer.
const HANG: Duration = Duration::from_secs(30);

async fn start_faulty() -> (common::TestServer, Arc<FaultyStore>) {
    let dir = tempfile::tempdir().unwrap();
    let mut config = common::config(dir.path());
    config.queue.max_bytes = 256 << 10;
    config.queue.segment_bytes = 16 << 10;
    let store = EmbeddedStore::open(&dir.path().join("store")).unwrap();
    let faulty = Arc::new(FaultyStore::new(Arc::new(store)));
    let running = server::start_with_store(config, faulty.clone()).await.unwrap();
    (common::TestServer { running: Some(running), dir, client: reqwest::Client::new() }, faulty)
}

#[tokio::test]
async fn store_outage_fills_the_queue_then_pushes_back_and_loses_nothing() {
    let (server, store) = start_faulty().await;
    store.failing.store(true, Ordering::Relaxed);
    let mut acked = 0u64;
    let mut refusal = None;
    for seed in 0..2_000 {
        let body = otlp::spans("outage", seed, 20).encode_to_vec();
        let resp = server.post_otlp("/v1/traces", PB, body, None).await;
        if resp.status() == 200 {
            acked += 20;
        } else {
            refusal = Some(resp);
            break;
        }
    }
    let refusal = refusal.expect("a full queue pushes back");
    assert!([429, 503].contains(&refusal.status().as_u16()), "{}", refusal.status());
    assert!(refusal.headers().contains_key("retry-after"));
    assert!(acked >= 200, "the queue absorbed the outage first ({acked} spans)");
    // The writer keeps trying (and failing) while nothing lands.
    let retried = eventually(Duration::from_secs(10), || async {
        let failed = store.failed_appends.load(Ordering::Relaxed);
        if failed >= 2 { Ok(failed) } else { Err(failed) }
    });
    assert!(retried.await.is_ok(), "the writer retries the store");
    assert_eq!(server.stats().await["spans"], 0, "nothing reached the failing store");

    store.failing.store(false, Ordering::Relaxed);
    assert_eq!(server.wait_for("spans", acked).await, acked, "every acknowledged span landed");
    server.wait_until_applied().await;
    assert_eq!(server.stats().await["spans"], acked, "and none twice");
    let resp = server
        .post_otlp("/v1/traces", PB, otlp::spans("outage", 9_999, 20).encode_to_vec(), None)
        .await;
    assert_eq!(resp.status(), 200, "space again once the queue drained");
    server.stop().await;
}

#[tokio::test]
async fn a_stalled_store_delays_queries_not_acknowledgements() {
    let (server, store) = start_faulty().await;
    store.hold();
    let first = otlp::spans("slow", 0, 10).encode_to_vec();
    assert_eq!(server.post_otlp("/v1/traces", PB, first, None).await.status(), 200);
    // The writer is now inside the store's append, which does not return until released.
    let stalled = eventually(Duration::from_secs(10), || async {
        let held = store.held_appends.load(Ordering::Relaxed);
        if held > 0 { Ok(held) } else { Err(held) }
    });
    assert!(stalled.await.is_ok(), "the writer reached the stalled store");
    for seed in 1..20 {
        let body = otlp::spans("slow", seed, 10).encode_to_vec();
        // The store never answers while held: an acknowledgement that waited for it would hang.
        let acked = tokio::time::timeout(HANG, server.post_otlp("/v1/traces", PB, body, None));
        let status = acked.await.expect("the acknowledgement waited for the stalled store");
        assert_eq!(status.status(), 200);
    }
    assert_eq!(server.stats().await["spans"], 0, "queries see only what the store applied");
    store.release();
    assert_eq!(server.wait_for("spans", 200).await, 200);
    server.stop().await;
}

#[tokio::test]
async fn over_the_memory_limit_both_receivers_push_back_with_a_delay() {
    // Any running process is over 1 MiB: every request is pushed back once the guard samples.
    let server = common::start_with(|c| c.memory_limit_bytes = 1 << 20).await;
    let body = otlp::spans("memory", 1, 5).encode_to_vec();
    let pushed_back = eventually(Duration::from_secs(5), || async {
        let resp = server.post_otlp("/v1/traces", PB, body.clone(), None).await;
        if resp.status() == 429 { Ok(resp) } else { Err(resp.status()) }
    });
    let resp = pushed_back.await.expect("OTLP/HTTP is pushed back over the memory limit");
    assert!(resp.headers().contains_key("retry-after"), "429 without Retry-After");
    let reply = ophion_testkit::grpc::call(
        server.running().otlp_grpc_addr,
        ophion_testkit::grpc::TRACES,
        ophion_testkit::grpc::frame(&body, false),
        &[],
    )
    .await;
    assert_eq!(reply.grpc_status, Some(14), "UNAVAILABLE: {}", reply.grpc_message);
    assert!(reply.grpc_message.contains("memory limit"), "{}", reply.grpc_message);
    assert!(reply.details_bin.is_some(), "UNAVAILABLE carries RetryInfo");
    let rss = server.self_metric("ophion_process_resident_memory_bytes").await;
    assert!(rss > 1 << 20, "resident memory is reported: {rss}");
    server.stop().await;
}

#[tokio::test]
async fn sigterm_with_a_backlog_the_store_cannot_take_exits_within_its_deadline() {
    // Found by the overload campaign: shutdown drained a full queue past its deadline and
    // exited non-zero. The queue is durable, so the writer may leave a backlog behind.
    let dir = tempfile::tempdir().unwrap();
    let mut config = common::config(dir.path());
    config.shutdown_timeout = Duration::from_secs(3);
    let store = EmbeddedStore::open(&dir.path().join("store")).unwrap();
    let faulty = Arc::new(FaultyStore::new(Arc::new(store)));
    faulty.failing.store(true, Ordering::Relaxed);
    let running = server::start_with_store(config.clone(), faulty.clone()).await.unwrap();
    let client = reqwest::Client::new();
    let url = format!("http://{}/v1/traces", running.otlp_http_addr);
    for seed in 0..10 {
        let body = otlp::spans("backlog", seed, 20).encode_to_vec();
        let resp = client.post(&url).header("content-type", PB).body(body).send().await.unwrap();
        assert_eq!(resp.status(), 200);
    }
    let began = std::time::Instant::now();
    running.shutdown().await.expect("a backlog is not a failed shutdown");
    assert!(began.elapsed() < config.shutdown_timeout, "took {:?}", began.elapsed());
    drop(faulty);

    let running = server::start(config).await.unwrap();
    let server = common::TestServer { running: Some(running), dir, client };
    assert_eq!(server.wait_for("spans", 200).await, 200, "the backlog is applied after restart");
    server.stop().await;
}
