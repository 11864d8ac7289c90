//! `redact`: replace secrets and personal data before a batch reaches the durable queue, so
//! they never touch disk, API responses or Ophion's own logs. On by default.
//!
//! Two mechanisms, in this order of precedence:
//! - Keys on the allow list are never touched.
//! - Keys on the deny list (`authorization`, `cookie`, `password`, `token`, ...) have their
//!   whole value replaced, whatever its type, also as the last part of a longer key
//!   (`http.request.header.authorization`, `db_password`, `accessToken`).
//! - Every other string is scanned by detectors (cards, JWTs, cloud keys, bearer/basic
//!   credentials, URL credentials, optionally emails, and custom patterns); each finding is
//!   replaced by `[REDACTED:<kind>]`.
//!
//! Scanned: resource and scope attributes; span names, attributes, status messages, event
//! names and attributes, link attributes; log bodies and attributes; data point and exemplar
//! attributes and metric metadata — recursively through arrays and maps.
//!
//! Most values are clean, so the hot path is a single pass over the bytes looking for the
//! few things a secret starts with; the detectors' regular expressions only run on values
//! that pass it, and a clean value is never copied.

use ophion_core::otlp::common::v1::any_value::Value;
use ophion_core::otlp::common::v1::{AnyValue, InstrumentationScope, KeyValue};
use ophion_core::otlp::logs::v1::LogRecord;
use ophion_core::otlp::metrics::v1::Metric;
use ophion_core::otlp::resource::v1::Resource;
use ophion_core::otlp::trace::v1::Span;
use ophion_core::{Batch, Payload};
use regex::Regex;

use super::config::RedactConfig;
use super::error::{Error, Result};
use super::{ProcessStats, Processor, walk};
use crate::inspect::{AttributeCheck, ValueCheck};

const NAME: &str = "redact";

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

/// Values nested deeper than this are replaced whole rather than walked.
const MAX_DEPTH: usize = 64;

#[derive(Debug)]
pub struct Redact {
    keys: KeyPolicy,
    detectors: Vec<Detector>,
    /// Union of the prefilter bits of the built-in detectors in use.
    hint_mask: u16,
    /// Whether some detector (a custom pattern) runs without a prefilter.
    unfiltered: bool,
    replacement: String,
}

impl Redact {
    pub fn new(config: &RedactConfig) -> Result<Self> {
        let label = |kind: &str| config.detector_replacement.replace("{kind}", kind);
        let mut detectors = Vec::new();
        let mut builtin = |enabled: bool, kind: &str, hint: u16, pattern: &str, group, check| {
            if enabled {
                let regex = Regex::new(pattern).map_err(|e| Error::regex(NAME, pattern, e))?;
                detectors.push(Detector { hint, regex, group, check, replacement: label(kind) });
            }
            Ok::<_, Error>(())
        };
        // Order matters where findings could overlap: a JWT inside a URL or after `Bearer` is
        // labelled a JWT, and later detectors never see the replaced text as a secret.
        builtin(
            config.url_credentials,
            "url_credentials",
            hint::URL,
            r"(?-u:\b)[A-Za-z][A-Za-z0-9+.-]*://([^\s/?#@:]*:[^\s/?#]+)@",
            1,
            Check::None,
        )?;
        builtin(
            config.jwts,
            "jwt",
            hint::JWT,
            r"(?-u:\b)eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*",
            0,
            Check::None,
        )?;
        builtin(
            config.auth_tokens,
            "bearer",
            hint::AUTH,
            r"(?i)(?-u:\b)bearer[ \t]+([A-Za-z0-9._~+/-]+=*)",
            1,
            Check::BearerToken,
        )?;
        builtin(
            config.auth_tokens,
            "basic",
            hint::AUTH,
            r"(?i)(?-u:\b)basic[ \t]+([A-Za-z0-9+/]+=*)",
            1,
            Check::BasicCredentials,
        )?;
        builtin(
            config.cloud_keys,
            "aws_key",
            hint::AWS,
            r"(?-u:\b)(?:AKIA|ASIA)[A-Z0-9]{16}(?-u:\b)",
            0,
            Check::None,
        )?;
        builtin(
            config.cloud_keys,
            "gcp_key",
            hint::GCP,
            r"AIza[0-9A-Za-z_-]{35}",
            0,
            Check::Standalone,
        )?;
        builtin(
            config.cloud_keys,
            "github_token",
            hint::GITHUB,
            r"(?-u:\b)(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})(?-u:\b)",
            0,
            Check::None,
        )?;
        builtin(
            config.cloud_keys,
            "slack_token",
            hint::SLACK,
            r"(?-u:\b)xox[baprs]-[A-Za-z0-9-]{10,}",
            0,
            Check::None,
        )?;
        builtin(
            config.cards,
            "card",
            hint::CARD,
            r"(?-u:\b)[0-9]+(?:[ -][0-9]+)*(?-u:\b)",
            0,
            Check::CardNumber,
        )?;
        builtin(
            config.emails,
            "email",
            hint::EMAIL,
            r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?-u:\b)",
            0,
            Check::None,
        )?;
        let hint_mask = detectors.iter().fold(0, |mask, d| mask | d.hint);
        for pattern in &config.patterns {
            if pattern.name.is_empty() {
                return Err(Error::invalid(
                    NAME,
                    format!("pattern {:?} has an empty `name`", pattern.regex),
                ));
            }
            let regex =
                Regex::new(&pattern.regex).map_err(|e| Error::regex(NAME, &pattern.regex, e))?;
            let replacement = label(&pattern.name);
            detectors.push(Detector {
                hint: hint::ALWAYS,
                regex,
                group: 0,
                check: Check::None,
                replacement,
            });
        }
        let unfiltered = !config.patterns.is_empty();

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
        let keys = KeyPolicy::new(deny, config.allow_keys.clone());
        Ok(Self { keys, detectors, hint_mask, unfiltered, replacement: config.replacement.clone() })
    }

    /// The text with every detected secret replaced, or `None` (and no allocation) when it
    /// has none.
    pub fn redact_text(&self, text: &str) -> Option<String> {
        let hints =
            if self.hint_mask == 0 { 0 } else { hint::scan(text.as_bytes()) & self.hint_mask };
        if hints == 0 && !self.unfiltered {
            return None;
        }
        let mut redacted: Option<String> = None;
        for detector in &self.detectors {
            if detector.hint != hint::ALWAYS && hints & detector.hint == 0 {
                continue;
            }
            let current = redacted.as_deref().unwrap_or(text);
            if let Some(next) = detector.redact(current) {
                redacted = Some(next);
            }
        }
        redacted
    }

    /// Redacts one string in place; 1 when it changed.
    fn string(&self, text: &mut String) -> u64 {
        match self.redact_text(text) {
            Some(redacted) => {
                *text = redacted;
                1
            }
            None => 0,
        }
    }

    fn attributes(&self, attributes: &mut [KeyValue], depth: usize) -> u64 {
        let mut count = 0;
        for kv in attributes {
            let Some(value) = kv.value.as_mut() else { continue };
            count += match self.keys.verdict(&kv.key) {
                KeyVerdict::Allow => 0,
                KeyVerdict::Deny => self.replace_whole(value),
                KeyVerdict::Scan => self.value(value, depth),
            };
        }
        count
    }

    fn value(&self, value: &mut AnyValue, depth: usize) -> u64 {
        if depth > MAX_DEPTH {
            return self.replace_whole(value);
        }
        match &mut value.value {
            Some(Value::StringValue(s)) => self.string(s),
            Some(Value::ArrayValue(array)) => {
                array.values.iter_mut().map(|v| self.value(v, depth + 1)).sum()
            }
            Some(Value::KvlistValue(map)) => self.attributes(&mut map.values, depth + 1),
            Some(Value::BytesValue(bytes)) => {
                // Bytes are often text in disguise; scan them when they are UTF-8.
                let redacted = std::str::from_utf8(bytes).ok().and_then(|t| self.redact_text(t));
                match redacted {
                    Some(text) => {
                        *bytes = text.into_bytes();
                        1
                    }
                    None => 0,
                }
            }
            Some(
                Value::BoolValue(_)
                | Value::IntValue(_)
                | Value::DoubleValue(_)
                | Value::StringValueStrindex(_),
            )
            | None => 0,
        }
    }

    /// Replaces a value of any type with the replacement text; 0 when it already is that.
    fn replace_whole(&self, value: &mut AnyValue) -> u64 {
        match &value.value {
            None => 0,
            Some(Value::StringValue(s)) if *s == self.replacement => 0,
            Some(_) => {
                value.value = Some(Value::StringValue(self.replacement.clone()));
                1
            }
        }
    }

    fn resource(&self, resource: Option<&mut Resource>) -> u64 {
        resource.map_or(0, |r| self.attributes(&mut r.attributes, 0))
    }

    fn scope(&self, scope: Option<&mut InstrumentationScope>) -> u64 {
        scope.map_or(0, |s| self.attributes(&mut s.attributes, 0))
    }

    fn span(&self, span: &mut Span) -> u64 {
        let mut count = self.string(&mut span.name) + self.attributes(&mut span.attributes, 0);
        for event in &mut span.events {
            count += self.string(&mut event.name) + self.attributes(&mut event.attributes, 0);
        }
        for link in &mut span.links {
            count += self.attributes(&mut link.attributes, 0);
        }
        if let Some(status) = span.status.as_mut() {
            count += self.string(&mut status.message);
        }
        count
    }

    fn log(&self, log: &mut LogRecord) -> u64 {
        let body = log.body.as_mut().map_or(0, |body| self.value(body, 0));
        body + self.attributes(&mut log.attributes, 0)
    }

    fn metric(&self, metric: &mut Metric) -> u64 {
        let mut count = self.attributes(&mut metric.metadata, 0);
        if let Some(data) = metric.data.as_mut() {
            walk::for_each_point_attributes(data, |attrs| count += self.attributes(attrs, 0));
            walk::for_each_exemplar_attributes(data, |attrs| count += self.attributes(attrs, 0));
        }
        count
    }
}

