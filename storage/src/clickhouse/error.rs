//! How the `clickhouse` client's errors become the core error kinds: network trouble is worth
//! retrying (`Unavailable`); anything ClickHouse refuses is not (`Internal`).

use ophion_core::Error;

pub(super) fn error(e: clickhouse::error::Error) -> Error {
    match e {
        clickhouse::error::Error::Network(_) | clickhouse::error::Error::TimedOut => {
            Error::unavailable(format!("ClickHouse: {e}"))
        }
        _ => Error::internal(format!("ClickHouse: {e}")),
    }
}
