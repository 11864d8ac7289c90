//! The run's summary: counts, throughput and ack-latency percentiles (nearest rank over every
//! recorded latency), as text or JSON.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::profile::Profile;
use crate::transport::Protocol;

#[derive(Debug)]
pub struct Summary {
    pub profile: Profile,
    pub protocol: Protocol,
    pub gzip: bool,
    pub items_per_request: u64,
    pub bytes_per_item: f64,
    pub requests: u64,
    /// Items in every request started (first attempts only).
    pub sent: u64,
    /// Items the server accepted (partial-success rejections excluded).
    pub acked: u64,
    /// Items the server rejected through partial success.
    pub rejected: u64,
    /// Items of requests that never succeeded.
    pub failed: u64,
    pub retries: u64,
    /// Requests with partial-success rejections (their ids are not in the ids file).
    pub partial_requests: u64,
    pub elapsed: Duration,
    /// Ack latency of each accepted request (first attempt to success), sorted, in µs.
    pub latencies_us: Vec<u64>,
    /// Why requests failed for good, by reason.
    pub errors: BTreeMap<String, u64>,
    /// Every retryable answer (push-back), by reason, whether or not a retry followed.
    pub pushback: BTreeMap<String, u64>,
    /// Retryable answers that carried no delay (`Retry-After` / `RetryInfo`).
    pub pushback_without_delay: u64,
    pub ids_written: Option<u64>,
}

/// Nearest-rank percentile of sorted values (`q` in 0..=1); 0 when empty.
pub fn percentile(sorted: &[u64], q: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn name<T: clap::ValueEnum>(value: &T) -> String {
    value.to_possible_value().map(|v| v.get_name().to_string()).unwrap_or_default()
}

impl Summary {
    pub fn acked_per_second(&self) -> f64 {
        self.acked as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    fn ms(&self, q: f64) -> f64 {
        percentile(&self.latencies_us, q) as f64 / 1000.0
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "profile": name(&self.profile),
            "protocol": name(&self.protocol),
            "gzip": self.gzip,
            "items_per_request": self.items_per_request,
            "bytes_per_item": (self.bytes_per_item * 10.0).round() / 10.0,
            "requests": self.requests,
            "sent": self.sent,
            "acked": self.acked,
            "rejected": self.rejected,
            "failed": self.failed,
            "retries": self.retries,
            "partial_requests": self.partial_requests,
            "elapsed_s": self.elapsed.as_secs_f64(),
            "acked_per_s": self.acked_per_second().round(),
            "latency_ms": {
                "p50": self.ms(0.50),
                "p90": self.ms(0.90),
                "p99": self.ms(0.99),
                "max": self.ms(1.0),
            },
            "errors": self.errors,
            "pushback": self.pushback,
            "pushback_without_delay": self.pushback_without_delay,
            "ids_written": self.ids_written,
        })
    }

    pub fn to_text(&self) -> String {
        let mut out = format!(
            "profile {} over {}{}, {} items/request, {:.0} B/item on the wire\n\
             requests {}  sent {}  acked {}  rejected {}  failed {}  retries {}\n\
             {:.2} s, {:.0} acked items/s\n\
             ack latency ms: p50 {:.2}  p90 {:.2}  p99 {:.2}  max {:.2}\n",
            name(&self.profile),
            name(&self.protocol),
            if self.gzip { " (gzip)" } else { "" },
            self.items_per_request,
            self.bytes_per_item,
            self.requests,
            self.sent,
            self.acked,
            self.rejected,
            self.failed,
            self.retries,
            self.elapsed.as_secs_f64(),
            self.acked_per_second(),
            self.ms(0.50),
            self.ms(0.90),
            self.ms(0.99),
            self.ms(1.0),
        );
        for (reason, count) in &self.pushback {
            out.push_str(&format!("push-back: {reason} ×{count}\n"));
        }
        for (reason, count) in &self.errors {
            out.push_str(&format!("error: {reason} ×{count}\n"));
        }
        if let Some(n) = self.ids_written {
            out.push_str(&format!("ids written: {n}\n"));
        }
        out
    }
}
