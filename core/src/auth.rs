//! Who is calling and what they may do.
//!
//! A credential (an API key or an OIDC token) becomes a [`Principal`]: a tenant, an actor
//! name for the audit log, and a set of [`Scope`]s. Roles and key scopes are one vocabulary:
//! `viewer` = read, `operator` = operate (and read), `admin` = everything, and `ingest` is
//! what an OTLP exporter's key needs and nothing more.

use std::fmt;

use async_trait::async_trait;

use crate::{Error, Result, TenantId};

/// One thing a caller may be allowed to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Send telemetry (OTLP, the JSON metrics API).
    Ingest,
    /// Query the tenant's data.
    Read,
    /// Act on it: acknowledge alerts, run playbooks, plus everything `Read` can.
    Operate,
    /// Manage the tenant: keys, users, the audit log, plus everything else.
    Admin,
}

impl Scope {
    pub const ALL: [Scope; 4] = [Scope::Ingest, Scope::Read, Scope::Operate, Scope::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Ingest => "ingest",
            Scope::Read => "read",
            Scope::Operate => "operate",
            Scope::Admin => "admin",
        }
    }

    /// Key scopes by name; the role names `viewer` and `operator` are accepted as aliases.
    pub fn parse(name: &str) -> Result<Self> {
        match name.trim() {
            "ingest" => Ok(Scope::Ingest),
            "read" | "viewer" => Ok(Scope::Read),
            "operate" | "operator" => Ok(Scope::Operate),
            "admin" => Ok(Scope::Admin),
            other => Err(Error::invalid(format!(
                "unknown scope {other:?}: use ingest, read, operate or admin"
            ))),
        }
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of scopes, as granted. `allows` applies the implications (admin ⊇ operate ⊇ read).
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct Scopes(u8);

impl Scopes {
    pub fn of(scopes: impl IntoIterator<Item = Scope>) -> Self {
        Self(scopes.into_iter().fold(0, |bits, s| bits | s.bit()))
    }

    /// A comma-separated list such as `ingest,read`. Empty lists are refused.
    pub fn parse_list(list: &str) -> Result<Self> {
        let scopes = list
            .split(',')
            .filter(|s| !s.trim().is_empty())
            .map(Scope::parse)
            .collect::<Result<Vec<_>>>()?;
        if scopes.is_empty() {
            return Err(Error::invalid(
                "at least one scope is needed: ingest, read, operate, admin",
            ));
        }
        Ok(Self::of(scopes))
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The scopes as granted, without implications.
    pub fn granted(self) -> Vec<Scope> {
        Scope::ALL.into_iter().filter(|s| self.0 & s.bit() != 0).collect()
    }

    pub fn allows(self, needed: Scope) -> bool {
        let has = |s: Scope| self.0 & s.bit() != 0;
        has(Scope::Admin) || has(needed) || (needed == Scope::Read && has(Scope::Operate))
    }

    /// `ingest,read`: the form keys are stored and shown in.
    pub fn to_list(self) -> String {
        self.granted().iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",")
    }
}

impl fmt::Debug for Scopes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Scopes({})", self.to_list())
    }
}

/// An authenticated caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    pub tenant: TenantId,
    /// For the audit log: `key:<id>` or `user:<subject>`, or `anonymous` with auth off.
    pub actor: String,
    pub scopes: Scopes,
}

impl Principal {
    /// The caller when authentication is off: the default tenant, every scope.
    pub fn anonymous() -> Self {
        Self {
            tenant: TenantId::default_tenant(),
            actor: "anonymous".into(),
            scopes: Scopes::of(Scope::ALL),
        }
    }

    pub fn require(&self, needed: Scope) -> Result<()> {
        if self.scopes.allows(needed) {
            Ok(())
        } else {
            Err(Error::permission_denied(format!(
                "{} lacks the {needed} scope this call needs (has: {})",
                self.actor,
                if self.scopes.is_empty() { "none".into() } else { self.scopes.to_list() }
            )))
        }
    }
}

/// The credential a request carries: `Authorization: Bearer <token>` or, as OTel SDKs can
/// send through `OTEL_EXPORTER_OTLP_HEADERS`, `x-ophion-api-key: <key>`.
pub fn credential<'a>(
    authorization: Option<&'a str>,
    api_key_header: Option<&'a str>,
) -> Option<&'a str> {
    let bearer = authorization.and_then(|value| {
        let (scheme, token) = value.trim().split_once(' ')?;
        scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
    });
    bearer.or(api_key_header.map(str::trim)).filter(|t| !t.is_empty())
}

/// Turns a request's credential into a principal.
#[async_trait]
pub trait Authenticate: Send + Sync + 'static {
    /// `Unauthenticated` for a missing or invalid credential; `Unavailable` when whatever
    /// vouches for credentials (the metadata store, the OIDC issuer) cannot be reached.
    async fn authenticate(&self, credential: Option<&str>) -> Result<Principal>;

    /// Whether credentials are checked at all.
    fn enabled(&self) -> bool {
        true
    }

    /// Stop trusting a key that was just revoked, without waiting for a cache to expire.
    fn forget_key(&self, _key_id: &str) {}
}

/// Authentication turned off: every caller is [`Principal::anonymous`].
pub struct NoAuth;

#[async_trait]
impl Authenticate for NoAuth {
    async fn authenticate(&self, _credential: Option<&str>) -> Result<Principal> {
        Ok(Principal::anonymous())
    }

    fn enabled(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_imply_downwards_only() {
        let admin = Scopes::of([Scope::Admin]);
        assert!(Scope::ALL.iter().all(|s| admin.allows(*s)));
        let operator = Scopes::of([Scope::Operate]);
        assert!(operator.allows(Scope::Read) && operator.allows(Scope::Operate));
        assert!(!operator.allows(Scope::Admin) && !operator.allows(Scope::Ingest));
        let ingest = Scopes::of([Scope::Ingest]);
        assert!(ingest.allows(Scope::Ingest) && !ingest.allows(Scope::Read));
        assert!(!Scopes::default().allows(Scope::Read));
    }

    #[test]
    fn scope_lists_round_trip_and_reject_unknown_names() {
        let scopes = Scopes::parse_list("read, ingest").unwrap();
        assert_eq!(scopes.to_list(), "ingest,read");
        assert_eq!(Scopes::parse_list(&scopes.to_list()).unwrap(), scopes);
        assert!(Scopes::parse_list("read,root").is_err());
        assert!(Scopes::parse_list(" , ").is_err());
    }

    #[test]
    fn credential_comes_from_bearer_or_the_key_header() {
        assert_eq!(credential(Some("Bearer abc"), None), Some("abc"));
        assert_eq!(credential(Some("bearer  abc "), None), Some("abc"));
        assert_eq!(credential(None, Some("k1")), Some("k1"));
        assert_eq!(credential(Some("Basic abc"), Some("k1")), Some("k1"));
        assert_eq!(credential(Some("Bearer "), None), None);
        assert_eq!(credential(None, None), None);
    }
}
