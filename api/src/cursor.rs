//! Cursors as clients see them: opaque tokens, the URL-safe base64 of a small versioned
//! binary form of a store's [`Cursor`] (the list and order it was issued for, and the sort key
//! of the last row served). Decoding is strict: a token this server did not write, or wrote
//! differently, is refused rather than read as something else.
//!
//! Layout (version 1): `1 | order | part count | part…`, where `order` is `0x10 + sort`
//! (traces), `0x20 + sort` (spans), `0x30` (logs) or `0x40` (metric points), `sort` being
//! newest 0, oldest 1, longest 2, shortest 3; a part is `0x01` + a big-endian u64, `0x02` + a
//! big-endian u128 above u64's range, `0x03` + a big-endian u32 length + UTF-8, or `0x04` + a
//! big-endian u32 length + bytes.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ophion_core::query::{Cursor, FOREIGN_CURSOR, KeyPart, ListOrder, SpanSort};
use ophion_core::{Error, Result};

const VERSION: u8 = 1;

/// More than any list's key has (a span's has six).
const MAX_PARTS: usize = 16;

/// Longer tokens are refused before decoding.
const MAX_TOKEN: usize = 4096;

const SORTS: [SpanSort; 4] =
    [SpanSort::Newest, SpanSort::Oldest, SpanSort::Longest, SpanSort::Shortest];

fn order_byte(order: ListOrder) -> u8 {
    let sort = |sort: SpanSort| SORTS.iter().position(|s| *s == sort).unwrap_or(0) as u8;
    match order {
        ListOrder::Traces(s) => 0x10 + sort(s),
        ListOrder::Spans(s) => 0x20 + sort(s),
        ListOrder::Logs => 0x30,
        ListOrder::MetricPoints => 0x40,
    }
}

fn order_of(byte: u8) -> Option<ListOrder> {
    let sort = SORTS.get(usize::from(byte & 0x0f)).copied();
    match byte & 0xf0 {
        0x10 => sort.map(ListOrder::Traces),
        0x20 => sort.map(ListOrder::Spans),
        0x30 if byte == 0x30 => Some(ListOrder::Logs),
        0x40 if byte == 0x40 => Some(ListOrder::MetricPoints),
        _ => None,
    }
}

/// The token for `cursor`.
pub fn encode(cursor: &Cursor) -> String {
    let mut bytes = vec![VERSION, order_byte(cursor.order), cursor.key.len() as u8];
    for part in &cursor.key {
        match part {
            KeyPart::Number(n) => match u64::try_from(*n) {
                Ok(small) => {
                    bytes.push(0x01);
                    bytes.extend(small.to_be_bytes());
                }
                Err(_) => {
                    bytes.push(0x02);
                    bytes.extend(n.to_be_bytes());
                }
            },
            KeyPart::Text(text) => {
                bytes.push(0x03);
                bytes.extend((text.len() as u32).to_be_bytes());
                bytes.extend(text.as_bytes());
            }
            KeyPart::Bytes(raw) => {
                bytes.push(0x04);
                bytes.extend((raw.len() as u32).to_be_bytes());
                bytes.extend(raw);
            }
        }
    }
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The cursor a token stands for; a token this server did not issue is an invalid input.
pub fn decode(token: &str) -> Result<Cursor> {
    (token.len() <= MAX_TOKEN)
        .then(|| URL_SAFE_NO_PAD.decode(token).ok())
        .flatten()
        .and_then(|bytes| Reader(&bytes).cursor())
        .ok_or_else(|| Error::invalid(FOREIGN_CURSOR))
}

/// Reads the binary form, refusing anything but its one way of writing each value.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }

    /// A u32 length and that many bytes.
    fn sized(&mut self) -> Option<&[u8]> {
        let len = u32::from_be_bytes(self.take(4)?.try_into().ok()?);
        self.take(usize::try_from(len).ok()?)
    }

    fn byte(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    fn cursor(mut self) -> Option<Cursor> {
        if self.byte()? != VERSION {
            return None;
        }
        let order = order_of(self.byte()?)?;
        let count = usize::from(self.byte()?);
        if count == 0 || count > MAX_PARTS {
            return None;
        }
        let key = (0..count).map(|_| self.part()).collect::<Option<Vec<_>>>()?;
        // Nothing may follow the last part.
        self.0.is_empty().then_some(Cursor { order, key })
    }

    fn part(&mut self) -> Option<KeyPart> {
        Some(match self.byte()? {
            0x01 => KeyPart::Number(u64::from_be_bytes(self.take(8)?.try_into().ok()?).into()),
            0x02 => {
                let n = u128::from_be_bytes(self.take(16)?.try_into().ok()?);
                (n > u128::from(u64::MAX)).then_some(KeyPart::Number(n))?
            }
            0x03 => {
                let text = std::str::from_utf8(self.sized()?).ok()?;
                KeyPart::Text(text.to_owned())
            }
            0x04 => KeyPart::Bytes(self.sized()?.to_vec()),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn cursors() -> Vec<Cursor> {
        let mut all = vec![
            Cursor {
                order: ListOrder::Logs,
                key: vec![KeyPart::Number(1_700_000_000_000_000_000), KeyPart::Number(0)],
            },
            Cursor {
                order: ListOrder::MetricPoints,
                key: vec![KeyPart::Number(9), KeyPart::Text("http.server.duration é".into())],
            },
        ];
        for sort in SORTS {
            all.push(Cursor {
                order: ListOrder::Spans(sort),
                key: vec![
                    KeyPart::Number(u128::MAX),
                    KeyPart::Bytes(vec![0, 1, 2, 255]),
                    KeyPart::Bytes(vec![]),
                ],
            });
            all.push(Cursor { order: ListOrder::Traces(sort), key: vec![KeyPart::Number(7)] });
        }
        all
    }

    #[test]
    fn every_cursor_comes_back_from_its_token_and_tokens_are_url_safe() {
        for cursor in cursors() {
            let token = encode(&cursor);
            assert!(token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
            assert_eq!(decode(&token).unwrap(), cursor);
        }
    }

    #[test]
    fn tokens_this_server_did_not_write_are_refused() {
        let token = encode(&cursors()[0]);
        let mut bytes = URL_SAFE_NO_PAD.decode(&token).unwrap();
        let refused = |bytes: &[u8]| decode(&URL_SAFE_NO_PAD.encode(bytes)).unwrap_err();
        for garbage in ["", "garbage!", "o200", "=", &"A".repeat(MAX_TOKEN + 4)] {
            let err = decode(garbage).unwrap_err();
            assert_eq!(err.message, FOREIGN_CURSOR, "{garbage:?}");
        }
        bytes.push(0);
        refused(&bytes); // trailing bytes
        bytes.pop();
        bytes[0] = 2;
        refused(&bytes); // another version
        bytes[0] = VERSION;
        bytes[1] = 0x35;
        refused(&bytes); // no such order
        bytes[1] = 0x30;
        bytes[2] = 3;
        refused(&bytes); // more parts than given
        bytes[2] = 2;
        bytes[3] = 0x09;
        refused(&bytes); // no such part
        let mut small_wide = vec![VERSION, 0x30, 1, 0x02];
        small_wide.extend(5u128.to_be_bytes());
        refused(&small_wide); // a small number written wide
        refused(&[VERSION, 0x40, 1, 0x03, 0, 0, 0, 2, 0xff, 0xfe]); // text that is not UTF-8
        refused(&[VERSION, 0x40, 1, 0x04, 0, 0, 0, 9, 1]); // shorter than it says
        assert!(decode(&token).is_ok());
    }
}
