//! Requests flattened into owned rows, one struct per signal: what the ClickHouse and
//! PostgreSQL stores insert (the embedded store writes Arrow builders instead) and what a
//! live tail shows.

use ophion_core::otlp::collector::logs::v1::ExportLogsServiceRequest;
use ophion_core::otlp::collector::metrics::v1::ExportMetricsServiceRequest;
use ophion_core::otlp::collector::trace::v1::ExportTraceServiceRequest;
use ophion_core::otlp::common::v1::KeyValue;
use ophion_core::{AppliedBatch, Payload, Result};

use super::{
    HOT_TEXT_AFTER_STATUS, HOT_TEXT_BEFORE_STATUS, HotKey, PointValues, Scratch, each_point,
    events_json, hash_map_into, hot_status, hot_value, links_json, log_time, now_unix_nanos,
    resource_attrs, scope_parts, series_id, service_name, service_value, unknown_service,
};
use crate::encoding::{JsonAny, StableHasher, any_value_to_text, encode_attributes};

/// Attributes as (key, JSON value) pairs, keys sorted, the last of repeated keys kept.
pub(crate) type AttributePairs = Vec<(String, String)>;

fn attribute_pairs(attributes: &[KeyValue]) -> AttributePairs {
    encode_attributes(attributes).into_iter().collect()
}

pub(crate) fn trace_id(bytes: &[u8]) -> Option<[u8; 16]> {
    bytes.try_into().ok()
}

pub(crate) fn span_id(bytes: &[u8]) -> Option<[u8; 8]> {
    bytes.try_into().ok()
}

/// One span, flattened: what the ClickHouse and PostgreSQL stores insert.
pub(crate) struct SpanRow {
    pub tenant: String,
    pub position: u64,
    /// The span's place among its queue record's spans: with `position`, unique per instance.
    pub ordinal: u32,
    pub trace_id: Option<[u8; 16]>,
    pub span_id: Option<[u8; 8]>,
    pub parent_span_id: Option<[u8; 8]>,
    pub trace_state: String,
    pub flags: u32,
    pub name: String,
    pub kind: i32,
    pub start_ns: u64,
    pub end_ns: u64,
    pub status_code: i32,
    pub status_message: String,
    pub service_name: String,
    /// The hot text attributes, in [`hot_text_keys`] order: one per key, so a store that
    /// names a column per entry stops compiling when the key table changes.
    pub hot_text: [Option<String>; HOT_TEXT_COUNT],
    pub http_status_code: Option<i64>,
    pub attributes: AttributePairs,
    pub resource_attributes: AttributePairs,
    pub scope_name: String,
    pub scope_version: String,
    pub events: String,
    pub links: String,
    pub dropped_attributes_count: u32,
    pub dropped_events_count: u32,
    pub dropped_links_count: u32,
}

impl SpanRow {
    pub(crate) fn duration_ns(&self) -> u64 {
        self.end_ns - self.start_ns
    }
}

/// How many hot text attributes there are.
pub(crate) const HOT_TEXT_COUNT: usize = HOT_TEXT_BEFORE_STATUS.len() + HOT_TEXT_AFTER_STATUS.len();

/// The hot text attributes' keys, in [`SpanRow::hot_text`] order.
pub(crate) fn hot_text_keys() -> impl Iterator<Item = &'static HotKey> {
    HOT_TEXT_BEFORE_STATUS.iter().chain(&HOT_TEXT_AFTER_STATUS)
}

pub(crate) struct LogRow {
    pub tenant: String,
    pub position: u64,
    /// The record's place among its queue record's logs.
    pub ordinal: u32,
    pub time_ns: u64,
    pub observed_time_ns: u64,
    pub severity_number: i32,
    pub severity_text: String,
    /// The body as JSON; `None` when the record has none.
    pub body: Option<String>,
    /// The body as plain text, for search.
    pub body_text: String,
    pub service_name: String,
    pub trace_id: Option<[u8; 16]>,
    pub span_id: Option<[u8; 8]>,
    pub flags: u32,
    pub event_name: String,
    pub attributes: AttributePairs,
    pub resource_attributes: AttributePairs,
    pub scope_name: String,
    pub scope_version: String,
    pub dropped_attributes_count: u32,
}

