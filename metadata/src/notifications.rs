//! Notification channels and the outbox of notifications to deliver, per tenant. A notification
//! is recorded (once per channel and idempotency key: a second decision of the same one is a
//! no-op) before anything is sent; a sender leases it while it sends, so two instances never
//! send it together and a sender that dies mid-send leaves it to be sent again, with the same
//! idempotency key, once the lease runs out.

use ophion_core::{Result, TenantId};

use crate::{MAX_PAGE, MetadataStore, NewNotification, canonical_id, db_error, now_ms};

/// A channel as stored; `body` is the whole document, secrets included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredChannel {
    pub id: String,
    pub name: String,
    pub body: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

/// One notification of one channel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredNotification {
    pub tenant: String,
    pub id: String,
    pub channel_id: String,
    pub alert_id: String,
    pub idempotency_key: String,
    /// `pending`, `sending`, `sent` or `failed`.
    pub state: String,
    pub attempts: i64,
    pub next_attempt_ms: i64,
    pub last_error: String,
    /// What to send, JSON (the alerts as they were when it was decided).
    pub body: String,
    pub created_at_ms: i64,
    pub sent_at_ms: Option<i64>,
}

const CHANNEL_COLUMNS: &str = "id, name, body, created_at, updated_at";
type ChannelRow = (String, String, String, i64, i64);

fn channel_from_row((id, name, body, created_at_ms, updated_at_ms): ChannelRow) -> StoredChannel {
    StoredChannel { id, name, body, created_at_ms, updated_at_ms }
}

const NOTIFICATION_COLUMNS: &str = "tenant, id, channel_id, alert_id, idempotency_key, state, \
     attempts, next_attempt_at, last_error, body, created_at, sent_at";
type NotificationRow =
    (String, String, String, String, String, String, i64, i64, String, String, i64, Option<i64>);

fn notification_from_row(row: NotificationRow) -> StoredNotification {
    let (
        tenant,
        id,
        channel_id,
        alert_id,
        idempotency_key,
        state,
        attempts,
        next_attempt_ms,
        last_error,
        body,
        created_at_ms,
        sent_at_ms,
    ) = row;
    StoredNotification {
        tenant,
        id,
        channel_id,
        alert_id,
        idempotency_key,
        state,
        attempts,
        next_attempt_ms,
        last_error,
        body,
        created_at_ms,
        sent_at_ms,
    }
}

/// Records a notification to send, in the transaction that decided it; a second one of the
/// same channel and key is skipped.
pub(crate) async fn enqueue(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    tenant: &TenantId,
    alert_id: &str,
    n: &NewNotification,
    now_ms: i64,
) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO notifications ({NOTIFICATION_COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, '', $7, $8, NULL) \
         ON CONFLICT (tenant, channel_id, idempotency_key) DO NOTHING"
    ))
    .bind(tenant.as_str())
    .bind(crate::audit::next_id(now_ms))
    .bind(&n.channel_id)
    .bind(alert_id)
    .bind(&n.idempotency_key)
    .bind(now_ms)
    .bind(&n.body)
    .bind(now_ms)
    .execute(&mut **tx)
    .await
    .map_err(db_error)?;
    Ok(())
}

impl MetadataStore {
    pub async fn create_channel(
        &self,
        tenant: &TenantId,
        name: &str,
        body: &str,
    ) -> Result<StoredChannel> {
        let now = now_ms();
        let channel = StoredChannel {
            id: crate::audit::next_id(now),
            name: name.to_owned(),
            body: body.to_owned(),
            created_at_ms: now,
            updated_at_ms: now,
        };
        sqlx::query(&format!(
            "INSERT INTO notification_channels (tenant, {CHANNEL_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)"
        ))
        .bind(tenant.as_str())
        .bind(&channel.id)
        .bind(name)
        .bind(body)
        .bind(now)
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(channel)
    }

    pub async fn channel(&self, tenant: &TenantId, id: &str) -> Result<Option<StoredChannel>> {
        let Some(id) = canonical_id(id) else { return Ok(None) };
        let row: Option<ChannelRow> = sqlx::query_as(&format!(
            "SELECT {CHANNEL_COLUMNS} FROM notification_channels WHERE tenant = $1 AND id = $2"
        ))
        .bind(tenant.as_str())
        .bind(&id)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(row.map(channel_from_row))
    }

