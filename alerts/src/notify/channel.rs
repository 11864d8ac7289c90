//! A notification channel as users write it, one of the kinds Ophion speaks. Secrets (webhook
//! URLs that carry a token, routing and API keys, signing secrets, passwords) are write-only:
//! they are stored, never returned (the API shows only that one is set, and a webhook URL only
//! as its scheme and host), and a replacement that leaves one out keeps the stored one.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use ophion_core::{Error, Result};

const MAX_NAME_CHARS: usize = 200;
const MAX_RECIPIENTS: usize = 50;
pub const PAGERDUTY_URL: &str = "https://events.pagerduty.com/v2/enqueue";
pub const OPSGENIE_URL: &str = "https://api.opsgenie.com";

/// What each kind needs. Fields marked secret are write-only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ChannelKind {
    /// Alertmanager's webhook v4 JSON, signed with HMAC-SHA256 when `secret` is set
    /// (`X-Ophion-Signature: sha256=<hex>` over the body).
    Webhook {
        url: String,
        /// Secret.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        secret: Option<String>,
    },
    /// A Slack incoming webhook (its URL is the secret), Block Kit within Slack's limits.
    Slack {
        /// Secret.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        url: Option<String>,
    },
    /// A Microsoft Teams Workflows webhook (its URL is the secret): an Adaptive Card.
    Teams {
        /// Secret.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        url: Option<String>,
    },
    /// A Discord webhook (its URL is the secret): embeds within Discord's limits.
    Discord {
        /// Secret.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        url: Option<String>,
    },
    /// PagerDuty Events API v2.
    Pagerduty {
        /// Secret: the integration's 32-character routing key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        routing_key: Option<String>,
        /// Default PagerDuty's own endpoint.
        #[serde(default = "pagerduty_url")]
        url: String,
    },
    /// Opsgenie's alert API.
    Opsgenie {
        /// Secret: the API integration key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        api_key: Option<String>,
        #[serde(default = "opsgenie_url")]
        url: String,
    },
    /// A real Alertmanager (`POST /api/v2/alerts`), to reuse its routing.
    Alertmanager { url: String },
    /// SMTP, STARTTLS when the server offers it (required unless `require_tls` is false).
    Email {
        to: Vec<String>,
        from: String,
        /// `host:port`.
        smarthost: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        username: Option<String>,
        /// Secret.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        password: Option<String>,
        #[serde(default = "yes")]
        require_tls: bool,
    },
}

fn pagerduty_url() -> String {
    PAGERDUTY_URL.into()
}

fn opsgenie_url() -> String {
    OPSGENIE_URL.into()
}

fn yes() -> bool {
    true
}

/// A channel as sent to create or replace one. Unknown fields are refused by the kind's own
/// fields (serde cannot refuse them here, beside a flattened field).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ChannelSpec {
    pub name: String,
    #[serde(flatten)]
    pub kind: ChannelKind,
    /// Whether resolutions are sent too.
    #[serde(default = "yes")]
    pub send_resolved: bool,
    /// Notifications per minute at most; more wait their turn.
    #[serde(default = "per_minute")]
    pub max_per_minute: u32,
}

fn per_minute() -> u32 {
    60
}

fn invalid(field: &str, why: impl std::fmt::Display) -> Error {
    Error::invalid(format!("{field}: {why}"))
}

