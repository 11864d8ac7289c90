//! How much memory a request takes once decoded, estimated from its bytes before decoding.
//!
//! A few bytes on the wire can become hundreds in memory: an empty OTLP element is 2 protobuf
//! bytes or 3 JSON bytes but a whole struct in its parent's `Vec`, and serde buffers some JSON
//! objects whole (`#[serde(flatten)]`) before decoding them. Body-size limits alone therefore
//! do not bound what decoding allocates. The estimate walks the body against a [`Shape`] of
//! the decoded types without allocating, and [`check`] refuses a body whose estimate is out of
//! proportion to its size before the decoder sees it.

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::wire::{Fields, Value};
use crate::{Error, Result};

/// A decoded body may take this many times its own (decompressed) size. Real telemetry takes
/// 3 to 15 times (most for metrics: one point per metric in `Vec`s that start at four
/// elements, and in JSON objects that serde buffers twice over); a body of empty elements 35
/// to 200 times.
pub const MAX_FACTOR: u64 = 32;

/// Below this estimate a body is never refused, whatever its proportions: that much is an
/// ordinary large batch, which admission against `memory_limit_bytes` governs. What the
/// factors catch is the gigabyte that a few megabytes of empty elements become.
pub const ALWAYS_ALLOWED: u64 = 128 << 20;

/// Nesting the protobuf walk follows: prost refuses deeper messages before allocating them.
const MAX_DEPTH: u32 = 100;

/// Fields a [`Shape`] may list.
pub const MAX_FIELDS: usize = 16;

/// One value inside an object that serde buffers: an entry of two 32-byte `Content`s, in a
/// `Vec` that may be twice as large as its contents.
const BUFFERED_VALUE: u64 = 2 * 64;

/// What a decoded message type holds that costs memory beyond its own size.
#[derive(Debug)]
pub struct Shape {
    /// Bytes one element takes in its parent's `Vec`: `size_of` the decoded type.
    pub size: usize,
    /// serde collects the whole JSON object before decoding it (`#[serde(flatten)]`).
    pub buffered: bool,
    /// The fields that nest or repeat (at most [`MAX_FIELDS`]); strings and scalars need no
    /// entry.
    pub fields: &'static [Field],
}

#[derive(Debug)]
pub struct Field {
    /// The protobuf field number (0 in shapes only ever read as JSON).
    pub number: u32,
    /// The field's name in JSON.
    pub json: &'static str,
    pub kind: Kind,
}

