//! The state machine as Prometheus steps it, and the engine on a controlled clock against the
//! real embedded store and a SQLite metadata store: no sleeps, every time is the test's.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: failing loudly is the point

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use ophion_core::otlp::trace::v1::status::StatusCode;
use ophion_core::otlp::trace::v1::{Span, Status as SpanStatus};
use ophion_core::{AppliedBatch, Batch, Payload, TelemetryStore, TenantId};
use ophion_metadata::{AlertFilter, MetadataStore};
use ophion_storage::EmbeddedStore;
use ophion_testkit::faults::FaultyStore;
use serde_json::json;

use crate::state::{Change, Instance, State, Timing, step};
use crate::{Alert, Alerting, RuleSpec, Status};

const MIN: i64 = 60_000;

fn run(timing: Timing, evaluations: &[(i64, bool)]) -> Vec<(i64, Change, State)> {
    let mut active = BTreeMap::<String, Instance>::new();
    let mut seen = Vec::new();
    for &(at, holds) in evaluations {
        let holding =
            if holds { BTreeMap::from([("fp".to_owned(), Some(1.0))]) } else { BTreeMap::new() };
        for (_, instance, change) in step(&mut active, &holding, at, timing) {
            seen.push((at, change, instance.state));
        }
    }
    seen
}

#[test]
fn pending_fires_after_for_and_resolves_when_the_condition_clears() {
    let timing = Timing { for_ms: 2 * MIN, keep_firing_for_ms: 0 };
    let seen = run(timing, &[(0, true), (MIN, true), (2 * MIN, true), (3 * MIN, false)]);
    assert_eq!(
        seen,
        vec![
            (0, Change::Pending, State::Pending),
            (MIN, Change::Held, State::Pending),
            (2 * MIN, Change::Firing, State::Firing),
            (3 * MIN, Change::Resolved, State::Resolved),
        ]
    );
}

#[test]
fn a_pending_alert_whose_condition_clears_is_dropped_unsent() {
    let timing = Timing { for_ms: 2 * MIN, keep_firing_for_ms: 0 };
    let seen = run(timing, &[(0, true), (MIN, false), (2 * MIN, true)]);
    assert_eq!(
        seen,
        vec![
            (0, Change::Pending, State::Pending),
            (MIN, Change::Dropped, State::Pending),
            // A new episode: `for` counts again from here.
            (2 * MIN, Change::Pending, State::Pending),
        ]
    );
}

#[test]
fn without_for_an_alert_fires_on_its_first_evaluation() {
    let timing = Timing { for_ms: 0, keep_firing_for_ms: 0 };
    assert_eq!(run(timing, &[(0, true)]), vec![(0, Change::Firing, State::Firing)]);
}

#[test]
fn keep_firing_for_holds_a_cleared_alert_and_holding_again_resets_it() {
    let timing = Timing { for_ms: 0, keep_firing_for_ms: 3 * MIN };
    let seen = run(
        timing,
        &[
            (0, true),
            (MIN, false),
            (2 * MIN, true),
            (3 * MIN, false),
            (5 * MIN, false),
            (6 * MIN, false),
        ],
    );
    assert_eq!(
        seen,
        vec![
            (0, Change::Firing, State::Firing),
            (MIN, Change::KeptFiring, State::Firing),
            // Holding again clears `keep_firing_since`: the next clear counts from scratch.
            (2 * MIN, Change::Held, State::Firing),
            (3 * MIN, Change::KeptFiring, State::Firing),
            (5 * MIN, Change::KeptFiring, State::Firing),
            // 3 minutes after it cleared at 3m: resolved.
            (6 * MIN, Change::Resolved, State::Resolved),
        ]
    );
}

// ---- the engine, on real stores ------------------------------------------------------------

struct Rig {
    alerting: Alerting,
    faulty: Arc<FaultyStore>,
    tenant: TenantId,
    _dir: tempfile::TempDir,
    position: std::sync::atomic::AtomicU64,
}

