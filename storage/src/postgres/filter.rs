//! The shared filters (`crate::filter`) in PostgreSQL's SQL: `$n` placeholders written by
//! sqlx's `QueryBuilder` together with their values, a `timestamptz` twin on every time range
//! for partition pruning, `jsonb` lookups for attributes and ICU case folding for body search.

use ophion_core::query::{AttributeFilter, KeyPart, TimeRange};
use sqlx::{Postgres, QueryBuilder};

use super::append::i64_of;
use crate::encoding::json_quoted;
use crate::filter::{Dialect, Field, Key, List, Signal, Value, snake_case_column, snake_case_key};

/// A statement being written: `bind` writes a `$n` and binds its value in one call, so a
/// placeholder cannot lack a value.
pub(super) struct Sql(QueryBuilder<'static, Postgres>);

impl Default for Sql {
    fn default() -> Self {
        Self::new("")
    }
}

impl Sql {
    pub(super) fn new(text: impl Into<String>) -> Self {
        Self(QueryBuilder::new(text))
    }

    pub(super) fn push(&mut self, text: &str) -> &mut Self {
        self.0.push(text);
        self
    }

    /// A `$n` bound to `value`.
    pub(super) fn bind<T>(&mut self, value: T) -> &mut Self
    where
        T: 'static + Send + sqlx::Encode<'static, Postgres> + sqlx::Type<Postgres>,
    {
        self.0.push_bind(value);
        self
    }

    pub(super) fn builder(&mut self) -> &mut QueryBuilder<'static, Postgres> {
        &mut self.0
    }
}

/// A nanosecond value as `timestamptz`, exact to the microsecond.
const TIMESTAMP: (&str, &str) =
    ("('epoch'::timestamptz + (", "::bigint / 1000) * interval '1 microsecond')");

/// The `timestamptz` column a table is partitioned by.
fn partition_column(signal: Signal) -> &'static str {
    if signal == Signal::Spans { "start_time" } else { "time" }
}

impl Dialect for Sql {
    /// The row's queue record (`queue_position`) and its place among that record's rows of
    /// its signal (`row_ordinal`): unique per instance.
    const ROW_KEYS: usize = 2;
    const IDS_AS_BYTES: bool = true;

    fn limit(&mut self, rows: u64) {
        self.bind(i64::try_from(rows).unwrap_or(i64::MAX));
    }

    fn key_column(&mut self, alias: &str, list: List, key: Key) {
        let column = match key {
            Key::Row(0) => format!("{alias}queue_position"),
            Key::Row(_) => format!("{alias}row_ordinal"),
            _ => snake_case_key(alias, list, key),
        };
        self.push(&column);
    }

    /// Numbers travel as the `bigint` bits they were read from (a series id uses all 64).
    fn key_value(&mut self, _: List, _: Key, part: &KeyPart) {
        match part {
            KeyPart::Number(n) => self.bind(*n as u64 as i64),
            KeyPart::Text(text) => self.bind(text.clone()),
            KeyPart::Bytes(bytes) => self.bind(bytes.clone()),
        };
    }

    fn sql(&mut self, text: &str) {
        self.push(text);
    }

    fn column(&mut self, alias: &str, signal: Signal, field: Field) {
        self.push(alias).push(snake_case_column(signal, field));
    }

    fn value(&mut self, _: Field, value: &Value) {
        match value {
            Value::Text(text) => self.bind(text.clone()),
            Value::Int(n) => self.bind(*n),
            Value::Nanos(ns) => self.bind(i64_of(*ns)),
            Value::TraceId(id) => self.bind(id.to_be_bytes().to_vec()),
        };
    }

    /// The nanosecond column's range, and the partition column's (inclusive at the end, as it
    /// is rounded to microseconds) so that the planner prunes partitions.
    fn within(&mut self, alias: &str, signal: Signal, range: TimeRange) {
        let ns = format!("{alias}{}", snake_case_column(signal, Field::Time));
        let time = format!("{alias}{}", partition_column(signal));
        let (start, end) = (i64_of(range.start_ns), i64_of(range.end_ns));
        self.push(&format!("{ns} >= ")).bind(start).push(&format!(" AND {ns} < ")).bind(end);
        self.push(&format!(" AND {time} >= {}", TIMESTAMP.0)).bind(start).push(TIMESTAMP.1);
        self.push(&format!(" AND {time} <= {}", TIMESTAMP.0)).bind(end).push(TIMESTAMP.1);
    }

    /// A string matches as a JSON string; a number or bool by its JSON text.
    fn attribute(&mut self, alias: &str, _: Signal, filter: &AttributeFilter) {
        for (i, map) in ["attributes", "resource_attributes"].into_iter().enumerate() {
            self.push(if i == 0 { "((" } else { " OR (" });
            self.push(&format!("{alias}{map} -> ")).bind(filter.key.clone());
            self.push(" = ").bind(json_quoted(&filter.value)).push("::jsonb");
            self.push(&format!(" OR ({alias}{map} -> ")).bind(filter.key.clone());
            self.push(")::text = ").bind(filter.value.clone()).push(")");
        }
        self.push(")");
    }

    /// ICU case mapping, whatever the database's own locale: `É` finds `é`.
    fn body_contains(&mut self, alias: &str, text: &str) {
        self.push(&format!("strpos(lower({alias}body_text COLLATE \"und-x-icu\"), lower("));
        self.bind(text.to_owned()).push("::text COLLATE \"und-x-icu\")) > 0");
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::filter::sample_log_filter;

    #[test]
    fn placeholders_are_numbered_in_the_order_their_values_are_bound() {
        let mut sql = Sql::new("SELECT 1 FROM logs l WHERE ");
        sql.filter("l.", &sample_log_filter());
        let text = sql.builder().sql().to_owned();
        // tenant, 4 range bounds, 2 x 4 attribute values, the text.
        for n in 1..=14 {
            assert!(text.contains(&format!("${n}")), "${n} in {text}");
        }
        assert!(!text.contains("$15"), "{text}");
        assert!(text.contains("l.time >= ('epoch'::timestamptz + ($4::bigint"), "{text}");
    }
}
