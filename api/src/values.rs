//! What a valid value is, wherever it comes from (a query string, a path, a JSON body), and
//! the JSON Schema that says so in the OpenAPI document: the check and its schema sit side by
//! side so the document cannot drift from the server.

use ophion_core::time::NANOS_PER_MILLI;
use ophion_core::{Error, Result};
use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, SchemaType, Type};

/// Names: metric names, service names, label and attribute keys, audit actors and actions.
pub const MAX_NAME_CHARS: usize = 255;
/// Free text: label and attribute values, descriptions, log search terms.
pub const MAX_TEXT_CHARS: usize = 4096;

/// The last instant a time can name: stores keep Unix nanoseconds in 64 signed bits.
pub const MAX_TIME_NS: u64 = i64::MAX as u64;
pub const MAX_TIME_MS: u64 = MAX_TIME_NS / NANOS_PER_MILLI;
const TIME_RANGE: &str = "from 1970-01-01T00:00:00Z to 2262-04-11T23:47:16Z";

/// No control characters at all (C0, DEL, C1).
const NAME_PATTERN: &str = r"^[^\u0000-\u001F\u007F-\u009F]*$";
/// No control characters but tab, line feed and carriage return.
const TEXT_PATTERN: &str = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$";
/// Unix milliseconds, or an RFC 3339 timestamp.
const TIME_PATTERN: &str = r"^([0-9]+|[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2}))$";
/// `250ms`, `1.5s`, `2m`, `1h`, `7d`, or a bare number of milliseconds.
const DURATION_PATTERN: &str = r"^[0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h|d)?$";

fn string(min: usize, max: usize, pattern: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .min_length(Some(min))
        .max_length(Some(max))
        .pattern(Some(pattern))
}

/// A name: 1 to [`MAX_NAME_CHARS`] characters, none of them a control character.
pub fn check_name(what: &str, v: &str) -> Result<()> {
    check_chars(what, v, 1, MAX_NAME_CHARS, |_| false)
}

pub fn name_schema() -> ObjectBuilder {
    string(1, MAX_NAME_CHARS, NAME_PATTERN)
}

/// Free text of at least `min` characters, at most [`MAX_TEXT_CHARS`]; tab and line breaks
/// are the only control characters allowed.
pub fn check_text(what: &str, v: &str, min: usize) -> Result<()> {
    check_chars(what, v, min, MAX_TEXT_CHARS, |c| matches!(c, '\t' | '\n' | '\r'))
}

pub fn text_schema(min: usize) -> ObjectBuilder {
    string(min, MAX_TEXT_CHARS, TEXT_PATTERN)
}

fn check_chars(
    what: &str,
    v: &str,
    min: usize,
    max: usize,
    allowed_control: impl Fn(char) -> bool,
) -> Result<()> {
    let mut count = 0;
    for c in v.chars() {
        count += 1;
        if count > max {
            return Err(Error::invalid(format!("{what} is longer than {max} characters")));
        }
        if c.is_control() && !allowed_control(c) {
            return Err(Error::invalid(format!(
                "{what} contains the control character U+{:04X}",
                u32::from(c)
            )));
        }
    }
    if count < min {
        return Err(Error::invalid(if min == 1 {
            format!("{what} must not be empty")
        } else {
            format!("{what} must be at least {min} characters")
        }));
    }
    Ok(())
}

/// A decimal count: ASCII digits only (no sign, no spaces), so `+5` and ` 5` are refused
/// the same way as `five`.
pub fn parse_digits(v: &str) -> Option<u64> {
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}

