//! The command line.

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;

use crate::profile::Profile;
use crate::run::RunConfig;
use crate::transport::Protocol;

/// Send seeded OTLP load to an endpoint and report what was acknowledged.
#[derive(Debug, Parser)]
#[command(name = "ophion-loadgen", version)]
pub struct Cli {
    /// Base URL; default http://127.0.0.1:4317 for gRPC, http://127.0.0.1:4318 for HTTP.
    #[arg(long)]
    pub endpoint: Option<String>,
    /// Transport and encoding.
    #[arg(long, value_enum, default_value = "grpc")]
    pub protocol: Protocol,
    /// Payload profile.
    #[arg(long, value_enum, default_value = "p1")]
    pub profile: Profile,
    /// Seed for everything random (ids, services, names, values).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Items (spans, log records, metric points) per request, e.g. 100, 512 or 8192.
    #[arg(long = "items-per-request", visible_alias = "spans-per-request", default_value_t = 512)]
    pub items_per_request: usize,
    /// Distinct pre-encoded requests, sent round-robin (ids repeat once per pass).
    #[arg(long, default_value_t = 16)]
    pub pool: usize,
    /// Compress request bodies with gzip.
    #[arg(long)]
    pub gzip: bool,
    /// Items per second; without it, open loop (as fast as the in-flight limit allows).
    #[arg(long)]
    pub rate: Option<u64>,
    /// Client connections (HTTP/2 connections for gRPC; HTTP/1.1 opens one per in-flight request).
    #[arg(long, default_value_t = 1)]
    pub connections: usize,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 4)]
    pub in_flight: usize,
    /// Stop starting requests after this long (e.g. 10s, 2m). Default 10s unless --items is given.
    #[arg(long, value_parser = humantime::parse_duration)]
    pub duration: Option<Duration>,
    /// Stop after this many items (rounded up to whole requests).
    #[arg(long)]
    pub items: Option<u64>,
    /// Attempts per request, the first included, for retryable answers.
    #[arg(long, default_value_t = 5)]
    pub max_attempts: u32,
    /// Per-attempt timeout.
    #[arg(long, value_parser = humantime::parse_duration, default_value = "10s")]
    pub timeout: Duration,
    /// Write the hex id of every acknowledged item (span id; trace id for log records), one per line.
    #[arg(long)]
    pub ids_file: Option<PathBuf>,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

impl Cli {
    pub fn into_config(self) -> RunConfig {
        let endpoint = self.endpoint.unwrap_or_else(|| {
            match self.protocol {
                Protocol::Grpc => "http://127.0.0.1:4317",
                Protocol::HttpProtobuf | Protocol::HttpJson => "http://127.0.0.1:4318",
            }
            .to_string()
        });
        let duration = match (self.duration, self.items) {
            (None, None) => Some(Duration::from_secs(10)),
            (d, _) => d,
        };
        RunConfig {
            endpoint,
            protocol: self.protocol,
            profile: self.profile,
            seed: self.seed,
            items_per_request: self.items_per_request,
            pool: self.pool,
            gzip: self.gzip,
            rate: self.rate,
            connections: self.connections,
            in_flight: self.in_flight,
            duration,
            items: self.items,
            max_attempts: self.max_attempts.max(1),
            timeout: self.timeout,
            ids_file: self.ids_file,
        }
    }
}
