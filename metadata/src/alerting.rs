//! Alert rules, the alerts they (and outside senders) raise, and each alert's events, per
//! tenant. Like dashboards, the store keeps what it selects by in columns and the rest as JSON
//! text that the alerting crate reads: what a rule or an alert holds is that crate's to decide.
//! An alert and the events that explain its change are written in one transaction, so a
//! restart never finds a state without its cause.

use ophion_core::{Error, Result, TenantId};

use crate::{MAX_PAGE, MetadataStore, canonical_id, db_error, now_ms, page_of, rows_to_fetch};

/// A rule as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredRule {
    pub id: String,
    pub name: String,
    pub enabled: bool,
    /// The rule document, JSON.
    pub body: String,
    /// The engine's last evaluation, JSON (`{}` before the first).
    pub health: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

/// One page of a tenant's rules, by name.
#[derive(Clone, Debug)]
pub struct RulePage {
    pub rules: Vec<StoredRule>,
    pub next_cursor: Option<String>,
}

/// An alert as stored: one firing episode of a label set (a rule's instance, or an alert sent
/// from outside).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredAlert {
    pub id: String,
    /// Empty for alerts sent from outside.
    pub rule_id: String,
    pub fingerprint: String,
    /// `pending`, `firing` or `resolved`: what the rule saw.
    pub state: String,
    /// `open`, `acknowledged` or `resolved`: where people are with it.
    pub status: String,
    /// Everything else, JSON.
    pub body: String,
    pub updated_at_ms: i64,
}

/// What to list.
#[derive(Clone, Debug, Default)]
pub struct AlertFilter {
    /// Any of these states; all when empty.
    pub states: Vec<String>,
    pub status: Option<String>,
    pub rule_id: Option<String>,
    pub limit: usize,
    /// The previous page's `next_cursor`.
    pub cursor: Option<String>,
}

#[derive(Clone, Debug)]
pub struct AlertPage {
    pub alerts: Vec<StoredAlert>,
    pub next_cursor: Option<String>,
}

/// A notification an alert change decided: to `channel_id`, once per `idempotency_key`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewNotification {
    pub channel_id: String,
    pub idempotency_key: String,
    /// What to send, JSON.
    pub body: String,
}

/// One entry of an alert's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlertEvent {
    pub id: String,
    pub time_ms: i64,
    /// `pending`, `firing`, `resolved`, `acknowledged`, `repeated`…
    pub kind: String,
    /// Its details, JSON: value, query, actor.
    pub body: String,
}

const RULE_COLUMNS: &str = "id, name, enabled, body, health, created_at, updated_at";
type RuleRow = (String, String, i64, String, String, i64, i64);
/// A rule row with its tenant first.
type TenantRuleRow = (String, String, String, i64, String, String, i64, i64);

fn rule_from_row(row: RuleRow) -> StoredRule {
    let (id, name, enabled, body, health, created_at_ms, updated_at_ms) = row;
    StoredRule { id, name, enabled: enabled != 0, body, health, created_at_ms, updated_at_ms }
}

const ALERT_COLUMNS: &str = "id, rule_id, fingerprint, state, status, body, updated_at";
type AlertRow = (String, String, String, String, String, String, i64);

fn alert_from_row(row: AlertRow) -> StoredAlert {
    let (id, rule_id, fingerprint, state, status, body, updated_at_ms) = row;
    StoredAlert { id, rule_id, fingerprint, state, status, body, updated_at_ms }
}

