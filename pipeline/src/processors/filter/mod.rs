//! `filter`: drop spans, log records and data points Ophion should not store — by service,
//! span name, log severity or attribute value — and the scope and resource containers they
//! leave empty. The `dropped` count is exact: one per span, log record or data point removed.

mod config;

pub use config::{AttributeMatch, FilterConfig, SeverityThreshold};

use ophion_core::batch::metric_point_count;
use ophion_core::otlp::common::v1::KeyValue;
use ophion_core::otlp::logs::v1::LogRecord;
use ophion_core::otlp::resource::v1::Resource;
use ophion_core::otlp::trace::v1::Span;
use ophion_core::{Batch, Payload, Signal};
use regex::{Regex, RegexSet};

use super::error::{Error, Result};
use super::{ProcessStats, Processor, walk};

const NAME: &str = "filter";

#[derive(Debug)]
pub struct Filter {
    services: Vec<String>,
    span_names: Option<RegexSet>,
    min_severity: Option<i32>,
    keep_unspecified_severity: bool,
    attributes: Vec<AttributeMatch>,
    traces: bool,
    metrics: bool,
    logs: bool,
}

impl Filter {
    pub fn new(config: &FilterConfig) -> Result<Self> {
        // Compile one by one first so an error names the pattern at fault.
        for pattern in &config.span_names {
            Regex::new(pattern).map_err(|e| Error::regex(NAME, pattern, e))?;
        }
        let span_names = if config.span_names.is_empty() {
            None
        } else {
            let set = RegexSet::new(&config.span_names)
                .map_err(|e| Error::regex(NAME, &config.span_names.join(" | "), e))?;
            Some(set)
        };
        let min_severity = match &config.min_severity {
            None => None,
            Some(threshold) => Some(threshold.number().ok_or_else(|| {
                let given = match threshold {
                    SeverityThreshold::Number(n) => n.to_string(),
                    SeverityThreshold::Name(name) => format!("{name:?}"),
                };
                let message = format!(
                    "`min_severity` {given} is neither a severity number from 1 to 24 nor one \
                     of trace, debug, info, warn, error, fatal"
                );
                Error::invalid(NAME, message)
            })?),
        };
        if config.attributes.iter().any(|m| m.key.is_empty()) {
            return Err(Error::invalid(NAME, "an attribute match has an empty `key`"));
        }
        let enabled = |signal| config.signals.iter().any(|s| s.signal() == signal);
        Ok(Self {
            services: config.services.clone(),
            span_names,
            min_severity,
            keep_unspecified_severity: config.keep_unspecified_severity,
            attributes: config.attributes.clone(),
            traces: enabled(Signal::Traces),
            metrics: enabled(Signal::Metrics),
            logs: enabled(Signal::Logs),
        })
    }

    fn drops_resource(&self, resource: Option<&Resource>) -> bool {
        if !self.services.is_empty()
            && walk::service_name(resource)
                .is_some_and(|name| self.services.iter().any(|s| s == name))
        {
            return true;
        }
        resource.is_some_and(|r| self.drops_attributes(&r.attributes))
    }

    fn drops_attributes(&self, attributes: &[KeyValue]) -> bool {
        self.attributes.iter().any(|m| {
            attributes.iter().any(|kv| kv.key == m.key && m.value.matches(kv.value.as_ref()))
        })
    }

    fn drops_span(&self, span: &Span) -> bool {
        self.span_names.as_ref().is_some_and(|set| set.is_match(&span.name))
            || self.drops_attributes(&span.attributes)
    }

    fn drops_log(&self, log: &LogRecord) -> bool {
        let below = self.min_severity.is_some_and(|min| {
            let unspecified = log.severity_number == 0;
            log.severity_number < min && !(unspecified && self.keep_unspecified_severity)
        });
        below || self.drops_attributes(&log.attributes)
    }
}

