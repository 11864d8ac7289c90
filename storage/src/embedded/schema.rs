//! The embedded store's tables and their creation. Column order here is the order the
//! appenders in `append.rs` write in; change both together and bump [`SCHEMA_VERSION`].
//!
//! No secondary indexes: DuckDB keeps min/max zone maps per row group, so filters on the
//! time columns (rows arrive roughly in time order) skip most of the data, and an ART index
//! would slow every append.

use duckdb::Connection;
use ophion_core::{Error, Result};

use super::error::DuckResultExt;
use super::rollup;

/// Bumped on every incompatible change; a newer file is refused rather than misread.
pub(crate) const SCHEMA_VERSION: u32 = 2;

const DDL: &str = r#"
CREATE TABLE IF NOT EXISTS ophion_meta (
    key   VARCHAR NOT NULL,
    value VARCHAR NOT NULL
);

-- One row: the highest queue position whose data is committed here.
CREATE TABLE IF NOT EXISTS applied_position (
    position UBIGINT
);

CREATE TABLE IF NOT EXISTS spans (
    tenant                   VARCHAR NOT NULL,
    trace_id                 UHUGEINT,
    span_id                  UBIGINT,
    parent_span_id           UBIGINT,
    trace_state              VARCHAR NOT NULL,
    flags                    UINTEGER NOT NULL,
    name                     VARCHAR NOT NULL,
    kind                     INTEGER NOT NULL,
    start_ns                 UBIGINT NOT NULL,
    end_ns                   UBIGINT NOT NULL,
    duration_ns              UBIGINT NOT NULL,
    status_code              INTEGER NOT NULL,
    status_message           VARCHAR NOT NULL,
    service_name             VARCHAR NOT NULL,
    http_method              VARCHAR,
    http_route               VARCHAR,
    http_status_code         BIGINT,
    url_full                 VARCHAR,
    server_address           VARCHAR,
    db_system                VARCHAR,
    db_name                  VARCHAR,
    db_operation             VARCHAR,
    rpc_system               VARCHAR,
    rpc_service              VARCHAR,
    rpc_method               VARCHAR,
    k8s_namespace            VARCHAR,
    k8s_pod                  VARCHAR,
    k8s_deployment           VARCHAR,
    deployment_environment   VARCHAR,
    attributes               MAP(VARCHAR, VARCHAR) NOT NULL,
    resource_attributes      MAP(VARCHAR, VARCHAR) NOT NULL,
    scope_name               VARCHAR NOT NULL,
    scope_version            VARCHAR NOT NULL,
    events                   VARCHAR NOT NULL,
    links                    VARCHAR NOT NULL,
    dropped_attributes_count UINTEGER NOT NULL,
    dropped_events_count     UINTEGER NOT NULL,
    dropped_links_count      UINTEGER NOT NULL,
    -- The queue position of the request the span came in (schema version 2; NULL before).
    queue_position           UBIGINT
);

-- Trace id -> time and queue-position range, one row per trace per appended batch;
-- aggregated on lookup so a trace read can restrict `spans` to those ranges and let zone maps
-- skip row groups. Spans are appended in queue order, so the positions prune even when
-- timestamps arrive out of order. The positions are NULL in rows from schema version 1.
CREATE TABLE IF NOT EXISTS trace_index (
    tenant         VARCHAR NOT NULL,
    trace_id       UHUGEINT NOT NULL,
    start_ns       UBIGINT NOT NULL,
    end_ns         UBIGINT NOT NULL,
    first_position UBIGINT,
    last_position  UBIGINT
);

-- Per tenant, service and minute of span start: counts and a duration histogram, several
-- rows per key until compaction folds them (see `rollup.rs`). Added in schema version 2.
CREATE TABLE IF NOT EXISTS service_rollup (
    tenant       VARCHAR NOT NULL,
    service_name VARCHAR NOT NULL,
    minute_ns    UBIGINT NOT NULL,
    span_count   UBIGINT NOT NULL,
    error_count  UBIGINT NOT NULL,
    buckets      USMALLINT[] NOT NULL,
    counts       UBIGINT[] NOT NULL
);

