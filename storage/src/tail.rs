//! Log records as every store serves them (`LogRecordRow`), made straight from an applied
//! batch: what a live tail shows the moment the store holds a record, without reading it back.

use ophion_core::query::{Attributes, LogRecordRow};
use ophion_core::{AppliedBatch, Payload, Result};

use crate::encoding::json_or_string;
use crate::rows::owned::{AttributePairs, LogRow, Rows};

/// One tailed record, with its body as plain text (what `q` matches, as in a search).
#[derive(Debug, Clone, PartialEq)]
pub struct TailedLog {
    pub body_text: String,
    pub record: LogRecordRow,
}

/// The log records of `batch`, in order; none for traces and metrics.
pub fn tailed_logs(batch: &AppliedBatch) -> Result<Vec<TailedLog>> {
    if !matches!(batch.batch.payload, Payload::Logs(_)) {
        return Ok(Vec::new());
    }
    Ok(Rows::of(&[batch])?.logs.into_iter().map(tailed).collect())
}

fn tailed(row: LogRow) -> TailedLog {
    let attributes = |pairs: AttributePairs| -> Attributes {
        pairs.into_iter().map(|(key, json)| (key, json_or_string(&json))).collect()
    };
    TailedLog {
        body_text: row.body_text,
        record: LogRecordRow {
            time_unix_nano: row.time_ns,
            observed_time_unix_nano: row.observed_time_ns,
            severity_number: row.severity_number,
            severity_text: row.severity_text,
            body: row.body.map_or(serde_json::Value::Null, |b| json_or_string(&b)),
            service_name: row.service_name,
            trace_id: row.trace_id.map(hex::encode).unwrap_or_default(),
            span_id: row.span_id.map(hex::encode).unwrap_or_default(),
            flags: row.flags,
            event_name: row.event_name,
            attributes: attributes(row.attributes),
            resource_attributes: attributes(row.resource_attributes),
            scope_name: row.scope_name,
        },
    }
}
