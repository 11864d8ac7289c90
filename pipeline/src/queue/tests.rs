use std::fs::OpenOptions;
use std::io::{Seek, SeekFrom, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use ophion_core::{ErrorKind, SelfMetrics};

use super::*;

fn small_config() -> QueueConfig {
    QueueConfig {
        max_bytes: 1 << 20,
        segment_bytes: 4096,
        fsync: FsyncPolicy::Always,
        max_inflight_bytes: 1 << 20,
    }
}

fn open(dir: &std::path::Path, applied: u64) -> (Queue, QueueReader, Arc<SelfMetrics>) {
    let metrics = Arc::new(SelfMetrics::default());
    let (q, r) = Queue::open(dir, small_config(), applied, metrics.clone()).unwrap();
    (q, r, metrics)
}

fn payload(i: u32) -> Vec<u8> {
    format!("record-{i:05}-").repeat(20).into_bytes()
}

fn read_all(reader: &mut QueueReader) -> Vec<QueueRecord> {
    let mut all = Vec::new();
    loop {
        let batch = reader.read_batch(7, 1 << 20).unwrap();
        if batch.is_empty() {
            return all;
        }
        all.extend(batch);
    }
}

#[tokio::test]
async fn appended_records_are_read_back_in_order_across_segments() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, mut reader, _) = open(dir.path(), 0);
    for i in 0..100 {
        assert_eq!(queue.append(payload(i)).await.unwrap(), u64::from(i) + 1);
    }
    let all = read_all(&mut reader);
    assert_eq!(all.len(), 100);
    for (i, rec) in all.iter().enumerate() {
        assert_eq!(rec.position, i as u64 + 1);
        assert_eq!(rec.payload, payload(i as u32));
    }
    assert!(super::log::list_segments(dir.path()).unwrap().len() > 3, "segments rolled");
}

#[tokio::test]
async fn restart_replays_exactly_what_was_not_applied() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (queue, _, _) = open(dir.path(), 0);
        for i in 0..50 {
            queue.append(payload(i)).await.unwrap();
        }
    }
    let (queue, mut reader, _) = open(dir.path(), 30);
    let replay = read_all(&mut reader);
    assert_eq!(
        replay.iter().map(|r| r.position).collect::<Vec<_>>(),
        (31..=50).collect::<Vec<_>>()
    );
    // New records continue after the recovered ones.
    assert_eq!(queue.append(payload(99)).await.unwrap(), 51);
}

#[tokio::test]
async fn sequence_numbers_stay_above_the_store_position_when_the_log_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, mut reader, _) = open(dir.path(), 500);
    assert_eq!(queue.append(payload(1)).await.unwrap(), 501);
    assert_eq!(read_all(&mut reader)[0].position, 501);
}

#[tokio::test]
async fn applied_segments_are_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, mut reader, metrics) = open(dir.path(), 0);
    for i in 0..100 {
        queue.append(payload(i)).await.unwrap();
    }
    let before = queue.disk_bytes();
    let all = read_all(&mut reader);
    queue.mark_applied(all.last().unwrap().position);
    assert!(queue.disk_bytes() < before / 4, "{} vs {before}", queue.disk_bytes());
    assert_eq!(metrics.writer_applied_position.load(Ordering::Relaxed), 100);
    assert_eq!(super::log::list_segments(dir.path()).unwrap().len(), 1);
}

#[tokio::test]
async fn torn_tail_is_truncated_and_counted_without_losing_earlier_records() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (queue, _, _) = open(dir.path(), 0);
        for i in 0..3 {
            queue.append(payload(i)).await.unwrap();
        }
    }
    let first = super::log::list_segments(dir.path()).unwrap()[0];
    let path = super::log::segment_path(dir.path(), first);
    let mut f = OpenOptions::new().append(true).open(&path).unwrap();
    f.write_all(&[200, 0, 0, 0, 1, 2, 3]).unwrap(); // half a header
    drop(f);
    let (_, mut reader, metrics) = open(dir.path(), 0);
    assert_eq!(read_all(&mut reader).len(), 3);
    assert_eq!(metrics.queue_corrupt_records.load(Ordering::Relaxed), 1);
}

fn flip_bit(path: &std::path::Path, offset: u64) {
    let mut f = OpenOptions::new().read(true).write(true).open(path).unwrap();
    let mut byte = [0u8];
    f.seek(SeekFrom::Start(offset)).unwrap();
    std::io::Read::read_exact(&mut f, &mut byte).unwrap();
    f.seek(SeekFrom::Start(offset)).unwrap();
    f.write_all(&[byte[0] ^ 0x04]).unwrap();
}

async fn sixty_records(dir: &std::path::Path) -> std::path::PathBuf {
    let (queue, _, _) = open(dir, 0);
    for i in 0..60 {
        queue.append(payload(i)).await.unwrap();
    }
    let segments = super::log::list_segments(dir).unwrap();
    super::log::segment_path(dir, segments[1])
}

#[tokio::test]
async fn flipped_bit_mid_segment_loses_only_the_damaged_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = sixty_records(dir.path()).await;
    let first_in_segment: u64 = path.file_stem().unwrap().to_str().unwrap().parse().unwrap();
    flip_bit(&path, 40); // inside the segment's first record
    let (_, mut reader, metrics) = open(dir.path(), 0);
    let read: Vec<u64> = read_all(&mut reader).iter().map(|r| r.position).collect();
    let expected: Vec<u64> = (1..=60).filter(|seq| *seq != first_in_segment).collect();
    assert_eq!(read, expected);
    assert_eq!(metrics.queue_corrupt_records.load(Ordering::Relaxed), 1);
}

