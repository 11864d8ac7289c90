//! A borrowed reader for the protobuf wire format: just enough to walk OTLP requests in place
//! (the pipeline's inspection, the decoded-size estimate) without decoding them.
//!
//! It refuses everything prost refuses (bad varints, lengths past the end, tag 0, groups) and
//! leaves semantics to the caller: a refusal only means "decode this request the usual way".

/// The input is not something this reader vouches for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused;

/// One field's value as it appears on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value<'a> {
    Varint(u64),
    Fixed64(u64),
    Bytes(&'a [u8]),
    Fixed32(u32),
}

impl<'a> Value<'a> {
    pub fn bytes(self) -> Result<&'a [u8], Refused> {
        match self {
            Self::Bytes(b) => Ok(b),
            _ => Err(Refused),
        }
    }

    /// A `string` field: prost rejects one that is not UTF-8.
    pub fn text(self) -> Result<&'a str, Refused> {
        std::str::from_utf8(self.bytes()?).map_err(|_| Refused)
    }

    pub fn varint(self) -> Result<u64, Refused> {
        match self {
            Self::Varint(v) => Ok(v),
            _ => Err(Refused),
        }
    }

    pub fn fixed64(self) -> Result<u64, Refused> {
        match self {
            Self::Fixed64(v) => Ok(v),
            _ => Err(Refused),
        }
    }

    pub fn fixed32(self) -> Result<u32, Refused> {
        match self {
            Self::Fixed32(v) => Ok(v),
            _ => Err(Refused),
        }
    }
}

/// The fields of one encoded message, in wire order, as `(field number, value)`.
pub struct Fields<'a> {
    rest: &'a [u8],
}

impl<'a> Fields<'a> {
    pub fn new(message: &'a [u8]) -> Self {
        Self { rest: message }
    }

    fn varint(&mut self) -> Result<u64, Refused> {
        let mut value = 0u64;
        for (i, &byte) in self.rest.iter().enumerate().take(10) {
            // The tenth byte may only carry the 64th bit.
            if i == 9 && byte > 1 {
                return Err(Refused);
            }
            value |= u64::from(byte & 0x7f) << (7 * i);
            if byte < 0x80 {
                self.rest = &self.rest[i + 1..];
                return Ok(value);
            }
        }
        Err(Refused)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], Refused> {
        if n > self.rest.len() {
            return Err(Refused);
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    fn field(&mut self) -> Result<(u32, Value<'a>), Refused> {
        let key = self.varint()?;
        let number = u32::try_from(key >> 3).map_err(|_| Refused)?;
        if number == 0 {
            return Err(Refused);
        }
        let value = match key & 7 {
            0 => Value::Varint(self.varint()?),
            1 => Value::Fixed64(u64::from_le_bytes(self.take(8)?.try_into().map_err(|_| Refused)?)),
            2 => {
                let len = usize::try_from(self.varint()?).map_err(|_| Refused)?;
                Value::Bytes(self.take(len)?)
            }
            5 => Value::Fixed32(u32::from_le_bytes(self.take(4)?.try_into().map_err(|_| Refused)?)),
            // Groups (3, 4) are obsolete and OTLP has none; 6 and 7 do not exist.
            _ => return Err(Refused),
        };
        Ok((number, value))
    }
}

impl<'a> Iterator for Fields<'a> {
    type Item = Result<(u32, Value<'a>), Refused>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        let field = self.field();
        if field.is_err() {
            self.rest = &[];
        }
        Some(field)
    }
}

/// Singular fields seen so far in one message. prost merges a repeated singular field (the
/// last scalar wins, messages merge); the walk refuses such messages instead of copying that.
#[derive(Default)]
pub struct Seen(u64);

impl Seen {
    /// Marks field `number` (below 64) as seen; refused when it already was.
    pub fn once(&mut self, number: u32) -> Result<(), Refused> {
        let bit = 1u64.checked_shl(number).ok_or(Refused)?;
        if self.0 & bit != 0 {
            return Err(Refused);
        }
        self.0 |= bit;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(bytes: &[u8]) -> Result<Vec<(u32, Value<'_>)>, Refused> {
        Fields::new(bytes).collect()
    }

    #[test]
    fn every_wire_type_prost_writes_is_read() {
        let bytes = [
            0x08, 0x96, 0x01, // 1: varint 150
            0x11, 1, 0, 0, 0, 0, 0, 0, 0, // 2: fixed64 1
            0x1a, 2, b'h', b'i', // 3: bytes "hi"
            0x25, 7, 0, 0, 0, // 4: fixed32 7
        ];
        assert_eq!(
            fields(&bytes).unwrap(),
            [
                (1, Value::Varint(150)),
                (2, Value::Fixed64(1)),
                (3, Value::Bytes(b"hi")),
                (4, Value::Fixed32(7)),
            ]
        );
    }

    #[test]
    fn malformed_input_is_refused() {
        assert_eq!(fields(&[0x08]), Err(Refused), "value missing");
        assert_eq!(fields(&[0x1a, 5, b'a']), Err(Refused), "length past the end");
        assert_eq!(fields(&[0x00, 1]), Err(Refused), "field number 0");
        assert_eq!(fields(&[0x0b]), Err(Refused), "start group");
        assert_eq!(fields(&[0x0e, 0]), Err(Refused), "wire type 6");
        let mut varint = [0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        assert_eq!(fields(&varint).unwrap(), [(1, Value::Varint(u64::MAX))]);
        varint[10] = 0x02;
        assert_eq!(fields(&varint), Err(Refused), "a 65th bit");
        varint[10] = 0x81;
        assert_eq!(fields(&varint), Err(Refused), "an eleventh byte");
        assert_eq!(Value::Bytes(&[0xff]).text(), Err(Refused), "not UTF-8");
    }

    #[test]
    fn a_singular_field_may_appear_once() {
        let mut seen = Seen::default();
        seen.once(3).unwrap();
        seen.once(4).unwrap();
        assert_eq!(seen.once(3), Err(Refused));
        assert_eq!(seen.once(64), Err(Refused));
    }
}
