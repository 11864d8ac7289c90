//! Query strings, read by one set of rules on every route. Each route declares what its
//! query string may hold (a [`QuerySpec`]) in the route table; the access guard parses the
//! query string against it before the handler runs, and the OpenAPI document is written from
//! the same declarations. The rules: a parameter is one the route declares (a typo never
//! silently widens a query), given at most once, never empty, its percent-encoded bytes
//! spell UTF-8, and its value is valid for its kind. `attr.<key>=<value>` filters, on the
//! routes that take them, follow the same rules.

use std::collections::BTreeMap;

use axum::extract::FromRequestParts;
use http::request::Parts;
use ophion_core::query::{AttributeFilter, Cursor, Page, TimeRange};
use ophion_core::time::now_unix_nanos;
use ophion_core::{Error, Result};
use utoipa::openapi::Required;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};

use crate::values::{self, check_name, check_text, parse_digits, parse_duration_ns, parse_time};

pub const DEFAULT_LIMIT: usize = 100;
pub const MAX_LIMIT: usize = 1000;
/// More than this many `attr.<key>` filters in one query is refused.
pub const MAX_ATTRIBUTE_FILTERS: usize = 32;
const HOUR_NS: u64 = 3_600 * 1_000_000_000;

/// What a parameter's value must be.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// RFC 3339 or Unix milliseconds ([`parse_time`]).
    Time,
    /// A page size from 1 to `max`; `default` when absent.
    Limit { default: usize, max: usize },
    /// A `next_cursor` from an earlier page.
    Cursor,
    /// A name ([`check_name`]): service, metric, actor.
    Name,
    /// Free text ([`check_text`]): a span name, a search term.
    Text,
    /// `250ms`, `1.5s`, `2m`, `1h`, `7d` or milliseconds ([`parse_duration_ns`]).
    Duration,
    /// 32 hex characters.
    TraceId,
    /// A log severity: 0–24 or trace, debug, info, warn(ing), error, fatal (any case).
    Severity,
    /// One of these words.
    OneOf(&'static [&'static str]),
    /// A series function: avg, sum, min, max, count, rate or p1–p99.
    SeriesFunction,
    /// A finite number, at least `minimum` and below `below` where given.
    Number { minimum: Option<f64>, below: Option<f64> },
}

impl Kind {
    fn check(self, name: &str, v: &str) -> Result<()> {
        match self {
            Kind::Time => parse_time(name, v).map(drop),
            Kind::Limit { max, .. } => parse_limit(name, v, max).map(drop),
            Kind::Cursor => check_text(name, v, 1),
            Kind::Name => check_name(name, v),
            Kind::Text => check_text(name, v, 1),
            Kind::Duration => parse_duration_ns(name, v).map(drop),
            Kind::TraceId => normalize_trace_id(v).map(drop),
            Kind::Severity => parse_severity(v).map(drop),
            Kind::OneOf(words) => {
                if words.contains(&v) {
                    Ok(())
                } else {
                    Err(Error::invalid(format!(
                        "{name} must be one of {}, got {v:?}",
                        words.join(", ")
                    )))
                }
            }
            Kind::SeriesFunction => crate::metrics::series_function(v).map(drop),
            Kind::Number { minimum, below } => parse_number(name, v, minimum, below).map(drop),
        }
    }

    fn schema(self) -> ObjectBuilder {
        let typed = |t| ObjectBuilder::new().schema_type(SchemaType::new(t));
        match self {
            Kind::Time => values::time_schema(),
            Kind::Limit { default, max } => typed(Type::Integer)
                .minimum(Some(1))
                .maximum(Some(max))
                .default(Some(default.into())),
            Kind::Cursor => values::text_schema(1),
            Kind::Name => values::name_schema(),
            Kind::Text => values::text_schema(1),
            Kind::Duration => values::duration_schema(),
            Kind::TraceId => typed(Type::String).pattern(Some("^[0-9a-fA-F]{32}$")),
            Kind::Severity => {
                let any_case = |word: &str| -> String {
                    word.chars().map(|c| format!("[{}{}]", c, c.to_ascii_uppercase())).collect()
                };
                let words: Vec<String> = ophion_core::query::LOG_SEVERITY_WORDS
                    .iter()
                    .map(|(w, _)| any_case(w))
                    .collect();
                typed(Type::String)
                    .pattern(Some(format!("^(0*([0-9]|1[0-9]|2[0-4])|{})$", words.join("|"))))
            }
            Kind::OneOf(words) => typed(Type::String).enum_values(Some(words.iter().copied())),
            Kind::SeriesFunction => typed(Type::String)
                .pattern(Some("^(avg|sum|min|max|count|rate|p0*([1-9]|[1-9][0-9]))$")),
            Kind::Number { minimum, below } => {
                typed(Type::Number).minimum(minimum).exclusive_maximum(below)
            }
        }
    }
}