impl Processor for Redact {
    fn name(&self) -> &'static str {
        NAME
    }

    fn process(&self, batch: &mut Batch) -> ProcessStats {
        let mut redacted = 0;
        match &mut batch.payload {
            Payload::Traces(req) => {
                for rs in &mut req.resource_spans {
                    redacted += self.resource(rs.resource.as_mut());
                    for ss in &mut rs.scope_spans {
                        redacted += self.scope(ss.scope.as_mut());
                        redacted += ss.spans.iter_mut().map(|span| self.span(span)).sum::<u64>();
                    }
                }
            }
            Payload::Logs(req) => {
                for rl in &mut req.resource_logs {
                    redacted += self.resource(rl.resource.as_mut());
                    for sl in &mut rl.scope_logs {
                        redacted += self.scope(sl.scope.as_mut());
                        redacted += sl.log_records.iter_mut().map(|log| self.log(log)).sum::<u64>();
                    }
                }
            }
            Payload::Metrics(req) => {
                for rm in &mut req.resource_metrics {
                    redacted += self.resource(rm.resource.as_mut());
                    for sm in &mut rm.scope_metrics {
                        redacted += self.scope(sm.scope.as_mut());
                        redacted += sm.metrics.iter_mut().map(|m| self.metric(m)).sum::<u64>();
                    }
                }
            }
        }
        ProcessStats { dropped: 0, redacted }
    }

    fn value_check(&self) -> Option<&dyn ValueCheck> {
        Some(self)
    }
}

impl ValueCheck for Redact {
    fn keeps_text(&self, text: &str) -> bool {
        self.redact_text(text).is_none()
    }

