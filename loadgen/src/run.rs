//! The run: `in_flight` workers share one request counter; at a fixed rate request `n` is due at
//! `start + n × items_per_request / rate`, in open loop as soon as a worker is free. Each worker
//! retries what is retryable (capped attempts, honouring the server's delay), records its ack
//! latencies, and its counts are merged into one [`Summary`] at the end.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use tokio::time::sleep_until;

use crate::pool::{self, PoolSpec, Request};
use crate::profile::Profile;
use crate::report::Summary;
use crate::transport::{self, HttpClient, Outcome, Protocol, Target};

/// Backoff when a retryable answer carries no delay hint: 100 ms doubling, at most this.
const MAX_BACKOFF: Duration = Duration::from_secs(5);
/// A server's hint is honoured up to this long.
const MAX_HINT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone)]
pub struct RunConfig {
    pub endpoint: String,
    pub protocol: Protocol,
    pub profile: Profile,
    pub seed: u64,
    pub items_per_request: usize,
    pub pool: usize,
    pub gzip: bool,
    /// Items per second; `None` is open loop.
    pub rate: Option<u64>,
    pub connections: usize,
    pub in_flight: usize,
    pub duration: Option<Duration>,
    pub items: Option<u64>,
    pub max_attempts: u32,
    pub timeout: Duration,
    pub ids_file: Option<PathBuf>,
}

#[derive(Default)]
struct WorkerStats {
    requests: u64,
    sent: u64,
    acked: u64,
    rejected: u64,
    failed: u64,
    retries: u64,
    partial_requests: u64,
    latencies_us: Vec<u64>,
    /// Pool index of every request acknowledged without rejections.
    acked_requests: Vec<u32>,
    errors: BTreeMap<String, u64>,
    pushback: BTreeMap<String, u64>,
    pushback_without_delay: u64,
}

struct Shared {
    config: RunConfig,
    pool: Vec<Request>,
    target: Target,
    next: AtomicU64,
    start: Instant,
    deadline: Option<Instant>,
    max_requests: Option<u64>,
}

fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(100u64.saturating_mul(1 << attempt.min(10).saturating_sub(1)))
        .min(MAX_BACKOFF)
}

async fn worker(shared: Arc<Shared>, client: HttpClient) -> WorkerStats {
    let mut stats = WorkerStats::default();
    let per_request = shared.config.items_per_request.max(1) as u64;
    loop {
        let n = shared.next.fetch_add(1, Ordering::Relaxed);
        if shared.max_requests.is_some_and(|max| n >= max) {
            break;
        }
        if let Some(rate) = shared.config.rate {
            let due = shared.start
                + Duration::from_secs_f64(n as f64 * per_request as f64 / rate.max(1) as f64);
            // Past the deadline nothing new starts, even requests the schedule owes: under
            // push-back the schedule falls behind, and a timed run must still end on time.
            if shared.deadline.is_some_and(|d| due >= d || Instant::now() >= d) {
                break;
            }
            sleep_until(due.into()).await;
        } else if shared.deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        let index = (n % shared.pool.len() as u64) as usize;
        let request = &shared.pool[index];
        stats.requests += 1;
        stats.sent += request.items;
        let began = Instant::now();
        let mut attempt = 1;
        loop {
            let outcome = tokio::time::timeout(
                shared.config.timeout,
                transport::send(&client, &shared.target, request.body.clone()),
            )
            .await
            .unwrap_or_else(|_| Outcome::Failed { reason: "timeout".into() });
            if let Outcome::Retry { after, reason } = &outcome {
                *stats.pushback.entry(reason.clone()).or_default() += 1;
                stats.pushback_without_delay += u64::from(after.is_none());
            }
            match outcome {
                Outcome::Accepted { rejected } => {
                    let rejected = rejected.min(request.items);
                    stats.acked += request.items - rejected;
                    stats.rejected += rejected;
                    stats.latencies_us.push(began.elapsed().as_micros() as u64);
                    if rejected == 0 {
                        stats.acked_requests.push(index as u32);
                    } else {
                        stats.partial_requests += 1;
                    }
                    break;
                }
                Outcome::Retry { after, .. } if attempt < shared.config.max_attempts => {
                    stats.retries += 1;
                    tokio::time::sleep(after.map_or_else(|| backoff(attempt), |d| d.min(MAX_HINT)))
                        .await;
                    attempt += 1;
                }
                Outcome::Retry { reason, .. } | Outcome::Failed { reason } => {
                    stats.failed += request.items;
                    *stats.errors.entry(reason).or_default() += 1;
                    break;
                }
            }
        }
    }
    stats
}

