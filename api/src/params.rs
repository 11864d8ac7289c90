//! Query-string parsing shared by every endpoint, with the same names everywhere: `start`,
//! `end` (RFC 3339 or Unix milliseconds; default the last hour), `service`, `q`,
//! `min_severity`, `trace_id`, `limit`, `cursor`, and `attr.<key>=<value>` filters.
//! Unknown parameters are rejected so a typo never silently widens a query.

use std::collections::BTreeMap;

use ophion_core::query::{AttributeFilter, Cursor, Page, TimeRange};
use ophion_core::time::{NANOS_PER_MILLI, now_unix_nanos};
use ophion_core::{Error, Result};

pub const DEFAULT_LIMIT: usize = 100;
pub const MAX_LIMIT: usize = 1000;
const HOUR_NS: u64 = 3_600 * 1_000_000_000;

/// A page of a list held in memory: `limit` rows after skipping `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OffsetPage {
    pub limit: usize,
    pub offset: usize,
}

/// The raw pairs of one query string, consumed parameter by parameter.
pub struct Params {
    pairs: BTreeMap<String, String>,
    pub attributes: Vec<AttributeFilter>,
}

impl Params {
    /// Parse a raw query string (lenient about percent-encoding, strict about names).
    pub fn new(raw: Option<String>) -> Result<Self> {
        let mut pairs = BTreeMap::new();
        let mut attributes = Vec::new();
        let raw = raw.unwrap_or_default();
        for (key, value) in form_urlencoded::parse(raw.as_bytes()) {
            let (key, value) = (key.into_owned(), value.into_owned());
            if let Some(attr) = key.strip_prefix("attr.") {
                if attr.is_empty() {
                    return Err(Error::invalid("attribute filter needs a key: attr.<key>=<value>"));
                }
                attributes.push(AttributeFilter { key: attr.to_string(), value });
            } else if pairs.insert(key.clone(), value).is_some() {
                return Err(Error::invalid(format!(
                    "query parameter {key:?} given more than once"
                )));
            }
        }
        Ok(Self { pairs, attributes })
    }

    pub fn take(&mut self, name: &str) -> Option<String> {
        self.pairs.remove(name).filter(|v| !v.is_empty())
    }

    /// Fail on anything not consumed; `allowed` lists the endpoint's parameters.
    pub fn finish(
        self,
        allowed: &[&str],
        attributes_allowed: bool,
    ) -> Result<Vec<AttributeFilter>> {
        if let Some(key) = self.pairs.keys().next() {
            return Err(Error::invalid(format!(
                "unknown query parameter {key:?}; this endpoint accepts: {}{}",
                allowed.join(", "),
                if attributes_allowed { ", attr.<key>" } else { "" }
            )));
        }
        if !attributes_allowed && !self.attributes.is_empty() {
            return Err(Error::invalid("this endpoint does not take attr.<key> filters"));
        }
        Ok(self.attributes)
    }

    pub fn time_range(&mut self) -> Result<TimeRange> {
        self.time_range_or(HOUR_NS)
    }

    /// `start`/`end` with a default window of `default_span_ns` ending now.
    pub fn time_range_or(&mut self, default_span_ns: u64) -> Result<TimeRange> {
        let now = now_unix_nanos();
        let end = self.take("end").map(|v| parse_time("end", &v)).transpose()?.unwrap_or(now);
        let start = self
            .take("start")
            .map(|v| parse_time("start", &v))
            .transpose()?
            .unwrap_or(end.saturating_sub(default_span_ns));
        if start >= end {
            return Err(Error::invalid("start must be before end"));
        }
        Ok(TimeRange { start_ns: start, end_ns: end })
    }

    /// `limit`, and `cursor`: where the page starts, as the page before named it.
    pub fn page(&mut self) -> Result<Page> {
        let limit = self.limit()?;
        let after = self.take("cursor").map(|token| crate::cursor::decode(&token)).transpose()?;
        Ok(Page { limit, after })
    }

    /// `limit` and `cursor` for a list held in memory (the insights): the cursor is an offset.
    pub fn offset_page(&mut self) -> Result<OffsetPage> {
        let limit = self.limit()?;
        let offset = match self.take("cursor") {
            None => 0,
            Some(c) => decode_cursor(&c)?,
        };
        Ok(OffsetPage { limit, offset })
    }

    /// `limit`: 1 to [`MAX_LIMIT`], [`DEFAULT_LIMIT`] when absent.
    pub fn limit(&mut self) -> Result<usize> {
        Ok(match self.take("limit") {
            None => DEFAULT_LIMIT,
            Some(v) => match v.parse::<usize>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => {
                    return Err(Error::invalid(format!(
                        "limit must be an integer from 1 to {MAX_LIMIT}"
                    )));
                }
            },
        })
    }

    pub fn u64(&mut self, name: &str) -> Result<Option<u64>> {
        self.take(name)
            .map(|v| {
                v.parse::<u64>()
                    .map_err(|_| Error::invalid(format!("{name} must be a non-negative integer")))
            })
            .transpose()
    }

    /// A duration: `250ms`, `1.5s`, `2m`, `1h`, or a bare number of milliseconds.
    pub fn duration_ns(&mut self, name: &str) -> Result<Option<u64>> {
        self.take(name).map(|v| parse_duration_ns(name, &v)).transpose()
    }

    pub fn trace_id(&mut self) -> Result<Option<String>> {
        self.take("trace_id").map(|v| normalize_trace_id(&v)).transpose()
    }

    /// Severity as a number 1-24 or a name: trace, debug, info, warn, error, fatal.
    pub fn min_severity(&mut self) -> Result<Option<i32>> {
        let Some(v) = self.take("min_severity") else { return Ok(None) };
        let n = match v.to_ascii_lowercase().as_str() {
            "trace" => 1,
            "debug" => 5,
            "info" => 9,
            "warn" | "warning" => 13,
            "error" => 17,
            "fatal" => 21,
            other => match other.parse::<i32>() {
                Ok(n) if (0..=24).contains(&n) => n,
                _ => {
                    return Err(Error::invalid(
                        "min_severity must be 0-24 or one of trace, debug, info, warn, error, fatal",
                    ));
                }
            },
        };
        Ok(Some(n))
    }
}

