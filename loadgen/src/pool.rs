//! The pool of distinct requests, encoded (and compressed, and gRPC-framed) before the run and
//! then sent round-robin. Item ids therefore repeat once per pass over the pool.

use std::io::Write;

use anyhow::Context;
use bytes::Bytes;
use prost::Message as _;

use crate::profile::{Message, Profile, Rng, Vocabulary, generate};
use crate::transport::Protocol;

/// One request ready to go on the wire.
pub struct Request {
    pub body: Bytes,
    pub items: u64,
    /// Raw ids of the items, in order (empty for metric points).
    pub ids: Vec<Vec<u8>>,
}

pub struct PoolSpec {
    pub profile: Profile,
    pub seed: u64,
    pub items_per_request: usize,
    pub requests: usize,
    pub protocol: Protocol,
    pub gzip: bool,
}

/// Unix nanoseconds now; 0 if the clock is before 1970.
fn now_nanos() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
}

/// Encode `message` as protobuf or OTLP/JSON.
pub fn encode(message: &Message, json: bool) -> anyhow::Result<Vec<u8>> {
    Ok(match (message, json) {
        (Message::Traces(m), false) => m.encode_to_vec(),
        (Message::Logs(m), false) => m.encode_to_vec(),
        (Message::Metrics(m), false) => m.encode_to_vec(),
        (Message::Traces(m), true) => serde_json::to_vec(m)?,
        (Message::Logs(m), true) => serde_json::to_vec(m)?,
        (Message::Metrics(m), true) => serde_json::to_vec(m)?,
    })
}

pub fn gzip(data: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(data)?;
    Ok(enc.finish()?)
}

/// One gRPC length-prefixed message.
fn grpc_frame(message: &[u8], compressed: bool) -> anyhow::Result<Vec<u8>> {
    let len = u32::try_from(message.len()).context("request too large for one gRPC frame")?;
    let mut out = Vec::with_capacity(message.len() + 5);
    out.push(u8::from(compressed));
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(message);
    Ok(out)
}

/// Build `spec.requests` distinct requests from `spec.seed`.
pub fn build(spec: &PoolSpec) -> anyhow::Result<Vec<Request>> {
    let mut rng = Rng::new(spec.seed);
    let vocab = Vocabulary::new(spec.profile, &mut rng);
    let now = now_nanos();
    (0..spec.requests.max(1))
        .map(|_| {
            let generated =
                generate(spec.profile, &vocab, &mut rng, spec.items_per_request.max(1), now);
            let mut body = encode(&generated.message, spec.protocol == Protocol::HttpJson)?;
            if spec.gzip {
                body = gzip(&body)?;
            }
            if spec.protocol == Protocol::Grpc {
                body = grpc_frame(&body, spec.gzip)?;
            }
            Ok(Request { body: Bytes::from(body), items: generated.items, ids: generated.ids })
        })
        .collect()
}
