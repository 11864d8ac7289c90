//! What a query asks of a row, decided once for every store: the predicates of span, log and
//! metric filters as data, and the keyset that pages a list (its sort columns, and the rows
//! after a cursor). Each store's own `filter.rs` renders them in its SQL dialect (its column
//! names, placeholders, time ranges, attribute-map lookups and case-insensitive search) and
//! decides nothing of its own, the way `rows.rs` shares the write side.

use ophion_core::query::{
    AttributeFilter, Cursor, FOREIGN_CURSOR, KeyPart, ListOrder, LogQuery, MetricQuery, Page,
    Paged, SpanQuery, SpanSort, StatusFilter, TimeRange,
};
use ophion_core::{Error, Result, TenantId};

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

// ---- keyset pages --------------------------------------------------------------------------

/// The list a keyset pages through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum List {
    Traces,
    Spans,
    Logs,
    Points,
}

/// A sort-key column, by what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    /// A span's start (a trace's earliest), a log record's time, a point's time.
    Time,
    /// A log record's observed time.
    Observed,
    Duration,
    TraceId,
    SpanId,
    /// A metric's name.
    Name,
    Series,
    /// The `i`th column of the store's per-row tie-break (`Dialect::ROW_KEYS` of them).
    Row(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    Ascending,
    Descending,
}

/// What a key's values are in a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PartKind {
    Number,
    Text,
    Bytes,
}

/// A row's sort-key values, as a store read them; a list uses the ones its order names.
#[derive(Debug, Clone)]
pub(crate) struct SortKey {
    pub time_ns: u64,
    pub observed_ns: u64,
    pub duration_ns: u64,
    pub trace_id: KeyPart,
    pub span_id: KeyPart,
    pub name: String,
    pub series_id: u64,
    /// The store's per-row tie-break.
    pub row: Vec<u64>,
}

impl Default for SortKey {
    fn default() -> Self {
        Self {
            time_ns: 0,
            observed_ns: 0,
            duration_ns: 0,
            trace_id: KeyPart::Number(0),
            span_id: KeyPart::Number(0),
            name: String::new(),
            series_id: 0,
            row: Vec::new(),
        }
    }
}

impl SortKey {
    fn part(&self, key: Key) -> KeyPart {
        match key {
            Key::Time => KeyPart::Number(self.time_ns.into()),
            Key::Observed => KeyPart::Number(self.observed_ns.into()),
            Key::Duration => KeyPart::Number(self.duration_ns.into()),
            Key::TraceId => self.trace_id.clone(),
            Key::SpanId => self.span_id.clone(),
            Key::Name => KeyPart::Text(self.name.clone()),
            Key::Series => KeyPart::Number(self.series_id.into()),
            Key::Row(i) => KeyPart::Number(self.row.get(i).copied().unwrap_or(0).into()),
        }
    }
}

/// The columns `order` sorts by, most significant first. The last make each row's key unique
/// (a trace's id; a span's ids and then the store's row tie-break; a log record's or point's
/// row tie-break), so the rows after a key are exactly those not yet read, however many share
/// a timestamp.
fn sort_keys(order: ListOrder, row_keys: usize) -> Vec<(Key, Direction)> {
    use Direction::{Ascending as Asc, Descending as Desc};
    let rows = |direction| (0..row_keys).map(move |i| (Key::Row(i), direction));
    match order {
        ListOrder::Traces(sort) => match sort {
            SpanSort::Newest => vec![(Key::Time, Desc), (Key::TraceId, Asc)],
            SpanSort::Oldest => vec![(Key::Time, Asc), (Key::TraceId, Asc)],
            SpanSort::Longest => {
                vec![(Key::Duration, Desc), (Key::Time, Desc), (Key::TraceId, Asc)]
            }
            SpanSort::Shortest => {
                vec![(Key::Duration, Asc), (Key::Time, Desc), (Key::TraceId, Asc)]
            }
        },
        ListOrder::Spans(sort) => {
            let ids = [(Key::TraceId, Asc), (Key::SpanId, Asc)];
            let by_duration = [(Key::SpanId, Asc), (Key::TraceId, Asc)];
            let keys: Vec<_> = match sort {
                SpanSort::Newest => [(Key::Time, Desc)].into_iter().chain(ids).collect(),
                SpanSort::Oldest => [(Key::Time, Asc)].into_iter().chain(ids).collect(),
                SpanSort::Longest => [(Key::Duration, Desc), (Key::Time, Desc)]
                    .into_iter()
                    .chain(by_duration)
                    .collect(),
                SpanSort::Shortest => [(Key::Duration, Asc), (Key::Time, Desc)]
                    .into_iter()
                    .chain(by_duration)
                    .collect(),
            };
            keys.into_iter().chain(rows(Asc)).collect()
        }
        ListOrder::Logs => {
            [(Key::Time, Desc), (Key::Observed, Desc)].into_iter().chain(rows(Desc)).collect()
        }
        ListOrder::MetricPoints => [(Key::Time, Desc), (Key::Name, Asc), (Key::Series, Asc)]
            .into_iter()
            .chain(rows(Desc))
            .collect(),
    }
}

