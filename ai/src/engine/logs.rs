//! Log patterns: every service's log bodies go through a streaming [`Miner`], each template's
//! lines are counted per step, and an error template whose volume spikes, or that appears,
//! becomes a `log_pattern` insight.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use ophion_core::Result;
use ophion_core::query::TimeRange;
use ophion_core::time::now_unix_nanos;
use serde_json::json;

use super::{NS, TenantTick, ns};
use crate::insight::{Insight, InsightKind, Severity};
use crate::patterns::{Miner, MinerConfig, Template};
use crate::read;

/// OTLP's first ERROR severity number.
const ERROR_SEVERITY: i32 = 17;

/// Steps of line counts kept per template.
const MAX_TEMPLATE_STEPS: usize = 1440;

/// Templates kept per service: beyond, its logs are not templated text (or not logs).
const MAX_TEMPLATES: usize = 5000;

/// A tenant's mined logs, per service.
#[derive(Default)]
pub(super) struct LogState {
    services: BTreeMap<String, ServiceLogs>,
    /// The end of what was read; 0 before the first read.
    read_until_ns: u64,
}

/// Per service log mining state.
struct ServiceLogs {
    miner: Miner,
    templates: HashMap<u64, TemplateStats>,
    lines: u64,
    /// When mining of this service began (the first bucket read).
    since_ns: u64,
}

impl ServiceLogs {
    fn new(since_ns: u64) -> Self {
        Self {
            miner: Miner::new(MinerConfig::default()),
            templates: HashMap::new(),
            lines: 0,
            since_ns,
        }
    }
}

/// What the engine keeps of one template beside the miner.
#[derive(Default)]
struct TemplateStats {
    max_severity: i32,
    /// Lines per step start.
    lines: BTreeMap<u64, u64>,
    /// The error spike in progress.
    episode: Option<LogEpisode>,
}

struct LogEpisode {
    id: String,
    start_ns: u64,
    last_ns: u64,
    lines: u64,
    /// The template first appeared with it.
    new: bool,
}

/// One mined template of a service, for the tips.
pub(super) struct MinedTemplate<'a> {
    pub service: &'a str,
    pub template: &'a Template,
    /// Lines the service logged since mining began.
    pub service_lines: u64,
}

impl LogState {
    /// Every template mined so far.
    pub(super) fn templates(&self) -> impl Iterator<Item = MinedTemplate<'_>> {
        self.services.iter().flat_map(|(service, logs)| {
            logs.miner.templates().iter().map(move |template| MinedTemplate {
                service,
                template,
                service_lines: logs.lines,
            })
        })
    }

    /// Mines the log lines that arrived since the last tick (the first tick reads back up to
    /// an hour), then looks for error spikes in the steps they fell in.
    pub(super) async fn mine(&mut self, tick: &TenantTick<'_>) -> Result<()> {
        let (upto, step) = (tick.upto, tick.step);
        let from = if self.read_until_ns == 0 {
            upto.saturating_sub(ns(tick.config.lookback).min(3600 * NS))
        } else {
            self.read_until_ns
        };
        if from >= upto {
            return Ok(());
        }
        let range = TimeRange { start_ns: from, end_ns: upto };
        let max_lines = tick.config.max_log_lines;
        let mut lines = read::logs(tick.query, tick.tenant, range, None, None, max_lines).await?;
        lines.reverse();
        self.read_until_ns = upto;
        let mut buckets_seen: BTreeMap<String, BTreeSet<u64>> = BTreeMap::new();
        for line in &lines {
            let logs = self
                .services
                .entry(line.service_name.clone())
                .or_insert_with(|| ServiceLogs::new(from));
            if logs.miner.templates().len() >= MAX_TEMPLATES {
                tracing::warn!(
                    service = line.service_name,
                    "AI engine: too many log templates; mining this service again from scratch"
                );
                *logs = ServiceLogs::new(line.time_unix_nano);
            }
            let id = logs.miner.add(&read::body_text(line), line.time_unix_nano);
            let bucket = line.time_unix_nano / step * step;
            let stats = logs.templates.entry(id).or_default();
            stats.max_severity = stats.max_severity.max(line.severity_number);
            *stats.lines.entry(bucket).or_default() += 1;
            while stats.lines.len() > MAX_TEMPLATE_STEPS {
                stats.lines.pop_first();
            }
            logs.lines += 1;
            buckets_seen.entry(line.service_name.clone()).or_default().insert(bucket);
        }
        for (service, buckets) in buckets_seen {
            let Some(logs) = self.services.get_mut(&service) else { continue };
            for (id, stats) in &mut logs.templates {
                let Some(template) = logs.miner.template(*id) else { continue };
                for &bucket in &buckets {
                    let spike = Spike { service: &service, template, since_ns: logs.since_ns };
                    if let Some(insight) = spike.insight(tick, stats, bucket) {
                        tick.insights.upsert(tick.tenant, insight);
                    }
                }
            }
        }
        Ok(())
    }
}

