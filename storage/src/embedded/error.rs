//! How DuckDB's errors become the core error kinds: trouble with the file, the disk, memory or
//! the lock is `Unavailable` (the writer retries, the API answers 503); anything else is a bug
//! or corrupt data and so `Internal`.

use ophion_core::Error;

/// Maps a DuckDB error to the core error, keeping DuckDB's message for the operator.
pub(crate) fn from_duckdb(err: duckdb::Error) -> Error {
    let message = err.to_string();
    if is_transient(&err, &message) {
        tracing::warn!(error = %message, "embedded store is unavailable");
        Error::unavailable(format!("embedded store unavailable: {message}"))
    } else {
        tracing::error!(error = %message, "embedded store failed");
        Error::internal(format!("embedded store error: {message}"))
    }
}

fn is_transient(err: &duckdb::Error, message: &str) -> bool {
    use duckdb::ffi::ErrorCode;
    if let duckdb::Error::DuckDBFailure(ffi, _) = err {
        let transient_code = matches!(
            ffi.code,
            ErrorCode::DatabaseBusy
                | ErrorCode::DatabaseLocked
                | ErrorCode::SystemIoFailure
                | ErrorCode::DiskFull
                | ErrorCode::CannotOpen
                | ErrorCode::OutOfMemory
                | ErrorCode::PermissionDenied
                | ErrorCode::FileLockingProtocolFailed
        );
        if transient_code {
            return true;
        }
    }
    // DuckDB reports most failures with an unknown code and a typed message prefix.
    ["IO Error", "Out of Memory Error", "Could not set lock", "No space left", "Permission"]
        .iter()
        .any(|prefix| message.contains(prefix))
}

/// `Result::map_err` helper for DuckDB calls.
pub(crate) trait DuckResultExt<T> {
    fn store_err(self) -> ophion_core::Result<T>;
}

impl<T> DuckResultExt<T> for duckdb::Result<T> {
    fn store_err(self) -> ophion_core::Result<T> {
        self.map_err(from_duckdb)
    }
}

/// A poisoned lock means a thread panicked while holding a connection: report, don't panic.
pub(crate) fn poisoned<T>(_: std::sync::PoisonError<T>) -> Error {
    Error::internal("embedded store connection lock poisoned")
}

/// A blocking task that panicked or was cancelled.
pub(crate) fn join_failed(err: tokio::task::JoinError) -> Error {
    Error::internal(format!("embedded store task failed: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ophion_core::ErrorKind;

    #[test]
    fn io_errors_are_retryable_and_others_are_internal() {
        let io = duckdb::Error::DuckDBFailure(
            duckdb::ffi::Error::new(1),
            Some("IO Error: Could not write file".into()),
        );
        assert_eq!(from_duckdb(io).kind, ErrorKind::Unavailable);
        let bug = duckdb::Error::DuckDBFailure(
            duckdb::ffi::Error::new(1),
            Some("Binder Error: column x not found".into()),
        );
        assert_eq!(from_duckdb(bug).kind, ErrorKind::Internal);
    }
}
