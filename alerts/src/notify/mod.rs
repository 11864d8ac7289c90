//! Notifications: the channels alerts are sent to (`channel`), what each kind is sent
//! (`render`), and their delivery (this module). A notification is decided with the alert
//! change that causes it, in the same transaction (`MetadataStore::save_alert`), so none is
//! lost to a crash; the deliverer leases each due one, sends it through the outbound policy's
//! guard, and records the outcome. Retries back off exponentially (1 s doubling to 5 min) and
//! honour a receiver's `Retry-After` (Slack's header, Discord's `retry_after`); 2xx is
//! delivered, 429 and 5xx and network failures are retried up to [`MAX_ATTEMPTS`] times, any
//! other 4xx fails at once. Each channel has a rate limit. Delivery is at least once: a sender
//! that dies between sending and recording sends again after the lease, with the same
//! `Idempotency-Key` (and PagerDuty's `dedup_key`, Opsgenie's alias), so receivers that honour
//! them see it once.

pub mod channel;
pub mod render;

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use ophion_core::limit::{Limiter, Rate};
use ophion_core::outbound::OutboundPolicy;
use ophion_core::{Error, Result, TenantId};
use ophion_metadata::{MetadataStore, NewNotification, StoredNotification};
use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use crate::alert::Alert;
use crate::labels::Labels;
use channel::{ChannelKind, ChannelSpec};
use render::{Notice, Outgoing};

pub const MAX_ATTEMPTS: i64 = 8;
const LEASE_MS: i64 = 60_000;
const MAX_BACKOFF_MS: i64 = 300_000;
const SEND_TIMEOUT: Duration = Duration::from_secs(10);
const DUE_PER_TICK: usize = 200;

/// What the outbox holds for one notification: the alert as it was when it was decided.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Decided {
    pub firing: bool,
    pub alert: Alert,
}

/// The notifications an alert's change decides: one per channel of the alert, keyed by the
/// alert, whether it fires or resolves, and when, so deciding it again changes nothing.
pub fn decide(alert: &Alert, event: &str) -> Vec<NewNotification> {
    let (firing, at) = match event {
        "firing" | "repeated" => (true, alert.instance.fired_at),
        "resolved" => (false, alert.instance.resolved_at),
        _ => return Vec::new(),
    };
    let Some(at) = at else { return Vec::new() };
    let body = serde_json::to_string(&Decided { firing, alert: alert.clone() }).unwrap_or_default();
    let what = if firing { "firing" } else { "resolved" };
    alert
        .notify
        .iter()
        .map(|channel_id| NewNotification {
            channel_id: channel_id.clone(),
            idempotency_key: format!("{}/{what}/{at}", alert.id),
            body: body.clone(),
        })
        .collect()
}

/// How one attempt went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// Worth another try, not before this many ms.
    Retry {
        after_ms: i64,
        reason: String,
    },
    Failed(String),
}

/// Sends notifications: the outbox's deliverer, and channel tests.
#[derive(Clone)]
pub struct Notifier {
    pub metadata: MetadataStore,
    pub policy: Arc<OutboundPolicy>,
    /// Where the console is, for links in notifications.
    pub external_url: String,
    client: reqwest::Client,
    limits: Arc<Limiter<(String, u32)>>,
}

