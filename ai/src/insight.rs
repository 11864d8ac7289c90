//! Insights: what the engine found, with the evidence, kept per tenant.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use ophion_core::TenantId;
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InsightKind {
    /// A series left its expected band.
    Anomaly,
    /// An error log template spiked or appeared.
    LogPattern,
    /// A series is forecast to reach a threshold.
    Capacity,
    /// An optimization tip from traces, metrics or logs.
    Tip,
}

impl InsightKind {
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "anomaly" => Self::Anomaly,
            "log_pattern" => Self::LogPattern,
            "capacity" => Self::Capacity,
            "tip" => Self::Tip,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Critical,
}

impl Severity {
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "info" => Self::Info,
            "warning" => Self::Warning,
            "critical" => Self::Critical,
            _ => return None,
        })
    }
}

/// One finding. `evidence` holds what it rests on (values, expected bands, example traces,
/// templates), so a reader can check it without trusting the engine.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Insight {
    /// Stable for the same finding: re-detecting it updates rather than duplicates.
    pub id: String,
    pub kind: InsightKind,
    pub severity: Severity,
    pub title: String,
    pub summary: String,
    pub service: Option<String>,
    /// What the insight is about: a series, a template, a statement.
    pub subject: String,
    pub start_unix_nano: u64,
    pub end_unix_nano: u64,
    /// When it was last updated.
    pub updated_unix_nano: u64,
    #[schema(value_type = Object)]
    pub evidence: serde_json::Value,
}

impl Insight {
    /// An id from what identifies the finding.
    pub fn id_for(
        tenant: &TenantId,
        kind: InsightKind,
        subject: &str,
        start_unix_nano: u64,
    ) -> String {
        let mut hash = Sha256::new();
        hash.update(tenant.as_str().as_bytes());
        hash.update([0]);
        hash.update(format!("{kind:?}").as_bytes());
        hash.update([0]);
        hash.update(subject.as_bytes());
        hash.update(start_unix_nano.to_be_bytes());
        hex::encode(&hash.finalize()[..12])
    }
}

#[derive(Debug, Clone, Default)]
pub struct InsightFilter {
    pub kind: Option<InsightKind>,
    pub service: Option<String>,
    pub min_severity: Option<Severity>,
    /// Insights overlapping `[start, end)`.
    pub start_unix_nano: Option<u64>,
    pub end_unix_nano: Option<u64>,
}

impl InsightFilter {
    fn matches(&self, insight: &Insight) -> bool {
        self.kind.is_none_or(|k| k == insight.kind)
            && self.service.as_ref().is_none_or(|s| insight.service.as_ref() == Some(s))
            && self.min_severity.is_none_or(|s| insight.severity >= s)
            && self.start_unix_nano.is_none_or(|s| insight.end_unix_nano >= s)
            && self.end_unix_nano.is_none_or(|e| insight.start_unix_nano < e)
    }
}

/// Insights per tenant, newest first, at most `capacity` each (the oldest go first).
#[derive(Debug)]
pub struct InsightStore {
    capacity: usize,
    tenants: Mutex<HashMap<TenantId, TenantInsights>>,
}

#[derive(Debug, Default)]
struct TenantInsights {
    by_id: HashMap<String, Insight>,
    /// (start, id) for ordering and eviction.
    order: BTreeMap<(u64, String), ()>,
}

impl InsightStore {
    pub fn new(capacity: usize) -> Self {
        Self { capacity: capacity.max(1), tenants: Mutex::new(HashMap::new()) }
    }

    /// Adds or replaces (same id) an insight.
    pub fn upsert(&self, tenant: &TenantId, insight: Insight) {
        let mut tenants = self.tenants.lock().unwrap_or_else(|p| p.into_inner());
        let entry = tenants.entry(tenant.clone()).or_default();
        if let Some(old) = entry.by_id.remove(&insight.id) {
            entry.order.remove(&(old.start_unix_nano, old.id));
        }
        entry.order.insert((insight.start_unix_nano, insight.id.clone()), ());
        entry.by_id.insert(insight.id.clone(), insight);
        while entry.by_id.len() > self.capacity {
            let Some(((_, id), ())) = entry.order.pop_first() else { break };
            entry.by_id.remove(&id);
        }
    }

