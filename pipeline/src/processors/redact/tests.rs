//! The processor as a whole: its settings and its parts working together; and the helpers
//! the parts' own tests share.

use ophion_core::otlp::collector::trace::v1::ExportTraceServiceRequest;
use ophion_core::otlp::common::v1::AnyValue;
use ophion_core::otlp::common::v1::any_value::Value;
use ophion_core::otlp::trace::v1::{ResourceSpans, ScopeSpans, Span};
use ophion_core::{Payload, TenantId};

use ophion_testkit::otlp::kv;

use super::*;

pub(super) const JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

pub(super) fn redact() -> Redact {
    Redact::new(&RedactConfig::default()).unwrap()
}

pub(super) fn with(config: RedactConfig) -> Redact {
    Redact::new(&config).unwrap()
}

pub(super) fn s(v: &str) -> AnyValue {
    AnyValue { value: Some(Value::StringValue(v.into())) }
}

pub(super) fn string_of(value: &Option<AnyValue>) -> &str {
    match value.as_ref().and_then(|v| v.value.as_ref()) {
        Some(Value::StringValue(s)) => s,
        other => panic!("not a string: {other:?}"),
    }
}

pub(super) fn batch(payload: Payload) -> Batch {
    Batch::new(TenantId::new("t").unwrap(), payload)
}

pub(super) fn span_batch(span: Span) -> Batch {
    batch(Payload::Traces(ExportTraceServiceRequest {
        resource_spans: vec![ResourceSpans {
            scope_spans: vec![ScopeSpans { spans: vec![span], ..Default::default() }],
            ..Default::default()
        }],
    }))
}

pub(super) fn first_span(batch: &Batch) -> &Span {
    let Payload::Traces(req) = &batch.payload else { panic!() };
    &req.resource_spans[0].scope_spans[0].spans[0]
}

/// Redacts one attribute on a span and returns the stats and the resulting value.
pub(super) fn redact_attribute(p: &Redact, key: &str, value: AnyValue) -> (u64, Option<AnyValue>) {
    let mut batch = span_batch(Span { attributes: vec![kv(key, value)], ..Default::default() });
    let stats = p.process(&mut batch);
    (stats.redacted, first_span(&batch).attributes[0].value.clone())
}

#[test]
fn allow_listed_keys_win_over_deny_list_and_detectors() {
    let p = with(RedactConfig {
        allow_keys: vec!["http.request.header.authorization".into(), "payment.test_card".into()],
        ..Default::default()
    });
    let (n, value) =
        redact_attribute(&p, "HTTP.request.header.Authorization", s("Bearer abc123def456"));
    assert_eq!((n, string_of(&value)), (0, "Bearer abc123def456"));
    let (n, value) = redact_attribute(&p, "payment.test_card", s("4111111111111111"));
    assert_eq!((n, string_of(&value)), (0, "4111111111111111"));
    let (n, _) = redact_attribute(&p, "payment.card", s("4111111111111111"));
    assert_eq!(n, 1);
}

#[test]
fn replacement_texts_are_configurable() {
    let p = with(RedactConfig {
        replacement: "***".into(),
        detector_replacement: "<{kind} removed>".into(),
        ..Default::default()
    });
    let (_, value) = redact_attribute(&p, "password", s("hunter2"));
    assert_eq!(string_of(&value), "***");
    assert_eq!(p.redact_text("4111111111111111"), Some("<card removed>".into()));
}

#[test]
fn disabled_detectors_do_not_run() {
    let p = with(RedactConfig {
        cards: false,
        jwts: false,
        cloud_keys: false,
        auth_tokens: false,
        url_credentials: false,
        ..Default::default()
    });
    for text in
        ["4111111111111111", JWT, "AKIAIOSFODNN7EXAMPLE", "Bearer abc123def456", "https://u:p@h"]
    {
        assert_eq!(p.redact_text(text), None, "{text}");
    }
    let (n, _) = redact_attribute(&p, "password", s("x"));
    assert_eq!(n, 1, "deny list still applies");
}

#[test]
fn invalid_custom_regex_is_an_error_naming_processor_and_pattern() {
    let err = Redact::new(&RedactConfig {
        patterns: vec![CustomPattern { name: "bad".into(), regex: "([a-z]".into() }],
        ..Default::default()
    })
    .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("processor `redact`"), "{message}");
    assert!(message.contains("\"([a-z]\""), "{message}");
}

#[test]
fn empty_deny_key_or_pattern_name_is_an_error() {
    assert!(
        Redact::new(&RedactConfig { deny_keys: vec![String::new()], ..Default::default() })
            .is_err()
    );
    let pattern = CustomPattern { name: String::new(), regex: "x".into() };
    assert!(Redact::new(&RedactConfig { patterns: vec![pattern], ..Default::default() }).is_err());
}
