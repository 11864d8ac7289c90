//! Bombs are refused with bounded memory: the process's peak memory grows by no more than
//! 64 MiB. Decompression bombs (1 GiB of zeros, compressed to about 1 MiB or less) over
//! OTLP/HTTP and OTLP/gRPC are refused after at most the configured limit was inflated; bodies
//! of millions of empty elements, under every size limit but gigabytes once decoded, are
//! refused before decoding. Its own test binary, so nothing else moves the peak; its tests
//! take turns.

#![allow(clippy::unwrap_used)] // test helpers: a failed read of procfs should fail the test

mod common;

use std::io::Write;

use ophion_testkit::grpc::{self, frame};
use ophion_testkit::{gzip, otlp, zstd};
use prost::Message;

const PB: &str = "application/x-protobuf";
const JSON: &str = "application/json";

/// One test at a time: each resets and reads the process's peak.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// 1 GiB of zeros streamed through `encoder`, never held in memory.
fn compress_gib_of_zeros<W: Write>(mut encoder: W) -> W {
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..1024 {
        encoder.write_all(&chunk).unwrap();
    }
    encoder
}

#[tokio::test]
async fn gzip_and_zstd_bombs_are_refused_with_bounded_memory() {
    let _turn = SERIAL.lock().await;
    let gz = compress_gib_of_zeros(flate2::write::GzEncoder::new(
        Vec::new(),
        flate2::Compression::best(),
    ))
    .finish()
    .unwrap();
    let zs = compress_gib_of_zeros(zstd::stream::write::Encoder::new(Vec::new(), 19).unwrap())
        .finish()
        .unwrap();
    assert!(gz.len() <= 1100 << 10, "gzip bomb is {} bytes", gz.len());
    assert!(zs.len() <= 1 << 20, "zstd bomb is {} bytes", zs.len());

    let server = common::start().await;
    // Use every path once first, so first-use allocations are not counted against the bombs.
    let warm = otlp::spans("warm", 1, 50).encode_to_vec();
    for (encoding, body) in [("gzip", gzip(&warm)), ("zstd", zstd(&warm))] {
        assert_eq!(
            server.post_otlp("/v1/traces", PB, body.clone(), Some(encoding)).await.status(),
            200
        );
        let reply = grpc::call(
            server.grpc_addr(),
            grpc::TRACES,
            frame(&body, true),
            &[("grpc-encoding", encoding)],
        )
        .await;
        assert_eq!(reply.grpc_status, Some(0));
    }
    // Reset the kernel's peak-RSS mark (Linux ≥ 4.0), so building the bombs above, which needs
    // far more memory than refusing them, cannot hide the growth measured below.
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    let before = peak_rss_kib();
    for (encoding, body) in [("gzip", &gz), ("zstd", &zs)] {
        let resp = server.post_otlp("/v1/traces", PB, body.clone(), Some(encoding)).await;
        assert_eq!(resp.status(), 413, "HTTP {encoding} bomb");
        let reply = grpc::call(
            server.grpc_addr(),
            grpc::TRACES,
            frame(body, true),
            &[("grpc-encoding", encoding)],
        )
        .await;
        assert_eq!(reply.grpc_status, Some(8), "gRPC {encoding} bomb: {}", reply.grpc_message);
    }
    let growth_mib = (peak_rss_kib() - before) / 1024;
    println!("peak RSS growth while refusing 4 bombs of 1 GiB: {growth_mib} MiB");
    assert!(growth_mib <= 64, "peak RSS grew by {growth_mib} MiB");
    let ok =
        server.post_otlp("/v1/traces", PB, otlp::spans("after", 2, 3).encode_to_vec(), None).await;
    assert_eq!(ok.status(), 200);
    server.stop().await;
}

/// `"{prefix}" + "{item}," * (n - 1) + "{item}{suffix}"`.
fn repeated(prefix: &str, item: &str, n: usize, suffix: &str) -> Vec<u8> {
    let mut out = String::with_capacity(prefix.len() + (item.len() + 1) * n + suffix.len());
    out.push_str(prefix);
    for _ in 1..n {
        out.push_str(item);
        out.push(',');
    }
    out.push_str(item);
    out.push_str(suffix);
    out.into_bytes()
}

