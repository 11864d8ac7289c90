//! The hot path, stage by stage, on the load generator's profiles (512 items per request):
//! OTLP decode, validation + redaction, the queue record encoding (and all three against
//! inspecting the encoded request in place), a durable queue append,
//! the store's columnar encoding, and a store append (in memory and into a file, and a whole
//! ingest into a fresh file through its final checkpoint).
//!
//! `cargo bench --workspace --bench hot_path` (the release profile's DuckDB build is reused).

use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use ophion_benches::{Sample, samples};
use ophion_core::{AppliedBatch, Batch, SelfMetrics, TelemetryStore};
use ophion_pipeline::inspect::{ValueCheck, inspect};
use ophion_pipeline::processors::default_processors;
use ophion_pipeline::queue::{FsyncPolicy, Queue, QueueConfig};
use ophion_pipeline::validate::validate;
use ophion_receiver::codec::{Format, decode};
use ophion_storage::EmbeddedStore;

fn runtime() -> tokio::runtime::Runtime {
    match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => panic!("tokio runtime: {e}"),
    }
}

fn ok<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

fn decoding(c: &mut Criterion, samples: &[Sample]) {
    let mut group = c.benchmark_group("decode");
    for s in samples {
        group.throughput(Throughput::Elements(s.items));
        let signal = s.batch.signal();
        group.bench_function(s.name, |b| {
            b.iter(|| ok(decode(signal, Format::Protobuf, &s.protobuf)))
        });
    }
    group.finish();
}

fn processing(c: &mut Criterion, samples: &[Sample]) {
    let processors = ok(default_processors());
    let mut group = c.benchmark_group("validate_redact");
    for s in samples {
        group.throughput(Throughput::Elements(s.items));
        group.bench_function(s.name, |b| {
            b.iter_batched_ref(
                || s.batch.clone(),
                |batch| {
                    validate(batch);
                    processors.iter().map(|p| p.process(batch).redacted).sum::<u64>()
                },
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();

    let mut group = c.benchmark_group("queue_record_encode");
    for s in samples {
        group.throughput(Throughput::Elements(s.items));
        group.bench_function(s.name, |b| b.iter(|| s.batch.encode()));
    }
    group.finish();

    // Everything between the decompressed body and the queue record, both ways: decoding,
    // validating, redacting and encoding again, or inspecting and copying the bytes.
    let checks: Vec<&dyn ValueCheck> = processors.iter().filter_map(|p| p.value_check()).collect();
    let mut group = c.benchmark_group("to_queue_record");
    for s in samples {
        let signal = s.batch.signal();
        let tenant = &s.batch.tenant;
        group.throughput(Throughput::Elements(s.items));
        group.bench_function(format!("{}/decoded", s.name), |b| {
            b.iter(|| {
                let mut batch =
                    Batch::new(tenant.clone(), ok(decode(signal, Format::Protobuf, &s.protobuf)));
                validate(&mut batch);
                let redacted: u64 = processors.iter().map(|p| p.process(&mut batch).redacted).sum();
                (redacted, batch.encode())
            })
        });
        assert_eq!(inspect(signal, &s.protobuf, &checks), Some(s.items), "{} is clean", s.name);
        group.bench_function(format!("{}/inspected", s.name), |b| {
            b.iter(|| {
                let items = inspect(signal, &s.protobuf, &checks);
                (items, Batch::encode_protobuf(tenant, signal, &s.protobuf))
            })
        });
    }
    group.finish();
}

fn queue_append(c: &mut Criterion, samples: &[Sample]) {
    let rt = runtime();
    let mut group = c.benchmark_group("queue_append");
    for fsync in [FsyncPolicy::Never, FsyncPolicy::Always] {
        let s = &samples[1];
        let dir = ok(tempfile::tempdir());
        let config = QueueConfig { fsync, max_bytes: 1 << 40, ..QueueConfig::default() };
        let metrics = std::sync::Arc::new(SelfMetrics::default());
        let (queue, _reader) =
            rt.block_on(async { ok(Queue::open(dir.path(), config, 0, metrics)) });
        let record = s.batch.encode();
        group.throughput(Throughput::Elements(s.items));
        group.bench_function(format!("{}/fsync_{fsync:?}", s.name).to_lowercase(), |b| {
            b.iter(|| {
                let position = rt.block_on(queue.append(record.clone()));
                // Applied at once, so sealed segments are deleted and the disk stays small.
                queue.mark_applied(ok(position));
            })
        });
    }
    group.finish();
}

fn store(c: &mut Criterion, samples: &[Sample]) {
    let mut group = c.benchmark_group("store_encode");
    for s in samples {
        group.throughput(Throughput::Elements(s.items));
        group.bench_function(s.name, |b| {
            b.iter(|| ok(ophion_storage::embedded::encode_rows(&s.batch)))
        });
    }
    group.finish();

    // One request per transaction, and 16 (what the writer groups under load).
    let rt = runtime();
    let mut group = c.benchmark_group("store_append");
    group.measurement_time(Duration::from_secs(10));
    for s in samples {
        for per_append in [1u64, 16] {
            let dir = ok(tempfile::tempdir());
            let targets = [
                ("memory", ok(EmbeddedStore::open_in_memory())),
                ("file", ok(EmbeddedStore::open(dir.path()))),
            ];
            for (kind, store) in targets {
                let mut position = 0;
                group.throughput(Throughput::Elements(s.items * per_append));
                let name = format!("{}/{kind}/{per_append}_per_transaction", s.name);
                group.bench_function(name, |b| {
                    b.iter(|| {
                        let batches = (0..per_append)
                            .map(|_| {
                                position += 1;
                                AppliedBatch { position, batch: s.batch.clone() }
                            })
                            .collect();
                        ok(rt.block_on(store.append(batches)))
                    })
                });
            }
        }
    }
    group.finish();

    // The whole cost of storing, compression included: a fresh file, 8 transactions of 16
    // requests (65,536 items), then close, which checkpoints everything. The appends above
    // land checkpoints in some iterations only, which makes them noisy.
    let mut group = c.benchmark_group("store_ingest");
    group.sample_size(10);
    for s in samples {
        const TRANSACTIONS: u64 = 8;
        const PER_TRANSACTION: u64 = 16;
        group.throughput(Throughput::Elements(s.items * TRANSACTIONS * PER_TRANSACTION));
        group.bench_function(format!("{}/file/closed", s.name), |b| {
            b.iter_batched(
                || {
                    let dir = ok(tempfile::tempdir());
                    let store = ok(EmbeddedStore::open(dir.path()));
                    (dir, store)
                },
                |(dir, store)| {
                    for t in 0..TRANSACTIONS {
                        let batches = (1..=PER_TRANSACTION)
                            .map(|i| AppliedBatch {
                                position: t * PER_TRANSACTION + i,
                                batch: s.batch.clone(),
                            })
                            .collect();
                        ok(rt.block_on(store.append(batches)));
                    }
                    drop(store);
                    dir
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

fn hot_path(c: &mut Criterion) {
    let samples = samples();
    decoding(c, &samples);
    processing(c, &samples);
    queue_append(c, &samples);
    store(c, &samples);
}

criterion_group!(benches, hot_path);
criterion_main!(benches);
