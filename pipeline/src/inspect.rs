//! Inspection: the pipeline's decisions, made on an encoded OTLP request without decoding it.
//!
//! Most requests pass validation whole and hold nothing to redact. Decoding them into owned
//! structs and encoding them again, only to queue the same data, costs more than the rest of
//! the receive path. [`inspect`] walks the protobuf bytes in place instead: it checks what
//! validation checks, asks each processor whether it would change a value, and counts the
//! items. When it vouches for a request, the request's own bytes are queued.
//!
//! It is conservative by construction: it vouches only for fields it knows, each singular one
//! at most once, so prost decodes the bytes to exactly the data it walked. Anything else (an
//! unknown field, an invalid item, an empty container validation would remove, a value to
//! redact) sends the request down the decoding path, which gives the usual answer.
//!
//! Traces and logs only: metrics keep the decoding path.

use ophion_core::Signal;

use crate::validate::{MAX_ATTRIBUTES, valid_id};
use ophion_core::wire::{Fields, Refused, Seen};

/// Nesting of array and map values the walk follows; deeper values take the decoding path,
/// well inside prost's recursion limit of 100 messages.
const MAX_VALUE_DEPTH: usize = 16;

/// What inspection needs from a processor that rewrites values in place and never adds,
/// removes or reorders anything.
pub trait ValueCheck: Send + Sync {
    /// Whether scanning `text` leaves it as it is: span, event and status texts, string
    /// values, and bytes values that are UTF-8.
    fn keeps_text(&self, text: &str) -> bool;

    /// How the value of an attribute named `key` is treated.
    fn attribute(&self, key: &str) -> AttributeCheck<'_>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttributeCheck<'a> {
    /// Left as it is, whatever it holds.
    Untouched,
    /// Replaced whole by this text, unless absent or already that text.
    Replaced(&'a str),
    /// Strings scanned with [`ValueCheck::keeps_text`]; nested attributes checked by key.
    Scanned,
}

/// The number of spans or log records in `request`, an encoded export request, when
/// validation and every check would leave it exactly as it is; `None` when it must be decoded.
pub fn inspect(signal: Signal, request: &[u8], checks: &[&dyn ValueCheck]) -> Option<u64> {
    let mut walk = Walk { checks, items: 0 };
    let walked = match signal {
        Signal::Traces => walk.request(request, Walk::resource_spans),
        Signal::Logs => walk.request(request, Walk::resource_logs),
        Signal::Metrics => Err(Refused),
    };
    walked.ok().map(|()| walk.items)
}

type Step = Result<(), Refused>;

struct Walk<'c> {
    checks: &'c [&'c dyn ValueCheck],
    items: u64,
}

