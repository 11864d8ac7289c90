//! Test support: OTLP request builders, compression helpers, and a raw gRPC client that can
//! send exactly the frames and headers a conformance test needs (including broken ones).

#![allow(clippy::disallowed_methods)] // test support reads whole test responses

pub mod faults;
pub mod grpc;
pub mod otlp;
pub mod servers;

use std::future::Future;
use std::io::Write;
use std::time::{Duration, Instant};

pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(data).expect("writing to a Vec cannot fail");
    enc.finish().expect("writing to a Vec cannot fail")
}

pub fn zstd(data: &[u8]) -> Vec<u8> {
    zstd::encode_all(data, 3).expect("compressing in memory cannot fail")
}

/// Polls `probe` until it answers `Ok`, or until `within` has passed, and returns its last
/// answer: the caller asserts on it, so a timeout fails showing what was last seen.
pub async fn eventually<T, E, F, Fut>(within: Duration, mut probe: F) -> Result<T, E>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let deadline = Instant::now() + within;
    loop {
        let answer = probe().await;
        if answer.is_ok() || Instant::now() >= deadline {
            return answer;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
