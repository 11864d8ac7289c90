//! The ClickHouse schema and its versioned migrations.
//!
//! Tables follow the OpenTelemetry ClickHouse exporter's (`otel_traces`, `otel_logs`,
//! `otel_metrics_*`, a trace-id → time-range table) with Ophion's conventions: a `TenantId`
//! first in every sort key, ids as fixed-size binary, attribute maps whose values are the JSON
//! form of the typed OTLP value (docs/adr/003), typed columns for hot attributes, and a
//! `RetentionDays` column per row, set from the tenant's policy at insert time, driving TTL.
//!
//! Every statement is idempotent (`IF NOT EXISTS`), so two instances migrating at once do no
//! harm; the version table records what was applied.

/// One schema change: statements run in order, `{db}` replaced by the database name.
pub(crate) struct Migration {
    pub version: u32,
    pub description: &'static str,
    pub statements: &'static [&'static str],
}

/// The latest schema version this build knows.
pub const SCHEMA_VERSION: u32 = 3;

pub(crate) const MIGRATIONS_TABLE: &str = "ophion_schema_migrations";

/// A metric table: the columns every metric type shares, then `$own`, the type's own.
macro_rules! metric_table {
    ($name:literal, $own:literal) => {
        concat!(
            "CREATE TABLE IF NOT EXISTS {db}.",
            $name,
            " (
            TenantId LowCardinality(String), MetricName LowCardinality(String),
            MetricDescription String CODEC(ZSTD(1)), MetricUnit LowCardinality(String),
            ServiceName LowCardinality(String), SeriesId UInt64,
            Attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
            ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
            ScopeName LowCardinality(String), ScopeVersion LowCardinality(String),
            StartTimeUnix DateTime64(9) CODEC(Delta(8), ZSTD(1)),
            TimeUnix DateTime64(9) CODEC(Delta(8), ZSTD(1)),
            Flags UInt32, QueuePosition UInt64 CODEC(Delta(8), ZSTD(1)), RetentionDays UInt16,
            ",
            $own,
            "
        ) ENGINE = MergeTree PARTITION BY toDate(TimeUnix)
        ORDER BY (TenantId, ServiceName, MetricName, SeriesId, toUnixTimestamp64Nano(TimeUnix))
        TTL toDateTime(TimeUnix) + toIntervalDay(RetentionDays)"
        )
    };
}

