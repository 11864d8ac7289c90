//! OIDC access tokens: signature checked against the issuer's JWKS (found through discovery,
//! refetched when a token names a key not seen yet, so rotation needs no restart), then
//! issuer, audience, expiry and not-before with a configurable leeway. Only asymmetric
//! algorithms whose family matches the published key are accepted: `none` and HMAC never are,
//! which rules out the HS256-with-the-public-key confusion.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use ophion_core::{Error, Principal, Result, Scope, Scopes, TenantId};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::{Mutex, RwLock};

/// Where tokens come from and how their claims map onto tenants and roles. The defaults fit
/// a Keycloak realm: realm roles under `realm_access.roles`, a `tenant_id` claim mapper.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OidcConfig {
    /// `https://keycloak.example.com/realms/ophion`; must equal the tokens' `iss`.
    pub issuer: String,
    /// Required in the tokens' `aud`.
    pub audience: String,
    /// The JWKS URL; found through `<issuer>/.well-known/openid-configuration` when empty.
    pub jwks_url: String,
    /// Dotted path of the claim naming the tenant.
    pub tenant_claim: String,
    /// Dotted path of the claim holding the role names (a list, or a space-separated string).
    pub roles_claim: String,
    /// The role names that grant each scope.
    pub roles: RoleNames,
    /// Clock skew allowed on `exp` and `nbf`.
    #[serde(with = "humantime_serde")]
    pub leeway: Duration,
    /// Keys are refetched after this long, and at most this often for an unknown `kid`.
    #[serde(with = "humantime_serde")]
    pub jwks_max_age: Duration,
    #[serde(with = "humantime_serde")]
    pub jwks_min_refresh: Duration,
    /// The issuer's client id for the web console (a public client with PKCE, redirect URI
    /// `<Ophion's URL>/ui/auth/callback`); empty: the console offers API keys only.
    pub console_client_id: String,
    /// The scopes the console asks for. The tokens must still name `audience`.
    pub console_scope: String,
}

