//! The alert state machine against Prometheus itself: for each scenario (a series, a `for`
//! and a `keep_firing_for`), Ophion's `state::step` decides which alert fires at each
//! evaluation; those answers become the expectations of a `promtool test rules` file over the
//! same series and rule, and promtool (Debian's `prometheus` package, installed by
//! `make test-env`) must agree at every evaluation.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: failing loudly is the point

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::Command;

use ophion_alerts::state::{Instance, State, Timing, step};

const MINUTES: usize = 90;
const THRESHOLD: f64 = 0.05;

/// An error ratio per minute that comes and goes in bursts: a fixed LCG, so every run is the
/// same, with flips often enough to exercise short blips, long episodes and gaps between.
fn series(seed: u64) -> Vec<f64> {
    let mut state = seed;
    let mut high = false;
    (0..MINUTES)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            if (state >> 33).is_multiple_of(4) {
                high = !high;
            }
            if high {
                0.1 + ((state >> 40) % 10) as f64 / 100.0
            } else {
                ((state >> 40) % 4) as f64 / 100.0
            }
        })
        .collect()
}

/// Whether Ophion's alert is firing after each minute's evaluation.
fn ophion_firing(values: &[f64], timing: Timing) -> Vec<bool> {
    let mut active = BTreeMap::<String, Instance>::new();
    values
        .iter()
        .enumerate()
        .map(|(minute, value)| {
            let now = minute as i64 * 60_000;
            let holding = if *value > THRESHOLD {
                BTreeMap::from([("checkout".to_owned(), Some(*value))])
            } else {
                BTreeMap::new()
            };
            step(&mut active, &holding, now, timing);
            active.values().any(|i| i.state == State::Firing)
        })
        .collect()
}

fn promtool_file(values: &[f64], firing: &[bool]) -> String {
    let samples: Vec<String> = values.iter().map(|v| format!("{v}")).collect();
    let mut text = format!(
        "rule_files: [rules.yml]\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n      \
         - series: 'errors{{service=\"checkout\"}}'\n        values: '{}'\n    alert_rule_test:\n",
        samples.join(" ")
    );
    for (minute, fires) in firing.iter().enumerate() {
        let expected =
            if *fires { "[{exp_labels: {service: checkout, severity: critical}}]" } else { "[]" };
        writeln!(text, "      - eval_time: {minute}m\n        alertname: CheckoutErrors\n        exp_alerts: {expected}").unwrap();
    }
    text
}

fn rules_file(for_minutes: i64, keep_minutes: i64) -> String {
    format!(
        "groups:\n  - name: ophion\n    interval: 1m\n    rules:\n      - alert: CheckoutErrors\n        \
         expr: errors > {THRESHOLD}\n        for: {for_minutes}m\n        keep_firing_for: {keep_minutes}m\n        \
         labels: {{severity: critical}}\n"
    )
}

#[test]
fn promtool_agrees_with_every_evaluation() {
    let promtool = Command::new("promtool").arg("--version").output();
    assert!(
        promtool.is_ok_and(|o| o.status.success()),
        "promtool is missing: `make test-env` installs Debian's prometheus package"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut compared = 0;
    let mut firing_minutes = 0;
    for (seed, for_minutes, keep_minutes) in
        [(1, 0, 0), (2, 2, 0), (3, 0, 3), (4, 2, 3), (5, 5, 1), (6, 1, 10), (7, 3, 2)]
    {
        let values = series(seed);
        let timing =
            Timing { for_ms: for_minutes * 60_000, keep_firing_for_ms: keep_minutes * 60_000 };
        let firing = ophion_firing(&values, timing);
        assert!(
            firing.iter().any(|f| *f) && firing.iter().any(|f| !*f),
            "scenario {seed} never changes"
        );
        std::fs::write(dir.path().join("rules.yml"), rules_file(for_minutes, keep_minutes))
            .unwrap();
        let test = dir.path().join("test.yml");
        std::fs::write(&test, promtool_file(&values, &firing)).unwrap();
        let out = Command::new("promtool")
            .arg("test")
            .arg("rules")
            .arg(&test)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "promtool disagrees (seed {seed}, for {for_minutes}m, keep_firing_for {keep_minutes}m):\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        compared += firing.len();
        firing_minutes += firing.iter().filter(|f| **f).count();
    }
    println!(
        "promtool agreed at {compared} evaluations ({firing_minutes} of them firing) over 7 scenarios"
    );
}