impl Processor for Filter {
    fn name(&self) -> &'static str {
        NAME
    }

    fn process(&self, batch: &mut Batch) -> ProcessStats {
        let mut dropped = 0u64;
        let attribute_rules = !self.attributes.is_empty();
        match &mut batch.payload {
            Payload::Traces(req) if self.traces => {
                let item_rules = attribute_rules || self.span_names.is_some();
                req.resource_spans.retain_mut(|rs| {
                    if self.drops_resource(rs.resource.as_ref()) {
                        dropped += rs.scope_spans.iter().map(|s| s.spans.len() as u64).sum::<u64>();
                        return false;
                    }
                    if !item_rules {
                        return true;
                    }
                    let scopes = rs.scope_spans.len();
                    rs.scope_spans.retain_mut(|ss| {
                        let before = ss.spans.len();
                        ss.spans.retain(|span| !self.drops_span(span));
                        dropped += (before - ss.spans.len()) as u64;
                        before == 0 || !ss.spans.is_empty()
                    });
                    scopes == 0 || !rs.scope_spans.is_empty()
                });
            }
            Payload::Logs(req) if self.logs => {
                let item_rules = attribute_rules || self.min_severity.is_some();
                req.resource_logs.retain_mut(|rl| {
                    if self.drops_resource(rl.resource.as_ref()) {
                        let n = rl.scope_logs.iter().map(|s| s.log_records.len() as u64);
                        dropped += n.sum::<u64>();
                        return false;
                    }
                    if !item_rules {
                        return true;
                    }
                    let scopes = rl.scope_logs.len();
                    rl.scope_logs.retain_mut(|sl| {
                        let before = sl.log_records.len();
                        sl.log_records.retain(|log| !self.drops_log(log));
                        dropped += (before - sl.log_records.len()) as u64;
                        before == 0 || !sl.log_records.is_empty()
                    });
                    scopes == 0 || !rl.scope_logs.is_empty()
                });
            }
            Payload::Metrics(req) if self.metrics => {
                req.resource_metrics.retain_mut(|rm| {
                    if self.drops_resource(rm.resource.as_ref()) {
                        let metrics = rm.scope_metrics.iter().flat_map(|s| &s.metrics);
                        dropped +=
                            metrics.map(|m| metric_point_count(m.data.as_ref())).sum::<u64>();
                        return false;
                    }
                    if !attribute_rules {
                        return true;
                    }
                    let scopes = rm.scope_metrics.len();
                    rm.scope_metrics.retain_mut(|sm| {
                        let metrics = sm.metrics.len();
                        sm.metrics.retain_mut(|metric| {
                            let Some(data) = metric.data.as_mut() else {
                                return true;
                            };
                            let before = metric_point_count(Some(data));
                            let removed =
                                walk::retain_points(data, |attrs| !self.drops_attributes(attrs));
                            dropped += removed;
                            before == 0 || removed < before
                        });
                        metrics == 0 || !sm.metrics.is_empty()
                    });
                    scopes == 0 || !rm.scope_metrics.is_empty()
                });
            }
            _ => {}
        }
        ProcessStats { dropped, redacted: 0 }
    }
}

#[cfg(test)]
mod tests {
    use ophion_core::TenantId;
    use ophion_core::otlp::collector::logs::v1::ExportLogsServiceRequest;
    use ophion_core::otlp::collector::metrics::v1::ExportMetricsServiceRequest;
    use ophion_core::otlp::collector::trace::v1::ExportTraceServiceRequest;
    use ophion_core::otlp::logs::v1::{ResourceLogs, ScopeLogs};
    use ophion_core::otlp::metrics::v1::metric::Data;
    use ophion_core::otlp::metrics::v1::{
        Histogram, HistogramDataPoint, Metric, NumberDataPoint, ResourceMetrics, ScopeMetrics, Sum,
    };
    use ophion_core::otlp::trace::v1::{ResourceSpans, ScopeSpans};

    use ophion_testkit::otlp::kv;

    use super::*;
    use crate::processors::config::{ScalarValue, SignalName};

    fn resource(service: &str) -> Option<Resource> {
        Some(Resource { attributes: vec![kv("service.name", service)], ..Default::default() })
    }

