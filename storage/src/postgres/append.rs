//! The write path: one transaction per append holds every row and the instance's new
//! applied position, so a crash leaves all of an append or none of it. Rows go in through
//! `INSERT … SELECT FROM UNNEST(…)`: one array parameter per column, one statement per table.
//! Day partitions are created beforehand, in their own short transactions.

use std::collections::BTreeSet;

use ophion_core::{AppliedBatch, QueuePosition, Result};
use sqlx::{Postgres, Transaction};

use super::PostgresStore;
use super::error::error;
use crate::encoding::json_quoted;
use crate::rows::{AttributePairs, HOT_TEXT_COUNT, Rows};

const NS_PER_DAY: u64 = 86_400 * 1_000_000_000;

/// PostgreSQL text cannot hold NUL; it becomes U+FFFD rather than failing the append.
fn text(s: String) -> String {
    if s.contains('\0') { s.replace('\0', "\u{fffd}") } else { s }
}

/// JSON text for a `jsonb` column; `\u0000` is refused there too.
fn json(s: String) -> String {
    if s.contains("\\u0000") { s.replace("\\u0000", "\\ufffd") } else { s }
}

/// `{"key": value, …}` from pairs whose values are JSON text already.
fn json_object(pairs: &AttributePairs) -> String {
    let mut out =
        String::with_capacity(2 + pairs.iter().map(|(k, v)| k.len() + v.len() + 4).sum::<usize>());
    out.push('{');
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&json_quoted(key));
        out.push(':');
        out.push_str(value);
    }
    out.push('}');
    json(out)
}

/// A `double precision[]` literal; `None` stays NULL.
fn float_array(values: Option<&Vec<f64>>) -> Option<String> {
    values.map(|v| {
        let items: Vec<String> = v
            .iter()
            .map(|x| match x {
                x if x.is_nan() => "NaN".to_owned(),
                x if x.is_infinite() && *x > 0.0 => "Infinity".to_owned(),
                x if x.is_infinite() => "-Infinity".to_owned(),
                x => format!("{x:?}"),
            })
            .collect();
        format!("{{{}}}", items.join(","))
    })
}

/// A `bigint[]` literal; counts past `i64::MAX` are clamped.
fn count_array(values: Option<&Vec<u64>>) -> Option<String> {
    values.map(|v| {
        let items: Vec<String> = v.iter().map(|&c| i64_of(c).to_string()).collect();
        format!("{{{}}}", items.join(","))
    })
}

