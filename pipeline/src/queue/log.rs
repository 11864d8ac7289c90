//! Appending: the group-commit task that owns the active segment, and segment bookkeeping.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{Seek, SeekFrom, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ophion_core::{Error, QueuePosition, Result, SelfMetrics};
use tokio::sync::{Semaphore, mpsc, oneshot, watch};

use super::config::{FsyncPolicy, QueueConfig};
use super::reader::QueueReader;
use super::record;

/// How far the log is durable: everything up to `seq`, which ends at `offset` in the segment
/// whose first sequence number is `segment`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct DurableMark {
    pub seq: u64,
    pub segment: u64,
    pub offset: u64,
}

struct AppendRequest {
    payload: Vec<u8>,
    reply: oneshot::Sender<Result<QueuePosition>>,
}

/// Segment files on disk: first seq → (last seq, bytes).
#[derive(Debug, Default)]
pub(crate) struct Segments {
    pub files: BTreeMap<u64, (u64, u64)>,
    pub applied: u64,
    /// First seq of the segment being appended to; never deleted.
    pub active: u64,
}

impl Segments {
    fn disk_bytes(&self) -> u64 {
        self.files.values().map(|(_, bytes)| bytes).sum()
    }
}

/// Cloneable handle to the queue.
#[derive(Clone)]
pub struct Queue {
    tx: mpsc::Sender<AppendRequest>,
    inflight: Arc<Semaphore>,
    shared: Arc<Shared>,
}

pub(crate) struct Shared {
    pub dir: PathBuf,
    pub config: QueueConfig,
    pub segments: Mutex<Segments>,
    pub metrics: Arc<SelfMetrics>,
    dir_sync: DirSync,
}

/// Makes a directory's entries (a new or renamed segment) durable. A seam so tests can make
/// it fail the way a real disk does.
pub(crate) type DirSync = Arc<dyn Fn(&Path) -> std::io::Result<()> + Send + Sync>;

/// fsync of the directory itself: without it a crash can lose the file's name, and with it
/// every record the file holds.
fn fsync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

