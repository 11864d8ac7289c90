//! Validation: items that cannot be stored faithfully are dropped and counted, so the client
//! gets an OTLP partial success instead of a whole-request failure (docs/conformance.md, C17).

use ophion_core::otlp::common::v1::KeyValue;
use ophion_core::otlp::metrics::v1::metric::Data;
use ophion_core::{Batch, Payload};

/// More attributes than this on one item is treated as abuse, not data.
pub const MAX_ATTRIBUTES: usize = 1024;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Validation {
    pub rejected: u64,
    /// The first reason, for the partial-success message.
    pub reason: Option<String>,
}

impl Validation {
    fn reject(&mut self, reason: impl FnOnce() -> String) {
        self.rejected += 1;
        if self.reason.is_none() {
            self.reason = Some(reason());
        }
    }
}

fn too_many(attrs: &[KeyValue]) -> bool {
    attrs.len() > MAX_ATTRIBUTES
}

pub(crate) fn valid_id(id: &[u8], len: usize, required: bool) -> bool {
    if id.is_empty() {
        return !required;
    }
    id.len() == len && id.iter().any(|b| *b != 0)
}

/// Remove invalid items from `batch` in place.
pub fn validate(batch: &mut Batch) -> Validation {
    let mut v = Validation::default();
    match &mut batch.payload {
        Payload::Traces(req) => {
            for rs in &mut req.resource_spans {
                let resource_ok = rs.resource.as_ref().is_none_or(|r| !too_many(&r.attributes));
                for ss in &mut rs.scope_spans {
                    ss.spans.retain(|s| {
                        let problem = if !resource_ok {
                            Some("resource has too many attributes".to_string())
                        } else if !valid_id(&s.trace_id, 16, true) {
                            Some(format!("span {:?}: trace id must be 16 non-zero bytes", s.name))
                        } else if !valid_id(&s.span_id, 8, true) {
                            Some(format!("span {:?}: span id must be 8 non-zero bytes", s.name))
                        } else if !valid_id(&s.parent_span_id, 8, false) {
                            Some(format!(
                                "span {:?}: parent span id must be empty or 8 bytes",
                                s.name
                            ))
                        } else if s.end_time_unix_nano < s.start_time_unix_nano {
                            Some(format!("span {:?}: end time is before start time", s.name))
                        } else if too_many(&s.attributes) {
                            Some(format!(
                                "span {:?}: more than {MAX_ATTRIBUTES} attributes",
                                s.name
                            ))
                        } else {
                            None
                        };
                        match problem {
                            Some(p) => {
                                v.reject(|| p);
                                false
                            }
                            None => true,
                        }
                    });
                }
                rs.scope_spans.retain(|ss| !ss.spans.is_empty());
            }
            req.resource_spans.retain(|rs| !rs.scope_spans.is_empty());
        }
        Payload::Logs(req) => {
            for rl in &mut req.resource_logs {
                let resource_ok = rl.resource.as_ref().is_none_or(|r| !too_many(&r.attributes));
                for sl in &mut rl.scope_logs {
                    sl.log_records.retain(|l| {
                        let problem = if !resource_ok {
                            Some("resource has too many attributes")
                        } else if !valid_id(&l.trace_id, 16, false) {
                            Some("log record: trace id must be empty or 16 bytes")
                        } else if !valid_id(&l.span_id, 8, false) {
                            Some("log record: span id must be empty or 8 bytes")
                        } else if too_many(&l.attributes) {
                            Some("log record: too many attributes")
                        } else {
                            None
                        };
                        match problem {
                            Some(p) => {
                                v.reject(|| p.to_string());
                                false
                            }
                            None => true,
                        }
                    });
                }
                rl.scope_logs.retain(|sl| !sl.log_records.is_empty());
            }
            req.resource_logs.retain(|rl| !rl.scope_logs.is_empty());
        }
        Payload::Metrics(req) => {
            for rm in &mut req.resource_metrics {
                let resource_ok = rm.resource.as_ref().is_none_or(|r| !too_many(&r.attributes));
                for sm in &mut rm.scope_metrics {
                    for metric in &mut sm.metrics {
                        let name_ok = !metric.name.is_empty() && resource_ok;
                        let name = metric.name.clone();
                        let mut reject = |ok: bool, why: &str| {
                            if !ok {
                                v.reject(|| format!("metric {name:?}: {why}"));
                            }
                            ok
                        };
                        match &mut metric.data {
                            Some(Data::Gauge(g)) => g.data_points.retain(|p| {
                                reject(name_ok && !too_many(&p.attributes), "invalid data point")
                            }),
                            Some(Data::Sum(s)) => s.data_points.retain(|p| {
                                reject(name_ok && !too_many(&p.attributes), "invalid data point")
                            }),
                            Some(Data::Histogram(h)) => h.data_points.retain(|p| {
                                let buckets_ok = p.bucket_counts.is_empty()
                                    || p.bucket_counts.len() == p.explicit_bounds.len() + 1;
                                reject(
                                    name_ok && buckets_ok && !too_many(&p.attributes),
                                    "bucket counts must number explicit bounds + 1",
                                )
                            }),
                            Some(Data::ExponentialHistogram(h)) => h.data_points.retain(|p| {
                                reject(name_ok && !too_many(&p.attributes), "invalid data point")
                            }),
                            Some(Data::Summary(s)) => s.data_points.retain(|p| {
                                reject(name_ok && !too_many(&p.attributes), "invalid data point")
                            }),
                            None => {}
                        }
                    }
                    sm.metrics
                        .retain(|m| ophion_core::batch::metric_point_count(m.data.as_ref()) > 0);
                }
                rm.scope_metrics.retain(|sm| !sm.metrics.is_empty());
            }
            req.resource_metrics.retain(|rm| !rm.scope_metrics.is_empty());
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use ophion_core::TenantId;
    use ophion_core::otlp::collector::trace::v1::ExportTraceServiceRequest;
    use ophion_core::otlp::trace::v1::{ResourceSpans, ScopeSpans, Span};

    use super::*;

    fn span(trace: &[u8], id: &[u8], start: u64, end: u64) -> Span {
        Span {
            trace_id: trace.to_vec(),
            span_id: id.to_vec(),
            start_time_unix_nano: start,
            end_time_unix_nano: end,
            name: "op".into(),
            ..Default::default()
        }
    }

    #[test]
    fn bad_ids_and_reversed_times_are_rejected_individually() {
        let good = span(&[1; 16], &[2; 8], 1, 2);
        let spans = vec![
            good.clone(),
            span(&[1; 15], &[2; 8], 1, 2),
            span(&[0; 16], &[2; 8], 1, 2),
            span(&[1; 16], &[], 1, 2),
            span(&[1; 16], &[2; 8], 5, 2),
            Span { parent_span_id: vec![1; 3], ..good.clone() },
            Span { attributes: vec![KeyValue::default(); MAX_ATTRIBUTES + 1], ..good.clone() },
        ];
        let req = ExportTraceServiceRequest {
            resource_spans: vec![ResourceSpans {
                scope_spans: vec![ScopeSpans { spans, ..Default::default() }],
                ..Default::default()
            }],
        };
        let mut batch = Batch::new(TenantId::default(), Payload::Traces(req));
        let v = validate(&mut batch);
        assert_eq!(v.rejected, 6);
        assert!(v.reason.unwrap().contains("trace id"));
        assert_eq!(batch.item_count(), 1);
    }

    #[test]
    fn emptied_containers_are_removed() {
        let req = ExportTraceServiceRequest {
            resource_spans: vec![ResourceSpans {
                scope_spans: vec![ScopeSpans {
                    spans: vec![span(&[], &[], 0, 0)],
                    ..Default::default()
                }],
                ..Default::default()
            }],
        };
        let mut batch = Batch::new(TenantId::default(), Payload::Traces(req));
        assert_eq!(validate(&mut batch).rejected, 1);
        let Payload::Traces(req) = &batch.payload else { unreachable!() };
        assert!(req.resource_spans.is_empty());
    }
}
