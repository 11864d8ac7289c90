//! Signing in to the web console. The console asks [`SignIn::config`] what it may offer (API
//! keys always; OIDC when `auth.oidc.console_client_id` is set). For OIDC the browser runs the
//! authorization code flow with PKCE itself, then hands the code to [`SignIn::exchange`]: the
//! console's Content-Security-Policy allows requests to its own origin only, so Ophion talks
//! to the issuer's token endpoint for it. The exchange is a public client's (no secret); the
//! code verifier proves the code was asked for by the same browser.
//!
//! Codes, verifiers and tokens are never logged.

use std::time::{Duration, Instant};

use ophion_core::{Error, Result};
use serde::Serialize;
use serde_json::Value;
use tokio::sync::Mutex;
use utoipa::ToSchema;

use crate::OidcConfig;

/// The only path the issuer may send the browser back to.
pub const CALLBACK_PATH: &str = "/ui/auth/callback";
/// How long discovered endpoints are trusted, and how long a failed discovery is remembered
/// (this route is public: it must not turn every call into a request to the issuer).
const DISCOVERY_TTL: Duration = Duration::from_secs(3600);
const DISCOVERY_RETRY: Duration = Duration::from_secs(10);
/// Longest code and verifier taken; RFC 7636 verifiers are 43 to 128 characters.
const MAX_CODE_CHARS: usize = 4096;

/// What the console may offer at sign-in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct SignInConfig {
    /// Whether calls need a credential. When false the console needs no sign-in.
    pub required: bool,
    /// API keys are always accepted (`Authorization: Bearer oph_…`).
    pub api_keys: bool,
    /// Sign-in through the OIDC issuer; null when not configured (or the issuer cannot be
    /// reached just now).
    pub oidc: Option<OidcSignIn>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct OidcSignIn {
    /// Where the browser starts the authorization code flow.
    pub authorization_endpoint: String,
    pub client_id: String,
    /// Space-separated scopes to ask for.
    pub scope: String,
}

/// What a successful exchange gives the console.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct ConsoleToken {
    /// Sent as `Authorization: Bearer <access_token>` on every call.
    pub access_token: String,
    /// Seconds it stays valid, as the issuer said (0 when it did not say).
    pub expires_in: u64,
}

/// Why an exchange failed: the caller's input, or the issuer.
#[derive(Debug)]
pub enum ExchangeError {
    /// Bad input, or a code the issuer refused (expired, used, wrong verifier): 400.
    Refused(String),
    /// The issuer could not be reached or answered nonsense: 502.
    Issuer(String),
}

impl std::fmt::Display for ExchangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Refused(message) | Self::Issuer(message) => f.write_str(message),
        }
    }
}

#[derive(Clone, Debug)]
struct Endpoints {
    authorization: String,
    token: String,
}

struct Console {
    issuer: String,
    client_id: String,
    scope: String,
    http: reqwest::Client,
    /// The last discovery and when it was made. Held across the fetch: one at a time.
    endpoints: Mutex<Option<(Result<Endpoints>, Instant)>>,
}

pub struct SignIn {
    required: bool,
    console: Option<Console>,
}

