//! Log template mining, Drain-style (He et al., ICWS 2017), streaming.
//!
//! A message is masked (tokens with digits, hex, IPs become `<*>`), split on whitespace and
//! routed through a fixed-depth tree: first by token count, then by its first tokens. In the
//! leaf, it joins the most similar template (share of equal tokens ≥ `similarity`), whose
//! differing positions become `<*>`; otherwise it starts a new template.

use std::collections::HashMap;

/// The miner's parameters; the defaults are Drain's published ones.
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
        Self { similarity: 0.5, prefix_tokens: 2, max_children: 100, examples: 3 }
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
        if template.examples.len() < config.examples && !template.examples.iter().any(|e| e == message) {
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
        let key = if node.children.contains_key(token) || node.children.len() < config.max_children {
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
        if kept == WILDCARD {
            wildcards += 1;
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

/// A token with a digit is a value (ids, counts, addresses, durations): it becomes `<*>`,
/// keeping a `key=` or `key:` prefix made of letters so the key stays in the template.
fn mask(token: &str) -> String {
    if !token.bytes().any(|b| b.is_ascii_digit()) && !is_hex(token) {
        return token.to_string();
    }
    if let Some(split) = token.find(['=', ':'])
        && split > 0
        && token[..split].bytes().all(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'.' || b == b'-')
    {
        return format!("{}{}", &token[..=split], WILDCARD);
    }
    WILDCARD.to_string()
}

fn is_hex(token: &str) -> bool {
    token.len() >= 8 && token.bytes().all(|b| b.is_ascii_hexdigit())
}