pub(super) fn i64_of(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// A row ordinal as `integer`.
fn ordinal_of(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// The day (since the epoch) a time falls in: the partition it belongs to.
fn day_of(ns: u64) -> u64 {
    ns / NS_PER_DAY
}

/// `timestamptz` from nanoseconds, exact to the microsecond.
const TIME: &str = "'epoch'::timestamptz + (t / 1000) * interval '1 microsecond'";

impl PostgresStore {
    pub(super) async fn read_applied(&self) -> Result<Option<QueuePosition>> {
        let position: Option<i64> =
            sqlx::query_scalar("SELECT position FROM ophion_applied_position WHERE instance = $1")
                .bind(&self.instance)
                .fetch_optional(&self.pool)
                .await
                .map_err(error)?;
        // -1: the row exists, nothing applied yet.
        Ok(position.and_then(|p| u64::try_from(p).ok()))
    }

    pub(super) async fn write(&self, batches: Vec<AppliedBatch>) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(error)?;
        // Batches of several tenants go in together.
        super::query::scope_to(&mut tx, "*").await?;
        // Locks this instance's row: its appends run one at a time, whichever process.
        sqlx::query(
            "INSERT INTO ophion_applied_position (instance, position) VALUES ($1, -1)
             ON CONFLICT (instance) DO NOTHING",
        )
        .bind(&self.instance)
        .execute(&mut *tx)
        .await
        .map_err(error)?;
        let applied: i64 = sqlx::query_scalar(
            "SELECT position FROM ophion_applied_position WHERE instance = $1 FOR UPDATE",
        )
        .bind(&self.instance)
        .fetch_one(&mut *tx)
        .await
        .map_err(error)?;
        let fresh: Vec<&AppliedBatch> =
            batches.iter().filter(|b| i64_of(b.position) > applied).collect();
        let Some(highest) = fresh.iter().map(|b| b.position).max() else {
            return tx.commit().await.map_err(error);
        };
        let rows = Rows::of(&fresh)?;
        self.create_partitions(&rows).await?;
        insert_spans(&mut tx, &rows).await?;
        insert_logs(&mut tx, &rows).await?;
        insert_points(&mut tx, &rows).await?;
        sqlx::query(
            "UPDATE ophion_applied_position SET position = $2, updated_at = now() WHERE instance = $1",
        )
        .bind(&self.instance)
        .bind(i64_of(highest).max(applied))
        .execute(&mut *tx)
        .await
        .map_err(error)?;
        tx.commit().await.map_err(error)
    }

    /// The day partitions the rows need, each made once per process (and once across
    /// processes, under an advisory lock).
    async fn create_partitions(&self, rows: &Rows) -> Result<()> {
        let mut needed = BTreeSet::new();
        for span in &rows.spans {
            needed.insert(("spans", day_of(span.start_ns)));
            needed.insert(("trace_index", day_of(span.start_ns)));
        }
        for log in &rows.logs {
            needed.insert(("logs", day_of(log.time_ns)));
        }
        for point in &rows.points {
            needed.insert(("metric_points", day_of(point.time_ns)));
        }
        for (table, day) in needed {
            if self.partitions.lock().await.contains(&(table, day)) {
                continue;
            }
            self.create_partition(table, day).await?;
            self.partitions.lock().await.insert((table, day));
        }
        Ok(())
    }

    async fn create_partition(&self, table: &'static str, day: u64) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(error)?;
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext('ophion_partition'))")
            .execute(&mut *tx)
            .await
            .map_err(error)?;
        // Names and bounds are formatted from a fixed table name and a number.
        let start = i64_of(day * 86_400);
        let sql = format!(
            "CREATE TABLE IF NOT EXISTS {table}_d{day} PARTITION OF {table}
             FOR VALUES FROM (to_timestamp({start})) TO (to_timestamp({end}))",
            end = start + 86_400
        );
        match sqlx::query(&sql).execute(&mut *tx).await {
            Ok(_) => tx.commit().await.map_err(error),
            // Rows of that day already sit in the default partition (written before it
            // existed): they stay there, correct if slower to scan.
            Err(e) => {
                tracing::warn!(table, day, %e, "cannot create a day partition; rows go to the default one");
                Ok(())
            }
        }
    }
}