/// One query parameter a route takes.
#[derive(Clone, Copy, Debug)]
pub struct Param {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    pub description: &'static str,
}

impl Param {
    pub const fn new(name: &'static str, kind: Kind, description: &'static str) -> Self {
        Self { name, kind, required: false, description }
    }

    pub const fn required(self) -> Self {
        Self { required: true, ..self }
    }

    /// The parameter as the OpenAPI document lists it.
    pub fn to_parameter(&self) -> Parameter {
        ParameterBuilder::new()
            .name(self.name)
            .parameter_in(ParameterIn::Query)
            .required(if self.required { Required::True } else { Required::False })
            .description(Some(self.description))
            .schema(Some(self.kind.schema()))
            .build()
    }
}

/// Everything a route's query string may hold.
#[derive(Debug)]
pub struct QuerySpec {
    pub params: &'static [Param],
    /// Whether `attr.<key>=<value>` filters are taken.
    pub attributes: bool,
}

impl QuerySpec {
    /// Routes that take no query string.
    pub const NONE: QuerySpec = QuerySpec { params: &[], attributes: false };
}

// The parameters most routes share, declared once.
pub const START: Param =
    Param::new("start", Kind::Time, "Start of the range (inclusive); default: the range ends now");
pub const END: Param = Param::new("end", Kind::Time, "End of the range (exclusive); default: now");
pub const LIMIT: Param =
    Param::new("limit", Kind::Limit { default: DEFAULT_LIMIT, max: MAX_LIMIT }, "Items per page");
pub const CURSOR: Param = Param::new(
    "cursor",
    Kind::Cursor,
    "The previous page's `next_cursor` (an opaque token), with the same query and sort",
);
pub const SERVICE: Param = Param::new("service", Kind::Name, "Only this service (`service.name`)");
pub const STEP: Param =
    Param::new("step", Kind::Duration, "Bucket width; default: a 60th of the range, at least 1s");
pub const TRACE_ID: Param = Param::new("trace_id", Kind::TraceId, "Only this trace");
pub const MIN_SEVERITY: Param = Param::new(
    "min_severity",
    Kind::Severity,
    "Lowest severity: 0-24 or trace, debug, info, warn, error, fatal",
);

/// A query string parsed against its route's [`QuerySpec`], consumed parameter by parameter.
/// The access guard makes it; handlers take it as an extractor.
#[derive(Clone, Debug)]
pub struct Params {
    spec: &'static QuerySpec,
    pairs: BTreeMap<&'static str, String>,
    attributes: Vec<AttributeFilter>,
}

impl Params {
    /// Parse a raw query string against `spec`; every rule in the module doc applies.
    pub fn parse(raw: Option<&str>, spec: &'static QuerySpec) -> Result<Self> {
        let mut params = Self { spec, pairs: BTreeMap::new(), attributes: Vec::new() };
        for piece in raw.unwrap_or_default().split('&').filter(|p| !p.is_empty()) {
            let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
            let key = decode(key).ok_or_else(|| {
                Error::invalid("a query parameter's name is not UTF-8 once percent-decoded")
            })?;
            let value = decode(value).ok_or_else(|| {
                Error::invalid(format!("query parameter {key:?} is not UTF-8 once percent-decoded"))
            })?;
            if let Some(attr) = key.strip_prefix("attr.") {
                params.add_attribute(attr, value)?;
                continue;
            }
            let Some(param) = spec.params.iter().find(|p| p.name == key) else {
                return Err(params.unknown(&key));
            };
            if value.is_empty() {
                return Err(empty(&key));
            }
            param.kind.check(param.name, &value)?;
            if params.pairs.insert(param.name, value).is_some() {
                return Err(Error::invalid(format!(
                    "query parameter {key:?} given more than once"
                )));
            }
        }
        if let Some(missing) =
            spec.params.iter().find(|p| p.required && !params.pairs.contains_key(p.name))
        {
            return Err(Error::invalid(format!("{} is required", missing.name)));
        }
        Ok(params)
    }

