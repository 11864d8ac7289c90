//! Tenant identity. Every stored row and every query carries one: the tenant of the caller's
//! credential, or [`TenantId::DEFAULT`] when authentication is off.

use std::fmt;
use std::sync::Arc;

use crate::{Error, Result};

/// A validated tenant id: 1–64 characters of `[A-Za-z0-9_.-]`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TenantId(Arc<str>);

impl TenantId {
    pub const DEFAULT: &'static str = "default";

    pub fn new(id: &str) -> Result<Self> {
        let ok = !id.is_empty()
            && id.len() <= 64
            && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b));
        if ok {
            Ok(Self(Arc::from(id)))
        } else {
            Err(Error::invalid(format!(
                "invalid tenant id {id:?}: use 1-64 characters of letters, digits, '_', '.', '-'"
            )))
        }
    }

    pub fn default_tenant() -> Self {
        Self(Arc::from(Self::DEFAULT))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for TenantId {
    fn default() -> Self {
        Self::default_tenant()
    }
}

impl fmt::Display for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TenantId({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_empty_long_and_odd_characters() {
        assert!(TenantId::new("").is_err());
        assert!(TenantId::new(&"a".repeat(65)).is_err());
        assert!(TenantId::new("a b").is_err());
        assert!(TenantId::new("team-a_1.prod").is_ok());
    }
}
