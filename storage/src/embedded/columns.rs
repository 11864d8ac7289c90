//! Columnar encoding of spans and logs: whole batches become Arrow record batches in the
//! tables' column order and go to DuckDB's appender a chunk at a time. Values are written
//! straight from the borrowed OTLP structs into the column builders, with one reusable
//! scratch buffer for JSON text: no per-row `Value`s and no per-attribute `String`s, which is
//! what a row appender costs.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::Arc;

use duckdb::Appender;
use duckdb::arrow::array::{
    ArrayBuilder, ArrayRef, FixedSizeBinaryBuilder, Int32Builder, Int64Builder, MapBuilder,
    StringBuilder, UInt32Builder, UInt64Builder,
};
use duckdb::arrow::datatypes::{Field, Schema};
use duckdb::arrow::error::ArrowError;
use duckdb::arrow::record_batch::RecordBatch;
use ophion_core::otlp::common::v1::{AnyValue, KeyValue};
use ophion_core::otlp::logs::v1::LogRecord;
use ophion_core::otlp::trace::v1::Span;
use ophion_core::{Error, Result};

use super::error::DuckResultExt;
use crate::encoding::{JsonAny, JsonOpt, span_id_to_u64};
use crate::rows::{Scratch, events_json, links_json, unique_last};

/// Rows per record batch: bounds the builders' memory on large appends.
pub(crate) const ROWS_PER_CHUNK: usize = 8192;

/// Arrow's extension name for UUIDs, which DuckDB reads as its `UUID` type and casts to the
/// `UHUGEINT` id columns (Arrow has no 128-bit unsigned integer).
const UUID_EXTENSION: &str = "arrow.uuid";

type AttributeMap = MapBuilder<StringBuilder, StringBuilder>;

fn attribute_map() -> AttributeMap {
    MapBuilder::new(None, StringBuilder::new(), StringBuilder::new())
}

fn arrow_err(err: ArrowError) -> Error {
    Error::internal(format!("building columns for the embedded store: {err}"))
}

/// A `MAP(VARCHAR, VARCHAR)` value pre-encoded once and copied into every row that shares it
/// (resource attributes).
pub(crate) struct EncodedMap(Vec<(String, String)>);

impl EncodedMap {
    pub(crate) fn new(attributes: &[KeyValue], scratch: &mut Scratch) -> Result<Self> {
        let entries = unique_last(attributes)
            .map(|kv| Ok((kv.key.clone(), scratch.json(&JsonOpt(kv.value.as_ref()))?.to_owned())))
            .collect::<Result<_>>()?;
        Ok(Self(entries))
    }

    fn append_to(&self, map: &mut AttributeMap) -> Result<()> {
        for (key, value) in &self.0 {
            map.keys().append_value(key);
            map.values().append_value(value);
        }
        map.append(true).map_err(arrow_err)
    }
}

fn append_attributes(
    map: &mut AttributeMap,
    attributes: &[KeyValue],
    scratch: &mut Scratch,
) -> Result<()> {
    for kv in unique_last(attributes) {
        map.keys().append_value(&kv.key);
        map.values().append_value(scratch.json(&JsonOpt(kv.value.as_ref()))?);
    }
    map.append(true).map_err(arrow_err)
}

fn append_trace_id(builder: &mut FixedSizeBinaryBuilder, id: &[u8]) -> Result<()> {
    match <[u8; 16]>::try_from(id) {
        Ok(id) => builder.append_value(id).map_err(arrow_err),
        Err(_) => {
            builder.append_null();
            Ok(())
        }
    }
}

fn append_opt_text(
    builder: &mut StringBuilder,
    value: Option<&AnyValue>,
    scratch: &mut Scratch,
) -> Result<()> {
    match value {
        Some(value) => builder.append_value(scratch.text(value)?),
        None => builder.append_null(),
    }
    Ok(())
}

/// One record batch from finished builders; `trace_id_column` gets the UUID extension type.
pub(crate) fn record_batch(
    columns: Vec<ArrayRef>,
    trace_id_column: Option<usize>,
) -> Result<RecordBatch> {
    let fields: Vec<Field> = columns
        .iter()
        .enumerate()
        .map(|(i, column)| {
            let field = Field::new(format!("c{i}"), column.data_type().clone(), true);
            if Some(i) == trace_id_column {
                let name = ("ARROW:extension:name".to_owned(), UUID_EXTENSION.to_owned());
                field.with_metadata(HashMap::from([name]))
            } else {
                field
            }
        })
        .collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).map_err(arrow_err)
}

// ---- spans ---------------------------------------------------------------------------------

