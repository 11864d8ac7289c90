//! The walk: every string of a batch that redaction scans (span and event names, status
//! messages, log bodies, attribute values, recursively through arrays and maps) and every
//! attribute list whose keys the key policy decides.

use ophion_core::Payload;
use ophion_core::otlp::common::v1::any_value::Value;
use ophion_core::otlp::common::v1::{AnyValue, InstrumentationScope, KeyValue};
use ophion_core::otlp::logs::v1::LogRecord;
use ophion_core::otlp::metrics::v1::Metric;
use ophion_core::otlp::resource::v1::Resource;
use ophion_core::otlp::trace::v1::Span;

use super::Redact;
use super::keys::KeyVerdict;
use crate::processors::walk;

/// Values nested deeper than this are replaced whole rather than walked.
const MAX_DEPTH: usize = 64;

impl Redact {
    /// Redacts every value of `payload` in place; returns how many changed.
    pub(super) fn payload(&self, payload: &mut Payload) -> u64 {
        let mut redacted = 0;
        match payload {
            Payload::Traces(req) => {
                for rs in &mut req.resource_spans {
                    redacted += self.resource(rs.resource.as_mut());
                    for ss in &mut rs.scope_spans {
                        redacted += self.scope(ss.scope.as_mut());
                        redacted += ss.spans.iter_mut().map(|span| self.span(span)).sum::<u64>();
                    }
                }
            }
            Payload::Logs(req) => {
                for rl in &mut req.resource_logs {
                    redacted += self.resource(rl.resource.as_mut());
                    for sl in &mut rl.scope_logs {
                        redacted += self.scope(sl.scope.as_mut());
                        redacted += sl.log_records.iter_mut().map(|log| self.log(log)).sum::<u64>();
                    }
                }
            }
            Payload::Metrics(req) => {
                for rm in &mut req.resource_metrics {
                    redacted += self.resource(rm.resource.as_mut());
                    for sm in &mut rm.scope_metrics {
                        redacted += self.scope(sm.scope.as_mut());
                        redacted += sm.metrics.iter_mut().map(|m| self.metric(m)).sum::<u64>();
                    }
                }
            }
        }
        redacted
    }

    /// Redacts one string in place; 1 when it changed.
    fn string(&self, text: &mut String) -> u64 {
        match self.redact_text(text) {
            Some(redacted) => {
                *text = redacted;
                1
            }
            None => 0,
        }
    }

    fn attributes(&self, attributes: &mut [KeyValue], depth: usize) -> u64 {
        let mut count = 0;
        for kv in attributes {
            let Some(value) = kv.value.as_mut() else { continue };
            count += match self.keys.verdict(&kv.key) {
                KeyVerdict::Allow => 0,
                KeyVerdict::Deny => self.replace_whole(value),
                KeyVerdict::Scan => self.value(value, depth),
            };
        }
        count
    }

    fn value(&self, value: &mut AnyValue, depth: usize) -> u64 {
        if depth > MAX_DEPTH {
            return self.replace_whole(value);
        }
        match &mut value.value {
            Some(Value::StringValue(s)) => self.string(s),
            Some(Value::ArrayValue(array)) => {
                array.values.iter_mut().map(|v| self.value(v, depth + 1)).sum()
            }
            Some(Value::KvlistValue(map)) => self.attributes(&mut map.values, depth + 1),
            Some(Value::BytesValue(bytes)) => {
                // Bytes are often text in disguise; scan them when they are UTF-8.
                let redacted = std::str::from_utf8(bytes).ok().and_then(|t| self.redact_text(t));
                match redacted {
                    Some(text) => {
                        *bytes = text.into_bytes();
                        1
                    }
                    None => 0,
                }
            }
            Some(
                Value::BoolValue(_)
                | Value::IntValue(_)
                | Value::DoubleValue(_)
                | Value::StringValueStrindex(_),
            )
            | None => 0,
        }
    }

    /// Replaces a value of any type with the replacement text; 0 when it already is that.
    fn replace_whole(&self, value: &mut AnyValue) -> u64 {
        match &value.value {
            None => 0,
            Some(Value::StringValue(s)) if *s == self.replacement => 0,
            Some(_) => {
                value.value = Some(Value::StringValue(self.replacement.clone()));
                1
            }
        }
    }