/// Resolves names for outgoing requests, keeping only the addresses the policy allows.
struct GuardedResolver(Arc<OutboundPolicy>);

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = self.0.clone();
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let mut refused = None;
            let allowed: Vec<SocketAddr> = found
                .into_iter()
                .filter(|addr| match policy.check(&host, addr.ip()) {
                    Ok(()) => true,
                    Err(err) => {
                        refused = Some(err.message);
                        false
                    }
                })
                .collect();
            if allowed.is_empty() {
                let why = refused.unwrap_or_else(|| format!("{host} has no address"));
                return Err(why.into());
            }
            Ok(Box::new(allowed.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

impl Notifier {
    pub fn new(
        metadata: MetadataStore,
        policy: OutboundPolicy,
        external_url: String,
    ) -> Result<Self> {
        let policy = Arc::new(policy);
        let client = reqwest::Client::builder()
            .dns_resolver(Arc::new(GuardedResolver(policy.clone())))
            // A redirect could lead anywhere, an internal address literal among them.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(SEND_TIMEOUT)
            .user_agent(concat!("Ophion/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::internal(format!("cannot build the notification client: {e}")))?;
        let limits = Limiter::new(|(_, per_minute): &(String, u32)| {
            let per_minute = f64::from(*per_minute);
            Some(Rate { per_second: per_minute / 60.0, burst: Some((per_minute / 6.0).max(1.0)) })
        });
        Ok(Self { metadata, policy, external_url, client, limits: Arc::new(limits) })
    }

    /// A URL whose host is an address literal never reaches the resolver: judged here.
    fn check_literal(&self, url: &str) -> Result<()> {
        let parsed = reqwest::Url::parse(url).map_err(|e| Error::invalid(format!("url: {e}")))?;
        let host = parsed.host_str().unwrap_or_default();
        if let Ok(ip) = host.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>() {
            self.policy.check(host, ip)?;
        }
        Ok(())
    }

    /// Sends `notice` to a channel now, once: what a delivery attempt and a test both do.
    pub async fn send(
        &self,
        spec: &ChannelSpec,
        notice: &Notice,
        idempotency_key: &str,
    ) -> Outcome {
        match &spec.kind {
            ChannelKind::Email { .. } => {
                Outcome::Failed("email channels are not delivered yet (SMTP is planned)".into())
            }
            _ => match notice.request(spec, idempotency_key) {
                Some(outgoing) => self.post(outgoing).await,
                None => Outcome::Failed("the channel has no URL".into()),
            },
        }
    }

    async fn post(&self, outgoing: Outgoing) -> Outcome {
        if let Err(err) = self.check_literal(&outgoing.url) {
            return Outcome::Failed(err.message);
        }
        let mut request = self.client.post(&outgoing.url).body(outgoing.body);
        for (name, value) in &outgoing.headers {
            request = request.header(name, value);
        }
        let response = match request.send().await {
            Ok(response) => response,
            Err(err) => {
                let reason = error_chain(&err);
                // The guard's refusal surfaces as a connect error: it is final.
                if reason.contains("internal address") {
                    return Outcome::Failed(reason);
                }
                return Outcome::Retry { after_ms: 0, reason };
            }
        };
        let status = response.status();
        if status.is_success() {
            return Outcome::Delivered;
        }
        let header_wait = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok());
        let text = response.text().await.unwrap_or_default();
        // Discord says how long in its body.
        let body_wait = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v.get("retry_after").and_then(serde_json::Value::as_f64));
        let reason = format!("{status}: {}", render::cut(text.trim(), 300));
        if status.as_u16() == 429 || status.is_server_error() {
            let wait = header_wait.or(body_wait).unwrap_or(0.0).clamp(0.0, 3600.0);
            Outcome::Retry { after_ms: (wait * 1000.0) as i64, reason }
        } else {
            Outcome::Failed(reason)
        }
    }

    fn notice(&self, decided: &Decided) -> Notice {
        let name = decided
            .alert
            .labels
            .get("alertname")
            .cloned()
            .unwrap_or_else(|| decided.alert.name.clone());
        Notice {
            firing: decided.firing,
            group_labels: Labels::from([("alertname".to_owned(), name)]),
            alerts: vec![decided.alert.clone()],
            external_url: self.external_url.clone(),
        }
    }

    /// Delivers what is due at `now_ms`; returns how many were attempted.
    pub async fn deliver_due(&self, now_ms: i64) -> Result<usize> {
        let due = self.metadata.due_notifications(now_ms, DUE_PER_TICK).await?;
        let mut attempted = 0;
        for n in due {
            if !self.metadata.lease_notification(&n, now_ms, LEASE_MS).await? {
                continue; // another instance has it
            }
            attempted += 1;
            let (state, next, error) = self.attempt(&n, now_ms).await;
            self.metadata.settle_notification(&n, state, next, &error, now_ms).await?;
        }
        Ok(attempted)
    }

    async fn attempt(&self, n: &StoredNotification, now_ms: i64) -> (&'static str, i64, String) {
        let Ok(tenant) = TenantId::new(&n.tenant) else {
            return ("failed", now_ms, "invalid tenant".into());
        };
        let channel = match self.metadata.channel(&tenant, &n.channel_id).await {
            Ok(Some(channel)) => channel,
            Ok(None) => {
                return ("failed", now_ms, format!("channel {} no longer exists", n.channel_id));
            }
            Err(err) => return ("pending", now_ms + backoff(n.attempts), err.message),
        };
        let (spec, decided) = match (
            serde_json::from_str::<ChannelSpec>(&channel.body),
            serde_json::from_str::<Decided>(&n.body),
        ) {
            (Ok(spec), Ok(decided)) => (spec, decided),
            _ => return ("failed", now_ms, "unreadable channel or notification".into()),
        };
        if !decided.firing && !spec.send_resolved {
            return ("skipped", now_ms, "the channel does not send resolutions".into());
        }
        if let Err(wait) =
            self.limits.admit(&(format!("{}/{}", n.tenant, n.channel_id), spec.max_per_minute))
        {
            let wait = i64::try_from(wait.as_millis()).unwrap_or(MAX_BACKOFF_MS);
            return ("pending", now_ms + wait.max(1), "over the channel's rate limit".into());
        }
        match self.send(&spec, &self.notice(&decided), &n.idempotency_key).await {
            Outcome::Delivered => ("sent", now_ms, String::new()),
            Outcome::Failed(reason) => ("failed", now_ms, reason),
            Outcome::Retry { reason, .. } if n.attempts + 1 >= MAX_ATTEMPTS => {
                ("failed", now_ms, format!("gave up after {MAX_ATTEMPTS} attempts: {reason}"))
            }
            Outcome::Retry { after_ms, reason } => {
                ("pending", now_ms + after_ms.max(backoff(n.attempts)), reason)
            }
        }
    }

    /// Every second until `stop`.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = stop.wait_for(|s| *s) => return,
            }
            let now_ms = ophion_core::time::now_unix_millis();
            if let Err(err) = self.deliver_due(now_ms).await {
                tracing::warn!(%err, "notifications: cannot read the outbox; will retry");
            }
        }
    }
}

