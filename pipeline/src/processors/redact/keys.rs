//! The key policy: which attribute keys are never touched (the allow list) and which always
//! lose their whole value, whatever it holds (the deny list, matched on a key's last part).

use super::NAME;
use super::config::RedactConfig;
use crate::processors::error::{Error, Result};

/// Keys whose values are always replaced, unless `builtin_deny_keys: false`.
pub const BUILTIN_DENY_KEYS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-api-key",
    "api-key",
    "api_key",
    "apikey",
    "password",
    "passwd",
    "secret",
    "client_secret",
    "secret_key",
    "secret_access_key",
    "private_key",
    "token",
    "access_token",
    "refresh_token",
];

#[derive(Debug)]
pub(super) struct KeyPolicy {
    deny: Vec<String>,
    allow: Vec<String>,
    /// The last two bytes of every denied key, lowercased: most keys end otherwise and need
    /// no comparison at all. `None` when a denied key is shorter than two bytes.
    deny_tails: Option<Vec<[u8; 2]>>,
}

#[derive(Debug, PartialEq, Eq)]
pub(super) enum KeyVerdict {
    Allow,
    Deny,
    Scan,
}

fn tail(key: &str) -> Option<[u8; 2]> {
    match key.as_bytes() {
        [.., a, b] => Some([a.to_ascii_lowercase(), b.to_ascii_lowercase()]),
        _ => None,
    }
}

impl KeyPolicy {
    pub(super) fn new(config: &RedactConfig) -> Result<Self> {
        let mut deny: Vec<String> = Vec::new();
        if config.builtin_deny_keys {
            deny.extend(BUILTIN_DENY_KEYS.iter().map(|k| (*k).to_owned()));
        }
        for key in &config.deny_keys {
            if key.is_empty() {
                return Err(Error::invalid(NAME, "`deny_keys` contains an empty key"));
            }
            deny.push(key.clone());
        }
        let deny_tails = deny.iter().map(|d| tail(d)).collect();
        Ok(Self { deny, allow: config.allow_keys.clone(), deny_tails })
    }

    pub(super) fn verdict(&self, key: &str) -> KeyVerdict {
        let may_deny = match (&self.deny_tails, tail(key)) {
            (Some(tails), Some(end)) => tails.contains(&end),
            (Some(_), None) => false,
            (None, _) => true,
        };
        if self.allow.iter().any(|allowed| allowed.eq_ignore_ascii_case(key)) {
            KeyVerdict::Allow
        } else if may_deny && self.deny.iter().any(|denied| denies(key, denied)) {
            KeyVerdict::Deny
        } else {
            KeyVerdict::Scan
        }
    }
}

/// Whether `denied` is the whole `key` or its last part: after `.`, `_`, `-`, or at a
/// camelCase boundary (`accessToken`). Case-insensitive.
fn denies(key: &str, denied: &str) -> bool {
    let (key, denied) = (key.as_bytes(), denied.as_bytes());
    let Some(at) = key.len().checked_sub(denied.len()) else {
        return false;
    };
    if !key[at..].eq_ignore_ascii_case(denied) {
        return false;
    }
    if at == 0 {
        return true;
    }
    let before = key[at - 1];
    let camel =
        (before.is_ascii_lowercase() || before.is_ascii_digit()) && key[at].is_ascii_uppercase();
    matches!(before, b'.' | b'_' | b'-') || camel
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> KeyPolicy {
        KeyPolicy::new(&RedactConfig::default()).unwrap()
    }

    fn with(config: RedactConfig) -> KeyPolicy {
        KeyPolicy::new(&config).unwrap()
    }

    #[test]
    fn one_letter_deny_keys_and_keys_are_matched_too() {
        let p = with(serde_json::from_str(r#"{"deny_keys": ["k"]}"#).unwrap());
        for (key, verdict) in
            [("k", KeyVerdict::Deny), ("a.K", KeyVerdict::Deny), ("x", KeyVerdict::Scan)]
        {
            assert_eq!(p.verdict(key), verdict, "{key}");
        }
        assert_eq!(policy().verdict("k"), KeyVerdict::Scan);
        assert_eq!(policy().verdict(""), KeyVerdict::Scan);
    }

    #[test]
    fn deny_list_matches_the_last_part_of_longer_keys() {
        for key in [
            "http.request.header.authorization",
            "http.request.header.proxy-authorization",
            "db_password",
            "DB-PASSWORD",
            "x-api-key",
            "aws_secret_access_key",
            "oauth.client_secret",
            "accessToken",
            "userApiKey",
            "session.token",
        ] {
            assert_eq!(policy().verdict(key), KeyVerdict::Deny, "{key}");
        }
    }

    #[test]
    fn keys_merely_containing_a_denied_word_are_scanned_not_replaced() {
        for key in [
            "gen_ai.usage.input_tokens",
            "tokenizer",
            "mytoken",
            "passwordless",
            "secretary",
            "http.request.header.accept",
            "cookies_enabled",
        ] {
            assert_eq!(policy().verdict(key), KeyVerdict::Scan, "{key}");
        }
    }

    #[test]
    fn configured_deny_keys_add_to_the_builtin_ones_unless_disabled() {
        let p = with(RedactConfig { deny_keys: vec!["ssn".into()], ..Default::default() });
        assert_eq!(p.verdict("user.ssn"), KeyVerdict::Deny);
        assert_eq!(p.verdict("password"), KeyVerdict::Deny);
        let p = with(RedactConfig {
            deny_keys: vec!["ssn".into()],
            builtin_deny_keys: false,
            ..Default::default()
        });
        assert_eq!(p.verdict("password"), KeyVerdict::Scan);
        assert_eq!(p.verdict("SSN"), KeyVerdict::Deny);
    }
}
