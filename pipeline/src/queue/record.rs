//! The record format, and finding valid records again after damage.
//!
//! ```text
//! record := len: u32 LE | crc32: u32 LE (over seq and payload) | seq: u64 LE | payload
//! ```

use super::HEADER_LEN;

pub(crate) fn crc(seq: u64, payload: &[u8]) -> u32 {
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(&seq.to_le_bytes());
    hasher.update(payload);
    hasher.finalize()
}

/// Append one encoded record to `out`.
pub(crate) fn encode(seq: u64, payload: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&crc(seq, payload).to_le_bytes());
    out.extend_from_slice(&seq.to_le_bytes());
    out.extend_from_slice(payload);
}

/// A record that checks out, found in a buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    pub seq: u64,
    pub start: usize,
    pub end: usize,
}

/// The record at `start` if it is whole, its checksum holds and its sequence number comes
/// after `last_seq` (gaps are records dropped by an earlier repair).
pub(crate) fn at(data: &[u8], start: usize, last_seq: u64) -> Option<Found> {
    let header = data.get(start..start.checked_add(HEADER_LEN)?)?;
    let [l0, l1, l2, l3, c0, c1, c2, c3, s @ ..] = header else { return None };
    let len = u32::from_le_bytes([*l0, *l1, *l2, *l3]) as usize;
    let sum = u32::from_le_bytes([*c0, *c1, *c2, *c3]);
    let seq = u64::from_le_bytes(s.try_into().ok()?);
    let end = start.checked_add(HEADER_LEN)?.checked_add(len)?;
    let payload = data.get(start + HEADER_LEN..end)?;
    (seq > last_seq && crc(seq, payload) == sum).then_some(Found { seq, start, end })
}

/// The first valid record after damage at `damaged`, whose sequence number follows `last_seq`.
///
/// Each damaged byte range can hide at most one record per `HEADER_LEN` bytes, which bounds
/// the sequence numbers worth trying at each offset; checksums are computed only for headers
/// that name one of them, so the scan costs little even over a large segment.
pub(crate) fn resync(data: &[u8], damaged: usize, last_seq: u64) -> Option<Found> {
    (damaged + 1..data.len().saturating_sub(HEADER_LEN - 1)).find_map(|start| {
        let seq = u64::from_le_bytes(data[start + 8..start + HEADER_LEN].try_into().ok()?);
        let hidden = ((start - damaged) / HEADER_LEN + 1) as u64;
        (seq > last_seq && seq <= last_seq.saturating_add(hidden))
            .then(|| at(data, start, last_seq))
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(seqs: std::ops::RangeInclusive<u64>) -> Vec<u8> {
        let mut out = Vec::new();
        for seq in seqs {
            encode(seq, format!("payload {seq}").repeat(seq as usize % 5 + 1).as_bytes(), &mut out);
        }
        out
    }

    #[test]
    fn records_are_found_where_they_were_written() {
        let data = records(7..=9);
        let first = at(&data, 0, 6).unwrap();
        let second = at(&data, first.end, 7).unwrap();
        assert_eq!((first.seq, second.seq), (7, 8));
        assert_eq!(at(&data, first.end, 8), None, "a sequence number going back");
        assert_eq!(at(&data[..data.len() - 1], second.end, 8), None, "torn");
    }

    #[test]
    fn resync_skips_exactly_the_damaged_record() {
        let mut data = records(1..=10);
        let third = at(&data, at(&data, 0, 0).unwrap().end, 1).unwrap().end;
        data[third + HEADER_LEN + 2] ^= 0x10; // inside record 3's payload
        assert_eq!(at(&data, third, 2), None);
        let next = resync(&data, third, 2).unwrap();
        assert_eq!(next.seq, 4);
        assert_eq!(at(&data, next.end, 4).map(|f| f.seq), Some(5));
    }

    #[test]
    fn resync_finds_nothing_in_garbage() {
        let garbage: Vec<u8> =
            (0..100_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        assert_eq!(resync(&garbage, 0, 0), None);
    }
}