    pub async fn update_channel(
        &self,
        tenant: &TenantId,
        id: &str,
        name: &str,
        body: &str,
    ) -> Result<Option<StoredChannel>> {
        let Some(id) = canonical_id(id) else { return Ok(None) };
        let updated = sqlx::query(
            "UPDATE notification_channels SET name = $1, body = $2, updated_at = $3 WHERE tenant = $4 AND id = $5",
        )
        .bind(name)
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
        self.channel(tenant, &id).await
    }

    pub async fn delete_channel(&self, tenant: &TenantId, id: &str) -> Result<bool> {
        let Some(id) = canonical_id(id) else { return Ok(false) };
        let deleted =
            sqlx::query("DELETE FROM notification_channels WHERE tenant = $1 AND id = $2")
                .bind(tenant.as_str())
                .bind(&id)
                .execute(&self.pool)
                .await
                .map_err(db_error)?;
        Ok(deleted.rows_affected() > 0)
    }

    /// The tenant's channels by name (there are few).
    pub async fn channels(&self, tenant: &TenantId) -> Result<Vec<StoredChannel>> {
        let rows: Vec<ChannelRow> = sqlx::query_as(&format!(
            "SELECT {CHANNEL_COLUMNS} FROM notification_channels WHERE tenant = $1 ORDER BY name, id LIMIT $2"
        ))
        .bind(tenant.as_str())
        .bind(MAX_PAGE as i64)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows.into_iter().map(channel_from_row).collect())
    }

    /// Notifications due now (pending, or left `sending` past their lease), oldest first.
    pub async fn due_notifications(
        &self,
        now_ms: i64,
        limit: usize,
    ) -> Result<Vec<StoredNotification>> {
        let rows: Vec<NotificationRow> = sqlx::query_as(&format!(
            "SELECT {NOTIFICATION_COLUMNS} FROM notifications \
             WHERE state IN ('pending', 'sending') AND next_attempt_at <= $1 ORDER BY id LIMIT $2"
        ))
        .bind(now_ms)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows.into_iter().map(notification_from_row).collect())
    }

    /// Takes a due notification for `lease_ms`: true for exactly one taker.
    pub async fn lease_notification(
        &self,
        n: &StoredNotification,
        now_ms: i64,
        lease_ms: i64,
    ) -> Result<bool> {
        let taken = sqlx::query(
            "UPDATE notifications SET state = 'sending', next_attempt_at = $1 \
             WHERE tenant = $2 AND id = $3 AND state = $4 AND next_attempt_at = $5",
        )
        .bind(now_ms + lease_ms)
        .bind(&n.tenant)
        .bind(&n.id)
        .bind(&n.state)
        .bind(n.next_attempt_ms)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(taken.rows_affected() == 1)
    }

    /// Records the outcome of an attempt: `sent`, `failed`, or `pending` again at `next_ms`.
    pub async fn settle_notification(
        &self,
        n: &StoredNotification,
        state: &str,
        next_ms: i64,
        error: &str,
        now_ms: i64,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE notifications SET state = $1, attempts = attempts + 1, next_attempt_at = $2, \
             last_error = $3, sent_at = CASE WHEN $1 = 'sent' THEN $4 ELSE sent_at END \
             WHERE tenant = $5 AND id = $6",
        )
        .bind(state)
        .bind(next_ms)
        .bind(error)
        .bind(now_ms)
        .bind(&n.tenant)
        .bind(&n.id)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    /// An alert's notifications, oldest first: its delivery status per channel.
    pub async fn notifications_of_alert(
        &self,
        tenant: &TenantId,
        alert_id: &str,
    ) -> Result<Vec<StoredNotification>> {
        let rows: Vec<NotificationRow> = sqlx::query_as(&format!(
            "SELECT {NOTIFICATION_COLUMNS} FROM notifications WHERE tenant = $1 AND alert_id = $2 ORDER BY id LIMIT 1000"
        ))
        .bind(tenant.as_str())
        .bind(alert_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows.into_iter().map(notification_from_row).collect())
    }
}