/// 1 s, 2 s, 4 s… up to 5 minutes.
fn backoff(attempts: i64) -> i64 {
    (1000_i64 << attempts.clamp(0, 20)).min(MAX_BACKOFF_MS)
}

/// An error with its causes: reqwest's own message alone hides the guard's reason.
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The delivery of one notification, as served with its alert.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Delivery {
    pub channel_id: String,
    /// `firing` or `resolved`.
    pub event: String,
    /// `pending`, `sending`, `sent`, `skipped` or `failed`.
    pub state: String,
    pub attempts: i64,
    pub last_error: String,
    pub created_at: String,
    pub sent_at: Option<String>,
}

impl From<StoredNotification> for Delivery {
    fn from(n: StoredNotification) -> Self {
        let event = n.idempotency_key.split('/').nth(1).unwrap_or_default().to_owned();
        Self {
            channel_id: n.channel_id,
            event,
            state: n.state,
            attempts: n.attempts,
            last_error: n.last_error,
            created_at: crate::time::format(n.created_at_ms),
            sent_at: n.sent_at_ms.map(crate::time::format),
        }
    }
}

/// A made-up alert for `POST /api/v1/notification-channels/{id}/test`.
pub fn test_notice(external_url: &str, now_ms: i64) -> Notice {
    let labels = Labels::from([
        ("alertname".to_owned(), "OphionTestNotification".to_owned()),
        ("severity".to_owned(), "info".to_owned()),
    ]);
    let alert = Alert {
        id: ophion_metadata::new_id(now_ms),
        rule_id: None,
        name: "OphionTestNotification".into(),
        fingerprint: crate::labels::fingerprint(&labels),
        status: crate::Status::Open,
        severity: "info".into(),
        labels: labels.clone(),
        annotations: BTreeMap::from([(
            "summary".to_owned(),
            "A test notification from Ophion: this channel works.".to_owned(),
        )]),
        instance: crate::state::Instance {
            state: crate::State::Firing,
            starts_at: now_ms,
            fired_at: Some(now_ms),
            keep_firing_since: None,
            resolved_at: None,
            value: None,
        },
        ends_at: None,
        source: crate::Source::Ophion,
        repeat_count: 0,
        query: String::new(),
        generator_url: String::new(),
        acknowledged_by: None,
        acknowledged_at: None,
        resolved_by: None,
        notify: Vec::new(),
    };
    Notice {
        firing: true,
        group_labels: Labels::from([("alertname".to_owned(), "OphionTestNotification".to_owned())]),
        alerts: vec![alert],
        external_url: external_url.to_owned(),
    }
}