/// The test's clock starts here (a fixed Unix time in ms).
const T0: i64 = 1_790_000_000_000;

async fn rig() -> Rig {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn TelemetryStore> = Arc::new(EmbeddedStore::open_in_memory().unwrap());
    let faulty = Arc::new(FaultyStore::new(store));
    let metadata = MetadataStore::open_dir(dir.path()).await.unwrap();
    let alerting = Alerting {
        store: faulty.clone(),
        metadata,
        insights: Arc::new(ophion_ai::InsightStore::new(100)),
    };
    Rig { alerting, faulty, tenant: TenantId::new("acme").unwrap(), _dir: dir, position: 0.into() }
}

impl Rig {
    /// `n` spans of `service` one second apart from `at_ms`, `errors` of them failed.
    async fn spans(&self, service: &str, at_ms: i64, n: u64, errors: u64) {
        let mut request = ophion_testkit::otlp::spans(service, at_ms as u64, n);
        let spans: &mut Vec<Span> = &mut request.resource_spans[0].scope_spans[0].spans;
        for (i, span) in spans.iter_mut().enumerate() {
            let start = (at_ms as u64 + i as u64 * 1000) * 1_000_000;
            span.start_time_unix_nano = start;
            span.end_time_unix_nano = start + 20_000_000;
            if (i as u64) < errors {
                span.status =
                    Some(SpanStatus { code: StatusCode::Error as i32, message: "boom".into() });
            }
        }
        let position = self.position.fetch_add(1, Ordering::Relaxed) + 1;
        let batch = Batch::new(self.tenant.clone(), Payload::Traces(request));
        self.faulty.append(vec![AppliedBatch { position, batch }]).await.unwrap();
    }

    async fn rule(&self, body: serde_json::Value) -> (String, RuleSpec) {
        let spec: RuleSpec = serde_json::from_value(body).unwrap();
        spec.check().unwrap();
        let stored = self
            .alerting
            .metadata
            .create_alert_rule(
                &self.tenant,
                &spec.name,
                true,
                &serde_json::to_string(&spec).unwrap(),
            )
            .await
            .unwrap();
        (stored.id, spec)
    }

    async fn alerts(&self) -> Vec<Alert> {
        let filter = AlertFilter { limit: 100, ..Default::default() };
        let page = self.alerting.metadata.alerts(&self.tenant, &filter).await.unwrap();
        page.alerts.iter().map(|a| Alert::from_stored(a).unwrap()).collect()
    }

    async fn events(&self, alert: &Alert) -> Vec<String> {
        let events = self.alerting.metadata.alert_events(&self.tenant, &alert.id).await.unwrap();
        events.into_iter().map(|e| e.kind).collect()
    }
}

fn checkout_errors() -> serde_json::Value {
    json!({"name": "checkout errors", "kind": "threshold",
        "query": {"signal": "spans", "service": "checkout", "fn": "error_rate"},
        "condition": {"op": ">", "value": 0.05}, "for": "2m", "keep_firing_for": "0s",
        "interval": "30s", "window": "1m", "severity": "critical",
        "labels": {"team": "payments"}, "annotations": {"summary": "{{service}} errors at {{value}}"}})
}