impl Walk<'_> {
    fn request(&mut self, bytes: &[u8], resource: fn(&mut Self, &[u8]) -> Step) -> Step {
        for field in Fields::new(bytes) {
            match field? {
                (1, v) => resource(self, v.bytes()?)?,
                _ => return Err(Refused),
            }
        }
        Ok(())
    }

    /// `ResourceSpans` and `ResourceLogs` share their layout; only the scope differs.
    fn resource_container(&mut self, bytes: &[u8], scope: fn(&mut Self, &[u8]) -> Step) -> Step {
        let (mut seen, mut scopes) = (Seen::default(), 0);
        for field in Fields::new(bytes) {
            let (n, v) = field?;
            match n {
                1 => seen.once(n).and_then(|()| self.resource(v.bytes()?))?,
                2 => {
                    scopes += 1;
                    scope(self, v.bytes()?)?;
                }
                3 => seen.once(n).and_then(|()| v.text().map(drop))?,
                _ => return Err(Refused),
            }
        }
        // Validation removes empty containers.
        if scopes == 0 { Err(Refused) } else { Ok(()) }
    }

    /// `ScopeSpans` and `ScopeLogs`.
    fn scope_container(&mut self, bytes: &[u8], item: fn(&mut Self, &[u8]) -> Step) -> Step {
        let (mut seen, mut items) = (Seen::default(), 0);
        for field in Fields::new(bytes) {
            let (n, v) = field?;
            match n {
                1 => seen.once(n).and_then(|()| self.scope(v.bytes()?))?,
                2 => {
                    items += 1;
                    item(self, v.bytes()?)?;
                }
                3 => seen.once(n).and_then(|()| v.text().map(drop))?,
                _ => return Err(Refused),
            }
        }
        self.items += items;
        if items == 0 { Err(Refused) } else { Ok(()) }
    }

    fn resource_spans(&mut self, bytes: &[u8]) -> Step {
        self.resource_container(bytes, |walk, b| walk.scope_container(b, Walk::span))
    }

    fn resource_logs(&mut self, bytes: &[u8]) -> Step {
        self.resource_container(bytes, |walk, b| walk.scope_container(b, Walk::log_record))
    }

    fn resource(&mut self, bytes: &[u8]) -> Step {
        let (mut seen, mut attributes) = (Seen::default(), 0);
        for field in Fields::new(bytes) {
            let (n, v) = field?;
            match n {
                1 => {
                    attributes += 1;
                    self.attribute(v.bytes()?, 0)?;
                }
                2 => seen.once(n).and_then(|()| v.varint().map(drop))?,
                3 => entity_ref(v.bytes()?)?,
                _ => return Err(Refused),
            }
        }
        // Validation rejects every item under a resource with too many attributes.
        if attributes > MAX_ATTRIBUTES { Err(Refused) } else { Ok(()) }
    }

    fn scope(&mut self, bytes: &[u8]) -> Step {
        let mut seen = Seen::default();
        for field in Fields::new(bytes) {
            let (n, v) = field?;
            match n {
                1 | 2 => seen.once(n).and_then(|()| v.text().map(drop))?,
                3 => self.attribute(v.bytes()?, 0)?,
                4 => seen.once(n).and_then(|()| v.varint().map(drop))?,
                _ => return Err(Refused),
            }
        }
        Ok(())
    }

    fn span(&mut self, bytes: &[u8]) -> Step {
        let mut seen = Seen::default();
        let (mut trace_id, mut span_id, mut parent_id): (&[u8], &[u8], &[u8]) = (&[], &[], &[]);
        let (mut start, mut end, mut name, mut attributes) = (0, 0, "", 0);
        for field in Fields::new(bytes) {
            let (n, v) = field?;
            match n {
                1 => seen.once(n).and_then(|()| v.bytes()).map(|b| trace_id = b)?,
                2 => seen.once(n).and_then(|()| v.bytes()).map(|b| span_id = b)?,
                4 => seen.once(n).and_then(|()| v.bytes()).map(|b| parent_id = b)?,
                3 => seen.once(n).and_then(|()| v.text().map(drop))?,
                5 => seen.once(n).and_then(|()| v.text()).map(|t| name = t)?,
                6 | 10 | 12 | 14 => seen.once(n).and_then(|()| v.varint().map(drop))?,
                7 => seen.once(n).and_then(|()| v.fixed64()).map(|t| start = t)?,
                8 => seen.once(n).and_then(|()| v.fixed64()).map(|t| end = t)?,
                9 => {
                    attributes += 1;
                    self.attribute(v.bytes()?, 0)?;
                }
                11 => self.event(v.bytes()?)?,
                13 => self.link(v.bytes()?)?,
                15 => seen.once(n).and_then(|()| self.status(v.bytes()?))?,
                16 => seen.once(n).and_then(|()| v.fixed32().map(drop))?,
                _ => return Err(Refused),
            }
        }
        let valid = valid_id(trace_id, 16, true)
            && valid_id(span_id, 8, true)
            && valid_id(parent_id, 8, false)
            && end >= start
            && attributes <= MAX_ATTRIBUTES;
        if valid { self.text(name) } else { Err(Refused) }
    }

    fn event(&mut self, bytes: &[u8]) -> Step {
        let (mut seen, mut name) = (Seen::default(), "");
        for field in Fields::new(bytes) {
            let (n, v) = field?;
            match n {
                1 => seen.once(n).and_then(|()| v.fixed64().map(drop))?,
                2 => seen.once(n).and_then(|()| v.text()).map(|t| name = t)?,
                3 => self.attribute(v.bytes()?, 0)?,
                4 => seen.once(n).and_then(|()| v.varint().map(drop))?,
                _ => return Err(Refused),
            }
        }
        self.text(name)
    }

    fn link(&mut self, bytes: &[u8]) -> Step {
        let mut seen = Seen::default();
        for field in Fields::new(bytes) {
            let (n, v) = field?;
            match n {
                1 | 2 => seen.once(n).and_then(|()| v.bytes().map(drop))?,
                3 => seen.once(n).and_then(|()| v.text().map(drop))?,
                4 => self.attribute(v.bytes()?, 0)?,
                5 => seen.once(n).and_then(|()| v.varint().map(drop))?,
                6 => seen.once(n).and_then(|()| v.fixed32().map(drop))?,
                _ => return Err(Refused),
            }
        }
        Ok(())
    }

    fn status(&mut self, bytes: &[u8]) -> Step {
        let (mut seen, mut message) = (Seen::default(), "");
        for field in Fields::new(bytes) {
            let (n, v) = field?;
            match n {
                2 => seen.once(n).and_then(|()| v.text()).map(|t| message = t)?,
                3 => seen.once(n).and_then(|()| v.varint().map(drop))?,
                _ => return Err(Refused),
            }
        }
        self.text(message)
    }

    fn log_record(&mut self, bytes: &[u8]) -> Step {
        let mut seen = Seen::default();
        let (mut trace_id, mut span_id, mut attributes): (&[u8], &[u8], _) = (&[], &[], 0);
        for field in Fields::new(bytes) {
            let (n, v) = field?;
            match n {
                1 | 11 => seen.once(n).and_then(|()| v.fixed64().map(drop))?,
                2 | 7 => seen.once(n).and_then(|()| v.varint().map(drop))?,
                3 | 12 => seen.once(n).and_then(|()| v.text().map(drop))?,
                5 => seen.once(n).and_then(|()| self.body(v.bytes()?))?,
                6 => {
                    attributes += 1;
                    self.attribute(v.bytes()?, 0)?;
                }
                8 => seen.once(n).and_then(|()| v.fixed32().map(drop))?,
                9 => seen.once(n).and_then(|()| v.bytes()).map(|b| trace_id = b)?,
                10 => seen.once(n).and_then(|()| v.bytes()).map(|b| span_id = b)?,
                _ => return Err(Refused),
            }
        }
        let valid = valid_id(trace_id, 16, false)
            && valid_id(span_id, 8, false)
            && attributes <= MAX_ATTRIBUTES;
        if valid { Ok(()) } else { Err(Refused) }
    }

    /// A text every check scans: span names, event names, status messages.
    fn text(&self, text: &str) -> Step {
        if self.checks.iter().all(|c| c.keeps_text(text)) { Ok(()) } else { Err(Refused) }
    }

    /// A log body is scanned like a value with no key.
    fn body(&self, bytes: &[u8]) -> Step {
        if self.checks.is_empty() {
            return any_value(bytes, 0, None);
        }
        self.checks.iter().try_for_each(|c| any_value(bytes, 0, Some(*c)))
    }

    fn attribute(&self, bytes: &[u8], depth: usize) -> Step {
        key_value(bytes, depth, self.checks)
    }
}

