//! API keys: `oph_<id>_<secret>`. The id is stored in clear so a key is found in one lookup;
//! the secret only as its SHA-256 (a 256-bit random secret needs no slow hash). The whole key
//! is shown once, when it is made.

use ophion_core::{Error, Result, Scopes, TenantId};
use rand::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::{MAX_PAGE, MetadataStore, db_error, now_ms, page_of, rows_to_fetch};

pub const KEY_PREFIX: &str = "oph_";

/// A key as listed: everything but the secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct ApiKey {
    pub id: String,
    pub tenant: String,
    pub name: String,
    /// `ingest`, `read`, `operate`, `admin`, comma-separated.
    pub scopes: String,
    pub created_at_ms: i64,
    pub created_by: String,
    pub expires_at_ms: Option<i64>,
    pub revoked_at_ms: Option<i64>,
}

impl ApiKey {
    pub fn scopes(&self) -> Scopes {
        Scopes::parse_list(&self.scopes).unwrap_or_default()
    }

    /// Why the key cannot be used at `now_ms`, if it cannot.
    pub fn unusable(&self, now_ms: i64) -> Option<&'static str> {
        if self.revoked_at_ms.is_some() {
            Some("the API key was revoked")
        } else if self.expires_at_ms.is_some_and(|at| at <= now_ms) {
            Some("the API key has expired")
        } else {
            None
        }
    }
}

/// One page of a tenant's keys, oldest first.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct KeyPage {
    pub keys: Vec<ApiKey>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

pub struct NewKey<'a> {
    pub tenant: &'a TenantId,
    pub name: &'a str,
    pub scopes: Scopes,
    pub expires_at_ms: Option<i64>,
    pub created_by: &'a str,
}

/// Split a presented key into id and secret; `None` if it is not shaped like one.
pub fn parse_key(key: &str) -> Option<(&str, &str)> {
    let (id, secret) = key.strip_prefix(KEY_PREFIX)?.split_once('_')?;
    (hex_of_len(id, 16) && hex_of_len(secret, 64)).then_some((id, secret))
}

