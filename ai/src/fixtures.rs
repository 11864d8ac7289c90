//! Synthetic telemetry for the scenario tests: a small microservice shop whose traces,
//! latencies and failures the tests control, log records and gauge points, and an in-memory
//! store to serve them.

mod telemetry;

use ophion_core::query::{Attributes, LogRecordRow, MetricPoint, SpanRecord};
use serde_json::json;

pub use telemetry::MemoryTelemetry;

pub const MS: u64 = 1_000_000;

/// A span with the fields the analyses read; the rest empty.
pub fn span(
    trace: u64,
    id: u64,
    parent: Option<u64>,
    service: &str,
    name: &str,
    start_ns: u64,
    duration_ns: u64,
) -> SpanRecord {
    SpanRecord {
        trace_id: format!("{trace:032x}"),
        span_id: format!("{id:016x}"),
        parent_span_id: parent.map(|p| format!("{p:016x}")).unwrap_or_default(),
        trace_state: String::new(),
        name: name.into(),
        kind: "server".into(),
        service_name: service.into(),
        start_time_unix_nano: start_ns,
        end_time_unix_nano: start_ns + duration_ns,
        duration_ns,
        status_code: "unset".into(),
        status_message: String::new(),
        attributes: Attributes::new(),
        resource_attributes: Attributes::from([("service.version".to_string(), json!("1.0.0"))]),
        scope_name: String::new(),
        scope_version: String::new(),
        events: Vec::new(),
        links: Vec::new(),
        flags: 0,
        dropped_attributes_count: 0,
        dropped_events_count: 0,
        dropped_links_count: 0,
    }
}

/// What to change in one service of the shop.
#[derive(Clone, Copy, Default)]
pub struct Fault<'a> {
    pub service: &'a str,
    pub extra_ms: u64,
    pub fails: bool,
}

/// `n` requests through frontend → checkout → {payments → bank, inventory → postgres}, each
/// service spending a few jittered ms itself; `fault` slows down or breaks one service, and
/// callers inherit both (their spans cover their children, their status follows).
pub fn shop(n: u64, seed: u64, start_ns: u64, fault: Fault) -> Vec<SpanRecord> {
    // (service, operation, parent index, own ms)
    const CALLS: [(&str, &str, Option<usize>, u64); 6] = [
        ("frontend", "GET /checkout", None, 8),
        ("checkout", "POST /orders", Some(0), 5),
        ("payments", "charge", Some(1), 12),
        ("bank", "authorize", Some(2), 20),
        ("inventory", "reserve", Some(1), 6),
        ("postgres", "UPDATE stock", Some(4), 3),
    ];
    let mut spans = Vec::new();
    for request in 0..n {
        let trace = seed * 1_000_000 + request;
        let jitter = |k: u64| (request * 7 + k * 13 + seed) % 5;
        // Durations bottom up: own time plus children, which run one after the other.
        let mut duration = [0u64; 6];
        let mut failed = [false; 6];
        for (i, (service, _, _, own)) in CALLS.iter().enumerate().rev() {
            let mut own = own + jitter(i as u64);
            if *service == fault.service {
                own += fault.extra_ms;
                failed[i] |= fault.fails;
            }
            let children: Vec<usize> = (0..6).filter(|&c| CALLS[c].2 == Some(i)).collect();
            duration[i] = own * MS + children.iter().map(|&c| duration[c]).sum::<u64>();
            failed[i] |= children.iter().any(|&c| failed[c]);
        }
        let mut starts = [start_ns + request * 50 * MS; 6];
        for i in 0..6 {
            let mut offset = starts[i] + MS;
            for c in (0..6).filter(|&c| CALLS[c].2 == Some(i)) {
                starts[c] = offset;
                offset += duration[c];
            }
        }
        for (i, (service, operation, parent, _)) in CALLS.iter().enumerate() {
            let mut s = span(
                trace,
                trace * 10 + i as u64,
                parent.map(|p| trace * 10 + p as u64),
                service,
                operation,
                starts[i],
                duration[i],
            );
            if failed[i] {
                s.status_code = "error".into();
            }
            spans.push(s);
        }
    }
    spans
}

/// `GET /cart` loading each of `items` with its own query, as an ORM's lazy loading does.
pub fn cart(trace: u64, items: u64, statement_ms: u64, start_ns: u64) -> Vec<SpanRecord> {
    let root = trace * 1000;
    let mut spans = vec![span(
        trace,
        root,
        None,
        "cart",
        "GET /cart",
        start_ns,
        (items * statement_ms + 5) * MS,
    )];
    for i in 0..items {
        let mut query = span(
            trace,
            root + 1 + i,
            Some(root),
            "cart",
            "SELECT items",
            start_ns + i * statement_ms * MS,
            statement_ms * MS,
        );
        query.kind = "client".into();
        query.attributes.insert("db.system.name".into(), json!("postgresql"));
        query.attributes.insert("db.query.text".into(), json!("SELECT * FROM items WHERE id = $1"));
        spans.push(query);
    }
    spans
}

/// A log record with the fields the analyses read; the rest empty.
pub fn log(service: &str, time_ns: u64, severity_number: i32, body: &str) -> LogRecordRow {
    LogRecordRow {
        time_unix_nano: time_ns,
        observed_time_unix_nano: time_ns,
        severity_number,
        severity_text: String::new(),
        body: json!(body),
        service_name: service.into(),
        trace_id: String::new(),
        span_id: String::new(),
        flags: 0,
        event_name: String::new(),
        attributes: Attributes::new(),
        resource_attributes: Attributes::new(),
        scope_name: String::new(),
    }
}

/// One gauge point.
pub fn gauge(name: &str, service: &str, time_ns: u64, value: f64) -> MetricPoint {
    MetricPoint {
        name: name.into(),
        kind: "gauge".into(),
        unit: String::new(),
        description: String::new(),
        service_name: service.into(),
        time_unix_nano: time_ns,
        start_time_unix_nano: time_ns,
        value: Some(value),
        is_monotonic: None,
        temporality: None,
        count: None,
        sum: None,
        min: None,
        max: None,
        explicit_bounds: Vec::new(),
        bucket_counts: Vec::new(),
        scale: None,
        zero_count: None,
        positive_offset: None,
        positive_bucket_counts: Vec::new(),
        negative_offset: None,
        negative_bucket_counts: Vec::new(),
        quantiles: Vec::new(),
        flags: 0,
        attributes: Attributes::new(),
        resource_attributes: Attributes::new(),
    }
}
