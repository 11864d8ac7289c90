//! The console's dashboards, per tenant. The store keeps what it lists by (title,
//! description, panel count) in columns and the rest of the document as JSON text it does not
//! read: what a dashboard may hold is the API's to decide. Ids are ULIDs, so the newest first
//! is simply the highest id first, and a page is cut by id.

use ophion_core::{Error, Result, TenantId};

use crate::{MAX_PAGE, MetadataStore, canonical_id, db_error, now_ms, page_of, rows_to_fetch};

/// A dashboard as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredDashboard {
    pub id: String,
    pub title: String,
    pub description: String,
    pub panel_count: u64,
    /// The rest of the document, JSON.
    pub body: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

/// What a dashboard is made or replaced with.
pub struct DashboardInput<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub panel_count: u64,
    pub body: &'a str,
}

/// One page of a tenant's dashboards, newest first.
#[derive(Clone, Debug)]
pub struct DashboardPage {
    pub dashboards: Vec<StoredDashboard>,
    /// The id of the last one, when more follow.
    pub next_cursor: Option<String>,
}

const COLUMNS: &str = "id, title, description, panel_count, body, created_at, updated_at";

type DashboardRow = (String, String, String, i64, String, i64, i64);

fn from_row(row: DashboardRow) -> StoredDashboard {
    let (id, title, description, panel_count, body, created_at_ms, updated_at_ms) = row;
    StoredDashboard {
        id,
        title,
        description,
        panel_count: u64::try_from(panel_count).unwrap_or(0),
        body,
        created_at_ms,
        updated_at_ms,
    }
}

impl MetadataStore {
    pub async fn create_dashboard(
        &self,
        tenant: &TenantId,
        input: DashboardInput<'_>,
    ) -> Result<StoredDashboard> {
        let now = now_ms();
        let dashboard = StoredDashboard {
            // Time-ordered even within a millisecond, so newest-first is creation order.
            id: crate::audit::next_id(now),
            title: input.title.to_owned(),
            description: input.description.to_owned(),
            panel_count: input.panel_count,
            body: input.body.to_owned(),
            created_at_ms: now,
            updated_at_ms: now,
        };
        sqlx::query(&format!(
            "INSERT INTO dashboards (tenant, {COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        ))
        .bind(tenant.as_str())
        .bind(&dashboard.id)
        .bind(&dashboard.title)
        .bind(&dashboard.description)
        .bind(i64::try_from(dashboard.panel_count).unwrap_or(i64::MAX))
        .bind(&dashboard.body)
        .bind(now)
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(dashboard)
    }

    /// `tenant`'s dashboard `id`; `None` for an id of another tenant or none at all.
    pub async fn dashboard(&self, tenant: &TenantId, id: &str) -> Result<Option<StoredDashboard>> {
        let Some(id) = canonical_id(id) else { return Ok(None) };
        let row: Option<DashboardRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM dashboards WHERE tenant = $1 AND id = $2"
        ))
        .bind(tenant.as_str())
        .bind(&id)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(row.map(from_row))
    }

    /// Replaces `tenant`'s dashboard `id`; `None` when it has none of that id.
    pub async fn update_dashboard(
        &self,
        tenant: &TenantId,
        id: &str,
        input: DashboardInput<'_>,
    ) -> Result<Option<StoredDashboard>> {
        let Some(id) = canonical_id(id) else { return Ok(None) };
        let updated = sqlx::query(
            "UPDATE dashboards SET title = $1, description = $2, panel_count = $3, body = $4, \
             updated_at = $5 WHERE tenant = $6 AND id = $7",
        )
        .bind(input.title)
        .bind(input.description)
        .bind(i64::try_from(input.panel_count).unwrap_or(i64::MAX))
        .bind(input.body)
        .bind(now_ms())
        .bind(tenant.as_str())
        .bind(&id)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        if updated.rows_affected() == 0 {
            return Ok(None);
        }
        self.dashboard(tenant, &id).await
    }

    /// Deletes `tenant`'s dashboard `id`; false when it has none of that id.
    pub async fn delete_dashboard(&self, tenant: &TenantId, id: &str) -> Result<bool> {
        let Some(id) = canonical_id(id) else { return Ok(false) };
        let deleted = sqlx::query("DELETE FROM dashboards WHERE tenant = $1 AND id = $2")
            .bind(tenant.as_str())
            .bind(&id)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(deleted.rows_affected() > 0)
    }

    /// One page of `tenant`'s dashboards, newest first; `cursor` is the previous page's
    /// `next_cursor`.
    pub async fn dashboards(
        &self,
        tenant: &TenantId,
        limit: usize,
        cursor: Option<&str>,
    ) -> Result<DashboardPage> {
        let limit = limit.clamp(1, MAX_PAGE);
        let rows: Vec<DashboardRow> = match cursor {
            None => {
                let sql = format!(
                    "SELECT {COLUMNS} FROM dashboards WHERE tenant = $1 ORDER BY id DESC LIMIT $2"
                );
                sqlx::query_as(&sql)
                    .bind(tenant.as_str())
                    .bind(rows_to_fetch(limit))
                    .fetch_all(&self.pool)
                    .await
            }
            Some(cursor) => {
                let after = canonical_id(cursor).ok_or_else(|| {
                    Error::invalid("cursor is not a dashboard id; pass a page's next_cursor")
                })?;
                let sql = format!(
                    "SELECT {COLUMNS} FROM dashboards WHERE tenant = $1 AND id < $2 \
                     ORDER BY id DESC LIMIT $3"
                );
                sqlx::query_as(&sql)
                    .bind(tenant.as_str())
                    .bind(&after)
                    .bind(rows_to_fetch(limit))
                    .fetch_all(&self.pool)
                    .await
            }
        }
        .map_err(db_error)?;
        let dashboards = rows.into_iter().map(from_row).collect();
        let (dashboards, next_cursor) =
            page_of(dashboards, limit, |d: &StoredDashboard| d.id.clone());
        Ok(DashboardPage { dashboards, next_cursor })
    }
}