pub(crate) fn segment_path(dir: &Path, first_seq: u64) -> PathBuf {
    dir.join(format!("{first_seq:020}.wal"))
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave the bookkeeping half-updated in a way
    // that matters more than stopping ingest would, so recover the guard.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Queue {
    /// Open (or create) the queue in `dir`. `applied` is the store's applied position: new
    /// records always get higher sequence numbers than it, and the reader starts after it.
    pub fn open(
        dir: &Path,
        config: QueueConfig,
        applied: QueuePosition,
        metrics: Arc<SelfMetrics>,
    ) -> Result<(Queue, QueueReader)> {
        Self::open_with(dir, config, applied, metrics, Arc::new(fsync_dir))
    }

    pub(crate) fn open_with(
        dir: &Path,
        config: QueueConfig,
        applied: QueuePosition,
        metrics: Arc<SelfMetrics>,
        dir_sync: DirSync,
    ) -> Result<(Queue, QueueReader)> {
        fs::create_dir_all(dir)?;
        remove_interrupted_rewrites(dir)?;
        let mut segments = Segments { applied, ..Default::default() };
        let mut last_seq = applied;
        for first in list_segments(dir)? {
            let path = segment_path(dir, first);
            let scan = recover_segment(&path, first, &dir_sync)?;
            if scan.damaged > 0 {
                metrics.queue_corrupt_records.fetch_add(scan.damaged, Ordering::Relaxed);
                tracing::error!(path = %path.display(), damaged_records = scan.damaged,
                    dropped_bytes = scan.dropped_bytes,
                    "queue segment damaged; damaged records dropped, the valid ones kept");
            }
            if scan.last_seq == 0 || scan.last_seq <= applied {
                // Empty, or already applied: nothing to keep.
                let _ = fs::remove_file(&path);
                continue;
            }
            last_seq = last_seq.max(scan.last_seq);
            segments.files.insert(first, (scan.last_seq, scan.valid_bytes));
        }
        // Appends always go to a fresh segment, never after a recovered tail.
        let next_seq = last_seq + 1;
        let active = create_segment(dir, next_seq, &dir_sync)?;
        segments.files.insert(next_seq, (last_seq, 0));
        segments.active = next_seq;
        let mark = DurableMark { seq: last_seq, segment: next_seq, offset: 0 };
        metrics.queue_capacity_bytes.store(config.max_bytes, Ordering::Relaxed);
        metrics.queue_size_bytes.store(segments.disk_bytes(), Ordering::Relaxed);
        metrics.queue_last_position.store(last_seq, Ordering::Relaxed);
        metrics.writer_applied_position.store(applied, Ordering::Relaxed);

        let shared = Arc::new(Shared {
            dir: dir.to_path_buf(),
            config: config.clone(),
            segments: Mutex::new(segments),
            metrics,
            dir_sync,
        });
        let (durable_tx, durable_rx) = watch::channel(mark);
        let (tx, rx) = mpsc::channel(1024);
        let committer = Committer {
            shared: shared.clone(),
            file: active,
            segment: next_seq,
            offset: 0,
            next_seq,
            durable: durable_tx,
            failing: false,
            must_roll: false,
        };
        std::thread::Builder::new()
            .name("ophion-queue-commit".into())
            .spawn(move || committer.run(rx))?;
        let inflight_units = (config.max_inflight_bytes / 1024).clamp(1, u32::MAX as u64 >> 3);
        let queue = Queue {
            tx,
            inflight: Arc::new(Semaphore::new(inflight_units as usize)),
            shared: shared.clone(),
        };
        let reader = QueueReader::new(shared, durable_rx, applied);
        Ok((queue, reader))
    }

    /// Append one record; resolves once it is durable. Full queue or too much in flight →
    /// `Overloaded` (retryable); disk errors → `Unavailable`.
    pub async fn append(&self, payload: Vec<u8>) -> Result<QueuePosition> {
        let units = (payload.len() / 1024 + 1).min(u32::MAX as usize) as u32;
        let config = &self.shared.config;
        if payload.len() as u64 > config.max_bytes
            || u64::from(units) > config.max_inflight_bytes / 1024
        {
            // Retrying could never succeed: say so instead of pushing back forever.
            return Err(Error::too_large(format!(
                "batch of {} bytes exceeds the queue's limits (max_bytes, max_inflight_bytes)",
                payload.len()
            )));
        }
        self.admit_bytes(payload.len() as u64)?;
        let _permit = self.inflight.try_acquire_many(units).map_err(|_| {
            Error::overloaded("too much data awaiting commit; retry later", Duration::from_secs(1))
        })?;
        let (reply, rx) = oneshot::channel();
        self.tx.try_send(AppendRequest { payload, reply }).map_err(|_| {
            Error::overloaded("queue commit backlog is full", Duration::from_secs(1))
        })?;
        rx.await.map_err(|_| Error::unavailable("durable queue is shut down"))?
    }

    /// `Overloaded` when the queue is full.
    pub fn admit(&self) -> Result<()> {
        self.admit_bytes(1)
    }

    fn admit_bytes(&self, bytes: u64) -> Result<()> {
        let disk = lock(&self.shared.segments).disk_bytes();
        if disk + bytes > self.shared.config.max_bytes {
            return Err(Error::overloaded(
                "durable queue is full: the store is behind; retry later",
                Duration::from_secs(2),
            ));
        }
        Ok(())
    }

    /// Record that the store applied everything up to `position`; fully applied segments
    /// (except the active one) are deleted.
    pub fn mark_applied(&self, position: QueuePosition) {
        let mut segments = lock(&self.shared.segments);
        segments.applied = segments.applied.max(position);
        let active = segments.active;
        let applied = segments.applied;
        let done: Vec<u64> = segments
            .files
            .iter()
            .filter(|(first, (last, _))| **first != active && *last <= applied)
            .map(|(first, _)| *first)
            .collect();
        for first in done {
            if let Err(err) = fs::remove_file(segment_path(&self.shared.dir, first)) {
                tracing::warn!(%err, first, "could not delete applied queue segment");
            }
            segments.files.remove(&first);
        }
        let metrics = &self.shared.metrics;
        metrics.queue_size_bytes.store(segments.disk_bytes(), Ordering::Relaxed);
        metrics.writer_applied_position.store(applied, Ordering::Relaxed);
    }

    /// Bytes of queue files on disk.
    pub fn disk_bytes(&self) -> u64 {
        lock(&self.shared.segments).disk_bytes()
    }
}

