//! Migrations: numbered steps, each a list of statements both dialects run, or a pair where
//! they differ. Applied in one transaction, under an advisory lock on PostgreSQL so
//! instances starting together migrate once.

use ophion_core::{Error, Result};
use sqlx::Row;

use crate::{Dialect, MetadataStore, db_error};

enum Statement {
    Both(&'static str),
    Each { sqlite: &'static str, postgres: &'static str },
}

use Statement::{Both, Each};

const MIGRATIONS: &[&[Statement]] = &[
    &[
        Both("CREATE TABLE tenants (id TEXT PRIMARY KEY, created_at BIGINT NOT NULL)"),
        Both(
            "CREATE TABLE api_keys (id TEXT PRIMARY KEY, tenant TEXT NOT NULL, name TEXT NOT NULL, \
         scopes TEXT NOT NULL, secret_sha256 TEXT NOT NULL, created_at BIGINT NOT NULL, \
         created_by TEXT NOT NULL, expires_at BIGINT, revoked_at BIGINT)",
        ),
        Both("CREATE INDEX api_keys_tenant ON api_keys (tenant)"),
        Both(
            "CREATE TABLE users (tenant TEXT NOT NULL, subject TEXT NOT NULL, \
         username TEXT NOT NULL, scopes TEXT NOT NULL, first_seen BIGINT NOT NULL, \
         last_seen BIGINT NOT NULL, PRIMARY KEY (tenant, subject))",
        ),
        Both(
            "CREATE TABLE audit_log (id TEXT PRIMARY KEY, tenant TEXT NOT NULL, \
         time_ms BIGINT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, \
         target TEXT NOT NULL, outcome TEXT NOT NULL, status BIGINT NOT NULL, \
         request_id TEXT NOT NULL, client_ip TEXT NOT NULL)",
        ),
        Both("CREATE INDEX audit_log_tenant_id ON audit_log (tenant, id)"),
        // Append-only: the database itself refuses to change or delete a record.
        Each {
            sqlite: "CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log \
                 BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
            postgres: "CREATE FUNCTION ophion_audit_append_only() RETURNS trigger LANGUAGE plpgsql \
                   AS $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$",
        },
        Each {
            sqlite: "CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log \
                 BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
            postgres: "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log \
                   FOR EACH ROW EXECUTE FUNCTION ophion_audit_append_only()",
        },
    ],
    &[
        // The console's dashboards: what lists need in columns, the document as JSON text.
        Both(
            "CREATE TABLE dashboards (tenant TEXT NOT NULL, id TEXT NOT NULL, title TEXT NOT NULL, \
         description TEXT NOT NULL, panel_count BIGINT NOT NULL, body TEXT NOT NULL, \
         created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (tenant, id))",
        ),
    ],
    &[
        // Alerting: rules, alerts (one row per firing episode of a label set) and their history.
        Both(
            "CREATE TABLE alert_rules (tenant TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, \
         enabled BIGINT NOT NULL, body TEXT NOT NULL, health TEXT NOT NULL, \
         created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (tenant, id))",
        ),
        Both(
            "CREATE TABLE alerts (tenant TEXT NOT NULL, id TEXT NOT NULL, rule_id TEXT NOT NULL, \
         fingerprint TEXT NOT NULL, state TEXT NOT NULL, status TEXT NOT NULL, \
         body TEXT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (tenant, id))",
        ),
        Both("CREATE INDEX alerts_rule_state ON alerts (tenant, rule_id, state)"),
        Both("CREATE INDEX alerts_fingerprint ON alerts (tenant, fingerprint, id)"),
        Both(
            "CREATE TABLE alert_events (tenant TEXT NOT NULL, alert_id TEXT NOT NULL, \
         id TEXT NOT NULL, time_ms BIGINT NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL, \
         PRIMARY KEY (tenant, alert_id, id))",
        ),
        Both(
            "CREATE TABLE notification_channels (tenant TEXT NOT NULL, id TEXT NOT NULL, \
         name TEXT NOT NULL, body TEXT NOT NULL, created_at BIGINT NOT NULL, \
         updated_at BIGINT NOT NULL, PRIMARY KEY (tenant, id))",
        ),
        // The outbox: one row per channel and idempotency key, whatever decides it twice.
        Both(
            "CREATE TABLE notifications (tenant TEXT NOT NULL, id TEXT NOT NULL, \
         channel_id TEXT NOT NULL, alert_id TEXT NOT NULL, idempotency_key TEXT NOT NULL, \
         state TEXT NOT NULL, attempts BIGINT NOT NULL, next_attempt_at BIGINT NOT NULL, \
         last_error TEXT NOT NULL, body TEXT NOT NULL, created_at BIGINT NOT NULL, sent_at BIGINT, \
         PRIMARY KEY (tenant, id), UNIQUE (tenant, channel_id, idempotency_key))",
        ),
        Both("CREATE INDEX notifications_due ON notifications (state, next_attempt_at)"),
        Both("CREATE INDEX notifications_alert ON notifications (tenant, alert_id)"),
    ],
];

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub(crate) async fn migrate(store: &MetadataStore) -> Result<()> {
    let mut tx = store.pool.begin().await.map_err(db_error)?;
    if store.dialect == Dialect::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock(4242001)")
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
    }
    sqlx::query("CREATE TABLE IF NOT EXISTS ophion_metadata_schema (version BIGINT NOT NULL)")
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
    let current: i64 =
        sqlx::query("SELECT COALESCE(MAX(version), 0) AS v FROM ophion_metadata_schema")
            .fetch_one(&mut *tx)
            .await
            .and_then(|row| row.try_get("v"))
            .map_err(db_error)?;
    if current > SCHEMA_VERSION {
        return Err(Error::invalid(format!(
            "the metadata schema is version {current}, newer than this binary's \
             {SCHEMA_VERSION}: upgrade Ophion"
        )));
    }
    for (index, step) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        for statement in *step {
            let sql = match (statement, store.dialect) {
                (Both(sql), _) => sql,
                (Each { sqlite, .. }, Dialect::Sqlite) => sqlite,
                (Each { postgres, .. }, Dialect::Postgres) => postgres,
            };
            sqlx::query(sql).execute(&mut *tx).await.map_err(db_error)?;
        }
        sqlx::query("INSERT INTO ophion_metadata_schema (version) VALUES ($1)")
            .bind(index as i64 + 1)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
    }
    tx.commit().await.map_err(db_error)
}