    fn attribute(&self, key: &str) -> AttributeCheck<'_> {
        match self.keys.verdict(key) {
            KeyVerdict::Allow => AttributeCheck::Untouched,
            KeyVerdict::Deny => AttributeCheck::Replaced(&self.replacement),
            KeyVerdict::Scan => AttributeCheck::Scanned,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// keys

#[derive(Debug)]
struct KeyPolicy {
    deny: Vec<String>,
    allow: Vec<String>,
    /// The last two bytes of every denied key, lowercased: most keys end otherwise and need
    /// no comparison at all. `None` when a denied key is shorter than two bytes.
    deny_tails: Option<Vec<[u8; 2]>>,
}

#[derive(Debug, PartialEq, Eq)]
enum KeyVerdict {
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
    fn new(deny: Vec<String>, allow: Vec<String>) -> Self {
        let deny_tails = deny.iter().map(|d| tail(d)).collect();
        Self { deny, allow, deny_tails }
    }

    fn verdict(&self, key: &str) -> KeyVerdict {
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

// ---------------------------------------------------------------------------------------------
// detectors

/// The prefilter: one pass over the bytes sets a bit for each detector that could match.
mod hint {
    pub const ALWAYS: u16 = 0;
    pub const CARD: u16 = 1 << 0;
    pub const JWT: u16 = 1 << 1;
    pub const AWS: u16 = 1 << 2;
    pub const GCP: u16 = 1 << 3;
    pub const GITHUB: u16 = 1 << 4;
    pub const SLACK: u16 = 1 << 5;
    pub const AUTH: u16 = 1 << 6;
    pub const URL: u16 = 1 << 7;
    pub const EMAIL: u16 = 1 << 8;

    /// Bits for the detectors that might match `text`. Never misses a match; may report one
    /// that the detector then rejects.
    pub fn scan(text: &[u8]) -> u16 {
        let mut hints = 0;
        let mut run_digits = 0u32;
        let mut at_sign = false;
        let mut scheme = false;
        for (i, &byte) in text.iter().enumerate() {
            let rest = &text[i..];
            match byte {
                b'0'..=b'9' => {
                    run_digits += 1;
                    if run_digits >= 13 {
                        hints |= CARD;
                    }
                    continue;
                }
                // Card separators continue a run of digits.
                b' ' | b'-' => continue,
                b'e' if rest.starts_with(b"eyJ") => hints |= JWT,
                b'A' if rest.starts_with(b"AKIA") || rest.starts_with(b"ASIA") => hints |= AWS,
                b'A' if rest.starts_with(b"AIza") => hints |= GCP,
                b'g' if rest.starts_with(b"github_pat_")
                    || (rest.starts_with(b"gh") && rest.get(3) == Some(&b'_')) =>
                {
                    hints |= GITHUB
                }
                b'x' if rest.starts_with(b"xox") => hints |= SLACK,
                b'b' | b'B'
                    if starts_with_ignore_case(rest, b"bearer")
                        || starts_with_ignore_case(rest, b"basic") =>
                {
                    hints |= AUTH
                }
                b':' if rest.starts_with(b"://") => scheme = true,
                b'@' => at_sign = true,
                _ => {}
            }
            run_digits = 0;
        }
        if at_sign {
            hints |= EMAIL;
            if scheme {
                hints |= URL;
            }
        }
        hints
    }

    fn starts_with_ignore_case(text: &[u8], prefix: &[u8]) -> bool {
        text.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    }
}

#[derive(Debug)]
struct Detector {
    /// Prefilter bit; `hint::ALWAYS` runs on every value.
    hint: u16,
    regex: Regex,
    /// Capture group replaced; 0 for the whole match.
    group: usize,
    check: Check,
    replacement: String,
}

/// Validation of a regex match that a regex alone cannot express.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    None,
    /// Not preceded or followed by a key character (the key alphabet includes `-`, so `\b`
    /// cannot say this).
    Standalone,
    /// Looks like a credential rather than an English word after "bearer".
    BearerToken,
    /// Decodes as base64 to `user:password`.
    BasicCredentials,
    /// The match is a run of digit groups; cards are found inside it.
    CardNumber,
}

impl Detector {
    /// The text with this detector's findings replaced, or `None` when there are none.
    fn redact(&self, text: &str) -> Option<String> {
        let mut out: Option<String> = None;
        let mut copied = 0;
        self.each_finding(text, |start, end| {
            // Findings come in order and never overlap; `get` only guards the invariant.
            if start < copied || start == end {
                return;
            }
            let (Some(before), Some(found)) = (text.get(copied..start), text.get(start..end))
            else {
                return;
            };
            if found == self.replacement {
                // Already redacted (a second pass, or a URL whose userinfo is our own label).
                return;
            }
            let out = out.get_or_insert_with(|| String::with_capacity(text.len() + 16));
            out.push_str(before);
            out.push_str(&self.replacement);
            copied = end;
        });
        let mut out = out?;
        out.push_str(text.get(copied..).unwrap_or_default());
        Some(out)
    }

    fn each_finding(&self, text: &str, mut finding: impl FnMut(usize, usize)) {
        let bytes = text.as_bytes();
        match self.check {
            Check::CardNumber => {
                for run in self.regex.find_iter(text) {
                    cards_in_run(&bytes[run.range()], run.start(), &mut finding);
                }
            }
            Check::None | Check::Standalone if self.group == 0 => {
                for m in self.regex.find_iter(text) {
                    if self.check == Check::None || standalone(bytes, m.start(), m.end()) {
                        finding(m.start(), m.end());
                    }
                }
            }
            _ => {
                for captures in self.regex.captures_iter(text) {
                    let Some(m) = captures.get(self.group) else { continue };
                    let valid = match self.check {
                        Check::BearerToken => looks_like_token(m.as_str().as_bytes()),
                        Check::BasicCredentials => is_basic_credentials(m.as_str().as_bytes()),
                        Check::Standalone => standalone(bytes, m.start(), m.end()),
                        Check::None | Check::CardNumber => true,
                    };
                    if valid {
                        finding(m.start(), m.end());
                    }
                }
            }
        }
    }
}

fn standalone(text: &[u8], start: usize, end: usize) -> bool {
    let key_char = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-';
    let before = start.checked_sub(1).and_then(|i| text.get(i));
    !before.is_some_and(key_char) && !text.get(end).is_some_and(key_char)
}

/// A bearer credential, not a word: at least 8 characters with a digit or a symbol, or a long
/// mixed-case string. ("the bearer of bad news", "Bearer Authentication" are left alone.)
fn looks_like_token(token: &[u8]) -> bool {
    if token.len() < 8 {
        return false;
    }
    let digit_or_symbol = token.iter().any(|b| !b.is_ascii_alphabetic());
    let mixed_case =
        token.iter().any(u8::is_ascii_uppercase) && token.iter().any(u8::is_ascii_lowercase);
    digit_or_symbol || (token.len() >= 20 && mixed_case)
}

/// Whether `token` is standard base64 of `user:password` (printable, with a colon).
fn is_basic_credentials(token: &[u8]) -> bool {
    if token.len() < 4 || !token.len().is_multiple_of(4) {
        return false;
    }
    let sextet = |b: u8| -> Option<u32> {
        match b {
            b'A'..=b'Z' => Some(u32::from(b - b'A')),
            b'a'..=b'z' => Some(u32::from(b - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(b - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    };
    let mut colon = false;
    for chunk in token.chunks_exact(4) {
        let padding = chunk.iter().rev().take_while(|b| **b == b'=').count();
        if padding > 2 {
            return false;
        }
        let mut bits = 0u32;
        for &b in &chunk[..4 - padding] {
            let Some(v) = sextet(b) else { return false };
            bits = bits << 6 | v;
        }
        bits <<= 6 * padding as u32;
        let decoded = bits.to_be_bytes();
        for &byte in &decoded[1..4 - padding] {
            if byte < 0x20 || byte == 0x7f {
                return false;
            }
            colon |= byte == b':';
        }
    }
    colon
}

/// Reports the card numbers inside a run of digit groups (`4111 1111 1111 1111`, possibly
/// preceded or followed by other numbers). A card starts at a group, has 13–19 digits, a
/// first digit from 2 to 6 (leaving timestamps and most ids alone), a valid Luhn checksum,
/// and, when separated, one kind of separator, a first group of four digits and others of
/// three to six.
fn cards_in_run(run: &[u8], offset: usize, finding: &mut impl FnMut(usize, usize)) {
    let mut start = 0;
    while start < run.len() {
        match card_at(run, start) {
            Some(end) => {
                finding(offset + start, offset + end);
                start = end + 1;
            }
            None => {
                // On to the next group.
                let group_end = run[start..].iter().position(|b| !b.is_ascii_digit());
                start = group_end.map_or(run.len(), |len| start + len + 1);
            }
        }
    }
}

/// The end of a card number starting at `start` (the first digit of a group), if any.
fn card_at(run: &[u8], start: usize) -> Option<usize> {
    let mut digits = 0;
    let mut i = start;
    while i < run.len() && digits <= 19 {
        if run[i].is_ascii_digit() {
            digits += 1;
            i += 1;
            let group_end = i == run.len() || !run[i].is_ascii_digit();
            if group_end && (13..=19).contains(&digits) && is_card(&run[start..i]) {
                return Some(i);
            }
        } else {
            i += 1;
        }
    }
    None
}

fn is_card(candidate: &[u8]) -> bool {
    if !matches!(candidate.first(), Some(b'2'..=b'6')) {
        return false;
    }
    let mut groups = candidate.split(|b| !b.is_ascii_digit());
    let separator = candidate.iter().find(|b| !b.is_ascii_digit());
    if let Some(&separator) = separator {
        if candidate.iter().any(|b| !b.is_ascii_digit() && *b != separator) {
            return false;
        }
        if groups.next().map(<[u8]>::len) != Some(4) || !groups.all(|g| (3..=6).contains(&g.len()))
        {
            return false;
        }
    }
    luhn_valid(candidate)
}

/// The Luhn checksum over the digits of `candidate`, ignoring separators.
fn luhn_valid(candidate: &[u8]) -> bool {
    let mut sum = 0u32;
    let mut double = false;
    for &b in candidate.iter().rev().filter(|b| b.is_ascii_digit()) {
        let mut digit = u32::from(b - b'0');
        if double {
            digit *= 2;
            if digit > 9 {
                digit -= 9;
            }
        }
        sum += digit;
        double = !double;
    }
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use ophion_core::TenantId;
    use ophion_core::otlp::collector::logs::v1::ExportLogsServiceRequest;
    use ophion_core::otlp::collector::metrics::v1::ExportMetricsServiceRequest;
    use ophion_core::otlp::collector::trace::v1::ExportTraceServiceRequest;
    use ophion_core::otlp::common::v1::{ArrayValue, KeyValueList};
    use ophion_core::otlp::logs::v1::{ResourceLogs, ScopeLogs};
    use ophion_core::otlp::metrics::v1::metric::Data;
    use ophion_core::otlp::metrics::v1::{
        Exemplar, Gauge, NumberDataPoint, ResourceMetrics, ScopeMetrics,
    };
    use ophion_core::otlp::trace::v1::span::{Event, Link};
    use ophion_core::otlp::trace::v1::{ResourceSpans, ScopeSpans, Status};

    use super::*;
    use crate::processors::config::CustomPattern;

    const JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

    fn redact() -> Redact {
        Redact::new(&RedactConfig::default()).unwrap()
    }

    fn with(config: RedactConfig) -> Redact {
        Redact::new(&config).unwrap()
    }

    /// The text after redaction with default settings (unchanged when nothing was found).
    fn scrub(text: &str) -> String {
        redact().redact_text(text).unwrap_or_else(|| text.to_owned())
    }

    fn s(v: &str) -> AnyValue {
        AnyValue { value: Some(Value::StringValue(v.into())) }
    }

    fn kv(key: &str, value: AnyValue) -> KeyValue {
        KeyValue { key: key.into(), value: Some(value), ..Default::default() }
    }

    fn string_of(value: &Option<AnyValue>) -> &str {
        match value.as_ref().and_then(|v| v.value.as_ref()) {
            Some(Value::StringValue(s)) => s,
            other => panic!("not a string: {other:?}"),
        }
    }

    fn batch(payload: Payload) -> Batch {
        Batch::new(TenantId::new("t").unwrap(), payload)
    }

    fn span_batch(span: Span) -> Batch {
        batch(Payload::Traces(ExportTraceServiceRequest {
            resource_spans: vec![ResourceSpans {
                scope_spans: vec![ScopeSpans { spans: vec![span], ..Default::default() }],
                ..Default::default()
            }],
        }))
    }

    fn first_span(batch: &Batch) -> &Span {
        let Payload::Traces(req) = &batch.payload else { panic!() };
        &req.resource_spans[0].scope_spans[0].spans[0]
    }

    /// Redacts one attribute on a span and returns the stats and the resulting value.
    fn redact_attribute(p: &Redact, key: &str, value: AnyValue) -> (u64, Option<AnyValue>) {
        let mut batch = span_batch(Span { attributes: vec![kv(key, value)], ..Default::default() });
        let stats = p.process(&mut batch);
        (stats.redacted, first_span(&batch).attributes[0].value.clone())
    }

    /// A Luhn-valid number: `body` followed by its check digit.
    fn with_check_digit(body: &str) -> String {
        (0..10).map(|d| format!("{body}{d}")).find(|n| luhn_valid(n.as_bytes())).unwrap()
    }

    // --- cards ---

    #[test]
    fn card_numbers_plain_spaced_or_dashed_are_redacted() {
        assert_eq!(scrub("card 4111111111111111 ok"), "card [REDACTED:card] ok");
        assert_eq!(scrub("4111 1111 1111 1111"), "[REDACTED:card]");
        assert_eq!(scrub("mc=5555-5555-5555-4444;"), "mc=[REDACTED:card];");
        assert_eq!(scrub("amex 3782 822463 10005."), "amex [REDACTED:card].");
        assert_eq!(scrub("visa13 4222222222222"), "visa13 [REDACTED:card]");
        let nineteen = with_check_digit("601100099013942400");
        assert_eq!(scrub(&format!("pan {nineteen}")), "pan [REDACTED:card]");
    }

    #[test]
    fn luhn_invalid_digits_are_left_alone() {
        assert_eq!(scrub("order 4111111111111112 shipped"), "order 4111111111111112 shipped");
        assert_eq!(scrub("4111 1111 1111 1112"), "4111 1111 1111 1112");
        assert_eq!(redact().redact_text("order id 5105105105105101"), None);
    }

    #[test]
    fn luhn_valid_timestamps_and_ids_starting_with_1_7_8_9_or_0_are_not_cards() {
        for body in ["171800000000", "171800000000000000", "700000000000000", "900000000000000"] {
            let number = with_check_digit(body);
            assert!(luhn_valid(number.as_bytes()));
            assert_eq!(redact().redact_text(&format!("ts={number}")), None, "{number}");
        }
    }

    #[test]
    fn too_short_too_long_or_glued_digit_runs_are_not_cards() {
        assert_eq!(redact().redact_text("411111111111"), None, "12 digits");
        let twenty = with_check_digit("4111111111111111111");
        assert_eq!(redact().redact_text(&twenty), None, "20 digits");
        assert_eq!(redact().redact_text("txn4111111111111111"), None, "inside a word");
        assert_eq!(redact().redact_text("4111111111111111abc"), None, "inside a word");
    }

    #[test]
    fn space_separated_number_lists_are_not_cards() {
        let list = "values 3 14 15 92 65 35 89 79 32 38 46 26 43 38 32 79 50 28";
        assert_eq!(redact().redact_text(list), None);
        assert_eq!(redact().redact_text("4111 1111-1111 1111"), None, "mixed separators");
    }

    #[test]
    fn a_card_after_another_number_is_still_found() {
        assert_eq!(
            scrub("ref 1234 4111 1111 1111 1111 exp 12 27"),
            "ref 1234 [REDACTED:card] exp 12 27"
        );
        assert_eq!(scrub("4111111111111111 5555555555554444"), "[REDACTED:card] [REDACTED:card]");
    }

    // --- JWTs ---

    #[test]
    fn jwts_are_redacted() {
        assert_eq!(scrub(&format!("token={JWT}&x=1")), "token=[REDACTED:jwt]&x=1");
        let unsigned = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.";
        assert_eq!(scrub(unsigned), "[REDACTED:jwt]");
    }

    #[test]
    fn jwt_look_alikes_are_left_alone() {
        let p = redact();
        assert_eq!(p.redact_text("header eyJhbGciOiJIUzI1NiJ9 only"), None);
        assert_eq!(p.redact_text("eyJ.a.b"), None);
        assert_eq!(p.redact_text("load surveyJS.core.min.js"), None);
    }

    // --- cloud keys and tokens ---

    #[test]
    fn aws_access_key_ids_are_redacted_and_near_misses_are_not() {
        assert_eq!(scrub("key AKIAIOSFODNN7EXAMPLE used"), "key [REDACTED:aws_key] used");
        assert_eq!(scrub("ASIAY34FZKBOKMUTVV7A"), "[REDACTED:aws_key]");
        let p = redact();
        assert_eq!(p.redact_text("AKIAIOSFODNN7EXAMPL"), None, "15 after prefix");
        assert_eq!(p.redact_text("AKIAIOSFODNN7EXAMPLE1"), None, "17 after prefix");
        assert_eq!(p.redact_text("akiaiosfodnn7example"), None, "lowercase");
        assert_eq!(p.redact_text("AKIAiosfodnn7example"), None, "lowercase tail");
    }

    #[test]
    fn gcp_api_keys_are_redacted_and_near_misses_are_not() {
        let key = format!("AIza{}", "SyA1b2C3d4E5f6G7h8I9j0K_l-M3n4O5p6Q");
        assert_eq!(key.len(), 39);
        assert_eq!(scrub(&format!("?key={key}&q=1")), "?key=[REDACTED:gcp_key]&q=1");
        let p = redact();
        assert_eq!(p.redact_text(&key[..38]), None, "34 after prefix");
        assert_eq!(p.redact_text(&format!("{key}x")), None, "36 after prefix");
    }

    #[test]
    fn github_and_slack_tokens_are_redacted_and_near_misses_are_not() {
        let classic = format!("ghp_{}", "a".repeat(18) + &"B1".repeat(9));
        assert_eq!(scrub(&format!("token {classic}")), "token [REDACTED:github_token]");
        let oauth = format!("gho_{}", "x9".repeat(18));
        assert_eq!(scrub(&oauth), "[REDACTED:github_token]");
        let fine_grained = format!("github_pat_11ABCDEFG0{}", "abc_DEF123".repeat(6));
        assert_eq!(scrub(&fine_grained), "[REDACTED:github_token]");
        assert_eq!(scrub("slack xoxb-1234567890-abcdefghijKL"), "slack [REDACTED:slack_token]");
        assert_eq!(scrub("xoxp-1234567890123"), "[REDACTED:slack_token]");
        let p = redact();
        assert_eq!(p.redact_text("branch ghp_short"), None);
        assert_eq!(p.redact_text("ghx_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), None);
        assert_eq!(p.redact_text("xoxz-1234567890abc"), None);
        assert_eq!(p.redact_text("xoxb-123"), None);
    }

    // --- bearer / basic ---

    #[test]
    fn bearer_and_basic_credentials_are_redacted_keeping_the_scheme() {
        assert_eq!(
            scrub("Authorization: Bearer abc123def456ghi"),
            "Authorization: Bearer [REDACTED:bearer]"
        );
        assert_eq!(scrub("bearer Zm9vYmFyYmF6cXV4"), "bearer [REDACTED:bearer]");
        assert_eq!(
            scrub("-H 'Authorization: Basic dXNlcjpwYXNzd29yZA=='"),
            "-H 'Authorization: Basic [REDACTED:basic]'"
        );
        assert_eq!(scrub(&format!("Bearer {JWT}")), "Bearer [REDACTED:jwt]");
    }

    #[test]
    fn bearer_and_basic_in_prose_are_left_alone() {
        let p = redact();
        assert_eq!(p.redact_text("the bearer of this message"), None);
        assert_eq!(p.redact_text("uses Bearer Authentication"), None);
        assert_eq!(p.redact_text("basic authentication is disabled"), None);
        assert_eq!(p.redact_text("Basic auth"), None);
        assert_eq!(p.redact_text("Basic aGVsbG8="), None, "base64 of `hello`, no colon");
    }

    // --- URLs ---

    #[test]
    fn url_credentials_are_replaced_keeping_scheme_and_host() {
        assert_eq!(
            scrub("dsn=postgres://admin:s3cret@db.internal:5432/app?sslmode=require"),
            "dsn=postgres://[REDACTED:url_credentials]@db.internal:5432/app?sslmode=require"
        );
        assert_eq!(
            scrub("redis://:p@ss@cache:6379/0"),
            "redis://[REDACTED:url_credentials]@cache:6379/0"
        );
        assert_eq!(
            scrub("mongodb+srv://u:pw@cluster0.example.net"),
            "mongodb+srv://[REDACTED:url_credentials]@cluster0.example.net"
        );
    }

    #[test]
    fn urls_without_a_password_are_left_alone() {
        let p = redact();
        assert_eq!(p.redact_text("https://example.com/users/a@b"), None);
        assert_eq!(p.redact_text("ssh://git@github.com/org/repo"), None);
        assert_eq!(p.redact_text("https://host:8080/path?mail=a@b.c"), None);
    }

    // --- emails ---

    #[test]
    fn emails_are_left_alone_by_default_and_redacted_when_enabled() {
        assert_eq!(redact().redact_text("mail alice@example.com"), None);
        let p = with(RedactConfig { emails: true, ..Default::default() });
        assert_eq!(
            p.redact_text("mail alice.b+x@mail.example.co.uk."),
            Some("mail [REDACTED:email].".into())
        );
        assert_eq!(p.redact_text("user@localhost"), None);
        assert_eq!(p.redact_text("@handle"), None);
    }

    // --- keys ---

    #[test]
    fn deny_listed_keys_lose_their_whole_value_whatever_its_type() {
        let p = redact();
        let (n, value) = redact_attribute(&p, "authorization", s("anything at all"));
        assert_eq!((n, string_of(&value)), (1, "[REDACTED]"));
        let (n, value) =
            redact_attribute(&p, "Cookie", AnyValue { value: Some(Value::IntValue(42)) });
        assert_eq!((n, string_of(&value)), (1, "[REDACTED]"));
        let array = AnyValue {
            value: Some(Value::ArrayValue(ArrayValue { values: vec![s("a"), s("b")] })),
        };
        let (n, value) = redact_attribute(&p, "set-cookie", array);
        assert_eq!((n, string_of(&value)), (1, "[REDACTED]"));
    }

    #[test]
    fn one_letter_deny_keys_and_keys_are_matched_too() {
        let p = with(serde_json::from_str(r#"{"deny_keys": ["k"]}"#).unwrap());
        for (key, verdict) in
            [("k", KeyVerdict::Deny), ("a.K", KeyVerdict::Deny), ("x", KeyVerdict::Scan)]
        {
            assert_eq!(p.keys.verdict(key), verdict, "{key}");
        }
        assert_eq!(redact().keys.verdict("k"), KeyVerdict::Scan);
        assert_eq!(redact().keys.verdict(""), KeyVerdict::Scan);
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
            assert_eq!(redact().keys.verdict(key), KeyVerdict::Deny, "{key}");
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
            assert_eq!(redact().keys.verdict(key), KeyVerdict::Scan, "{key}");
        }
    }

    #[test]
    fn configured_deny_keys_add_to_the_builtin_ones_unless_disabled() {
        let p = with(RedactConfig { deny_keys: vec!["ssn".into()], ..Default::default() });
        assert_eq!(p.keys.verdict("user.ssn"), KeyVerdict::Deny);
        assert_eq!(p.keys.verdict("password"), KeyVerdict::Deny);
        let p = with(RedactConfig {
            deny_keys: vec!["ssn".into()],
            builtin_deny_keys: false,
            ..Default::default()
        });
        assert_eq!(p.keys.verdict("password"), KeyVerdict::Scan);
        assert_eq!(p.keys.verdict("SSN"), KeyVerdict::Deny);
    }

    #[test]
    fn allow_listed_keys_win_over_deny_list_and_detectors() {
        let p = with(RedactConfig {
            allow_keys: vec![
                "http.request.header.authorization".into(),
                "payment.test_card".into(),
            ],
            ..Default::default()
        });
        let (n, value) =
            redact_attribute(&p, "HTTP.request.header.Authorization", s("Bearer abc123def456"));
        assert_eq!((n, string_of(&value)), (0, "Bearer abc123def456"));
        let (n, value) = redact_attribute(&p, "payment.test_card", s("4111111111111111"));
        assert_eq!((n, string_of(&value)), (0, "4111111111111111"));
        let (n, _) = redact_attribute(&p, "payment.card", s("4111111111111111"));
        assert_eq!(n, 1);
    }

    #[test]
    fn replacement_texts_are_configurable() {
        let p = with(RedactConfig {
            replacement: "***".into(),
            detector_replacement: "<{kind} removed>".into(),
            ..Default::default()
        });
        let (_, value) = redact_attribute(&p, "password", s("hunter2"));
        assert_eq!(string_of(&value), "***");
        assert_eq!(p.redact_text("4111111111111111"), Some("<card removed>".into()));
    }

    #[test]
    fn disabled_detectors_do_not_run() {
        let p = with(RedactConfig {
            cards: false,
            jwts: false,
            cloud_keys: false,
            auth_tokens: false,
            url_credentials: false,
            ..Default::default()
        });
        for text in [
            "4111111111111111",
            JWT,
            "AKIAIOSFODNN7EXAMPLE",
            "Bearer abc123def456",
            "https://u:p@h",
        ] {
            assert_eq!(p.redact_text(text), None, "{text}");
        }
        let (n, _) = redact_attribute(&p, "password", s("x"));
        assert_eq!(n, 1, "deny list still applies");
    }

    #[test]
    fn custom_patterns_are_redacted_with_their_name() {
        let p = with(RedactConfig {
            patterns: vec![CustomPattern {
                name: "employee_id".into(),
                regex: r"EMP-[0-9]{6}".into(),
            }],
            ..Default::default()
        });
        assert_eq!(
            p.redact_text("by EMP-004211 and EMP-1"),
            Some("by [REDACTED:employee_id] and EMP-1".into())
        );
    }

    #[test]
    fn custom_patterns_matching_empty_text_insert_nothing() {
        let p = with(RedactConfig {
            patterns: vec![CustomPattern { name: "x".into(), regex: r"x*".into() }],
            ..Default::default()
        });
        assert_eq!(p.redact_text("abc"), None);
        assert_eq!(p.redact_text("axxb"), Some("a[REDACTED:x]b".into()));
    }

    #[test]
    fn invalid_custom_regex_is_an_error_naming_processor_and_pattern() {
        let err = Redact::new(&RedactConfig {
            patterns: vec![CustomPattern { name: "bad".into(), regex: "([a-z]".into() }],
            ..Default::default()
        })
        .unwrap_err();
        let message = err.to_string();
        assert!(message.contains("processor `redact`"), "{message}");
        assert!(message.contains("\"([a-z]\""), "{message}");
    }

    #[test]
    fn empty_deny_key_or_pattern_name_is_an_error() {
        assert!(
            Redact::new(&RedactConfig { deny_keys: vec![String::new()], ..Default::default() })
                .is_err()
        );
        let pattern = CustomPattern { name: String::new(), regex: "x".into() };
        assert!(
            Redact::new(&RedactConfig { patterns: vec![pattern], ..Default::default() }).is_err()
        );
    }

    // --- walking the payload ---

    #[test]
    fn clean_values_are_not_copied_or_counted() {
        let p = redact();
        for text in [
            "",
            "GET /api/v1/orders/12345",
            "SELECT * FROM users WHERE id = $1",
            "user alice@example.com logged in",
            "https://example.com/a?b=c",
            "ts=1718000000000 took 12 ms",
            "ünïcödé ✓ text 4111",
        ] {
            assert_eq!(p.redact_text(text), None, "{text}");
        }
        let mut batch = span_batch(Span {
            name: "GET /".into(),
            attributes: vec![
                kv("http.method", s("GET")),
                kv("http.status_code", AnyValue { value: Some(Value::IntValue(200)) }),
            ],
            ..Default::default()
        });
        let before = batch.clone();
        assert_eq!(p.process(&mut batch), ProcessStats::default());
        assert_eq!(batch, before);
    }

    #[test]
    fn nested_maps_and_arrays_are_walked_with_deny_keys_inside() {
        let nested = AnyValue {
            value: Some(Value::KvlistValue(KeyValueList {
                values: vec![
                    kv(
                        "headers",
                        AnyValue {
                            value: Some(Value::KvlistValue(KeyValueList {
                                values: vec![
                                    kv("Authorization", s("Basic dXNlcjpwYXNz")),
                                    kv("accept", s("json")),
                                ],
                            })),
                        },
                    ),
                    kv(
                        "cards",
                        AnyValue {
                            value: Some(Value::ArrayValue(ArrayValue {
                                values: vec![
                                    s("4111111111111111"),
                                    s("none"),
                                    s("5555555555554444"),
                                ],
                            })),
                        },
                    ),
                ],
            })),
        };
        let (n, value) = redact_attribute(&redact(), "request", nested);
        assert_eq!(n, 3);
        let Some(Value::KvlistValue(map)) = value.and_then(|v| v.value) else { panic!() };
        let Some(Value::KvlistValue(headers)) = map.values[0].value.clone().and_then(|v| v.value)
        else {
            panic!()
        };
        assert_eq!(string_of(&headers.values[0].value), "[REDACTED]");
        assert_eq!(string_of(&headers.values[1].value), "json");
        let Some(Value::ArrayValue(cards)) = map.values[1].value.clone().and_then(|v| v.value)
        else {
            panic!()
        };
        let texts: Vec<_> =
            cards.values.into_iter().map(|v| string_of(&Some(v)).to_owned()).collect();
        assert_eq!(texts, ["[REDACTED:card]", "none", "[REDACTED:card]"]);
    }

    #[test]
    fn spans_events_links_status_resource_and_scope_are_all_scanned_with_exact_counts() {
        let span = Span {
            name: format!("GET /login?token={JWT}"),
            attributes: vec![
                kv("http.request.header.authorization", s("Bearer abc123def456")),
                kv("db.statement", s("card 4111111111111111 and 5555555555554444")),
                kv("http.method", s("GET")),
            ],
            events: vec![Event {
                name: "exception".into(),
                attributes: vec![kv("exception.message", s("connect postgres://u:pw@db failed"))],
                ..Default::default()
            }],
            links: vec![Link { attributes: vec![kv("api_key", s("k"))], ..Default::default() }],
            status: Some(Status { message: "AKIAIOSFODNN7EXAMPLE denied".into(), code: 2 }),
            ..Default::default()
        };
        let mut batch = batch(Payload::Traces(ExportTraceServiceRequest {
            resource_spans: vec![ResourceSpans {
                resource: Some(Resource {
                    attributes: vec![kv("service.name", s("api")), kv("db.password", s("x"))],
                    ..Default::default()
                }),
                scope_spans: vec![ScopeSpans {
                    scope: Some(InstrumentationScope {
                        attributes: vec![kv("secret", s("y"))],
                        ..Default::default()
                    }),
                    spans: vec![span],
                    ..Default::default()
                }],
                ..Default::default()
            }],
        }));
        let stats = redact().process(&mut batch);
        // name, authorization, db.statement (two cards: one value), event attribute, link,
        // status message, resource password, scope secret.
        assert_eq!(stats, ProcessStats { dropped: 0, redacted: 8 });
        let span = first_span(&batch);
        assert_eq!(span.name, "GET /login?token=[REDACTED:jwt]");
        assert_eq!(
            string_of(&span.attributes[1].value),
            "card [REDACTED:card] and [REDACTED:card]"
        );
        assert_eq!(string_of(&span.attributes[2].value), "GET");
        assert_eq!(
            string_of(&span.events[0].attributes[0].value),
            "connect postgres://[REDACTED:url_credentials]@db failed"
        );
        assert_eq!(span.status.as_ref().unwrap().message, "[REDACTED:aws_key] denied");
        // Redaction is idempotent: a second pass finds nothing.
        assert_eq!(redact().process(&mut batch), ProcessStats::default());
    }

    #[test]
    fn log_bodies_string_and_map_and_attributes_are_redacted() {
        let map_body = AnyValue {
            value: Some(Value::KvlistValue(KeyValueList {
                values: vec![
                    kv("password", s("hunter2")),
                    kv("msg", s("paid with 4111 1111 1111 1111")),
                ],
            })),
        };
        let records = vec![
            LogRecord { body: Some(s(&format!("login with {JWT}"))), ..Default::default() },
            LogRecord {
                body: Some(map_body),
                attributes: vec![kv("cookie", s("sid=1"))],
                ..Default::default()
            },
            LogRecord { body: Some(s("all good")), ..Default::default() },
        ];
        let mut batch = batch(Payload::Logs(ExportLogsServiceRequest {
            resource_logs: vec![ResourceLogs {
                scope_logs: vec![ScopeLogs { log_records: records, ..Default::default() }],
                ..Default::default()
            }],
        }));
        assert_eq!(redact().process(&mut batch).redacted, 4);
        let Payload::Logs(req) = &batch.payload else { panic!() };
        let logs = &req.resource_logs[0].scope_logs[0].log_records;
        assert_eq!(string_of(&logs[0].body), "login with [REDACTED:jwt]");
        assert_eq!(string_of(&logs[2].body), "all good");
    }

    #[test]
    fn data_point_exemplar_and_metadata_attributes_are_redacted() {
        let point = NumberDataPoint {
            attributes: vec![
                kv("url.full", s("https://bob:pw@api.example.com/x")),
                kv("route", s("/x")),
            ],
            exemplars: vec![Exemplar {
                filtered_attributes: vec![kv("token", s("t"))],
                ..Default::default()
            }],
            ..Default::default()
        };
        let metric = Metric {
            name: "requests".into(),
            metadata: vec![kv("client_secret", s("c"))],
            data: Some(Data::Gauge(Gauge { data_points: vec![point] })),
            ..Default::default()
        };
        let mut batch = batch(Payload::Metrics(ExportMetricsServiceRequest {
            resource_metrics: vec![ResourceMetrics {
                scope_metrics: vec![ScopeMetrics { metrics: vec![metric], ..Default::default() }],
                ..Default::default()
            }],
        }));
        assert_eq!(redact().process(&mut batch).redacted, 3);
    }

    #[test]
    fn utf8_bytes_values_are_scanned() {
        let bytes =
            AnyValue { value: Some(Value::BytesValue(b"auth Bearer abc123def456".to_vec())) };
        let (n, value) = redact_attribute(&redact(), "raw", bytes);
        assert_eq!(n, 1);
        assert_eq!(
            value.unwrap().value,
            Some(Value::BytesValue(b"auth Bearer [REDACTED:bearer]".to_vec()))
        );
        let binary = AnyValue { value: Some(Value::BytesValue(vec![0xff, 0xfe, b'4'])) };
        assert_eq!(redact_attribute(&redact(), "raw", binary).0, 0);
    }

    #[test]
    fn absurdly_deep_nesting_is_replaced_without_overflowing_the_stack() {
        let mut value = s("clean");
        for _ in 0..200 {
            value = AnyValue { value: Some(Value::ArrayValue(ArrayValue { values: vec![value] })) };
        }
        let (n, _) = redact_attribute(&redact(), "deep", value);
        assert_eq!(n, 1);
    }

    #[test]
    fn empty_batches_do_not_panic() {
        let p = with(RedactConfig { emails: true, ..Default::default() });
        for payload in [
            Payload::Traces(Default::default()),
            Payload::Metrics(Default::default()),
            Payload::Logs(Default::default()),
        ] {
            let mut batch = batch(payload);
            assert_eq!(p.process(&mut batch), ProcessStats::default());
        }
        let mut batch = span_batch(Span::default());
        assert_eq!(p.process(&mut batch), ProcessStats::default());
    }

    #[test]
    fn prefilter_flags_every_positive_example() {
        for (text, bit) in [
            ("4111 1111 1111 1111", hint::CARD),
            (JWT, hint::JWT),
            ("AKIAIOSFODNN7EXAMPLE", hint::AWS),
            ("AIzaSy", hint::GCP),
            ("ghp_x", hint::GITHUB),
            ("xoxb-1", hint::SLACK),
            ("BEARER x", hint::AUTH),
            ("Basic x", hint::AUTH),
            ("a://b:c@d", hint::URL),
            ("a@b.c", hint::EMAIL),
        ] {
            assert_ne!(hint::scan(text.as_bytes()) & bit, 0, "{text}");
        }
        assert_eq!(hint::scan(b"GET /api/v1/orders/12345 200 OK"), 0);
    }
}
