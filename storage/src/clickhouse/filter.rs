//! The shared filters (`crate::filter`) in ClickHouse's SQL: the exporter schema's column
//! names, `?` placeholders that the client fills with escaped literals, `DateTime64` times,
//! `FixedString` ids through `unhex`, `Map` lookups for attributes and `lowerUTF8` for body
//! search. User values never reach the SQL text any other way.

use clickhouse::Client;
use clickhouse::query::Query;
use ophion_core::query::{AttributeFilter, KeyPart};
use serde::Serialize;

use crate::encoding::json_quoted;
use crate::filter::{Dialect, Field, Key, List, Signal, Value};

/// A bound value.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub(super) enum Param {
    Text(String),
    Int(i64),
    UInt(u64),
}

/// Nanoseconds as ClickHouse's `Int64`; times past 2262 are clamped.
pub(super) fn nanos(ns: u64) -> Param {
    Param::Int(i64::try_from(ns).unwrap_or(i64::MAX))
}

/// A statement being written: its SQL text and the values of its `?` placeholders, which
/// grow together.
#[derive(Debug, Default)]
pub(super) struct Sql {
    text: String,
    params: Vec<Param>,
}

impl Sql {
    pub(super) fn new(text: impl Into<String>) -> Self {
        Self { text: text.into(), params: Vec::new() }
    }

    pub(super) fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// A `?` bound to `param`.
    pub(super) fn bind(&mut self, param: Param) -> &mut Self {
        self.text.push('?');
        self.params.push(param);
        self
    }

    /// The statement on `client`, every placeholder bound.
    pub(super) fn query(&self, client: &Client) -> Query {
        self.params.iter().fold(client.query(&self.text), |query, param| query.bind(param))
    }
}

/// The column holding `field` of `signal`.
fn column(signal: Signal, field: Field) -> String {
    match field {
        Field::Tenant => "TenantId",
        Field::Time if signal == Signal::Points => "TimeUnix",
        Field::Time => "Timestamp",
        Field::Duration => "Duration",
        Field::Service => "ServiceName",
        Field::Operation => "SpanName",
        Field::Status => "StatusCode",
        Field::TraceId => "TraceId",
        Field::Hot(hot) => return pascal_case(hot.column),
        Field::HttpStatus => "HttpStatusCode",
        Field::Severity => "SeverityNumber",
        Field::MetricName => "MetricName",
    }
    .to_owned()
}

/// `http_status_code` → `HttpStatusCode`: the hot columns' names shared by the other stores,
/// in the ClickHouse schema's case.
fn pascal_case(snake: &str) -> String {
    snake
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// The map holding a signal's own attributes.
fn attribute_map(signal: Signal) -> &'static str {
    match signal {
        Signal::Spans => "SpanAttributes",
        Signal::Logs => "LogAttributes",
        Signal::Points => "Attributes",
    }
}

/// The column holding `key` in `list`'s rows; a trace's are its summary's aliases.
fn key_column(list: List, key: Key) -> &'static str {
    match (list, key) {
        (List::Traces, Key::Time) => "start_ns",
        (List::Traces, Key::Duration) => "duration_ns",
        (List::Traces, Key::TraceId) => "trace_id",
        (List::Points, Key::Time) => "TimeUnix",
        (_, Key::Time) => "Timestamp",
        (_, Key::Observed) => "ObservedTimestamp",
        (_, Key::Duration) => "Duration",
        (_, Key::TraceId) => "TraceId",
        (_, Key::SpanId) => "SpanId",
        (_, Key::Name) => "MetricName",
        (_, Key::Series) => "SeriesId",
        (_, Key::Row(0)) => "QueuePosition",
        (_, Key::Row(_)) => "RowOrdinal",
    }
}

impl Dialect for Sql {
    /// The row's queue record (`QueuePosition`) and its place among that record's rows of
    /// its signal (`RowOrdinal`): unique per instance.
    const ROW_KEYS: usize = 2;
    const IDS_AS_BYTES: bool = true;

    fn limit(&mut self, rows: u64) {
        self.bind(Param::UInt(rows));
    }

    fn key_column(&mut self, alias: &str, list: List, key: Key) {
        self.push(alias).push(key_column(list, key));
    }

