//! Synchronous processors that run on every batch before it reaches the durable queue, so
//! what they remove (secrets, filtered items) never touches disk.
//!
//! Processors are verbs: `attributes`, `filter`, `redact`. They run in configured order.

pub mod attributes;
pub mod config;
pub mod error;
pub mod filter;
pub mod redact;
mod walk;

use ophion_core::Batch;

use crate::inspect::ValueCheck;

pub use attributes::Attributes;
pub use config::{ProcessorConfig, default_configs};
pub use error::{Error, Result};
pub use filter::Filter;
pub use redact::Redact;

/// What one processor did to one batch, for self-metrics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProcessStats {
    /// Spans, log records or data points removed from the batch.
    pub dropped: u64,
    /// Attribute values, bodies or names rewritten by redaction.
    pub redacted: u64,
}

impl std::ops::AddAssign for ProcessStats {
    fn add_assign(&mut self, rhs: Self) {
        self.dropped += rhs.dropped;
        self.redacted += rhs.redacted;
    }
}

/// A processor mutates a batch in place. It must not panic on any input and must not
/// allocate per item when it has nothing to do.
pub trait Processor: Send + Sync + 'static {
    fn name(&self) -> &'static str;
    fn process(&self, batch: &mut Batch) -> ProcessStats;

    /// The same decision on encoded bytes, for a processor that only rewrites values in
    /// place (see [`crate::inspect`]). `None`: batches must be decoded for this processor.
    fn value_check(&self) -> Option<&dyn ValueCheck> {
        None
    }
}

impl ProcessorConfig {
    /// The processor this configuration describes.
    pub fn build(&self) -> Result<Box<dyn Processor>> {
        Ok(match self {
            Self::Redact(config) => Box::new(Redact::new(config)?),
            Self::Attributes(config) => Box::new(Attributes::new(config)?),
            Self::Filter(config) => Box::new(Filter::new(config)?),
        })
    }
}

/// The processors for a configuration, in order. Fails on the first invalid one.
pub fn build(configs: &[ProcessorConfig]) -> Result<Vec<Box<dyn Processor>>> {
    configs.iter().map(ProcessorConfig::build).collect()
}

/// What runs when the configuration names no processors: redaction with its defaults.
pub fn default_processors() -> Result<Vec<Box<dyn Processor>>> {
    build(&default_configs())
}

#[cfg(test)]
mod tests {
    use ophion_core::otlp::collector::trace::v1::ExportTraceServiceRequest;
    use ophion_core::otlp::common::v1::KeyValue;
    use ophion_core::otlp::common::v1::any_value::Value;
    use ophion_core::otlp::resource::v1::Resource;
    use ophion_core::otlp::trace::v1::{ResourceSpans, ScopeSpans, Span};
    use ophion_core::{Payload, TenantId};

    use ophion_testkit::otlp::kv;

    use super::*;

    fn resource_spans(service: &str, spans: Vec<Span>) -> ResourceSpans {
        ResourceSpans {
            resource: Some(Resource {
                attributes: vec![kv("service.name", service)],
                ..Default::default()
            }),
            scope_spans: vec![ScopeSpans { spans, ..Default::default() }],
            ..Default::default()
        }
    }

    #[test]
    fn default_processors_are_one_redact() {
        let processors = default_processors().unwrap();
        let names: Vec<_> = processors.iter().map(|p| p.name()).collect();
        assert_eq!(names, ["redact"]);
    }

    #[test]
    fn configured_processors_run_in_order_and_their_stats_add_up() {
        let configs: Vec<ProcessorConfig> = serde_json::from_str(
            r#"[
              {"redact": {"emails": true, "deny_keys": ["x-internal-token"], "allow_keys": ["user.id"]}},
              {"attributes": {"actions": [
                  {"key": "env", "action": "upsert", "value": "prod"},
                  {"key": "user.email", "action": "hash"}]}},
              {"filter": {"services": ["healthcheck"], "span_names": ["^GET /health"], "min_severity": 9}}
            ]"#,
        )
        .unwrap();
        let processors = build(&configs).unwrap();
        let span = |name: &str, attrs: Vec<KeyValue>| Span {
            name: name.into(),
            attributes: attrs,
            ..Default::default()
        };
        let req = ExportTraceServiceRequest {
            resource_spans: vec![
                resource_spans(
                    "checkout",
                    vec![
                        span(
                            "POST /pay",
                            vec![
                                kv("x-internal-token", "t0k"),
                                kv("user.id", "4111111111111111"),
                                kv("user.email", "bob@example.com"),
                            ],
                        ),
                        span("GET /healthz", vec![]),
                    ],
                ),
                resource_spans("healthcheck", vec![span("ping", vec![])]),
            ],
        };
        let mut batch = Batch::new(TenantId::new("acme").unwrap(), Payload::Traces(req));
        let mut stats = ProcessStats::default();
        for processor in &processors {
            stats += processor.process(&mut batch);
        }
        // Redact: the token (deny list) and the email; hash: the already-redacted email.
        assert_eq!(stats, ProcessStats { dropped: 2, redacted: 3 });
        let Payload::Traces(req) = &batch.payload else { panic!() };
        assert_eq!(req.resource_spans.len(), 1);
        let spans = &req.resource_spans[0].scope_spans[0].spans;
        assert_eq!(spans.len(), 1);
        let value = |key: &str| {
            let kv = spans[0].attributes.iter().find(|kv| kv.key == key).unwrap();
            kv.value.clone().and_then(|v| v.value)
        };
        assert_eq!(value("x-internal-token"), Some(Value::StringValue("[REDACTED]".into())));
        assert_eq!(value("user.id"), Some(Value::StringValue("4111111111111111".into())));
        assert_eq!(value("env"), Some(Value::StringValue("prod".into())));
        let Some(Value::StringValue(hashed)) = value("user.email") else { panic!() };
        assert_eq!(hashed.len(), 64);
    }

    #[test]
    fn the_first_invalid_configuration_fails_the_build_with_its_name() {
        let configs: Vec<ProcessorConfig> =
            serde_json::from_str(r#"[{"redact": {}}, {"filter": {"span_names": ["(unclosed"]}}]"#)
                .unwrap();
        let Err(err) = build(&configs) else { panic!("built an invalid filter") };
        assert!(
            err.to_string()
                .starts_with("processor `filter`: invalid regular expression \"(unclosed\""),
            "{err}"
        );
    }
}