/// A time: Unix milliseconds or RFC 3339, from 1970 to [`MAX_TIME_NS`]; Unix nanoseconds out.
pub fn parse_time(name: &str, v: &str) -> Result<u64> {
    let out_of_range = || Error::invalid(format!("{name} must be {TIME_RANGE}, got {v:?}"));
    if let Some(ms) = parse_digits(v) {
        return millis_to_ns(name, ms);
    }
    let malformed = || {
        Error::invalid(format!(
            "{name} must be RFC 3339 (2026-01-02T15:04:05Z) or Unix milliseconds, got {v:?}"
        ))
    };
    if !rfc3339_shape(v) {
        return Err(malformed());
    }
    let time = chrono::DateTime::parse_from_rfc3339(v).map_err(|_| malformed())?;
    let ns =
        i128::from(time.timestamp()) * 1_000_000_000 + i128::from(time.timestamp_subsec_nanos());
    u64::try_from(ns).ok().filter(|ns| *ns <= MAX_TIME_NS).ok_or_else(out_of_range)
}

/// Unix milliseconds as nanoseconds, within the range every time must be in.
pub fn millis_to_ns(name: &str, ms: u64) -> Result<u64> {
    ms.checked_mul(NANOS_PER_MILLI)
        .filter(|ns| *ns <= MAX_TIME_NS)
        .ok_or_else(|| Error::invalid(format!("{name} must be {TIME_RANGE}, got {ms}")))
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, the one form [`TIME_PATTERN`] documents.
fn rfc3339_shape(v: &str) -> bool {
    let b = v.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range).is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    if b.len() < 20
        || !(digits(0..4) && digits(5..7) && digits(8..10) && digits(11..13))
        || !(digits(14..16) && digits(17..19))
        || (b[4], b[7], b[13], b[16]) != (b'-', b'-', b':', b':')
        || !matches!(b[10], b'T' | b't')
    {
        return false;
    }
    let mut rest = &b[19..];
    if let Some(fraction) = rest.strip_prefix(b".") {
        let n = fraction.iter().take_while(|d| d.is_ascii_digit()).count();
        if !(1..=9).contains(&n) {
            return false;
        }
        rest = &fraction[n..];
    }
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()),
        _ => false,
    }
}

pub fn time_schema() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .pattern(Some(TIME_PATTERN))
        .description(Some(format!("RFC 3339 or Unix milliseconds, {TIME_RANGE}")))
}

/// A JSON time: a string as [`parse_time`] reads it, Unix milliseconds as a number, or null
/// for none.
pub fn json_time_schema() -> Schema {
    OneOfBuilder::new()
        .item(
            ObjectBuilder::new()
                .schema_type(SchemaType::new(Type::Integer))
                .minimum(Some(0))
                .maximum(Some(MAX_TIME_MS as usize)),
        )
        .item(time_schema())
        .item(ObjectBuilder::new().schema_type(SchemaType::new(Type::Null)))
        .description(Some(format!("RFC 3339 or Unix milliseconds, {TIME_RANGE}")))
        .into()
}

/// A duration: `250ms`, `1.5s`, `2m`, `1h`, `7d`, or a bare number of milliseconds.
pub fn parse_duration_ns(name: &str, v: &str) -> Result<u64> {
    let bad = || {
        Error::invalid(format!(
            "{name} must be a duration like 250ms, 1.5s, 2m, 1h, 7d or milliseconds, got {v:?}"
        ))
    };
    let split = v.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(v.len());
    let (number, unit) = v.split_at(split);
    let (whole, fraction) = number.split_once('.').unwrap_or((number, "0"));
    if parse_digits(whole).is_none() || parse_digits(fraction).is_none() {
        return Err(bad());
    }
    let number: f64 = number.parse().map_err(|_| bad())?;
    let scale = match unit {
        "ns" => 1.0,
        "us" | "µs" => 1e3,
        "" | "ms" => 1e6,
        "s" => 1e9,
        "m" => 60e9,
        "h" => 3600e9,
        "d" => 86400e9,
        _ => return Err(bad()),
    };
    let ns = number * scale;
    if !ns.is_finite() || ns >= u64::MAX as f64 {
        return Err(Error::invalid(format!("{name} is too long: {v:?}")));
    }
    Ok(ns as u64)
}