fn hex_of_len(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

const COLUMNS: &str =
    "id, tenant, name, scopes, created_at, created_by, expires_at, revoked_at, secret_sha256";

type KeyRow = (String, String, String, String, i64, String, Option<i64>, Option<i64>, String);

fn from_row(row: KeyRow) -> (ApiKey, String) {
    let (id, tenant, name, scopes, created_at_ms, created_by, expires_at_ms, revoked_at_ms, hash) =
        row;
    let key = ApiKey {
        id,
        tenant,
        name,
        scopes,
        created_at_ms,
        created_by,
        expires_at_ms,
        revoked_at_ms,
    };
    (key, hash)
}

impl MetadataStore {
    /// Make a key; returns it with the full secret, which is not kept.
    pub async fn create_key(&self, new: NewKey<'_>) -> Result<(ApiKey, String)> {
        if new.scopes.is_empty() {
            return Err(Error::invalid("a key needs at least one scope"));
        }
        if new.name.chars().count() > 200 {
            return Err(Error::invalid("key names are at most 200 characters"));
        }
        let mut bytes = [0u8; 40];
        rand::rng().fill_bytes(&mut bytes);
        let (id, secret) = (hex::encode(&bytes[..8]), hex::encode(&bytes[8..]));
        self.ensure_tenant(new.tenant).await?;
        let key = ApiKey {
            id,
            tenant: new.tenant.to_string(),
            name: new.name.to_owned(),
            scopes: new.scopes.to_list(),
            created_at_ms: now_ms(),
            created_by: new.created_by.to_owned(),
            expires_at_ms: new.expires_at_ms,
            revoked_at_ms: None,
        };
        sqlx::query(&format!(
            "INSERT INTO api_keys ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
        ))
        .bind(&key.id)
        .bind(&key.tenant)
        .bind(&key.name)
        .bind(&key.scopes)
        .bind(key.created_at_ms)
        .bind(&key.created_by)
        .bind(key.expires_at_ms)
        .bind(None::<i64>)
        .bind(secret_hash(&secret))
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        let full = format!("{KEY_PREFIX}{}_{secret}", key.id);
        Ok((key, full))
    }

    /// The key a presented secret belongs to, if the secret matches. Usability (expiry,
    /// revocation) is the caller's to check, so it can say which.
    pub async fn verify_key(&self, presented: &str) -> Result<Option<ApiKey>> {
        let Some((id, secret)) = parse_key(presented) else {
            return Ok(None);
        };
        let row: Option<KeyRow> =
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM api_keys WHERE id = $1"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err(db_error)?;
        Ok(row.map(from_row).and_then(|(key, hash)| {
            constant_time_eq(hash.as_bytes(), secret_hash(secret).as_bytes()).then_some(key)
        }))
    }

    /// A tenant's keys, or every key when `tenant` is `None` (the CLI).
    pub async fn list_keys(&self, tenant: Option<&TenantId>) -> Result<Vec<ApiKey>> {
        let sql = match tenant {
            Some(_) => {
                format!("SELECT {COLUMNS} FROM api_keys WHERE tenant = $1 ORDER BY created_at, id")
            }
            None => format!("SELECT {COLUMNS} FROM api_keys ORDER BY tenant, created_at, id"),
        };
        let mut query = sqlx::query_as(&sql);
        if let Some(tenant) = tenant {
            query = query.bind(tenant.as_str());
        }
        let rows: Vec<KeyRow> = query.fetch_all(&self.pool).await.map_err(db_error)?;
        Ok(rows.into_iter().map(|row| from_row(row).0).collect())
    }

    /// One page of `tenant`'s keys, oldest first; `cursor` is the previous page's
    /// `next_cursor` (the id of its last key).
    pub async fn keys_page(
        &self,
        tenant: &TenantId,
        limit: usize,
        cursor: Option<&str>,
    ) -> Result<KeyPage> {
        let limit = limit.clamp(1, MAX_PAGE);
        let order = "ORDER BY created_at, id";
        let rows: Vec<KeyRow> = match cursor {
            None => {
                let sql =
                    format!("SELECT {COLUMNS} FROM api_keys WHERE tenant = $1 {order} LIMIT $2");
                sqlx::query_as(&sql)
                    .bind(tenant.as_str())
                    .bind(rows_to_fetch(limit))
                    .fetch_all(&self.pool)
                    .await
            }
            Some(id) => {
                let after = self.key_created_at(tenant, id).await?;
                let sql = format!(
                    "SELECT {COLUMNS} FROM api_keys WHERE tenant = $1 \
                     AND (created_at > $2 OR (created_at = $3 AND id > $4)) {order} LIMIT $5"
                );
                sqlx::query_as(&sql)
                    .bind(tenant.as_str())
                    .bind(after)
                    .bind(after)
                    .bind(id)
                    .bind(rows_to_fetch(limit))
                    .fetch_all(&self.pool)
                    .await
            }
        }
        .map_err(db_error)?;
        let keys = rows.into_iter().map(|row| from_row(row).0).collect();
        let (keys, next_cursor) = page_of(keys, limit, |key: &ApiKey| key.id.clone());
        Ok(KeyPage { keys, next_cursor })
    }

    /// Where a key cursor points: the creation time of that key of `tenant`.
    async fn key_created_at(&self, tenant: &TenantId, id: &str) -> Result<i64> {
        let refused =
            || Error::invalid("cursor is not a key of this tenant; pass a page's next_cursor");
        if !hex_of_len(id, 16) {
            return Err(refused());
        }
        sqlx::query_scalar("SELECT created_at FROM api_keys WHERE tenant = $1 AND id = $2")
            .bind(tenant.as_str())
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?
            .ok_or_else(refused)
    }

    /// Revoke a key of `tenant` (any tenant's when `None`). Revoking twice keeps the first
    /// time. `NotFound` if there is no such key in reach.
    pub async fn revoke_key(&self, tenant: Option<&TenantId>, id: &str) -> Result<ApiKey> {
        let key = self
            .list_keys(tenant)
            .await?
            .into_iter()
            .find(|k| k.id == id)
            .ok_or_else(|| Error::not_found(format!("no API key {id:?}")))?;
        sqlx::query(
            "UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND tenant = $3 \
             AND revoked_at IS NULL",
        )
        .bind(now_ms())
        .bind(id)
        .bind(&key.tenant)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        let tenant = TenantId::new(&key.tenant)?;
        self.list_keys(Some(&tenant))
            .await?
            .into_iter()
            .find(|k| k.id == id)
            .ok_or_else(|| Error::not_found(format!("no API key {id:?}")))
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
