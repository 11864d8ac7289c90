//! Value encodings every store shares: OTLP `AnyValue`s as JSON text in attribute maps (so
//! types survive the round trip and `key=value` filters can match either the JSON or the raw
//! form, docs/adr/003), ids to and from hex, OTLP enums as the API names them, and the stable
//! hash that identifies a metric series.

use std::collections::BTreeMap;

use base64::Engine as _;
use ophion_core::otlp::common::v1::{AnyValue, KeyValue, any_value};
use ophion_core::{Error, Result};

/// An OTLP value as JSON: strings, numbers and bools as themselves, arrays and key-value lists
/// as arrays and objects (keys sorted, the last of repeated keys wins), bytes as a base64
/// string. Non-finite doubles become the strings `NaN`, `Infinity` and `-Infinity`, which
/// JSON cannot hold as numbers. Serialized straight from the borrowed value: the write path's
/// hot loop.
pub(crate) struct JsonAny<'a>(pub &'a AnyValue);

impl serde::Serialize for JsonAny<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match &self.0.value {
            // Profiling-only string table reference: meaningless outside profiles.
            None | Some(any_value::Value::StringValueStrindex(_)) => s.serialize_unit(),
            Some(any_value::Value::StringValue(v)) => s.serialize_str(v),
            Some(any_value::Value::BoolValue(v)) => s.serialize_bool(*v),
            Some(any_value::Value::IntValue(v)) => s.serialize_i64(*v),
            Some(any_value::Value::DoubleValue(v)) if v.is_finite() => s.serialize_f64(*v),
            Some(any_value::Value::DoubleValue(v)) if v.is_nan() => s.serialize_str("NaN"),
            Some(any_value::Value::DoubleValue(v)) if *v > 0.0 => s.serialize_str("Infinity"),
            Some(any_value::Value::DoubleValue(_)) => s.serialize_str("-Infinity"),
            Some(any_value::Value::ArrayValue(array)) => {
                let mut seq = s.serialize_seq(Some(array.values.len()))?;
                for value in &array.values {
                    seq.serialize_element(&JsonAny(value))?;
                }
                seq.end()
            }
            Some(any_value::Value::KvlistValue(list)) => {
                let entries: BTreeMap<&str, Option<&AnyValue>> =
                    list.values.iter().map(|kv| (kv.key.as_str(), kv.value.as_ref())).collect();
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, &JsonOpt(value))?;
                }
                map.end()
            }
            Some(any_value::Value::BytesValue(bytes)) => {
                s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(bytes))
            }
        }
    }
}

/// An optional value as JSON (`null` when absent).
pub(crate) struct JsonOpt<'a>(pub Option<&'a AnyValue>);

impl serde::Serialize for JsonOpt<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self.0 {
            Some(value) => JsonAny(value).serialize(s),
            None => s.serialize_unit(),
        }
    }
}

/// An optional value as JSON text.
fn json_text(value: Option<&AnyValue>) -> String {
    // Serializing these types to a String cannot fail (string keys, no I/O).
    serde_json::to_string(&JsonOpt(value)).unwrap_or_else(|_| "null".to_owned())
}

/// A value as plain text for typed "hot" columns and text search: strings unquoted,
/// everything else in its JSON form.
pub(crate) fn any_value_to_text(value: Option<&AnyValue>) -> String {
    match value.and_then(|v| v.value.as_ref()) {
        Some(any_value::Value::StringValue(s)) => s.clone(),
        _ => json_text(value),
    }
}

/// Attributes keyed by name with JSON-encoded values. Duplicate keys (invalid OTLP, but seen
/// in the wild) keep the last value, since DuckDB rejects maps with duplicate keys.
pub(crate) fn encode_attributes(attributes: &[KeyValue]) -> BTreeMap<String, String> {
    attributes.iter().map(|kv| (kv.key.clone(), json_text(kv.value.as_ref()))).collect()
}

pub(crate) fn json_or_string(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|_| serde_json::Value::String(text.to_owned()))
}

/// An 8-byte span id as a big-endian `u64`; `None` for the empty (or malformed) id.
pub(crate) fn span_id_to_u64(bytes: &[u8]) -> Option<u64> {
    let array: [u8; 8] = bytes.try_into().ok()?;
    Some(u64::from_be_bytes(array))
}

pub(crate) fn trace_id_hex(id: Option<u128>) -> String {
    id.map(|id| format!("{id:032x}")).unwrap_or_default()
}

pub(crate) fn span_id_hex(id: Option<u64>) -> String {
    id.map(|id| format!("{id:016x}")).unwrap_or_default()
}

/// Parses a trace id given by a client: up to 32 hex digits (shorter ids are left-padded,
/// as some tools trim leading zeros).
pub(crate) fn parse_trace_id(text: &str) -> Result<u128> {
    let text = text.trim();
    if text.is_empty() || text.len() > 32 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::invalid(format!(
            "invalid trace id {text:?}: expected 32 hexadecimal characters"
        )));
    }
    u128::from_str_radix(text, 16).map_err(|_| Error::invalid(format!("invalid trace id {text:?}")))
}

/// The OTLP span kind as the API names it.
pub(crate) fn span_kind_name(kind: i32) -> &'static str {
    match kind {
        1 => "internal",
        2 => "server",
        3 => "client",
        4 => "producer",
        5 => "consumer",
        _ => "unspecified",
    }
}

/// The OTLP status code as the API names it.
pub(crate) fn status_code_name(code: i32) -> &'static str {
    match code {
        1 => "ok",
        2 => "error",
        _ => "unset",
    }
}

pub(crate) const STATUS_CODE_ERROR: i32 = 2;

/// A stable 64-bit FNV-1a hash; identifies a metric series (its name and attribute sets)
/// across restarts, unlike `std`'s randomly seeded hasher.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StableHasher(u64);

impl StableHasher {
    pub(crate) fn new() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        // A separator so ("ab", "c") and ("a", "bc") differ.
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
    }

    pub(crate) fn finish(self) -> u64 {
        self.0
    }
}

/// JSON string form of a filter value, for matching string attributes (`"value"`).
pub(crate) fn json_quoted(value: &str) -> String {
    serde_json::Value::String(value.to_owned()).to_string()
}