    fn span(name: &str) -> Span {
        Span { name: name.into(), ..Default::default() }
    }

    fn resource_spans(service: &str, scopes: Vec<Vec<Span>>) -> ResourceSpans {
        ResourceSpans {
            resource: resource(service),
            scope_spans: scopes
                .into_iter()
                .map(|spans| ScopeSpans { spans, ..Default::default() })
                .collect(),
            ..Default::default()
        }
    }

    fn batch(payload: Payload) -> Batch {
        Batch::new(TenantId::new("t").unwrap(), payload)
    }

    fn traces(resources: Vec<ResourceSpans>) -> Batch {
        batch(Payload::Traces(ExportTraceServiceRequest { resource_spans: resources }))
    }

    fn filter(config: FilterConfig) -> Filter {
        Filter::new(&config).unwrap()
    }

    fn log(severity: i32, attributes: Vec<KeyValue>) -> LogRecord {
        LogRecord { severity_number: severity, attributes, ..Default::default() }
    }

    fn logs(service: &str, records: Vec<LogRecord>) -> Batch {
        batch(Payload::Logs(ExportLogsServiceRequest {
            resource_logs: vec![ResourceLogs {
                resource: resource(service),
                scope_logs: vec![ScopeLogs { log_records: records, ..Default::default() }],
                ..Default::default()
            }],
        }))
    }

    fn point(attributes: Vec<KeyValue>) -> NumberDataPoint {
        NumberDataPoint { attributes, ..Default::default() }
    }

    fn sum_metric(name: &str, points: Vec<NumberDataPoint>) -> Metric {
        Metric {
            name: name.into(),
            data: Some(Data::Sum(Sum { data_points: points, ..Default::default() })),
            ..Default::default()
        }
    }

    fn metrics(service: &str, metrics: Vec<Metric>) -> Batch {
        batch(Payload::Metrics(ExportMetricsServiceRequest {
            resource_metrics: vec![ResourceMetrics {
                resource: resource(service),
                scope_metrics: vec![ScopeMetrics { metrics, ..Default::default() }],
                ..Default::default()
            }],
        }))
    }

    fn span_names(batch: &Batch) -> Vec<String> {
        let Payload::Traces(req) = &batch.payload else { panic!() };
        let scopes = req.resource_spans.iter().flat_map(|r| &r.scope_spans);
        scopes.flat_map(|s| &s.spans).map(|s| s.name.clone()).collect()
    }

    #[test]
    fn listed_services_are_dropped_with_all_their_spans_and_counted() {
        let f = filter(FilterConfig { services: vec!["healthcheck".into()], ..Default::default() });
        let mut batch = traces(vec![
            resource_spans("healthcheck", vec![vec![span("a"), span("b")], vec![span("c")]]),
            resource_spans("checkout", vec![vec![span("d")]]),
        ]);
        let stats = f.process(&mut batch);
        assert_eq!(stats, ProcessStats { dropped: 3, redacted: 0 });
        assert_eq!(span_names(&batch), ["d"]);
        assert_eq!(batch.item_count(), 1);
    }

    #[test]
    fn span_name_patterns_drop_matching_spans_only() {
        let f = filter(FilterConfig {
            span_names: vec!["^GET /health".into(), "^ping$".into()],
            ..Default::default()
        });
        let mut batch = traces(vec![resource_spans(
            "api",
            vec![vec![
                span("GET /healthz"),
                span("GET /orders"),
                span("ping"),
                span("ping pong"),
                span("POST /GET /health"),
            ]],
        )]);
        let stats = f.process(&mut batch);
        assert_eq!(stats.dropped, 2);
        assert_eq!(span_names(&batch), ["GET /orders", "ping pong", "POST /GET /health"]);
    }