/// The view `ophion_metric_points`: every metric type's table, with the columns all share
/// (`$shared` naming those added after the first version) or one has (NULL or empty
/// elsewhere): what the metric queries read.
macro_rules! metric_points_view {
    ($create:literal, $shared:literal) => {
        concat!(
            $create,
            " {db}.ophion_metric_points AS",
            " SELECT TenantId, MetricName, 'gauge' AS Kind, MetricUnit, \
             MetricDescription, ServiceName, SeriesId, TimeUnix, StartTimeUnix, Flags, \
             QueuePosition, ",
            $shared,
            "Attributes, ResourceAttributes, \
             CAST(Value, 'Nullable(Float64)') AS Value, \
             CAST(NULL, 'Nullable(Bool)') AS IsMonotonic, \
             CAST(NULL, 'Nullable(String)') AS Temporality, \
             CAST(NULL, 'Nullable(UInt64)') AS Count, \
             CAST(NULL, 'Nullable(Float64)') AS Sum, \
             CAST(NULL, 'Nullable(Float64)') AS Min, \
             CAST(NULL, 'Nullable(Float64)') AS Max, \
             CAST([], 'Array(Float64)') AS ExplicitBounds, \
             CAST([], 'Array(UInt64)') AS BucketCounts, \
             CAST(NULL, 'Nullable(Int32)') AS Scale, \
             CAST(NULL, 'Nullable(UInt64)') AS ZeroCount, \
             CAST(NULL, 'Nullable(Float64)') AS ZeroThreshold, \
             CAST(NULL, 'Nullable(Int32)') AS PositiveOffset, \
             CAST([], 'Array(UInt64)') AS PositiveBucketCounts, \
             CAST(NULL, 'Nullable(Int32)') AS NegativeOffset, \
             CAST([], 'Array(UInt64)') AS NegativeBucketCounts, \
             CAST([], 'Array(Float64)') AS Quantiles, \
             CAST([], 'Array(Float64)') AS QuantileValues \
             FROM {db}.otel_metrics_gauge",
            " UNION ALL SELECT TenantId, MetricName, 'sum' AS Kind, MetricUnit, \
             MetricDescription, ServiceName, SeriesId, TimeUnix, StartTimeUnix, Flags, \
             QueuePosition, ",
            $shared,
            "Attributes, ResourceAttributes, \
             CAST(Value, 'Nullable(Float64)') AS Value, \
             CAST(IsMonotonic, 'Nullable(Bool)') AS IsMonotonic, \
             CAST(multiIf(AggregationTemporality = 1, 'delta', \
                 AggregationTemporality = 2, 'cumulative', NULL), 'Nullable(String)') \
                 AS Temporality, \
             CAST(NULL, 'Nullable(UInt64)') AS Count, \
             CAST(NULL, 'Nullable(Float64)') AS Sum, \
             CAST(NULL, 'Nullable(Float64)') AS Min, \
             CAST(NULL, 'Nullable(Float64)') AS Max, \
             CAST([], 'Array(Float64)') AS ExplicitBounds, \
             CAST([], 'Array(UInt64)') AS BucketCounts, \
             CAST(NULL, 'Nullable(Int32)') AS Scale, \
             CAST(NULL, 'Nullable(UInt64)') AS ZeroCount, \
             CAST(NULL, 'Nullable(Float64)') AS ZeroThreshold, \
             CAST(NULL, 'Nullable(Int32)') AS PositiveOffset, \
             CAST([], 'Array(UInt64)') AS PositiveBucketCounts, \
             CAST(NULL, 'Nullable(Int32)') AS NegativeOffset, \
             CAST([], 'Array(UInt64)') AS NegativeBucketCounts, \
             CAST([], 'Array(Float64)') AS Quantiles, \
             CAST([], 'Array(Float64)') AS QuantileValues \
             FROM {db}.otel_metrics_sum",
            " UNION ALL SELECT TenantId, MetricName, 'histogram' AS Kind, MetricUnit, \
             MetricDescription, ServiceName, SeriesId, TimeUnix, StartTimeUnix, Flags, \
             QueuePosition, ",
            $shared,
            "Attributes, ResourceAttributes, \
             CAST(NULL, 'Nullable(Float64)') AS Value, \
             CAST(NULL, 'Nullable(Bool)') AS IsMonotonic, \
             CAST(multiIf(AggregationTemporality = 1, 'delta', \
                 AggregationTemporality = 2, 'cumulative', NULL), 'Nullable(String)') \
                 AS Temporality, \
             CAST(Count, 'Nullable(UInt64)') AS Count, \
             CAST(Sum, 'Nullable(Float64)') AS Sum, \
             CAST(Min, 'Nullable(Float64)') AS Min, \
             CAST(Max, 'Nullable(Float64)') AS Max, \
             CAST(ExplicitBounds, 'Array(Float64)') AS ExplicitBounds, \
             CAST(BucketCounts, 'Array(UInt64)') AS BucketCounts, \
             CAST(NULL, 'Nullable(Int32)') AS Scale, \
             CAST(NULL, 'Nullable(UInt64)') AS ZeroCount, \
             CAST(NULL, 'Nullable(Float64)') AS ZeroThreshold, \
             CAST(NULL, 'Nullable(Int32)') AS PositiveOffset, \
             CAST([], 'Array(UInt64)') AS PositiveBucketCounts, \
             CAST(NULL, 'Nullable(Int32)') AS NegativeOffset, \
             CAST([], 'Array(UInt64)') AS NegativeBucketCounts, \
             CAST([], 'Array(Float64)') AS Quantiles, \
             CAST([], 'Array(Float64)') AS QuantileValues \
             FROM {db}.otel_metrics_histogram",
            " UNION ALL SELECT TenantId, MetricName, 'exponential_histogram' AS Kind, MetricUnit, \
             MetricDescription, ServiceName, SeriesId, TimeUnix, StartTimeUnix, Flags, \
             QueuePosition, ",
            $shared,
            "Attributes, ResourceAttributes, \
             CAST(NULL, 'Nullable(Float64)') AS Value, \
             CAST(NULL, 'Nullable(Bool)') AS IsMonotonic, \
             CAST(multiIf(AggregationTemporality = 1, 'delta', \
                 AggregationTemporality = 2, 'cumulative', NULL), 'Nullable(String)') \
                 AS Temporality, \
             CAST(Count, 'Nullable(UInt64)') AS Count, \
             CAST(Sum, 'Nullable(Float64)') AS Sum, \
             CAST(Min, 'Nullable(Float64)') AS Min, \
             CAST(Max, 'Nullable(Float64)') AS Max, \
             CAST([], 'Array(Float64)') AS ExplicitBounds, \
             CAST([], 'Array(UInt64)') AS BucketCounts, \
             CAST(Scale, 'Nullable(Int32)') AS Scale, \
             CAST(ZeroCount, 'Nullable(UInt64)') AS ZeroCount, \
             CAST(ZeroThreshold, 'Nullable(Float64)') AS ZeroThreshold, \
             CAST(PositiveOffset, 'Nullable(Int32)') AS PositiveOffset, \
             CAST(PositiveBucketCounts, 'Array(UInt64)') AS PositiveBucketCounts, \
             CAST(NegativeOffset, 'Nullable(Int32)') AS NegativeOffset, \
             CAST(NegativeBucketCounts, 'Array(UInt64)') AS NegativeBucketCounts, \
             CAST([], 'Array(Float64)') AS Quantiles, \
             CAST([], 'Array(Float64)') AS QuantileValues \
             FROM {db}.otel_metrics_exponential_histogram",
            " UNION ALL SELECT TenantId, MetricName, 'summary' AS Kind, MetricUnit, \
             MetricDescription, ServiceName, SeriesId, TimeUnix, StartTimeUnix, Flags, \
             QueuePosition, ",
            $shared,
            "Attributes, ResourceAttributes, \
             CAST(NULL, 'Nullable(Float64)') AS Value, \
             CAST(NULL, 'Nullable(Bool)') AS IsMonotonic, \
             CAST(NULL, 'Nullable(String)') AS Temporality, \
             CAST(Count, 'Nullable(UInt64)') AS Count, \
             CAST(Sum, 'Nullable(Float64)') AS Sum, \
             CAST(NULL, 'Nullable(Float64)') AS Min, \
             CAST(NULL, 'Nullable(Float64)') AS Max, \
             CAST([], 'Array(Float64)') AS ExplicitBounds, \
             CAST([], 'Array(UInt64)') AS BucketCounts, \
             CAST(NULL, 'Nullable(Int32)') AS Scale, \
             CAST(NULL, 'Nullable(UInt64)') AS ZeroCount, \
             CAST(NULL, 'Nullable(Float64)') AS ZeroThreshold, \
             CAST(NULL, 'Nullable(Int32)') AS PositiveOffset, \
             CAST([], 'Array(UInt64)') AS PositiveBucketCounts, \
             CAST(NULL, 'Nullable(Int32)') AS NegativeOffset, \
             CAST([], 'Array(UInt64)') AS NegativeBucketCounts, \
             CAST(Quantiles, 'Array(Float64)') AS Quantiles, \
             CAST(QuantileValues, 'Array(Float64)') AS QuantileValues \
             FROM {db}.otel_metrics_summary",
        )
    };
}

pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        description: "traces, trace index, logs, metrics per type, applied positions",
        statements: &[
            // Per writer (an `ophion serve` instance and its queue): the highest queue position
            // whose data is in. Instances never share queues, so each has its own row.
            "CREATE TABLE IF NOT EXISTS {db}.ophion_applied_position (
            Instance String,
            Position UInt64,
            UpdatedAt DateTime64(3) DEFAULT now64(3)
        ) ENGINE = ReplacingMergeTree(UpdatedAt) ORDER BY Instance",
            "CREATE TABLE IF NOT EXISTS {db}.otel_traces (
            TenantId LowCardinality(String) CODEC(ZSTD(1)),
            Timestamp DateTime64(9) CODEC(Delta(8), ZSTD(1)),
            Duration UInt64 CODEC(T64, ZSTD(1)),
            TraceId FixedString(16) CODEC(ZSTD(1)),
            SpanId FixedString(8) CODEC(ZSTD(1)),
            ParentSpanId Nullable(FixedString(8)) CODEC(ZSTD(1)),
            TraceState String CODEC(ZSTD(1)),
            Flags UInt32 CODEC(ZSTD(1)),
            SpanName LowCardinality(String) CODEC(ZSTD(1)),
            SpanKind Int32 CODEC(ZSTD(1)),
            StatusCode Int32 CODEC(ZSTD(1)),
            StatusMessage String CODEC(ZSTD(1)),
            ServiceName LowCardinality(String) CODEC(ZSTD(1)),
            HttpMethod LowCardinality(Nullable(String)) CODEC(ZSTD(1)),
            HttpRoute LowCardinality(Nullable(String)) CODEC(ZSTD(1)),
            HttpStatusCode Nullable(Int64) CODEC(ZSTD(1)),
            UrlFull Nullable(String) CODEC(ZSTD(1)),
            ServerAddress LowCardinality(Nullable(String)) CODEC(ZSTD(1)),
            DbSystem LowCardinality(Nullable(String)) CODEC(ZSTD(1)),
            DbName LowCardinality(Nullable(String)) CODEC(ZSTD(1)),
            DbOperation LowCardinality(Nullable(String)) CODEC(ZSTD(1)),
            RpcSystem LowCardinality(Nullable(String)) CODEC(ZSTD(1)),
            RpcService LowCardinality(Nullable(String)) CODEC(ZSTD(1)),
            RpcMethod LowCardinality(Nullable(String)) CODEC(ZSTD(1)),
            K8sNamespace LowCardinality(Nullable(String)) CODEC(ZSTD(1)),
            K8sPod Nullable(String) CODEC(ZSTD(1)),
            K8sDeployment LowCardinality(Nullable(String)) CODEC(ZSTD(1)),
            DeploymentEnvironment LowCardinality(Nullable(String)) CODEC(ZSTD(1)),
            SpanAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
            ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
            ScopeName LowCardinality(String) CODEC(ZSTD(1)),
            ScopeVersion LowCardinality(String) CODEC(ZSTD(1)),
            Events String CODEC(ZSTD(1)),
            Links String CODEC(ZSTD(1)),
            DroppedAttributesCount UInt32 CODEC(ZSTD(1)),
            DroppedEventsCount UInt32 CODEC(ZSTD(1)),
            DroppedLinksCount UInt32 CODEC(ZSTD(1)),
            QueuePosition UInt64 CODEC(Delta(8), ZSTD(1)),
            RetentionDays UInt16 CODEC(ZSTD(1)),
            INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
            INDEX idx_http_route HttpRoute TYPE bloom_filter(0.01) GRANULARITY 1,
            INDEX idx_url_full UrlFull TYPE bloom_filter(0.01) GRANULARITY 1,
            INDEX idx_attr_key mapKeys(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
            INDEX idx_attr_value mapValues(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
            INDEX idx_duration Duration TYPE minmax GRANULARITY 1
        ) ENGINE = MergeTree
        PARTITION BY toDate(Timestamp)
        ORDER BY (TenantId, ServiceName, SpanName, toDateTime(Timestamp))
        TTL toDateTime(Timestamp) + toIntervalDay(RetentionDays)
        SETTINGS ttl_only_drop_parts = 0",
            // Trace id -> time range, so a trace read scans only the partitions and granules of
            // its time range (the exporter's `otel_traces_trace_id_ts`).
            "CREATE TABLE IF NOT EXISTS {db}.otel_traces_trace_id_ts (
            TenantId LowCardinality(String) CODEC(ZSTD(1)),
            TraceId FixedString(16) CODEC(ZSTD(1)),
            Start DateTime64(9) CODEC(Delta(8), ZSTD(1)),
            End DateTime64(9) CODEC(Delta(8), ZSTD(1)),
            RetentionDays UInt16 CODEC(ZSTD(1)),
            INDEX idx_trace_id TraceId TYPE bloom_filter(0.01) GRANULARITY 1
        ) ENGINE = MergeTree
        PARTITION BY toDate(Start)
        ORDER BY (TenantId, TraceId, toDateTime(Start))
        TTL toDateTime(Start) + toIntervalDay(RetentionDays)",
            "CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.otel_traces_trace_id_ts_mv
        TO {db}.otel_traces_trace_id_ts AS
        SELECT TenantId, TraceId, min(Timestamp) AS Start,
               max(Timestamp + toIntervalNanosecond(Duration)) AS End,
               max(RetentionDays) AS RetentionDays
        FROM {db}.otel_traces
        GROUP BY TenantId, TraceId",
            "CREATE TABLE IF NOT EXISTS {db}.otel_logs (
            TenantId LowCardinality(String) CODEC(ZSTD(1)),
            Timestamp DateTime64(9) CODEC(Delta(8), ZSTD(1)),
            ObservedTimestamp DateTime64(9) CODEC(Delta(8), ZSTD(1)),
            SeverityNumber Int32 CODEC(ZSTD(1)),
            SeverityText LowCardinality(String) CODEC(ZSTD(1)),
            Body Nullable(String) CODEC(ZSTD(1)),
            BodyText String CODEC(ZSTD(1)),
            ServiceName LowCardinality(String) CODEC(ZSTD(1)),
            TraceId Nullable(FixedString(16)) CODEC(ZSTD(1)),
            SpanId Nullable(FixedString(8)) CODEC(ZSTD(1)),
            Flags UInt32 CODEC(ZSTD(1)),
            EventName LowCardinality(String) CODEC(ZSTD(1)),
            LogAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
            ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
            ScopeName LowCardinality(String) CODEC(ZSTD(1)),
            ScopeVersion LowCardinality(String) CODEC(ZSTD(1)),
            DroppedAttributesCount UInt32 CODEC(ZSTD(1)),
            QueuePosition UInt64 CODEC(Delta(8), ZSTD(1)),
            RetentionDays UInt16 CODEC(ZSTD(1)),
            INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
            INDEX idx_body_tokens lower(BodyText) TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 1,
            INDEX idx_attr_key mapKeys(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
            INDEX idx_attr_value mapValues(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1
        ) ENGINE = MergeTree
        PARTITION BY toDate(Timestamp)
        ORDER BY (TenantId, ServiceName, SeverityNumber, toDateTime(Timestamp))
        TTL toDateTime(Timestamp) + toIntervalDay(RetentionDays)",
            // One table per metric type, as the exporter has.
            metric_table!("otel_metrics_gauge", "Value Float64 CODEC(Gorilla, ZSTD(1))"),
            metric_table!(
                "otel_metrics_sum",
                "Value Float64 CODEC(Gorilla, ZSTD(1)),
            AggregationTemporality Int32, IsMonotonic Bool"
            ),
            metric_table!(
                "otel_metrics_histogram",
                "Count UInt64, Sum Nullable(Float64), Min Nullable(Float64), Max Nullable(Float64),
            BucketCounts Array(UInt64) CODEC(ZSTD(1)),
            ExplicitBounds Array(Float64) CODEC(ZSTD(1)),
            AggregationTemporality Int32"
            ),
            metric_table!(
                "otel_metrics_exponential_histogram",
                "Count UInt64, Sum Nullable(Float64), Min Nullable(Float64), Max Nullable(Float64),
            Scale Int32, ZeroCount UInt64, ZeroThreshold Float64,
            PositiveOffset Int32, PositiveBucketCounts Array(UInt64) CODEC(ZSTD(1)),
            NegativeOffset Int32, NegativeBucketCounts Array(UInt64) CODEC(ZSTD(1)),
            AggregationTemporality Int32"
            ),
            metric_table!(
                "otel_metrics_summary",
                "Count UInt64, Sum Float64,
            Quantiles Array(Float64), QuantileValues Array(Float64)"
            ),
        ],
    },
    Migration {
        version: 2,
        description: "nullable number values, insert deduplication, in-flight appends, leases, one view of all metric points",
        statements: &[
            // A point flagged NO_RECORDED_VALUE has no value.
            "ALTER TABLE {db}.otel_metrics_gauge MODIFY COLUMN Value Nullable(Float64) CODEC(ZSTD(1))",
            "ALTER TABLE {db}.otel_metrics_sum MODIFY COLUMN Value Nullable(Float64) CODEC(ZSTD(1))",
            // Inserts carry a deduplication token derived from their queue positions; plain
            // MergeTree tables only honour it within this window of recent inserts.
            "ALTER TABLE {db}.otel_traces MODIFY SETTING non_replicated_deduplication_window = 1000",
            "ALTER TABLE {db}.otel_traces_trace_id_ts MODIFY SETTING non_replicated_deduplication_window = 1000",
            "ALTER TABLE {db}.otel_logs MODIFY SETTING non_replicated_deduplication_window = 1000",
            "ALTER TABLE {db}.otel_metrics_gauge MODIFY SETTING non_replicated_deduplication_window = 1000",
            "ALTER TABLE {db}.otel_metrics_sum MODIFY SETTING non_replicated_deduplication_window = 1000",
            "ALTER TABLE {db}.otel_metrics_histogram MODIFY SETTING non_replicated_deduplication_window = 1000",
            "ALTER TABLE {db}.otel_metrics_exponential_histogram MODIFY SETTING non_replicated_deduplication_window = 1000",
            "ALTER TABLE {db}.otel_metrics_summary MODIFY SETTING non_replicated_deduplication_window = 1000",
            // The queue range an instance is writing, recorded before its rows: after a crash the
            // same range is written again under the same tokens, whatever the writer groups next.
            "CREATE TABLE IF NOT EXISTS {db}.ophion_inflight (
            Instance String,
            First UInt64,
            Last UInt64,
            At DateTime64(3) DEFAULT now64(3)
        ) ENGINE = ReplacingMergeTree(At) ORDER BY Instance",
            // Background jobs claim a period by inserting a row; the earliest claim wins.
            "CREATE TABLE IF NOT EXISTS {db}.ophion_leases (
            Job LowCardinality(String),
            Period UInt64,
            Holder String,
            At DateTime64(6) DEFAULT now64(6)
        ) ENGINE = MergeTree ORDER BY (Job, Period, At) TTL toDateTime(At) + INTERVAL 7 DAY",
            metric_points_view!("CREATE VIEW IF NOT EXISTS", ""),
        ],
    },
    Migration {
        version: 3,
        description: "a row ordinal beside the queue position, for keyset pages",
        statements: &[
            // A row's place among the rows of its signal in its queue record: with the position,
            // a key unique per instance, so a page that starts after a row skips and repeats
            // nothing however many rows share a timestamp. Rows from before read 0.
            "ALTER TABLE {db}.otel_traces ADD COLUMN IF NOT EXISTS RowOrdinal UInt32 DEFAULT 0 CODEC(ZSTD(1)) AFTER QueuePosition",
            "ALTER TABLE {db}.otel_logs ADD COLUMN IF NOT EXISTS RowOrdinal UInt32 DEFAULT 0 CODEC(ZSTD(1)) AFTER QueuePosition",
            "ALTER TABLE {db}.otel_metrics_gauge ADD COLUMN IF NOT EXISTS RowOrdinal UInt32 DEFAULT 0 CODEC(ZSTD(1)) AFTER QueuePosition",
            "ALTER TABLE {db}.otel_metrics_sum ADD COLUMN IF NOT EXISTS RowOrdinal UInt32 DEFAULT 0 CODEC(ZSTD(1)) AFTER QueuePosition",
            "ALTER TABLE {db}.otel_metrics_histogram ADD COLUMN IF NOT EXISTS RowOrdinal UInt32 DEFAULT 0 CODEC(ZSTD(1)) AFTER QueuePosition",
            "ALTER TABLE {db}.otel_metrics_exponential_histogram ADD COLUMN IF NOT EXISTS RowOrdinal UInt32 DEFAULT 0 CODEC(ZSTD(1)) AFTER QueuePosition",
            "ALTER TABLE {db}.otel_metrics_summary ADD COLUMN IF NOT EXISTS RowOrdinal UInt32 DEFAULT 0 CODEC(ZSTD(1)) AFTER QueuePosition",
            metric_points_view!("CREATE OR REPLACE VIEW", "RowOrdinal, "),
        ],
    },
];