#[tokio::test]
async fn damage_is_repaired_on_open_so_it_is_counted_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = sixty_records(dir.path()).await;
    let len = std::fs::metadata(&path).unwrap().len();
    flip_bit(&path, len / 2);
    drop(open(dir.path(), 0));
    assert!(std::fs::metadata(&path).unwrap().len() < len, "the damaged record is gone");
    let (_, mut reader, metrics) = open(dir.path(), 0);
    let read: Vec<u64> = read_all(&mut reader).iter().map(|r| r.position).collect();
    assert_eq!(read.len(), 59, "{read:?}");
    assert_eq!(metrics.queue_corrupt_records.load(Ordering::Relaxed), 0, "nothing left to count");
}

#[tokio::test]
async fn damage_found_while_reading_skips_only_the_damaged_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = sixty_records(dir.path()).await;
    let (_, mut reader, metrics) = open(dir.path(), 0);
    flip_bit(&path, 40); // after recovery ran: the reader meets it
    assert_eq!(read_all(&mut reader).len(), 59);
    assert_eq!(metrics.queue_corrupt_records.load(Ordering::Relaxed), 1);
}

#[tokio::test]
async fn a_full_queue_pushes_back_with_a_retryable_error() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, _, _) = open(dir.path(), 0);
    let big = vec![7u8; 200 << 10];
    let mut refused = None;
    for _ in 0..10 {
        if let Err(e) = queue.append(big.clone()).await {
            refused = Some(e);
            break;
        }
    }
    let err = refused.expect("queue must refuse past max_bytes");
    assert_eq!(err.kind, ErrorKind::Overloaded);
    assert!(err.retry_after.is_some());
}

#[tokio::test]
async fn a_batch_larger_than_the_queue_is_a_permanent_error() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, _, _) = open(dir.path(), 0);
    let err = queue.append(vec![1u8; (1 << 20) + 1]).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::TooLarge);
    assert!(err.retry_after.is_none());
    assert_eq!(queue.append(payload(1)).await.unwrap(), 1, "the queue still takes normal batches");
}

/// A directory sync that fails while `failing` is set, counting its calls.
fn failing_dir_sync(failing: Arc<AtomicBool>, calls: Arc<AtomicU64>) -> super::log::DirSync {
    Arc::new(move |_dir: &std::path::Path| {
        calls.fetch_add(1, Ordering::Relaxed);
        if failing.load(Ordering::Relaxed) {
            Err(std::io::Error::from_raw_os_error(5)) // EIO
        } else {
            Ok(())
        }
    })
}

#[tokio::test]
async fn a_failed_directory_sync_after_a_new_segment_refuses_the_append() {
    let dir = tempfile::tempdir().unwrap();
    let (failing, calls) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicU64::new(0)));
    let metrics = Arc::new(SelfMetrics::default());
    let sync = failing_dir_sync(failing.clone(), calls.clone());
    let (queue, mut reader) =
        Queue::open_with(dir.path(), small_config(), 0, metrics.clone(), sync).unwrap();
    // Fill the first segment up to its roll.
    let mut acked = Vec::new();
    let mut i = 0;
    while calls.load(Ordering::Relaxed) == 1 {
        acked.push(queue.append(payload(i)).await.unwrap());
        i += 1;
    }
    let before = calls.load(Ordering::Relaxed);
    failing.store(true, Ordering::Relaxed);
    let mut appended = 0;
    let err = loop {
        match queue.append(payload(i)).await {
            Ok(seq) => acked.push(seq),
            Err(err) => break err,
        }
        appended += 1;
        assert!(appended < 100, "appends kept succeeding while the directory could not be synced");
    };
    assert!(calls.load(Ordering::Relaxed) > before, "the refusal came from a directory sync");
    assert_eq!(err.kind, ErrorKind::Unavailable, "{err}");
    assert!(err.retry_after.is_some());
    assert!(err.message.contains("durable queue write failed"), "{err}");
    assert_eq!(metrics.queue_write_failures.load(Ordering::Relaxed), 1);

    failing.store(false, Ordering::Relaxed);
    acked.push(queue.append(payload(1000)).await.unwrap());
    let read: Vec<u64> = read_all(&mut reader).iter().map(|r| r.position).collect();
    assert_eq!(read, acked, "every acknowledged record, and only those, is read back");
}

#[tokio::test]
async fn opening_fails_when_the_new_segment_cannot_be_made_durable() {
    let dir = tempfile::tempdir().unwrap();
    let (failing, calls) = (Arc::new(AtomicBool::new(true)), Arc::new(AtomicU64::new(0)));
    let sync = failing_dir_sync(failing, calls.clone());
    let opened = Queue::open_with(dir.path(), small_config(), 0, Arc::default(), sync);
    let err = opened.err().expect("open must fail");
    assert!(err.message.contains("Input/output error"), "{err}");
    assert_eq!(calls.load(Ordering::Relaxed), 1);
}

#[tokio::test]
async fn repair_fails_when_the_rewritten_segment_cannot_be_made_durable() {
    let dir = tempfile::tempdir().unwrap();
    let path = sixty_records(dir.path()).await;
    flip_bit(&path, 40); // a damaged record with valid ones after it: the segment is rewritten
    let segments_before = super::log::list_segments(dir.path()).unwrap();
    let (failing, calls) = (Arc::new(AtomicBool::new(true)), Arc::new(AtomicU64::new(0)));
    let sync = failing_dir_sync(failing, calls.clone());
    let opened = Queue::open_with(dir.path(), small_config(), 0, Arc::default(), sync);
    let err = opened.err().expect("open must fail");
    assert!(err.message.contains("Input/output error"), "{err}");
    assert_eq!(calls.load(Ordering::Relaxed), 1, "the rename's sync was the first and last");
    assert_eq!(super::log::list_segments(dir.path()).unwrap(), segments_before, "no new segment");
}
