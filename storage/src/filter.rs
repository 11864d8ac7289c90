//! What a query asks of a row, decided once for every store: the predicates of span, log and
//! metric filters as data. Each store's own `filter.rs` renders them in its SQL dialect (its
//! column names, placeholders, time ranges, attribute-map lookups and case-insensitive search)
//! and decides nothing of its own, the way `rows.rs` shares the write side.

use ophion_core::query::{
    AttributeFilter, LogQuery, MetricQuery, SpanQuery, StatusFilter, TimeRange,
};
use ophion_core::{Result, TenantId};

use crate::encoding::{STATUS_CODE_ERROR, parse_trace_id};
use crate::rows::{HotKey, hot_column, is_status};

/// How far before the range a parent span may start and still be joined for the service map.
pub(crate) const SERVICE_MAP_PARENT_LOOKBACK_NS: u64 = 3_600 * 1_000_000_000;

/// The table a filter reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Signal {
    Spans,
    Logs,
    Points,
}

/// A column, by what it holds; each store knows its own name for it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Field {
    Tenant,
    /// A span's start, a log record's time, a point's time.
    Time,
    Duration,
    Service,
    /// A span's name.
    Operation,
    Status,
    TraceId,
    /// A typed hot-attribute column (text).
    Hot(&'static HotKey),
    /// The numeric HTTP status hot column.
    HttpStatus,
    Severity,
    MetricName,
}

/// A value a predicate compares with, typed for binding.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Text(String),
    Int(i64),
    /// Nanoseconds: a time or a duration.
    Nanos(u64),
    TraceId(u128),
}

#[derive(Debug, Clone)]
pub(crate) enum Predicate {
    Equals(Field, Value),
    AtLeast(Field, Value),
    AtMost(Field, Value),
    /// `[start, end)` on the signal's time.
    Within(TimeRange),
    /// The key holds the value in the item's own attributes or else its resource's: a string
    /// equal to it, or a number or bool whose JSON text equals it.
    Attribute(AttributeFilter),
    /// The log body holds the text, whatever the case.
    BodyContains(String),
    /// Matches no row: a filter no stored value can satisfy.
    Nothing,
}

/// Every predicate holds; the first names the tenant.
#[derive(Debug, Clone)]
pub(crate) struct Filter {
    pub signal: Signal,
    pub predicates: Vec<Predicate>,
}

impl Filter {
    /// The tenant's rows of `signal` in `range`.
    pub(crate) fn new(signal: Signal, tenant: &TenantId, range: TimeRange) -> Self {
        let tenant = Predicate::Equals(Field::Tenant, Value::Text(tenant.as_str().to_owned()));
        Self { signal, predicates: vec![tenant, Predicate::Within(range)] }
    }

    /// One service's spans in `range`.
    pub(crate) fn service_spans(tenant: &TenantId, service: &str, range: TimeRange) -> Self {
        Self::new(Signal::Spans, tenant, range).equals(Field::Service, Some(service))
    }

    /// The service map's two sides: child spans in `range`, and the spans that may be their
    /// parents, which may start up to [`SERVICE_MAP_PARENT_LOOKBACK_NS`] earlier (bounding the
    /// join's scan of the parent side).
    pub(crate) fn service_map(tenant: &TenantId, range: TimeRange) -> [Self; 2] {
        let lookback = TimeRange {
            start_ns: range.start_ns.saturating_sub(SERVICE_MAP_PARENT_LOOKBACK_NS),
            end_ns: range.end_ns,
        };
        [Self::new(Signal::Spans, tenant, range), Self::new(Signal::Spans, tenant, lookback)]
    }

    pub(crate) fn spans(query: &SpanQuery) -> Result<Self> {
        let mut filter = Self::new(Signal::Spans, &query.tenant, query.range)
            .equals(Field::Service, query.service.as_deref())
            .equals(Field::Operation, query.operation.as_deref())
            .trace_id(query.trace_id.as_deref())?;
        if let Some(min) = query.min_duration_ns {
            filter.predicates.push(Predicate::AtLeast(Field::Duration, Value::Nanos(min)));
        }
        if let Some(max) = query.max_duration_ns {
            filter.predicates.push(Predicate::AtMost(Field::Duration, Value::Nanos(max)));
        }
        if let Some(status) = query.status {
            filter
                .predicates
                .push(Predicate::Equals(Field::Status, Value::Int(status_code(status))));
        }
        filter.predicates.extend(query.attributes.iter().map(span_attribute));
        Ok(filter)
    }

