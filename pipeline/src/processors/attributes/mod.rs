//! `attributes`: insert, update, upsert, delete or hash attribute values on spans, log records
//! and data points, or on their resources.
//!
//! Hashing replaces a value with the lowercase hex SHA-256 of its string form (strings as
//! they are, numbers and booleans as written in decimal / `true` / `false`, bytes as raw
//! bytes, arrays and maps as compact JSON) so a value can still be grouped on without being
//! readable. Hashed values are counted as `redacted`.

mod config;

pub use config::{ActionKind, AttributeAction, AttributeScope, AttributesConfig};

use ophion_core::otlp::common::v1::any_value::Value;
use ophion_core::otlp::common::v1::{AnyValue, KeyValue};
use ophion_core::otlp::resource::v1::Resource;
use ophion_core::{Batch, Signal};
use sha2::{Digest, Sha256};

use super::error::{Error, Result};
use super::{ProcessStats, Processor, walk};

const NAME: &str = "attributes";

/// Nesting deeper than this is written as `null` when hashing arrays and maps.
const MAX_DEPTH: usize = 64;

#[derive(Debug)]
pub struct Attributes {
    item_actions: Vec<Action>,
    resource_actions: Vec<Action>,
    signals: [bool; 3],
}

#[derive(Debug)]
struct Action {
    key: String,
    kind: ActionKind,
    /// Present exactly when `kind.needs_value()`.
    value: Option<AnyValue>,
}

impl Attributes {
    pub fn new(config: &AttributesConfig) -> Result<Self> {
        let mut item_actions = Vec::new();
        let mut resource_actions = Vec::new();
        for action in &config.actions {
            let compiled = Action::new(action)?;
            match action.scope {
                AttributeScope::Item => item_actions.push(compiled),
                AttributeScope::Resource => resource_actions.push(compiled),
            }
        }
        let mut signals = [false; 3];
        for name in &config.signals {
            signals[signal_index(name.signal())] = true;
        }
        Ok(Self { item_actions, resource_actions, signals })
    }
}

fn signal_index(signal: Signal) -> usize {
    match signal {
        Signal::Traces => 0,
        Signal::Metrics => 1,
        Signal::Logs => 2,
    }
}

impl Processor for Attributes {
    fn name(&self) -> &'static str {
        NAME
    }

    fn process(&self, batch: &mut Batch) -> ProcessStats {
        let mut stats = ProcessStats::default();
        if !self.signals[signal_index(batch.signal())] {
            return stats;
        }
        if !self.item_actions.is_empty() {
            walk::for_each_item_attributes(&mut batch.payload, |attributes| {
                for action in &self.item_actions {
                    stats.redacted += action.apply(attributes);
                }
            });
        }
        if !self.resource_actions.is_empty() {
            walk::for_each_resource(&mut batch.payload, |resource| {
                for action in &self.resource_actions {
                    if resource.is_none()
                        && matches!(action.kind, ActionKind::Insert | ActionKind::Upsert)
                    {
                        *resource = Some(Resource::default());
                    }
                    if let Some(resource) = resource.as_mut() {
                        stats.redacted += action.apply(&mut resource.attributes);
                    }
                }
            });
        }
        stats
    }
}

impl Action {
    fn new(config: &AttributeAction) -> Result<Self> {
        if config.key.is_empty() {
            return Err(Error::invalid(NAME, "an action has an empty `key`"));
        }
        let kind = config.action;
        let value = match (&config.value, kind.needs_value()) {
            (Some(value), true) => Some(value.to_any_value()),
            (None, false) => None,
            (None, true) => {
                let message =
                    format!("`{}` of key {:?} needs a `value`", kind.as_str(), config.key);
                return Err(Error::invalid(NAME, message));
            }
            (Some(_), false) => {
                let message =
                    format!("`{}` of key {:?} takes no `value`", kind.as_str(), config.key);
                return Err(Error::invalid(NAME, message));
            }
        };
        Ok(Self { key: config.key.clone(), kind, value })
    }