/// Whether an error body (a `google.rpc.Status` in JSON or protobuf, or an API error) says
/// what limit was hit.
fn names_the_limit(body: &[u8]) -> bool {
    String::from_utf8_lossy(body).contains("once decoded")
}

#[tokio::test]
async fn empty_element_bombs_are_refused_before_decoding() {
    let _turn = SERIAL.lock().await;
    // Six million empty resource spans: 18 MB of OTLP/JSON, 17 KB gzipped, 1 GB decoded.
    let json = repeated(r#"{"resourceSpans":["#, "{}", 6_000_000, "]}");
    assert!(json.len() < 20 << 20, "under the HTTP body limit");
    let json = gzip(&json);
    // The same in protobuf: an empty resource is two bytes.
    let protobuf = gzip(&[0x0a, 0x00].repeat(9_000_000));
    let grpc_message = gzip(&[0x0a, 0x00].repeat(2_000_000));
    // The JSON metrics API: a timestamp of four million numbers, each a JSON value once parsed.
    let api =
        repeated(r#"{"metrics":[{"name":"m","value":1,"timestamp":["#, "0", 4_000_000, "]}]}");
    assert!(api.len() < 16 << 20, "under the API body limit");

    let server = common::start().await;
    let warm_json = serde_json::to_vec(&otlp::spans("warm", 1, 50)).unwrap();
    let resp = server.post_otlp("/v1/traces", JSON, gzip(&warm_json), Some("gzip")).await;
    assert_eq!(resp.status(), 200);
    let warm_pb = otlp::spans("warm", 2, 50).encode_to_vec();
    let resp = server.post_otlp("/v1/traces", PB, gzip(&warm_pb), Some("gzip")).await;
    assert_eq!(resp.status(), 200);
    let reply = grpc::call(
        server.grpc_addr(),
        grpc::TRACES,
        frame(&gzip(&warm_pb), true),
        &[("grpc-encoding", "gzip")],
    )
    .await;
    assert_eq!(reply.grpc_status, Some(0));
    let ingest = server.api("/api/v1/metrics/ingest/batch");
    let warm_api = br#"{"metrics":[{"name":"warm","value":1,"labels":{"a":"b"}}]}"#.to_vec();
    let resp = server.client.post(&ingest).header("content-type", JSON).body(warm_api);
    assert_eq!(resp.send().await.unwrap().status(), 200);

    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    let before = peak_rss_kib();
    for (format, body) in [(JSON, json), (PB, protobuf)] {
        let resp = server.post_otlp("/v1/traces", format, body, Some("gzip")).await;
        assert_eq!(resp.status(), 413, "{format}");
        let body = resp.bytes().await.unwrap();
        assert!(names_the_limit(&body), "{format}: {}", String::from_utf8_lossy(&body));
    }
    let reply = grpc::call(
        server.grpc_addr(),
        grpc::TRACES,
        frame(&grpc_message, true),
        &[("grpc-encoding", "gzip")],
    )
    .await;
    assert_eq!(reply.grpc_status, Some(8), "gRPC: {}", reply.grpc_message);
    assert!(reply.grpc_message.contains("once decoded"), "{}", reply.grpc_message);
    let resp = server.client.post(&ingest).header("content-type", JSON).body(api);
    let resp = resp.send().await.unwrap();
    assert_eq!(resp.status(), 413, "metrics API");
    let body = resp.bytes().await.unwrap();
    assert!(names_the_limit(&body), "metrics API: {}", String::from_utf8_lossy(&body));

    let growth_mib = (peak_rss_kib() - before) / 1024;
    println!("peak RSS growth while refusing 4 empty-element bombs: {growth_mib} MiB");
    assert!(growth_mib <= 64, "peak RSS grew by {growth_mib} MiB");
    server.stop().await;
}