impl SignIn {
    /// `required`: whether the API checks credentials. OIDC sign-in is offered when `oidc`
    /// names a console client.
    pub fn new(required: bool, oidc: Option<&OidcConfig>) -> Result<Self> {
        let console = match oidc.filter(|c| !c.console_client_id.is_empty()) {
            None => None,
            Some(config) => {
                if config.issuer.is_empty() {
                    return Err(Error::invalid("auth.oidc.issuer is required for OIDC sign-in"));
                }
                let http = reqwest::Client::builder()
                    .timeout(Duration::from_secs(5))
                    // The token endpoint's answer is read whole: it must come from the issuer.
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|e| Error::internal(format!("cannot build the HTTP client: {e}")))?;
                Some(Console {
                    issuer: config.issuer.clone(),
                    client_id: config.console_client_id.clone(),
                    scope: config.console_scope.clone(),
                    http,
                    endpoints: Mutex::new(None),
                })
            }
        };
        Ok(Self { required, console })
    }

    /// No credentials needed and no OIDC: the loopback default.
    pub fn open() -> Self {
        Self { required: false, console: None }
    }

    pub async fn config(&self) -> SignInConfig {
        let oidc = match &self.console {
            None => None,
            Some(console) => match console.endpoints().await {
                Ok(endpoints) => Some(OidcSignIn {
                    authorization_endpoint: endpoints.authorization,
                    client_id: console.client_id.clone(),
                    scope: console.scope.clone(),
                }),
                Err(err) => {
                    tracing::warn!(%err, "OIDC sign-in is not offered: discovery failed");
                    None
                }
            },
        };
        SignInConfig { required: self.required, api_keys: true, oidc }
    }

    /// Exchanges an authorization code for an access token at the issuer. `host` is the
    /// `Host` the console was reached at: `redirect_uri` must be this origin's callback.
    pub async fn exchange(
        &self,
        code: &str,
        code_verifier: &str,
        redirect_uri: &str,
        host: Option<&str>,
    ) -> Result<ConsoleToken, ExchangeError> {
        let refused = |m: &str| ExchangeError::Refused(m.to_owned());
        let Some(console) = &self.console else {
            return Err(refused(
                "OIDC sign-in is not configured (auth.oidc.console_client_id is empty)",
            ));
        };
        if code.is_empty() || code.len() > MAX_CODE_CHARS || code.chars().any(char::is_control) {
            return Err(refused("code must be the authorization code the issuer returned"));
        }
        let verifier_ok = (43..=128).contains(&code_verifier.len())
            && code_verifier.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
        if !verifier_ok {
            return Err(refused(
                "code_verifier must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_', '~' \
                 (RFC 7636)",
            ));
        }
        check_redirect_uri(redirect_uri, host).map_err(ExchangeError::Refused)?;
        let endpoints = console.endpoints().await.map_err(|e| ExchangeError::Issuer(e.message))?;
        let form = [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("client_id", &console.client_id),
            ("code_verifier", code_verifier),
        ];
        let unreachable = |e: reqwest::Error| {
            // Without the URL: reqwest's errors name it, and it is the issuer's, which is fine,
            // but never the form.
            ExchangeError::Issuer(format!(
                "cannot reach the OIDC issuer's token endpoint: {}",
                e.without_url()
            ))
        };
        let response = console
            .http
            .post(&endpoints.token)
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&form)
            .send()
            .await
            .map_err(unreachable)?;
        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        if status.is_client_error() {
            // RFC 6749 §5.2: `error` says why (invalid_grant: expired, used, or a verifier
            // that does not match).
            let error = body.get("error").and_then(Value::as_str).unwrap_or("unknown_error");
            let description =
                body.get("error_description").and_then(Value::as_str).unwrap_or_default();
            return Err(ExchangeError::Refused(format!(
                "the OIDC issuer refused the code ({}): {}; sign in again",
                clip(error),
                clip(description)
            )));
        }
        if !status.is_success() {
            return Err(ExchangeError::Issuer(format!(
                "the OIDC issuer's token endpoint answered {status}"
            )));
        }
        let access_token =
            body.get("access_token").and_then(Value::as_str).filter(|t| !t.is_empty()).ok_or_else(
                || ExchangeError::Issuer("the OIDC issuer's answer has no access_token".into()),
            )?;
        let expires_in = body.get("expires_in").and_then(Value::as_u64).unwrap_or(0);
        Ok(ConsoleToken { access_token: access_token.to_owned(), expires_in })
    }
}

impl Console {
    async fn endpoints(&self) -> Result<Endpoints> {
        let mut cached = self.endpoints.lock().await;
        if let Some((result, at)) = cached.as_ref() {
            let ttl = if result.is_ok() { DISCOVERY_TTL } else { DISCOVERY_RETRY };
            if at.elapsed() < ttl {
                return result.clone();
            }
        }
        let result = self.discover().await;
        *cached = Some((result.clone(), Instant::now()));
        result
    }