    pub(crate) fn logs(query: &LogQuery) -> Result<Self> {
        let mut filter = Self::new(Signal::Logs, &query.tenant, query.range)
            .equals(Field::Service, query.service.as_deref())
            .trace_id(query.trace_id.as_deref())?;
        if let Some(text) = query.text.as_deref().filter(|t| !t.is_empty()) {
            filter.predicates.push(Predicate::BodyContains(text.to_owned()));
        }
        if let Some(min) = query.min_severity {
            filter.predicates.push(Predicate::AtLeast(Field::Severity, Value::Int(min.into())));
        }
        // Logs have no typed hot columns: every key is looked up in the attribute maps.
        let attributes = query.attributes.iter().cloned().map(Predicate::Attribute);
        filter.predicates.extend(attributes);
        Ok(filter)
    }

    pub(crate) fn points(query: &MetricQuery) -> Self {
        let mut filter = Self::new(Signal::Points, &query.tenant, query.range)
            .equals(Field::MetricName, query.name.as_deref())
            .equals(Field::Service, query.service.as_deref());
        let attributes = query.attributes.iter().cloned().map(Predicate::Attribute);
        filter.predicates.extend(attributes);
        filter
    }

    fn equals(mut self, field: Field, value: Option<&str>) -> Self {
        if let Some(value) = value {
            self.predicates.push(Predicate::Equals(field, Value::Text(value.to_owned())));
        }
        self
    }

    fn trace_id(mut self, trace_id: Option<&str>) -> Result<Self> {
        if let Some(id) = trace_id {
            let id = Value::TraceId(parse_trace_id(id)?);
            self.predicates.push(Predicate::Equals(Field::TraceId, id));
        }
        Ok(self)
    }
}

fn status_code(filter: StatusFilter) -> i64 {
    match filter {
        StatusFilter::Unset => 0,
        StatusFilter::Ok => 1,
        StatusFilter::Error => i64::from(STATUS_CODE_ERROR),
    }
}

/// A hot key filters its typed column, one column instead of two maps: the span's own value,
/// else its resource's, with older semantic-convention names as synonyms (`http.url` finds
/// `url.full`). Any other key is looked up in the maps.
fn span_attribute(attribute: &AttributeFilter) -> Predicate {
    match hot_column(&attribute.key) {
        Some(hot) if is_status(hot) => match attribute.value.trim().parse::<i64>() {
            Ok(code) => Predicate::Equals(Field::HttpStatus, Value::Int(code)),
            Err(_) => Predicate::Nothing,
        },
        Some(hot) => Predicate::Equals(Field::Hot(hot), Value::Text(attribute.value.clone())),
        None => Predicate::Attribute(attribute.clone()),
    }
}

/// The column holding `field` of `signal` in the embedded and PostgreSQL schemas, which share
/// their names.
pub(crate) fn snake_case_column(signal: Signal, field: Field) -> &'static str {
    match field {
        Field::Tenant => "tenant",
        Field::Time if signal == Signal::Spans => "start_ns",
        Field::Time => "time_ns",
        Field::Duration => "duration_ns",
        Field::Service => "service_name",
        Field::Operation | Field::MetricName => "name",
        Field::Status => "status_code",
        Field::TraceId => "trace_id",
        Field::Hot(hot) => hot.column,
        Field::HttpStatus => "http_status_code",
        Field::Severity => "severity_number",
    }
}

/// A store's SQL dialect, as a statement being written: what it must say its own way. Text
/// and bound values go in together, so no placeholder can lack its value.
pub(crate) trait Dialect {
    /// Literal SQL.
    fn sql(&mut self, text: &str);
    /// The column holding `field` of `signal`, after the table alias (`""` or `"c."`).
    fn column(&mut self, alias: &str, signal: Signal, field: Field);
    /// A placeholder bound to `value`, in the type `field`'s column compares with.
    fn value(&mut self, field: Field, value: &Value);
    /// `[start, end)` on the signal's time.
    fn within(&mut self, alias: &str, signal: Signal, range: TimeRange) {
        self.compare(alias, signal, Field::Time, ">=", &Value::Nanos(range.start_ns));
        self.sql(" AND ");
        self.compare(alias, signal, Field::Time, "<", &Value::Nanos(range.end_ns));
    }
    /// [`Predicate::Attribute`], in this store's maps.
    fn attribute(&mut self, alias: &str, signal: Signal, filter: &AttributeFilter);
    /// [`Predicate::BodyContains`].
    fn body_contains(&mut self, alias: &str, text: &str);
    /// A condition no row meets.
    fn nothing(&mut self) {
        self.sql("FALSE");
    }