    fn key_value(&mut self, list: List, key: Key, part: &KeyPart) {
        match part {
            KeyPart::Number(n) => {
                let n = u64::try_from(*n).unwrap_or(u64::MAX);
                match (list, key) {
                    (List::Traces, _) => self.bind(nanos(n)),
                    (_, Key::Time | Key::Observed) => {
                        self.push("fromUnixTimestamp64Nano(toInt64(").bind(nanos(n)).push("))")
                    }
                    _ => self.bind(Param::UInt(n)),
                }
            }
            KeyPart::Text(text) => self.bind(Param::Text(text.clone())),
            KeyPart::Bytes(bytes) => {
                let width = if key == Key::SpanId { 8 } else { 16 };
                self.push("toFixedString(unhex(").bind(Param::Text(hex::encode(bytes)));
                self.push(&format!("), {width})"))
            }
        };
    }

    fn sql(&mut self, text: &str) {
        self.push(text);
    }

    fn column(&mut self, alias: &str, signal: Signal, field: Field) {
        self.push(alias).push(&column(signal, field));
    }

    fn value(&mut self, field: Field, value: &Value) {
        match value {
            Value::Text(text) => self.bind(Param::Text(text.clone())),
            Value::Int(n) => self.bind(Param::Int(*n)),
            Value::Nanos(ns) if matches!(field, Field::Time) => {
                self.push("fromUnixTimestamp64Nano(toInt64(").bind(nanos(*ns)).push("))")
            }
            Value::Nanos(ns) => self.bind(nanos(*ns)),
            Value::TraceId(id) => {
                self.push("unhex(").bind(Param::Text(format!("{id:032x}"))).push(")")
            }
        };
    }

    /// Values are stored JSON-encoded, so a string matches in its quoted form; `mapContains`
    /// first, since a missing key reads as the empty string.
    fn attribute(&mut self, alias: &str, signal: Signal, filter: &AttributeFilter) {
        for (i, map) in [attribute_map(signal), "ResourceAttributes"].into_iter().enumerate() {
            self.push(if i == 0 { "((" } else { " OR (" });
            self.push(&format!("mapContains({alias}{map}, ")).bind(Param::Text(filter.key.clone()));
            self.push(&format!(") AND {alias}{map}[")).bind(Param::Text(filter.key.clone()));
            self.push("] IN (").bind(Param::Text(json_quoted(&filter.value)));
            self.push(", ").bind(Param::Text(filter.value.clone())).push("))");
        }
        self.push(")");
    }

    fn body_contains(&mut self, alias: &str, text: &str) {
        self.push(&format!("position(lowerUTF8({alias}BodyText), lowerUTF8("));
        self.bind(Param::Text(text.to_owned())).push(")) > 0");
    }

    fn nothing(&mut self) {
        self.push("0");
    }

    fn always(&mut self) {
        self.push("1");
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use ophion_core::TenantId;
    use ophion_core::query::{Page, SpanQuery, SpanSort, TimeRange};

    use super::*;

    #[test]
    fn span_filters_name_the_exporter_columns_and_bind_every_placeholder() {
        let query = SpanQuery {
            tenant: TenantId::new("acme").unwrap(),
            range: TimeRange { start_ns: 1, end_ns: 2 },
            service: None,
            operation: None,
            min_duration_ns: Some(3),
            max_duration_ns: None,
            status: None,
            trace_id: Some("0af7651916cd43dd8448eb211c80319c".into()),
            attributes: vec![
                AttributeFilter { key: "k8s.pod.name".into(), value: "p".into() },
                AttributeFilter { key: "custom".into(), value: "v".into() },
            ],
            sort: SpanSort::Newest,
            page: Page::first(1),
        };
        let mut sql = Sql::new("");
        sql.filter("", &crate::filter::Filter::spans(&query).unwrap());
        assert_eq!(sql.text.matches('?').count(), sql.params.len());
        for expected in [
            "TenantId = ?",
            "Timestamp >= fromUnixTimestamp64Nano(toInt64(?))",
            "Duration >= ?",
            "TraceId = unhex(?)",
            "K8sPod = ?",
            "mapContains(SpanAttributes, ?)",
        ] {
            assert!(sql.text.contains(expected), "{expected} in {}", sql.text);
        }
    }
}
