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
//!
//! The parts: `keys` decides by attribute key, `detectors` finds secrets inside strings,
//! and `walk` reaches every value of a batch; its settings are in `config`.

mod config;
mod detectors;
mod keys;
#[cfg(test)]
mod tests;
mod walk;

use ophion_core::Batch;

pub use config::{CustomPattern, RedactConfig};
pub use keys::BUILTIN_DENY_KEYS;

use super::error::Result;
use super::{ProcessStats, Processor};
use crate::inspect::{AttributeCheck, ValueCheck};
use detectors::Detectors;
use keys::{KeyPolicy, KeyVerdict};

const NAME: &str = "redact";

#[derive(Debug)]
pub struct Redact {
    keys: KeyPolicy,
    detectors: Detectors,
    replacement: String,
}

impl Redact {
    pub fn new(config: &RedactConfig) -> Result<Self> {
        let detectors = Detectors::new(config)?;
        let keys = KeyPolicy::new(config)?;
        Ok(Self { keys, detectors, replacement: config.replacement.clone() })
    }

    /// The text with every detected secret replaced, or `None` (and no allocation) when it
    /// has none.
    pub fn redact_text(&self, text: &str) -> Option<String> {
        self.detectors.redact_text(text)
    }
}

impl Processor for Redact {
    fn name(&self) -> &'static str {
        NAME
    }

    fn process(&self, batch: &mut Batch) -> ProcessStats {
        ProcessStats { dropped: 0, redacted: self.payload(&mut batch.payload) }
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