/// One page of a list in keyset order: the columns it sorts by, and the key of the row it
/// starts after, checked against them.
#[derive(Debug, Clone)]
pub(crate) struct Keyset {
    order: ListOrder,
    keys: Vec<(Key, Direction)>,
    after: Option<Vec<KeyPart>>,
    limit: usize,
}

impl Keyset {
    /// The keyset of `page` of the list in `order`, for the store whose dialect is `D`. A
    /// cursor issued for another list, order or store is refused as an invalid input.
    pub(crate) fn new<D: Dialect>(order: ListOrder, page: &Page) -> Result<Self> {
        let keys = sort_keys(order, D::ROW_KEYS);
        let after = match &page.after {
            None => None,
            Some(cursor) if fits::<D>(cursor, order, &keys) => Some(cursor.key.clone()),
            Some(_) => return Err(Error::invalid(FOREIGN_CURSOR)),
        };
        Ok(Self { order, keys, after, limit: page.limit })
    }

    pub(crate) fn list(&self) -> List {
        match self.order {
            ListOrder::Traces(_) => List::Traces,
            ListOrder::Spans(_) => List::Spans,
            ListOrder::Logs => List::Logs,
            ListOrder::MetricPoints => List::Points,
        }
    }

    /// How many rows to read: one more than the page, which says whether another follows.
    pub(crate) fn fetch(&self) -> u64 {
        self.limit as u64 + 1
    }

    /// The page out of the rows read (in order, with their keys): at most `limit` of them,
    /// and the cursor after the last when more followed.
    pub(crate) fn page<T>(&self, mut rows: Vec<(T, SortKey)>) -> Paged<T> {
        let more = rows.len() > self.limit;
        rows.truncate(self.limit);
        let next = rows.last().filter(|_| more).map(|(_, key)| Cursor {
            order: self.order,
            key: self.keys.iter().map(|&(k, _)| key.part(k)).collect(),
        });
        Paged { items: rows.into_iter().map(|(item, _)| item).collect(), next }
    }
}

/// Whether `cursor` was issued for this list, order and store: one part per key, each of the
/// kind the store keeps it as, numbers in range.
fn fits<D: Dialect>(cursor: &Cursor, order: ListOrder, keys: &[(Key, Direction)]) -> bool {
    cursor.order == order
        && cursor.key.len() == keys.len()
        && keys.iter().zip(&cursor.key).all(|(&(key, _), part)| match (D::part_kind(key), part) {
            // Only a trace id is wider than 64 bits.
            (PartKind::Number, KeyPart::Number(n)) => key == Key::TraceId || *n <= u64::MAX.into(),
            (PartKind::Text, KeyPart::Text(_)) => true,
            (PartKind::Bytes, KeyPart::Bytes(bytes)) => match key {
                Key::TraceId => bytes.len() <= 16,
                Key::SpanId => bytes.len() <= 8,
                _ => false,
            },
            _ => false,
        })
}