/// What every row of one resource and scope shares.
pub(crate) struct RowScope<'a> {
    pub tenant: &'a str,
    /// The request's queue position; spans record it (see `TraceRanges`).
    pub position: u64,
    pub resource_map: &'a EncodedMap,
    pub scope_name: &'a str,
    pub scope_version: &'a str,
}

/// The typed values a span row derives from its attributes (see `append.rs`).
pub(crate) struct SpanDerived<'a> {
    pub service: &'a AnyValue,
    /// `http_method`, `http_route`.
    pub before_status: [Option<&'a AnyValue>; 2],
    pub http_status: Option<i64>,
    /// `url_full` through `deployment_environment`.
    pub after_status: [Option<&'a AnyValue>; 12],
}

/// Builders for the `spans` table, in its column order.
pub(crate) struct SpanColumns {
    tenant: StringBuilder,
    trace_id: FixedSizeBinaryBuilder,
    span_id: UInt64Builder,
    parent_span_id: UInt64Builder,
    trace_state: StringBuilder,
    flags: UInt32Builder,
    name: StringBuilder,
    kind: Int32Builder,
    start_ns: UInt64Builder,
    end_ns: UInt64Builder,
    duration_ns: UInt64Builder,
    status_code: Int32Builder,
    status_message: StringBuilder,
    service_name: StringBuilder,
    before_status: [StringBuilder; 2],
    http_status_code: Int64Builder,
    after_status: [StringBuilder; 12],
    attributes: AttributeMap,
    resource_attributes: AttributeMap,
    scope_name: StringBuilder,
    scope_version: StringBuilder,
    events: StringBuilder,
    links: StringBuilder,
    dropped_attributes_count: UInt32Builder,
    dropped_events_count: UInt32Builder,
    dropped_links_count: UInt32Builder,
    queue_position: UInt64Builder,
    scratch: Scratch,
}

impl Default for SpanColumns {
    fn default() -> Self {
        Self {
            tenant: StringBuilder::new(),
            trace_id: FixedSizeBinaryBuilder::new(16),
            span_id: UInt64Builder::new(),
            parent_span_id: UInt64Builder::new(),
            trace_state: StringBuilder::new(),
            flags: UInt32Builder::new(),
            name: StringBuilder::new(),
            kind: Int32Builder::new(),
            start_ns: UInt64Builder::new(),
            end_ns: UInt64Builder::new(),
            duration_ns: UInt64Builder::new(),
            status_code: Int32Builder::new(),
            status_message: StringBuilder::new(),
            service_name: StringBuilder::new(),
            before_status: std::array::from_fn(|_| StringBuilder::new()),
            http_status_code: Int64Builder::new(),
            after_status: std::array::from_fn(|_| StringBuilder::new()),
            attributes: attribute_map(),
            resource_attributes: attribute_map(),
            scope_name: StringBuilder::new(),
            scope_version: StringBuilder::new(),
            events: StringBuilder::new(),
            links: StringBuilder::new(),
            dropped_attributes_count: UInt32Builder::new(),
            dropped_events_count: UInt32Builder::new(),
            dropped_links_count: UInt32Builder::new(),
            queue_position: UInt64Builder::new(),
            scratch: Scratch::default(),
        }
    }
}

impl SpanColumns {
    pub(crate) fn len(&self) -> usize {
        self.tenant.len()
    }

    pub(crate) fn scratch(&mut self) -> &mut Scratch {
        &mut self.scratch
    }

    pub(crate) fn push(
        &mut self,
        scope: &RowScope<'_>,
        span: &Span,
        derived: &SpanDerived<'_>,
    ) -> Result<()> {
        let end_ns = span.end_time_unix_nano.max(span.start_time_unix_nano);
        let (status_code, status_message) =
            span.status.as_ref().map_or((0, ""), |s| (s.code, s.message.as_str()));
        let scratch = &mut self.scratch;

        self.tenant.append_value(scope.tenant);
        append_trace_id(&mut self.trace_id, &span.trace_id)?;
        self.span_id.append_option(span_id_to_u64(&span.span_id));
        self.parent_span_id.append_option(span_id_to_u64(&span.parent_span_id));
        self.trace_state.append_value(&span.trace_state);
        self.flags.append_value(span.flags);
        self.name.append_value(&span.name);
        self.kind.append_value(span.kind);
        self.start_ns.append_value(span.start_time_unix_nano);
        self.end_ns.append_value(end_ns);
        self.duration_ns.append_value(end_ns - span.start_time_unix_nano);
        self.status_code.append_value(status_code);
        self.status_message.append_value(status_message);
        self.service_name.append_value(scratch.text(derived.service)?);
        for (builder, value) in self.before_status.iter_mut().zip(derived.before_status) {
            append_opt_text(builder, value, scratch)?;
        }
        self.http_status_code.append_option(derived.http_status);
        for (builder, value) in self.after_status.iter_mut().zip(derived.after_status) {
            append_opt_text(builder, value, scratch)?;
        }
        append_attributes(&mut self.attributes, &span.attributes, scratch)?;
        scope.resource_map.append_to(&mut self.resource_attributes)?;
        self.scope_name.append_value(scope.scope_name);
        self.scope_version.append_value(scope.scope_version);
        self.events.append_value(events_json(span, scratch)?);
        self.links.append_value(links_json(span, scratch)?);
        self.dropped_attributes_count.append_value(span.dropped_attributes_count);
        self.dropped_events_count.append_value(span.dropped_events_count);
        self.dropped_links_count.append_value(span.dropped_links_count);
        self.queue_position.append_value(scope.position);
        Ok(())
    }

    /// The rows pushed so far as one record batch; the builders start over empty.
    pub(crate) fn finish(&mut self) -> Result<RecordBatch> {
        let mut columns: Vec<ArrayRef> = vec![
            ArrayBuilder::finish(&mut self.tenant),
            ArrayBuilder::finish(&mut self.trace_id),
            ArrayBuilder::finish(&mut self.span_id),
            ArrayBuilder::finish(&mut self.parent_span_id),
            ArrayBuilder::finish(&mut self.trace_state),
            ArrayBuilder::finish(&mut self.flags),
            ArrayBuilder::finish(&mut self.name),
            ArrayBuilder::finish(&mut self.kind),
            ArrayBuilder::finish(&mut self.start_ns),
            ArrayBuilder::finish(&mut self.end_ns),
            ArrayBuilder::finish(&mut self.duration_ns),
            ArrayBuilder::finish(&mut self.status_code),
            ArrayBuilder::finish(&mut self.status_message),
            ArrayBuilder::finish(&mut self.service_name),
        ];
        columns.extend(self.before_status.iter_mut().map(ArrayBuilder::finish));
        columns.push(ArrayBuilder::finish(&mut self.http_status_code));
        columns.extend(self.after_status.iter_mut().map(ArrayBuilder::finish));
        columns.extend([
            ArrayBuilder::finish(&mut self.attributes),
            ArrayBuilder::finish(&mut self.resource_attributes),
            ArrayBuilder::finish(&mut self.scope_name),
            ArrayBuilder::finish(&mut self.scope_version),
            ArrayBuilder::finish(&mut self.events),
            ArrayBuilder::finish(&mut self.links),
            ArrayBuilder::finish(&mut self.dropped_attributes_count),
            ArrayBuilder::finish(&mut self.dropped_events_count),
            ArrayBuilder::finish(&mut self.dropped_links_count),
            ArrayBuilder::finish(&mut self.queue_position),
        ]);
        record_batch(columns, Some(1))
    }
}

// ---- logs ----------------------------------------------------------------------------------

/// Builders for the `logs` table, in its column order.
pub(crate) struct LogColumns {
    tenant: StringBuilder,
    time_ns: UInt64Builder,
    observed_time_ns: UInt64Builder,
    severity_number: Int32Builder,
    severity_text: StringBuilder,
    body: StringBuilder,
    body_text: StringBuilder,
    service_name: StringBuilder,
    trace_id: FixedSizeBinaryBuilder,
    span_id: UInt64Builder,
    flags: UInt32Builder,
    event_name: StringBuilder,
    attributes: AttributeMap,
    resource_attributes: AttributeMap,
    scope_name: StringBuilder,
    scope_version: StringBuilder,
    dropped_attributes_count: UInt32Builder,
    scratch: Scratch,
}

impl Default for LogColumns {
    fn default() -> Self {
        Self {
            tenant: StringBuilder::new(),
            time_ns: UInt64Builder::new(),
            observed_time_ns: UInt64Builder::new(),
            severity_number: Int32Builder::new(),
            severity_text: StringBuilder::new(),
            body: StringBuilder::new(),
            body_text: StringBuilder::new(),
            service_name: StringBuilder::new(),
            trace_id: FixedSizeBinaryBuilder::new(16),
            span_id: UInt64Builder::new(),
            flags: UInt32Builder::new(),
            event_name: StringBuilder::new(),
            attributes: attribute_map(),
            resource_attributes: attribute_map(),
            scope_name: StringBuilder::new(),
            scope_version: StringBuilder::new(),
            dropped_attributes_count: UInt32Builder::new(),
            scratch: Scratch::default(),
        }
    }
}

impl LogColumns {
    pub(crate) fn len(&self) -> usize {
        self.tenant.len()
    }

    pub(crate) fn scratch(&mut self) -> &mut Scratch {
        &mut self.scratch
    }

    /// `time_ns` is the record's time with OTLP's fallbacks already applied.
    pub(crate) fn push(
        &mut self,
        scope: &RowScope<'_>,
        log: &LogRecord,
        time_ns: u64,
        service: &AnyValue,
    ) -> Result<()> {
        let scratch = &mut self.scratch;
        self.tenant.append_value(scope.tenant);
        self.time_ns.append_value(time_ns);
        self.observed_time_ns.append_value(log.observed_time_unix_nano);
        self.severity_number.append_value(log.severity_number);
        self.severity_text.append_value(&log.severity_text);
        match log.body.as_ref().filter(|b| b.value.is_some()) {
            Some(body) => {
                self.body.append_value(scratch.json(&JsonAny(body))?);
                self.body_text.append_value(scratch.text(body)?);
            }
            None => {
                self.body.append_null();
                self.body_text.append_value("");
            }
        }
        self.service_name.append_value(scratch.text(service)?);
        append_trace_id(&mut self.trace_id, &log.trace_id)?;
        self.span_id.append_option(span_id_to_u64(&log.span_id));
        self.flags.append_value(log.flags);
        self.event_name.append_value(&log.event_name);
        append_attributes(&mut self.attributes, &log.attributes, scratch)?;
        scope.resource_map.append_to(&mut self.resource_attributes)?;
        self.scope_name.append_value(scope.scope_name);
        self.scope_version.append_value(scope.scope_version);
        self.dropped_attributes_count.append_value(log.dropped_attributes_count);
        Ok(())
    }

    pub(crate) fn finish(&mut self) -> Result<RecordBatch> {
        let columns: Vec<ArrayRef> = vec![
            ArrayBuilder::finish(&mut self.tenant),
            ArrayBuilder::finish(&mut self.time_ns),
            ArrayBuilder::finish(&mut self.observed_time_ns),
            ArrayBuilder::finish(&mut self.severity_number),
            ArrayBuilder::finish(&mut self.severity_text),
            ArrayBuilder::finish(&mut self.body),
            ArrayBuilder::finish(&mut self.body_text),
            ArrayBuilder::finish(&mut self.service_name),
            ArrayBuilder::finish(&mut self.trace_id),
            ArrayBuilder::finish(&mut self.span_id),
            ArrayBuilder::finish(&mut self.flags),
            ArrayBuilder::finish(&mut self.event_name),
            ArrayBuilder::finish(&mut self.attributes),
            ArrayBuilder::finish(&mut self.resource_attributes),
            ArrayBuilder::finish(&mut self.scope_name),
            ArrayBuilder::finish(&mut self.scope_version),
            ArrayBuilder::finish(&mut self.dropped_attributes_count),
        ];
        record_batch(columns, Some(8))
    }
}

/// Appends one record batch; an empty one is skipped.
pub(crate) fn append(appender: &mut Appender<'_>, rows: RecordBatch) -> Result<()> {
    if rows.num_rows() == 0 {
        return Ok(());
    }
    appender.append_record_batch(rows).store_err()
}

/// Trace id → (first start, last end, first and last queue position) over one append, for
/// the `trace_index` table. Spans are appended in queue order, so the positions bound the
/// row groups a trace's spans can be in, whatever their timestamps.
#[derive(Default)]
pub(crate) struct TraceRanges<'a>(HashMap<(&'a str, [u8; 16]), TraceRange>);

