//! Settings of the `redact` processor.

use serde::{Deserialize, Serialize};

/// Settings of the `redact` processor, which Ophion runs by default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RedactConfig {
    /// Payment card numbers: 13–19 digits, spaces or dashes allowed, Luhn-checked, first digit
    /// 2–6 (so Unix timestamps and most ids are left alone).
    pub cards: bool,
    /// JSON Web Tokens: three base64url segments, the first starting `eyJ`.
    pub jwts: bool,
    /// Cloud and SaaS credentials: AWS access key ids (`AKIA`/`ASIA`), GCP API keys (`AIza`),
    /// GitHub tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`), Slack tokens
    /// (`xoxb-` and friends).
    pub cloud_keys: bool,
    /// Credentials after `Bearer ` and `Basic ` (the scheme word is kept).
    pub auth_tokens: bool,
    /// `user:password@` in URLs; scheme, host and path are kept.
    pub url_credentials: bool,
    /// Email addresses. Off by default: they are often wanted for debugging.
    pub emails: bool,
    /// Keys whose whole value is always replaced, added to the built-in list. Matched
    /// case-insensitively, as the whole key or its last part after `.`, `_`, `-` or a camelCase
    /// boundary (`authorization` matches `http.request.header.authorization`).
    pub deny_keys: Vec<String>,
    /// Whether the built-in deny list applies (authorization, cookie, password, token, ...).
    pub builtin_deny_keys: bool,
    /// Keys never touched, matched case-insensitively as whole keys. Wins over everything else.
    pub allow_keys: Vec<String>,
    /// Extra patterns: every match is replaced, labelled with the pattern's name.
    pub patterns: Vec<CustomPattern>,
    /// What replaces a deny-listed key's value.
    pub replacement: String,
    /// What replaces a detected secret; `{kind}` becomes the detector's name (`card`, `jwt`,
    /// `aws_key`, `gcp_key`, `github_token`, `slack_token`, `bearer`, `basic`,
    /// `url_credentials`, `email`, or a custom pattern's name).
    pub detector_replacement: String,
}

impl Default for RedactConfig {
    fn default() -> Self {
        Self {
            cards: true,
            jwts: true,
            cloud_keys: true,
            auth_tokens: true,
            url_credentials: true,
            emails: false,
            deny_keys: Vec::new(),
            builtin_deny_keys: true,
            allow_keys: Vec::new(),
            patterns: Vec::new(),
            replacement: "[REDACTED]".to_owned(),
            detector_replacement: "[REDACTED:{kind}]".to_owned(),
        }
    }
}

/// A user-defined secret pattern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomPattern {
    /// Shown in the replacement text, e.g. `internal_id` gives `[REDACTED:internal_id]`.
    pub name: String,
    /// A regular expression (Rust `regex` syntax); every match is replaced.
    pub regex: String,
}