/// One `KeyValue`: its value is walked once per check that scans it, and once for its
/// structure alone when none does.
fn key_value(bytes: &[u8], depth: usize, checks: &[&dyn ValueCheck]) -> Step {
    let (mut seen, mut key, mut value) = (Seen::default(), "", None);
    for field in Fields::new(bytes) {
        let (n, v) = field?;
        match n {
            1 => seen.once(n).and_then(|()| v.text()).map(|t| key = t)?,
            2 => seen.once(n).and_then(|()| v.bytes()).map(|b| value = Some(b))?,
            3 => seen.once(n).and_then(|()| v.varint().map(drop))?,
            _ => return Err(Refused),
        }
    }
    let Some(value) = value else { return Ok(()) };
    let mut scanned = false;
    for &check in checks {
        match check.attribute(key) {
            AttributeCheck::Untouched => {}
            AttributeCheck::Replaced(text) => is_absent_or(value, text)?,
            AttributeCheck::Scanned => {
                any_value(value, depth, Some(check))?;
                scanned = true;
            }
        }
    }
    if scanned { Ok(()) } else { any_value(value, depth, None) }
}

/// One `AnyValue`, checked for structure and, with `check`, scanned.
fn any_value(bytes: &[u8], depth: usize, check: Option<&dyn ValueCheck>) -> Step {
    if depth > MAX_VALUE_DEPTH {
        return Err(Refused);
    }
    let keeps = |text: &str| check.is_none_or(|c| c.keeps_text(text));
    let mut fields = Fields::new(bytes);
    let Some(field) = fields.next() else { return Ok(()) };
    // A oneof set twice is merged or overwritten by prost: not worth following.
    if fields.next().is_some() {
        return Err(Refused);
    }
    match field? {
        (1, v) => {
            if !keeps(v.text()?) {
                return Err(Refused);
            }
        }
        (2 | 3 | 8, v) => drop(v.varint()?),
        (4, v) => drop(v.fixed64()?),
        (5, v) => {
            for field in Fields::new(v.bytes()?) {
                match field? {
                    (1, item) => any_value(item.bytes()?, depth + 1, check)?,
                    _ => return Err(Refused),
                }
            }
        }
        (6, v) => {
            let nested = check.as_slice();
            for field in Fields::new(v.bytes()?) {
                match field? {
                    (1, kv) => key_value(kv.bytes()?, depth + 1, nested)?,
                    _ => return Err(Refused),
                }
            }
        }
        (7, v) => {
            let bytes = v.bytes()?;
            // Bytes that are UTF-8 are scanned as text.
            if std::str::from_utf8(bytes).is_ok_and(|text| !keeps(text)) {
                return Err(Refused);
            }
        }
        _ => return Err(Refused),
    }
    Ok(())
}

