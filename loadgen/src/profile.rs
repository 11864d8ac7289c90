//! Seeded OTLP payloads (the profiles of docs/performance.md), built and encoded once before a run
//! so that sending costs the generator almost no CPU.
//!
//! Everything random comes from one SplitMix64 stream seeded by `--seed`, so a seed always gives
//! the same bytes (timestamps aside: they are taken from the clock when the pool is built).

use clap::ValueEnum;
use ophion_core::otlp::collector::logs::v1::ExportLogsServiceRequest;
use ophion_core::otlp::collector::metrics::v1::ExportMetricsServiceRequest;
use ophion_core::otlp::collector::trace::v1::ExportTraceServiceRequest;
use ophion_core::otlp::common::v1::{AnyValue, InstrumentationScope, KeyValue, any_value};
use ophion_core::otlp::logs::v1::{LogRecord, ResourceLogs, ScopeLogs};
use ophion_core::otlp::metrics::v1::{
    AggregationTemporality, Gauge, Histogram, HistogramDataPoint, Metric, NumberDataPoint,
    ResourceMetrics, ScopeMetrics, Sum, metric, number_data_point,
};
use ophion_core::otlp::resource::v1::Resource;
use ophion_core::otlp::trace::v1::{ResourceSpans, ScopeSpans, Span, Status, span, status};

/// What each item of a request looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Profile {
    /// ~90-byte spans with 0–2 attributes (the Collector testbed shape).
    P0,
    /// ~540-byte spans: 5 resource attributes, 10 span attributes (2/3 strings), 1 event, status.
    P1,
    /// ~1.3 KB spans with 30 attributes.
    P2,
    /// Log records, alternately ~300 B and ~1 KB.
    L1,
    /// Metric points: gauge, sum and histogram in turn.
    M1,
}

/// The OTLP signal a profile sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    Traces,
    Logs,
    Metrics,
}

impl Profile {
    pub fn signal(self) -> Signal {
        match self {
            Profile::P0 | Profile::P1 | Profile::P2 => Signal::Traces,
            Profile::L1 => Signal::Logs,
            Profile::M1 => Signal::Metrics,
        }
    }

    /// Length of the pooled string attribute values, tuned so items hit the documented sizes.
    fn value_len(self) -> usize {
        match self {
            Profile::P0 => 4,
            Profile::P1 => 23,
            Profile::P2 => 28,
            Profile::L1 | Profile::M1 => 12,
        }
    }
}

/// One generated request: its message and the id of each item (span id for spans, trace id
/// for log records, nothing for metric points, which have no id).
pub enum Message {
    Traces(ExportTraceServiceRequest),
    Logs(ExportLogsServiceRequest),
    Metrics(ExportMetricsServiceRequest),
}

pub struct Generated {
    pub message: Message,
    pub items: u64,
    pub ids: Vec<Vec<u8>>,
}

/// SplitMix64: tiny, fast, and stable across crate versions (the point of a seed).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform enough in `0..n` for load shapes (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    fn id<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        for chunk in out.chunks_mut(8) {
            let bytes = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
        // An all-zero id is invalid in OTLP.
        out[0] |= 1;
        out
    }
}

const SERVICES: [&str; 20] = [
    "frontend",
    "checkout",
    "cart",
    "payment",
    "shipping",
    "currency",
    "email",
    "ad",
    "catalog",
    "recommendation",
    "quote",
    "accounting",
    "fraud",
    "inventory",
    "auth",
    "search",
    "profile",
    "notification",
    "gateway",
    "pricing",
];
const METHODS: [&str; 4] = ["GET", "POST", "PUT", "DELETE"];
const ROUTES: [&str; 10] = [
    "/api/cart",
    "/api/orders",
    "/api/products",
    "/api/users",
    "/api/payments",
    "/api/shipping",
    "/api/search",
    "/api/ads",
    "/api/quotes",
    "/api/currency",
];
/// Attribute keys, the hot ones first (they are typed columns in the store).
const KEYS: [&str; 32] = [
    "http.request.method",
    "http.route",
    "server.address",
    "url.full",
    "db.system",
    "rpc.method",
    "k8s.pod.name",
    "user_agent.original",
    "network.protocol.version",
    "client.address",
    "db.name",
    "db.operation",
    "rpc.system",
    "rpc.service",
    "messaging.system",
    "messaging.destination.name",
    "k8s.namespace.name",
    "k8s.deployment.name",
    "cloud.region",
    "cloud.availability_zone",
    "thread.name",
    "code.function",
    "http.response.status_code",
    "server.port",
    "code.lineno",
    "app.cart.items",
    "app.retry_count",
    "app.user.tier",
    "app.shard",
    "app.batch.size",
    "app.queue.depth",
    "app.items.total",
];
const METRIC_NAMES: [&str; 12] = [
    "http.server.duration",
    "http.server.active_requests",
    "rpc.server.duration",
    "db.client.connections.usage",
    "process.cpu.utilization",
    "process.memory.usage",
    "queue.depth",
    "requests",
    "errors",
    "cache.hits",
    "cache.misses",
    "jvm.gc.duration",
];
const POOL_SIZE: usize = 4096;
/// Items that share one resource (one service) within a request.
const ITEMS_PER_RESOURCE: usize = 64;
const SPANS_PER_TRACE: u64 = 4;