    fn resource(&self, resource: Option<&mut Resource>) -> u64 {
        resource.map_or(0, |r| self.attributes(&mut r.attributes, 0))
    }

    fn scope(&self, scope: Option<&mut InstrumentationScope>) -> u64 {
        scope.map_or(0, |s| self.attributes(&mut s.attributes, 0))
    }

    fn span(&self, span: &mut Span) -> u64 {
        let mut count = self.string(&mut span.name) + self.attributes(&mut span.attributes, 0);
        for event in &mut span.events {
            count += self.string(&mut event.name) + self.attributes(&mut event.attributes, 0);
        }
        for link in &mut span.links {
            count += self.attributes(&mut link.attributes, 0);
        }
        if let Some(status) = span.status.as_mut() {
            count += self.string(&mut status.message);
        }
        count
    }

    fn log(&self, log: &mut LogRecord) -> u64 {
        let body = log.body.as_mut().map_or(0, |body| self.value(body, 0));
        body + self.attributes(&mut log.attributes, 0)
    }

    fn metric(&self, metric: &mut Metric) -> u64 {
        let mut count = self.attributes(&mut metric.metadata, 0);
        if let Some(data) = metric.data.as_mut() {
            walk::for_each_point_attributes(data, |attrs| count += self.attributes(attrs, 0));
            walk::for_each_exemplar_attributes(data, |attrs| count += self.attributes(attrs, 0));
        }
        count
    }
}

#[cfg(test)]
mod tests {
    use ophion_core::otlp::collector::logs::v1::ExportLogsServiceRequest;
    use ophion_core::otlp::collector::metrics::v1::ExportMetricsServiceRequest;
    use ophion_core::otlp::collector::trace::v1::ExportTraceServiceRequest;
    use ophion_core::otlp::common::v1::{ArrayValue, KeyValueList};
    use ophion_core::otlp::logs::v1::{ResourceLogs, ScopeLogs};
    use ophion_core::otlp::metrics::v1::metric::Data;
    use ophion_core::otlp::metrics::v1::{
        Exemplar, Gauge, NumberDataPoint, ResourceMetrics, ScopeMetrics,
    };
    use ophion_core::otlp::trace::v1::span::{Event, Link};
    use ophion_core::otlp::trace::v1::{ResourceSpans, ScopeSpans, Status};
    use ophion_testkit::otlp::kv;

    use super::*;
    use crate::processors::redact::RedactConfig;
    use crate::processors::redact::tests::{
        JWT, batch, first_span, redact, redact_attribute, s, span_batch, string_of, with,
    };
    use crate::processors::{ProcessStats, Processor};

    #[test]
    fn deny_listed_keys_lose_their_whole_value_whatever_its_type() {
        let p = redact();
        let (n, value) = redact_attribute(&p, "authorization", s("anything at all"));
        assert_eq!((n, string_of(&value)), (1, "[REDACTED]"));
        let (n, value) =
            redact_attribute(&p, "Cookie", AnyValue { value: Some(Value::IntValue(42)) });
        assert_eq!((n, string_of(&value)), (1, "[REDACTED]"));
        let array = AnyValue {
            value: Some(Value::ArrayValue(ArrayValue { values: vec![s("a"), s("b")] })),
        };
        let (n, value) = redact_attribute(&p, "set-cookie", array);
        assert_eq!((n, string_of(&value)), (1, "[REDACTED]"));
    }

    #[test]
    fn clean_values_are_not_copied_or_counted() {
        let p = redact();
        for text in [
            "",
            "GET /api/v1/orders/12345",
            "SELECT * FROM users WHERE id = $1",
            "user alice@example.com logged in",
            "https://example.com/a?b=c",
            "ts=1718000000000 took 12 ms",
            "ünïcödé ✓ text 4111",
        ] {
            assert_eq!(p.redact_text(text), None, "{text}");
        }
        let mut batch = span_batch(Span {
            name: "GET /".into(),
            attributes: vec![
                kv("http.method", s("GET")),
                kv("http.status_code", AnyValue { value: Some(Value::IntValue(200)) }),
            ],
            ..Default::default()
        });
        let before = batch.clone();
        assert_eq!(p.process(&mut batch), ProcessStats::default());
        assert_eq!(batch, before);
    }

