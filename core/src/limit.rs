//! Token-bucket rate limits keyed by client IP or tenant.
//!
//! Two ways to spend: [`Limiter::check`] takes tokens up front (one API request), while
//! [`Limiter::admit`] + [`Limiter::charge`] let an OTLP export in while the bucket is not in
//! debt and charge the items it carried once they are counted, so a request never has to be
//! decoded just to learn its size. Debt is capped at one burst.

use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::TenantId;

/// A sustained rate and the burst above it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rate {
    pub per_second: f64,
    /// Tokens a full bucket holds; defaults to one second's worth.
    #[serde(default)]
    pub burst: Option<f64>,
}

impl Rate {
    pub fn per_second(per_second: f64) -> Self {
        Self { per_second, burst: None }
    }

    fn capacity(&self) -> f64 {
        self.burst.unwrap_or(self.per_second).max(1.0)
    }
}

/// A rate for every tenant, with overrides by tenant id. A rate of 0 means unlimited.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TenantRates {
    pub default: Option<Rate>,
    pub tenants: BTreeMap<String, Rate>,
}

impl TenantRates {
    pub fn limiter(&self) -> Limiter<TenantId> {
        let rates = self.clone();
        Limiter::new(move |tenant: &TenantId| {
            rates.tenants.get(tenant.as_str()).copied().or(rates.default)
        })
    }
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Keys beyond this many live buckets share one overflow bucket: memory stays bounded no
/// matter how many addresses a client sends from.
const MAX_KEYS: usize = 100_000;

/// Each key's rate; `None`: not limited.
type RateOf<K> = Box<dyn Fn(&K) -> Option<Rate> + Send + Sync>;

/// Buckets per key.
pub struct Limiter<K> {
    rate_of: RateOf<K>,
    buckets: Mutex<HashMap<K, Bucket>>,
    overflow: Mutex<Option<Bucket>>,
}

impl<K: Hash + Eq + Clone> Limiter<K> {
    /// `rate_of` gives each key's rate (a default, or a per-tenant override).
    pub fn new(rate_of: impl Fn(&K) -> Option<Rate> + Send + Sync + 'static) -> Self {
        Self {
            rate_of: Box::new(rate_of),
            buckets: Mutex::new(HashMap::new()),
            overflow: Mutex::new(None),
        }
    }

    /// Take `n` tokens, or say how long until they are there.
    pub fn check(&self, key: &K, n: f64) -> Result<(), Duration> {
        self.with_bucket(key, |bucket, rate| {
            if bucket.tokens >= n {
                bucket.tokens -= n;
                Ok(())
            } else {
                Err(wait(n - bucket.tokens, rate))
            }
        })
    }

    /// Let a request in unless the key is in debt.
    pub fn admit(&self, key: &K) -> Result<(), Duration> {
        self.with_bucket(key, |bucket, rate| {
            if bucket.tokens > 0.0 { Ok(()) } else { Err(wait(1.0 - bucket.tokens, rate)) }
        })
    }

    /// Spend `n` tokens after the fact; the bucket may go into debt, at most one burst deep.
    pub fn charge(&self, key: &K, n: f64) {
        let _ = self.with_bucket(key, |bucket, rate| {
            bucket.tokens = (bucket.tokens - n).max(-rate.capacity());
            Ok(())
        });
    }

    fn with_bucket(
        &self,
        key: &K,
        f: impl FnOnce(&mut Bucket, Rate) -> Result<(), Duration>,
    ) -> Result<(), Duration> {
        let Some(rate) = (self.rate_of)(key).filter(|r| r.per_second > 0.0) else {
            return Ok(());
        };
        let now = Instant::now();
        let refill = |bucket: &mut Bucket| {
            let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
            bucket.tokens = (bucket.tokens + elapsed * rate.per_second).min(rate.capacity());
            bucket.updated = now;
        };
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if !buckets.contains_key(key) && buckets.len() >= MAX_KEYS {
            // Forget buckets that have refilled: they hold no state worth keeping.
            buckets.retain(|_, b| {
                refill(b);
                b.tokens < rate.capacity()
            });
            if buckets.len() >= MAX_KEYS {
                drop(buckets);
                let mut overflow = self.overflow.lock().unwrap_or_else(|e| e.into_inner());
                let bucket =
                    overflow.get_or_insert(Bucket { tokens: rate.capacity(), updated: now });
                refill(bucket);
                return f(bucket, rate);
            }
        }
        let bucket = buckets
            .entry(key.clone())
            .or_insert_with(|| Bucket { tokens: rate.capacity(), updated: now });
        refill(bucket);
        f(bucket, rate)
    }
}

fn wait(missing: f64, rate: Rate) -> Duration {
    Duration::from_secs_f64((missing / rate.per_second).clamp(0.001, 3600.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_takes_tokens_until_the_burst_is_spent() {
        let limiter = Limiter::new(|_: &u8| Some(Rate { per_second: 1.0, burst: Some(3.0) }));
        for _ in 0..3 {
            assert!(limiter.check(&1, 1.0).is_ok());
        }
        let wait = limiter.check(&1, 1.0).unwrap_err();
        assert!(wait > Duration::from_millis(900) && wait <= Duration::from_secs(1), "{wait:?}");
        assert!(limiter.check(&2, 1.0).is_ok(), "keys have their own buckets");
    }

    #[test]
    fn charge_puts_a_key_in_debt_and_admit_refuses_until_it_is_paid() {
        let limiter = Limiter::new(|_: &u8| Some(Rate::per_second(10.0)));
        assert!(limiter.admit(&1).is_ok());
        limiter.charge(&1, 25.0);
        let wait = limiter.admit(&1).unwrap_err();
        // Debt is capped at one burst: 10 tokens owed, 1.1 s to get back above zero.
        assert!(wait > Duration::from_secs(1) && wait < Duration::from_millis(1200), "{wait:?}");
    }

    #[test]
    fn keys_without_a_rate_are_not_limited() {
        let limiter = Limiter::new(|k: &u8| (*k == 1).then(|| Rate::per_second(1.0)));
        for _ in 0..100 {
            assert!(limiter.check(&2, 1.0).is_ok());
        }
        assert!(limiter.check(&1, 1.0).is_ok());
        assert!(limiter.check(&1, 1.0).is_err());
    }
}