/// A log filter with each kind of clause a dialect renders its own way: the tenant, a time
/// range, an attribute lookup (`k=v`) and body text (`x`).
#[cfg(test)]
pub(crate) fn sample_log_filter() -> Filter {
    let tenant = TenantId::new("acme").unwrap_or_else(|e| panic!("{e}"));
    let mut filter = Filter::new(Signal::Logs, &tenant, TimeRange { start_ns: 1, end_ns: 2 });
    let attribute = AttributeFilter { key: "k".into(), value: "v".into() };
    filter
        .predicates
        .extend([Predicate::Attribute(attribute), Predicate::BodyContains("x".into())]);
    filter
}

/// The service map's edges in the embedded and PostgreSQL schemas, after a `SELECT` of what
/// each edge reports: child spans `c` in `range` joined to their parents `p` in other
/// services, grouped by the two services.
pub(crate) fn snake_case_service_map<D: Dialect>(sql: &mut D, tenant: &TenantId, range: TimeRange) {
    let [children, parents] = Filter::service_map(tenant, range);
    sql.sql(
        " FROM spans c JOIN spans p ON p.trace_id = c.trace_id AND p.span_id = c.parent_span_id
         WHERE ",
    );
    sql.filter("c.", &children);
    sql.sql(" AND ");
    sql.filter("p.", &parents);
    sql.sql(
        " AND p.service_name <> c.service_name
         GROUP BY p.service_name, c.service_name ORDER BY p.service_name, c.service_name",
    );
}

/// The column (or expression) holding `key` of `list` after `alias`, in the embedded and
/// PostgreSQL schemas, which share their names; a trace's keys are its summary's columns. The
/// row tie-break is DuckDB's `rowid`; PostgreSQL names its own, and the embedded store wraps
/// the ids that may be NULL there.
pub(crate) fn snake_case_key(alias: &str, list: List, key: Key) -> String {
    let column = match (list, key) {
        (List::Traces, Key::Time) => "t_start",
        (List::Traces, Key::Duration) => return format!("({alias}t_end - {alias}t_start)"),
        (List::Spans, Key::Time) => "start_ns",
        (_, Key::Time) => "time_ns",
        (_, Key::Observed) => "observed_time_ns",
        (_, Key::Duration) => "duration_ns",
        (_, Key::TraceId) => "trace_id",
        (_, Key::SpanId) => "span_id",
        (_, Key::Name) => "name",
        (_, Key::Series) => "series_id",
        (_, Key::Row(_)) => "rowid",
    };
    format!("{alias}{column}")
}

/// A store's SQL dialect, as a statement being written: what it must say its own way. Text
/// and bound values go in together, so no placeholder can lack its value.
pub(crate) trait Dialect {
    /// How many columns break ties between rows with the same sort key (`Key::Row(0..)`).
    const ROW_KEYS: usize;

    /// Whether trace and span ids are bytes here (else numbers).
    const IDS_AS_BYTES: bool = false;

    /// How the store keeps a key's values.
    fn part_kind(key: Key) -> PartKind {
        match key {
            Key::Name => PartKind::Text,
            Key::TraceId | Key::SpanId if Self::IDS_AS_BYTES => PartKind::Bytes,
            _ => PartKind::Number,
        }
    }

    /// A placeholder bound to how many rows a statement may return.
    fn limit(&mut self, rows: u64);

    /// The column (or expression) holding `key` in `list`'s rows, after the table alias.
    fn key_column(&mut self, alias: &str, list: List, key: Key);

    /// A placeholder bound to a key's value, in the type its column compares with.
    fn key_value(&mut self, list: List, key: Key, part: &KeyPart);

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

    /// `SELECT {columns} FROM {table} WHERE {filter}`.
    fn select(columns: &str, table: &str, filter: &Filter) -> Self
    where
        Self: Sized + Default,
    {
        let mut sql = Self::default();
        sql.sql(&format!("SELECT {columns} FROM {table} WHERE "));
        sql.filter("", filter);
        sql
    }

    /// ` AND` the rows after the keyset's cursor, ` ORDER BY` its keys, ` LIMIT` the rows to
    /// read: the end of a list's statement.
    fn page(&mut self, alias: &str, keyset: &Keyset) -> &mut Self
    where
        Self: Sized,
    {
        self.sql(" AND ");
        self.after(alias, keyset);
        self.sql(" ORDER BY ");
        self.order_by(alias, keyset);
        self.sql(" LIMIT ");
        self.limit(keyset.fetch());
        self
    }

