//! `ophion keys create|list|revoke`: API keys managed straight in the metadata store, for
//! the first admin key and for scripts on the server itself.

use std::path::Path;

use anyhow::Context;
use ophion_core::{Scopes, TenantId};
use ophion_metadata::{ApiKey, MetadataStore, NewKey};

/// The SQLite file in `data_dir`, or the store at `url`.
pub async fn open(data_dir: &Path, url: Option<&str>) -> anyhow::Result<MetadataStore> {
    Ok(match url {
        Some(url) => MetadataStore::open(url).await?,
        None => MetadataStore::open_dir(data_dir)
            .await
            .with_context(|| format!("cannot open the metadata store in {}", data_dir.display()))?,
    })
}

/// Make a key; the output ends with the key itself, its last word.
pub async fn create(
    store: &MetadataStore,
    tenant: &str,
    scopes: &str,
    name: &str,
    expires_in: Option<std::time::Duration>,
) -> anyhow::Result<String> {
    let tenant = TenantId::new(tenant)?;
    let scopes = Scopes::parse_list(scopes)?;
    let expires_at_ms = expires_in.map(|ttl| {
        let now = ophion_core::time::now_unix_nanos() / 1_000_000;
        i64::try_from(now.saturating_add(ttl.as_millis() as u64)).unwrap_or(i64::MAX)
    });
    let (key, secret) = store
        .create_key(NewKey { tenant: &tenant, name, scopes, expires_at_ms, created_by: "cli" })
        .await?;
    Ok(format!(
        "created API key {} for tenant {} with scopes {}; it is shown only now:\n{secret}",
        key.id, key.tenant, key.scopes
    ))
}

pub fn table(keys: &[ApiKey]) -> String {
    let mut out =
        format!("{:<16}  {:<20}  {:<24}  {:<20}  {}\n", "ID", "TENANT", "SCOPES", "NAME", "STATE");
    let now = ophion_core::time::now_unix_nanos() / 1_000_000;
    for key in keys {
        let state = key.unusable(i64::try_from(now).unwrap_or(i64::MAX)).unwrap_or("active");
        let state = state.trim_start_matches("the API key ").trim_start_matches("has ");
        out.push_str(&format!(
            "{:<16}  {:<20}  {:<24}  {:<20}  {state}\n",
            key.id, key.tenant, key.scopes, key.name
        ));
    }
    out
}