CREATE TABLE IF NOT EXISTS logs (
    tenant                   VARCHAR NOT NULL,
    time_ns                  UBIGINT NOT NULL,
    observed_time_ns         UBIGINT NOT NULL,
    severity_number          INTEGER NOT NULL,
    severity_text            VARCHAR NOT NULL,
    body                     VARCHAR,
    body_text                VARCHAR NOT NULL,
    service_name             VARCHAR NOT NULL,
    trace_id                 UHUGEINT,
    span_id                  UBIGINT,
    flags                    UINTEGER NOT NULL,
    event_name               VARCHAR NOT NULL,
    attributes               MAP(VARCHAR, VARCHAR) NOT NULL,
    resource_attributes      MAP(VARCHAR, VARCHAR) NOT NULL,
    scope_name               VARCHAR NOT NULL,
    scope_version            VARCHAR NOT NULL,
    dropped_attributes_count UINTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS metric_points (
    tenant                 VARCHAR NOT NULL,
    name                   VARCHAR NOT NULL,
    kind                   VARCHAR NOT NULL,
    unit                   VARCHAR NOT NULL,
    description            VARCHAR NOT NULL,
    service_name           VARCHAR NOT NULL,
    series_id              UBIGINT NOT NULL,
    time_ns                UBIGINT NOT NULL,
    start_time_ns          UBIGINT NOT NULL,
    value                  DOUBLE,
    is_monotonic           BOOLEAN,
    temporality            VARCHAR,
    count                  UBIGINT,
    sum                    DOUBLE,
    min                    DOUBLE,
    max                    DOUBLE,
    explicit_bounds        DOUBLE[],
    bucket_counts          UBIGINT[],
    scale                  INTEGER,
    zero_count             UBIGINT,
    zero_threshold         DOUBLE,
    positive_offset        INTEGER,
    positive_bucket_counts UBIGINT[],
    negative_offset        INTEGER,
    negative_bucket_counts UBIGINT[],
    quantiles              DOUBLE[],
    quantile_values        DOUBLE[],
    flags                  UINTEGER NOT NULL,
    attributes             MAP(VARCHAR, VARCHAR) NOT NULL,
    resource_attributes    MAP(VARCHAR, VARCHAR) NOT NULL,
    scope_name             VARCHAR NOT NULL,
    scope_version          VARCHAR NOT NULL
);
"#;

/// Creates the tables if they are missing, upgrades a file from an older schema version, and
/// refuses one from a newer.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction().store_err()?;
    tx.execute_batch(DDL).store_err()?;
    let stored: Option<String> = {
        let mut stmt =
            tx.prepare("SELECT value FROM ophion_meta WHERE key = 'schema_version'").store_err()?;
        let mut rows = stmt.query([]).store_err()?;
        match rows.next().store_err()? {
            Some(row) => Some(row.get(0).store_err()?),
            None => None,
        }
    };
    let stored: Option<u32> = stored
        .map(|v| v.parse().map_err(|_| Error::internal(format!("unreadable schema version {v:?}"))))
        .transpose()?;
    match stored {
        Some(version) if version > SCHEMA_VERSION => {
            return Err(Error::internal(format!(
                "the data directory holds schema version {version}, newer than this \
                 build's {SCHEMA_VERSION}: upgrade Ophion"
            )));
        }
        Some(SCHEMA_VERSION) => {}
        Some(_) => {
            // Version 1 had no queue positions and no rollups: add the columns (NULL in the
            // old rows) and build the rollups from the stored spans.
            tx.execute_batch(
                "ALTER TABLE spans ADD COLUMN queue_position UBIGINT;
                 ALTER TABLE trace_index ADD COLUMN first_position UBIGINT;
                 ALTER TABLE trace_index ADD COLUMN last_position UBIGINT;",
            )
            .store_err()?;
            rollup::backfill(&tx)?;
            tx.execute(
                "UPDATE ophion_meta SET value = ? WHERE key = 'schema_version'",
                [SCHEMA_VERSION.to_string()],
            )
            .store_err()?;
        }
        None => {
            tx.execute(
                "INSERT INTO ophion_meta (key, value) VALUES ('schema_version', ?)",
                [SCHEMA_VERSION.to_string()],
            )
            .store_err()?;
        }
    }
    tx.execute_batch(
        "INSERT INTO applied_position (position)
         SELECT NULL WHERE NOT EXISTS (SELECT 1 FROM applied_position)",
    )
    .store_err()?;
    tx.commit().store_err()?;
    Ok(())
}
