//! Capped reads through the query traits: the engine and the on-demand analyses never pull
//! more than they were given room for, whatever the store holds.

use ophion_core::query::{
    LogQuery, LogRecordRow, Page, Paged, SpanQuery, SpanRecord, SpanSort, TelemetryQuery, TimeRange,
};
use ophion_core::{Result, TenantId};

/// Rows asked for per store call.
const PAGE: usize = 1000;

/// Up to `cap` spans of `range`, newest first.
pub async fn spans(
    query: &dyn TelemetryQuery,
    tenant: &TenantId,
    range: TimeRange,
    service: Option<&str>,
    cap: usize,
) -> Result<Vec<SpanRecord>> {
    paged(cap, |page| {
        let spans = SpanQuery {
            tenant: tenant.clone(),
            range,
            service: service.map(str::to_owned),
            operation: None,
            min_duration_ns: None,
            max_duration_ns: None,
            status: None,
            trace_id: None,
            attributes: Vec::new(),
            sort: SpanSort::Newest,
            page,
        };
        async move { query.search_spans(&spans).await }
    })
    .await
}

/// Up to `cap` log records of `range` at `min_severity` or above, newest first.
pub async fn logs(
    query: &dyn TelemetryQuery,
    tenant: &TenantId,
    range: TimeRange,
    service: Option<&str>,
    min_severity: Option<i32>,
    cap: usize,
) -> Result<Vec<LogRecordRow>> {
    paged(cap, |page| {
        let logs = LogQuery {
            tenant: tenant.clone(),
            range,
            service: service.map(str::to_owned),
            text: None,
            min_severity,
            trace_id: None,
            attributes: Vec::new(),
            page,
        };
        async move { query.search_logs(&logs).await }
    })
    .await
}

/// Pages of `fetch`, each after the one before, until `cap` rows or the last page.
pub(crate) async fn paged<T, F>(cap: usize, mut fetch: impl FnMut(Page) -> F) -> Result<Vec<T>>
where
    F: Future<Output = Result<Paged<T>>>,
{
    let mut rows = Vec::new();
    let mut after = None;
    while rows.len() < cap {
        let limit = PAGE.min(cap - rows.len());
        let page = fetch(Page { limit, after }).await?;
        rows.extend(page.items);
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    Ok(rows)
}

/// The text a log record's body holds: a string as is, anything else as JSON.
pub fn body_text(record: &LogRecordRow) -> String {
    match &record.body {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Whole traces out of a span sample: spans grouped by trace id.
pub fn traces(spans: Vec<SpanRecord>) -> Vec<Vec<SpanRecord>> {
    let mut by_trace: std::collections::BTreeMap<String, Vec<SpanRecord>> = Default::default();
    for span in spans {
        by_trace.entry(span.trace_id.clone()).or_default().push(span);
    }
    by_trace.into_values().collect()
}