    fn compare(&mut self, alias: &str, signal: Signal, field: Field, op: &str, value: &Value) {
        self.column(alias, signal, field);
        self.sql(&format!(" {op} "));
        self.value(field, value);
    }

    /// The filter's predicates, joined with `AND`.
    fn filter(&mut self, alias: &str, filter: &Filter) {
        let signal = filter.signal;
        for (i, predicate) in filter.predicates.iter().enumerate() {
            if i > 0 {
                self.sql(" AND ");
            }
            match predicate {
                Predicate::Equals(field, value) => self.compare(alias, signal, *field, "=", value),
                Predicate::AtLeast(field, value) => {
                    self.compare(alias, signal, *field, ">=", value);
                }
                Predicate::AtMost(field, value) => {
                    self.compare(alias, signal, *field, "<=", value);
                }
                Predicate::Within(range) => self.within(alias, signal, *range),
                Predicate::Attribute(attribute) => self.attribute(alias, signal, attribute),
                Predicate::BodyContains(text) => self.body_contains(alias, text),
                Predicate::Nothing => self.nothing(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use ophion_core::query::{Page, SpanSort};

    use super::*;

    fn span_query(attributes: Vec<AttributeFilter>) -> SpanQuery {
        SpanQuery {
            tenant: TenantId::new("acme").unwrap(),
            range: TimeRange { start_ns: 1, end_ns: 2 },
            service: Some("checkout".into()),
            operation: None,
            min_duration_ns: Some(5),
            max_duration_ns: None,
            status: Some(StatusFilter::Error),
            trace_id: None,
            attributes,
            sort: SpanSort::Newest,
            page: Page { limit: 10, offset: 0 },
        }
    }

    fn attr(key: &str, value: &str) -> AttributeFilter {
        AttributeFilter { key: key.into(), value: value.into() }
    }

    #[test]
    fn span_filters_start_with_the_tenant_and_name_each_condition_once() {
        let filter = Filter::spans(&span_query(vec![])).unwrap();
        let shown: Vec<String> = filter.predicates.iter().map(|p| format!("{p:?}")).collect();
        assert_eq!(shown.len(), 5, "{shown:?}");
        assert!(shown[0].contains("Tenant") && shown[0].contains("acme"), "{shown:?}");
        assert!(shown[1].starts_with("Within"), "{shown:?}");
    }

    #[test]
    fn hot_keys_read_their_typed_column_and_a_non_numeric_status_matches_nothing() {
        let filter = Filter::spans(&span_query(vec![
            attr("http.url", "/x"),
            attr("http.status_code", "5xx"),
            attr("http.response.status_code", " 503 "),
            attr("custom.key", "v"),
        ]))
        .unwrap();
        let tail = &filter.predicates[filter.predicates.len() - 4..];
        assert!(
            matches!(&tail[0], Predicate::Equals(Field::Hot(h), Value::Text(v)) if h.column == "url_full" && v == "/x")
        );
        assert!(matches!(tail[1], Predicate::Nothing));
        assert!(matches!(tail[2], Predicate::Equals(Field::HttpStatus, Value::Int(503))));
        assert!(matches!(&tail[3], Predicate::Attribute(a) if a.key == "custom.key"));
    }

    #[test]
    fn an_unparsable_trace_id_is_refused_and_empty_log_text_filters_nothing() {
        let bad = SpanQuery { trace_id: Some("xyz".into()), ..span_query(vec![]) };
        assert!(Filter::spans(&bad).is_err());
        let logs = LogQuery {
            tenant: TenantId::new("acme").unwrap(),
            range: TimeRange { start_ns: 1, end_ns: 2 },
            service: None,
            text: Some(String::new()),
            min_severity: None,
            trace_id: None,
            attributes: vec![attr("k", "v")],
            page: Page { limit: 10, offset: 0 },
        };
        let filter = Filter::logs(&logs).unwrap();
        assert_eq!(filter.predicates.len(), 3);
        assert!(matches!(&filter.predicates[2], Predicate::Attribute(a) if a.key == "k"));
    }
}