/// An `http` or `https` URL with a host; what the outbound policy then judges is its address.
pub fn check_url(field: &str, url: &str) -> Result<()> {
    let parsed = reqwest::Url::parse(url).map_err(|e| invalid(field, format!("{e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none_or(str::is_empty) {
        return Err(invalid(field, "must be an http or https URL with a host"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(invalid(field, "must not hold credentials; use the channel's secret fields"));
    }
    Ok(())
}

fn required<'a>(field: &str, value: &'a Option<String>) -> Result<&'a str> {
    value.as_deref().filter(|v| !v.is_empty()).ok_or_else(|| invalid(field, "is required"))
}

impl ChannelSpec {
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            ChannelKind::Webhook { .. } => "webhook",
            ChannelKind::Slack { .. } => "slack",
            ChannelKind::Teams { .. } => "teams",
            ChannelKind::Discord { .. } => "discord",
            ChannelKind::Pagerduty { .. } => "pagerduty",
            ChannelKind::Opsgenie { .. } => "opsgenie",
            ChannelKind::Alertmanager { .. } => "alertmanager",
            ChannelKind::Email { .. } => "email",
        }
    }

    /// Refuses a channel that cannot deliver, naming the field.
    pub fn check(&self) -> Result<()> {
        if self.name.trim().is_empty() || self.name.chars().count() > MAX_NAME_CHARS {
            return Err(invalid("name", format!("must be 1 to {MAX_NAME_CHARS} characters")));
        }
        if self.max_per_minute == 0 || self.max_per_minute > 6000 {
            return Err(invalid("max_per_minute", "must be from 1 to 6000"));
        }
        match &self.kind {
            ChannelKind::Webhook { url, .. } | ChannelKind::Alertmanager { url } => {
                check_url("url", url)
            }
            ChannelKind::Slack { url }
            | ChannelKind::Teams { url }
            | ChannelKind::Discord { url } => check_url("url", required("url", url)?),
            ChannelKind::Pagerduty { routing_key, url } => {
                let key = required("routing_key", routing_key)?;
                if key.len() != 32 || !key.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    return Err(invalid(
                        "routing_key",
                        "must be PagerDuty's 32-character integration key",
                    ));
                }
                check_url("url", url)
            }
            ChannelKind::Opsgenie { api_key, url } => {
                required("api_key", api_key)?;
                check_url("url", url)
            }
            ChannelKind::Email { to, from, smarthost, .. } => {
                if to.is_empty() || to.len() > MAX_RECIPIENTS {
                    return Err(invalid("to", format!("1 to {MAX_RECIPIENTS} addresses")));
                }
                for address in to.iter().chain([from]) {
                    let (user, domain) = address.split_once('@').unwrap_or_default();
                    if user.is_empty()
                        || domain.is_empty()
                        || address.chars().any(|c| c.is_whitespace() || c == '<')
                    {
                        return Err(invalid("to", format!("{address:?} is not an email address")));
                    }
                }
                let port = smarthost.rsplit_once(':').and_then(|(_, p)| p.parse::<u16>().ok());
                if port.is_none() {
                    return Err(invalid("smarthost", "must be host:port"));
                }
                Ok(())
            }
        }
    }

    /// The channel as served: every secret removed, a secret URL cut to its scheme and host.
    pub fn redacted(&self) -> (Self, bool) {
        let mut shown = self.clone();
        let set = |s: &Option<String>| s.as_deref().is_some_and(|s| !s.is_empty());
        let secret_set = match &mut shown.kind {
            ChannelKind::Webhook { secret, .. } => set(&secret.take()),
            ChannelKind::Slack { url }
            | ChannelKind::Teams { url }
            | ChannelKind::Discord { url } => {
                let was = url.take();
                *url = was.as_deref().map(origin_of);
                set(&was)
            }
            ChannelKind::Pagerduty { routing_key, .. } => set(&routing_key.take()),
            ChannelKind::Opsgenie { api_key, .. } => set(&api_key.take()),
            ChannelKind::Alertmanager { .. } => false,
            ChannelKind::Email { password, .. } => set(&password.take()),
        };
        (shown, secret_set)
    }

    /// A replacement that leaves a secret out keeps the stored one (of the same kind).
    pub fn keep_secrets_of(&mut self, stored: &ChannelSpec) {
        match (&mut self.kind, &stored.kind) {
            (ChannelKind::Webhook { secret, .. }, ChannelKind::Webhook { secret: old, .. })
                if secret.is_none() =>
            {
                secret.clone_from(old)
            }
            (ChannelKind::Slack { url }, ChannelKind::Slack { url: old })
            | (ChannelKind::Teams { url }, ChannelKind::Teams { url: old })
            | (ChannelKind::Discord { url }, ChannelKind::Discord { url: old })
                if url.is_none()
                    || url
                        .as_deref()
                        .zip(old.as_deref())
                        .is_some_and(|(u, o)| u == origin_of(o)) =>
            {
                url.clone_from(old)
            }
            (
                ChannelKind::Pagerduty { routing_key, .. },
                ChannelKind::Pagerduty { routing_key: old, .. },
            ) if routing_key.is_none() => routing_key.clone_from(old),
            (ChannelKind::Opsgenie { api_key, .. }, ChannelKind::Opsgenie { api_key: old, .. })
                if api_key.is_none() =>
            {
                api_key.clone_from(old)
            }
            (ChannelKind::Email { password, .. }, ChannelKind::Email { password: old, .. })
                if password.is_none() =>
            {
                password.clone_from(old)
            }
            _ => {}
        }
    }

    /// The URL requests go to (email has none).
    pub fn endpoint(&self) -> Option<&str> {
        match &self.kind {
            ChannelKind::Webhook { url, .. }
            | ChannelKind::Alertmanager { url }
            | ChannelKind::Pagerduty { url, .. }
            | ChannelKind::Opsgenie { url, .. } => Some(url),
            ChannelKind::Slack { url }
            | ChannelKind::Teams { url }
            | ChannelKind::Discord { url } => url.as_deref(),
            ChannelKind::Email { .. } => None,
        }
    }
}