    /// The keyset's columns, for `ORDER BY`.
    fn order_by(&mut self, alias: &str, keyset: &Keyset) {
        let list = keyset.list();
        for (i, &(key, direction)) in keyset.keys.iter().enumerate() {
            if i > 0 {
                self.sql(", ");
            }
            self.key_column(alias, list, key);
            self.sql(if direction == Direction::Descending { " DESC" } else { " ASC" });
        }
    }

    /// The rows after the keyset's cursor (every row on a first page):
    /// `k1 <= v1 AND (k1 < v1 OR (k1 = v1 AND (k2 > v2 OR …)))` for `k1` descending, `k2`
    /// ascending; the leading bound is one an index on `k1` can use.
    fn after(&mut self, alias: &str, keyset: &Keyset) {
        let Some(values) = &keyset.after else {
            return self.always();
        };
        let list = keyset.list();
        let beyond = |direction| if direction == Direction::Descending { " < " } else { " > " };
        if let (Some(&(key, direction)), Some(value)) = (keyset.keys.first(), values.first()) {
            self.key_column(alias, list, key);
            self.sql(if direction == Direction::Descending { " <= " } else { " >= " });
            self.key_value(list, key, value);
            self.sql(" AND ");
        }
        let last = keyset.keys.len().saturating_sub(1);
        for (i, (&(key, direction), value)) in keyset.keys.iter().zip(values).enumerate() {
            self.sql("(");
            self.key_column(alias, list, key);
            self.sql(beyond(direction));
            self.key_value(list, key, value);
            if i < last {
                self.sql(" OR (");
                self.key_column(alias, list, key);
                self.sql(" = ");
                self.key_value(list, key, value);
                self.sql(" AND ");
            }
        }
        for i in 0..=last {
            self.sql(if i < last { "))" } else { ")" });
        }
    }

    /// A condition every row meets.
    fn always(&mut self) {
        self.sql("TRUE");
    }