    /// Applies the action to one attribute list; returns how many values were hashed.
    fn apply(&self, attributes: &mut Vec<KeyValue>) -> u64 {
        let key = self.key.as_str();
        match self.kind {
            ActionKind::Insert => {
                if !attributes.iter().any(|kv| kv.key == key) {
                    attributes.push(self.new_key_value());
                }
            }
            ActionKind::Update => {
                for kv in attributes.iter_mut().filter(|kv| kv.key == key) {
                    kv.value.clone_from(&self.value);
                }
            }
            ActionKind::Upsert => {
                let mut found = false;
                for kv in attributes.iter_mut().filter(|kv| kv.key == key) {
                    kv.value.clone_from(&self.value);
                    found = true;
                }
                if !found {
                    attributes.push(self.new_key_value());
                }
            }
            ActionKind::Delete => attributes.retain(|kv| kv.key != key),
            ActionKind::Hash => {
                let mut hashed = 0;
                for kv in attributes.iter_mut().filter(|kv| kv.key == key) {
                    // An attribute without a value has nothing to hide.
                    if let Some(value) = kv.value.as_mut().filter(|v| v.value.is_some()) {
                        value.value = Some(Value::StringValue(sha256_hex(value)));
                        hashed += 1;
                    }
                }
                return hashed;
            }
        }
        0
    }

    fn new_key_value(&self) -> KeyValue {
        KeyValue { key: self.key.clone(), value: self.value.clone(), ..Default::default() }
    }
}

/// Lowercase hex SHA-256 of a value's string form.
pub(crate) fn sha256_hex(value: &AnyValue) -> String {
    let mut hasher = Sha256::new();
    match &value.value {
        None => {}
        Some(Value::StringValue(s)) => hasher.update(s.as_bytes()),
        Some(Value::BoolValue(b)) => hasher.update(if *b { "true" } else { "false" }),
        Some(Value::IntValue(i)) => hasher.update(i.to_string()),
        Some(Value::DoubleValue(d)) => hasher.update(d.to_string()),
        Some(Value::BytesValue(b)) => hasher.update(b),
        Some(Value::StringValueStrindex(i)) => hasher.update(i.to_string()),
        Some(Value::ArrayValue(_) | Value::KvlistValue(_)) => {
            hasher.update(to_json(value, 0).to_string());
        }
    }
    hex::encode(hasher.finalize())
}

