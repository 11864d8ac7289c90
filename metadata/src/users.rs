//! The users seen through OIDC tokens, recorded so an admin can see who reached a tenant and
//! with which roles.

use ophion_core::{Error, Result, TenantId};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{MAX_PAGE, MetadataStore, db_error, now_ms, page_of, rows_to_fetch};

/// A user seen through an OIDC token, with the roles that token carried.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct User {
    pub subject: String,
    pub username: String,
    /// Comma-separated scopes the user's roles granted when last seen.
    pub scopes: String,
    pub first_seen_ms: i64,
    pub last_seen_ms: i64,
}

/// One page of a tenant's users, by username.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct UserPage {
    pub users: Vec<User>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

type UserRow = (String, String, String, i64, i64);

const COLUMNS: &str = "subject, username, scopes, first_seen, last_seen";

impl MetadataStore {
    /// Upsert a user seen through OIDC, and its tenant (the AI engine analyses every tenant
    /// recorded, and an OIDC-only tenant has no key that would record it).
    pub async fn record_user(
        &self,
        tenant: &TenantId,
        subject: &str,
        username: &str,
        scopes: &str,
    ) -> Result<()> {
        self.ensure_tenant(tenant).await?;
        let now = now_ms();
        sqlx::query(
            "INSERT INTO users (tenant, subject, username, scopes, first_seen, last_seen) \
             VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (tenant, subject) DO UPDATE SET \
             username = excluded.username, scopes = excluded.scopes, last_seen = excluded.last_seen",
        )
        .bind(tenant.as_str())
        .bind(subject)
        .bind(username)
        .bind(scopes)
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    /// One page of `tenant`'s users by username; `cursor` is the previous page's
    /// `next_cursor` (its last user's subject, hex-encoded: a subject is any string).
    pub async fn users(
        &self,
        tenant: &TenantId,
        limit: usize,
        cursor: Option<&str>,
    ) -> Result<UserPage> {
        let limit = limit.clamp(1, MAX_PAGE);
        let order = "ORDER BY username, subject";
        let rows: Vec<UserRow> = match cursor {
            None => {
                let sql = format!("SELECT {COLUMNS} FROM users WHERE tenant = $1 {order} LIMIT $2");
                sqlx::query_as(&sql)
                    .bind(tenant.as_str())
                    .bind(rows_to_fetch(limit))
                    .fetch_all(&self.pool)
                    .await
            }
            Some(cursor) => {
                let (username, subject) = self.user_at(tenant, cursor).await?;
                let sql = format!(
                    "SELECT {COLUMNS} FROM users WHERE tenant = $1 \
                     AND (username > $2 OR (username = $3 AND subject > $4)) {order} LIMIT $5"
                );
                sqlx::query_as(&sql)
                    .bind(tenant.as_str())
                    .bind(&username)
                    .bind(&username)
                    .bind(&subject)
                    .bind(rows_to_fetch(limit))
                    .fetch_all(&self.pool)
                    .await
            }
        }
        .map_err(db_error)?;
        let users = rows
            .into_iter()
            .map(|(subject, username, scopes, first_seen_ms, last_seen_ms)| User {
                subject,
                username,
                scopes,
                first_seen_ms,
                last_seen_ms,
            })
            .collect();
        let (users, next_cursor) =
            page_of(users, limit, |user: &User| hex::encode(user.subject.as_bytes()));
        Ok(UserPage { users, next_cursor })
    }

    /// Where a user cursor points: the username and subject of that user of `tenant`.
    async fn user_at(&self, tenant: &TenantId, cursor: &str) -> Result<(String, String)> {
        let refused =
            || Error::invalid("cursor is not a user of this tenant; pass a page's next_cursor");
        let subject = hex::decode(cursor).ok().and_then(|bytes| String::from_utf8(bytes).ok());
        let subject = subject.ok_or_else(refused)?;
        let username: Option<String> =
            sqlx::query_scalar("SELECT username FROM users WHERE tenant = $1 AND subject = $2")
                .bind(tenant.as_str())
                .bind(&subject)
                .fetch_optional(&self.pool)
                .await
                .map_err(db_error)?;
        Ok((username.ok_or_else(refused)?, subject))
    }
}