pub(crate) struct PointRow {
    pub tenant: String,
    pub position: u64,
    /// The point's place among its queue record's points, whatever their type.
    pub ordinal: u32,
    pub name: String,
    pub kind: &'static str,
    pub unit: String,
    pub description: String,
    pub service_name: String,
    pub series_id: u64,
    pub time_ns: u64,
    pub start_time_ns: u64,
    pub flags: u32,
    pub values: PointValues,
    pub attributes: AttributePairs,
    pub resource_attributes: AttributePairs,
    pub scope_name: String,
    pub scope_version: String,
}

/// A row's place in its queue record; a record holds far fewer than 2^32 rows (its size is
/// bounded by the receivers' body limits).
fn ordinal(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// Every row of a set of batches, by signal.
#[derive(Default)]
pub(crate) struct Rows {
    pub spans: Vec<SpanRow>,
    pub logs: Vec<LogRow>,
    pub points: Vec<PointRow>,
}

impl Rows {
    pub(crate) fn of(batches: &[&AppliedBatch]) -> Result<Self> {
        let mut rows = Self::default();
        let mut scratch = Scratch::default();
        for applied in batches {
            let tenant = applied.batch.tenant.as_str();
            let position = applied.position;
            match &applied.batch.payload {
                Payload::Traces(request) => {
                    rows.add_spans(tenant, position, request, &mut scratch)?;
                }
                Payload::Logs(request) => rows.add_logs(tenant, position, request, &mut scratch)?,
                Payload::Metrics(request) => rows.add_points(tenant, position, request)?,
            }
        }
        Ok(rows)
    }

    fn add_spans(
        &mut self,
        tenant: &str,
        position: u64,
        request: &ExportTraceServiceRequest,
        scratch: &mut Scratch,
    ) -> Result<()> {
        let unknown = unknown_service();
        let first = self.spans.len();
        for resource_spans in &request.resource_spans {
            let resource = resource_attrs(resource_spans.resource.as_ref());
            let resource_attributes = attribute_pairs(resource);
            for scope_spans in &resource_spans.scope_spans {
                let (scope_name, scope_version) = scope_parts(scope_spans.scope.as_ref());
                for span in &scope_spans.spans {
                    let attrs = &span.attributes;
                    let (status_code, status_message) =
                        span.status.as_ref().map_or((0, ""), |s| (s.code, s.message.as_str()));
                    self.spans.push(SpanRow {
                        tenant: tenant.to_owned(),
                        position,
                        ordinal: ordinal(self.spans.len() - first),
                        trace_id: trace_id(&span.trace_id),
                        span_id: span_id(&span.span_id),
                        parent_span_id: span_id(&span.parent_span_id),
                        trace_state: span.trace_state.clone(),
                        flags: span.flags,
                        name: span.name.clone(),
                        kind: span.kind,
                        start_ns: span.start_time_unix_nano,
                        end_ns: span.end_time_unix_nano.max(span.start_time_unix_nano),
                        status_code,
                        status_message: status_message.to_owned(),
                        service_name: scratch
                            .text(service_value(resource, attrs, &unknown))?
                            .to_owned(),
                        hot_text: {
                            let mut keys = hot_text_keys();
                            std::array::from_fn(|_| {
                                let value = keys.next().and_then(|h| hot_value(h, attrs, resource));
                                value.map(|v| any_value_to_text(Some(v)))
                            })
                        },
                        http_status_code: hot_status(attrs, resource),
                        attributes: attribute_pairs(attrs),
                        resource_attributes: resource_attributes.clone(),
                        scope_name: scope_name.to_owned(),
                        scope_version: scope_version.to_owned(),
                        events: events_json(span, scratch)?.to_owned(),
                        links: links_json(span, scratch)?.to_owned(),
                        dropped_attributes_count: span.dropped_attributes_count,
                        dropped_events_count: span.dropped_events_count,
                        dropped_links_count: span.dropped_links_count,
                    });
                }
            }
        }
        Ok(())
    }

    fn add_logs(
        &mut self,
        tenant: &str,
        position: u64,
        request: &ExportLogsServiceRequest,
        scratch: &mut Scratch,
    ) -> Result<()> {
        let unknown = unknown_service();
        let now = now_unix_nanos();
        let first = self.logs.len();
        for resource_logs in &request.resource_logs {
            let resource = resource_attrs(resource_logs.resource.as_ref());
            let resource_attributes = attribute_pairs(resource);
            for scope_logs in &resource_logs.scope_logs {
                let (scope_name, scope_version) = scope_parts(scope_logs.scope.as_ref());
                for log in &scope_logs.log_records {
                    let body = log.body.as_ref().filter(|b| b.value.is_some());
                    self.logs.push(LogRow {
                        tenant: tenant.to_owned(),
                        position,
                        ordinal: ordinal(self.logs.len() - first),
                        time_ns: log_time(log, now),
                        observed_time_ns: log.observed_time_unix_nano,
                        severity_number: log.severity_number,
                        severity_text: log.severity_text.clone(),
                        body: body
                            .map(|b| scratch.json(&JsonAny(b)).map(str::to_owned))
                            .transpose()?,
                        body_text: body
                            .map_or(Ok(String::new()), |b| scratch.text(b).map(str::to_owned))?,
                        service_name: scratch
                            .text(service_value(resource, &log.attributes, &unknown))?
                            .to_owned(),
                        trace_id: trace_id(&log.trace_id),
                        span_id: span_id(&log.span_id),
                        flags: log.flags,
                        event_name: log.event_name.clone(),
                        attributes: attribute_pairs(&log.attributes),
                        resource_attributes: resource_attributes.clone(),
                        scope_name: scope_name.to_owned(),
                        scope_version: scope_version.to_owned(),
                        dropped_attributes_count: log.dropped_attributes_count,
                    });
                }
            }
        }
        Ok(())
    }

    fn add_points(
        &mut self,
        tenant: &str,
        position: u64,
        request: &ExportMetricsServiceRequest,
    ) -> Result<()> {
        let first = self.points.len();
        for resource_metrics in &request.resource_metrics {
            let resource = resource_attrs(resource_metrics.resource.as_ref());
            let encoded_resource = encode_attributes(resource);
            let mut resource_hash = StableHasher::new();
            hash_map_into(&mut resource_hash, &encoded_resource);
            let resource_attributes: AttributePairs = encoded_resource.into_iter().collect();
            let service = service_name(resource, &[]);
            for scope_metrics in &resource_metrics.scope_metrics {
                let (scope_name, scope_version) = scope_parts(scope_metrics.scope.as_ref());
                for metric in &scope_metrics.metrics {
                    each_point(metric, |point| {
                        let attributes = encode_attributes(point.attributes);
                        self.points.push(PointRow {
                            tenant: tenant.to_owned(),
                            position,
                            ordinal: ordinal(self.points.len() - first),
                            name: metric.name.clone(),
                            kind: point.kind,
                            unit: metric.unit.clone(),
                            description: metric.description.clone(),
                            service_name: service.clone(),
                            series_id: series_id(
                                resource_hash,
                                &metric.name,
                                point.kind,
                                &attributes,
                            ),
                            time_ns: point.time_ns,
                            start_time_ns: point.start_time_ns,
                            flags: point.flags,
                            values: point.values,
                            attributes: attributes.into_iter().collect(),
                            resource_attributes: resource_attributes.clone(),
                            scope_name: scope_name.to_owned(),
                            scope_version: scope_version.to_owned(),
                        });
                        Ok(())
                    })?;
                }
            }
        }
        Ok(())
    }
}
