//! Payloads for the hot-path benchmarks (`cargo bench --workspace --bench hot_path`): the load
//! generator's seeded profiles, so a benchmark and a load test measure the same bytes.

use ophion_core::{Batch, Payload, TenantId};
use ophion_loadgen::profile::{Message, Profile, Rng, Vocabulary, generate};
use prost::Message as _;

/// One request of `items` items of `profile`, as OTLP protobuf bytes and as a batch.
pub struct Sample {
    pub name: &'static str,
    pub items: u64,
    pub protobuf: Vec<u8>,
    pub batch: Batch,
}

pub fn sample(name: &'static str, profile: Profile, items: usize) -> Sample {
    let mut rng = Rng::new(7);
    let vocab = Vocabulary::new(profile, &mut rng);
    let generated = generate(profile, &vocab, &mut rng, items, 1_700_000_000_000_000_000);
    let (protobuf, payload) = match generated.message {
        Message::Traces(req) => (req.encode_to_vec(), Payload::Traces(req)),
        Message::Logs(req) => (req.encode_to_vec(), Payload::Logs(req)),
        Message::Metrics(req) => (req.encode_to_vec(), Payload::Metrics(req)),
    };
    Sample {
        name,
        items: generated.items,
        protobuf,
        batch: Batch::new(TenantId::default(), payload),
    }
}

/// The span profiles and the log profile, 512 items per request.
pub fn samples() -> Vec<Sample> {
    vec![
        sample("p0", Profile::P0, 512),
        sample("p1", Profile::P1, 512),
        sample("p2", Profile::P2, 512),
        sample("l1", Profile::L1, 512),
    ]
}