async fn insert_spans(tx: &mut Transaction<'_, Postgres>, rows: &Rows) -> Result<()> {
    if rows.spans.is_empty() {
        return Ok(());
    }
    let n = rows.spans.len();
    let mut tenant = Vec::with_capacity(n);
    let mut start_ns = Vec::with_capacity(n);
    let mut duration = Vec::with_capacity(n);
    let mut trace_id = Vec::with_capacity(n);
    let mut span_id = Vec::with_capacity(n);
    let mut parent = Vec::with_capacity(n);
    let mut trace_state = Vec::with_capacity(n);
    let mut flags = Vec::with_capacity(n);
    let mut name = Vec::with_capacity(n);
    let mut kind = Vec::with_capacity(n);
    let mut status_code = Vec::with_capacity(n);
    let mut status_message = Vec::with_capacity(n);
    let mut service = Vec::with_capacity(n);
    let mut hot: [Vec<Option<String>>; HOT_TEXT_COUNT] =
        std::array::from_fn(|_| Vec::with_capacity(n));
    let mut http_status = Vec::with_capacity(n);
    let mut attributes = Vec::with_capacity(n);
    let mut resource = Vec::with_capacity(n);
    let mut scope_name = Vec::with_capacity(n);
    let mut scope_version = Vec::with_capacity(n);
    let mut events = Vec::with_capacity(n);
    let mut links = Vec::with_capacity(n);
    let mut dropped = [Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n)];
    let mut position = Vec::with_capacity(n);
    let mut ordinal = Vec::with_capacity(n);
    for s in &rows.spans {
        tenant.push(s.tenant.clone());
        start_ns.push(i64_of(s.start_ns));
        duration.push(i64_of(s.duration_ns()));
        trace_id.push(s.trace_id.map(Vec::from).unwrap_or_default());
        span_id.push(s.span_id.map(Vec::from).unwrap_or_default());
        parent.push(s.parent_span_id.map(Vec::from));
        trace_state.push(text(s.trace_state.clone()));
        flags.push(s.flags as i32);
        name.push(text(s.name.clone()));
        kind.push(s.kind);
        status_code.push(s.status_code);
        status_message.push(text(s.status_message.clone()));
        service.push(text(s.service_name.clone()));
        for (column, value) in hot.iter_mut().zip(&s.hot_text) {
            column.push(value.clone().map(text));
        }
        http_status.push(s.http_status_code);
        attributes.push(json_object(&s.attributes));
        resource.push(json_object(&s.resource_attributes));
        scope_name.push(text(s.scope_name.clone()));
        scope_version.push(text(s.scope_version.clone()));
        events.push(json(s.events.clone()));
        links.push(json(s.links.clone()));
        dropped[0].push(s.dropped_attributes_count as i32);
        dropped[1].push(s.dropped_events_count as i32);
        dropped[2].push(s.dropped_links_count as i32);
        position.push(i64_of(s.position));
        ordinal.push(ordinal_of(s.ordinal));
    }
    let sql = format!(
        "INSERT INTO spans (tenant, start_time, start_ns, duration_ns, trace_id, span_id,
            parent_span_id, trace_state, flags, name, kind, status_code, status_message,
            service_name, http_method, http_route, url_full, server_address, db_system, db_name,
            db_operation, rpc_system, rpc_service, rpc_method, k8s_namespace, k8s_pod,
            k8s_deployment, deployment_environment, http_status_code, attributes,
            resource_attributes, scope_name, scope_version, events, links,
            dropped_attributes_count, dropped_events_count, dropped_links_count, queue_position,
            row_ordinal)
         SELECT c1, {TIME}, t, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16,
                c17, c18, c19, c20, c21, c22, c23, c24, c25, c26, c27, c28, c29::jsonb,
                c30::jsonb, c31, c32, c33::jsonb, c34::jsonb, c35, c36, c37, c38, c39
         FROM UNNEST($1::text[], $2::bigint[], $3::bigint[], $4::bytea[], $5::bytea[],
                     $6::bytea[], $7::text[], $8::int[], $9::text[], $10::int[], $11::int[],
                     $12::text[], $13::text[], $14::text[], $15::text[], $16::text[],
                     $17::text[], $18::text[], $19::text[], $20::text[], $21::text[],
                     $22::text[], $23::text[], $24::text[], $25::text[], $26::text[],
                     $27::text[], $28::bigint[], $29::text[], $30::text[], $31::text[],
                     $32::text[], $33::text[], $34::text[], $35::int[], $36::int[], $37::int[],
                     $38::bigint[], $39::int[])
              AS u(c1, t, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17,
                   c18, c19, c20, c21, c22, c23, c24, c25, c26, c27, c28, c29, c30, c31, c32,
                   c33, c34, c35, c36, c37, c38, c39)"
    );
    // In `rows::hot_text_keys` order; a longer or shorter key table does not compile here.
    let [hot0, hot1, hot2, hot3, hot4, hot5, hot6, hot7, hot8, hot9, hot10, hot11, hot12, hot13] =
        hot;
    let [d0, d1, d2] = dropped;
    sqlx::query(&sql)
        .bind(&tenant)
        .bind(&start_ns)
        .bind(&duration)
        .bind(&trace_id)
        .bind(&span_id)
        .bind(&parent)
        .bind(&trace_state)
        .bind(&flags)
        .bind(&name)
        .bind(&kind)
        .bind(&status_code)
        .bind(&status_message)
        .bind(&service)
        .bind(&hot0)
        .bind(&hot1)
        .bind(&hot2)
        .bind(&hot3)
        .bind(&hot4)
        .bind(&hot5)
        .bind(&hot6)
        .bind(&hot7)
        .bind(&hot8)
        .bind(&hot9)
        .bind(&hot10)
        .bind(&hot11)
        .bind(&hot12)
        .bind(&hot13)
        .bind(&http_status)
        .bind(&attributes)
        .bind(&resource)
        .bind(&scope_name)
        .bind(&scope_version)
        .bind(&events)
        .bind(&links)
        .bind(&d0)
        .bind(&d1)
        .bind(&d2)
        .bind(&position)
        .bind(&ordinal)
        .execute(&mut **tx)
        .await
        .map_err(error)?;
    // The trace index: each trace's time range in this append.
    sqlx::query(&format!(
        "INSERT INTO trace_index (tenant, trace_id, start_time, end_time)
         SELECT tenant, trace_id, min({start}), max({end})
         FROM UNNEST($1::text[], $2::bytea[], $3::bigint[], $4::bigint[])
              AS u(tenant, trace_id, t, e)
         WHERE trace_id <> ''::bytea
         GROUP BY tenant, trace_id",
        start = TIME,
        end = TIME.replace("(t /", "(e /"),
    ))
    .bind(&tenant)
    .bind(&trace_id)
    .bind(&start_ns)
    .bind(start_ns.iter().zip(&duration).map(|(s, d)| s.saturating_add(*d)).collect::<Vec<i64>>())
    .execute(&mut **tx)
    .await
    .map_err(error)?;
    Ok(())
}