impl MetadataStore {
    pub async fn create_alert_rule(
        &self,
        tenant: &TenantId,
        name: &str,
        enabled: bool,
        body: &str,
    ) -> Result<StoredRule> {
        let now = now_ms();
        let rule = StoredRule {
            id: crate::audit::next_id(now),
            name: name.to_owned(),
            enabled,
            body: body.to_owned(),
            health: "{}".into(),
            created_at_ms: now,
            updated_at_ms: now,
        };
        sqlx::query(&format!(
            "INSERT INTO alert_rules (tenant, {RULE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        ))
        .bind(tenant.as_str())
        .bind(&rule.id)
        .bind(&rule.name)
        .bind(i64::from(enabled))
        .bind(&rule.body)
        .bind(&rule.health)
        .bind(now)
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rule)
    }

    pub async fn alert_rule(&self, tenant: &TenantId, id: &str) -> Result<Option<StoredRule>> {
        let Some(id) = canonical_id(id) else { return Ok(None) };
        let row: Option<RuleRow> = sqlx::query_as(&format!(
            "SELECT {RULE_COLUMNS} FROM alert_rules WHERE tenant = $1 AND id = $2"
        ))
        .bind(tenant.as_str())
        .bind(&id)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(row.map(rule_from_row))
    }

    /// Replaces the rule's document; its health is cleared, as it described the old rule.
    pub async fn update_alert_rule(
        &self,
        tenant: &TenantId,
        id: &str,
        name: &str,
        enabled: bool,
        body: &str,
    ) -> Result<Option<StoredRule>> {
        let Some(id) = canonical_id(id) else { return Ok(None) };
        let updated = sqlx::query(
            "UPDATE alert_rules SET name = $1, enabled = $2, body = $3, health = '{}', \
             updated_at = $4 WHERE tenant = $5 AND id = $6",
        )
        .bind(name)
        .bind(i64::from(enabled))
        .bind(body)
        .bind(now_ms())
        .bind(tenant.as_str())
        .bind(&id)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        if updated.rows_affected() == 0 {
            return Ok(None);
        }
        self.alert_rule(tenant, &id).await
    }

    pub async fn set_alert_rule_health(
        &self,
        tenant: &TenantId,
        id: &str,
        health: &str,
    ) -> Result<()> {
        sqlx::query("UPDATE alert_rules SET health = $1 WHERE tenant = $2 AND id = $3")
            .bind(health)
            .bind(tenant.as_str())
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    /// Deletes the rule; its alerts stay, as history.
    pub async fn delete_alert_rule(&self, tenant: &TenantId, id: &str) -> Result<bool> {
        let Some(id) = canonical_id(id) else { return Ok(false) };
        let deleted = sqlx::query("DELETE FROM alert_rules WHERE tenant = $1 AND id = $2")
            .bind(tenant.as_str())
            .bind(&id)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(deleted.rows_affected() > 0)
    }

    /// One page of `tenant`'s rules, newest first.
    pub async fn alert_rules(
        &self,
        tenant: &TenantId,
        limit: usize,
        cursor: Option<&str>,
    ) -> Result<RulePage> {
        let limit = limit.clamp(1, MAX_PAGE);
        let after = match cursor {
            None => None,
            Some(cursor) => Some(canonical_id(cursor).ok_or_else(|| {
                Error::invalid("cursor is not a rule id; pass a page's next_cursor")
            })?),
        };
        let rows: Vec<RuleRow> = sqlx::query_as(&format!(
            "SELECT {RULE_COLUMNS} FROM alert_rules WHERE tenant = $1 AND ($2 = '' OR id < $2) \
             ORDER BY id DESC LIMIT $3"
        ))
        .bind(tenant.as_str())
        .bind(after.unwrap_or_default())
        .bind(rows_to_fetch(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        let rules = rows.into_iter().map(rule_from_row).collect();
        let (rules, next_cursor) = page_of(rules, limit, |r: &StoredRule| r.id.clone());
        Ok(RulePage { rules, next_cursor })
    }

    /// Every tenant's enabled rules, for the evaluation engine.
    pub async fn enabled_alert_rules(&self) -> Result<Vec<(String, StoredRule)>> {
        let rows: Vec<TenantRuleRow> = sqlx::query_as(&format!(
            "SELECT tenant, {RULE_COLUMNS} FROM alert_rules WHERE enabled = 1 ORDER BY tenant, id"
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows
            .into_iter()
            .map(|(tenant, id, name, enabled, body, health, created, updated)| {
                (tenant, rule_from_row((id, name, enabled, body, health, created, updated)))
            })
            .collect())
    }

    /// Writes the alert (inserted or replaced), appends `events` to its history and records
    /// the notifications it decided, at once: a decision is never lost, nor made twice (a
    /// channel's idempotency key already recorded is skipped).
    pub async fn save_alert(
        &self,
        tenant: &TenantId,
        alert: &StoredAlert,
        events: &[(&str, String)],
        notifications: &[NewNotification],
    ) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db_error)?;
        sqlx::query(&format!(
            "INSERT INTO alerts (tenant, {ALERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (tenant, id) DO UPDATE SET state = excluded.state, \
             status = excluded.status, body = excluded.body, updated_at = excluded.updated_at"
        ))
        .bind(tenant.as_str())
        .bind(&alert.id)
        .bind(&alert.rule_id)
        .bind(&alert.fingerprint)
        .bind(&alert.state)
        .bind(&alert.status)
        .bind(&alert.body)
        .bind(alert.updated_at_ms)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        for (kind, body) in events {
            sqlx::query(
                "INSERT INTO alert_events (tenant, alert_id, id, time_ms, kind, body) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(tenant.as_str())
            .bind(&alert.id)
            .bind(crate::audit::next_id(now_ms()))
            .bind(alert.updated_at_ms)
            .bind(*kind)
            .bind(body)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        }
        for n in notifications {
            crate::notifications::enqueue(&mut tx, tenant, &alert.id, n, alert.updated_at_ms)
                .await?;
        }
        tx.commit().await.map_err(db_error)
    }

    /// Forgets an alert that never fired (a pending instance whose condition cleared).
    pub async fn delete_alert(&self, tenant: &TenantId, id: &str) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db_error)?;
        for table in [
            "alert_events WHERE tenant = $1 AND alert_id = $2",
            "alerts WHERE tenant = $1 AND id = $2",
        ] {
            sqlx::query(&format!("DELETE FROM {table}"))
                .bind(tenant.as_str())
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        tx.commit().await.map_err(db_error)
    }

    pub async fn alert(&self, tenant: &TenantId, id: &str) -> Result<Option<StoredAlert>> {
        let Some(id) = canonical_id(id) else { return Ok(None) };
        let row: Option<AlertRow> = sqlx::query_as(&format!(
            "SELECT {ALERT_COLUMNS} FROM alerts WHERE tenant = $1 AND id = $2"
        ))
        .bind(tenant.as_str())
        .bind(&id)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(row.map(alert_from_row))
    }

    /// The rule's alerts that are pending or firing: its active instances.
    pub async fn active_alerts_of_rule(
        &self,
        tenant: &TenantId,
        rule_id: &str,
    ) -> Result<Vec<StoredAlert>> {
        let rows: Vec<AlertRow> = sqlx::query_as(&format!(
            "SELECT {ALERT_COLUMNS} FROM alerts WHERE tenant = $1 AND rule_id = $2 \
             AND state IN ('pending', 'firing') ORDER BY id"
        ))
        .bind(tenant.as_str())
        .bind(rule_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows.into_iter().map(alert_from_row).collect())
    }

    /// The newest alert of a fingerprint, whatever its state.
    pub async fn latest_alert(
        &self,
        tenant: &TenantId,
        fingerprint: &str,
    ) -> Result<Option<StoredAlert>> {
        let row: Option<AlertRow> = sqlx::query_as(&format!(
            "SELECT {ALERT_COLUMNS} FROM alerts WHERE tenant = $1 AND fingerprint = $2 \
             ORDER BY id DESC LIMIT 1"
        ))
        .bind(tenant.as_str())
        .bind(fingerprint)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(row.map(alert_from_row))
    }

    /// Firing alerts not sent by a rule (outside senders, the engine's own), for their leases.
    pub async fn firing_unruled_alerts(&self, tenant: &TenantId) -> Result<Vec<StoredAlert>> {
        let rows: Vec<AlertRow> = sqlx::query_as(&format!(
            "SELECT {ALERT_COLUMNS} FROM alerts WHERE tenant = $1 AND rule_id = '' \
             AND state = 'firing' ORDER BY id"
        ))
        .bind(tenant.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows.into_iter().map(alert_from_row).collect())
    }

    /// One page of `tenant`'s alerts, newest first.
    pub async fn alerts(&self, tenant: &TenantId, filter: &AlertFilter) -> Result<AlertPage> {
        let limit = filter.limit.clamp(1, MAX_PAGE);
        let after = match &filter.cursor {
            None => String::new(),
            Some(cursor) => canonical_id(cursor).ok_or_else(|| {
                Error::invalid("cursor is not an alert id; pass a page's next_cursor")
            })?,
        };
        // Up to three states, bound one by one; unused slots repeat the first.
        let states =
            if filter.states.is_empty() { vec![String::new()] } else { filter.states.clone() };
        let state = |i: usize| states.get(i).unwrap_or(&states[0]).clone();
        let rows: Vec<AlertRow> = sqlx::query_as(&format!(
            "SELECT {ALERT_COLUMNS} FROM alerts WHERE tenant = $1 AND ($2 = '' OR id < $2) \
             AND ($3 = '' OR state IN ($3, $4, $5)) AND ($6 = '' OR status = $6) \
             AND ($7 = '' OR rule_id = $7) ORDER BY id DESC LIMIT $8"
        ))
        .bind(tenant.as_str())
        .bind(&after)
        .bind(state(0))
        .bind(state(1))
        .bind(state(2))
        .bind(filter.status.clone().unwrap_or_default())
        .bind(filter.rule_id.clone().unwrap_or_default())
        .bind(rows_to_fetch(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        let alerts = rows.into_iter().map(alert_from_row).collect();
        let (alerts, next_cursor) = page_of(alerts, limit, |a: &StoredAlert| a.id.clone());
        Ok(AlertPage { alerts, next_cursor })
    }

    /// The alert's history, oldest first.
    pub async fn alert_events(&self, tenant: &TenantId, alert_id: &str) -> Result<Vec<AlertEvent>> {
        let rows: Vec<(String, i64, String, String)> = sqlx::query_as(
            "SELECT id, time_ms, kind, body FROM alert_events WHERE tenant = $1 AND alert_id = $2 \
             ORDER BY id LIMIT 10000",
        )
        .bind(tenant.as_str())
        .bind(alert_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows
            .into_iter()
            .map(|(id, time_ms, kind, body)| AlertEvent { id, time_ms, kind, body })
            .collect())
    }
}
