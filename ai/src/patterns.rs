//! Log template mining, Drain-style (He et al., ICWS 2017), streaming.
//!
//! A message is masked (tokens with digits, hex, IPs become `<*>`), split on whitespace and
//! routed through a fixed-depth tree: first by token count, then by its first tokens. In the
//! leaf, it joins the most similar template (share of equal tokens ≥ `similarity`), whose
//! differing positions become `<*>`; otherwise it starts a new template.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

/// The miner's parameters. Drain's published depth; a stricter similarity than its 0.5,
/// since values matching values count as equal here (docs/ai.md has the sweep).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MinerConfig {
    /// Share of equal tokens for a message to join a template.
    pub similarity: f64,
    /// Leading tokens used to route a message (Drain's depth − 2).
    pub prefix_tokens: usize,
    /// Children per tree node before further tokens share a `<*>` branch.
    pub max_children: usize,
    /// Example messages kept per template.
    pub examples: usize,
}

impl Default for MinerConfig {
    fn default() -> Self {
        Self { similarity: 0.7, prefix_tokens: 2, max_children: 100, examples: 3 }
    }
}

pub const WILDCARD: &str = "<*>";

/// One mined template and what was seen of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    pub id: u64,
    pub tokens: Vec<String>,
    pub count: u64,
    pub first_seen: u64,
    pub last_seen: u64,
    pub examples: Vec<String>,
}

impl Template {
    pub fn text(&self) -> String {
        self.tokens.join(" ")
    }
}

#[derive(Debug, Default)]
struct Node {
    children: HashMap<String, Node>,
    templates: Vec<usize>,
}

/// A streaming template miner.
#[derive(Debug, Default)]
pub struct Miner {
    config: MinerConfig,
    root: HashMap<usize, Node>,
    templates: Vec<Template>,
}

impl Miner {
    pub fn new(config: MinerConfig) -> Self {
        Self { config, root: HashMap::new(), templates: Vec::new() }
    }

    /// Adds one message seen at `time` (any monotonic unit); returns its template's id.
    pub fn add(&mut self, message: &str, time: u64) -> u64 {
        let tokens = tokenize(message);
        let config = self.config;
        let leaf = route(self.root.entry(tokens.len()).or_default(), &tokens, &config);
        let best = leaf
            .templates
            .iter()
            .map(|&i| (i, similarity(&self.templates[i].tokens, &tokens)))
            .filter(|(_, (sim, _))| *sim >= config.similarity)
            .max_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal));
        let index = match best {
            Some((i, _)) => {
                let template = &mut self.templates[i];
                for (kept, seen) in template.tokens.iter_mut().zip(&tokens) {
                    if kept != seen {
                        *kept = WILDCARD.to_string();
                    }
                }
                i
            }
            None => {
                let i = self.templates.len();
                self.templates.push(Template {
                    id: i as u64 + 1,
                    tokens,
                    count: 0,
                    first_seen: time,
                    last_seen: time,
                    examples: Vec::new(),
                });
                leaf.templates.push(i);
                i
            }
        };
        let template = &mut self.templates[index];
        template.count += 1;
        template.first_seen = template.first_seen.min(time);
        template.last_seen = template.last_seen.max(time);
        if template.examples.len() < config.examples
            && !template.examples.iter().any(|e| e == message)
        {
            template.examples.push(message.to_string());
        }
        template.id
    }

    pub fn template(&self, id: u64) -> Option<&Template> {
        id.checked_sub(1).and_then(|i| self.templates.get(i as usize))
    }

    pub fn templates(&self) -> &[Template] {
        &self.templates
    }
}

/// Walks (and grows) the tree down to the leaf for `tokens`.
fn route<'a>(mut node: &'a mut Node, tokens: &[String], config: &MinerConfig) -> &'a mut Node {
    for token in tokens.iter().take(config.prefix_tokens) {
        // A name (a program, a host, a file) leading a message is as variable as a number:
        // routing on it would give every program its own copy of each template.
        let key = if is_name(token) {
            WILDCARD.to_string()
        } else if node.children.contains_key(token) || node.children.len() < config.max_children {
            token.clone()
        } else {
            WILDCARD.to_string()
        };
        node = node.children.entry(key).or_default();
    }
    node
}

/// Drain's similarity: the share of positions with equal tokens, and, to break ties, how many
/// wildcards the template already has.
fn similarity(template: &[String], tokens: &[String]) -> (f64, usize) {
    if template.is_empty() {
        return (1.0, 0);
    }
    let mut equal = 0;
    let mut wildcards = 0;
    for (kept, seen) in template.iter().zip(tokens) {
        // A value (`<*>`, `<*>:<*>`) matches a value: both are parameters in the same place;
        // so does a name (`chrome.exe`, `www.example.com`). Against a word they match
        // nothing, as in Drain.
        if is_value(kept) || is_name(kept) {
            wildcards += 1;
            if is_value(seen) || is_name(seen) || kept == seen {
                equal += 1;
            }
        } else if kept == seen {
            equal += 1;
        }
    }
    (equal as f64 / template.len() as f64, wildcards)
}