async fn insert_logs(tx: &mut Transaction<'_, Postgres>, rows: &Rows) -> Result<()> {
    if rows.logs.is_empty() {
        return Ok(());
    }
    let n = rows.logs.len();
    let mut tenant = Vec::with_capacity(n);
    let mut time_ns = Vec::with_capacity(n);
    let mut observed = Vec::with_capacity(n);
    let mut severity = Vec::with_capacity(n);
    let mut severity_text = Vec::with_capacity(n);
    let mut body = Vec::with_capacity(n);
    let mut body_text = Vec::with_capacity(n);
    let mut service = Vec::with_capacity(n);
    let mut trace_id = Vec::with_capacity(n);
    let mut span_id = Vec::with_capacity(n);
    let mut flags = Vec::with_capacity(n);
    let mut event_name = Vec::with_capacity(n);
    let mut attributes = Vec::with_capacity(n);
    let mut resource = Vec::with_capacity(n);
    let mut scope_name = Vec::with_capacity(n);
    let mut scope_version = Vec::with_capacity(n);
    let mut dropped = Vec::with_capacity(n);
    let mut position = Vec::with_capacity(n);
    let mut ordinal = Vec::with_capacity(n);
    for l in &rows.logs {
        tenant.push(l.tenant.clone());
        time_ns.push(i64_of(l.time_ns));
        observed.push(i64_of(l.observed_time_ns));
        severity.push(l.severity_number);
        severity_text.push(text(l.severity_text.clone()));
        body.push(l.body.clone().map(json));
        body_text.push(text(l.body_text.clone()));
        service.push(text(l.service_name.clone()));
        trace_id.push(l.trace_id.map(Vec::from));
        span_id.push(l.span_id.map(Vec::from));
        flags.push(l.flags as i32);
        event_name.push(text(l.event_name.clone()));
        attributes.push(json_object(&l.attributes));
        resource.push(json_object(&l.resource_attributes));
        scope_name.push(text(l.scope_name.clone()));
        scope_version.push(text(l.scope_version.clone()));
        dropped.push(l.dropped_attributes_count as i32);
        position.push(i64_of(l.position));
        ordinal.push(ordinal_of(l.ordinal));
    }
    let sql = format!(
        "INSERT INTO logs (tenant, time, time_ns, observed_time_ns, severity_number,
            severity_text, body, body_text, service_name, trace_id, span_id, flags, event_name,
            attributes, resource_attributes, scope_name, scope_version, dropped_attributes_count,
            queue_position, row_ordinal)
         SELECT c1, {TIME}, t, c3, c4, c5, c6::jsonb, c7, c8, c9, c10, c11, c12, c13::jsonb,
                c14::jsonb, c15, c16, c17, c18, c19
         FROM UNNEST($1::text[], $2::bigint[], $3::bigint[], $4::int[], $5::text[],
                     $6::text[], $7::text[], $8::text[], $9::bytea[], $10::bytea[], $11::int[],
                     $12::text[], $13::text[], $14::text[], $15::text[], $16::text[],
                     $17::int[], $18::bigint[], $19::int[])
              AS u(c1, t, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17,
                   c18, c19)"
    );
    sqlx::query(&sql)
        .bind(&tenant)
        .bind(&time_ns)
        .bind(&observed)
        .bind(&severity)
        .bind(&severity_text)
        .bind(&body)
        .bind(&body_text)
        .bind(&service)
        .bind(&trace_id)
        .bind(&span_id)
        .bind(&flags)
        .bind(&event_name)
        .bind(&attributes)
        .bind(&resource)
        .bind(&scope_name)
        .bind(&scope_version)
        .bind(&dropped)
        .bind(&position)
        .bind(&ordinal)
        .execute(&mut **tx)
        .await
        .map_err(error)?;
    Ok(())
}

