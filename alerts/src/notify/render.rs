//! What each kind of channel is sent for a notice (a group of alerts turning firing or
//! resolved), within each receiver's published limits: Alertmanager's webhook v4 and API v2,
//! Slack Block Kit, a Teams Adaptive Card, Discord embeds, PagerDuty Events v2, Opsgenie, and
//! an email's subject and text. Anything over a limit is cut with "…and N more", never sent to
//! be refused.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::alert::Alert;
use crate::labels::{Labels, format_value};
use crate::state::State;
use crate::time::format;

use super::channel::{ChannelKind, ChannelSpec};

/// Alertmanager writes this for an alert that has not ended.
const NOT_ENDED: &str = "0001-01-01T00:00:00Z";
const SLACK_HEADER: usize = 150;
const SLACK_SECTION: usize = 3000;
const SLACK_MAX_BLOCKS: usize = 50;
const DISCORD_TITLE: usize = 256;
const DISCORD_DESCRIPTION: usize = 4096;
const DISCORD_TOTAL: usize = 6000;
const DISCORD_FIELDS: usize = 25;
const PAGERDUTY_SUMMARY: usize = 1024;
const OPSGENIE_MESSAGE: usize = 130;
const DISCORD_FIRING: u32 = 0x992D22;
const DISCORD_RESOLVED: u32 = 0x2ECC71;

/// A group of alerts to tell a channel about.
#[derive(Clone, Debug)]
pub struct Notice {
    /// `firing` while any alert of the group fires, else `resolved`.
    pub firing: bool,
    pub group_labels: Labels,
    pub alerts: Vec<Alert>,
    /// Where the console is, for links.
    pub external_url: String,
}

/// One HTTP request to make.
#[derive(Clone, Debug, PartialEq)]
pub struct Outgoing {
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// An email to send.
#[derive(Clone, Debug, PartialEq)]
pub struct Mail {
    pub subject: String,
    pub text: String,
}

/// `s` cut to `max` characters, ending with `…` when cut.
pub fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

impl Notice {
    fn status(&self) -> &'static str {
        if self.firing { "firing" } else { "resolved" }
    }

    /// Alertmanager's group key: `{}:{alertname="X"}`.
    pub fn group_key(&self) -> String {
        let labels: Vec<String> =
            self.group_labels.iter().map(|(k, v)| format!("{k}={v:?}")).collect();
        format!("{{}}:{{{}}}", labels.join(", "))
    }

    fn firing_count(&self) -> usize {
        self.alerts.iter().filter(|a| a.instance.state != State::Resolved).count()
    }

    /// `[FIRING:2] HighErr` as Alertmanager titles a group.
    pub fn title(&self) -> String {
        let name = self
            .group_labels
            .get("alertname")
            .cloned()
            .unwrap_or_else(|| self.alerts.first().map(|a| a.name.clone()).unwrap_or_default());
        let count = if self.firing { self.firing_count() } else { self.alerts.len() };
        format!("[{}:{count}] {name}", self.status().to_uppercase())
    }