pub fn normalize_trace_id(v: &str) -> Result<String> {
    let id = v.to_ascii_lowercase();
    if id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(id)
    } else {
        Err(Error::invalid(format!("trace id {v:?} must be 32 hex characters")))
    }
}

pub fn parse_time(name: &str, v: &str) -> Result<u64> {
    if let Ok(ms) = v.parse::<u64>() {
        return ms
            .checked_mul(NANOS_PER_MILLI)
            .ok_or_else(|| Error::invalid(format!("{name} is out of range")));
    }
    chrono::DateTime::parse_from_rfc3339(v)
        .ok()
        .and_then(|t| t.timestamp_nanos_opt())
        .and_then(|n| u64::try_from(n).ok())
        .ok_or_else(|| {
            Error::invalid(format!(
                "{name} must be RFC 3339 (2026-01-02T15:04:05Z) or Unix milliseconds, got {v:?}"
            ))
        })
}

pub fn parse_duration_ns(name: &str, v: &str) -> Result<u64> {
    let bad = || {
        Error::invalid(format!(
            "{name} must be a duration like 250ms, 1.5s, 2m, 1h or milliseconds, got {v:?}"
        ))
    };
    let (number, unit) = match v.find(|c: char| c.is_ascii_alphabetic()) {
        Some(i) => v.split_at(i),
        None => (v, "ms"),
    };
    let number: f64 = number.trim().parse().map_err(|_| bad())?;
    let scale = match unit.trim() {
        "ns" => 1.0,
        "us" | "µs" => 1e3,
        "ms" => 1e6,
        "s" => 1e9,
        "m" => 60e9,
        "h" => 3600e9,
        "d" => 86400e9,
        _ => return Err(bad()),
    };
    let ns = number * scale;
    if !ns.is_finite() || ns < 0.0 || ns > u64::MAX as f64 {
        return Err(bad());
    }
    Ok(ns as u64)
}

/// The cursor of an in-memory list's page that starts at `offset`.
pub fn encode_cursor(offset: usize) -> String {
    format!("o{offset}")
}

/// The token of the page after a store's page, if any: its `next_cursor`.
pub fn next_cursor(next: Option<&Cursor>) -> Option<String> {
    next.map(crate::cursor::encode)
}

fn decode_cursor(c: &str) -> Result<usize> {
    c.strip_prefix('o')
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|n| *n <= 1_000_000)
        .ok_or_else(|| {
            Error::invalid("cursor is not one this server issued; start again without it")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Params {
        let raw: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        Params::new(Some(raw.join("&"))).unwrap()
    }

    #[test]
    fn times_accept_rfc3339_and_unix_millis() {
        assert_eq!(parse_time("start", "1700000000000").unwrap(), 1_700_000_000_000_000_000);
        assert_eq!(parse_time("start", "2023-11-14T22:13:20Z").unwrap(), 1_700_000_000_000_000_000);
        assert!(parse_time("start", "yesterday").is_err());
    }

    #[test]
    fn reversed_ranges_and_unknown_parameters_are_rejected() {
        let mut p = params(&[("start", "2000"), ("end", "1000")]);
        assert!(p.time_range().is_err());
        let p = params(&[("servce", "x")]);
        let err = p.finish(&["service"], false).unwrap_err();
        assert!(err.message.contains("servce"));
    }

    #[test]
    fn attribute_filters_keep_dotted_keys() {
        let p = params(&[("attr.http.route", "/users")]);
        let attrs = p.finish(&[], true).unwrap();
        assert_eq!(attrs[0].key, "http.route");
        assert_eq!(attrs[0].value, "/users");
    }

    #[test]
    fn durations_and_limits_are_validated() {
        assert_eq!(parse_duration_ns("d", "250ms").unwrap(), 250_000_000);
        assert_eq!(parse_duration_ns("d", "1.5s").unwrap(), 1_500_000_000);
        assert_eq!(parse_duration_ns("d", "2m").unwrap(), 120_000_000_000);
        assert_eq!(parse_duration_ns("d", "40").unwrap(), 40_000_000);
        assert!(parse_duration_ns("d", "-1s").is_err());
        assert!(parse_duration_ns("d", "5 parsecs").is_err());
        assert!(params(&[("limit", "0")]).page().is_err());
        assert!(params(&[("limit", "1001")]).page().is_err());
        assert!(params(&[("cursor", "garbage")]).page().is_err());
        assert!(params(&[("cursor", "o200")]).page().is_err(), "offsets are not store cursors");
        assert_eq!(params(&[("cursor", "o200")]).offset_page().unwrap().offset, 200);
    }
}