    fn add_attribute(&mut self, key: &str, value: String) -> Result<()> {
        if !self.spec.attributes {
            return Err(Error::invalid("this endpoint does not take attr.<key> filters"));
        }
        if key.is_empty() {
            return Err(Error::invalid("attribute filter needs a key: attr.<key>=<value>"));
        }
        let param = format!("attr.{key}");
        check_name(&param, key)?;
        if value.is_empty() {
            return Err(empty(&param));
        }
        check_text(&param, &value, 1)?;
        if self.attributes.iter().any(|a| a.key == key) {
            return Err(Error::invalid(format!("query parameter {param:?} given more than once")));
        }
        if self.attributes.len() == MAX_ATTRIBUTE_FILTERS {
            return Err(Error::invalid(format!(
                "at most {MAX_ATTRIBUTE_FILTERS} attr.<key> filters per query"
            )));
        }
        self.attributes.push(AttributeFilter { key: key.to_owned(), value });
        Ok(())
    }

    fn unknown(&self, key: &str) -> Error {
        let names: Vec<&str> = self.spec.params.iter().map(|p| p.name).collect();
        let attributes = if self.spec.attributes { ", attr.<key>" } else { "" };
        Error::invalid(if names.is_empty() && attributes.is_empty() {
            format!("unknown query parameter {key:?}; this endpoint takes none")
        } else {
            format!(
                "unknown query parameter {key:?}; this endpoint accepts: {}{attributes}",
                names.join(", ")
            )
        })
    }

    /// The value of a declared parameter, already checked against its kind.
    pub fn take(&mut self, name: &str) -> Option<String> {
        self.pairs.remove(name)
    }

    /// The `attr.<key>` filters.
    pub fn attributes(&mut self) -> Vec<AttributeFilter> {
        std::mem::take(&mut self.attributes)
    }

    pub fn time_range(&mut self) -> Result<TimeRange> {
        self.time_range_or(HOUR_NS)
    }

    /// `start`/`end` with a default window of `default_span_ns` ending now.
    pub fn time_range_or(&mut self, default_span_ns: u64) -> Result<TimeRange> {
        let (start, end) = self.bounds("start", "end")?;
        let end = end.unwrap_or_else(now_unix_nanos);
        let start = start.unwrap_or(end.saturating_sub(default_span_ns));
        if start >= end {
            return Err(Error::invalid("start must be before end"));
        }
        Ok(TimeRange { start_ns: start, end_ns: end })
    }

    /// Two optional times; when both are given the first must be before the second.
    pub fn bounds(&mut self, start: &str, end: &str) -> Result<(Option<u64>, Option<u64>)> {
        let end_ns = self.take(end).map(|v| parse_time(end, &v)).transpose()?;
        let start_ns = self.take(start).map(|v| parse_time(start, &v)).transpose()?;
        if let (Some(s), Some(e)) = (start_ns, end_ns)
            && s >= e
        {
            return Err(Error::invalid(format!("{start} must be before {end}")));
        }
        Ok((start_ns, end_ns))
    }

    /// `limit`, and `cursor`: where the page starts, as the page before named it.
    pub fn page(&mut self) -> Result<Page> {
        let limit = self.limit()?;
        let after = self.take("cursor").map(|token| crate::cursor::decode(&token)).transpose()?;
        Ok(Page { limit, after })
    }

    /// `limit`, within the bounds the route declares; its default when absent.
    pub fn limit(&mut self) -> Result<usize> {
        let (default, max) = self
            .spec
            .params
            .iter()
            .find_map(|p| match p.kind {
                Kind::Limit { default, max } if p.name == "limit" => Some((default, max)),
                _ => None,
            })
            .unwrap_or((DEFAULT_LIMIT, MAX_LIMIT));
        self.take("limit").map_or(Ok(default), |v| parse_limit("limit", &v, max))
    }

    /// A duration: `250ms`, `1.5s`, `2m`, `1h`, or a bare number of milliseconds.
    pub fn duration_ns(&mut self, name: &str) -> Result<Option<u64>> {
        self.take(name).map(|v| parse_duration_ns(name, &v)).transpose()
    }

    pub fn trace_id(&mut self) -> Result<Option<String>> {
        self.take("trace_id").map(|v| normalize_trace_id(&v)).transpose()
    }

    /// Severity as a number 0-24 or a name: trace, debug, info, warn, error, fatal.
    pub fn min_severity(&mut self) -> Result<Option<i32>> {
        self.take("min_severity").map(|v| parse_severity(&v)).transpose()
    }

    /// A [`Kind::Number`] parameter.
    pub fn number(&mut self, name: &str) -> Result<Option<f64>> {
        self.take(name).map(|v| parse_number(name, &v, None, None)).transpose()
    }
}

/// The guard parsed the query string against the route's declaration; handlers take it here.
impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = crate::AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, crate::AppError> {
        parts.extensions.remove::<Params>().ok_or_else(|| {
            crate::AppError(Error::internal("a route reached its handler without its query"))
        })
    }
}

