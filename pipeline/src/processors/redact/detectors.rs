//! The detectors: what a secret inside a string looks like (card numbers, JWTs, cloud keys,
//! bearer and basic credentials, `user:password@` in URLs, optionally emails, and custom
//! patterns), each behind a one-pass prefilter so that clean values cost one scan.

use regex::Regex;

use super::NAME;
use super::config::RedactConfig;
use crate::processors::error::{Error, Result};

/// The enabled detectors, in the order they run.
#[derive(Debug)]
pub(super) struct Detectors {
    list: Vec<Detector>,
    /// Union of the prefilter bits of the built-in detectors in use.
    hint_mask: u16,
    /// Whether some detector (a custom pattern) runs without a prefilter.
    unfiltered: bool,
}

impl Detectors {
    pub(super) fn new(config: &RedactConfig) -> Result<Self> {
        let label = |kind: &str| config.detector_replacement.replace("{kind}", kind);
        let mut list = Vec::new();
        let mut builtin = |enabled: bool, kind: &str, hint: u16, pattern: &str, group, check| {
            if enabled {
                let regex = Regex::new(pattern).map_err(|e| Error::regex(NAME, pattern, e))?;
                list.push(Detector { hint, regex, group, check, replacement: label(kind) });
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
        let hint_mask = list.iter().fold(0, |mask, d| mask | d.hint);
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
            list.push(Detector {
                hint: hint::ALWAYS,
                regex,
                group: 0,
                check: Check::None,
                replacement,
            });
        }
        let unfiltered = !config.patterns.is_empty();
        Ok(Self { list, hint_mask, unfiltered })
    }

    /// The text with every detected secret replaced, or `None` (and no allocation) when it
    /// has none.
    pub(super) fn redact_text(&self, text: &str) -> Option<String> {
        let hints =
            if self.hint_mask == 0 { 0 } else { hint::scan(text.as_bytes()) & self.hint_mask };
        if hints == 0 && !self.unfiltered {
            return None;
        }
        let mut redacted: Option<String> = None;
        for detector in &self.list {
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
}

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
    use super::*;
    use crate::processors::redact::config::CustomPattern;
    use crate::processors::redact::tests::JWT;

    fn detectors() -> Detectors {
        Detectors::new(&RedactConfig::default()).unwrap()
    }

    fn with(config: RedactConfig) -> Detectors {
        Detectors::new(&config).unwrap()
    }

    /// The text after redaction with default settings (unchanged when nothing was found).
    fn scrub(text: &str) -> String {
        detectors().redact_text(text).unwrap_or_else(|| text.to_owned())
    }

    /// A Luhn-valid number: `body` followed by its check digit.
    fn with_check_digit(body: &str) -> String {
        (0..10).map(|d| format!("{body}{d}")).find(|n| luhn_valid(n.as_bytes())).unwrap()
    }

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
        assert_eq!(detectors().redact_text("order id 5105105105105101"), None);
    }

    #[test]
    fn luhn_valid_timestamps_and_ids_starting_with_1_7_8_9_or_0_are_not_cards() {
        for body in ["171800000000", "171800000000000000", "700000000000000", "900000000000000"] {
            let number = with_check_digit(body);
            assert!(luhn_valid(number.as_bytes()));
            assert_eq!(detectors().redact_text(&format!("ts={number}")), None, "{number}");
        }
    }

    #[test]
    fn too_short_too_long_or_glued_digit_runs_are_not_cards() {
        assert_eq!(detectors().redact_text("411111111111"), None, "12 digits");
        let twenty = with_check_digit("4111111111111111111");
        assert_eq!(detectors().redact_text(&twenty), None, "20 digits");
        assert_eq!(detectors().redact_text("txn4111111111111111"), None, "inside a word");
        assert_eq!(detectors().redact_text("4111111111111111abc"), None, "inside a word");
    }

    #[test]
    fn space_separated_number_lists_are_not_cards() {
        let list = "values 3 14 15 92 65 35 89 79 32 38 46 26 43 38 32 79 50 28";
        assert_eq!(detectors().redact_text(list), None);
        assert_eq!(detectors().redact_text("4111 1111-1111 1111"), None, "mixed separators");
    }

    #[test]
    fn a_card_after_another_number_is_still_found() {
        assert_eq!(
            scrub("ref 1234 4111 1111 1111 1111 exp 12 27"),
            "ref 1234 [REDACTED:card] exp 12 27"
        );
        assert_eq!(scrub("4111111111111111 5555555555554444"), "[REDACTED:card] [REDACTED:card]");
    }

    #[test]
    fn jwts_are_redacted() {
        assert_eq!(scrub(&format!("token={JWT}&x=1")), "token=[REDACTED:jwt]&x=1");
        let unsigned = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.";
        assert_eq!(scrub(unsigned), "[REDACTED:jwt]");
    }

    #[test]
    fn jwt_look_alikes_are_left_alone() {
        let p = detectors();
        assert_eq!(p.redact_text("header eyJhbGciOiJIUzI1NiJ9 only"), None);
        assert_eq!(p.redact_text("eyJ.a.b"), None);
        assert_eq!(p.redact_text("load surveyJS.core.min.js"), None);
    }

    #[test]
    fn aws_access_key_ids_are_redacted_and_near_misses_are_not() {
        assert_eq!(scrub("key AKIAIOSFODNN7EXAMPLE used"), "key [REDACTED:aws_key] used");
        assert_eq!(scrub("ASIAY34FZKBOKMUTVV7A"), "[REDACTED:aws_key]");
        let p = detectors();
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
        let p = detectors();
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
        let p = detectors();
        assert_eq!(p.redact_text("branch ghp_short"), None);
        assert_eq!(p.redact_text("ghx_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), None);
        assert_eq!(p.redact_text("xoxz-1234567890abc"), None);
        assert_eq!(p.redact_text("xoxb-123"), None);
    }

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
        let p = detectors();
        assert_eq!(p.redact_text("the bearer of this message"), None);
        assert_eq!(p.redact_text("uses Bearer Authentication"), None);
        assert_eq!(p.redact_text("basic authentication is disabled"), None);
        assert_eq!(p.redact_text("Basic auth"), None);
        assert_eq!(p.redact_text("Basic aGVsbG8="), None, "base64 of `hello`, no colon");
    }

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
        let p = detectors();
        assert_eq!(p.redact_text("https://example.com/users/a@b"), None);
        assert_eq!(p.redact_text("ssh://git@github.com/org/repo"), None);
        assert_eq!(p.redact_text("https://host:8080/path?mail=a@b.c"), None);
    }

    #[test]
    fn emails_are_left_alone_by_default_and_redacted_when_enabled() {
        assert_eq!(detectors().redact_text("mail alice@example.com"), None);
        let p = with(RedactConfig { emails: true, ..Default::default() });
        assert_eq!(
            p.redact_text("mail alice.b+x@mail.example.co.uk."),
            Some("mail [REDACTED:email].".into())
        );
        assert_eq!(p.redact_text("user@localhost"), None);
        assert_eq!(p.redact_text("@handle"), None);
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
