//! Inspection against decoding, on stable Rust: valid requests (clean, and holding secrets)
//! mutated a few thousand times each way, every result checked by
//! [`ophion_fuzz::inspection_is_conservative`]. The fuzz targets run the same check on their
//! corpus; this keeps a dense set of near-valid inputs in every test run.

#![allow(clippy::unwrap_used)]

use ophion_core::Signal;
use ophion_core::otlp::common::v1::any_value::Value;
use ophion_core::otlp::common::v1::{AnyValue, ArrayValue, KeyValueList};
use ophion_fuzz::{inspection_is_conservative, processors, strict_processors};
use ophion_testkit::otlp::{self, kv};
use prost::Message;

const JWT: &str =
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

/// xorshift64*: reproducible without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(out.len());
        match rng.below(6) {
            0 if !out.is_empty() => out[at] ^= 1 << rng.below(8),
            1 if !out.is_empty() => out[at] = rng.next() as u8,
            2 => out.truncate(at),
            3 => {
                let end = (at + 1 + rng.below(16)).min(out.len());
                out.drain(at..end);
            }
            4 => {
                let end = (at + 1 + rng.below(32)).min(out.len());
                let copy = out[at..end].to_vec();
                let to = rng.below(out.len());
                out.splice(to..to, copy);
            }
            _ => {
                let byte = rng.next() as u8;
                out.insert(at.min(out.len()), byte);
            }
        }
    }
    out
}

/// Requests to mutate, and whether the default pipeline would leave each as it is.
fn seeds() -> Vec<(Signal, Vec<u8>, bool)> {
    let mut traces = otlp::spans("checkout", 3, 4);
    let spans = &mut traces.resource_spans[0].scope_spans[0].spans;
    spans[1].attributes.push(kv("note", JWT));
    spans[2].attributes.push(kv("password", "[REDACTED]"));
    spans[2].attributes.push(kv("session.token", "abc"));
    let nested = Value::KvlistValue(KeyValueList {
        values: vec![kv(
            "list",
            Value::ArrayValue(ArrayValue {
                values: vec![AnyValue {
                    value: Some(Value::StringValue("T-12 bob@example.com".into())),
                }],
            }),
        )],
    });
    spans[3].attributes.push(kv("nested", nested));
    let mut logs = otlp::logs("checkout", 3, 3);
    logs.resource_logs[0].scope_logs[0].log_records[0].attributes.push(kv("user", "bob"));
    vec![
        (Signal::Traces, otlp::spans("checkout", 1, 3).encode_to_vec(), true),
        (Signal::Traces, traces.encode_to_vec(), false),
        (Signal::Logs, otlp::logs("checkout", 1, 3).encode_to_vec(), true),
        (Signal::Logs, logs.encode_to_vec(), true),
    ]
}

#[test]
fn inspection_never_vouches_for_what_the_pipeline_would_refuse_or_change() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut tried, mut vouched) = (0, 0);
    for (signal, seed, clean) in seeds() {
        assert_eq!(inspection_is_conservative(signal, &seed, processors()), clean);
        for _ in 0..25_000 {
            let input = mutate(&mut rng, &seed);
            for set in [processors(), strict_processors()] {
                tried += 1;
                vouched += u32::from(inspection_is_conservative(signal, &input, set));
            }
        }
    }
    eprintln!("{tried} mutated requests inspected, {vouched} vouched for and checked");
    // Most mutations break something, but a fair share must still be vouched for, or the
    // check above tested nothing.
    assert!(vouched > tried / 50, "only {vouched} of {tried} vouched for");
}