fn to_json(value: &AnyValue, depth: usize) -> serde_json::Value {
    use serde_json::Value as Json;
    if depth > MAX_DEPTH {
        return Json::Null;
    }
    match &value.value {
        None => Json::Null,
        Some(Value::StringValue(s)) => Json::String(s.clone()),
        Some(Value::BoolValue(b)) => Json::Bool(*b),
        Some(Value::IntValue(i)) => Json::from(*i),
        Some(Value::DoubleValue(d)) => Json::from(*d),
        Some(Value::BytesValue(b)) => Json::String(hex::encode(b)),
        Some(Value::StringValueStrindex(i)) => Json::from(*i),
        Some(Value::ArrayValue(a)) => a.values.iter().map(|v| to_json(v, depth + 1)).collect(),
        Some(Value::KvlistValue(kvs)) => {
            let entries = kvs.values.iter().map(|kv| {
                let v = kv.value.as_ref().map_or(Json::Null, |v| to_json(v, depth + 1));
                (kv.key.clone(), v)
            });
            Json::Object(entries.collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use ophion_core::otlp::collector::logs::v1::ExportLogsServiceRequest;
    use ophion_core::otlp::collector::metrics::v1::ExportMetricsServiceRequest;
    use ophion_core::otlp::collector::trace::v1::ExportTraceServiceRequest;
    use ophion_core::otlp::common::v1::{ArrayValue, KeyValueList};
    use ophion_core::otlp::logs::v1::{LogRecord, ResourceLogs, ScopeLogs};
    use ophion_core::otlp::metrics::v1::metric::Data;
    use ophion_core::otlp::metrics::v1::{
        Gauge, Metric, NumberDataPoint, ResourceMetrics, ScopeMetrics,
    };
    use ophion_core::otlp::trace::v1::{ResourceSpans, ScopeSpans, Span};
    use ophion_core::{Payload, TenantId};

    use ophion_testkit::otlp::kv;

    use super::*;
    use crate::processors::config::{ScalarValue, SignalName};

    fn s(v: &str) -> AnyValue {
        AnyValue { value: Some(Value::StringValue(v.into())) }
    }

    fn get<'a>(attrs: &'a [KeyValue], key: &str) -> Option<&'a Value> {
        attrs.iter().find(|kv| kv.key == key)?.value.as_ref()?.value.as_ref()
    }

    fn action(key: &str, kind: ActionKind, value: Option<&str>) -> AttributeAction {
        AttributeAction {
            key: key.into(),
            action: kind,
            value: value.map(|v| ScalarValue::String(v.into())),
            scope: AttributeScope::Item,
        }
    }

    fn processor(actions: Vec<AttributeAction>) -> Attributes {
        Attributes::new(&AttributesConfig { actions, ..Default::default() }).unwrap()
    }

    fn traces(attrs: Vec<KeyValue>) -> Batch {
        let span = Span { name: "GET /".into(), attributes: attrs, ..Default::default() };
        let req = ExportTraceServiceRequest {
            resource_spans: vec![ResourceSpans {
                scope_spans: vec![ScopeSpans { spans: vec![span], ..Default::default() }],
                ..Default::default()
            }],
        };
        Batch::new(TenantId::new("t").unwrap(), Payload::Traces(req))
    }

    fn span_attrs(batch: &Batch) -> &[KeyValue] {
        let Payload::Traces(req) = &batch.payload else { panic!() };
        &req.resource_spans[0].scope_spans[0].spans[0].attributes
    }

    fn logs(attrs: Vec<KeyValue>) -> Batch {
        let log = LogRecord { attributes: attrs, ..Default::default() };
        let req = ExportLogsServiceRequest {
            resource_logs: vec![ResourceLogs {
                scope_logs: vec![ScopeLogs { log_records: vec![log], ..Default::default() }],
                ..Default::default()
            }],
        };
        Batch::new(TenantId::new("t").unwrap(), Payload::Logs(req))
    }

    fn metrics(attrs: Vec<KeyValue>) -> Batch {
        let point = NumberDataPoint { attributes: attrs, ..Default::default() };
        let metric = Metric {
            name: "m".into(),
            data: Some(Data::Gauge(Gauge { data_points: vec![point.clone(), point] })),
            ..Default::default()
        };
        let req = ExportMetricsServiceRequest {
            resource_metrics: vec![ResourceMetrics {
                scope_metrics: vec![ScopeMetrics { metrics: vec![metric], ..Default::default() }],
                ..Default::default()
            }],
        };
        Batch::new(TenantId::new("t").unwrap(), Payload::Metrics(req))
    }

    #[test]
    fn insert_adds_only_absent_keys() {
        let p = processor(vec![
            action("env", ActionKind::Insert, Some("prod")),
            action("region", ActionKind::Insert, Some("eu")),
        ]);
        let mut batch = traces(vec![kv("env", s("dev"))]);
        p.process(&mut batch);
        let attrs = span_attrs(&batch);
        assert_eq!(get(attrs, "env"), Some(&Value::StringValue("dev".into())));
        assert_eq!(get(attrs, "region"), Some(&Value::StringValue("eu".into())));
    }

    #[test]
    fn update_changes_only_present_keys() {
        let p = processor(vec![
            action("env", ActionKind::Update, Some("prod")),
            action("region", ActionKind::Update, Some("eu")),
        ]);
        let mut batch = traces(vec![kv("env", s("dev"))]);
        p.process(&mut batch);
        let attrs = span_attrs(&batch);
        assert_eq!(get(attrs, "env"), Some(&Value::StringValue("prod".into())));
        assert_eq!(get(attrs, "region"), None);
        assert_eq!(attrs.len(), 1);
    }

    #[test]
    fn upsert_sets_present_and_absent_keys_without_duplicates() {
        let p = processor(vec![
            action("env", ActionKind::Upsert, Some("prod")),
            action("region", ActionKind::Upsert, Some("eu")),
        ]);
        let mut batch = traces(vec![kv("env", s("dev"))]);
        p.process(&mut batch);
        let attrs = span_attrs(&batch);
        assert_eq!(get(attrs, "env"), Some(&Value::StringValue("prod".into())));
        assert_eq!(get(attrs, "region"), Some(&Value::StringValue("eu".into())));
        assert_eq!(attrs.len(), 2);
    }

    #[test]
    fn upsert_keeps_the_configured_value_type() {
        let config = AttributeAction {
            key: "shard".into(),
            action: ActionKind::Upsert,
            value: Some(ScalarValue::Int(7)),
            scope: AttributeScope::Item,
        };
        let mut batch = traces(vec![]);
        processor(vec![config]).process(&mut batch);
        assert_eq!(get(span_attrs(&batch), "shard"), Some(&Value::IntValue(7)));
    }

    #[test]
    fn delete_removes_every_occurrence_of_the_key() {
        let p = processor(vec![action("user.email", ActionKind::Delete, None)]);
        let mut batch = traces(vec![
            kv("user.email", s("a@b.c")),
            kv("keep", s("x")),
            kv("user.email", s("d@e.f")),
        ]);
        let stats = p.process(&mut batch);
        assert_eq!(span_attrs(&batch).len(), 1);
        assert_eq!(span_attrs(&batch)[0].key, "keep");
        assert_eq!(stats, ProcessStats::default());
    }

    #[test]
    fn hash_replaces_value_with_lowercase_hex_sha256_of_its_string_form() {
        let p = processor(vec![
            action("user.email", ActionKind::Hash, None),
            action("user.id", ActionKind::Hash, None),
        ]);
        let id = AnyValue { value: Some(Value::IntValue(42)) };
        let mut batch = traces(vec![kv("user.email", s("alice@example.com")), kv("user.id", id)]);
        let stats = p.process(&mut batch);
        let attrs = span_attrs(&batch);
        let expected_email = hex::encode(Sha256::digest(b"alice@example.com"));
        let expected_id = hex::encode(Sha256::digest(b"42"));
        assert_eq!(get(attrs, "user.email"), Some(&Value::StringValue(expected_email)));
        assert_eq!(get(attrs, "user.id"), Some(&Value::StringValue(expected_id)));
        // sha256("abc"), a published test vector, pins the encoding: lowercase hex.
        assert_eq!(
            sha256_hex(&s("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(stats.redacted, 2);
    }

    #[test]
    fn hash_of_a_map_is_stable_and_differs_from_other_values() {
        let map = AnyValue {
            value: Some(Value::KvlistValue(KeyValueList {
                values: vec![
                    kv("a", s("1")),
                    kv("b", AnyValue { value: Some(Value::BoolValue(true)) }),
                ],
            })),
        };
        let array =
            AnyValue { value: Some(Value::ArrayValue(ArrayValue { values: vec![s("1")] })) };
        assert_eq!(sha256_hex(&map), hex::encode(Sha256::digest(br#"{"a":"1","b":true}"#)));
        assert_eq!(sha256_hex(&array), hex::encode(Sha256::digest(br#"["1"]"#)));
    }

    #[test]
    fn hash_leaves_attributes_without_a_value_alone() {
        let p = processor(vec![action("k", ActionKind::Hash, None)]);
        let mut batch = traces(vec![KeyValue { key: "k".into(), ..Default::default() }]);
        assert_eq!(p.process(&mut batch).redacted, 0);
        assert_eq!(span_attrs(&batch)[0].value, None);
    }

    #[test]
    fn resource_scope_changes_resource_attributes_and_creates_a_missing_resource() {
        let mut config = action("deployment.environment", ActionKind::Upsert, Some("prod"));
        config.scope = AttributeScope::Resource;
        let mut batch = traces(vec![]);
        processor(vec![config]).process(&mut batch);
        let Payload::Traces(req) = &batch.payload else { panic!() };
        let resource = req.resource_spans[0].resource.as_ref().unwrap();
        assert_eq!(
            get(&resource.attributes, "deployment.environment"),
            Some(&Value::StringValue("prod".into()))
        );
        assert!(span_attrs(&batch).is_empty());
    }

    #[test]
    fn resource_scope_update_does_not_create_a_resource() {
        let mut config = action("env", ActionKind::Update, Some("prod"));
        config.scope = AttributeScope::Resource;
        let mut batch = traces(vec![]);
        processor(vec![config]).process(&mut batch);
        let Payload::Traces(req) = &batch.payload else { panic!() };
        assert!(req.resource_spans[0].resource.is_none());
    }

    #[test]
    fn actions_apply_to_log_records_and_every_data_point() {
        let p = processor(vec![action("env", ActionKind::Upsert, Some("prod"))]);
        let mut batch = logs(vec![]);
        p.process(&mut batch);
        let Payload::Logs(req) = &batch.payload else { panic!() };
        let log_attrs = &req.resource_logs[0].scope_logs[0].log_records[0].attributes;
        assert_eq!(get(log_attrs, "env"), Some(&Value::StringValue("prod".into())));

        let mut batch = metrics(vec![kv("user.email", s("a@b.c"))]);
        let hashed =
            processor(vec![action("user.email", ActionKind::Hash, None)]).process(&mut batch);
        assert_eq!(hashed.redacted, 2);
        let Payload::Metrics(req) = &batch.payload else { panic!() };
        let Some(Data::Gauge(gauge)) = &req.resource_metrics[0].scope_metrics[0].metrics[0].data
        else {
            panic!()
        };
        for point in &gauge.data_points {
            let expected = hex::encode(Sha256::digest(b"a@b.c"));
            assert_eq!(get(&point.attributes, "user.email"), Some(&Value::StringValue(expected)));
        }
    }

    #[test]
    fn signals_not_listed_are_left_alone() {
        let config = AttributesConfig {
            actions: vec![action("env", ActionKind::Upsert, Some("prod"))],
            signals: vec![SignalName::Logs],
        };
        let p = Attributes::new(&config).unwrap();
        let mut batch = traces(vec![]);
        p.process(&mut batch);
        assert!(span_attrs(&batch).is_empty());
        let mut batch = logs(vec![]);
        p.process(&mut batch);
        let Payload::Logs(req) = &batch.payload else { panic!() };
        assert_eq!(req.resource_logs[0].scope_logs[0].log_records[0].attributes.len(), 1);
    }

    #[test]
    fn missing_or_superfluous_values_are_configuration_errors() {
        let err = Attributes::new(&AttributesConfig {
            actions: vec![action("env", ActionKind::Upsert, None)],
            ..Default::default()
        })
        .unwrap_err();
        assert!(err.to_string().contains("processor `attributes`"), "{err}");
        assert!(err.to_string().contains("needs a `value`"), "{err}");
        let err = Attributes::new(&AttributesConfig {
            actions: vec![action("env", ActionKind::Delete, Some("x"))],
            ..Default::default()
        })
        .unwrap_err();
        assert!(err.to_string().contains("takes no `value`"), "{err}");
        let err = Attributes::new(&AttributesConfig {
            actions: vec![action("", ActionKind::Delete, None)],
            ..Default::default()
        })
        .unwrap_err();
        assert!(err.to_string().contains("empty `key`"), "{err}");
    }

    #[test]
    fn empty_batches_do_not_panic() {
        let p = processor(vec![action("env", ActionKind::Upsert, Some("prod"))]);
        for payload in [
            Payload::Traces(Default::default()),
            Payload::Metrics(Default::default()),
            Payload::Logs(Default::default()),
        ] {
            let mut batch = Batch::new(TenantId::new("t").unwrap(), payload);
            assert_eq!(p.process(&mut batch), ProcessStats::default());
        }
    }
}