/// The one `{…}` segment of a route's path, percent-decoded. A segment that is not UTF-8 is a
/// 400 with the usual JSON error, like any other bad value.
pub struct PathName(pub String);

impl<S: Send + Sync> FromRequestParts<S> for PathName {
    type Rejection = crate::AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, crate::AppError> {
        axum::extract::Path::<String>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(segment)| Self(segment))
            .map_err(|e| crate::AppError(Error::invalid(format!("bad path: {}", e.body_text()))))
    }
}

/// Hex lengths of the ids in paths: what the metadata store and the AI engine issue. An id of
/// another form is simply not found (404); so is a dashboard id that is not a ULID.
const KEY_ID_HEX: usize = 16;
const INSIGHT_ID_HEX: usize = 24;

/// What a path parameter must be, for the OpenAPI document: the rules its handler applies.
pub fn path_schema(path: &str, name: &str) -> Option<ObjectBuilder> {
    let hex = |len: usize| {
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::String))
            .pattern(Some(format!("^[0-9a-fA-F]{{{len}}}$")))
    };
    Some(match (path, name) {
        (_, "name" | "service") => values::name_schema(),
        (_, "trace_id") => hex(32),
        ("/api/v1/keys/{id}", "id") => hex(KEY_ID_HEX),
        ("/api/v1/insights/{id}", "id") => hex(INSIGHT_ID_HEX),
        ("/api/v1/dashboards/{id}", "id") => ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::String))
            .pattern(Some("^[0-7][0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{25}$"))
            .description(Some("A ULID, as the server assigned it")),
        _ => return None,
    })
}

fn empty(name: &str) -> Error {
    Error::invalid(format!("query parameter {name:?} is empty: give it a value or leave it out"))
}

/// `application/x-www-form-urlencoded` decoding that refuses what is not UTF-8 instead of
/// replacing it.
fn decode(raw: &str) -> Option<String> {
    let plus_as_space = raw.replace('+', " ");
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(&plus_as_space).collect();
    String::from_utf8(bytes).ok()
}

fn parse_limit(name: &str, v: &str, max: usize) -> Result<usize> {
    parse_digits(v)
        .and_then(|n| usize::try_from(n).ok())
        .filter(|n| (1..=max).contains(n))
        .ok_or_else(|| Error::invalid(format!("{name} must be an integer from 1 to {max}")))
}

/// A finite JSON-style number (`-1.5`, `2e3`; not `+1`, `inf` or ` 1`).
fn parse_number(name: &str, v: &str, minimum: Option<f64>, below: Option<f64>) -> Result<f64> {
    let bad = || Error::invalid(format!("{name} must be a number, got {v:?}"));
    if v.bytes().any(|b| b.is_ascii_whitespace()) {
        return Err(bad());
    }
    let n: f64 = serde_json::from_str(v).map_err(|_| bad())?;
    if !n.is_finite() {
        return Err(bad());
    }
    if minimum.is_some_and(|m| n < m) || below.is_some_and(|b| n >= b) {
        let range = match (minimum, below) {
            (Some(m), Some(b)) => format!("at least {m} and below {b}"),
            (Some(m), None) => format!("at least {m}"),
            (None, Some(b)) => format!("below {b}"),
            (None, None) => String::new(),
        };
        return Err(Error::invalid(format!("{name} must be {range}, got {v}")));
    }
    Ok(n)
}

fn parse_severity(v: &str) -> Result<i32> {
    ophion_core::query::log_severity(v).ok_or_else(|| {
        Error::invalid("min_severity must be 0-24 or one of trace, debug, info, warn, error, fatal")
    })
}

pub fn normalize_trace_id(v: &str) -> Result<String> {
    values::check_hex_id("trace id", v, 32)
}

