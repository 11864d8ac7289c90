//! The shared filters (`crate::filter`) in DuckDB's SQL: `?` placeholders bound to DuckDB
//! values, `MAP` lookups for attributes, `contains` on lowered text for body search. User values only ever travel
//! as bound parameters; the only text formatted into SQL is column names from a fixed set (and
//! table aliases the caller picks from constants).

use duckdb::types::Value as Duck;
use ophion_core::query::{AttributeFilter, KeyPart};

use crate::encoding::json_quoted;
use crate::filter::{Dialect, Field, Key, List, Signal, Value, snake_case_column, snake_case_key};

/// A statement being written: its SQL text and the values of its `?` placeholders, which
/// grow together.
#[derive(Debug, Default)]
pub(crate) struct Sql {
    pub text: String,
    pub params: Vec<Duck>,
}

impl Sql {
    pub(crate) fn new(text: impl Into<String>) -> Self {
        Self { text: text.into(), params: Vec::new() }
    }

    pub(crate) fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// A `?` bound to `value`.
    pub(crate) fn bind(&mut self, value: Duck) -> &mut Self {
        self.text.push('?');
        self.params.push(value);
        self
    }
}

impl Dialect for Sql {
    /// DuckDB's `rowid`: unique in its table, and in insertion order.
    const ROW_KEYS: usize = 1;

    /// Missing ids are NULL here and sort as 0, which no valid id is.
    fn key_column(&mut self, alias: &str, list: List, key: Key) {
        let column = match key {
            Key::TraceId => format!("coalesce({alias}trace_id, 0::UHUGEINT)"),
            Key::SpanId => format!("coalesce({alias}span_id, 0::UBIGINT)"),
            _ => snake_case_key(alias, list, key),
        };
        self.push(&column);
    }

    fn limit(&mut self, rows: u64) {
        self.bind(Duck::UBigInt(rows));
    }

    fn key_value(&mut self, _: List, key: Key, part: &KeyPart) {
        self.bind(match (key, part) {
            (Key::TraceId, KeyPart::Number(n)) => Duck::UHugeInt(*n),
            (_, KeyPart::Number(n)) => Duck::UBigInt(u64::try_from(*n).unwrap_or(u64::MAX)),
            (_, KeyPart::Text(text)) => Duck::Text(text.clone()),
            (_, KeyPart::Bytes(bytes)) => Duck::Blob(bytes.clone()),
        });
    }

    fn sql(&mut self, text: &str) {
        self.push(text);
    }

    fn column(&mut self, alias: &str, signal: Signal, field: Field) {
        self.text.push_str(alias);
        self.text.push_str(snake_case_column(signal, field));
    }

    fn value(&mut self, _: Field, value: &Value) {
        self.bind(match value {
            Value::Text(text) => Duck::Text(text.clone()),
            Value::Int(n) => Duck::BigInt(*n),
            Value::Nanos(ns) => Duck::UBigInt(*ns),
            Value::TraceId(id) => Duck::UHugeInt(*id),
        });
    }

    /// Values are stored JSON-encoded, so a string matches in its quoted form.
    fn attribute(&mut self, alias: &str, _: Signal, filter: &AttributeFilter) {
        for (i, map) in ["attributes", "resource_attributes"].into_iter().enumerate() {
            self.push(if i == 0 { "(" } else { " OR " });
            self.push(&format!("{alias}{map}[")).bind(Duck::Text(filter.key.clone()));
            self.push("] IN (").bind(Duck::Text(json_quoted(&filter.value)));
            self.push(", ").bind(Duck::Text(filter.value.clone())).push(")");
        }
        self.push(")");
    }

    /// A plain substring test on lowered text: DuckDB runs `contains` over a column several
    /// times faster than `ILIKE … ESCAPE` (1.7 s against 9.3 s on 3.1M bodies), and the
    /// user's `%` and `_` need no escaping.
    fn body_contains(&mut self, alias: &str, text: &str) {
        self.push(&format!("contains(lower({alias}body_text), lower("));
        self.bind(Duck::Text(text.to_owned())).push("))");
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::filter::sample_log_filter;

    #[test]
    fn every_placeholder_has_its_value() {
        let mut sql = Sql::new("SELECT * FROM logs WHERE ");
        sql.filter("l.", &sample_log_filter());
        assert_eq!(sql.text.matches('?').count(), sql.params.len());
        assert!(sql.text.contains("l.time_ns >= ? AND l.time_ns < ?"), "{}", sql.text);
        assert_eq!(sql.params[3], Duck::Text("k".into()));
        assert_eq!(sql.params[4], Duck::Text("\"v\"".into()));
    }
}
