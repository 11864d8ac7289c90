//! A `WHERE` clause built from query filters. User values only ever travel as bound
//! parameters; the only text formatted into SQL is column names from this module's fixed
//! set (and table aliases chosen by the caller from constants).

use duckdb::types::Value;
use ophion_core::TenantId;
use ophion_core::query::{AttributeFilter, TimeRange};

use crate::encoding::json_quoted;

#[derive(Debug, Default)]
pub(crate) struct Where {
    clauses: Vec<String>,
    pub(crate) params: Vec<Value>,
}

impl Where {
    /// Starts with the tenant: every query is scoped to one.
    pub(crate) fn tenant(alias: &'static str, tenant: &TenantId) -> Self {
        let mut filter = Self::default();
        filter.push(format!("{alias}tenant = ?"), [Value::Text(tenant.as_str().to_owned())]);
        filter
    }

    pub(crate) fn push(&mut self, clause: String, params: impl IntoIterator<Item = Value>) {
        self.clauses.push(clause);
        self.params.extend(params);
    }

    /// `[start, end)` on a time column.
    pub(crate) fn range(&mut self, column: &'static str, range: TimeRange) {
        self.push(
            format!("{column} >= ? AND {column} < ?"),
            [Value::UBigInt(range.start_ns), Value::UBigInt(range.end_ns)],
        );
    }

    /// Each filter matches the item's own attributes or its resource's: a string attribute
    /// equal to the value (stored JSON-quoted), or a number/bool whose JSON text equals it.
    pub(crate) fn attributes(&mut self, alias: &'static str, filters: &[AttributeFilter]) {
        for f in filters {
            self.push(
                format!(
                    "({alias}attributes[?] IN (?, ?) OR {alias}resource_attributes[?] IN (?, ?))"
                ),
                [
                    Value::Text(f.key.clone()),
                    Value::Text(json_quoted(&f.value)),
                    Value::Text(f.value.clone()),
                    Value::Text(f.key.clone()),
                    Value::Text(json_quoted(&f.value)),
                    Value::Text(f.value.clone()),
                ],
            );
        }
    }

    pub(crate) fn sql(&self) -> String {
        self.clauses.join(" AND ")
    }
}

/// `ILIKE` pattern for a case-insensitive substring, with the wildcards in the user's text
/// escaped (use with `ESCAPE '\'`).
pub(crate) fn contains_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_in_user_text_are_escaped() {
        assert_eq!(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}