/// Splits on whitespace and masks the variable tokens. A run of masked tokens becomes one
/// `<*>`: lists of ids or addresses vary in length, not in meaning.
pub fn tokenize(message: &str) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    for token in message.split_whitespace().map(mask) {
        if token == WILDCARD && tokens.last().is_some_and(|t| t == WILDCARD) {
            continue;
        }
        tokens.push(token);
    }
    tokens
}

/// A token with a digit is a value (ids, counts, addresses, durations). Its parts between
/// punctuation that hold a digit become `<*>`, so `10.0.0.1:8080` reads `<*>:<*>` and
/// `key=42` keeps its key.
fn mask(token: &str) -> String {
    if is_hex(token) {
        return WILDCARD.to_string();
    }
    if !token.bytes().any(|b| b.is_ascii_digit()) {
        return token.to_string();
    }
    let mut masked = String::new();
    for part in token.split_inclusive(DELIMITERS) {
        let (body, delimiter) = match part.char_indices().last() {
            Some((i, c)) if DELIMITERS.contains(&c) => (&part[..i], &part[i..]),
            _ => (part, ""),
        };
        if body.bytes().any(|b| b.is_ascii_digit()) || is_hex(body) {
            masked.push_str(WILDCARD);
        } else {
            masked.push_str(body);
        }
        masked.push_str(delimiter);
    }
    masked
}

const DELIMITERS: [char; 7] = [':', '=', ',', '(', ')', '[', ']'];

/// A masked token with nothing but wildcards and punctuation left.
fn is_value(token: &str) -> bool {
    token.contains(WILDCARD)
        && !token.replace(WILDCARD, "").bytes().any(|b| b.is_ascii_alphanumeric())
}

/// A dotted, slashed or `@` name: two letters or digits joined by `.`, `/`, `\` or `@`
/// (`chrome.exe`, `www.example.com`, `/var/log`, `user@host`), and not already a value.
fn is_name(token: &str) -> bool {
    let bytes = token.as_bytes();
    !is_value(token)
        && bytes.windows(3).any(|w| {
            w[0].is_ascii_alphanumeric()
                && matches!(w[1], b'.' | b'/' | b'\\' | b'@')
                && w[2].is_ascii_alphanumeric()
        })
}

fn is_hex(token: &str) -> bool {
    token.len() >= 8 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// How a template's volume moved from the baseline window to the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PatternChange {
    /// Absent from the baseline: an emerging pattern.
    New,
    /// Absent from the window: a disappeared pattern.
    Gone,
    /// At least twice the baseline's rate.
    Rising,
    /// At most half the baseline's rate.
    Falling,
    Steady,
}

/// One template as seen in a window and its baseline.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Pattern {
    /// Stable for the same service and template text.
    pub id: String,
    pub service: String,
    pub template: String,
    pub count: u64,
    pub baseline_count: u64,
    pub change: PatternChange,
    pub first_seen_unix_nano: u64,
    pub last_seen_unix_nano: u64,
    /// Highest OTLP severity number among its lines (17 and above are errors).
    pub max_severity: i32,
    pub examples: Vec<String>,
}

/// A log line to mine: its service, time, severity and body text.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub service: String,
    pub time_unix_nano: u64,
    pub severity: i32,
    pub text: String,
}

/// Mines `baseline` then `window` (each oldest first) per service and compares each
/// template's rate in the two; `*_secs` are the windows' lengths. Sorted by count, highest
/// first, then by baseline count.
pub fn compare(
    baseline: &[Line],
    window: &[Line],
    baseline_secs: f64,
    window_secs: f64,
    config: MinerConfig,
) -> Vec<Pattern> {
    #[derive(Default)]
    struct Counts {
        window: u64,
        baseline: u64,
        max_severity: i32,
    }
    let mut miners: BTreeMap<&str, (Miner, HashMap<u64, Counts>)> = BTreeMap::new();
    for (line, in_window) in
        baseline.iter().map(|l| (l, false)).chain(window.iter().map(|l| (l, true)))
    {
        let (miner, counts) =
            miners.entry(&line.service).or_insert_with(|| (Miner::new(config), HashMap::new()));
        let counts = counts.entry(miner.add(&line.text, line.time_unix_nano)).or_default();
        if in_window {
            counts.window += 1
        } else {
            counts.baseline += 1
        }
        counts.max_severity = counts.max_severity.max(line.severity);
    }
    let rate = |n: u64, secs: f64| n as f64 / secs.max(1e-9);
    let mut patterns = Vec::new();
    for (service, (miner, counts)) in &miners {
        for template in miner.templates() {
            let Some(c) = counts.get(&template.id) else { continue };
            let (now, then) = (rate(c.window, window_secs), rate(c.baseline, baseline_secs));
            let change = match (c.baseline, c.window) {
                (0, _) => PatternChange::New,
                (_, 0) => PatternChange::Gone,
                _ if now >= 2.0 * then => PatternChange::Rising,
                _ if now <= 0.5 * then => PatternChange::Falling,
                _ => PatternChange::Steady,
            };
            let text = template.text();
            patterns.push(Pattern {
                id: pattern_id(service, &text),
                service: service.to_string(),
                template: text,
                count: c.window,
                baseline_count: c.baseline,
                change,
                first_seen_unix_nano: template.first_seen,
                last_seen_unix_nano: template.last_seen,
                max_severity: c.max_severity,
                examples: template.examples.clone(),
            });
        }
    }
    patterns.sort_by(|a, b| b.count.cmp(&a.count).then(b.baseline_count.cmp(&a.baseline_count)));
    patterns
}