    fn common(&self, of: impl Fn(&Alert) -> &BTreeMap<String, String>) -> BTreeMap<String, String> {
        let Some(first) = self.alerts.first() else { return BTreeMap::new() };
        of(first)
            .iter()
            .filter(|(k, v)| self.alerts.iter().all(|a| of(a).get(*k) == Some(v)))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    fn alert_line(alert: &Alert) -> String {
        let summary =
            alert.annotations.get("summary").cloned().unwrap_or_else(|| alert.name.clone());
        match alert.instance.value {
            Some(v) => format!("{summary} (value {})", format_value(v)),
            None => summary,
        }
    }

    fn link(&self, alert: &Alert) -> String {
        format!("{}/ui/alerts/{}", self.external_url.trim_end_matches('/'), alert.id)
    }

    /// Alertmanager's webhook v4 body.
    pub fn webhook_v4(&self, receiver: &str) -> Value {
        let alerts: Vec<Value> = self
            .alerts
            .iter()
            .map(|a| {
                let resolved = a.instance.state == State::Resolved;
                json!({
                    "status": if resolved { "resolved" } else { "firing" },
                    "labels": a.labels,
                    "annotations": a.annotations,
                    "startsAt": format(a.instance.starts_at),
                    "endsAt": a.instance.resolved_at.filter(|_| resolved).map_or(NOT_ENDED.to_owned(), format),
                    "generatorURL": if a.generator_url.is_empty() { self.link(a) } else { a.generator_url.clone() },
                    "fingerprint": a.fingerprint,
                })
            })
            .collect();
        json!({
            "version": "4",
            "groupKey": self.group_key(),
            "truncatedAlerts": 0,
            "status": self.status(),
            "receiver": receiver,
            "groupLabels": self.group_labels,
            "commonLabels": self.common(|a| &a.labels),
            "commonAnnotations": self.common(|a| &a.annotations),
            "externalURL": self.external_url,
            "alerts": alerts,
        })
    }

    /// Alertmanager's API v2 body: each alert with its lease.
    pub fn alertmanager_v2(&self) -> Value {
        Value::Array(
            self.alerts
                .iter()
                .map(|a| {
                    let mut alert = json!({
                        "labels": a.labels,
                        "annotations": a.annotations,
                        "startsAt": format(a.instance.starts_at),
                        "generatorURL": self.link(a),
                    });
                    if let Some(at) =
                        a.instance.resolved_at.filter(|_| a.instance.state == State::Resolved)
                    {
                        alert["endsAt"] = json!(format(at));
                    }
                    alert
                })
                .collect(),
        )
    }

    pub fn slack(&self) -> Value {
        let header = cut(&self.title(), SLACK_HEADER);
        let mut blocks =
            vec![json!({"type": "header", "text": {"type": "plain_text", "text": header}})];
        // Header, context and the "more" line leave 47 sections.
        let room = SLACK_MAX_BLOCKS - 3;
        for alert in self.alerts.iter().take(room) {
            let text =
                format!("*<{}|{}>*\n{}", self.link(alert), alert.name, Self::alert_line(alert));
            blocks.push(json!({"type": "section", "text": {"type": "mrkdwn", "text": cut(&text, SLACK_SECTION)}}));
        }
        if self.alerts.len() > room {
            let more = format!("…and {} more", self.alerts.len() - room);
            blocks.push(json!({"type": "section", "text": {"type": "mrkdwn", "text": more}}));
        }
        blocks.push(
            json!({"type": "context", "elements": [{"type": "mrkdwn", "text": "Sent by Ophion"}]}),
        );
        json!({"text": header, "blocks": blocks})
    }

    pub fn teams(&self) -> Value {
        let mut body = vec![json!({"type": "TextBlock", "text": self.title(), "weight": "Bolder",
            "size": "Medium", "wrap": true, "style": "heading",
            "color": if self.firing { "Attention" } else { "Good" }})];
        for alert in self.alerts.iter().take(20) {
            body.push(json!({"type": "TextBlock", "text": format!("[{}]({}): {}", alert.name, self.link(alert), Self::alert_line(alert)), "wrap": true}));
        }
        if self.alerts.len() > 20 {
            body.push(json!({"type": "TextBlock", "text": format!("…and {} more", self.alerts.len() - 20), "wrap": true}));
        }
        json!({"type": "message", "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive",
            "contentUrl": null, "content": {"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "type": "AdaptiveCard", "version": "1.2", "body": body, "msteams": {"width": "full"}}}]})
    }

    pub fn discord(&self) -> Value {
        let title = cut(&self.title(), DISCORD_TITLE);
        let lines: Vec<String> = self.alerts.iter().map(Self::alert_line).collect();
        let description = cut(
            &lines.join("\n"),
            DISCORD_DESCRIPTION.min(DISCORD_TOTAL - title.chars().count() - 1200),
        );
        let mut used = title.chars().count() + description.chars().count();
        let mut fields = Vec::new();
        if let Some(first) = self.alerts.first() {
            for (k, v) in first.labels.iter().take(DISCORD_FIELDS) {
                let (name, value) = (cut(k, 256), cut(v, 1024));
                used += name.chars().count() + value.chars().count();
                if used > DISCORD_TOTAL {
                    break;
                }
                fields.push(json!({"name": name, "value": value, "inline": true}));
            }
        }
        json!({"content": "", "embeds": [{"title": title, "description": description,
            "color": if self.firing { DISCORD_FIRING } else { DISCORD_RESOLVED },
            "url": self.alerts.first().map(|a| self.link(a)), "fields": fields}]})
    }

    /// PagerDuty's dedup key: the group key's SHA-256, as Alertmanager sends it.
    pub fn dedup_key(&self) -> String {
        hex::encode(Sha256::digest(self.group_key().as_bytes()))
    }

    pub fn pagerduty(&self, routing_key: &str) -> Value {
        let severity = self.alerts.first().map_or("error", |a| match a.severity.as_str() {
            s @ ("critical" | "error" | "warning" | "info") => s,
            _ => "error",
        });
        let firing: Vec<String> = self
            .alerts
            .iter()
            .filter(|a| a.instance.state != State::Resolved)
            .map(Self::alert_line)
            .collect();
        json!({
            "routing_key": routing_key,
            "event_action": if self.firing { "trigger" } else { "resolve" },
            "dedup_key": self.dedup_key(),
            "payload": {
                "summary": cut(&self.title(), PAGERDUTY_SUMMARY),
                "source": "Ophion",
                "severity": severity,
                "component": self.common(|a| &a.labels).get("service"),
                "custom_details": {"firing": firing.join("\n"), "num_firing": self.firing_count(),
                    "num_resolved": self.alerts.len() - self.firing_count()},
            },
            "client": "Ophion",
            "client_url": self.alerts.first().map(|a| self.link(a)),
        })
    }

    /// Opsgenie's alias: the same group always names the same Opsgenie alert.
    pub fn alias(&self) -> String {
        self.dedup_key()
    }

    pub fn opsgenie(&self) -> Value {
        let priority = match self.alerts.first().map(|a| a.severity.as_str()) {
            Some("critical") => "P1",
            Some("error") => "P2",
            Some("warning") => "P3",
            _ => "P4",
        };
        let lines: Vec<String> = self.alerts.iter().map(Self::alert_line).collect();
        json!({"message": cut(&self.title(), OPSGENIE_MESSAGE), "alias": self.alias(),
            "description": cut(&lines.join("\n"), 15000), "details": self.common(|a| &a.labels),
            "source": "Ophion", "priority": priority})
    }

    pub fn mail(&self) -> Mail {
        let mut text = String::new();
        for alert in &self.alerts {
            text.push_str(&format!(
                "{}\n  {}\n  {}\n\n",
                Self::alert_line(alert),
                crate::labels::fingerprint(&alert.labels),
                self.link(alert)
            ));
            for (k, v) in &alert.labels {
                text.push_str(&format!("  {k}={v}\n"));
            }
        }
        text.push_str("Sent by Ophion\n");
        Mail { subject: self.title(), text }
    }

    /// The request a channel of `spec` is sent, or `None` for email.
    pub fn request(&self, spec: &ChannelSpec, idempotency_key: &str) -> Option<Outgoing> {
        let json_headers = |extra: Vec<(String, String)>| {
            let mut headers = vec![
                ("content-type".to_owned(), "application/json".to_owned()),
                ("idempotency-key".to_owned(), idempotency_key.to_owned()),
            ];
            headers.extend(extra);
            headers
        };
        let encode = |v: Value| serde_json::to_vec(&v).unwrap_or_default();
        let (url, headers, body) = match &spec.kind {
            ChannelKind::Webhook { url, secret } => {
                let body = encode(self.webhook_v4(&spec.name));
                let signed = secret
                    .as_deref()
                    .map(|s| ("x-ophion-signature".to_owned(), signature(s, &body)));
                (url.clone(), json_headers(signed.into_iter().collect()), body)
            }
            ChannelKind::Slack { url } => {
                (url.clone()?, json_headers(vec![]), encode(self.slack()))
            }
            ChannelKind::Teams { url } => {
                (url.clone()?, json_headers(vec![]), encode(self.teams()))
            }
            ChannelKind::Discord { url } => {
                (url.clone()?, json_headers(vec![]), encode(self.discord()))
            }
            ChannelKind::Pagerduty { routing_key, url } => (
                url.clone(),
                json_headers(vec![]),
                encode(self.pagerduty(routing_key.as_deref().unwrap_or_default())),
            ),
            ChannelKind::Opsgenie { api_key, url } => {
                let auth = (
                    "authorization".to_owned(),
                    format!("GenieKey {}", api_key.as_deref().unwrap_or_default()),
                );
                let base = url.trim_end_matches('/');
                if self.firing {
                    (format!("{base}/v2/alerts"), json_headers(vec![auth]), encode(self.opsgenie()))
                } else {
                    let close =
                        format!("{base}/v2/alerts/{}/close?identifierType=alias", self.alias());
                    (close, json_headers(vec![auth]), encode(json!({"source": "Ophion"})))
                }
            }
            ChannelKind::Alertmanager { url } => (
                format!("{}/api/v2/alerts", url.trim_end_matches('/')),
                json_headers(vec![]),
                encode(self.alertmanager_v2()),
            ),
            ChannelKind::Email { .. } => return None,
        };
        Some(Outgoing { url, headers, body })
    }
}

/// `sha256=<hex>`: HMAC-SHA256 of the body under the channel's secret.
pub fn signature(secret: &str, body: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notify::test_notice;

    /// `n` firing alerts with long summaries, as a storm would send them.
    fn storm(n: usize) -> Notice {
        let mut notice = test_notice("http://ophion.test", 1_700_000_000_000);
        let one = notice.alerts[0].clone();
        notice.alerts = (0..n)
            .map(|i| {
                let mut alert = one.clone();
                alert.annotations.insert("summary".into(), format!("{i} {}", "x".repeat(5000)));
                alert.labels.insert("pod".into(), format!("pod-{i}-{}", "y".repeat(2000)));
                alert
            })
            .collect();
        notice
    }

    fn chars(v: &Value) -> usize {
        v.as_str().map_or(0, |s| s.chars().count())
    }

    #[test]
    fn slack_stays_within_block_kit_limits() {
        let slack = storm(120).slack();
        let blocks = slack["blocks"].as_array().unwrap();
        assert!(blocks.len() <= SLACK_MAX_BLOCKS, "{} blocks", blocks.len());
        assert!(chars(&blocks[0]["text"]["text"]) <= SLACK_HEADER);
        assert!(blocks.iter().all(|b| chars(&b["text"]["text"]) <= SLACK_SECTION));
        let text = slack.to_string();
        assert!(text.contains("…and 73 more"), "the cut is said");
    }

    #[test]
    fn discord_stays_within_its_embed_limits() {
        let discord = storm(50).discord();
        let embed = &discord["embeds"][0];
        let fields = embed["fields"].as_array().unwrap();
        let total = chars(&embed["title"])
            + chars(&embed["description"])
            + fields.iter().map(|f| chars(&f["name"]) + chars(&f["value"])).sum::<usize>();
        assert!(total <= DISCORD_TOTAL, "{total} characters");
        assert!(chars(&embed["description"]) <= DISCORD_DESCRIPTION);
        assert!(fields.len() <= DISCORD_FIELDS);
    }

    #[test]
    fn pagerduty_and_opsgenie_cut_their_texts_and_keep_one_key_per_group() {
        let notice = storm(3);
        let pd = notice.pagerduty("k");
        assert!(chars(&pd["payload"]["summary"]) <= PAGERDUTY_SUMMARY);
        assert_eq!(pd["payload"]["severity"], "info");
        let genie = notice.opsgenie();
        assert!(chars(&genie["message"]) <= OPSGENIE_MESSAGE);
        let mut resolved = notice.clone();
        resolved.firing = false;
        assert_eq!(resolved.pagerduty("k")["dedup_key"], pd["dedup_key"]);
        assert_eq!(resolved.pagerduty("k")["event_action"], "resolve");
    }

    #[test]
    fn webhook_v4_has_alertmanagers_keys() {
        let v4 = storm(2).webhook_v4("ops");
        for key in [
            "version",
            "groupKey",
            "truncatedAlerts",
            "status",
            "receiver",
            "groupLabels",
            "commonLabels",
            "commonAnnotations",
            "externalURL",
            "alerts",
        ] {
            assert!(v4.get(key).is_some(), "{key}");
        }
        assert_eq!(v4["groupKey"], "{}:{alertname=\"OphionTestNotification\"}");
        // The pods differ, so they are not common; the severity is.
        assert_eq!(v4["commonLabels"]["severity"], "info");
        assert!(v4["commonLabels"].get("pod").is_none());
    }

    #[test]
    fn signatures_are_hmac_sha256_hex() {
        // RFC 4231 test case 2.
        let mac = signature("Jefe", b"what do ya want for nothing?");
        assert_eq!(mac, "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