/// An error template of a service, mined since `since_ns`.
struct Spike<'a> {
    service: &'a str,
    template: &'a Template,
    since_ns: u64,
}

impl Spike<'_> {
    /// The insight for the template's step at `bucket`, when that step spiked (well above
    /// its usual volume) or brought a template never seen since mining began; consecutive
    /// steps that qualify extend one insight.
    fn insight(
        &self,
        tick: &TenantTick<'_>,
        stats: &mut TemplateStats,
        bucket: u64,
    ) -> Option<Insight> {
        let (service, step) = (self.service, tick.step);
        if stats.max_severity < ERROR_SEVERITY {
            return None;
        }
        let count = *stats.lines.get(&bucket)?;
        let before: u64 = stats.lines.range(..bucket).map(|(_, c)| c).sum();
        let usual = before as f64 / (bucket.saturating_sub(self.since_ns) / step).max(1) as f64;
        let floor = tick.config.log_spike_lines;
        let new = before == 0 && bucket >= self.since_ns + 10 * step && count >= floor.min(3);
        let spike = count >= floor && count as f64 > 3.0 * usual + floor as f64;
        if !(spike || new) {
            return None;
        }
        let text = self.template.text();
        let subject = format!("{service}: {text}");
        let episode = match stats.episode.take() {
            Some(mut episode) if episode.last_ns + step == bucket => {
                episode.lines += count;
                episode.last_ns = bucket;
                episode
            }
            _ => LogEpisode {
                id: Insight::id_for(tick.tenant, InsightKind::LogPattern, &subject, bucket),
                start_ns: bucket,
                last_ns: bucket,
                lines: count,
                new,
            },
        };
        let seconds = (bucket + step - episode.start_ns) / NS;
        let insight = Insight {
            id: episode.id.clone(),
            kind: InsightKind::LogPattern,
            severity: if count as f64 > 10.0 * usual.max(1.0) {
                Severity::Critical
            } else {
                Severity::Warning
            },
            title: if episode.new {
                format!("New error log pattern in {service}")
            } else {
                format!("Error log pattern spiked in {service}")
            },
            summary: format!(
                "`{text}` was logged {} times in {seconds} s; before, {usual:.1} times per {} s.",
                episode.lines,
                step / NS
            ),
            service: Some(service.to_owned()),
            subject,
            start_unix_nano: episode.start_ns,
            end_unix_nano: bucket + step,
            updated_unix_nano: now_unix_nanos(),
            evidence: json!({
                "template": text,
                "template_id": crate::patterns::pattern_id(service, &text),
                "lines": episode.lines,
                "lines_in_last_step": count,
                "usual_lines_per_step": usual,
                "first_seen_unix_nano": self.template.first_seen,
                "max_severity": stats.max_severity,
                "examples": self.template.examples,
            }),
        };
        stats.episode = Some(episode);
        Some(insight)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testing::{HOUR, Harness, STEP, T0};
    use crate::fixtures::log;
    use crate::insight::InsightKind;

    const INFO: i32 = 9;
    const ERROR: i32 = 17;

    /// An hour of steady traffic logs for `service`, five lines a step, from `T0`.
    fn steady(h: &Harness, service: &str) {
        for step in 0..12 {
            for i in 0..5 {
                let at = T0 + step * STEP + i * 1_000_000_000;
                h.telemetry.add_logs([log(service, at, INFO, &format!("GET /items/{i} 200"))]);
            }
        }
    }

    #[tokio::test]
    async fn an_error_template_that_appears_is_a_new_pattern() {
        let h = Harness::new();
        steady(&h, "payments");
        let last = T0 + 11 * STEP;
        for order in 0..4 {
            let body = format!("charge failed: gateway timeout after 3000 ms for order {order}");
            h.telemetry.add_logs([log("payments", last + order, ERROR, &body)]);
        }
        let mut logs = LogState::default();
        logs.mine(&h.tick(T0 + HOUR)).await.unwrap();

        let patterns = h.insights(InsightKind::LogPattern);
        assert_eq!(patterns.len(), 1, "{patterns:#?}");
        let pattern = &patterns[0];
        assert_eq!(pattern.title, "New error log pattern in payments");
        assert_eq!(
            pattern.evidence["template"],
            "charge failed: gateway timeout after <*> ms for order <*>"
        );
        assert_eq!(pattern.evidence["lines"], 4);
        assert_eq!((pattern.start_unix_nano, pattern.end_unix_nano), (last, last + STEP));
        assert_eq!(pattern.service.as_deref(), Some("payments"));
    }

    #[tokio::test]
    async fn an_error_template_that_spikes_is_raised_and_grows_over_consecutive_steps() {
        let h = Harness::new();
        steady(&h, "db");
        let reset = |at: u64| log("db", at, ERROR, "connection reset by peer");
        h.telemetry.add_logs((0..11).map(|step| reset(T0 + step * STEP)));
        let last = T0 + 11 * STEP;
        h.telemetry.add_logs((0..40).map(|i| reset(last + i)));
        let mut logs = LogState::default();
        logs.mine(&h.tick(T0 + HOUR)).await.unwrap();

        let patterns = h.insights(InsightKind::LogPattern);
        assert_eq!(patterns.len(), 1, "only the error template: {patterns:#?}");
        assert_eq!(patterns[0].title, "Error log pattern spiked in db");
        assert_eq!(patterns[0].severity, Severity::Critical, "40 against about 1 a step");
        assert_eq!(patterns[0].evidence["lines"], 40);

        // The next step spikes too: the same insight, longer, with both steps' lines.
        h.telemetry.add_logs((0..30).map(|i| reset(T0 + HOUR + i)));
        logs.mine(&h.tick(T0 + HOUR + STEP)).await.unwrap();
        let grown = h.insights(InsightKind::LogPattern);
        assert_eq!(grown.len(), 1, "{grown:#?}");
        assert_eq!(grown[0].id, patterns[0].id);
        assert_eq!(grown[0].evidence["lines"], 70);
        assert_eq!(grown[0].end_unix_nano, T0 + HOUR + STEP);
    }

    #[tokio::test]
    async fn info_templates_never_become_insights_and_templates_are_kept_per_service() {
        let h = Harness::new();
        steady(&h, "web");
        steady(&h, "api");
        let last = T0 + 11 * STEP;
        h.telemetry.add_logs((0..200).map(|i| log("web", last + i, INFO, "cache miss")));
        let mut logs = LogState::default();
        logs.mine(&h.tick(T0 + HOUR)).await.unwrap();
        assert!(h.insights(InsightKind::LogPattern).is_empty());
        let mined: Vec<(&str, String, u64)> =
            logs.templates().map(|m| (m.service, m.template.text(), m.service_lines)).collect();
        assert!(mined.contains(&("web", "cache miss".to_string(), 260)), "{mined:#?}");
        assert!(mined.contains(&("api", "GET <*>".to_string(), 60)), "{mined:#?}");
    }
}
