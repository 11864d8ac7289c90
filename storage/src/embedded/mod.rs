//! The embedded store: Ophion's default backend, one DuckDB file (`ophion.duckdb`) under the
//! data directory. OTLP spans, logs and metric points become rows of columnar tables (typed
//! columns for hot attributes, full attribute maps beside them) written through DuckDB's
//! appender; each `append` is one transaction that also records the applied queue position,
//! so replay after a crash is exact. DuckDB is blocking, so every call runs on tokio's
//! blocking pool: one writer connection behind a mutex, and readers cloned from it (DuckDB's
//! MVCC lets them read committed data while the writer works).

mod append;
mod columns;
mod error;
mod filter;
mod metrics;
mod query;
mod retention;
mod rollup;
mod schema;
#[cfg(test)]
mod tests;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use duckdb::Connection;
use ophion_core::store::{RetentionPolicy, RetentionReport};
use ophion_core::{AppliedBatch, QueuePosition, Result, TelemetryStore};

pub use self::append::encode_rows;
use self::error::{DuckResultExt, join_failed, poisoned};

/// Resource limits for DuckDB. Its own default is 80% of the machine's memory and one thread
/// per core, which no co-located service should have to give up.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EmbeddedConfig {
    /// DuckDB's buffer-manager limit (it spills to disk beyond it).
    pub memory_limit_bytes: u64,
    /// Threads DuckDB may use for one query or append.
    pub threads: u32,
    /// Write-ahead log size at which DuckDB checkpoints (compresses new data into the file).
    /// Each checkpoint rewrites the table's last, partly filled row group, so small values
    /// spend CPU compressing the same rows again and again; large values hold more
    /// uncompressed data in memory and make a restart replay a longer log.
    pub checkpoint_threshold_bytes: u64,
}

impl Default for EmbeddedConfig {
    fn default() -> Self {
        Self { memory_limit_bytes: 512 << 20, threads: 2, checkpoint_threshold_bytes: 64 << 20 }
    }
}

impl EmbeddedConfig {
    fn apply(&self, conn: &Connection) -> Result<()> {
        // Plain integers formatted from a validated config: no user strings reach SQL here.
        let sql = format!(
            "SET memory_limit = '{}MiB'; SET threads = {}; SET checkpoint_threshold = '{}MiB';",
            (self.memory_limit_bytes >> 20).max(64),
            self.threads.max(1),
            (self.checkpoint_threshold_bytes >> 20).max(1),
        );
        conn.execute_batch(&sql).store_err()
    }
}

/// The database file's name inside the data directory.
pub const DATABASE_FILE: &str = "ophion.duckdb";

/// Idle reader connections kept for reuse; more may exist while queries run.
const MAX_IDLE_READERS: usize = 8;

/// How often appends fold the service rollups: between two runs a (service, minute) gains a
/// row per transaction, which queries sum.
const ROLLUP_COMPACTION_INTERVAL: Duration = Duration::from_secs(30);

/// The DuckDB-backed [`TelemetryStore`]. Cheap to share behind an `Arc`; all methods take
/// `&self`.
pub struct EmbeddedStore {
    inner: Arc<Inner>,
}

struct Inner {
    /// The only connection that writes; holding the lock is holding the write side.
    writer: Mutex<Connection>,
    /// When the writer last folded the service rollups (see `rollup::compact`).
    rollups_compacted: Mutex<Instant>,
    /// Source of reader connections, kept apart so a long append does not block readers.
    reader_source: Mutex<Connection>,
    idle_readers: Mutex<Vec<Connection>>,
    path: Option<PathBuf>,
}

impl fmt::Debug for EmbeddedStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.inner.path.as_deref().map_or("(in memory)".into(), Path::to_string_lossy);
        f.debug_struct("EmbeddedStore").field("path", &path).finish()
    }
}

impl EmbeddedStore {
    /// Opens (creating if needed) `dir/ophion.duckdb`, creating `dir` too.
    pub fn open(dir: &Path) -> Result<Self> {
        Self::open_with(dir, &EmbeddedConfig::default())
    }