    /// Withdraws an insight that no longer holds (a forecast that stopped crossing).
    pub fn remove(&self, tenant: &TenantId, id: &str) {
        let mut tenants = self.tenants.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(entry) = tenants.get_mut(tenant)
            && let Some(old) = entry.by_id.remove(id)
        {
            entry.order.remove(&(old.start_unix_nano, old.id));
        }
    }

    pub fn get(&self, tenant: &TenantId, id: &str) -> Option<Insight> {
        let tenants = self.tenants.lock().unwrap_or_else(|p| p.into_inner());
        tenants.get(tenant)?.by_id.get(id).cloned()
    }

    /// Matching insights, newest start first, after skipping `offset`.
    pub fn list(
        &self,
        tenant: &TenantId,
        filter: &InsightFilter,
        offset: usize,
        limit: usize,
    ) -> Vec<Insight> {
        let tenants = self.tenants.lock().unwrap_or_else(|p| p.into_inner());
        let Some(entry) = tenants.get(tenant) else { return Vec::new() };
        entry
            .order
            .keys()
            .rev()
            .filter_map(|(_, id)| entry.by_id.get(id))
            .filter(|i| filter.matches(i))
            .skip(offset)
            .take(limit)
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn insight(tenant: &TenantId, subject: &str, start: u64, severity: Severity) -> Insight {
        Insight {
            id: Insight::id_for(tenant, InsightKind::Anomaly, subject, start),
            kind: InsightKind::Anomaly,
            severity,
            title: subject.into(),
            summary: String::new(),
            service: Some("api".into()),
            subject: subject.into(),
            start_unix_nano: start,
            end_unix_nano: start + 10,
            updated_unix_nano: start,
            evidence: serde_json::json!({}),
        }
    }

    #[test]
    fn insights_are_kept_per_tenant_updated_in_place_and_evicted_oldest_first() {
        let (a, b) = (TenantId::new("a").unwrap(), TenantId::new("b").unwrap());
        let store = InsightStore::new(3);
        for start in 1..=4 {
            store.upsert(&a, insight(&a, "latency", start * 100, Severity::Warning));
        }
        let mut updated = insight(&a, "latency", 400, Severity::Critical);
        updated.end_unix_nano = 999;
        store.upsert(&a, updated.clone());
        let all = store.list(&a, &InsightFilter::default(), 0, 10);
        assert_eq!(all.iter().map(|i| i.start_unix_nano).collect::<Vec<_>>(), [400, 300, 200]);
        assert_eq!(all[0], updated);
        assert!(store.list(&b, &InsightFilter::default(), 0, 10).is_empty());
        assert_eq!(store.get(&b, &updated.id), None, "ids do not cross tenants");
        assert_ne!(
            Insight::id_for(&a, InsightKind::Anomaly, "x", 1),
            Insight::id_for(&b, InsightKind::Anomaly, "x", 1)
        );
    }

    #[test]
    fn filters_by_severity_kind_service_and_overlap() {
        let a = TenantId::new("a").unwrap();
        let store = InsightStore::new(10);
        store.upsert(&a, insight(&a, "one", 100, Severity::Info));
        store.upsert(&a, insight(&a, "two", 200, Severity::Critical));
        let critical =
            InsightFilter { min_severity: Some(Severity::Warning), ..Default::default() };
        assert_eq!(store.list(&a, &critical, 0, 10).len(), 1);
        let tips = InsightFilter { kind: Some(InsightKind::Tip), ..Default::default() };
        assert!(store.list(&a, &tips, 0, 10).is_empty());
        let other = InsightFilter { service: Some("web".into()), ..Default::default() };
        assert!(store.list(&a, &other, 0, 10).is_empty());
        let early = InsightFilter {
            start_unix_nano: Some(0),
            end_unix_nano: Some(150),
            ..Default::default()
        };
        assert_eq!(store.list(&a, &early, 0, 10)[0].subject, "one");
        assert_eq!(
            store.list(&a, &InsightFilter::default(), 1, 10)[0].subject,
            "one",
            "offset pages"
        );
    }
}