    /// The filter's predicates on the table aliased `alias` (`""` for none), joined with `AND`.
    fn filter(&mut self, alias: &str, filter: &Filter) -> &mut Self
    where
        Self: Sized,
    {
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
        self
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// Writes columns by name and values inline, to read what a dialect would be told.
    #[derive(Default)]
    struct Shown(String);

    impl Dialect for Shown {
        const ROW_KEYS: usize = 1;

        fn key_column(&mut self, alias: &str, _: List, key: Key) {
            self.0.push_str(&format!("{alias}{key:?}"));
        }

        fn limit(&mut self, rows: u64) {
            self.0.push_str(&rows.to_string());
        }

        fn key_value(&mut self, _: List, _: Key, part: &KeyPart) {
            self.0.push_str(&match part {
                KeyPart::Number(n) => n.to_string(),
                KeyPart::Text(text) => format!("'{text}'"),
                KeyPart::Bytes(bytes) => format!("x{}", hex::encode(bytes)),
            });
        }

        fn sql(&mut self, text: &str) {
            self.0.push_str(text);
        }

        fn column(&mut self, _: &str, _: Signal, field: Field) {
            self.0.push_str(&format!("{field:?}"));
        }

        fn value(&mut self, _: Field, value: &Value) {
            self.0.push_str(&format!("{value:?}"));
        }

        fn attribute(&mut self, _: &str, _: Signal, _: &AttributeFilter) {}

        fn body_contains(&mut self, _: &str, _: &str) {}
    }

    fn row(time_ns: u64, row: u64) -> SortKey {
        SortKey { time_ns, observed_ns: time_ns, row: vec![row], ..SortKey::default() }
    }

    #[test]
    fn a_page_ends_with_the_cursor_of_its_last_row_when_more_rows_follow() {
        let keyset = Keyset::new::<Shown>(ListOrder::Logs, &Page::first(2)).unwrap();
        assert_eq!(keyset.fetch(), 3);
        let page = keyset.page(vec![("a", row(9, 1)), ("b", row(9, 0)), ("c", row(8, 5))]);
        assert_eq!(page.items, ["a", "b"]);
        let cursor = page.next.unwrap();
        assert_eq!(cursor.order, ListOrder::Logs);
        assert_eq!(cursor.key, [9, 9, 0].map(|n: u128| KeyPart::Number(n)));
        let last = keyset.page(vec![("a", row(9, 1)), ("b", row(9, 0))]);
        assert_eq!((last.items.len(), last.next), (2, None));
    }

    #[test]
    fn the_rows_after_a_cursor_follow_each_key_in_its_direction() {
        let cursor =
            Cursor { order: ListOrder::Logs, key: [9, 8, 7].map(KeyPart::Number).to_vec() };
        let page = Page { limit: 10, after: Some(cursor) };
        let keyset = Keyset::new::<Shown>(ListOrder::Logs, &page).unwrap();
        let mut shown = Shown::default();
        shown.after("l.", &keyset);
        assert_eq!(
            shown.0,
            "l.Time <= 9 AND (l.Time < 9 OR (l.Time = 9 AND (l.Observed < 8 OR \
             (l.Observed = 8 AND (l.Row(0) < 7)))))"
        );
        let mut shown = Shown::default();
        shown.order_by("", &keyset);
        assert_eq!(shown.0, "Time DESC, Observed DESC, Row(0) DESC");
        let mut first = Shown::default();
        first.after("", &Keyset::new::<Shown>(ListOrder::Logs, &Page::first(1)).unwrap());
        assert_eq!(first.0, "TRUE");
    }

    #[test]
    fn every_sort_ends_in_keys_that_make_a_row_unique() {
        for sort in [SpanSort::Newest, SpanSort::Oldest, SpanSort::Longest, SpanSort::Shortest] {
            let spans = sort_keys(ListOrder::Spans(sort), 2);
            let tail: Vec<Key> = spans[spans.len() - 4..].iter().map(|&(k, _)| k).collect();
            assert!(tail.contains(&Key::TraceId) && tail.contains(&Key::SpanId), "{spans:?}");
            assert_eq!(&tail[2..], [Key::Row(0), Key::Row(1)], "{spans:?}");
            let traces = sort_keys(ListOrder::Traces(sort), 2);
            assert_eq!(traces.last(), Some(&(Key::TraceId, Direction::Ascending)));
        }
    }

    #[test]
    fn a_cursor_of_another_list_order_or_shape_is_refused() {
        let good = Cursor { order: ListOrder::Logs, key: [9, 8, 7].map(KeyPart::Number).to_vec() };
        let refused = |cursor: Cursor, order: ListOrder| {
            let page = Page { limit: 1, after: Some(cursor) };
            let err = Keyset::new::<Shown>(order, &page).unwrap_err();
            assert_eq!(err.message, FOREIGN_CURSOR);
        };
        refused(good.clone(), ListOrder::MetricPoints);
        refused(good.clone(), ListOrder::Spans(SpanSort::Newest));
        refused(Cursor { key: good.key[..2].to_vec(), ..good.clone() }, ListOrder::Logs);
        let mut text = good.clone();
        text.key[1] = KeyPart::Text("x".into());
        refused(text, ListOrder::Logs);
        let mut wide = good.clone();
        wide.key[0] = KeyPart::Number(u128::from(u64::MAX) + 1);
        refused(wide, ListOrder::Logs);
        let newest = Cursor {
            order: ListOrder::Traces(SpanSort::Newest),
            key: vec![KeyPart::Number(1), KeyPart::Number(u128::MAX)],
        };
        let page = Page { limit: 1, after: Some(newest.clone()) };
        assert!(Keyset::new::<Shown>(ListOrder::Traces(SpanSort::Newest), &page).is_ok());
        refused(newest, ListOrder::Traces(SpanSort::Oldest));
    }

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
            page: Page::first(10),
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
            page: Page::first(10),
        };
        let filter = Filter::logs(&logs).unwrap();
        assert_eq!(filter.predicates.len(), 3);
        assert!(matches!(&filter.predicates[2], Predicate::Attribute(a) if a.key == "k"));
    }
}