/// The token of the page after a store's page, if any: its `next_cursor`.
pub fn next_cursor(next: Option<&Cursor>) -> Option<String> {
    next.map(crate::cursor::encode)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEARCH: QuerySpec = QuerySpec {
        params: &[
            START,
            END,
            SERVICE,
            LIMIT,
            CURSOR,
            Param::new("step", Kind::Duration, ""),
            Param::new("fn", Kind::SeriesFunction, ""),
            Param::new("metric", Kind::Name, "").required(),
        ],
        attributes: true,
    };
    const PLAIN: QuerySpec = QuerySpec { params: &[START, END], attributes: false };

    fn parse(raw: &str) -> Result<Params> {
        Params::parse(Some(raw), &SEARCH)
    }

    fn message(raw: &str) -> String {
        parse(raw).map(|_| String::new()).unwrap_or_else(|e| e.message)
    }

    #[test]
    fn reversed_ranges_and_unknown_parameters_are_rejected() {
        let mut p = parse("metric=m&start=2000&end=1000").unwrap();
        assert!(p.time_range().unwrap_err().message.contains("before"));
        assert!(message("metric=m&servce=x").contains("servce"));
        let err = Params::parse(Some("service=x"), &QuerySpec::NONE).unwrap_err();
        assert!(err.message.contains("takes none"), "{}", err.message);
    }

    #[test]
    fn an_empty_parameter_is_refused_by_name_everywhere() {
        for raw in [
            "metric=m&limit=",
            "metric=m&service=",
            "metric=m&cursor",
            "metric=",
            "metric=m&attr.k=",
        ] {
            let message = message(raw);
            assert!(message.contains("is empty"), "{raw}: {message}");
        }
        assert!(message("metric=m&limit=").contains("\"limit\""));
        assert!(message("metric=m&limit=0").contains("from 1 to 1000"));
    }

    #[test]
    fn parameters_and_attribute_filters_are_given_once() {
        assert!(message("metric=m&service=a&service=b").contains("more than once"));
        assert!(message("metric=m&attr.k=a&attr.k=b").contains("more than once"));
        let many: String = (0..=MAX_ATTRIBUTE_FILTERS).map(|i| format!("&attr.k{i}=v")).collect();
        assert!(message(&format!("metric=m{many}")).contains("at most"));
        let err = Params::parse(Some("attr.k=v"), &PLAIN).unwrap_err();
        assert!(err.message.contains("attr.<key>"));
    }

    #[test]
    fn percent_encoded_bytes_must_spell_utf8() {
        assert!(message("metric=m&service=%FF%FE").contains("UTF-8"));
        assert!(message("metric=m&%C3%28=x").contains("UTF-8"));
        let mut p = parse("metric=m&service=caf%C3%A9+bar&attr.http.route=%2Fcart").unwrap();
        assert_eq!(p.take("service").as_deref(), Some("café bar"));
        let attrs = p.attributes();
        assert_eq!((attrs[0].key.as_str(), attrs[0].value.as_str()), ("http.route", "/cart"));
    }

    #[test]
    fn values_are_checked_against_their_kind_before_any_handler_runs() {
        assert!(message("metric=m&service=a%00b").contains("U+0000"));
        assert!(message("metric=cpu%1B[31m").contains("U+001B"));
        assert!(message("metric=m&step=1e3ms").contains("duration"));
        assert!(message("metric=m&fn=median").contains("fn"));
        assert!(message("metric=m&fn=p%2B5").contains("fn"));
        assert!(message("metric=m&limit=%2B5").contains("limit"));
        assert!(message("metric=m&start=tomorrow").contains("start"));
        assert!(message("service=x").contains("metric is required"));
        assert!(message("metric=m&attr.=x").contains("key"));
    }

    #[test]
    fn limits_default_and_bound_per_route() {
        assert_eq!(parse("metric=m").unwrap().limit().unwrap(), DEFAULT_LIMIT);
        assert!(message("metric=m&limit=1001").contains("1 to 1000"));
        const SMALL: QuerySpec = QuerySpec {
            params: &[Param::new("limit", Kind::Limit { default: 10, max: 100 }, "")],
            attributes: false,
        };
        assert_eq!(Params::parse(None, &SMALL).unwrap().limit().unwrap(), 10);
        assert!(Params::parse(Some("limit=101"), &SMALL).is_err());
        assert_eq!(Params::parse(Some("limit=100"), &SMALL).unwrap().limit().unwrap(), 100);
    }

    #[test]
    fn numbers_and_severities_follow_their_documented_forms() {
        assert_eq!(parse_number("x", "-1.5e2", None, None).unwrap(), -150.0);
        for bad in ["+1", "inf", "NaN", " 1", ".5", "1e400", "one"] {
            assert!(parse_number("x", bad, None, None).is_err(), "{bad}");
        }
        assert!(parse_number("confidence", "1", Some(0.5), Some(1.0)).is_err());
        assert_eq!(parse_severity("WARN").unwrap(), 13);
        assert_eq!(parse_severity("24").unwrap(), 24);
        assert!(parse_severity("25").is_err());
        assert!(parse_severity("+5").is_err());
    }

    #[test]
    fn cursors_are_checked() {
        assert!(parse("metric=m&cursor=garbage").unwrap().page().is_err());
        assert!(parse("metric=m&cursor=o200").unwrap().page().is_err(), "offsets are not cursors");
    }
}