pub fn duration_schema() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .pattern(Some(DURATION_PATTERN))
        .description(Some("250ms, 1.5s, 2m, 1h, 7d, or milliseconds"))
}

/// Lowercase hex of exactly `len` characters; `what` names it in the error.
pub fn check_hex_id(what: &str, v: &str, len: usize) -> Result<String> {
    let id = v.to_ascii_lowercase();
    if id.len() == len && id.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(id)
    } else {
        Err(Error::invalid(format!("{what} {v:?} must be {len} hex characters")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_accept_rfc3339_and_unix_millis_within_the_storable_range() {
        assert_eq!(parse_time("start", "1700000000000").unwrap(), 1_700_000_000_000_000_000);
        assert_eq!(parse_time("start", "2023-11-14T22:13:20Z").unwrap(), 1_700_000_000_000_000_000);
        assert_eq!(
            parse_time("start", "2023-11-14T23:13:20.5+01:00").unwrap(),
            1_700_000_000_500_000_000
        );
        assert_eq!(parse_time("end", "2262-04-11T23:47:16Z").unwrap(), 9_223_372_036_000_000_000);
        for malformed in ["yesterday", "+1700000000000", " 1", "2023-11-14 22:13:20Z", "-5"] {
            let err = parse_time("start", malformed).unwrap_err();
            assert!(err.message.contains("RFC 3339"), "{malformed}: {}", err.message);
        }
        for outside in ["1969-12-31T23:59:59Z", "2262-04-12T00:00:00Z", "9999-01-01T00:00:00Z"] {
            let err = parse_time("start", outside).unwrap_err();
            assert!(err.message.contains("from 1970-01-01"), "{outside}: {}", err.message);
        }
        let err = parse_time("end", "99999999999999").unwrap_err();
        assert!(err.message.contains("2262"), "{}", err.message);
    }

    #[test]
    fn durations_follow_the_documented_grammar_only() {
        assert_eq!(parse_duration_ns("d", "250ms").unwrap(), 250_000_000);
        assert_eq!(parse_duration_ns("d", "1.5s").unwrap(), 1_500_000_000);
        assert_eq!(parse_duration_ns("d", "2m").unwrap(), 120_000_000_000);
        assert_eq!(parse_duration_ns("d", "40").unwrap(), 40_000_000);
        assert_eq!(parse_duration_ns("d", "7d").unwrap(), 7 * 86_400_000_000_000);
        for bad in ["-1s", "5 parsecs", " 1s", "1e3ms", "inf", ".5s", "1.s", "s", ""] {
            assert!(parse_duration_ns("d", bad).is_err(), "{bad}");
        }
        assert!(parse_duration_ns("d", "99999999999999999999d").is_err());
    }

    #[test]
    fn names_and_text_refuse_control_characters_and_bound_their_length() {
        assert!(check_name("service", "checkout").is_ok());
        assert!(check_name("service", "").unwrap_err().message.contains("empty"));
        assert!(check_name("name", "cpu\u{0}").unwrap_err().message.contains("U+0000"));
        assert!(check_name("name", "cpu\u{1b}[31m").unwrap_err().message.contains("U+001B"));
        assert!(check_name("name", &"x".repeat(256)).unwrap_err().message.contains("255"));
        assert!(check_name("name", &"é".repeat(255)).is_ok(), "characters, not bytes");
        assert!(check_text("value", "line one\nline two\t!", 0).is_ok());
        assert!(check_text("value", "", 0).is_ok());
        assert!(check_text("value", "bell\u{7}", 0).is_err());
        assert!(check_text("value", &"v".repeat(1 << 20), 0).unwrap_err().message.contains("4096"));
    }

    #[test]
    fn counts_are_plain_digits() {
        assert_eq!(parse_digits("0042"), Some(42));
        for bad in ["", "+1", "-1", " 1", "1 ", "1.0", "0x10"] {
            assert_eq!(parse_digits(bad), None, "{bad}");
        }
    }
}
