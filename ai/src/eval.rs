//! The evaluation commands' work, `ophion ai detect` and `ophion ai patterns`: the live
//! engine's detector and miner over files, so they can be scored on public benchmarks.

use std::io::{BufRead, Write};

use crate::detect::{Detector, DetectorConfig};
use crate::patterns::{Miner, MinerConfig};

/// Why an evaluation command stopped.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A line is not in the expected format.
    #[error("line {line}: {reason}")]
    Input { line: usize, reason: String },
    #[error("reading line {line}")]
    Read {
        line: usize,
        #[source]
        source: std::io::Error,
    },
    #[error("writing the output")]
    Write(#[source] std::io::Error),
}

impl EvalError {
    /// The input is at fault (a malformed line, or bytes that are not text), not the system.
    pub fn is_bad_input(&self) -> bool {
        match self {
            Self::Input { .. } => true,
            Self::Read { source, .. } => source.kind() == std::io::ErrorKind::InvalidData,
            Self::Write(_) => false,
        }
    }
}

fn bad(line: usize, reason: String) -> EvalError {
    EvalError::Input { line, reason }
}

/// Reads `timestamp,value` rows and writes `timestamp,value,anomaly_score,label`, one row per
/// input row, scored online in input order.
pub fn detect_csv(
    input: impl BufRead,
    mut output: impl Write,
    config: DetectorConfig,
) -> Result<(), EvalError> {
    let mut rows = Vec::new();
    for (n, line) in input.lines().enumerate() {
        let line = line.map_err(|source| EvalError::Read { line: n + 1, source })?;
        let line = line.trim_end_matches('\r');
        if n == 0 && line.trim() == "timestamp,value" {
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let (timestamp, value) =
            line.split_once(',').ok_or_else(|| bad(n + 1, "expected `timestamp,value`".into()))?;
        let seconds = parse_timestamp(timestamp)
            .ok_or_else(|| bad(n + 1, format!("bad timestamp {timestamp:?}")))?;
        let number: f64 =
            value.trim().parse().map_err(|_| bad(n + 1, format!("bad value {value:?}")))?;
        rows.push((timestamp.to_string(), value.trim().to_string(), seconds, number));
    }
    let mut detector = Detector::new(step_seconds(rows.iter().map(|r| r.2)), config);
    let io = EvalError::Write;
    writeln!(output, "timestamp,value,anomaly_score,label").map_err(io)?;
    for (timestamp, text, _, value) in &rows {
        let verdict = detector.observe(*value);
        // The onset score: one detection per episode at whatever threshold it is read.
        writeln!(output, "{timestamp},{text},{:.6},{}", verdict.onset, u8::from(verdict.raised))
            .map_err(io)?;
    }
    output.flush().map_err(io)
}

/// Reads one message per line and writes `<template id>\t<template>` per line, with each
/// line's final template once every line has been mined.
pub fn patterns_lines(
    input: impl BufRead,
    mut output: impl Write,
    config: MinerConfig,
) -> Result<(), EvalError> {
    let mut miner = Miner::new(config);
    let mut ids = Vec::new();
    for (n, line) in input.lines().enumerate() {
        let line = line.map_err(|source| EvalError::Read { line: n + 1, source })?;
        ids.push(miner.add(line.trim_end_matches('\r'), n as u64));
    }
    let io = EvalError::Write;
    for id in ids {
        let text = miner.template(id).map(|t| t.text()).unwrap_or_default();
        writeln!(output, "{id}\t{text}").map_err(io)?;
    }
    output.flush().map_err(io)
}

/// Seconds since the epoch from `YYYY-MM-DD HH:MM:SS[.fff]`, RFC 3339, or a Unix time in
/// seconds (or milliseconds, when it is too large to be seconds).
fn parse_timestamp(text: &str) -> Option<f64> {
    let text = text.trim().trim_matches('"');
    if let Ok(number) = text.parse::<f64>() {
        return Some(if number > 1e11 { number / 1000.0 } else { number });
    }
    if let Ok(time) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(time.timestamp_millis() as f64 / 1000.0);
    }
    ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|format| chrono::NaiveDateTime::parse_from_str(text, format).ok())
        .map(|time| time.and_utc().timestamp_millis() as f64 / 1000.0)
}

/// The series' step: the median gap between rows (robust to a few missing rows).
fn step_seconds(times: impl Iterator<Item = f64>) -> f64 {
    let times: Vec<f64> = times.collect();
    let mut gaps: Vec<f64> = times.windows(2).map(|w| w[1] - w[0]).filter(|g| *g > 0.0).collect();
    if gaps.is_empty() {
        return 60.0;
    }
    crate::detect::median(&mut gaps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detect_writes_one_scored_row_per_input_row() {
        let mut input = String::from("timestamp,value\n");
        for i in 0..1400 {
            let value = if i == 1200 { 500.0 } else { 10.0 + (i % 7) as f64 };
            let minutes = i * 5;
            let (day, hour, minute) = (1 + minutes / 1440, minutes % 1440 / 60, minutes % 60);
            input.push_str(&format!("2014-04-{day:02} {hour:02}:{minute:02}:00,{value}\n"));
        }
        let mut out = Vec::new();
        detect_csv(input.as_bytes(), &mut out, DetectorConfig::default()).unwrap();
        let out = String::from_utf8(out).unwrap();
        let rows: Vec<&str> = out.lines().collect();
        assert_eq!(rows[0], "timestamp,value,anomaly_score,label");
        assert_eq!(rows.len(), 1401);
        assert!(rows[1].starts_with("2014-04-01 00:00:00,10,"));
        let labelled: Vec<usize> = rows[1..]
            .iter()
            .enumerate()
            .filter(|(_, r)| r.ends_with(",1"))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(labelled, [1200]);
        for row in &rows[1..] {
            let score: f64 = row.split(',').nth(2).unwrap().parse().unwrap();
            assert!((0.0..=1.0).contains(&score));
        }
    }

    #[test]
    fn detect_names_the_bad_line() {
        let err = detect_csv(
            "timestamp,value\n2014-04-01 00:00:00,x\n".as_bytes(),
            Vec::new(),
            DetectorConfig::default(),
        );
        let err = err.unwrap_err();
        assert_eq!(err.to_string(), "line 2: bad value \"x\"");
        assert!(err.is_bad_input());
        let err = detect_csv("yesterday,1\n".as_bytes(), Vec::new(), DetectorConfig::default());
        assert!(err.unwrap_err().to_string().contains("bad timestamp"));
        let not_text =
            detect_csv(&b"timestamp,value\n\xff\xfe,1\n"[..], Vec::new(), Default::default());
        let err = not_text.unwrap_err();
        assert!(err.is_bad_input() && err.to_string() == "reading line 2", "{err:?}");
    }

    #[test]
    fn patterns_writes_each_line_with_its_final_template() {
        let mut out = Vec::new();
        patterns_lines(
            "open file 1\nopen file 2\nclose\n".as_bytes(),
            &mut out,
            MinerConfig::default(),
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "1\topen file <*>\n1\topen file <*>\n2\tclose\n"
        );
    }
}