#[tokio::test]
async fn a_rule_goes_pending_fires_and_resolves_with_the_value_that_caused_each() {
    let r = rig().await;
    let (id, spec) = r.rule(checkout_errors()).await;
    // Minutes 0-3: half of checkout's spans fail; from minute 4: none.
    for minute in 0..6 {
        let errors = if minute < 4 { 10 } else { 0 };
        r.spans("checkout", T0 + minute * MIN, 20, errors).await;
    }
    let at = |minute: i64| T0 + minute * MIN + 59_000;
    r.alerting.evaluate(&r.tenant, &id, &spec, at(0)).await.unwrap();
    let alerts = r.alerts().await;
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].instance.state, State::Pending);
    assert_eq!(alerts[0].instance.value, Some(0.5));
    assert_eq!(alerts[0].labels["team"], "payments");
    assert_eq!(alerts[0].labels["alertname"], "checkout errors");

    r.alerting.evaluate(&r.tenant, &id, &spec, at(1)).await.unwrap();
    assert_eq!(r.alerts().await[0].instance.state, State::Pending, "for 2m has not passed");
    r.alerting.evaluate(&r.tenant, &id, &spec, at(2)).await.unwrap();
    let firing = &r.alerts().await[0];
    assert_eq!(firing.instance.state, State::Firing);
    assert_eq!(firing.status, Status::Open);
    assert_eq!(
        firing.annotations["summary"],
        "<error expanding template: no label \"service\"> errors at 0.5"
    );

    r.alerting.evaluate(&r.tenant, &id, &spec, at(4)).await.unwrap();
    let resolved = &r.alerts().await[0];
    assert_eq!(resolved.instance.state, State::Resolved);
    assert_eq!(resolved.status, Status::Resolved);
    assert_eq!(resolved.instance.resolved_at, Some(at(4)));
    assert_eq!(r.events(resolved).await, ["pending", "firing", "resolved"]);
    let stored = r.alerting.metadata.alert_events(&r.tenant, &resolved.id).await.unwrap();
    let firing_event: serde_json::Value = serde_json::from_str(&stored[1].body).unwrap();
    assert_eq!(firing_event["value"], 0.5);
    assert!(firing_event["query"].as_str().unwrap().contains("error_rate"), "{firing_event}");
}

#[tokio::test]
async fn group_by_service_gives_one_alert_per_service() {
    let r = rig().await;
    let mut body = checkout_errors();
    body["query"] = json!({"signal": "spans", "fn": "error_rate", "group_by": ["service"]});
    body["for"] = json!("0s");
    let (id, spec) = r.rule(body).await;
    r.spans("checkout", T0, 20, 10).await;
    r.spans("payments", T0, 20, 20).await;
    r.spans("catalog", T0, 20, 0).await;
    r.alerting.evaluate(&r.tenant, &id, &spec, T0 + 59_000).await.unwrap();
    let mut firing: Vec<(String, Option<f64>)> =
        r.alerts().await.iter().map(|a| (a.labels["service"].clone(), a.instance.value)).collect();
    firing.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(firing, [("checkout".into(), Some(0.5)), ("payments".into(), Some(1.0))]);
    let summaries: Vec<String> =
        r.alerts().await.iter().map(|a| a.annotations["summary"].clone()).collect();
    assert!(summaries.contains(&"payments errors at 1".to_owned()), "{summaries:?}");
}

#[tokio::test]
async fn no_data_raises_its_own_instance_and_a_count_of_nothing_is_zero() {
    let r = rig().await;
    let mut p99 = checkout_errors();
    p99["name"] = json!("slow checkout");
    p99["query"] = json!({"signal": "spans", "service": "checkout", "fn": "p99"});
    p99["for"] = json!("0s");
    let (id, spec) = r.rule(p99).await;
    r.alerting.evaluate(&r.tenant, &id, &spec, T0).await.unwrap();
    let alerts = r.alerts().await;
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].labels["ophion_state"], "nodata");
    assert_eq!(alerts[0].instance.state, State::Firing);
    assert_eq!(alerts[0].instance.value, None);

    let mut count = checkout_errors();
    count["name"] = json!("checkout failures");
    count["query"] = json!({"signal": "spans", "service": "checkout", "fn": "error_count"});
    count["condition"] = json!({"op": ">=", "value": 0});
    count["for"] = json!("0s");
    let (id, spec) = r.rule(count).await;
    let health = r.alerting.evaluate(&r.tenant, &id, &spec, T0).await.unwrap();
    assert_eq!((health.series, health.holding), (1, 1), "a count of nothing is 0, which is >= 0");
}

