//! Reads a rule's query over its window: one value per group (the whole query when it has no
//! `group_by`). Aggregates the stores keep (service RED figures, log histograms, metric
//! series) answer what they can; a query they cannot (attribute filters, a group by attribute,
//! p75/p90 of spans) scans the matching rows, at most [`MAX_SCAN`] of them, and fails beyond
//! that rather than answer from part of the window.
//!
//! A count of nothing is zero: an ungrouped `count`, `rate` or `error_count` answers 0 where
//! nothing matched, as "errors > 5" means. Everything else (a percentile, an error rate without
//! traffic, a metric never sent) answers no value at all, which the rule's `no_data` decides.

use std::collections::BTreeMap;

use ophion_ai::InsightStore;
use ophion_ai::insight::InsightFilter;
use ophion_core::query::{
    AttributeFilter, LogQuery, MetricQuery, Page, RedQuery, SeriesFunction, SeriesQuery, SpanQuery,
    SpanSort, StatusFilter, TelemetryQuery, TimeRange,
};
use ophion_core::{Error, Result, TenantId};
use serde_json::Value;

use crate::rule::{RuleQuery, RuleSpec, Signal};

/// The most rows one evaluation scans.
pub const MAX_SCAN: usize = 20_000;
const SCAN_PAGE: usize = 1_000;

/// One group's value.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    /// The group's key values (`service`, `operation`, attribute keys); empty when ungrouped.
    pub labels: BTreeMap<String, String>,
    pub value: f64,
}

/// What the rule's query answers at `at_ns` over `[at − window, at)`.
pub async fn read(
    store: &dyn TelemetryQuery,
    insights: &InsightStore,
    tenant: &TenantId,
    rule: &RuleSpec,
    at_ns: u64,
) -> Result<Vec<Sample>> {
    let window = u64::try_from(rule.window.as_nanos()).unwrap_or(u64::MAX).max(1);
    let range = TimeRange { start_ns: at_ns.saturating_sub(window), end_ns: at_ns };
    let q = &rule.query;
    match rule.signal() {
        Signal::Spans => spans(store, tenant, q, range).await,
        Signal::Logs => logs(store, tenant, q, range).await,
        Signal::Metrics => metrics(store, tenant, q, range).await,
        Signal::Insights => Ok(insight_samples(insights, tenant, q, range)),
    }
}

fn attribute_filters(q: &RuleQuery) -> Vec<AttributeFilter> {
    q.attributes
        .iter()
        .map(|(key, value)| AttributeFilter { key: key.clone(), value: value.clone() })
        .collect()
}

fn seconds(range: TimeRange) -> f64 {
    (range.end_ns - range.start_ns) as f64 / 1e9
}

/// Span figures of one group.
#[derive(Default)]
struct SpanGroup {
    count: u64,
    errors: u64,
    /// Durations in ms, when scanned.
    durations: Vec<f64>,
    /// Percentiles the store computed (p50, p95, p99), when read from aggregates.
    percentiles: Option<[f64; 3]>,
}

impl SpanGroup {
    fn value(&mut self, function: &str, range: TimeRange) -> Option<f64> {
        match function {
            "count" => Some(self.count as f64),
            "error_count" => Some(self.errors as f64),
            "rate" => Some(self.count as f64 / seconds(range)),
            "error_rate" => (self.count > 0).then(|| self.errors as f64 / self.count as f64),
            percentile => {
                let q: u8 = percentile.trim_start_matches('p').parse().ok()?;
                if let Some([p50, p95, p99]) = self.percentiles {
                    return match q {
                        50 => Some(p50),
                        95 => Some(p95),
                        99 => Some(p99),
                        _ => None,
                    };
                }
                quantile(&mut self.durations, f64::from(q) / 100.0)
            }
        }
    }
}

/// The nearest-rank quantile.
fn quantile(values: &mut [f64], q: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
    Some(values[rank - 1])
}

fn is_counting(function: &str) -> bool {
    matches!(function, "count" | "rate" | "error_count")
}