    #[test]
    fn emptied_scopes_and_resources_are_removed_but_originally_empty_ones_stay() {
        let f = filter(FilterConfig { span_names: vec!["^drop".into()], ..Default::default() });
        let mut batch = traces(vec![
            resource_spans("a", vec![vec![span("drop 1")], vec![span("keep"), span("drop 2")]]),
            resource_spans("b", vec![vec![span("drop 3")]]),
            resource_spans("c", vec![vec![]]),
        ]);
        let stats = f.process(&mut batch);
        assert_eq!(stats.dropped, 3);
        let Payload::Traces(req) = &batch.payload else { panic!() };
        assert_eq!(req.resource_spans.len(), 2, "resource b emptied and removed; c untouched");
        assert_eq!(req.resource_spans[0].scope_spans.len(), 1);
        assert_eq!(req.resource_spans[0].scope_spans[0].spans.len(), 1);
        assert_eq!(walk::service_name(req.resource_spans[1].resource.as_ref()), Some("c"));
        assert_eq!(req.resource_spans[1].scope_spans.len(), 1);
    }

    #[test]
    fn logs_below_min_severity_are_dropped_including_unspecified_by_default() {
        let f = filter(FilterConfig {
            min_severity: Some(SeverityThreshold::Number(9)),
            ..Default::default()
        });
        let mut batch =
            logs("api", vec![log(5, vec![]), log(9, vec![]), log(17, vec![]), log(0, vec![])]);
        assert_eq!(f.process(&mut batch).dropped, 2);
        assert_eq!(batch.item_count(), 2);

        let f = filter(FilterConfig {
            min_severity: Some(SeverityThreshold::Name("warn".into())),
            keep_unspecified_severity: true,
            ..Default::default()
        });
        let mut batch = logs("api", vec![log(9, vec![]), log(13, vec![]), log(0, vec![])]);
        assert_eq!(f.process(&mut batch).dropped, 1);
        assert_eq!(batch.item_count(), 2);
    }

    #[test]
    fn all_logs_dropped_removes_the_resource() {
        let f = filter(FilterConfig {
            min_severity: Some(SeverityThreshold::Number(13)),
            ..Default::default()
        });
        let mut batch = logs("api", vec![log(1, vec![]), log(9, vec![])]);
        assert_eq!(f.process(&mut batch).dropped, 2);
        let Payload::Logs(req) = &batch.payload else { panic!() };
        assert!(req.resource_logs.is_empty());
    }

    #[test]
    fn attribute_equality_drops_items_and_whole_resources() {
        let f = filter(FilterConfig {
            attributes: vec![
                AttributeMatch {
                    key: "http.route".into(),
                    value: ScalarValue::String("/health".into()),
                },
                AttributeMatch {
                    key: "service.name".into(),
                    value: ScalarValue::String("noisy".into()),
                },
            ],
            ..Default::default()
        });
        let mut health = span("GET");
        health.attributes = vec![kv("http.route", "/health")];
        let mut near_miss = span("GET");
        near_miss.attributes = vec![kv("http.route", "/healthz")];
        let mut batch = traces(vec![
            resource_spans("api", vec![vec![health, near_miss, span("x")]]),
            resource_spans("noisy", vec![vec![span("y"), span("z")]]),
        ]);
        assert_eq!(f.process(&mut batch).dropped, 3);
        assert_eq!(batch.item_count(), 2);

        let mut batch = logs(
            "api",
            vec![log(9, vec![kv("http.route", "/health")]), log(9, vec![kv("http.route", "/")])],
        );
        assert_eq!(f.process(&mut batch).dropped, 1);
    }

