//! The PostgreSQL schema and its versioned migrations.
//!
//! Telemetry tables are partitioned by day on their time column (native declarative
//! partitioning: retention drops whole partitions, queries prune them); attributes are JSONB,
//! so OTLP value types survive; hot attributes get typed columns as in the other stores.
//! Each table has a default partition, so no row can fail for want of one; the writer
//! creates a day's partition before it inserts into that day.

pub(crate) struct Migration {
    pub version: i32,
    pub description: &'static str,
    pub sql: &'static str,
}

/// The latest schema version this build knows.
pub const SCHEMA_VERSION: i32 = 4;

pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        description: "spans, trace index, logs, metric points, applied positions",
        sql: r#"
CREATE TABLE ophion_applied_position (
    instance   TEXT PRIMARY KEY,
    position   BIGINT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE spans (
    tenant                   TEXT NOT NULL,
    start_time               TIMESTAMPTZ NOT NULL,
    start_ns                 BIGINT NOT NULL,
    duration_ns              BIGINT NOT NULL,
    trace_id                 BYTEA NOT NULL,
    span_id                  BYTEA NOT NULL,
    parent_span_id           BYTEA,
    trace_state              TEXT NOT NULL,
    flags                    INTEGER NOT NULL,
    name                     TEXT NOT NULL,
    kind                     INTEGER NOT NULL,
    status_code              INTEGER NOT NULL,
    status_message           TEXT NOT NULL,
    service_name             TEXT NOT NULL,
    http_method              TEXT,
    http_route               TEXT,
    http_status_code         BIGINT,
    url_full                 TEXT,
    server_address           TEXT,
    db_system                TEXT,
    db_name                  TEXT,
    db_operation             TEXT,
    rpc_system               TEXT,
    rpc_service              TEXT,
    rpc_method               TEXT,
    k8s_namespace            TEXT,
    k8s_pod                  TEXT,
    k8s_deployment           TEXT,
    deployment_environment   TEXT,
    attributes               JSONB NOT NULL,
    resource_attributes      JSONB NOT NULL,
    scope_name               TEXT NOT NULL,
    scope_version            TEXT NOT NULL,
    events                   JSONB NOT NULL,
    links                    JSONB NOT NULL,
    dropped_attributes_count INTEGER NOT NULL,
    dropped_events_count     INTEGER NOT NULL,
    dropped_links_count      INTEGER NOT NULL,
    queue_position           BIGINT NOT NULL
) PARTITION BY RANGE (start_time);
CREATE TABLE spans_default PARTITION OF spans DEFAULT;
CREATE INDEX spans_by_trace ON spans (tenant, trace_id);
CREATE INDEX spans_by_service ON spans (tenant, service_name, start_time);
CREATE INDEX spans_by_route ON spans (tenant, http_route, start_time) WHERE http_route IS NOT NULL;

-- Trace id -> time range, one row per trace per append, so a trace read touches only the
-- partitions of its time range.
CREATE TABLE trace_index (
    tenant     TEXT NOT NULL,
    trace_id   BYTEA NOT NULL,
    start_time TIMESTAMPTZ NOT NULL,
    end_time   TIMESTAMPTZ NOT NULL
) PARTITION BY RANGE (start_time);
CREATE TABLE trace_index_default PARTITION OF trace_index DEFAULT;
CREATE INDEX trace_index_by_trace ON trace_index (tenant, trace_id);

CREATE TABLE logs (
    tenant                   TEXT NOT NULL,
    time                     TIMESTAMPTZ NOT NULL,
    time_ns                  BIGINT NOT NULL,
    observed_time_ns         BIGINT NOT NULL,
    severity_number          INTEGER NOT NULL,
    severity_text            TEXT NOT NULL,
    body                     JSONB,
    body_text                TEXT NOT NULL,
    service_name             TEXT NOT NULL,
    trace_id                 BYTEA,
    span_id                  BYTEA,
    flags                    INTEGER NOT NULL,
    event_name               TEXT NOT NULL,
    attributes               JSONB NOT NULL,
    resource_attributes      JSONB NOT NULL,
    scope_name               TEXT NOT NULL,
    scope_version            TEXT NOT NULL,
    dropped_attributes_count INTEGER NOT NULL,
    queue_position           BIGINT NOT NULL
) PARTITION BY RANGE (time);
CREATE TABLE logs_default PARTITION OF logs DEFAULT;
CREATE INDEX logs_by_service ON logs (tenant, service_name, time);
CREATE INDEX logs_by_trace ON logs (tenant, trace_id) WHERE trace_id IS NOT NULL;

CREATE TABLE metric_points (
    tenant                 TEXT NOT NULL,
    time                   TIMESTAMPTZ NOT NULL,
    time_ns                BIGINT NOT NULL,
    start_time_ns          BIGINT NOT NULL,
    name                   TEXT NOT NULL,
    kind                   TEXT NOT NULL,
    unit                   TEXT NOT NULL,
    description            TEXT NOT NULL,
    service_name           TEXT NOT NULL,
    series_id              BIGINT NOT NULL,
    value                  DOUBLE PRECISION,
    is_monotonic           BOOLEAN,
    temporality            TEXT,
    count                  BIGINT,
    sum                    DOUBLE PRECISION,
    min                    DOUBLE PRECISION,
    max                    DOUBLE PRECISION,
    explicit_bounds        DOUBLE PRECISION[],
    bucket_counts          BIGINT[],
    scale                  INTEGER,
    zero_count             BIGINT,
    zero_threshold         DOUBLE PRECISION,
    positive_offset        INTEGER,
    positive_bucket_counts BIGINT[],
    negative_offset        INTEGER,
    negative_bucket_counts BIGINT[],
    quantiles              DOUBLE PRECISION[],
    quantile_values        DOUBLE PRECISION[],
    flags                  INTEGER NOT NULL,
    attributes             JSONB NOT NULL,
    resource_attributes    JSONB NOT NULL,
    scope_name             TEXT NOT NULL,
    scope_version          TEXT NOT NULL,
    queue_position         BIGINT NOT NULL
) PARTITION BY RANGE (time);
CREATE TABLE metric_points_default PARTITION OF metric_points DEFAULT;
CREATE INDEX metric_points_by_name ON metric_points (tenant, name, series_id, time);
"#,
    },
    Migration {
        version: 2,
        description: "leases for background jobs",
        sql: r#"
-- A background job's period belongs to the instance whose insert landed first.
CREATE TABLE ophion_leases (
    job      TEXT NOT NULL,
    period   BIGINT NOT NULL,
    holder   TEXT NOT NULL,
    taken_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (job, period)
);
"#,
    },
    Migration {
        version: 3,
        description: "row-level security by tenant",
        sql: r#"
-- A second wall behind every query's own tenant filter: a transaction sees only the rows of
-- the tenant it names in `ophion.tenant` (none when it names none); the writer and retention,
-- which work across tenants, name `*`. FORCE makes the owner subject to it too; superusers and
-- BYPASSRLS roles still skip it, so Ophion warns when it connects as one.
ALTER TABLE spans ENABLE ROW LEVEL SECURITY;
ALTER TABLE spans FORCE ROW LEVEL SECURITY;
CREATE POLICY ophion_tenant ON spans
    USING (tenant = current_setting('ophion.tenant', true) OR current_setting('ophion.tenant', true) = '*');
ALTER TABLE trace_index ENABLE ROW LEVEL SECURITY;
ALTER TABLE trace_index FORCE ROW LEVEL SECURITY;
CREATE POLICY ophion_tenant ON trace_index
    USING (tenant = current_setting('ophion.tenant', true) OR current_setting('ophion.tenant', true) = '*');
ALTER TABLE logs ENABLE ROW LEVEL SECURITY;
ALTER TABLE logs FORCE ROW LEVEL SECURITY;
CREATE POLICY ophion_tenant ON logs
    USING (tenant = current_setting('ophion.tenant', true) OR current_setting('ophion.tenant', true) = '*');
ALTER TABLE metric_points ENABLE ROW LEVEL SECURITY;
ALTER TABLE metric_points FORCE ROW LEVEL SECURITY;
CREATE POLICY ophion_tenant ON metric_points
    USING (tenant = current_setting('ophion.tenant', true) OR current_setting('ophion.tenant', true) = '*');
"#,
    },
    Migration {
        version: 4,
        description: "a row ordinal beside the queue position, for keyset pages",
        sql: r#"
-- A row's place among the rows of its signal in its queue record: with the position, a key
-- unique per instance, so a page that starts after a row skips and repeats nothing however
-- many rows share a timestamp. Rows from before read 0 (no table rewrite).
ALTER TABLE spans ADD COLUMN row_ordinal INTEGER NOT NULL DEFAULT 0;
ALTER TABLE logs ADD COLUMN row_ordinal INTEGER NOT NULL DEFAULT 0;
ALTER TABLE metric_points ADD COLUMN row_ordinal INTEGER NOT NULL DEFAULT 0;
"#,
    },
];