/// The migrations table, created before any migration runs.
pub(crate) const MIGRATIONS_TABLE_DDL: &str =
    "CREATE TABLE IF NOT EXISTS {db}.ophion_schema_migrations (
    Version UInt32,
    Description String,
    AppliedAt DateTime64(3) DEFAULT now64(3)
) ENGINE = ReplacingMergeTree(AppliedAt) ORDER BY Version";

/// Statements for database `db`, on one server or on every node of `cluster`.
pub(crate) fn statements<'a>(
    sql: impl IntoIterator<Item = &'a str>,
    db: &str,
    cluster: Option<&str>,
) -> Vec<String> {
    let db = quote_identifier(db);
    sql.into_iter()
        .flat_map(|s| {
            let s = s.replace("{db}", &db);
            match cluster {
                None => vec![s],
                Some(cluster) => on_cluster(&s, &db, cluster),
            }
        })
        .collect()
}

/// Cluster mode: each table becomes `<name>_local`, a replicated table on every node
/// (`ON CLUSTER`), behind a `Distributed` table under the original name, which every query
/// and insert uses. Materialized views work node-locally, on the local tables.
fn on_cluster(sql: &str, db: &str, cluster: &str) -> Vec<String> {
    let on = format!("ON CLUSTER {}", quote_identifier(cluster));
    let sql = sql.trim();
    if let Some(rest) = sql.strip_prefix("CREATE DATABASE IF NOT EXISTS ") {
        return vec![format!("CREATE DATABASE IF NOT EXISTS {rest} {on}")];
    }
    if let Some(rest) = sql.strip_prefix("CREATE TABLE IF NOT EXISTS ") {
        let end = rest.find(|c: char| c.is_whitespace() || c == '(').unwrap_or(rest.len());
        let (table, body) = rest.split_at(end);
        let name = table.rsplit('.').next().unwrap_or(table);
        let path = format!("'/clickhouse/tables/{{shard}}/{{database}}/{name}', '{{replica}}'");
        let body = body
            .replacen(
                "ENGINE = ReplacingMergeTree(",
                &format!("ENGINE = ReplicatedReplacingMergeTree({path}, "),
                1,
            )
            .replacen("ENGINE = MergeTree", &format!("ENGINE = ReplicatedMergeTree({path})"), 1);
        let key = sharding_key(name);
        let database = db.trim_matches('`');
        return vec![
            format!("CREATE TABLE IF NOT EXISTS {table}_local {on} {}", body.trim_start()),
            format!(
                "CREATE TABLE IF NOT EXISTS {table} {on} AS {table}_local \
                 ENGINE = Distributed({}, {}, '{name}_local', {key})",
                sql_string(cluster),
                sql_string(database)
            ),
        ];
    }
    if let Some(rest) = sql.strip_prefix("ALTER TABLE ") {
        let (table, action) = rest.split_once(' ').unwrap_or((rest, ""));
        let local = format!("ALTER TABLE {table}_local {on} {action}");
        // Settings are the storage's alone; a column change applies to both.
        return if action.starts_with("MODIFY SETTING") {
            vec![local]
        } else {
            vec![local, format!("ALTER TABLE {table} {on} {action}")]
        };
    }
    if let Some(rest) = sql.strip_prefix("CREATE MATERIALIZED VIEW IF NOT EXISTS ") {
        let (name, definition) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let definition = local_tables(definition.trim_start(), db);
        return vec![format!("CREATE MATERIALIZED VIEW IF NOT EXISTS {name} {on} {definition}")];
    }
    for create in ["CREATE VIEW IF NOT EXISTS", "CREATE OR REPLACE VIEW"] {
        if let Some(rest) = sql.strip_prefix(create).and_then(|r| r.strip_prefix(' ')) {
            let (name, definition) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            return vec![format!("{create} {name} {on} {}", definition.trim_start())];
        }
    }
    vec![sql.to_owned()]
}

/// `TO db.x` and `FROM db.y` in a materialized view, pointed at the local tables.
fn local_tables(definition: &str, db: &str) -> String {
    let mut out = String::with_capacity(definition.len() + 16);
    let mut rest = definition;
    while let Some(at) = rest.find(&format!("{db}.")) {
        let (before, table) = rest.split_at(at);
        let end = table.find(|c: char| c.is_whitespace() || c == ')').unwrap_or(table.len());
        out.push_str(before);
        out.push_str(&table[..end]);
        out.push_str("_local");
        rest = &table[end..];
    }
    out.push_str(rest);
    out
}

/// How rows spread over shards: a trace's spans on one shard (trace reads and the service
/// map's joins stay local), a metric series on one shard (rates need its points in order).
fn sharding_key(table: &str) -> &'static str {
    match table {
        "otel_traces" | "otel_traces_trace_id_ts" => "cityHash64(TraceId)",
        t if t.starts_with("otel_metrics_") => "SeriesId",
        _ => "rand()",
    }
}

fn sql_string(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// A backquoted identifier: `db` comes from configuration, never from a request.
pub(crate) fn quote_identifier(name: &str) -> String {
    format!("`{}`", name.replace('\\', "\\\\").replace('`', "\\`"))
}
