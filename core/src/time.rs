//! Wall-clock helpers in Unix nanoseconds, the unit OTLP uses everywhere.

use std::time::{SystemTime, UNIX_EPOCH};

pub fn now_unix_nanos() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64)
}

pub const NANOS_PER_MILLI: u64 = 1_000_000;
pub const NANOS_PER_SEC: u64 = 1_000_000_000;
