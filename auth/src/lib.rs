//! Authentication: Ophion API keys (from the metadata store) and OIDC access tokens (checked
//! against the issuer's JWKS) both become a [`Principal`]. The receiver and the API share one
//! [`Authenticator`].

mod oidc;
mod signin;

use std::net::SocketAddr;
use std::time::Duration;

use async_trait::async_trait;
use moka::sync::Cache;
use ophion_core::{Authenticate, Error, Principal, Result};
use ophion_metadata::{KEY_PREFIX, MetadataStore};
use serde::{Deserialize, Serialize};

pub use oidc::{Oidc, OidcConfig, RoleNames};
pub use signin::{CALLBACK_PATH, ConsoleToken, ExchangeError, OidcSignIn, SignIn, SignInConfig};

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

/// What the authenticator remembers, how much and for how long. Both caches are bounded:
/// beyond their size the least useful entries go, not all of them.
#[derive(Clone, Copy, Debug)]
struct CacheLimits {
    /// How long a verified key is trusted without asking the metadata store again.
    /// Revocation through this instance's API is immediate; through `ophion keys revoke` or
    /// another instance it takes at most this long.
    key_ttl: Duration,
    keys: u64,
    /// Users seen through OIDC are written to the metadata store at most this often ...
    user_record_interval: Duration,
    /// ... while at most this many are remembered (one forgotten is written again sooner).
    users: u64,
}

const CACHE_LIMITS: CacheLimits = CacheLimits {
    key_ttl: Duration::from_secs(5),
    keys: 10_000,
    user_record_interval: Duration::from_secs(300),
    users: 10_000,
};

/// A tenant and an OIDC subject.
type User = (String, String);

pub struct Authenticator {
    metadata: MetadataStore,
    oidc: Option<Oidc>,
    /// By presented key: the outcome of its verification.
    keys: Cache<String, Result<Principal>>,
    /// Users recorded in the metadata store lately.
    users_recorded: Cache<User, ()>,
}

impl Authenticator {
    pub fn new(metadata: MetadataStore, oidc: Option<OidcConfig>) -> Result<Self> {
        Self::with_limits(metadata, oidc, CACHE_LIMITS)
    }

    fn with_limits(
        metadata: MetadataStore,
        oidc: Option<OidcConfig>,
        limits: CacheLimits,
    ) -> Result<Self> {
        Ok(Self {
            metadata,
            oidc: oidc.map(Oidc::new).transpose()?,
            keys: Cache::builder().max_capacity(limits.keys).time_to_live(limits.key_ttl).build(),
            users_recorded: Cache::builder()
                .max_capacity(limits.users)
                .time_to_live(limits.user_record_interval)
                .build(),
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
        if let Some(outcome) = self.keys.get(presented) {
            return outcome;
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
        self.keys.insert(presented.to_owned(), outcome.clone());
        outcome
    }

    async fn token(&self, oidc: &Oidc, token: &str) -> Result<Principal> {
        let verified = oidc.verify(token).await?;
        let principal = verified.principal;
        let user = (principal.tenant.to_string(), verified.subject.clone());
        // Only the request that finds the user absent records it.
        if self.users_recorded.entry(user).or_insert(()).is_fresh() {
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
        for (presented, _) in self.keys.iter() {
            if ophion_metadata::parse_key(&presented).is_some_and(|(id, _)| id == key_id) {
                self.keys.invalidate(presented.as_str());
            }
        }
    }
}

fn now_ms() -> i64 {
    i64::try_from(ophion_core::time::now_unix_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests;