/// `https://hooks.slack.com/…`: enough to recognise a URL without what makes it a secret.
pub fn origin_of(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(u) => format!("{}://{}/…", u.scheme(), u.host_str().unwrap_or_default()),
        Err(_) => "…".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(json: serde_json::Value) -> ChannelSpec {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn the_minimal_webhook_body_works_and_secrets_never_come_back() {
        let hook = spec(
            serde_json::json!({"name": "ops hook", "type": "webhook", "url": "https://hooks.example/x", "secret": "s3cret"}),
        );
        hook.check().unwrap();
        let (shown, set) = hook.redacted();
        assert!(set);
        let text = serde_json::to_string(&shown).unwrap();
        assert!(!text.contains("s3cret"), "{text}");
        let slack = spec(
            serde_json::json!({"name": "s", "type": "slack", "url": "https://hooks.slack.com/services/T/B/token"}),
        );
        let (shown, set) = slack.redacted();
        assert!(set);
        assert_eq!(serde_json::to_value(&shown).unwrap()["url"], "https://hooks.slack.com/…");
        // Sent back as shown, the stored URL stays.
        let mut again = shown.clone();
        again.keep_secrets_of(&slack);
        assert_eq!(again, slack);
    }

    #[test]
    fn a_bad_channel_names_its_field() {
        let bad = |json: serde_json::Value| spec(json).check().unwrap_err().message;
        assert!(
            bad(serde_json::json!({"name": "x", "type": "webhook", "url": "ftp://x"}))
                .starts_with("url")
        );
        assert!(
            bad(serde_json::json!({"name": "x", "type": "webhook", "url": "https://u:p@x"}))
                .starts_with("url")
        );
        assert!(
            bad(serde_json::json!({"name": "x", "type": "pagerduty", "routing_key": "short"}))
                .starts_with("routing_key")
        );
        assert!(bad(serde_json::json!({"name": "x", "type": "slack"})).starts_with("url"));
        assert!(bad(serde_json::json!({"name": "x", "type": "email", "to": ["nobody"], "from": "o@x", "smarthost": "m:25"}))
            .starts_with("to"));
        assert!(
            bad(serde_json::json!({"name": " ", "type": "alertmanager", "url": "http://am:9093"}))
                .starts_with("name")
        );
    }
}