#[tokio::test]
async fn an_evaluation_failure_keeps_the_alert_firing_and_raises_one_degraded_alert() {
    let r = rig().await;
    let mut body = checkout_errors();
    body["for"] = json!("0s");
    let (id, spec) = r.rule(body).await;
    r.spans("checkout", T0, 20, 10).await;
    r.alerting.evaluate(&r.tenant, &id, &spec, T0 + 59_000).await.unwrap();
    assert_eq!(r.alerts().await[0].instance.state, State::Firing);

    r.faulty.failing_reads.store(true, Ordering::Relaxed);
    for i in 1..=3 {
        let health =
            r.alerting.evaluate(&r.tenant, &id, &spec, T0 + 59_000 + i * 30_000).await.unwrap();
        assert!(health.last_error.unwrap().contains("injected read failure"));
    }
    let alerts = r.alerts().await;
    let rule_alert = alerts.iter().find(|a| a.rule_id.as_deref() == Some(&id)).unwrap();
    assert_eq!(rule_alert.instance.state, State::Firing, "a failure never resolves");
    let degraded: Vec<&Alert> =
        alerts.iter().filter(|a| a.name == crate::engine::DEGRADED).collect();
    assert_eq!(degraded.len(), 1, "one deduplicated alert: {alerts:#?}");
    assert_eq!(degraded[0].repeat_count, 2);
    assert_eq!(degraded[0].labels["signal"], "spans");

    // Reads work again and find no traffic: the error rate has no value, so the rule's
    // instance resolves, its no-data instance fires, and the degraded alert resolves.
    r.faulty.failing_reads.store(false, Ordering::Relaxed);
    r.alerting.evaluate(&r.tenant, &id, &spec, T0 + 10 * MIN).await.unwrap();
    for alert in r.alerts().await {
        let nodata = alert.labels.get("ophion_state").is_some_and(|s| s == "nodata");
        let expected = if nodata { State::Firing } else { State::Resolved };
        assert_eq!(alert.instance.state, expected, "{alert:#?}");
    }
}

#[tokio::test]
async fn a_label_set_firing_again_soon_reopens_its_alert() {
    let r = rig().await;
    let mut body = checkout_errors();
    body["for"] = json!("0s");
    let (id, spec) = r.rule(body).await;
    r.spans("checkout", T0, 20, 10).await;
    r.spans("checkout", T0 + 2 * MIN, 20, 0).await;
    r.spans("checkout", T0 + 4 * MIN, 20, 10).await;
    for minute in [0, 2, 4] {
        r.alerting.evaluate(&r.tenant, &id, &spec, T0 + minute * MIN + 59_000).await.unwrap();
    }
    let alerts = r.alerts().await;
    assert_eq!(alerts.len(), 1, "{alerts:#?}");
    assert_eq!(alerts[0].repeat_count, 1);
    assert_eq!(alerts[0].instance.state, State::Firing);
    assert_eq!(r.events(&alerts[0]).await, ["firing", "resolved", "repeated"]);
}

#[tokio::test]
async fn an_acknowledgement_survives_evaluations_and_a_manual_resolve_is_recorded() {
    let r = rig().await;
    let mut body = checkout_errors();
    body["for"] = json!("0s");
    let (id, spec) = r.rule(body).await;
    r.spans("checkout", T0, 60, 30).await;
    r.alerting.evaluate(&r.tenant, &id, &spec, T0 + 30_000).await.unwrap();
    let alert_id = r.alerts().await[0].id.clone();
    r.alerting.acknowledge(&r.tenant, &alert_id, "alice", T0 + 40_000).await.unwrap();
    r.alerting.evaluate(&r.tenant, &id, &spec, T0 + 60_000).await.unwrap();
    let alert = &r.alerts().await[0];
    assert_eq!(
        (alert.status, alert.acknowledged_by.as_deref()),
        (Status::Acknowledged, Some("alice"))
    );
    r.alerting.resolve(&r.tenant, &alert_id, "bob", T0 + 70_000).await.unwrap();
    let alert = &r.alerts().await[0];
    assert_eq!((alert.status, alert.resolved_by.as_deref()), (Status::Resolved, Some("bob")));
    let again = r.alerting.acknowledge(&r.tenant, &alert_id, "alice", T0 + 80_000).await;
    assert!(again.unwrap_err().message.contains("already resolved"));
}