impl Default for OidcConfig {
    fn default() -> Self {
        Self {
            issuer: String::new(),
            audience: "ophion".into(),
            jwks_url: String::new(),
            tenant_claim: "tenant_id".into(),
            roles_claim: "realm_access.roles".into(),
            roles: RoleNames::default(),
            leeway: Duration::from_secs(60),
            jwks_max_age: Duration::from_secs(3600),
            jwks_min_refresh: Duration::from_secs(10),
            console_client_id: String::new(),
            console_scope: "openid profile".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RoleNames {
    pub admin: String,
    pub operator: String,
    pub viewer: String,
    pub ingest: String,
}

impl Default for RoleNames {
    fn default() -> Self {
        Self {
            admin: "admin".into(),
            operator: "operator".into(),
            viewer: "viewer".into(),
            ingest: "ingest".into(),
        }
    }
}

/// A verified token's caller, with what the audit log and the users table need.
pub struct Verified {
    pub principal: Principal,
    pub subject: String,
    pub username: String,
}

struct KeySet {
    keys: HashMap<String, Jwk>,
    fetched: Instant,
}

pub struct Oidc {
    config: OidcConfig,
    http: reqwest::Client,
    keys: RwLock<Option<KeySet>>,
    /// Held while fetching; remembers when the last fetch was tried.
    last_fetch: Mutex<Option<Instant>>,
}

impl Oidc {
    pub fn new(config: OidcConfig) -> Result<Self> {
        if config.issuer.is_empty() {
            return Err(Error::invalid("auth.oidc.issuer is required for OIDC"));
        }
        if config.audience.is_empty() {
            return Err(Error::invalid("auth.oidc.audience is required for OIDC"));
        }
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| Error::internal(format!("cannot build the HTTP client: {e}")))?;
        Ok(Self { config, http, keys: RwLock::new(None), last_fetch: Mutex::new(None) })
    }

    /// Fetch the keys now, so the first request does not wait on the issuer.
    pub async fn prefetch(&self) -> Result<()> {
        self.refresh(true).await
    }

    pub async fn verify(&self, token: &str) -> Result<Verified> {
        let header = decode_header(token).map_err(|e| {
            Error::unauthenticated(format!("not an API key, nor a valid JWT header: {e}"))
        })?;
        if matches!(header.alg, Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512) {
            return Err(Error::unauthenticated("HMAC-signed tokens are not accepted"));
        }
        let kid = header
            .kid
            .ok_or_else(|| Error::unauthenticated("the token names no signing key (kid)"))?;
        let jwk = self.key(&kid).await?;
        if !algorithm_fits(&jwk, header.alg) {
            return Err(Error::unauthenticated(format!(
                "the token's algorithm {:?} does not match key {kid:?}",
                header.alg
            )));
        }
        let key = DecodingKey::from_jwk(&jwk)
            .map_err(|e| Error::unauthenticated(format!("key {kid:?} is unusable: {e}")))?;
        let mut validation = Validation::new(header.alg);
        validation.set_issuer(&[&self.config.issuer]);
        validation.set_audience(&[&self.config.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = self.config.leeway.as_secs();
        validation.validate_nbf = true;
        let claims = decode::<Value>(token, &key, &validation)
            .map_err(|e| Error::unauthenticated(token_error(e.kind())))?
            .claims;
        self.principal(&claims)
    }

    fn principal(&self, claims: &Value) -> Result<Verified> {
        let tenant =
            claim(claims, &self.config.tenant_claim).and_then(Value::as_str).ok_or_else(|| {
                Error::unauthenticated(format!(
                    "the token has no {:?} claim naming a tenant",
                    self.config.tenant_claim
                ))
            })?;
        let tenant = TenantId::new(tenant).map_err(|e| Error::unauthenticated(e.message))?;
        let names: Vec<&str> = match claim(claims, &self.config.roles_claim) {
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            Some(Value::String(list)) => list.split_whitespace().collect(),
            _ => Vec::new(),
        };
        let roles = &self.config.roles;
        let scopes = Scopes::of(names.iter().filter_map(|name| match *name {
            n if n == roles.admin => Some(Scope::Admin),
            n if n == roles.operator => Some(Scope::Operate),
            n if n == roles.viewer => Some(Scope::Read),
            n if n == roles.ingest => Some(Scope::Ingest),
            _ => None,
        }));
        let subject = claims.get("sub").and_then(Value::as_str).unwrap_or_default().to_owned();
        let username =
            claims.get("preferred_username").and_then(Value::as_str).unwrap_or(&subject).to_owned();
        Ok(Verified {
            principal: Principal { tenant, actor: format!("user:{username}"), scopes },
            subject,
            username,
        })
    }

    async fn key(&self, kid: &str) -> Result<Jwk> {
        if let Some(set) = self.keys.read().await.as_ref()
            && set.fetched.elapsed() < self.config.jwks_max_age
            && let Some(key) = set.keys.get(kid)
        {
            return Ok(key.clone());
        }
        self.refresh(false).await?;
        let keys = self.keys.read().await;
        keys.as_ref().and_then(|set| set.keys.get(kid)).cloned().ok_or_else(|| {
            Error::unauthenticated(format!("the token is signed with an unknown key {kid:?}"))
        })
    }

    /// Refetch the key set unless one was fetched within `jwks_min_refresh` (or `force`).
    /// A failed fetch keeps the keys already known.
    async fn refresh(&self, force: bool) -> Result<()> {
        let mut last = self.last_fetch.lock().await;
        if !force && last.is_some_and(|at| at.elapsed() < self.config.jwks_min_refresh) {
            return Ok(());
        }
        *last = Some(Instant::now());
        match self.fetch().await {
            Ok(keys) => {
                *self.keys.write().await = Some(KeySet { keys, fetched: Instant::now() });
                Ok(())
            }
            Err(err) if self.keys.read().await.is_some() => {
                tracing::warn!(%err, "cannot refresh the OIDC keys; using the ones known");
                Ok(())
            }
            Err(err) => Err(err),
        }
    }

    async fn fetch(&self) -> Result<HashMap<String, Jwk>> {
        let jwks_url = if self.config.jwks_url.is_empty() {
            let issuer = self.config.issuer.trim_end_matches('/');
            let discovery: Value =
                self.get_json(&format!("{issuer}/.well-known/openid-configuration")).await?;
            if discovery.get("issuer").and_then(Value::as_str) != Some(&self.config.issuer) {
                return Err(Error::unavailable(format!(
                    "the OIDC discovery document names another issuer than {:?}",
                    self.config.issuer
                )));
            }
            discovery
                .get("jwks_uri")
                .and_then(Value::as_str)
                .ok_or_else(|| Error::unavailable("the OIDC discovery document has no jwks_uri"))?
                .to_owned()
        } else {
            self.config.jwks_url.clone()
        };
        let set: Value = self.get_json(&jwks_url).await?;
        let keys = set.get("keys").and_then(Value::as_array).cloned().unwrap_or_default();
        // Keys Ophion cannot use (encryption keys, unknown types) are skipped, not fatal.
        Ok(keys
            .into_iter()
            .filter_map(|key| serde_json::from_value::<Jwk>(key).ok())
            .filter(|jwk| !matches!(jwk.common.public_key_use, Some(PublicKeyUse::Encryption)))
            .filter_map(|jwk| Some((jwk.common.key_id.clone()?, jwk)))
            .collect())
    }

    async fn get_json(&self, url: &str) -> Result<Value> {
        let unreachable = |e: reqwest::Error| {
            Error::unavailable(format!("cannot reach the OIDC issuer at {url}: {e}"))
        };
        self.http
            .get(url)
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .map_err(unreachable)?
            .json()
            .await
            .map_err(unreachable)
    }
}

/// Whether `alg` belongs to the key's family (and is the key's declared algorithm, if any).
fn algorithm_fits(jwk: &Jwk, alg: Algorithm) -> bool {
    use Algorithm::*;
    if let Some(declared) = jwk.common.key_algorithm
        && format!("{declared:?}") != format!("{alg:?}")
    {
        return false;
    }
    match &jwk.algorithm {
        AlgorithmParameters::RSA(_) => matches!(alg, RS256 | RS384 | RS512 | PS256 | PS384 | PS512),
        AlgorithmParameters::EllipticCurve(ec) => {
            matches!((&ec.curve, alg), (EllipticCurve::P256, ES256) | (EllipticCurve::P384, ES384))
        }
        AlgorithmParameters::OctetKeyPair(_) => alg == EdDSA,
        AlgorithmParameters::OctetKey(_) => false,
    }
}

fn claim<'a>(claims: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(claims, |value, part| value.get(part))
}

fn token_error(kind: &jsonwebtoken::errors::ErrorKind) -> String {
    use jsonwebtoken::errors::ErrorKind::*;
    match kind {
        ExpiredSignature => "the token has expired".into(),
        ImmatureSignature => "the token is not valid yet (nbf)".into(),
        InvalidIssuer => "the token's issuer is not the configured one".into(),
        InvalidAudience => "the token is not meant for this audience".into(),
        InvalidSignature => "the token's signature does not verify".into(),
        InvalidAlgorithm => "the token's algorithm is not accepted".into(),
        MissingRequiredClaim(claim) => format!("the token lacks the {claim:?} claim"),
        other => format!("invalid token: {other:?}"),
    }
}