/// The seeded vocabulary a request draws from: 20 services, 40 span names, 4096 values.
pub struct Vocabulary {
    span_names: Vec<String>,
    values: Vec<String>,
}

impl Vocabulary {
    pub fn new(profile: Profile, rng: &mut Rng) -> Self {
        let span_names =
            METHODS.iter().flat_map(|m| ROUTES.iter().map(move |r| format!("{m} {r}"))).collect();
        const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        let len = profile.value_len();
        let values = (0..POOL_SIZE)
            .map(|_| {
                (0..len)
                    .map(|_| char::from(ALPHABET[rng.below(ALPHABET.len() as u64) as usize]))
                    .collect()
            })
            .collect();
        Vocabulary { span_names, values }
    }

    fn value(&self, rng: &mut Rng) -> String {
        self.values[rng.below(POOL_SIZE as u64) as usize].clone()
    }
}

fn kv(key: &str, value: any_value::Value) -> KeyValue {
    KeyValue { key: key.into(), value: Some(AnyValue { value: Some(value) }), ..Default::default() }
}

fn kv_str(key: &str, value: String) -> KeyValue {
    kv(key, any_value::Value::StringValue(value))
}

/// `n` attributes: two thirds strings from the pool, the rest integers below 4096.
fn attributes(n: usize, vocab: &Vocabulary, rng: &mut Rng) -> Vec<KeyValue> {
    (0..n)
        .map(|i| {
            let key = KEYS[i % KEYS.len()];
            if i % 3 == 2 {
                kv(key, any_value::Value::IntValue(rng.below(POOL_SIZE as u64) as i64))
            } else {
                kv_str(key, vocab.value(rng))
            }
        })
        .collect()
}

fn resource(profile: Profile, vocab: &Vocabulary, rng: &mut Rng) -> Resource {
    let service = SERVICES[rng.below(SERVICES.len() as u64) as usize];
    let mut attributes = vec![kv_str("service.name", service.into())];
    if profile != Profile::P0 {
        attributes.extend([
            kv_str("service.version", format!("1.{}.0", rng.below(20))),
            kv_str("host.name", vocab.value(rng)),
            kv_str("deployment.environment", "prod".into()),
            kv_str("telemetry.sdk.language", "rust".into()),
        ]);
    }
    Resource { attributes, ..Default::default() }
}

fn scope() -> Option<InstrumentationScope> {
    Some(InstrumentationScope { name: "ophion-loadgen".into(), ..Default::default() })
}

/// Build one request of `items` items; `now` is Unix nanoseconds.
pub fn generate(
    profile: Profile,
    vocab: &Vocabulary,
    rng: &mut Rng,
    items: usize,
    now: u64,
) -> Generated {
    let chunks = items.div_ceil(ITEMS_PER_RESOURCE);
    let sizes = (0..chunks).map(|c| ITEMS_PER_RESOURCE.min(items - c * ITEMS_PER_RESOURCE));
    let mut ids = Vec::with_capacity(items);
    let message = match profile.signal() {
        Signal::Traces => {
            let resource_spans = sizes
                .map(|n| {
                    let resource = resource(profile, vocab, rng);
                    let spans = spans(profile, vocab, rng, n, now, &mut ids);
                    ResourceSpans {
                        resource: Some(resource),
                        scope_spans: vec![ScopeSpans {
                            scope: scope(),
                            spans,
                            ..Default::default()
                        }],
                        ..Default::default()
                    }
                })
                .collect();
            Message::Traces(ExportTraceServiceRequest { resource_spans })
        }
        Signal::Logs => {
            let resource_logs = sizes
                .map(|n| {
                    let resource = resource(profile, vocab, rng);
                    let log_records = (0..n)
                        .map(|i| {
                            let record = log_record(i % 2 == 1, vocab, rng, now);
                            ids.push(record.trace_id.clone());
                            record
                        })
                        .collect();
                    ResourceLogs {
                        resource: Some(resource),
                        scope_logs: vec![ScopeLogs {
                            scope: scope(),
                            log_records,
                            ..Default::default()
                        }],
                        ..Default::default()
                    }
                })
                .collect();
            Message::Logs(ExportLogsServiceRequest { resource_logs })
        }
        Signal::Metrics => {
            let resource_metrics = sizes
                .map(|n| {
                    let resource = resource(profile, vocab, rng);
                    let metrics = (0..n).map(|i| metric(i, vocab, rng, now)).collect();
                    ResourceMetrics {
                        resource: Some(resource),
                        scope_metrics: vec![ScopeMetrics {
                            scope: scope(),
                            metrics,
                            ..Default::default()
                        }],
                        ..Default::default()
                    }
                })
                .collect();
            Message::Metrics(ExportMetricsServiceRequest { resource_metrics })
        }
    };
    Generated { message, items: items as u64, ids }
}