#[tokio::test]
async fn outside_alerts_are_deduplicated_and_resolve_when_their_lease_ends() {
    let r = rig().await;
    let incoming = |ends: Option<&str>| {
        let mut alert = json!({"labels": {"alertname": "HighErr", "service": "cart"},
            "annotations": {"summary": "cart is failing"}});
        if let Some(ends) = ends {
            alert["endsAt"] = json!(ends);
        }
        vec![serde_json::from_value::<crate::Incoming>(alert).unwrap()]
    };
    let source = crate::Source::Alertmanager;
    r.alerting.receive(&r.tenant, incoming(None), source, T0).await.unwrap();
    r.alerting.receive(&r.tenant, incoming(None), source, T0 + MIN).await.unwrap();
    let alerts = r.alerts().await;
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].repeat_count, 1);
    assert_eq!(alerts[0].ends_at, Some(T0 + 6 * MIN), "renewed: 5 minutes from the last send");
    r.alerting.expire_leases(&r.tenant, T0 + 5 * MIN).await.unwrap();
    assert_eq!(r.alerts().await[0].instance.state, State::Firing);
    r.alerting.expire_leases(&r.tenant, T0 + 6 * MIN).await.unwrap();
    assert_eq!(r.alerts().await[0].instance.state, State::Resolved);
    // An explicit endsAt in the past resolves a firing one at once.
    r.alerting.receive(&r.tenant, incoming(None), source, T0 + 7 * MIN).await.unwrap();
    let past = crate::time::format(T0 + 7 * MIN);
    r.alerting.receive(&r.tenant, incoming(Some(&past)), source, T0 + 8 * MIN).await.unwrap();
    let newest = &r.alerts().await[0];
    assert_eq!(
        (newest.instance.state, newest.instance.resolved_at),
        (State::Resolved, Some(T0 + 7 * MIN))
    );
}

#[tokio::test]
async fn a_rule_is_evaluated_once_per_period_of_its_interval() {
    let r = rig().await;
    let (_, _) = r.rule(checkout_errors()).await;
    let start = T0 - T0 % 30_000; // the start of one of the rule's 30-second periods
    assert_eq!(r.alerting.tick(start, "one").await.unwrap(), 1);
    assert_eq!(r.alerting.tick(start + 10_000, "one").await.unwrap(), 0, "not due within its 30s");
    assert_eq!(r.alerting.tick(start + 30_000, "one").await.unwrap(), 1);
}

#[test]
fn invalid_rules_name_the_field() {
    let bad = |patch: serde_json::Value| {
        let mut body = checkout_errors();
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        match serde_json::from_value::<RuleSpec>(body) {
            Err(e) => e.to_string(),
            Ok(spec) => spec.check().unwrap_err().message,
        }
    };
    assert!(bad(json!({"interval": "500ms"})).starts_with("interval"));
    assert!(bad(json!({"condition": null})).starts_with("condition"));
    assert!(bad(json!({"query": {"signal": "spans", "fn": "median"}})).starts_with("query.fn"));
    assert!(bad(json!({"query": {"signal": "metrics", "fn": "avg"}})).starts_with("query.metric"));
    assert!(
        bad(json!({"query": {"signal": "logs", "operation": "GET"}}))
            .starts_with("query.operation")
    );
    assert!(bad(json!({"labels": {"bad-name": "x"}})).starts_with("labels"));
    assert!(bad(json!({"name": " "})).starts_with("name"));
    assert!(bad(json!({"kind": "absence"})).starts_with("condition"));
}