    async fn discover(&self) -> Result<Endpoints> {
        let url = format!("{}/.well-known/openid-configuration", self.issuer.trim_end_matches('/'));
        let unreachable =
            |e: reqwest::Error| Error::unavailable(format!("cannot reach the OIDC issuer: {e}"));
        let discovery: Value = self
            .http
            .get(&url)
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .map_err(unreachable)?
            .json()
            .await
            .map_err(unreachable)?;
        if discovery.get("issuer").and_then(Value::as_str) != Some(&self.issuer) {
            return Err(Error::unavailable(format!(
                "the OIDC discovery document names another issuer than {:?}",
                self.issuer
            )));
        }
        let endpoint = |name: &str| {
            discovery
                .get(name)
                .and_then(Value::as_str)
                .filter(|url| url.starts_with("https://") || url.starts_with("http://"))
                .map(str::to_owned)
                .ok_or_else(|| {
                    Error::unavailable(format!("the OIDC discovery document has no {name}"))
                })
        };
        Ok(Endpoints {
            authorization: endpoint("authorization_endpoint")?,
            token: endpoint("token_endpoint")?,
        })
    }
}

/// The issuer sends the code to `redirect_uri`; it must be this origin's callback, or a page
/// elsewhere could have a code for another client's redirect exchanged here.
fn check_redirect_uri(redirect_uri: &str, host: Option<&str>) -> Result<(), String> {
    let refused = || {
        format!(
            "redirect_uri must be this console's own callback, http(s)://<this host>{CALLBACK_PATH}"
        )
    };
    let url = reqwest::Url::parse(redirect_uri).map_err(|_| refused())?;
    let authority = match (url.host_str(), url.port()) {
        (Some(h), Some(port)) => format!("{h}:{port}"),
        (Some(h), None) => h.to_owned(),
        (None, _) => return Err(refused()),
    };
    let same_host = host.is_some_and(|host| {
        // `Url` writes default ports out, and IPv6 hosts in brackets, as a Host header does.
        host.eq_ignore_ascii_case(&authority)
            || url.port().is_none()
                && host
                    .strip_suffix(if url.scheme() == "https" { ":443" } else { ":80" })
                    .is_some_and(|h| h.eq_ignore_ascii_case(&authority))
    });
    let exact = matches!(url.scheme(), "http" | "https")
        && url.username().is_empty()
        && url.password().is_none()
        && url.path() == CALLBACK_PATH
        && url.query().is_none()
        && url.fragment().is_none();
    if exact && same_host { Ok(()) } else { Err(refused()) }
}

/// Issuer text put in a message: short, one line.
fn clip(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::check_redirect_uri;

    #[test]
    fn only_this_origins_callback_is_a_redirect_uri() {
        let ok = |uri: &str, host: &str| check_redirect_uri(uri, Some(host)).is_ok();
        assert!(ok("http://127.0.0.1:8080/ui/auth/callback", "127.0.0.1:8080"));
        assert!(ok("https://ophion.example.com/ui/auth/callback", "ophion.example.com"));
        assert!(ok("https://ophion.example.com/ui/auth/callback", "ophion.example.com:443"));
        assert!(ok("http://[::1]:8080/ui/auth/callback", "[::1]:8080"));
        for (uri, host) in [
            ("https://evil.example/ui/auth/callback", "ophion.example.com"),
            ("http://127.0.0.1:8081/ui/auth/callback", "127.0.0.1:8080"),
            ("http://127.0.0.1:8080/ui/auth/callback?x=1", "127.0.0.1:8080"),
            ("http://127.0.0.1:8080/ui/auth/callback#x", "127.0.0.1:8080"),
            ("http://127.0.0.1:8080/ui/", "127.0.0.1:8080"),
            ("http://u:p@127.0.0.1:8080/ui/auth/callback", "127.0.0.1:8080"),
            ("javascript:alert(1)", "127.0.0.1:8080"),
            ("/ui/auth/callback", "127.0.0.1:8080"),
            ("ftp://127.0.0.1:8080/ui/auth/callback", "127.0.0.1:8080"),
        ] {
            assert!(!ok(uri, host), "{uri} at {host}");
        }
        assert!(check_redirect_uri("http://127.0.0.1:8080/ui/auth/callback", None).is_err());
    }
}