    #[test]
    fn data_points_are_dropped_by_attribute_and_emptied_metrics_removed() {
        let f = filter(FilterConfig {
            attributes: vec![AttributeMatch {
                key: "env".into(),
                value: ScalarValue::String("test".into()),
            }],
            ..Default::default()
        });
        let histogram = Metric {
            name: "latency".into(),
            data: Some(Data::Histogram(Histogram {
                data_points: vec![
                    HistogramDataPoint {
                        attributes: vec![kv("env", "test")],
                        ..Default::default()
                    },
                    HistogramDataPoint {
                        attributes: vec![kv("env", "prod")],
                        ..Default::default()
                    },
                ],
                ..Default::default()
            })),
            ..Default::default()
        };
        let mut batch = metrics(
            "api",
            vec![
                sum_metric(
                    "requests",
                    vec![point(vec![kv("env", "test")]), point(vec![kv("env", "test")])],
                ),
                histogram,
                Metric { name: "no data".into(), ..Default::default() },
            ],
        );
        assert_eq!(f.process(&mut batch).dropped, 3);
        let Payload::Metrics(req) = &batch.payload else { panic!() };
        let names: Vec<_> = req.resource_metrics[0].scope_metrics[0]
            .metrics
            .iter()
            .map(|m| m.name.as_str())
            .collect();
        assert_eq!(names, ["latency", "no data"]);
        assert_eq!(batch.item_count(), 1);
    }

    #[test]
    fn dropped_service_counts_every_data_point() {
        let f = filter(FilterConfig { services: vec!["healthcheck".into()], ..Default::default() });
        let mut batch = metrics(
            "healthcheck",
            vec![
                sum_metric("a", vec![point(vec![]), point(vec![])]),
                sum_metric("b", vec![point(vec![])]),
            ],
        );
        assert_eq!(f.process(&mut batch).dropped, 3);
        assert_eq!(batch.item_count(), 0);
        let Payload::Metrics(req) = &batch.payload else { panic!() };
        assert!(req.resource_metrics.is_empty());
    }

    #[test]
    fn signals_not_listed_pass_untouched() {
        let f = filter(FilterConfig {
            services: vec!["healthcheck".into()],
            signals: vec![SignalName::Logs],
            ..Default::default()
        });
        let mut batch = traces(vec![resource_spans("healthcheck", vec![vec![span("a")]])]);
        assert_eq!(f.process(&mut batch).dropped, 0);
        assert_eq!(batch.item_count(), 1);
        let mut batch = logs("healthcheck", vec![log(9, vec![])]);
        assert_eq!(f.process(&mut batch).dropped, 1);
    }

    #[test]
    fn an_empty_filter_keeps_everything() {
        let f = filter(FilterConfig::default());
        let mut batch = traces(vec![resource_spans("a", vec![vec![span("x")], vec![]])]);
        let before = batch.clone();
        assert_eq!(f.process(&mut batch), ProcessStats::default());
        assert_eq!(batch, before);
    }

    #[test]
    fn empty_batches_do_not_panic() {
        let f = filter(FilterConfig {
            services: vec!["a".into()],
            span_names: vec!["b".into()],
            min_severity: Some(SeverityThreshold::Number(9)),
            attributes: vec![AttributeMatch { key: "k".into(), value: ScalarValue::Int(1) }],
            ..Default::default()
        });
        for payload in [
            Payload::Traces(Default::default()),
            Payload::Metrics(Default::default()),
            Payload::Logs(Default::default()),
        ] {
            let mut batch = batch(payload);
            assert_eq!(f.process(&mut batch), ProcessStats::default());
        }
        let mut batch = traces(vec![ResourceSpans::default()]);
        assert_eq!(f.process(&mut batch), ProcessStats::default());
    }

    #[test]
    fn invalid_span_name_regex_is_an_error_naming_processor_and_pattern() {
        let err = Filter::new(&FilterConfig {
            span_names: vec!["ok".into(), "GET (".into()],
            ..Default::default()
        })
        .unwrap_err();
        let message = err.to_string();
        assert!(message.contains("processor `filter`"), "{message}");
        assert!(message.contains("\"GET (\""), "{message}");
    }

    #[test]
    fn out_of_range_severity_is_an_error() {
        for threshold in [SeverityThreshold::Number(0), SeverityThreshold::Name("loud".into())] {
            let err =
                Filter::new(&FilterConfig { min_severity: Some(threshold), ..Default::default() })
                    .unwrap_err();
            assert!(err.to_string().contains("min_severity"), "{err}");
        }
    }
}
