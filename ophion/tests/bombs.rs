//! Decompression bombs (1 GiB of zeros, compressed to about 1 MiB or less) over OTLP/HTTP and
//! OTLP/gRPC are refused after at most the configured limit was inflated: the process's peak
//! memory grows by no more than 64 MiB. Its own test binary, so nothing else moves the peak.

#![allow(clippy::unwrap_used)] // test helpers: a failed read of procfs should fail the test

mod common;

use std::io::Write;

use ophion_testkit::grpc::{self, frame};
use ophion_testkit::{gzip, otlp, zstd};
use prost::Message;

const PB: &str = "application/x-protobuf";

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