async fn spans(
    store: &dyn TelemetryQuery,
    tenant: &TenantId,
    q: &RuleQuery,
    range: TimeRange,
) -> Result<Vec<Sample>> {
    let function = q.function.as_deref().unwrap_or("count");
    let aggregated = q.attributes.is_empty()
        && q.status.is_none()
        && !matches!(function, "p75" | "p90")
        && match q.group_by.as_slice() {
            [] => q.service.is_some() || (q.operation.is_none() && is_counting(function)),
            [key] if key == "service" => q.operation.is_none(),
            [key] if key == "operation" => q.service.is_some(),
            _ => false,
        };
    let mut groups = if aggregated {
        span_aggregates(store, tenant, q, range).await?
    } else {
        span_scan(store, tenant, q, range).await?
    };
    if q.group_by.is_empty() && groups.is_empty() && is_counting(function) {
        groups.insert(BTreeMap::new(), SpanGroup::default());
    }
    Ok(groups
        .into_iter()
        .filter_map(|(labels, mut group)| {
            group.value(function, range).map(|value| Sample { labels, value })
        })
        .collect())
}

type Groups<T> = BTreeMap<BTreeMap<String, String>, T>;

async fn span_aggregates(
    store: &dyn TelemetryQuery,
    tenant: &TenantId,
    q: &RuleQuery,
    range: TimeRange,
) -> Result<Groups<SpanGroup>> {
    let mut groups = Groups::<SpanGroup>::new();
    let by_service = q.group_by.first().is_some_and(|k| k == "service");
    match &q.service {
        Some(service) if !by_service => {
            let query = RedQuery {
                tenant: tenant.clone(),
                service: service.clone(),
                range,
                step_ns: range.end_ns - range.start_ns,
                by_operation: q.operation.is_some() || !q.group_by.is_empty(),
            };
            for row in store.red_series(&query).await? {
                if q.operation.as_ref().is_some_and(|op| *op != row.operation) {
                    continue;
                }
                let labels = if q.group_by.is_empty() {
                    BTreeMap::new()
                } else {
                    BTreeMap::from([("operation".to_owned(), row.operation.clone())])
                };
                let group = groups.entry(labels).or_default();
                group.count += row.point.span_count;
                group.errors += row.point.error_count;
                let p = &row.point;
                // One bucket spans the window; should the store split it, the worst one speaks.
                let [p50, p95, p99] = group.percentiles.unwrap_or_default();
                group.percentiles = Some([p50.max(p.p50_ms), p95.max(p.p95_ms), p99.max(p.p99_ms)]);
            }
        }
        _ => {
            for service in store.services(tenant, range).await? {
                if q.service.as_ref().is_some_and(|s| *s != service.name) {
                    continue;
                }
                let labels = if by_service {
                    BTreeMap::from([("service".to_owned(), service.name.clone())])
                } else {
                    BTreeMap::new()
                };
                let group = groups.entry(labels).or_default();
                group.count += service.span_count;
                group.errors += service.error_count;
                if by_service {
                    group.percentiles = Some([service.p50_ms, service.p95_ms, service.p99_ms]);
                }
            }
        }
    }
    Ok(groups)
}