/// A short stable id for a service's template.
pub fn pattern_id(service: &str, template: &str) -> String {
    let mut hash = Sha256::new();
    hash.update(service.as_bytes());
    hash.update([0]);
    hash.update(template.as_bytes());
    hex::encode(&hash.finalize()[..8])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mine(lines: &[&str]) -> (Miner, Vec<u64>) {
        let mut miner = Miner::new(MinerConfig::default());
        let ids = lines.iter().enumerate().map(|(i, l)| miner.add(l, i as u64)).collect();
        (miner, ids)
    }

    #[test]
    fn variable_parts_become_wildcards_and_keys_stay() {
        let (miner, ids) = mine(&[
            "Connection from 10.0.0.1:5432 closed after 120 ms",
            "Connection from 10.0.0.7:5432 closed after 3 ms",
            "user=42 logged in",
            "user=7 logged in",
            "Disk quota exceeded for /var/lib/postgres",
        ]);
        assert_eq!(ids[0], ids[1]);
        assert_eq!(ids[2], ids[3]);
        assert_ne!(ids[0], ids[4]);
        assert_eq!(
            miner.template(ids[0]).unwrap().text(),
            "Connection from <*>:<*> closed after <*> ms"
        );
        assert_eq!(miner.template(ids[2]).unwrap().text(), "user=<*> logged in");
        let template = miner.template(ids[0]).unwrap();
        assert_eq!((template.count, template.first_seen, template.last_seen), (2, 0, 1));
        assert_eq!(template.examples.len(), 2);
    }

    #[test]
    fn a_name_leading_the_message_does_not_split_its_template() {
        // Each program and host would otherwise route to a tree branch of its own.
        let lines: Vec<String> = ["chrome.exe", "Teams.exe", "svc.host", "git-remote-https.exe"]
            .iter()
            .flat_map(|program| {
                ["www.example.com:443", "api.example.org:80", "cdn.example.net:8080"].map(|host| {
                    format!("{program} - {host} close, 1200 bytes sent, 330 bytes received")
                })
            })
            .collect();
        let mut lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        lines.push("chrome.exe - www.example.com:443 error : connection refused by proxy");
        let (miner, ids) = mine(&lines);
        assert!(ids[..12].iter().all(|id| *id == ids[0]), "{ids:?}");
        assert_ne!(ids[12], ids[0]);
        assert_eq!(
            miner.template(ids[0]).unwrap().text(),
            "<*> - <*> close, <*> bytes sent, <*> bytes received"
        );
        // Words are still words: two messages differing in a plain word stay apart.
        let (_, ids) = mine(&["cache hit", "cache miss"]);
        assert_ne!(ids[0], ids[1]);
    }

    #[test]
    fn emerging_and_disappeared_patterns_are_told_apart_by_window() {
        let line = |service: &str, t: u64, severity: i32, text: String| Line {
            service: service.into(),
            time_unix_nano: t,
            severity,
            text,
        };
        let mut baseline: Vec<Line> =
            (0..50).map(|i| line("api", i, 9, format!("GET /items/{i} 200 in {i} ms"))).collect();
        baseline
            .extend((0..5).map(|i| line("api", 60 + i, 13, format!("cache warmup step {i} done"))));
        let mut window: Vec<Line> = (0..200)
            .map(|i| line("api", 100 + i, 9, format!("GET /items/{i} 200 in {i} ms")))
            .collect();
        window.extend((0..7).map(|i| {
            line("api", 400 + i, 17, format!("payment gateway timeout after {} ms", 3000 + i))
        }));
        let patterns = compare(&baseline, &window, 100.0, 100.0, MinerConfig::default());
        let find = |needle: &str| patterns.iter().find(|p| p.template.contains(needle)).unwrap();
        assert_eq!(find("gateway").change, PatternChange::New);
        assert_eq!(find("gateway").template, "payment gateway timeout after <*> ms");
        assert_eq!((find("gateway").count, find("gateway").max_severity), (7, 17));
        assert_eq!(find("warmup").change, PatternChange::Gone);
        assert_eq!(find("GET").change, PatternChange::Rising);
        assert_eq!((find("GET").count, find("GET").baseline_count), (200, 50));
        assert_eq!(patterns[0].template, "GET <*> in <*> ms", "a run of values is one wildcard");
        assert_eq!(find("gateway").id, pattern_id("api", "payment gateway timeout after <*> ms"));
    }
}