async fn insert_points(tx: &mut Transaction<'_, Postgres>, rows: &Rows) -> Result<()> {
    if rows.points.is_empty() {
        return Ok(());
    }
    let n = rows.points.len();
    let mut tenant = Vec::with_capacity(n);
    let mut time_ns = Vec::with_capacity(n);
    let mut start_ns = Vec::with_capacity(n);
    let mut name = Vec::with_capacity(n);
    let mut kind = Vec::with_capacity(n);
    let mut unit = Vec::with_capacity(n);
    let mut description = Vec::with_capacity(n);
    let mut service = Vec::with_capacity(n);
    let mut series = Vec::with_capacity(n);
    let mut value = Vec::with_capacity(n);
    let mut monotonic = Vec::with_capacity(n);
    let mut temporality = Vec::with_capacity(n);
    let mut count = Vec::with_capacity(n);
    let mut sum = Vec::with_capacity(n);
    let mut min = Vec::with_capacity(n);
    let mut max = Vec::with_capacity(n);
    let mut bounds = Vec::with_capacity(n);
    let mut buckets = Vec::with_capacity(n);
    let mut scale = Vec::with_capacity(n);
    let mut zero_count = Vec::with_capacity(n);
    let mut zero_threshold = Vec::with_capacity(n);
    let mut positive_offset = Vec::with_capacity(n);
    let mut positive = Vec::with_capacity(n);
    let mut negative_offset = Vec::with_capacity(n);
    let mut negative = Vec::with_capacity(n);
    let mut quantiles = Vec::with_capacity(n);
    let mut quantile_values = Vec::with_capacity(n);
    let mut flags = Vec::with_capacity(n);
    let mut attributes = Vec::with_capacity(n);
    let mut resource = Vec::with_capacity(n);
    let mut scope_name = Vec::with_capacity(n);
    let mut scope_version = Vec::with_capacity(n);
    let mut position = Vec::with_capacity(n);
    let mut ordinal = Vec::with_capacity(n);
    for p in &rows.points {
        let v = &p.values;
        tenant.push(p.tenant.clone());
        time_ns.push(i64_of(p.time_ns));
        start_ns.push(i64_of(p.start_time_ns));
        name.push(text(p.name.clone()));
        kind.push(p.kind.to_owned());
        unit.push(text(p.unit.clone()));
        description.push(text(p.description.clone()));
        service.push(text(p.service_name.clone()));
        // The hash's bits, as PostgreSQL has no unsigned integers.
        series.push(p.series_id as i64);
        value.push(v.value);
        monotonic.push(v.is_monotonic);
        temporality.push(v.temporality.map(str::to_owned));
        count.push(v.count.map(i64_of));
        sum.push(v.sum);
        min.push(v.min);
        max.push(v.max);
        bounds.push(float_array(v.explicit_bounds.as_ref()));
        buckets.push(count_array(v.bucket_counts.as_ref()));
        scale.push(v.scale);
        zero_count.push(v.zero_count.map(i64_of));
        zero_threshold.push(v.zero_threshold);
        positive_offset.push(v.positive_offset);
        positive.push(count_array(v.positive_bucket_counts.as_ref()));
        negative_offset.push(v.negative_offset);
        negative.push(count_array(v.negative_bucket_counts.as_ref()));
        quantiles.push(float_array(v.quantiles.as_ref()));
        quantile_values.push(float_array(v.quantile_values.as_ref()));
        flags.push(p.flags as i32);
        attributes.push(json_object(&p.attributes));
        resource.push(json_object(&p.resource_attributes));
        scope_name.push(text(p.scope_name.clone()));
        scope_version.push(text(p.scope_version.clone()));
        position.push(i64_of(p.position));
        ordinal.push(ordinal_of(p.ordinal));
    }
    let sql = format!(
        "INSERT INTO metric_points (tenant, time, time_ns, start_time_ns, name, kind, unit,
            description, service_name, series_id, value, is_monotonic, temporality, count, sum,
            min, max, explicit_bounds, bucket_counts, scale, zero_count, zero_threshold,
            positive_offset, positive_bucket_counts, negative_offset, negative_bucket_counts,
            quantiles, quantile_values, flags, attributes, resource_attributes, scope_name,
            scope_version, queue_position, row_ordinal)
         SELECT c1, {TIME}, t, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16,
                c17::float8[], c18::bigint[], c19, c20, c21, c22, c23::bigint[], c24,
                c25::bigint[], c26::float8[], c27::float8[], c28, c29::jsonb, c30::jsonb, c31,
                c32, c33, c34
         FROM UNNEST($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::text[],
                     $6::text[], $7::text[], $8::text[], $9::bigint[], $10::float8[],
                     $11::bool[], $12::text[], $13::bigint[], $14::float8[], $15::float8[],
                     $16::float8[], $17::text[], $18::text[], $19::int[], $20::bigint[],
                     $21::float8[], $22::int[], $23::text[], $24::int[], $25::text[],
                     $26::text[], $27::text[], $28::int[], $29::text[], $30::text[],
                     $31::text[], $32::text[], $33::bigint[], $34::int[])
              AS u(c1, t, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17,
                   c18, c19, c20, c21, c22, c23, c24, c25, c26, c27, c28, c29, c30, c31, c32,
                   c33, c34)"
    );
    sqlx::query(&sql)
        .bind(&tenant)
        .bind(&time_ns)
        .bind(&start_ns)
        .bind(&name)
        .bind(&kind)
        .bind(&unit)
        .bind(&description)
        .bind(&service)
        .bind(&series)
        .bind(&value)
        .bind(&monotonic)
        .bind(&temporality)
        .bind(&count)
        .bind(&sum)
        .bind(&min)
        .bind(&max)
        .bind(&bounds)
        .bind(&buckets)
        .bind(&scale)
        .bind(&zero_count)
        .bind(&zero_threshold)
        .bind(&positive_offset)
        .bind(&positive)
        .bind(&negative_offset)
        .bind(&negative)
        .bind(&quantiles)
        .bind(&quantile_values)
        .bind(&flags)
        .bind(&attributes)
        .bind(&resource)
        .bind(&scope_name)
        .bind(&scope_version)
        .bind(&position)
        .bind(&ordinal)
        .execute(&mut **tx)
        .await
        .map_err(error)?;
    Ok(())
}
