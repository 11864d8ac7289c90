//! Alerting inside `ophion serve`: each due rule is read, its instances stepped (`state`) and
//! the alerts written with the value and query that changed them; alerts sent from outside are
//! taken in and expire with their lease; people acknowledge and resolve. Every instance runs
//! the loop; the store's claim lets exactly one of them evaluate a rule in each of its
//! periods, and all state lives in the metadata store, so a restart resumes where it was.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use ophion_ai::InsightStore;
use ophion_core::{Error, Result, TelemetryStore, TenantId};
use ophion_metadata::{MetadataStore, StoredRule};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::sync::watch;
use utoipa::ToSchema;

use crate::alert::{Alert, Source, Status};
use crate::labels::{Labels, fingerprint, render};
use crate::query::{Sample, read};
use crate::rule::{ErrorPolicy, NoDataPolicy, RuleKind, RuleSpec, Signal};
use crate::state::{Change, Instance, State, Timing, step};

/// Rules evaluated per tick at most; the rest wait for the next tick.
const MAX_RULES_PER_TICK: usize = 256;
const CONCURRENT_EVALUATIONS: usize = 8;
/// A label set that fires again this soon after resolving reopens its alert.
const REOPEN_WITHIN_MS: i64 = 15 * 60_000;
/// Alertmanager's `resolve_timeout`: the lease of an outside alert sent without `endsAt`.
const DEFAULT_LEASE_MS: i64 = 5 * 60_000;
pub const DEGRADED: &str = "OphionEvaluationDegraded";

/// A rule's last evaluation, kept with the rule.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Health {
    #[serde(default, with = "crate::time::rfc3339_opt")]
    #[schema(value_type = Option<String>)]
    pub last_evaluation: Option<i64>,
    pub duration_ms: u64,
    /// Why the last evaluation failed; null when it did not.
    pub last_error: Option<String>,
    /// Groups the query returned.
    pub series: usize,
    /// Of those, the ones whose condition held.
    pub holding: usize,
}

/// What one evaluation found: each group's value and whether the condition holds.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Evaluated {
    pub labels: Labels,
    pub value: Option<f64>,
    pub holds: bool,
}

/// An alert arriving from outside.
#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct Incoming {
    pub labels: Labels,
    #[serde(default)]
    pub annotations: BTreeMap<String, String>,
    #[serde(default, rename = "startsAt", alias = "starts_at")]
    pub starts_at: Option<String>,
    #[serde(default, rename = "endsAt", alias = "ends_at")]
    pub ends_at: Option<String>,
    #[serde(default, rename = "generatorURL", alias = "generator_url")]
    pub generator_url: String,
}

#[derive(Clone)]
pub struct Alerting {
    pub store: Arc<dyn TelemetryStore>,
    pub metadata: MetadataStore,
    pub insights: Arc<InsightStore>,
}

