//! Insights: what the engine found, with the evidence, kept per tenant.

use std::collections::{BTreeSet, HashMap};
use std::ops::Bound;
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

/// Where the next page of a listing starts: after the insight with this start and id. The
/// listing's order is (start, id) descending, a total order, so a page cut there neither skips
/// nor repeats an insight when others are added meanwhile (one whose start moves between
/// pages may, as it moves in the order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsightCursor {
    pub start_unix_nano: u64,
    pub id: String,
}

impl InsightCursor {
    fn of(insight: &Insight) -> Self {
        Self { start_unix_nano: insight.start_unix_nano, id: insight.id.clone() }
    }

    fn key(&self) -> (u64, String) {
        (self.start_unix_nano, self.id.clone())
    }
}

/// `<start>-<id>`.
impl std::fmt::Display for InsightCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.start_unix_nano, self.id)
    }
}

impl std::str::FromStr for InsightCursor {
    type Err = ophion_core::Error;

    /// Only what [`InsightCursor`]'s `Display` writes: a start in nanoseconds and an id as
    /// [`Insight::id_for`] makes them.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let parse = || {
            let (start, id) = text.split_once('-')?;
            let decimal = !start.is_empty() && start.bytes().all(|b| b.is_ascii_digit());
            let hex = id.len() == ID_HEX_LEN
                && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
            let start_unix_nano = start.parse().ok().filter(|_| decimal && hex)?;
            Some(Self { start_unix_nano, id: id.to_owned() })
        };
        parse().ok_or_else(|| {
            ophion_core::Error::invalid(
                "cursor is not one this server issued; start again without it",
            )
        })
    }
}

/// Hex digits of an insight id: 12 bytes of SHA-256.
const ID_HEX_LEN: usize = 24;

/// One page of a listing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InsightPage {
    pub insights: Vec<Insight>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<InsightCursor>,
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
    /// (start, id) for ordering, paging and eviction.
    order: BTreeSet<(u64, String)>,
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
        entry.order.insert((insight.start_unix_nano, insight.id.clone()));
        entry.by_id.insert(insight.id.clone(), insight);
        while entry.by_id.len() > self.capacity {
            let Some((_, id)) = entry.order.pop_first() else { break };
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

    /// Up to `limit` matching insights, newest start first, from after `after` (or from the
    /// newest).
    pub fn list(
        &self,
        tenant: &TenantId,
        filter: &InsightFilter,
        after: Option<&InsightCursor>,
        limit: usize,
    ) -> InsightPage {
        let tenants = self.tenants.lock().unwrap_or_else(|p| p.into_inner());
        let Some(entry) = tenants.get(tenant) else { return InsightPage::default() };
        let before = after.map_or(Bound::Unbounded, |c| Bound::Excluded(c.key()));
        let mut matching = entry
            .order
            .range((Bound::Unbounded, before))
            .rev()
            .filter_map(|(_, id)| entry.by_id.get(id))
            .filter(|i| filter.matches(i));
        let insights: Vec<Insight> = matching.by_ref().take(limit).cloned().collect();
        let more = insights.len() == limit && matching.next().is_some();
        let next = insights.last().filter(|_| more).map(InsightCursor::of);
        InsightPage { insights, next }
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
        let all = store.list(&a, &InsightFilter::default(), None, 10).insights;
        assert_eq!(all.iter().map(|i| i.start_unix_nano).collect::<Vec<_>>(), [400, 300, 200]);
        assert_eq!(all[0], updated);
        assert!(store.list(&b, &InsightFilter::default(), None, 10).insights.is_empty());
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
        assert_eq!(store.list(&a, &critical, None, 10).insights.len(), 1);
        let tips = InsightFilter { kind: Some(InsightKind::Tip), ..Default::default() };
        assert!(store.list(&a, &tips, None, 10).insights.is_empty());
        let other = InsightFilter { service: Some("web".into()), ..Default::default() };
        assert!(store.list(&a, &other, None, 10).insights.is_empty());
        let early = InsightFilter {
            start_unix_nano: Some(0),
            end_unix_nano: Some(150),
            ..Default::default()
        };
        assert_eq!(store.list(&a, &early, None, 10).insights[0].subject, "one");
    }

    fn subjects(page: &InsightPage) -> Vec<&str> {
        page.insights.iter().map(|i| i.subject.as_str()).collect()
    }

    #[test]
    fn pages_neither_skip_nor_repeat_while_insights_are_added() {
        let a = TenantId::new("a").unwrap();
        let store = InsightStore::new(100);
        let all = InsightFilter::default();
        for (subject, start) in [("e", 100), ("d", 200), ("c", 300), ("b", 400), ("a", 500)] {
            store.upsert(&a, insight(&a, subject, start, Severity::Warning));
        }
        let first = store.list(&a, &all, None, 2);
        assert_eq!(subjects(&first), ["a", "b"]);
        // Newer insights arrive between two pages, and one older than the cursor.
        store.upsert(&a, insight(&a, "new-1", 600, Severity::Warning));
        store.upsert(&a, insight(&a, "new-2", 700, Severity::Warning));
        store.upsert(&a, insight(&a, "old", 50, Severity::Warning));
        let second = store.list(&a, &all, first.next.as_ref(), 2);
        assert_eq!(subjects(&second), ["c", "d"], "no repeat of b, no skip of c");
        let third = store.list(&a, &all, second.next.as_ref(), 2);
        assert_eq!(subjects(&third), ["e", "old"]);
        assert_eq!(third.next, None, "the last page says so");
        assert_eq!(subjects(&store.list(&a, &all, None, 2)), ["new-2", "new-1"]);
    }

    #[test]
    fn insights_with_the_same_start_page_by_id() {
        let a = TenantId::new("a").unwrap();
        let store = InsightStore::new(100);
        for subject in ["p", "q", "r", "s", "t"] {
            store.upsert(&a, insight(&a, subject, 100, Severity::Warning));
        }
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = store.list(&a, &InsightFilter::default(), after.as_ref(), 2);
            seen.extend(page.insights.iter().map(|i| i.id.clone()));
            let Some(next) = page.next else { break };
            after = Some(next);
        }
        let mut expected: Vec<String> = ["p", "q", "r", "s", "t"]
            .iter()
            .map(|s| Insight::id_for(&a, InsightKind::Anomaly, s, 100))
            .collect();
        expected.sort_unstable_by(|x, y| y.cmp(x));
        assert_eq!(seen, expected, "every one once, newest first, then by id");
    }

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let a = TenantId::new("a").unwrap();
        let cursor = InsightCursor::of(&insight(&a, "x", 42, Severity::Info));
        assert_eq!(cursor.to_string().parse::<InsightCursor>().unwrap(), cursor);
        let id = &cursor.id;
        for garbage in [
            "",
            "o200",
            "42",
            "42-",
            "-abc",
            "x-0123456789abcdef01234567",
            "+42-0123456789abcdef01234567",
            "42-0123456789ABCDEF01234567",
            "42-0123456789abcdef0123456",
            "99999999999999999999999-0123456789abcdef01234567",
            &format!("42-{id}-1"),
        ] {
            let err = garbage.parse::<InsightCursor>().unwrap_err();
            assert_eq!(err.kind, ophion_core::ErrorKind::InvalidInput, "{garbage:?}");
        }
    }
}