/// Owns the active segment; runs on its own thread because every commit blocks on fsync.
struct Committer {
    shared: Arc<Shared>,
    file: File,
    segment: u64,
    offset: u64,
    next_seq: u64,
    durable: watch::Sender<DurableMark>,
    /// Writes are failing: logged when it starts and when it ends, not for every batch.
    failing: bool,
    /// The active segment could not be cut back after a failed write: append to a new one.
    must_roll: bool,
}

impl Committer {
    fn run(mut self, mut rx: mpsc::Receiver<AppendRequest>) {
        let mut group = Vec::new();
        let mut buf = Vec::new();
        while let Some(first) = rx.blocking_recv() {
            group.push(first);
            while group.len() < 4096 {
                match rx.try_recv() {
                    Ok(req) => group.push(req),
                    Err(_) => break,
                }
            }
            self.commit(&mut group, &mut buf);
        }
        // All senders gone: final sync happened with the last commit.
    }

    fn commit(&mut self, group: &mut Vec<AppendRequest>, buf: &mut Vec<u8>) {
        if (self.must_roll || self.offset >= self.shared.config.segment_bytes)
            && let Err(err) = self.roll()
        {
            self.refuse(group, &err);
            return;
        }
        buf.clear();
        let first_seq = self.next_seq;
        for (i, req) in group.iter().enumerate() {
            record::encode(first_seq + i as u64, &req.payload, buf);
        }
        let written = self.file.write_all(buf).and_then(|()| match self.shared.config.fsync {
            FsyncPolicy::Always => self.file.sync_data(),
            FsyncPolicy::Never => Ok(()),
        });
        if let Err(err) = written {
            // Cut back to the last good record so later appends follow valid data; where that
            // fails too, the next commit starts a new segment first.
            self.must_roll = self
                .file
                .set_len(self.offset)
                .and_then(|()| self.file.seek(SeekFrom::Start(self.offset)).map(|_| ()))
                .is_err();
            self.refuse(group, &err);
            return;
        }
        if self.failing {
            self.failing = false;
            tracing::info!("queue writes succeed again");
        }
        let last_seq = first_seq + group.len() as u64 - 1;
        self.next_seq = last_seq + 1;
        self.offset += buf.len() as u64;
        {
            let mut segments = lock(&self.shared.segments);
            segments.files.insert(self.segment, (last_seq, self.offset));
            let metrics = &self.shared.metrics;
            metrics.queue_size_bytes.store(segments.disk_bytes(), Ordering::Relaxed);
            metrics.queue_last_position.store(last_seq, Ordering::Relaxed);
        }
        self.durable.send_replace(DurableMark {
            seq: last_seq,
            segment: self.segment,
            offset: self.offset,
        });
        for (i, req) in group.drain(..).enumerate() {
            let _ = req.reply.send(Ok(first_seq + i as u64));
        }
    }

    /// Answers a group whose write failed: counted, logged once per run of failures, and
    /// `Unavailable`, so clients retry and nothing unwritten is acknowledged.
    fn refuse(&mut self, group: &mut Vec<AppendRequest>, err: &std::io::Error) {
        self.shared.metrics.queue_write_failures.fetch_add(1, Ordering::Relaxed);
        if !self.failing {
            self.failing = true;
            tracing::error!(%err, "queue writes are failing; refusing batches until they succeed");
        }
        let err = Error::unavailable(format!("durable queue write failed: {err}"));
        for req in group.drain(..) {
            let _ = req.reply.send(Err(err.clone()));
        }
    }

