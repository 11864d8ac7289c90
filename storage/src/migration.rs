//! What every server store's migrations share: whether a database's schema version may be
//! used by this build.

use ophion_core::{Error, Result};

/// `found` is the database's version (`None`: empty), `latest` this build's. A newer database
/// is always refused; an older or empty one only when not `migrating`. `store` names the
/// database in messages.
pub(crate) fn check_version(
    store: &str,
    found: Option<i64>,
    latest: i64,
    migrating: bool,
) -> Result<()> {
    match found {
        Some(v) if v > latest => Err(Error::internal(format!(
            "{store} has schema version {v}, newer than this build's {latest}: upgrade Ophion"
        ))),
        Some(v) if v == latest => Ok(()),
        _ if migrating => Ok(()),
        _ => Err(Error::internal(format!(
            "{store} has schema version {}, this build needs {latest}: run `ophion migrate`",
            found.map_or("none".into(), |v| v.to_string())
        ))),
    }
}