fn spans(
    profile: Profile,
    vocab: &Vocabulary,
    rng: &mut Rng,
    n: usize,
    now: u64,
    ids: &mut Vec<Vec<u8>>,
) -> Vec<Span> {
    let mut trace_id = [0u8; 16];
    let mut root = [0u8; 8];
    (0..n as u64)
        .map(|i| {
            let span_id = rng.id::<8>();
            let parent_span_id = if i % SPANS_PER_TRACE == 0 {
                trace_id = rng.id::<16>();
                root = span_id;
                Vec::new()
            } else if profile == Profile::P0 {
                // The testbed shape: spans without parents.
                Vec::new()
            } else {
                root.to_vec()
            };
            let start = now - rng.below(1_000_000_000);
            let end = start + 100_000 + rng.below(100_000_000);
            let (attributes, events, status) = match profile {
                Profile::P1 => {
                    let event = span::Event {
                        time_unix_nano: start + 1_000,
                        name: "cache.lookup".into(),
                        attributes: attributes(1, vocab, rng),
                        ..Default::default()
                    };
                    let error = rng.below(20) == 0;
                    let status = Status {
                        code: if error { status::StatusCode::Error } else { status::StatusCode::Ok }
                            as i32,
                        message: if error { "upstream timeout".into() } else { String::new() },
                    };
                    (attributes(10, vocab, rng), vec![event], Some(status))
                }
                Profile::P2 => (attributes(30, vocab, rng), Vec::new(), None),
                _ => (attributes(rng.below(3) as usize, vocab, rng), Vec::new(), None),
            };
            ids.push(span_id.to_vec());
            Span {
                trace_id: trace_id.to_vec(),
                span_id: span_id.to_vec(),
                parent_span_id,
                name: vocab.span_names[rng.below(vocab.span_names.len() as u64) as usize].clone(),
                kind: if i % SPANS_PER_TRACE == 0 {
                    span::SpanKind::Server
                } else {
                    span::SpanKind::Client
                } as i32,
                start_time_unix_nano: start,
                end_time_unix_nano: end,
                attributes,
                events,
                status,
                ..Default::default()
            }
        })
        .collect()
}

fn log_record(large: bool, vocab: &Vocabulary, rng: &mut Rng, now: u64) -> LogRecord {
    let (words, attrs) = if large { (60, 6) } else { (12, 3) };
    let body = (0..words).map(|_| vocab.value(rng)).collect::<Vec<_>>().join(" ");
    let time = now - rng.below(1_000_000_000);
    let severity = [5, 9, 13, 17][rng.below(4) as usize];
    LogRecord {
        time_unix_nano: time,
        observed_time_unix_nano: time + 1_000,
        severity_number: severity,
        severity_text: ["DEBUG", "INFO", "WARN", "ERROR"][(severity / 4 - 1) as usize].into(),
        body: Some(AnyValue { value: Some(any_value::Value::StringValue(body)) }),
        attributes: attributes(attrs, vocab, rng),
        trace_id: rng.id::<16>().to_vec(),
        span_id: rng.id::<8>().to_vec(),
        ..Default::default()
    }
}

fn metric(i: usize, vocab: &Vocabulary, rng: &mut Rng, now: u64) -> Metric {
    let name = METRIC_NAMES[rng.below(METRIC_NAMES.len() as u64) as usize];
    let time = now - rng.below(1_000_000_000);
    let attributes = attributes(2, vocab, rng);
    let number = |value: f64| NumberDataPoint {
        attributes: attributes.clone(),
        start_time_unix_nano: time - 60_000_000_000,
        time_unix_nano: time,
        value: Some(number_data_point::Value::AsDouble(value)),
        ..Default::default()
    };
    let data = match i % 3 {
        0 => metric::Data::Gauge(Gauge { data_points: vec![number(rng.below(1000) as f64)] }),
        1 => metric::Data::Sum(Sum {
            data_points: vec![number(rng.below(1_000_000) as f64)],
            aggregation_temporality: AggregationTemporality::Cumulative as i32,
            is_monotonic: true,
        }),
        _ => {
            let explicit_bounds = vec![5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0];
            let bucket_counts: Vec<u64> =
                (0..=explicit_bounds.len()).map(|_| rng.below(50)).collect();
            let count = bucket_counts.iter().sum();
            metric::Data::Histogram(Histogram {
                data_points: vec![HistogramDataPoint {
                    attributes: attributes.clone(),
                    start_time_unix_nano: time - 60_000_000_000,
                    time_unix_nano: time,
                    count,
                    sum: Some(count as f64 * 42.0),
                    bucket_counts,
                    explicit_bounds,
                    ..Default::default()
                }],
                aggregation_temporality: AggregationTemporality::Cumulative as i32,
            })
        }
    };
    Metric { name: name.into(), unit: "1".into(), data: Some(data), ..Default::default() }
}