    #[test]
    fn nested_maps_and_arrays_are_walked_with_deny_keys_inside() {
        let nested = AnyValue {
            value: Some(Value::KvlistValue(KeyValueList {
                values: vec![
                    kv(
                        "headers",
                        AnyValue {
                            value: Some(Value::KvlistValue(KeyValueList {
                                values: vec![
                                    kv("Authorization", s("Basic dXNlcjpwYXNz")),
                                    kv("accept", s("json")),
                                ],
                            })),
                        },
                    ),
                    kv(
                        "cards",
                        AnyValue {
                            value: Some(Value::ArrayValue(ArrayValue {
                                values: vec![
                                    s("4111111111111111"),
                                    s("none"),
                                    s("5555555555554444"),
                                ],
                            })),
                        },
                    ),
                ],
            })),
        };
        let (n, value) = redact_attribute(&redact(), "request", nested);
        assert_eq!(n, 3);
        let Some(Value::KvlistValue(map)) = value.and_then(|v| v.value) else { panic!() };
        let Some(Value::KvlistValue(headers)) = map.values[0].value.clone().and_then(|v| v.value)
        else {
            panic!()
        };
        assert_eq!(string_of(&headers.values[0].value), "[REDACTED]");
        assert_eq!(string_of(&headers.values[1].value), "json");
        let Some(Value::ArrayValue(cards)) = map.values[1].value.clone().and_then(|v| v.value)
        else {
            panic!()
        };
        let texts: Vec<_> =
            cards.values.into_iter().map(|v| string_of(&Some(v)).to_owned()).collect();
        assert_eq!(texts, ["[REDACTED:card]", "none", "[REDACTED:card]"]);
    }

    #[test]
    fn spans_events_links_status_resource_and_scope_are_all_scanned_with_exact_counts() {
        let span = Span {
            name: format!("GET /login?token={JWT}"),
            attributes: vec![
                kv("http.request.header.authorization", s("Bearer abc123def456")),
                kv("db.statement", s("card 4111111111111111 and 5555555555554444")),
                kv("http.method", s("GET")),
            ],
            events: vec![Event {
                name: "exception".into(),
                attributes: vec![kv("exception.message", s("connect postgres://u:pw@db failed"))],
                ..Default::default()
            }],
            links: vec![Link { attributes: vec![kv("api_key", s("k"))], ..Default::default() }],
            status: Some(Status { message: "AKIAIOSFODNN7EXAMPLE denied".into(), code: 2 }),
            ..Default::default()
        };
        let mut batch = batch(Payload::Traces(ExportTraceServiceRequest {
            resource_spans: vec![ResourceSpans {
                resource: Some(Resource {
                    attributes: vec![kv("service.name", s("api")), kv("db.password", s("x"))],
                    ..Default::default()
                }),
                scope_spans: vec![ScopeSpans {
                    scope: Some(InstrumentationScope {
                        attributes: vec![kv("secret", s("y"))],
                        ..Default::default()
                    }),
                    spans: vec![span],
                    ..Default::default()
                }],
                ..Default::default()
            }],
        }));
        let stats = redact().process(&mut batch);
        // name, authorization, db.statement (two cards: one value), event attribute, link,
        // status message, resource password, scope secret.
        assert_eq!(stats, ProcessStats { dropped: 0, redacted: 8 });
        let span = first_span(&batch);
        assert_eq!(span.name, "GET /login?token=[REDACTED:jwt]");
        assert_eq!(
            string_of(&span.attributes[1].value),
            "card [REDACTED:card] and [REDACTED:card]"
        );
        assert_eq!(string_of(&span.attributes[2].value), "GET");
        assert_eq!(
            string_of(&span.events[0].attributes[0].value),
            "connect postgres://[REDACTED:url_credentials]@db failed"
        );
        assert_eq!(span.status.as_ref().unwrap().message, "[REDACTED:aws_key] denied");
        // Redaction is idempotent: a second pass finds nothing.
        assert_eq!(redact().process(&mut batch), ProcessStats::default());
    }