    pub fn open_with(dir: &Path, config: &EmbeddedConfig) -> Result<Self> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join(DATABASE_FILE);
        let conn = Connection::open(&path).store_err()?;
        config.apply(&conn)?;
        let store = Self::with_connection(conn, Some(path))?;
        tracing::info!(path = ?store.inner.path, memory_limit_bytes = config.memory_limit_bytes,
            threads = config.threads, "embedded store opened");
        Ok(store)
    }

    /// A store that lives only as long as this value; for tests and trials.
    pub fn open_in_memory() -> Result<Self> {
        let conn = Connection::open_in_memory().store_err()?;
        Self::with_connection(conn, None)
    }

    fn with_connection(mut conn: Connection, path: Option<PathBuf>) -> Result<Self> {
        schema::migrate(&mut conn)?;
        let reader_source = conn.try_clone().store_err()?;
        Ok(Self {
            inner: Arc::new(Inner {
                writer: Mutex::new(conn),
                rollups_compacted: Mutex::new(Instant::now()),
                reader_source: Mutex::new(reader_source),
                idle_readers: Mutex::new(Vec::new()),
                path,
            }),
        })
    }

    /// The database file, or `None` for an in-memory store.
    pub fn path(&self) -> Option<&Path> {
        self.inner.path.as_deref()
    }

    async fn read<T, F>(&self, work: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T> + Send + 'static,
    {
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || inner.with_reader(work)).await.map_err(join_failed)?
    }

    /// [`Self::read`] of `work` on an owned copy of `arg`.
    async fn read_with<A, T>(&self, arg: &A, work: fn(&Connection, &A) -> Result<T>) -> Result<T>
    where
        A: Clone + Send + 'static,
        T: Send + 'static,
    {
        let arg = arg.clone();
        self.read(move |conn| work(conn, &arg)).await
    }

    async fn write<T, F>(&self, work: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    {
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || {
            let mut writer = inner.writer.lock().map_err(poisoned)?;
            work(&mut writer)
        })
        .await
        .map_err(join_failed)?
    }
}

impl Inner {
    fn with_reader<T>(&self, work: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let idle = self.idle_readers.lock().map_err(poisoned)?.pop();
        let conn = match idle {
            Some(conn) => conn,
            None => self.reader_source.lock().map_err(poisoned)?.try_clone().store_err()?,
        };
        let result = work(&conn);
        // A connection whose query failed is still usable: DuckDB errors end the statement,
        // not the connection.
        if let Ok(mut idle) = self.idle_readers.lock()
            && idle.len() < MAX_IDLE_READERS
        {
            idle.push(conn);
        }
        result
    }
}

#[async_trait]
impl TelemetryStore for EmbeddedStore {
    async fn append(&self, batches: Vec<AppliedBatch>) -> Result<()> {
        if batches.is_empty() {
            return Ok(());
        }
        let inner = Arc::clone(&self.inner);
        self.write(move |conn| {
            let tx = conn.transaction().store_err()?;
            let counts = append::write_batches(&tx, &batches)?;
            if counts.batches == 0 {
                tracing::debug!(batches = batches.len(), "append skipped already applied batches");
                return Ok(()); // dropping `tx` rolls back the (empty) transaction
            }
            tx.commit().store_err()?;
            tracing::debug!(
                batches = counts.batches,
                spans = counts.spans,
                logs = counts.logs,
                points = counts.points,
                "appended batches"
            );
            let mut compacted = inner.rollups_compacted.lock().map_err(poisoned)?;
            if compacted.elapsed() >= ROLLUP_COMPACTION_INTERVAL {
                *compacted = Instant::now();
                // The append is committed; a failed compaction only leaves more rows to sum.
                if let Err(e) = rollup::compact(conn) {
                    tracing::warn!(error = %e, "service rollup compaction failed");
                }
            }
            Ok(())
        })
        .await
    }

    async fn applied_position(&self) -> Result<Option<QueuePosition>> {
        self.read(append::read_position).await
    }

    async fn enforce_retention(
        &self,
        policy: RetentionPolicy,
        now_unix_nanos: u64,
    ) -> Result<RetentionReport> {
        self.write(move |conn| retention::enforce(conn, policy, now_unix_nanos)).await
    }

    async fn healthcheck(&self) -> Result<()> {
        self.read(|conn| {
            conn.query_row("SELECT count(*) FROM applied_position", [], |row| row.get::<_, i64>(0))
                .store_err()
                .map(|_| ())
        })
        .await
    }

    async fn close(&self) -> Result<()> {
        let inner = Arc::clone(&self.inner);
        self.write(move |conn| {
            inner.idle_readers.lock().map_err(poisoned)?.clear();
            rollup::compact(conn)?;
            // Fold the WAL into the database file so the next open starts clean.
            conn.execute_batch("CHECKPOINT").store_err()
        })
        .await?;
        tracing::info!(path = ?self.inner.path, "embedded store closed");
        Ok(())
    }
}