/// The group a row belongs to: `service`, `operation`, or an attribute (the row's own, else
/// its resource's; empty when it has neither).
fn group_of(
    keys: &[String],
    service: &str,
    operation: &str,
    attributes: &BTreeMap<String, Value>,
    resource: &BTreeMap<String, Value>,
) -> BTreeMap<String, String> {
    keys.iter()
        .map(|key| {
            let value = match key.as_str() {
                "service" => service.to_owned(),
                "operation" => operation.to_owned(),
                key => match attributes.get(key).or_else(|| resource.get(key)) {
                    Some(Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                    None => String::new(),
                },
            };
            (key.clone(), value)
        })
        .collect()
}

fn too_many(what: &str) -> Error {
    Error::invalid(format!(
        "the window holds more than {MAX_SCAN} matching {what}: narrow the query (a service, \
         fewer groups) or shorten the window"
    ))
}

async fn span_scan(
    store: &dyn TelemetryQuery,
    tenant: &TenantId,
    q: &RuleQuery,
    range: TimeRange,
) -> Result<Groups<SpanGroup>> {
    let mut query = SpanQuery {
        tenant: tenant.clone(),
        range,
        service: q.service.clone(),
        operation: q.operation.clone(),
        min_duration_ns: None,
        max_duration_ns: None,
        status: q
            .status
            .as_deref()
            .map(|s| if s == "error" { StatusFilter::Error } else { StatusFilter::Ok }),
        trace_id: None,
        attributes: attribute_filters(q),
        sort: SpanSort::Newest,
        page: Page::first(SCAN_PAGE),
    };
    let mut groups = Groups::<SpanGroup>::new();
    let mut scanned = 0;
    loop {
        let page = store.search_spans(&query).await?;
        scanned += page.items.len();
        if scanned > MAX_SCAN {
            return Err(too_many("spans"));
        }
        for span in &page.items {
            let labels = group_of(
                &q.group_by,
                &span.service_name,
                &span.name,
                &span.attributes,
                &span.resource_attributes,
            );
            let group = groups.entry(labels).or_default();
            group.count += 1;
            group.errors += u64::from(span.status_code == "error");
            group.durations.push(span.duration_ns as f64 / 1e6);
        }
        match page.next {
            Some(next) => query.page = Page { limit: SCAN_PAGE, after: Some(next) },
            None => return Ok(groups),
        }
    }
}

fn log_query(tenant: &TenantId, q: &RuleQuery, range: TimeRange, limit: usize) -> LogQuery {
    LogQuery {
        tenant: tenant.clone(),
        range,
        service: q.service.clone(),
        text: q.text.clone(),
        min_severity: q.min_severity.as_deref().and_then(ophion_core::query::log_severity),
        trace_id: None,
        attributes: attribute_filters(q),
        page: Page::first(limit),
    }
}

async fn logs(
    store: &dyn TelemetryQuery,
    tenant: &TenantId,
    q: &RuleQuery,
    range: TimeRange,
) -> Result<Vec<Sample>> {
    let per_second = q.function.as_deref() == Some("rate");
    let value = |count: u64| if per_second { count as f64 / seconds(range) } else { count as f64 };
    if q.group_by.is_empty() {
        let query = log_query(tenant, q, range, 1);
        let buckets = store.log_histogram(&query, range.end_ns - range.start_ns).await?;
        let count = buckets.iter().map(|b| b.count).sum();
        return Ok(vec![Sample { labels: BTreeMap::new(), value: value(count) }]);
    }
    let mut query = log_query(tenant, q, range, SCAN_PAGE);
    let mut counts = Groups::<u64>::new();
    let mut scanned = 0;
    loop {
        let page = store.search_logs(&query).await?;
        scanned += page.items.len();
        if scanned > MAX_SCAN {
            return Err(too_many("log records"));
        }
        for record in &page.items {
            let labels = group_of(
                &q.group_by,
                &record.service_name,
                "",
                &record.attributes,
                &record.resource_attributes,
            );
            *counts.entry(labels).or_default() += 1;
        }
        match page.next {
            Some(next) => query.page = Page { limit: SCAN_PAGE, after: Some(next) },
            None => break,
        }
    }
    Ok(counts.into_iter().map(|(labels, count)| Sample { labels, value: value(count) }).collect())
}

fn series_function(name: &str) -> SeriesFunction {
    match name {
        "sum" => SeriesFunction::Sum,
        "min" => SeriesFunction::Min,
        "max" => SeriesFunction::Max,
        "count" => SeriesFunction::Count,
        "rate" => SeriesFunction::Rate,
        p if p.starts_with('p') => SeriesFunction::Quantile(p[1..].parse().unwrap_or(50)),
        _ => SeriesFunction::Avg,
    }
}

async fn metrics(
    store: &dyn TelemetryQuery,
    tenant: &TenantId,
    q: &RuleQuery,
    range: TimeRange,
) -> Result<Vec<Sample>> {
    let metric = MetricQuery {
        tenant: tenant.clone(),
        range,
        name: q.metric.clone(),
        service: q.service.clone(),
        attributes: attribute_filters(q),
        page: Page::first(SCAN_PAGE),
    };
    let function = series_function(q.function.as_deref().unwrap_or("avg"));
    let mut groups = vec![(BTreeMap::new(), metric.clone())];
    if !q.group_by.is_empty() {
        // The groups present in the window, then one series read each.
        let mut seen = Groups::<()>::new();
        let mut query = metric.clone();
        let mut scanned = 0;
        loop {
            let page = store.metric_points(&query).await?;
            scanned += page.items.len();
            if scanned > MAX_SCAN {
                return Err(too_many("metric points"));
            }
            for point in &page.items {
                let labels = group_of(
                    &q.group_by,
                    &point.service_name,
                    "",
                    &point.attributes,
                    &point.resource_attributes,
                );
                seen.insert(labels, ());
            }
            match page.next {
                Some(next) => query.page = Page { limit: SCAN_PAGE, after: Some(next) },
                None => break,
            }
        }
        groups = seen
            .into_keys()
            .map(|labels| {
                let mut query = metric.clone();
                for (key, value) in &labels {
                    if key == "service" {
                        query.service = Some(value.clone());
                    } else {
                        query
                            .attributes
                            .push(AttributeFilter { key: key.clone(), value: value.clone() });
                    }
                }
                (labels, query)
            })
            .collect();
    }
    let mut samples = Vec::new();
    for (labels, metric) in groups {
        let series = SeriesQuery { metric, step_ns: range.end_ns - range.start_ns, function };
        let points = store.metric_series(&series).await?;
        if let Some(point) = points.last().filter(|p| p.value.is_finite()) {
            samples.push(Sample { labels, value: point.value });
        }
    }
    Ok(samples)
}

/// Matching insights open in the window: one sample each (labelled by service, kind and
/// subject and id, valued by severity: 1 info, 2 warning, 3 critical), or their count per service.
fn insight_samples(
    insights: &InsightStore,
    tenant: &TenantId,
    q: &RuleQuery,
    range: TimeRange,
) -> Vec<Sample> {
    let filter = InsightFilter {
        kind: Some(
            q.insight_kind
                .as_deref()
                .and_then(ophion_ai::InsightKind::parse)
                .unwrap_or(ophion_ai::InsightKind::Anomaly),
        ),
        service: q.service.clone(),
        min_severity: q.min_severity.as_deref().and_then(ophion_ai::Severity::parse),
        start_unix_nano: Some(range.start_ns),
        end_unix_nano: Some(range.end_ns),
    };
    let found = insights.list(tenant, &filter, None, MAX_SCAN).insights;
    if q.group_by.is_empty() {
        return found
            .into_iter()
            .map(|i| Sample {
                labels: BTreeMap::from([
                    ("service".to_owned(), i.service.clone().unwrap_or_default()),
                    ("subject".to_owned(), i.subject.clone()),
                    ("insight_id".to_owned(), i.id.clone()),
                ]),
                value: match i.severity {
                    ophion_ai::Severity::Info => 1.0,
                    ophion_ai::Severity::Warning => 2.0,
                    ophion_ai::Severity::Critical => 3.0,
                },
            })
            .collect();
    }
    let mut counts = Groups::<u64>::new();
    for insight in found {
        let service = insight.service.unwrap_or_default();
        *counts.entry(BTreeMap::from([("service".to_owned(), service)])).or_default() += 1;
    }
    counts.into_iter().map(|(labels, n)| Sample { labels, value: n as f64 }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_quantiles() {
        let mut v = vec![5.0, 1.0, 4.0, 2.0, 3.0];
        assert_eq!(quantile(&mut v, 0.5), Some(3.0));
        assert_eq!(quantile(&mut v, 0.99), Some(5.0));
        assert_eq!(quantile(&mut v, 0.0), Some(1.0));
        assert_eq!(quantile(&mut [], 0.5), None);
    }
}
