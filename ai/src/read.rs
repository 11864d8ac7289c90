//! Capped reads through the query traits: the engine and the on-demand analyses never pull
//! more than they were given room for, whatever the store holds.

use ophion_core::query::TelemetryQuery;
use ophion_core::query::{
    LogQuery, LogRecordRow, Page, SpanQuery, SpanRecord, SpanSort, TimeRange,
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
    let mut spans = Vec::new();
    while spans.len() < cap {
        let limit = PAGE.min(cap - spans.len());
        let page = query
            .search_spans(&SpanQuery {
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
                page: Page { limit, offset: spans.len() },
            })
            .await?;
        let short = page.len() < limit;
        spans.extend(page);
        if short {
            break;
        }
    }
    Ok(spans)
}

/// Up to `cap` log records of `range`, newest first.
pub async fn logs(
    query: &dyn TelemetryQuery,
    tenant: &TenantId,
    range: TimeRange,
    service: Option<&str>,
    cap: usize,
) -> Result<Vec<LogRecordRow>> {
    let mut logs = Vec::new();
    while logs.len() < cap {
        let limit = PAGE.min(cap - logs.len());
        let page = query
            .search_logs(&LogQuery {
                tenant: tenant.clone(),
                range,
                service: service.map(str::to_owned),
                text: None,
                min_severity: None,
                trace_id: None,
                attributes: Vec::new(),
                page: Page { limit, offset: logs.len() },
            })
            .await?;
        let short = page.len() < limit;
        logs.extend(page);
        if short {
            break;
        }
    }
    Ok(logs)
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
