//! Optimization tips as insights: every `tip_interval`, [`crate::tips`]' rules over the last
//! `tip_window` of traces and metric points and over the mined log templates.

use ophion_core::Result;
use ophion_core::query::{Page, TimeRange};
use serde_json::json;

use super::logs::LogState;
use super::{TenantTick, ns};
use crate::insight::{Insight, InsightKind};
use crate::{read, tips};

/// Raises (or refreshes) the tips found now; a tip keeps the start it was first raised with.
pub(super) async fn refresh(tick: &TenantTick<'_>, logs: &LogState) -> Result<()> {
    let (tenant, now_ns) = (tick.tenant, tick.now_ns);
    let config = tips::TipConfig::default();
    let range =
        TimeRange { start_ns: now_ns.saturating_sub(ns(tick.config.tip_window)), end_ns: now_ns };
    let spans = read::spans(tick.query, tenant, range, None, tick.config.tip_spans).await?;
    let mut found = tips::from_traces(&read::traces(spans), &config);
    let mut points = tick.metric_query(range, None);
    points.page = Page::first(tick.config.tip_spans);
    found.extend(tips::from_metrics(&tick.query.metric_points(&points).await?.items, &config));
    for mined in logs.templates() {
        found.extend(tips::noisy_template(
            mined.service,
            &mined.template.text(),
            mined.template.count,
            mined.service_lines,
            &config,
        ));
    }
    for tip in found {
        let subject = format!("{}: {}", tip.rule, tip.subject);
        let id = Insight::id_for(tenant, InsightKind::Tip, &subject, 0);
        let start =
            tick.insights.get(tenant, &id).map_or(range.start_ns, |old| old.start_unix_nano);
        let mut evidence = tip.evidence;
        evidence["rule"] = json!(tip.rule);
        tick.insights.upsert(
            tenant,
            Insight {
                id,
                kind: InsightKind::Tip,
                severity: tip.severity,
                title: tip.title,
                summary: tip.summary,
                service: tip.service,
                subject,
                start_unix_nano: start,
                end_unix_nano: now_ns,
                updated_unix_nano: now_ns,
                evidence,
            },
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testing::{HOUR, Harness, STEP, T0};
    use crate::fixtures::{cart, log};

    #[tokio::test]
    async fn tips_come_from_recent_traces_and_mined_logs_and_keep_their_first_start() {
        let h = Harness::new();
        let upto = T0 + HOUR;
        h.telemetry.add_spans(cart(1, 25, 2, upto - STEP));
        h.telemetry.add_spans(cart(2, 40, 2, T0 - HOUR)); // outside the tip window
        h.telemetry.add_logs((0..1200).map(|i| log("web", upto - STEP + i, 9, "cache miss")));
        let tick = h.tick(upto);
        let mut logs = LogState::default();
        logs.mine(&tick).await.unwrap();
        refresh(&tick, &logs).await.unwrap();

        let tips = h.insights(InsightKind::Tip);
        let rules: Vec<&str> = tips.iter().filter_map(|t| t.evidence["rule"].as_str()).collect();
        assert_eq!(tips.len(), 2, "{tips:#?}");
        assert!(
            rules.contains(&"n_plus_one") && rules.contains(&"noisy_log_template"),
            "{rules:?}"
        );
        let n_plus_one = tips.iter().find(|t| t.evidence["rule"] == "n_plus_one").unwrap();
        assert_eq!(n_plus_one.evidence["max_repetitions"], 25, "the old trace is not sampled");
        let first_start = n_plus_one.start_unix_nano;

        let later = h.tick(upto + HOUR);
        h.telemetry.add_spans(cart(3, 25, 2, upto + HOUR - STEP));
        refresh(&later, &logs).await.unwrap();
        let again = h.insights.get(&h.tenant, &n_plus_one.id).unwrap();
        assert_eq!(again.start_unix_nano, first_start);
        assert_eq!(again.end_unix_nano, later.now_ns);
    }
}
