//! Reading the queue in order, never past what is durable.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use ophion_core::{QueuePosition, Result};
use tokio::sync::watch;

use super::HEADER_LEN;
use super::log::{DurableMark, Shared, segment_path};
use super::record::{self, crc};

/// One durable record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRecord {
    pub position: QueuePosition,
    pub payload: Vec<u8>,
}

pub struct QueueReader {
    shared: Arc<Shared>,
    durable: watch::Receiver<DurableMark>,
    next_seq: u64,
    current: Option<OpenSegment>,
}

struct OpenSegment {
    first: u64,
    file: File,
    offset: u64,
    /// Sequence number of the last record passed in this segment.
    last: u64,
}

impl QueueReader {
    pub(crate) fn new(
        shared: Arc<Shared>,
        durable: watch::Receiver<DurableMark>,
        applied: u64,
    ) -> Self {
        Self { shared, durable, next_seq: applied + 1, current: None }
    }

    /// True when durable records exist that were not read yet.
    pub fn has_pending(&self) -> bool {
        self.durable.borrow().seq >= self.next_seq
    }

    /// Wait until a record is durable past the last one read. Returns false if the queue
    /// was closed.
    pub async fn wait(&mut self) -> bool {
        let next = self.next_seq;
        self.durable.wait_for(|mark| mark.seq >= next).await.is_ok()
    }

    /// Read up to `max_records` records or about `max_bytes`, in order.
    pub fn read_batch(&mut self, max_records: usize, max_bytes: usize) -> Result<Vec<QueueRecord>> {
        let mark = *self.durable.borrow();
        let mut out = Vec::new();
        let mut bytes = 0usize;
        while out.len() < max_records && bytes < max_bytes && self.next_seq <= mark.seq {
            let Some(segment) = self.current.as_mut() else {
                if !self.open_segment_for(self.next_seq, mark)? {
                    break;
                }
                continue;
            };
            let end = if segment.first == mark.segment {
                mark.offset
            } else {
                segment.file.metadata()?.len()
            };
            if segment.offset + HEADER_LEN as u64 > end {
                if segment.first < mark.segment {
                    let after = segment.first;
                    self.current = None;
                    if !self.open_segment_after(after)? {
                        break;
                    }
                    continue;
                }
                break;
            }
            let mut header = [0u8; HEADER_LEN];
            segment.file.read_exact_at(&mut header, segment.offset)?;
            let len = u32::from_le_bytes([header[0], header[1], header[2], header[3]]) as usize;
            let expected = u32::from_le_bytes([header[4], header[5], header[6], header[7]]);
            let seq = u64::from_le_bytes([
                header[8], header[9], header[10], header[11], header[12], header[13], header[14],
                header[15],
            ]);
            let record_end = segment.offset + (HEADER_LEN + len) as u64;
            let mut payload = vec![0u8; if record_end <= end { len } else { 0 }];
            let readable = record_end <= end
                && segment
                    .file
                    .read_exact_at(&mut payload, segment.offset + HEADER_LEN as u64)
                    .is_ok();
            if !readable || crc(seq, &payload) != expected || seq <= segment.last {
                // Damaged after it was written (recovery on open repairs what it finds): count
                // it, and go on at the next valid record of this segment if there is one.
                self.shared.metrics.queue_corrupt_records.fetch_add(1, Ordering::Relaxed);
                tracing::error!(
                    segment = segment.first,
                    offset = segment.offset,
                    "corrupt queue record; skipping it"
                );
                let mut rest = vec![0u8; end.saturating_sub(segment.offset) as usize];
                segment.file.read_exact_at(&mut rest, segment.offset)?;
                if let Some(found) = record::resync(&rest, 0, segment.last) {
                    segment.offset += found.start as u64;
                    continue;
                }
                let after = segment.first;
                self.current = None;
                if after == mark.segment || !self.open_segment_after(after)? {
                    self.next_seq = mark.seq + 1;
                    break;
                }
                continue;
            }
            segment.offset = record_end;
            segment.last = seq;
            if seq < self.next_seq {
                continue; // already applied
            }
            self.next_seq = seq + 1;
            bytes += len;
            out.push(QueueRecord { position: seq, payload });
        }
        Ok(out)
    }

    /// Open the segment that holds `seq` (the last one starting at or before it).
    fn open_segment_for(&mut self, seq: u64, mark: DurableMark) -> Result<bool> {
        let first = {
            let segments = self.shared.segments.lock().unwrap_or_else(|p| p.into_inner());
            segments
                .files
                .range(..=seq)
                .next_back()
                .map(|(first, _)| *first)
                .or_else(|| segments.files.keys().next().copied())
        };
        match first {
            Some(first) => self.open(first),
            None => {
                self.next_seq = mark.seq + 1;
                Ok(false)
            }
        }
    }

    fn open_segment_after(&mut self, after: u64) -> Result<bool> {
        let next = {
            let segments = self.shared.segments.lock().unwrap_or_else(|p| p.into_inner());
            segments.files.range(after + 1..).next().map(|(first, _)| *first)
        };
        match next {
            Some(first) => self.open(first),
            None => Ok(false),
        }
    }

    fn open(&mut self, first: u64) -> Result<bool> {
        let file = File::open(segment_path(&self.shared.dir, first))?;
        self.current = Some(OpenSegment { first, file, offset: 0, last: first.saturating_sub(1) });
        Ok(true)
    }
}