/// An attribute value that a replacement by `text` leaves as it is.
fn is_absent_or(value: &[u8], text: &str) -> Step {
    let mut fields = Fields::new(value);
    match (fields.next(), fields.next()) {
        (None, _) => Ok(()),
        (Some(Ok((1, v))), None) if v.text()? == text => Ok(()),
        _ => Err(Refused),
    }
}

fn entity_ref(bytes: &[u8]) -> Step {
    let mut seen = Seen::default();
    for field in Fields::new(bytes) {
        let (n, v) = field?;
        match n {
            1 | 2 => seen.once(n)?,
            3 | 4 => {}
            _ => return Err(Refused),
        }
        v.text()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use ophion_core::otlp::collector::logs::v1::ExportLogsServiceRequest;
    use ophion_core::otlp::collector::trace::v1::ExportTraceServiceRequest;
    use ophion_core::otlp::common::v1::any_value::Value as V;
    use ophion_core::otlp::common::v1::{AnyValue, ArrayValue, KeyValue, KeyValueList};
    use ophion_core::otlp::logs::v1::{LogRecord, ResourceLogs, ScopeLogs};
    use ophion_core::otlp::resource::v1::Resource;
    use ophion_core::otlp::trace::v1::{ResourceSpans, ScopeSpans, Span, Status, span};
    use prost::Message;

    use ophion_testkit::otlp::kv;

    use super::*;
    use crate::processors::{Processor, Redact};

    const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

    fn text(s: &str) -> V {
        V::StringValue(s.into())
    }

    fn span(attributes: Vec<KeyValue>) -> Span {
        Span {
            trace_id: vec![1; 16],
            span_id: vec![2; 8],
            name: "GET /cart".into(),
            start_time_unix_nano: 1,
            end_time_unix_nano: 2,
            attributes,
            events: vec![span::Event { name: "retry".into(), ..Default::default() }],
            status: Some(Status { message: "ok".into(), code: 1 }),
            ..Default::default()
        }
    }

    fn traces(spans: Vec<Span>) -> Vec<u8> {
        let resource =
            Resource { attributes: vec![kv("service.name", text("cart"))], ..Default::default() };
        ExportTraceServiceRequest {
            resource_spans: vec![ResourceSpans {
                resource: Some(resource),
                scope_spans: vec![ScopeSpans { spans, ..Default::default() }],
                ..Default::default()
            }],
        }
        .encode_to_vec()
    }

    fn redact() -> Redact {
        Redact::new(&Default::default()).unwrap()
    }

    fn run(signal: Signal, request: &[u8]) -> Option<u64> {
        let redact = redact();
        inspect(signal, request, &[redact.value_check().unwrap()])
    }

    #[test]
    fn clean_requests_are_counted_and_vouched_for() {
        let nested = V::KvlistValue(KeyValueList {
            values: vec![kv(
                "list",
                V::ArrayValue(ArrayValue {
                    values: vec![AnyValue { value: Some(V::IntValue(3)) }],
                }),
            )],
        });
        let spans =
            vec![span(vec![kv("http.route", text("/cart")), kv("m", nested)]), span(vec![])];
        assert_eq!(run(Signal::Traces, &traces(spans)), Some(2));
        let logs = ExportLogsServiceRequest {
            resource_logs: vec![ResourceLogs {
                scope_logs: vec![ScopeLogs {
                    log_records: vec![
                        LogRecord {
                            body: Some(AnyValue { value: Some(text("started")) }),
                            ..Default::default()
                        };
                        3
                    ],
                    ..Default::default()
                }],
                ..Default::default()
            }],
        };
        assert_eq!(run(Signal::Logs, &logs.encode_to_vec()), Some(3));
        assert_eq!(run(Signal::Traces, &[]), Some(0), "an empty request holds nothing to queue");
    }

    #[test]
    fn anything_redaction_would_change_is_decoded() {
        for attribute in [
            kv("note", text(JWT)),
            kv("note", V::BytesValue(JWT.as_bytes().to_vec())),
            kv(
                "deep",
                V::ArrayValue(ArrayValue { values: vec![AnyValue { value: Some(text(JWT)) }] }),
            ),
            kv(
                "map",
                V::KvlistValue(KeyValueList { values: vec![kv("password", V::IntValue(1))] }),
            ),
            kv("password", V::IntValue(1)),
            kv("password", text("hunter2")),
        ] {
            let request = traces(vec![span(vec![attribute.clone()])]);
            assert_eq!(run(Signal::Traces, &request), None, "{attribute:?}");
        }
        let mut named = span(vec![]);
        named.name = format!("token {JWT}");
        assert_eq!(run(Signal::Traces, &traces(vec![named])), None);
        // Already redacted, or allowed: nothing would change.
        let request = traces(vec![span(vec![kv("password", text("[REDACTED]"))])]);
        assert_eq!(run(Signal::Traces, &request), Some(1));
        let allowing =
            Redact::new(&serde_json::from_str(r#"{"allow_keys": ["note"]}"#).unwrap()).unwrap();
        let request = traces(vec![span(vec![kv("note", text(JWT))])]);
        assert_eq!(inspect(Signal::Traces, &request, &[&allowing]), Some(1));
        assert_eq!(
            inspect(Signal::Traces, &request, &[&allowing, &redact()]),
            None,
            "every check counts"
        );
    }

    #[test]
    fn items_validation_would_reject_are_decoded() {
        let good = span(vec![]);
        for bad in [
            Span { trace_id: vec![0; 16], ..good.clone() },
            Span { span_id: vec![], ..good.clone() },
            Span { parent_span_id: vec![1; 3], ..good.clone() },
            Span { start_time_unix_nano: 5, ..good.clone() },
            Span { attributes: vec![kv("a", V::IntValue(1)); MAX_ATTRIBUTES + 1], ..good.clone() },
        ] {
            assert_eq!(run(Signal::Traces, &traces(vec![good.clone(), bad])), None);
        }
        assert_eq!(run(Signal::Traces, &traces(vec![])), None, "validation removes empty scopes");
    }

    #[test]
    fn unknown_repeated_or_malformed_fields_are_decoded() {
        let request = traces(vec![span(vec![])]);
        assert_eq!(run(Signal::Traces, &request), Some(1));
        // The request's first field wraps everything; append to the innermost span instead by
        // re-encoding one with an extra field through raw bytes.
        let span_bytes = span(vec![]).encode_to_vec();
        let wrap = |span: &[u8]| {
            let mut scope = vec![0x12];
            prost::encoding::encode_varint(span.len() as u64, &mut scope);
            scope.extend_from_slice(span);
            let mut resource = vec![0x12];
            prost::encoding::encode_varint(scope.len() as u64, &mut resource);
            resource.extend_from_slice(&scope);
            let mut request = vec![0x0a];
            prost::encoding::encode_varint(resource.len() as u64, &mut request);
            request.extend_from_slice(&resource);
            request
        };
        assert_eq!(run(Signal::Traces, &wrap(&span_bytes)), Some(1));
        let with = |extra: &[u8]| wrap(&[span_bytes.as_slice(), extra].concat());
        assert_eq!(run(Signal::Traces, &with(&[0xa8, 0x06, 1])), None, "unknown field 101");
        assert_eq!(run(Signal::Traces, &with(&[0x2a, 1, b'x'])), None, "name twice");
        assert_eq!(run(Signal::Traces, &with(&[0x2a, 1, 0xff])), None, "name not UTF-8");
        assert_eq!(run(Signal::Traces, &with(&[0x30])), None, "truncated kind");
        assert_eq!(run(Signal::Metrics, &[]), None, "metrics are always decoded");
    }
}
