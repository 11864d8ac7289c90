//! Queue configuration.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum FsyncPolicy {
    /// fsync every group commit before acknowledging: survives power loss.
    #[default]
    Always,
    /// Acknowledge once written to the OS: survives a process crash, not a power loss.
    Never,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct QueueConfig {
    /// Bytes of queue files on disk at which new data is refused with a retryable error.
    pub max_bytes: u64,
    /// A new segment file is started once the current one reaches this size.
    pub segment_bytes: u64,
    pub fsync: FsyncPolicy,
    /// Bytes of accepted batches held in memory awaiting commit; beyond it, push back.
    pub max_inflight_bytes: u64,
}

impl Default for QueueConfig {
    fn default() -> Self {
        Self {
            max_bytes: 1 << 30,
            segment_bytes: 64 << 20,
            fsync: FsyncPolicy::Always,
            max_inflight_bytes: 64 << 20,
        }
    }
}