struct TraceRange {
    start: u64,
    end: u64,
    first_position: u64,
    last_position: u64,
}

impl<'a> TraceRanges<'a> {
    pub(crate) fn add(&mut self, tenant: &'a str, span: &Span, position: u64) {
        let Ok(id) = <[u8; 16]>::try_from(span.trace_id.as_slice()) else { return };
        let start = span.start_time_unix_nano;
        let end = span.end_time_unix_nano.max(start);
        match self.0.entry((tenant, id)) {
            Entry::Occupied(mut range) => {
                let range = range.get_mut();
                range.start = range.start.min(start);
                range.end = range.end.max(end);
                range.first_position = range.first_position.min(position);
                range.last_position = range.last_position.max(position);
            }
            Entry::Vacant(slot) => {
                slot.insert(TraceRange {
                    start,
                    end,
                    first_position: position,
                    last_position: position,
                });
            }
        }
    }

    pub(crate) fn record_batch(&self) -> Result<RecordBatch> {
        let mut tenant = StringBuilder::new();
        let mut trace_id = FixedSizeBinaryBuilder::with_capacity(self.0.len(), 16);
        let mut start = UInt64Builder::new();
        let mut end = UInt64Builder::new();
        let mut first_position = UInt64Builder::new();
        let mut last_position = UInt64Builder::new();
        for ((t, id), range) in &self.0 {
            tenant.append_value(t);
            trace_id.append_value(id).map_err(arrow_err)?;
            start.append_value(range.start);
            end.append_value(range.end);
            first_position.append_value(range.first_position);
            last_position.append_value(range.last_position);
        }
        let columns: Vec<ArrayRef> = vec![
            ArrayBuilder::finish(&mut tenant),
            ArrayBuilder::finish(&mut trace_id),
            ArrayBuilder::finish(&mut start),
            ArrayBuilder::finish(&mut end),
            ArrayBuilder::finish(&mut first_position),
            ArrayBuilder::finish(&mut last_position),
        ];
        record_batch(columns, Some(1))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use ophion_core::otlp::common::v1 as common;
    use ophion_core::otlp::common::v1::any_value;

    use super::*;
    use ophion_testkit::otlp::kv;
    use serde_json::json;

    fn value(v: any_value::Value) -> AnyValue {
        AnyValue { value: Some(v) }
    }

    #[test]
    fn values_encode_as_typed_json() {
        use any_value::Value::*;
        let text = "quote \" backslash \\ newline \n tab \t nul \0 é 🦀";
        let cases = [
            (StringValue("plain".into()), json!("plain")),
            (StringValue(text.into()), json!(text)),
            (BoolValue(true), json!(true)),
            (IntValue(i64::MIN), json!(i64::MIN)),
            (DoubleValue(1.0), json!(1.0)),
            (DoubleValue(-0.000123), json!(-0.000123)),
            (DoubleValue(f64::NAN), json!("NaN")),
            (DoubleValue(f64::INFINITY), json!("Infinity")),
            (DoubleValue(f64::NEG_INFINITY), json!("-Infinity")),
            (BytesValue(vec![0, 255, 7]), json!("AP8H")),
            (
                ArrayValue(common::ArrayValue {
                    values: vec![
                        value(IntValue(1)),
                        value(StringValue("x".into())),
                        AnyValue::default(),
                    ],
                }),
                json!([1, "x", null]),
            ),
            (
                KvlistValue(common::KeyValueList {
                    values: vec![
                        kv("b", IntValue(1)),
                        kv("a", BoolValue(false)),
                        kv("b", IntValue(2)),
                    ],
                }),
                json!({"a": false, "b": 2}),
            ),
            (StringValueStrindex(3), json!(null)),
        ];
        let mut scratch = Scratch::default();
        for (v, expected) in cases.into_iter().map(|(v, e)| (value(v), e)) {
            let encoded = scratch.json(&JsonAny(&v)).unwrap();
            let parsed: serde_json::Value = serde_json::from_str(encoded).unwrap();
            assert_eq!(parsed, expected, "{v:?} encoded as {encoded}");
        }
        assert_eq!(scratch.json(&JsonAny(&AnyValue::default())).unwrap(), "null");
        // Key-value lists: keys sorted, the last of repeated keys wins, as the map columns do.
        let list = value(KvlistValue(common::KeyValueList {
            values: vec![kv("b", IntValue(1)), kv("a", BoolValue(false)), kv("b", IntValue(2))],
        }));
        assert_eq!(scratch.json(&JsonAny(&list)).unwrap(), r#"{"a":false,"b":2}"#);
    }

    #[test]
    fn the_last_of_repeated_keys_wins_in_short_and_long_lists() {
        use any_value::Value::IntValue;
        let short = vec![kv("a", IntValue(1)), kv("b", IntValue(2)), kv("a", IntValue(3))];
        let kept: Vec<_> = unique_last(&short).map(|kv| kv.value.clone()).collect();
        assert_eq!(kept, vec![Some(value(IntValue(2))), Some(value(IntValue(3)))]);

        let mut long: Vec<KeyValue> = (0..40).map(|i| kv(&format!("k{i}"), IntValue(i))).collect();
        long.push(kv("k7", IntValue(-7)));
        let kept: Vec<_> = unique_last(&long).collect();
        assert_eq!(kept.len(), 40);
        let k7: Vec<_> = kept.iter().filter(|kv| kv.key == "k7").collect();
        assert_eq!(k7.len(), 1);
        assert_eq!(k7[0].value, Some(value(IntValue(-7))));
    }
}
