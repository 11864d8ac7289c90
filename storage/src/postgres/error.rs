//! How sqlx's errors become the core error kinds: connection trouble is worth retrying
//! (`Unavailable`); anything PostgreSQL refuses is not (`Internal`).

use ophion_core::Error;

pub(super) fn error(e: sqlx::Error) -> Error {
    match e {
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => {
            Error::unavailable(format!("PostgreSQL: {e}"))
        }
        _ => Error::internal(format!("PostgreSQL: {e}")),
    }
}