    fn roll(&mut self) -> std::io::Result<()> {
        let file = create_segment(&self.shared.dir, self.next_seq, &self.shared.dir_sync)?;
        let previous_last = self.next_seq - 1;
        self.must_roll = false;
        self.file = file;
        self.segment = self.next_seq;
        self.offset = 0;
        {
            let mut segments = lock(&self.shared.segments);
            segments.files.insert(self.segment, (previous_last, 0));
            segments.active = self.segment;
        }
        // Publish the new segment so the reader moves on once it finishes the old one.
        self.durable.send_replace(DurableMark {
            seq: previous_last,
            segment: self.segment,
            offset: 0,
        });
        Ok(())
    }
}

struct SegmentScan {
    /// 0 when no valid record is left.
    last_seq: u64,
    valid_bytes: u64,
    /// Damaged records (or runs of them) dropped.
    damaged: u64,
    dropped_bytes: u64,
}

/// Validate every record. A damaged record is counted and skipped, and the scan resumes at the
/// next record that checks out, so a flipped bit costs one batch, not the rest of the segment.
/// The file is then cut back (damaged tail) or rewritten with only its valid records, so the
/// reader never meets the damage.
fn recover_segment(path: &Path, first: u64, dir_sync: &DirSync) -> Result<SegmentScan> {
    let data = fs::read(path)?;
    let mut kept: Vec<Range<usize>> = Vec::new();
    let mut last_seq = first.saturating_sub(1);
    let mut damaged = 0;
    let mut pos = 0;
    while pos < data.len() {
        let found = record::at(&data, pos, last_seq).or_else(|| {
            damaged += 1;
            record::resync(&data, pos, last_seq)
        });
        let Some(found) = found else { break };
        kept.push(found.start..found.end);
        last_seq = found.seq;
        pos = found.end;
    }
    let valid_bytes: usize = kept.iter().map(Range::len).sum();
    if damaged > 0 {
        if kept.last().is_none_or(|r| r.end == valid_bytes) {
            let file = OpenOptions::new().write(true).open(path)?;
            file.set_len(valid_bytes as u64)?;
            file.sync_all()?;
        } else {
            rewrite_segment(path, &data, &kept, dir_sync)?;
        }
    }
    Ok(SegmentScan {
        last_seq: if kept.is_empty() { 0 } else { last_seq },
        valid_bytes: valid_bytes as u64,
        damaged,
        dropped_bytes: (data.len() - valid_bytes) as u64,
    })
}

/// Replace a segment with its valid records: write a temporary file, sync, rename over.
fn rewrite_segment(
    path: &Path,
    data: &[u8],
    kept: &[Range<usize>],
    dir_sync: &DirSync,
) -> Result<()> {
    let tmp = path.with_extension(REWRITE_EXTENSION);
    let mut file = File::create(&tmp)?;
    for range in kept {
        file.write_all(&data[range.clone()])?;
    }
    file.sync_all()?;
    fs::rename(&tmp, path)?;
    dir_sync(path.parent().unwrap_or(Path::new(".")))?;
    Ok(())
}

const REWRITE_EXTENSION: &str = "wal.rewrite";

/// A crash during [`rewrite_segment`] leaves the original segment in place and a partial copy.
fn remove_interrupted_rewrites(dir: &Path) -> Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.to_string_lossy().ends_with(REWRITE_EXTENSION) {
            fs::remove_file(&path)?;
        }
    }
    Ok(())
}

fn create_segment(dir: &Path, first_seq: u64, dir_sync: &DirSync) -> std::io::Result<File> {
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .read(true)
        .open(segment_path(dir, first_seq))?;
    file.set_len(0)?;
    dir_sync(dir)?; // the new file's directory entry must be durable too
    Ok(file)
}

pub(crate) fn list_segments(dir: &Path) -> Result<Vec<u64>> {
    let mut firsts = Vec::new();
    for entry in fs::read_dir(dir)? {
        let name = entry?.file_name();
        let name = name.to_string_lossy();
        if let Some(first) = name.strip_suffix(".wal").and_then(|n| n.parse::<u64>().ok()) {
            firsts.push(first);
        }
    }
    firsts.sort_unstable();
    Ok(firsts)
}