/// Build the pool, run until `duration` or `items`, write the ids file, and summarise.
pub async fn run(config: RunConfig) -> anyhow::Result<Summary> {
    let pool = pool::build(&PoolSpec {
        profile: config.profile,
        seed: config.seed,
        items_per_request: config.items_per_request,
        requests: config.pool,
        protocol: config.protocol,
        gzip: config.gzip,
    })?;
    let pool_bytes: usize = pool.iter().map(|r| r.body.len()).sum();
    let pool_items: u64 = pool.iter().map(|r| r.items).sum();
    let target =
        Target::new(&config.endpoint, config.protocol, config.profile.signal(), config.gzip)?;
    let clients: Vec<HttpClient> =
        (0..config.connections.max(1)).map(|_| transport::client(config.protocol)).collect();
    let start = Instant::now();
    let per_request = config.items_per_request.max(1) as u64;
    let shared = Arc::new(Shared {
        max_requests: config.items.map(|i| i.div_ceil(per_request)),
        deadline: config.duration.map(|d| start + d),
        config: config.clone(),
        pool,
        target,
        next: AtomicU64::new(0),
        start,
    });
    let handles: Vec<_> = (0..config.in_flight.max(1))
        .map(|w| tokio::spawn(worker(shared.clone(), clients[w % clients.len()].clone())))
        .collect();
    let mut total = WorkerStats::default();
    for handle in handles {
        let s = handle.await.context("worker task")?;
        total.requests += s.requests;
        total.sent += s.sent;
        total.acked += s.acked;
        total.rejected += s.rejected;
        total.failed += s.failed;
        total.retries += s.retries;
        total.partial_requests += s.partial_requests;
        total.latencies_us.extend(s.latencies_us);
        total.acked_requests.extend(s.acked_requests);
        for (k, v) in s.errors {
            *total.errors.entry(k).or_default() += v;
        }
        for (k, v) in s.pushback {
            *total.pushback.entry(k).or_default() += v;
        }
        total.pushback_without_delay += s.pushback_without_delay;
    }
    let elapsed = start.elapsed();
    let mut ids_written = None;
    if let Some(path) = &config.ids_file {
        ids_written = Some(write_ids(path, &shared.pool, &total.acked_requests)?);
    }
    total.latencies_us.sort_unstable();
    Ok(Summary {
        profile: config.profile,
        protocol: config.protocol,
        gzip: config.gzip,
        items_per_request: per_request,
        bytes_per_item: if pool_items == 0 { 0.0 } else { pool_bytes as f64 / pool_items as f64 },
        requests: total.requests,
        sent: total.sent,
        acked: total.acked,
        rejected: total.rejected,
        failed: total.failed,
        retries: total.retries,
        partial_requests: total.partial_requests,
        elapsed,
        latencies_us: total.latencies_us,
        errors: total.errors,
        pushback: total.pushback,
        pushback_without_delay: total.pushback_without_delay,
        ids_written,
    })
}

/// One hex id per line for every item of every fully acknowledged request.
fn write_ids(path: &PathBuf, pool: &[Request], acked: &[u32]) -> anyhow::Result<u64> {
    let file =
        std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    let mut lines = 0;
    for &index in acked {
        if let Some(request) = pool.get(index as usize) {
            for id in &request.ids {
                writeln!(out, "{}", hex::encode(id))?;
                lines += 1;
            }
        }
    }
    out.flush()?;
    Ok(lines)
}