#[derive(Debug)]
pub enum Kind {
    /// A singular message, held inline by its parent.
    Message(&'static Shape),
    /// A repeated message: an element each.
    Repeated(&'static Shape),
    /// Repeated numbers of `size` bytes each; `fixed` is their width when packed on the wire
    /// (0 for varints).
    Numbers { size: usize, fixed: usize },
    /// Repeated strings or bytes.
    Strings,
    /// A JSON value decoded whole into maps or `serde_json::Value`s: `node` bytes for every
    /// value inside it (an object member or an array element).
    Nodes { node: u64 },
}

impl Shape {
    fn field(&self, number: u32) -> Option<(usize, &'static Kind)> {
        let fields: &'static [Field] = self.fields;
        fields.iter().position(|f| f.number == number).map(|i| (i, &fields[i].kind))
    }
}

/// Refused (`TooLarge`) when `decoded` bytes are more than [`MAX_FACTOR`] times a body of
/// `body_len` bytes (and more than [`ALWAYS_ALLOWED`]).
pub fn check(decoded: u64, body_len: usize) -> Result<()> {
    let allowed = (body_len as u64).saturating_mul(MAX_FACTOR).max(ALWAYS_ALLOWED);
    if decoded <= allowed {
        return Ok(());
    }
    Err(Error::too_large(format!(
        "request would take about {} MiB once decoded, more than {MAX_FACTOR} times its {} \
         bytes (limit {} MiB): it holds too many empty or tiny elements; send real items or \
         smaller batches",
        decoded >> 20,
        body_len,
        allowed >> 20
    )))
}

/// Estimated bytes a protobuf `message` of `shape` takes once decoded by prost. Malformed
/// input is walked up to where it breaks: the decoder stops there too, with its own error.
pub fn protobuf(message: &[u8], shape: &'static Shape) -> u64 {
    // Strings and bytes are copied out once: at most the body's length.
    let mut tally = message.len() as u64;
    walk_message(message, shape, 0, &mut tally);
    tally
}

/// A `Vec` grown one push at a time holds the next power of two, at least 4.
fn capacity(len: u64) -> u64 {
    if len == 0 { 0 } else { len.next_power_of_two().max(4) }
}

fn walk_message(message: &[u8], shape: &'static Shape, depth: u32, tally: &mut u64) {
    // Elements per repeated field, in the order of `shape.fields`.
    let mut counts = [0u64; MAX_FIELDS];
    for field in Fields::new(message) {
        let Ok((number, value)) = field else { break };
        let Some((i, kind)) = shape.field(number) else { continue };
        let Some(count) = counts.get_mut(i) else { continue };
        match value {
            Value::Bytes(bytes) => length_delimited(bytes, kind, depth, tally, count),
            // An unpacked repeated number.
            _ if matches!(kind, Kind::Numbers { .. }) => *count += 1,
            _ => {}
        }
    }
    for (field, count) in shape.fields.iter().zip(counts) {
        *tally += capacity(count)
            * match field.kind {
                Kind::Repeated(element) => element.size as u64,
                Kind::Numbers { size, .. } => size as u64,
                Kind::Strings => size_of::<String>() as u64,
                Kind::Message(_) | Kind::Nodes { .. } => 0,
            };
    }
}

fn length_delimited(value: &[u8], kind: &Kind, depth: u32, tally: &mut u64, count: &mut u64) {
    let nested = depth + 1 < MAX_DEPTH;
    match *kind {
        Kind::Message(shape) if nested => walk_message(value, shape, depth + 1, tally),
        Kind::Repeated(shape) => {
            *count += 1;
            if nested {
                walk_message(value, shape, depth + 1, tally);
            }
        }
        Kind::Numbers { fixed: 0, .. } => {
            *count += value.iter().filter(|b| **b < 0x80).count() as u64;
        }
        Kind::Numbers { fixed, .. } => *count += (value.len() / fixed) as u64,
        Kind::Strings => *count += 1,
        Kind::Message(_) | Kind::Nodes { .. } => {}
    }
}

/// Estimated bytes a JSON `body` of `shape` takes once decoded by serde; a syntax error (or
/// JSON nested deeper than `serde_json` allows) is the same error the decoder would give.
pub fn json(body: &[u8], shape: &'static Shape) -> Result<u64, serde_json::Error> {
    let mut tally = 0;
    let mut de = serde_json::Deserializer::from_slice(body);
    Walk { tally: &mut tally, what: What::Message(shape), buffered: 0 }.deserialize(&mut de)?;
    de.end()?;
    Ok(tally)
}

/// What a JSON value is expected to decode into.
#[derive(Clone, Copy)]
enum What {
    Message(&'static Shape),
    Field(&'static Kind),
    Unknown,
}

/// Visits one JSON value, adding its cost to `tally`. `buffered` counts the enclosing objects
/// that serde buffers: each holds its own copy of this value while it decodes.
struct Walk<'t> {
    tally: &'t mut u64,
    what: What,
    buffered: u64,
}

impl Walk<'_> {
    fn value(&mut self, what: What, buffered: u64) -> Walk<'_> {
        Walk { tally: &mut *self.tally, what, buffered }
    }
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<(), E> {
        // The decoded string, a copy made on the way (hex ids, labels turned into OTLP), and
        // one copy per buffering object.
        *self.tally += text.len() as u64 * (2 + self.buffered);
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let buffered = self.buffered;
        let (element, size, node) = match self.what {
            What::Field(kind) => match *kind {
                Kind::Repeated(shape) => (What::Message(shape), shape.size as u64, 0),
                Kind::Numbers { size, .. } => (What::Unknown, size as u64, 0),
                Kind::Strings => (What::Unknown, size_of::<String>() as u64, 0),
                Kind::Nodes { node } => (What::Field(kind), 0, node),
                Kind::Message(_) => (What::Unknown, 0, 0),
            },
            What::Message(_) | What::Unknown => (What::Unknown, 0, 0),
        };
        let mut len = 0u64;
        while seq.next_element_seed(self.value(element, buffered))?.is_some() {
            len += 1;
        }
        *self.tally += capacity(len) * size + len * (node + buffered * BUFFERED_VALUE);
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        let (fields, node, buffered): (&'static [Field], u64, u64) = match self.what {
            What::Message(shape) => (shape.fields, 0, self.buffered + u64::from(shape.buffered)),
            What::Field(&Kind::Nodes { node }) => (&[], node, self.buffered),
            What::Field(_) | What::Unknown => (&[], 0, self.buffered),
        };
        let mut members = 0u64;
        while let Some(field) =
            map.next_key_seed(Key { fields, tally: &mut *self.tally, buffered })?
        {
            let what = match field {
                Some(&Kind::Message(shape)) => What::Message(shape),
                Some(kind) => What::Field(kind),
                None if node > 0 => self.what,
                None => What::Unknown,
            };
            map.next_value_seed(self.value(what, buffered))?;
            members += 1;
        }
        *self.tally += members * (node + buffered * BUFFERED_VALUE);
        Ok(())
    }
}

/// An object's key: which field it names, if any, found without allocating.
struct Key<'t> {
    fields: &'static [Field],
    tally: &'t mut u64,
    buffered: u64,
}

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = Option<&'static Kind>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = Option<&'static Kind>;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("an object key")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Self::Value, E> {
        *self.tally += key.len() as u64 * (1 + self.buffered);
        let fields: &'static [Field] = self.fields;
        Ok(fields.iter().find(|f| f.json == key).map(|f| &f.kind))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static POINT: Shape = Shape {
        size: 40,
        buffered: false,
        fields: &[Field { number: 2, json: "values", kind: Kind::Numbers { size: 8, fixed: 8 } }],
    };
    static SERIES: Shape = Shape {
        size: 64,
        buffered: false,
        fields: &[
            Field { number: 1, json: "points", kind: Kind::Repeated(&POINT) },
            Field { number: 3, json: "labels", kind: Kind::Nodes { node: 100 } },
            Field { number: 4, json: "tags", kind: Kind::Strings },
        ],
    };
    static BUFFERED: Shape = Shape { size: 64, buffered: true, fields: SERIES.fields };

    /// A length-delimited protobuf field (numbers below 16, values below 128 bytes).
    fn pb(number: u8, value: &[u8]) -> Vec<u8> {
        let mut out = vec![number << 3 | 2, value.len() as u8];
        out.extend_from_slice(value);
        out
    }

    #[test]
    fn each_protobuf_element_costs_its_struct_in_a_vec_grown_by_doubling() {
        let body: Vec<u8> = (0..5).flat_map(|_| pb(1, &[])).collect();
        // Five empty points: a Vec of 8 points of 40 bytes, plus the body.
        assert_eq!(protobuf(&body, &SERIES), 10 + 8 * 40);
        let packed = pb(1, &pb(2, &[0; 8 * 9]));
        // Nine packed fixed64 numbers in one point: 16 numbers of 8 bytes, 4 points.
        assert_eq!(protobuf(&packed, &SERIES), packed.len() as u64 + 16 * 8 + 4 * 40);
        let tags: Vec<u8> = (0..3).flat_map(|_| pb(4, b"ab")).collect();
        assert_eq!(protobuf(&tags, &SERIES), 12 + 4 * 24);
    }

    #[test]
    fn unknown_and_malformed_protobuf_costs_no_more_than_its_bytes() {
        let unknown: Vec<u8> = (0..100).flat_map(|_| pb(9, &[])).collect();
        assert_eq!(protobuf(&unknown, &SERIES), 200);
        let mut torn = pb(1, &[]);
        torn.extend_from_slice(&[0x0a, 50]); // a length past the end
        assert_eq!(protobuf(&torn, &SERIES), 4 + 4 * 40);
    }

    #[test]
    fn json_elements_cost_their_struct_and_strings_their_copies() {
        let empty = json(br#"{"points":[{},{},{},{},{}]}"#, &SERIES).unwrap();
        assert_eq!(empty, "points".len() as u64 + 8 * 40);
        let values = json(br#"{"points":[{"values":[1,2,3]}]}"#, &SERIES).unwrap();
        assert_eq!(values, ("points".len() + "values".len()) as u64 + 4 * 40 + 4 * 8);
        let tags = json(br#"{"tags":["abc"],"other":"xy"}"#, &SERIES).unwrap();
        assert_eq!(tags, (4 + 5) + 4 * 24 + 3 * 2 + 2 * 2);
    }

    #[test]
    fn json_maps_and_buffered_objects_cost_per_value() {
        let labels = json(br#"{"labels":{"a":"b","c":[1,2]}}"#, &SERIES).unwrap();
        // Three values in the map (a, c and c's two numbers), keys and strings copied.
        assert_eq!(labels, 6 + 1 + 1 + 2 + 4 * 100);
        let buffered = json(br#"{"points":[{}],"x":1}"#, &BUFFERED).unwrap();
        // Two members and one element inside a buffered object, keys copied once more.
        assert_eq!(buffered, 2 * (6 + 1) + 4 * 40 + 3 * BUFFERED_VALUE);
    }

    #[test]
    fn malformed_json_is_the_decoders_error() {
        let err = json(br#"{"points":[{}]} trailing"#, &SERIES).unwrap_err();
        let decoder = serde_json::from_slice::<serde_json::Value>(br#"{"points":[{}]} trailing"#);
        assert_eq!(err.to_string(), decoder.unwrap_err().to_string());
        assert!(json(&[b'['; 1000], &SERIES).unwrap_err().to_string().contains("recursion"));
    }

    #[test]
    fn only_estimates_out_of_proportion_to_the_body_are_refused() {
        assert!(check(ALWAYS_ALLOWED, 10).is_ok());
        assert!(check(320 << 20, 10 << 20).is_ok());
        assert!(check((320 << 20) + 1, 10 << 20).is_err());
        let err = check(1 << 30, 9 << 20).unwrap_err();
        assert_eq!(err.kind, crate::ErrorKind::TooLarge);
        assert!(err.message.contains("1024 MiB once decoded"), "{err}");
        assert!(err.message.contains("limit 288 MiB"), "{err}");
    }
}
