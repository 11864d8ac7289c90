//! Authentication: Ophion API keys (from the metadata store) and OIDC access tokens (checked
//! against the issuer's JWKS) both become a [`Principal`]. The receiver and the API share one
//! [`Authenticator`].

mod oidc;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use ophion_core::{Authenticate, Error, Principal, Result};
use ophion_metadata::{KEY_PREFIX, MetadataStore};
use serde::{Deserialize, Serialize};

pub use oidc::{Oidc, OidcConfig, RoleNames};

/// Whether credentials are required.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthMode {
    /// Required as soon as any listener is bound beyond loopback; off on loopback only.
    #[default]
    Auto,
    /// Always required, loopback included.
    Required,
    /// Never required. Allowed beyond loopback only as this explicit choice, loudly logged.
    Disabled,
}

impl AuthMode {
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "auto" => Ok(Self::Auto),
            "required" => Ok(Self::Required),
            "disabled" => Ok(Self::Disabled),
            other => Err(Error::invalid(format!(
                "unknown auth mode {other:?}: use auto, required or disabled"
            ))),
        }
    }

    /// Whether credentials are checked, given the addresses Ophion listens on.
    pub fn resolve(self, listeners: &[SocketAddr]) -> bool {
        match self {
            Self::Required => true,
            Self::Disabled => false,
            Self::Auto => listeners.iter().any(|addr| !addr.ip().is_loopback()),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuthConfig {
    pub mode: AuthMode,
    /// OIDC for the API; absent means API keys only.
    pub oidc: Option<OidcConfig>,
}

/// How long a verified key is trusted without asking the metadata store again. Revocation
/// through this instance's API is immediate; through `ophion keys revoke` or another
/// instance it takes at most this long.
const KEY_CACHE_TTL: Duration = Duration::from_secs(5);
const KEY_CACHE_MAX: usize = 10_000;
/// Users seen through OIDC are written to the metadata store at most this often.
const USER_RECORD_INTERVAL: Duration = Duration::from_secs(300);

pub struct Authenticator {
    metadata: MetadataStore,
    oidc: Option<Oidc>,
    /// By presented key: the outcome and when it was learnt.
    keys: Mutex<HashMap<String, (Result<Principal>, Instant)>>,
    users_recorded: Mutex<HashMap<(String, String), Instant>>,
}

impl Authenticator {
    pub fn new(metadata: MetadataStore, oidc: Option<OidcConfig>) -> Result<Self> {
        Ok(Self {
            metadata,
            oidc: oidc.map(Oidc::new).transpose()?,
            keys: Mutex::new(HashMap::new()),
            users_recorded: Mutex::new(HashMap::new()),
        })
    }

    /// Fetch the OIDC keys ahead of the first request; a failure is reported, not fatal.
    pub async fn prefetch(&self) -> Result<()> {
        match &self.oidc {
            Some(oidc) => oidc.prefetch().await,
            None => Ok(()),
        }
    }

    async fn api_key(&self, presented: &str) -> Result<Principal> {
        if let Some((outcome, at)) = lock(&self.keys).get(presented)
            && at.elapsed() < KEY_CACHE_TTL
        {
            return outcome.clone();
        }
        // Unknown keys are not remembered: garbage must not fill the cache.
        let Some(key) = self.metadata.verify_key(presented).await? else {
            return Err(Error::unauthenticated("unknown API key"));
        };
        let outcome = match key.unusable(now_ms()) {
            Some(why) => Err(Error::unauthenticated(why)),
            None => Ok(Principal {
                tenant: ophion_core::TenantId::new(&key.tenant)?,
                actor: format!("key:{}", key.id),
                scopes: key.scopes(),
            }),
        };
        let mut keys = lock(&self.keys);
        if keys.len() >= KEY_CACHE_MAX {
            keys.clear();
        }
        keys.insert(presented.to_owned(), (outcome.clone(), Instant::now()));
        outcome
    }

    async fn token(&self, oidc: &Oidc, token: &str) -> Result<Principal> {
        let verified = oidc.verify(token).await?;
        let principal = verified.principal;
        let user = (principal.tenant.to_string(), verified.subject.clone());
        let due = lock(&self.users_recorded)
            .get(&user)
            .is_none_or(|at| at.elapsed() >= USER_RECORD_INTERVAL);
        if due {
            lock(&self.users_recorded).insert(user, Instant::now());
            let result = self
                .metadata
                .record_user(
                    &principal.tenant,
                    &verified.subject,
                    &verified.username,
                    &principal.scopes.to_list(),
                )
                .await;
            if let Err(err) = result {
                tracing::warn!(%err, "cannot record an OIDC user");
            }
        }
        Ok(principal)
    }
}

#[async_trait]
impl Authenticate for Authenticator {
    async fn authenticate(&self, credential: Option<&str>) -> Result<Principal> {
        let Some(credential) = credential else {
            return Err(Error::unauthenticated(
                "authentication required: send `Authorization: Bearer <API key or token>` \
                 or `x-ophion-api-key: <API key>`",
            ));
        };
        if credential.starts_with(KEY_PREFIX) {
            return self.api_key(credential).await;
        }
        match &self.oidc {
            Some(oidc) => self.token(oidc, credential).await,
            None => Err(Error::unauthenticated(
                "not an Ophion API key, and no OIDC issuer is configured",
            )),
        }
    }

    fn forget_key(&self, key_id: &str) {
        lock(&self.keys).retain(|presented, _| {
            ophion_metadata::parse_key(presented).is_none_or(|(id, _)| id != key_id)
        });
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

fn now_ms() -> i64 {
    i64::try_from(ophion_core::time::now_unix_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests;
