//! Decompression with a hard cap on the inflated size: a 1 MiB bomb that would inflate to
//! 1 GiB is refused after at most `limit` bytes were produced (CVE-2024-36129).

use std::borrow::Cow;
use std::io::Read;

use ophion_core::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Identity,
    Gzip,
    Zstd,
}

impl Encoding {
    /// Parse a `Content-Encoding` or `grpc-encoding` header value.
    pub fn from_header(value: Option<&str>) -> Result<Self> {
        match value.map(|v| v.trim().to_ascii_lowercase()).as_deref() {
            None | Some("") | Some("identity") | Some("none") => Ok(Self::Identity),
            Some("gzip") | Some("x-gzip") => Ok(Self::Gzip),
            Some("zstd") => Ok(Self::Zstd),
            Some(other) => Err(Error::unsupported_media(format!(
                "unsupported content encoding {other:?}: use gzip, zstd or identity"
            ))),
        }
    }
}

/// Inflate `input` into at most `limit` bytes. Larger output is `TooLarge`; a corrupt stream
/// is `InvalidInput`.
#[allow(clippy::disallowed_methods)] // the one capped place: output goes through read_capped
pub fn decompress(encoding: Encoding, input: &[u8], limit: usize) -> Result<Cow<'_, [u8]>> {
    match encoding {
        Encoding::Identity => {
            if input.len() > limit {
                return Err(too_large(limit));
            }
            Ok(Cow::Borrowed(input))
        }
        Encoding::Gzip => read_capped(flate2::read::MultiGzDecoder::new(input), input.len(), limit)
            .map(Cow::Owned),
        Encoding::Zstd => {
            let decoder = zstd::stream::read::Decoder::new(input)
                .map_err(|e| Error::invalid(format!("invalid zstd stream: {e}")))?;
            read_capped(decoder, input.len(), limit).map(Cow::Owned)
        }
    }
}

fn read_capped(reader: impl Read, input_len: usize, limit: usize) -> Result<Vec<u8>> {
    // Reserve a guess, never the attacker's claim.
    let mut out = Vec::with_capacity(input_len.saturating_mul(4).min(limit).min(8 << 20));
    let read = reader.take(limit as u64 + 1).read_to_end(&mut out);
    match read {
        Ok(_) if out.len() > limit => Err(too_large(limit)),
        Ok(_) => Ok(out),
        Err(e) => Err(Error::invalid(format!("invalid compressed body: {e}"))),
    }
}

fn too_large(limit: usize) -> Error {
    Error::too_large(format!("message exceeds the limit of {limit} bytes after decompression"))
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use ophion_core::ErrorKind;

    use super::*;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn gzip_and_zstd_round_trip_under_the_limit() {
        let data = b"hello otlp".repeat(100);
        assert_eq!(decompress(Encoding::Gzip, &gzip(&data), 2000).unwrap(), data);
        let z = zstd::encode_all(&data[..], 1).unwrap();
        assert_eq!(decompress(Encoding::Zstd, &z, 2000).unwrap(), data);
    }

    #[test]
    fn bombs_are_refused_after_at_most_the_limit() {
        let zeros = vec![0u8; 64 << 20];
        let bomb = gzip(&zeros);
        assert!(bomb.len() < 1 << 20);
        let err = decompress(Encoding::Gzip, &bomb, 1 << 20).unwrap_err();
        assert_eq!(err.kind, ErrorKind::TooLarge);
        let zbomb = zstd::encode_all(&zeros[..], 3).unwrap();
        let err = decompress(Encoding::Zstd, &zbomb, 1 << 20).unwrap_err();
        assert_eq!(err.kind, ErrorKind::TooLarge);
    }

    #[test]
    fn garbage_is_invalid_input() {
        let err = decompress(Encoding::Gzip, b"not gzip at all", 100).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        let err = decompress(Encoding::Zstd, b"not zstd at all", 100).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidInput);
    }

    #[test]
    fn unknown_encodings_are_unsupported() {
        assert_eq!(Encoding::from_header(Some("GZIP")).unwrap(), Encoding::Gzip);
        assert_eq!(Encoding::from_header(None).unwrap(), Encoding::Identity);
        let err = Encoding::from_header(Some("br")).unwrap_err();
        assert_eq!(err.kind, ErrorKind::UnsupportedMedia);
    }
}
