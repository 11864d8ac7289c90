//! The durable queue: a write-ahead log of batches between the receiver and the store.
//!
//! A record is acknowledged only after it is written (and, with `fsync: always`, synced);
//! appenders that arrive while a sync is in progress are committed together (group commit).
//! Records live in segment files named after their first sequence number:
//!
//! ```text
//! record := len: u32 LE | crc32: u32 LE (over seq and payload) | seq: u64 LE | payload
//! ```
//!
//! The writer reads records in order and, once the store has applied them, whole segments
//! are deleted. On open, damaged records (a torn tail, a flipped bit) are dropped and counted,
//! never fatal, and the valid records around them are kept.

mod config;
mod log;
mod reader;
mod record;

pub use config::{FsyncPolicy, QueueConfig};
pub use log::Queue;
pub use reader::{QueueReader, QueueRecord};

pub(crate) const HEADER_LEN: usize = 16;

#[cfg(test)]
mod tests;