fn ms(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// The labels of a rule's instance: the group's, then the rule's (which win), `alertname` and
/// `severity`.
fn instance_labels(rule: &RuleSpec, group: &Labels) -> Labels {
    let mut labels = group.clone();
    labels.extend(rule.labels.clone());
    labels.insert("alertname".into(), rule.name.clone());
    labels.entry("severity".into()).or_insert_with(|| rule.severity.as_str().into());
    labels
}

/// The query as one line, for an alert's record.
fn describe(rule: &RuleSpec) -> String {
    let query = serde_json::to_string(&rule.query).unwrap_or_default();
    match &rule.condition {
        Some(c) => format!(
            "{query} {} {}",
            serde_json::to_string(&c.op).unwrap_or_default().trim_matches('"'),
            c.value
        ),
        None => format!(
            "{query} ({})",
            serde_json::to_string(&rule.kind).unwrap_or_default().trim_matches('"')
        ),
    }
}

/// Each group's value and whether it holds, from what the query returned.
pub fn judge(rule: &RuleSpec, samples: &[Sample]) -> Vec<Evaluated> {
    match rule.kind {
        RuleKind::Threshold => samples
            .iter()
            .map(|s| Evaluated {
                labels: s.labels.clone(),
                value: Some(s.value),
                holds: rule.condition.is_some_and(|c| c.holds(s.value)),
            })
            .collect(),
        RuleKind::Anomaly => samples
            .iter()
            .map(|s| Evaluated { labels: s.labels.clone(), value: Some(s.value), holds: true })
            .collect(),
        RuleKind::Absence => {
            let found: f64 = samples.iter().map(|s| s.value).sum();
            vec![Evaluated { labels: Labels::new(), value: Some(found), holds: found == 0.0 }]
        }
    }
}

fn state_label(rule: &RuleSpec, state: &str) -> Labels {
    let mut labels = instance_labels(rule, &Labels::new());
    labels.insert("ophion_state".into(), state.into());
    labels
}

impl Alerting {
    /// The rule's value now, without touching any alert: what `preview` shows.
    pub async fn read_now(
        &self,
        tenant: &TenantId,
        rule: &RuleSpec,
        at_ms: i64,
    ) -> Result<Vec<Evaluated>> {
        let at_ns = u64::try_from(at_ms).unwrap_or(0).saturating_mul(1_000_000);
        let samples = read(self.store.as_ref(), &self.insights, tenant, rule, at_ns).await?;
        Ok(judge(rule, &samples))
    }

    /// Evaluates `rule` at `now_ms` and writes what changed. The rule's health is written too.
    pub async fn evaluate(
        &self,
        tenant: &TenantId,
        rule_id: &str,
        rule: &RuleSpec,
        now_ms: i64,
    ) -> Result<Health> {
        let started = std::time::Instant::now();
        let result = self.read_now(tenant, rule, now_ms).await;
        let mut active: BTreeMap<String, Alert> = BTreeMap::new();
        for stored in self.metadata.active_alerts_of_rule(tenant, rule_id).await? {
            let alert = Alert::from_stored(&stored)?;
            active.insert(alert.fingerprint.clone(), alert);
        }
        let mut health = Health { last_evaluation: Some(now_ms), ..Health::default() };
        // The label sets that hold now, with their values; `None`: leave every instance as is.
        let holding: Option<BTreeMap<String, (Labels, Option<f64>)>> = match &result {
            Ok(evaluated) => {
                health.series = evaluated.len();
                let holding: BTreeMap<_, _> = evaluated
                    .iter()
                    .filter(|e| e.holds)
                    .map(|e| {
                        let labels = instance_labels(rule, &e.labels);
                        (fingerprint(&labels), (labels, e.value))
                    })
                    .collect();
                health.holding = holding.len();
                if evaluated.is_empty() && rule.kind == RuleKind::Threshold {
                    match rule.no_data {
                        NoDataPolicy::Nodata => Some(one(state_label(rule, "nodata"))),
                        NoDataPolicy::Ok => Some(BTreeMap::new()),
                        NoDataPolicy::Alerting => Some(keep_all(&active, rule, "nodata")),
                        NoDataPolicy::KeepLast => None,
                    }
                } else {
                    Some(holding)
                }
            }
            Err(err) => {
                health.last_error = Some(err.message.clone());
                match rule.on_error {
                    ErrorPolicy::KeepLast => None,
                    ErrorPolicy::Alerting => Some(keep_all(&active, rule, "error")),
                    ErrorPolicy::Ok => Some(BTreeMap::new()),
                }
            }
        };
        if let Some(holding) = holding {
            self.apply(tenant, rule_id, rule, &mut active, &holding, now_ms).await?;
        }
        health.duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let encoded = serde_json::to_string(&health).unwrap_or_else(|_| "{}".into());
        self.metadata.set_alert_rule_health(tenant, rule_id, &encoded).await?;
        self.degraded(tenant, rule, result.as_ref().err(), now_ms).await?;
        Ok(health)
    }

    async fn apply(
        &self,
        tenant: &TenantId,
        rule_id: &str,
        rule: &RuleSpec,
        active: &mut BTreeMap<String, Alert>,
        holding: &BTreeMap<String, (Labels, Option<f64>)>,
        now_ms: i64,
    ) -> Result<()> {
        let mut instances: BTreeMap<String, Instance> =
            active.iter().map(|(fp, a)| (fp.clone(), a.instance.clone())).collect();
        let values = holding.iter().map(|(fp, (_, v))| (fp.clone(), *v)).collect();
        let timing = Timing { for_ms: ms(rule.for_), keep_firing_for_ms: ms(rule.keep_firing_for) };
        let query = describe(rule);
        for (fp, instance, change) in step(&mut instances, &values, now_ms, timing) {
            let mut alert = match active.remove(&fp) {
                Some(alert) => alert,
                None => {
                    let labels = holding.get(&fp).map(|(l, _)| l.clone()).unwrap_or_default();
                    self.new_alert(rule_id, rule, fp.clone(), labels, &query)
                }
            };
            let changed_value = alert.instance.value != instance.value;
            alert.instance = instance;
            alert.notify.clone_from(&rule.notify);
            alert.annotations = rule
                .annotations
                .iter()
                .map(|(k, v)| (k.clone(), render(v, &alert.labels, alert.instance.value)))
                .collect();
            let detail = json!({"value": alert.instance.value, "query": query}).to_string();
            let event = match change {
                Change::Pending => Some("pending"),
                Change::Firing => {
                    if self.reopen(tenant, &mut alert, now_ms).await? {
                        Some("repeated")
                    } else {
                        Some("firing")
                    }
                }
                Change::Held if !changed_value => continue,
                Change::Held => None,
                Change::KeptFiring if alert.instance.keep_firing_since == Some(now_ms) => {
                    Some("kept_firing")
                }
                Change::KeptFiring => None,
                Change::Resolved => {
                    alert.status = Status::Resolved;
                    Some("resolved")
                }
                Change::Dropped => {
                    self.metadata.delete_alert(tenant, &alert.id).await?;
                    continue;
                }
            };
            let events: Vec<(&str, String)> = event.map(|e| (e, detail)).into_iter().collect();
            self.save(tenant, &alert, &events, now_ms).await?;
        }
        Ok(())
    }

    fn new_alert(
        &self,
        rule_id: &str,
        rule: &RuleSpec,
        fp: String,
        labels: Labels,
        query: &str,
    ) -> Alert {
        let severity =
            labels.get("severity").cloned().unwrap_or_else(|| rule.severity.as_str().into());
        Alert {
            id: String::new(),
            rule_id: Some(rule_id.to_owned()),
            name: rule.name.clone(),
            fingerprint: fp,
            status: Status::Open,
            severity,
            labels,
            annotations: BTreeMap::new(),
            instance: Instance {
                state: State::Pending,
                starts_at: 0,
                fired_at: None,
                keep_firing_since: None,
                resolved_at: None,
                value: None,
            },
            ends_at: None,
            source: Source::Rule,
            repeat_count: 0,
            query: query.to_owned(),
            generator_url: String::new(),
            acknowledged_by: None,
            acknowledged_at: None,
            resolved_by: None,
            notify: rule.notify.clone(),
        }
    }

    /// A label set firing again soon after its alert resolved reopens that alert (one more
    /// repeat) instead of opening another; the pending episode's row gives way to it.
    async fn reopen(&self, tenant: &TenantId, alert: &mut Alert, now_ms: i64) -> Result<bool> {
        let Some(latest) = self.metadata.latest_alert(tenant, &alert.fingerprint).await? else {
            return Ok(false);
        };
        let previous = Alert::from_stored(&latest)?;
        let recent = previous.instance.state == State::Resolved
            && previous.id != alert.id
            && previous.instance.resolved_at.is_some_and(|at| now_ms - at <= REOPEN_WITHIN_MS);
        if !recent {
            return Ok(false);
        }
        if !alert.id.is_empty() {
            self.metadata.delete_alert(tenant, &alert.id).await?;
        }
        alert.id = previous.id;
        alert.repeat_count = previous.repeat_count + 1;
        alert.status = Status::Open;
        alert.acknowledged_by = None;
        alert.acknowledged_at = None;
        alert.resolved_by = None;
        Ok(true)
    }

    /// Writes the alert. What people did meanwhile (acknowledged, resolved by hand) is kept:
    /// the row is read again first, and an alert resolved by hand is left as it is.
    async fn save(
        &self,
        tenant: &TenantId,
        alert: &Alert,
        events: &[(&str, String)],
        now_ms: i64,
    ) -> Result<()> {
        let mut alert = alert.clone();
        if alert.id.is_empty() {
            alert.id = ophion_metadata::new_id(now_ms);
        } else if let Some(stored) = self.metadata.alert(tenant, &alert.id).await? {
            let current = Alert::from_stored(&stored)?;
            if current.resolved_by.is_some() && current.instance.state == State::Resolved {
                return Ok(());
            }
            if alert.status != Status::Resolved && current.status == Status::Acknowledged {
                alert.status = Status::Acknowledged;
                alert.acknowledged_by = current.acknowledged_by;
                alert.acknowledged_at = current.acknowledged_at;
            }
        }
        let decided: Vec<_> =
            events.iter().flat_map(|(kind, _)| crate::notify::decide(&alert, kind)).collect();
        self.metadata.save_alert(tenant, &alert.to_stored(now_ms)?, events, &decided).await
    }

    /// One deduplicated alert per tenant and signal while any of its rules fails to evaluate.
    async fn degraded(
        &self,
        tenant: &TenantId,
        rule: &RuleSpec,
        error: Option<&Error>,
        now_ms: i64,
    ) -> Result<()> {
        let signal =
            serde_json::to_string(&rule.signal()).unwrap_or_default().trim_matches('"').to_owned();
        let labels = Labels::from([
            ("alertname".to_owned(), DEGRADED.to_owned()),
            ("severity".to_owned(), "warning".to_owned()),
            ("signal".to_owned(), signal.clone()),
        ]);
        let fp = fingerprint(&labels);
        let current = match self.metadata.latest_alert(tenant, &fp).await? {
            Some(stored) => Some(Alert::from_stored(&stored)?).filter(Alert::is_active),
            None => None,
        };
        match (error, current) {
            (Some(error), Some(mut alert)) => {
                alert.repeat_count += 1;
                alert
                    .annotations
                    .insert("description".into(), format!("{}: {}", rule.name, error.message));
                self.save(tenant, &alert, &[], now_ms).await
            }
            (Some(error), None) => {
                let summary = format!(
                    "evaluations of {signal} rules are failing; alerts keep their last state"
                );
                let mut alert = self.new_alert("", rule, fp, labels, "");
                alert.rule_id = None;
                alert.name = DEGRADED.into();
                alert.severity = "warning".into();
                alert.source = Source::Ophion;
                alert.notify = Vec::new();
                alert.annotations = BTreeMap::from([
                    ("summary".to_owned(), summary),
                    ("description".to_owned(), format!("{}: {}", rule.name, error.message)),
                ]);
                alert.instance.state = State::Firing;
                alert.instance.starts_at = now_ms;
                alert.instance.fired_at = Some(now_ms);
                let detail = json!({"rule": rule.name, "error": error.message}).to_string();
                self.save(tenant, &alert, &[("firing", detail)], now_ms).await
            }
            (None, Some(mut alert)) => {
                // Resolved only once no rule of the signal still fails.
                let failing =
                    self.metadata.enabled_alert_rules().await?.into_iter().any(|(t, r)| {
                        t == tenant.as_str()
                            && rule_signal(&r) == Some(rule.signal())
                            && last_error(&r)
                    });
                if failing {
                    return Ok(());
                }
                alert.instance.state = State::Resolved;
                alert.instance.resolved_at = Some(now_ms);
                alert.status = Status::Resolved;
                self.save(
                    tenant,
                    &alert,
                    &[("resolved", json!({"rule": rule.name}).to_string())],
                    now_ms,
                )
                .await
            }
            (None, None) => Ok(()),
        }
    }

    /// The rules due at `now_ms` (their period has turned since their last evaluation), each
    /// evaluated by the one instance that claims it, at most [`MAX_RULES_PER_TICK`].
    pub async fn tick(&self, now_ms: i64, holder: &str) -> Result<usize> {
        let rules = self.metadata.enabled_alert_rules().await?;
        let due: Vec<(TenantId, StoredRule, RuleSpec, u64)> = rules
            .into_iter()
            .filter_map(|(tenant, stored)| {
                let tenant = TenantId::new(&tenant).ok()?;
                let spec: RuleSpec = serde_json::from_str(&stored.body).ok()?;
                let interval = ms(spec.interval).max(1);
                let period = u64::try_from(now_ms / interval).ok()?;
                let last: Health = serde_json::from_str(&stored.health).unwrap_or_default();
                let last_period = last.last_evaluation.map_or(-1, |at| at / interval);
                (i64::try_from(period).ok()? > last_period)
                    .then_some((tenant, stored, spec, period))
            })
            .take(MAX_RULES_PER_TICK)
            .collect();
        let evaluated = futures_util::stream::iter(due)
            .map(|(tenant, stored, spec, period)| async move {
                let job = format!("alert-rule/{tenant}/{}", stored.id);
                match self.store.claim(&job, period, holder).await {
                    Ok(true) => {}
                    Ok(false) => return false,
                    Err(err) => {
                        tracing::warn!(%err, rule = stored.id, "alerting: cannot claim the rule's period");
                        return false;
                    }
                }
                if let Err(err) = self.evaluate(&tenant, &stored.id, &spec, now_ms).await {
                    tracing::warn!(%err, rule = stored.id, %tenant, "alerting: cannot record an evaluation");
                }
                true
            })
            .buffer_unordered(CONCURRENT_EVALUATIONS)
            .filter(|done| std::future::ready(*done))
            .count()
            .await;
        Ok(evaluated)
    }

    /// Alerts from outside: a new label set fires, a known one is renewed (one more repeat and
    /// a new lease), one whose `endsAt` has passed resolves.
    pub async fn receive(
        &self,
        tenant: &TenantId,
        incoming: Vec<Incoming>,
        source: Source,
        now_ms: i64,
    ) -> Result<Vec<Alert>> {
        let mut saved = Vec::new();
        for item in incoming {
            if item.labels.is_empty() {
                return Err(Error::invalid("labels: an alert needs at least one label"));
            }
            let time = |field: &str, text: &Option<String>| -> Result<Option<i64>> {
                text.as_deref()
                    .filter(|t| !t.is_empty() && !t.starts_with("0001-01-01"))
                    .map(|t| {
                        crate::time::parse(t).ok_or_else(|| {
                            Error::invalid(format!("{field}: {t:?} is not RFC 3339"))
                        })
                    })
                    .transpose()
            };
            let starts_at = time("startsAt", &item.starts_at)?.unwrap_or(now_ms);
            let ends_at = time("endsAt", &item.ends_at)?.unwrap_or(now_ms + DEFAULT_LEASE_MS);
            let fp = fingerprint(&item.labels);
            let current = match self.metadata.latest_alert(tenant, &fp).await? {
                Some(stored) => Some(Alert::from_stored(&stored)?).filter(Alert::is_active),
                None => None,
            };
            let resolves = ends_at <= now_ms;
            let (alert, event) = match current {
                Some(mut alert) => {
                    alert.annotations = item.annotations;
                    alert.ends_at = Some(ends_at);
                    if resolves {
                        alert.instance.state = State::Resolved;
                        alert.instance.resolved_at = Some(ends_at);
                        alert.status = Status::Resolved;
                        (alert, "resolved")
                    } else {
                        alert.repeat_count += 1;
                        (alert, "repeated")
                    }
                }
                None if resolves => continue,
                None => {
                    let name = item.labels.get("alertname").cloned().unwrap_or_default();
                    let alert = Alert {
                        id: String::new(),
                        rule_id: None,
                        name,
                        fingerprint: fp,
                        status: Status::Open,
                        severity: item
                            .labels
                            .get("severity")
                            .cloned()
                            .unwrap_or_else(|| "warning".into()),
                        labels: item.labels,
                        annotations: item.annotations,
                        instance: Instance {
                            state: State::Firing,
                            starts_at,
                            fired_at: Some(now_ms),
                            keep_firing_since: None,
                            resolved_at: None,
                            value: None,
                        },
                        ends_at: Some(ends_at),
                        source,
                        repeat_count: 0,
                        query: String::new(),
                        generator_url: item.generator_url,
                        acknowledged_by: None,
                        acknowledged_at: None,
                        resolved_by: None,
                        notify: Vec::new(),
                    };
                    (alert, "firing")
                }
            };
            let detail =
                json!({"source": source, "ends_at": crate::time::format(ends_at)}).to_string();
            let mut alert = alert;
            if alert.id.is_empty() {
                alert.id = ophion_metadata::new_id(now_ms);
            }
            self.save(tenant, &alert, &[(event, detail)], now_ms).await?;
            saved.push(alert);
        }
        Ok(saved)
    }

    /// Outside alerts whose lease ran out resolve, as Alertmanager's do.
    pub async fn expire_leases(&self, tenant: &TenantId, now_ms: i64) -> Result<()> {
        for stored in self.metadata.firing_unruled_alerts(tenant).await? {
            let mut alert = Alert::from_stored(&stored)?;
            let Some(ends_at) = alert.ends_at.filter(|&at| at <= now_ms) else { continue };
            alert.instance.state = State::Resolved;
            alert.instance.resolved_at = Some(ends_at);
            alert.status = Status::Resolved;
            let detail = json!({"reason": "its endsAt passed without renewal"}).to_string();
            self.save(tenant, &alert, &[("resolved", detail)], now_ms).await?;
        }
        Ok(())
    }

    pub async fn acknowledge(
        &self,
        tenant: &TenantId,
        id: &str,
        actor: &str,
        now_ms: i64,
    ) -> Result<Option<Alert>> {
        self.by_person(tenant, id, actor, now_ms, Status::Acknowledged).await
    }

    pub async fn resolve(
        &self,
        tenant: &TenantId,
        id: &str,
        actor: &str,
        now_ms: i64,
    ) -> Result<Option<Alert>> {
        self.by_person(tenant, id, actor, now_ms, Status::Resolved).await
    }

    async fn by_person(
        &self,
        tenant: &TenantId,
        id: &str,
        actor: &str,
        now_ms: i64,
        to: Status,
    ) -> Result<Option<Alert>> {
        let Some(stored) = self.metadata.alert(tenant, id).await? else { return Ok(None) };
        let mut alert = Alert::from_stored(&stored)?;
        if alert.status == Status::Resolved {
            return Err(Error::invalid(format!("alert {id} is already resolved")));
        }
        let event = match to {
            Status::Acknowledged => {
                alert.status = Status::Acknowledged;
                alert.acknowledged_by = Some(actor.to_owned());
                alert.acknowledged_at = Some(now_ms);
                "acknowledged"
            }
            _ => {
                alert.status = Status::Resolved;
                alert.resolved_by = Some(actor.to_owned());
                alert.instance.state = State::Resolved;
                alert.instance.resolved_at = Some(now_ms);
                "resolved"
            }
        };
        let detail = json!({"actor": actor}).to_string();
        let decided = crate::notify::decide(&alert, event);
        self.metadata
            .save_alert(tenant, &alert.to_stored(now_ms)?, &[(event, detail)], &decided)
            .await?;
        Ok(Some(alert))
    }

    /// Every second until `stop`: the rules due, then the outside alerts' leases.
    pub async fn run(self, holder: String, mut stop: watch::Receiver<bool>) {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = stop.wait_for(|s| *s) => return,
            }
            let now_ms = ophion_core::time::now_unix_millis();
            if let Err(err) = self.tick(now_ms, &holder).await {
                tracing::warn!(%err, "alerting: cannot read the rules; will retry");
            }
            let tenants = match self.metadata.tenants().await {
                Ok(tenants) => tenants,
                Err(err) => {
                    tracing::warn!(%err, "alerting: cannot list tenants; will retry");
                    continue;
                }
            };
            let default = TenantId::default_tenant();
            let tenants = std::iter::once(default.clone()).chain(
                tenants.iter().filter_map(|t| TenantId::new(t).ok()).filter(|t| *t != default),
            );
            for tenant in tenants {
                if let Err(err) = self.expire_leases(&tenant, now_ms).await {
                    tracing::warn!(%err, %tenant, "alerting: cannot expire alert leases; will retry");
                }
            }
        }
    }
}

fn one(labels: Labels) -> BTreeMap<String, (Labels, Option<f64>)> {
    BTreeMap::from([(fingerprint(&labels), (labels, None))])
}

/// Every active instance held as it is, or one labelled `ophion_state` if none is active.
fn keep_all(
    active: &BTreeMap<String, Alert>,
    rule: &RuleSpec,
    state: &str,
) -> BTreeMap<String, (Labels, Option<f64>)> {
    if active.is_empty() {
        return one(state_label(rule, state));
    }
    active.iter().map(|(fp, a)| (fp.clone(), (a.labels.clone(), a.instance.value))).collect()
}

fn rule_signal(stored: &StoredRule) -> Option<Signal> {
    serde_json::from_str::<RuleSpec>(&stored.body).ok().map(|r| r.signal())
}

fn last_error(stored: &StoredRule) -> bool {
    serde_json::from_str::<Health>(&stored.health).is_ok_and(|h| h.last_error.is_some())
}