    #[test]
    fn log_bodies_string_and_map_and_attributes_are_redacted() {
        let map_body = AnyValue {
            value: Some(Value::KvlistValue(KeyValueList {
                values: vec![
                    kv("password", s("hunter2")),
                    kv("msg", s("paid with 4111 1111 1111 1111")),
                ],
            })),
        };
        let records = vec![
            LogRecord { body: Some(s(&format!("login with {JWT}"))), ..Default::default() },
            LogRecord {
                body: Some(map_body),
                attributes: vec![kv("cookie", s("sid=1"))],
                ..Default::default()
            },
            LogRecord { body: Some(s("all good")), ..Default::default() },
        ];
        let mut batch = batch(Payload::Logs(ExportLogsServiceRequest {
            resource_logs: vec![ResourceLogs {
                scope_logs: vec![ScopeLogs { log_records: records, ..Default::default() }],
                ..Default::default()
            }],
        }));
        assert_eq!(redact().process(&mut batch).redacted, 4);
        let Payload::Logs(req) = &batch.payload else { panic!() };
        let logs = &req.resource_logs[0].scope_logs[0].log_records;
        assert_eq!(string_of(&logs[0].body), "login with [REDACTED:jwt]");
        assert_eq!(string_of(&logs[2].body), "all good");
    }

    #[test]
    fn data_point_exemplar_and_metadata_attributes_are_redacted() {
        let point = NumberDataPoint {
            attributes: vec![
                kv("url.full", s("https://bob:pw@api.example.com/x")),
                kv("route", s("/x")),
            ],
            exemplars: vec![Exemplar {
                filtered_attributes: vec![kv("token", s("t"))],
                ..Default::default()
            }],
            ..Default::default()
        };
        let metric = Metric {
            name: "requests".into(),
            metadata: vec![kv("client_secret", s("c"))],
            data: Some(Data::Gauge(Gauge { data_points: vec![point] })),
            ..Default::default()
        };
        let mut batch = batch(Payload::Metrics(ExportMetricsServiceRequest {
            resource_metrics: vec![ResourceMetrics {
                scope_metrics: vec![ScopeMetrics { metrics: vec![metric], ..Default::default() }],
                ..Default::default()
            }],
        }));
        assert_eq!(redact().process(&mut batch).redacted, 3);
    }

    #[test]
    fn utf8_bytes_values_are_scanned() {
        let bytes =
            AnyValue { value: Some(Value::BytesValue(b"auth Bearer abc123def456".to_vec())) };
        let (n, value) = redact_attribute(&redact(), "raw", bytes);
        assert_eq!(n, 1);
        assert_eq!(
            value.unwrap().value,
            Some(Value::BytesValue(b"auth Bearer [REDACTED:bearer]".to_vec()))
        );
        let binary = AnyValue { value: Some(Value::BytesValue(vec![0xff, 0xfe, b'4'])) };
        assert_eq!(redact_attribute(&redact(), "raw", binary).0, 0);
    }

    #[test]
    fn absurdly_deep_nesting_is_replaced_without_overflowing_the_stack() {
        let mut value = s("clean");
        for _ in 0..200 {
            value = AnyValue { value: Some(Value::ArrayValue(ArrayValue { values: vec![value] })) };
        }
        let (n, _) = redact_attribute(&redact(), "deep", value);
        assert_eq!(n, 1);
    }

    #[test]
    fn empty_batches_do_not_panic() {
        let p = with(RedactConfig { emails: true, ..Default::default() });
        for payload in [
            Payload::Traces(Default::default()),
            Payload::Metrics(Default::default()),
            Payload::Logs(Default::default()),
        ] {
            let mut batch = batch(payload);
            assert_eq!(p.process(&mut batch), ProcessStats::default());
        }
        let mut batch = span_batch(Span::default());
        assert_eq!(p.process(&mut batch), ProcessStats::default());
    }
}
