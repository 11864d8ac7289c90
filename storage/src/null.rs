//! The null store (`--store none`): a benchmarking aid that counts what it is given and keeps
//! nothing, so the receive path (decode, validate, redact, durable queue) can be measured
//! without a store's cost. Queries answer empty, except `stats`, which reports the counts so
//! a benchmark can still check stored == acknowledged. Not for production: data is discarded.

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;
use ophion_core::query::{
    HistogramBucket, LogQuery, LogRecordRow, MetricAggregate, MetricName, MetricPoint, MetricQuery,
    OperationPoint, Paged, RedQuery, SeriesPoint, SeriesQuery, ServiceEdge, ServiceSummary,
    SpanQuery, SpanRecord, Stats, TelemetryQuery, TimeRange, TraceSummary,
};
use ophion_core::store::{RetentionPolicy, RetentionReport};
use ophion_core::{AppliedBatch, Error, Payload, QueuePosition, Result, TelemetryStore, TenantId};

#[derive(Debug, Default)]
pub struct NullStore {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    applied: Option<QueuePosition>,
    /// Per tenant: spans, log records, metric points.
    counts: HashMap<TenantId, [u64; 3]>,
}

impl NullStore {
    pub fn new() -> Self {
        Self::default()
    }

    fn state(&self) -> Result<std::sync::MutexGuard<'_, State>> {
        self.state.lock().map_err(|_| Error::internal("null store lock poisoned"))
    }
}

#[async_trait]
impl TelemetryStore for NullStore {
    async fn append(&self, batches: Vec<AppliedBatch>) -> Result<()> {
        let mut state = self.state()?;
        for applied in batches {
            if state.applied.is_some_and(|at| applied.position <= at) {
                continue; // replayed: counted already
            }
            state.applied = Some(applied.position);
            let slot = match applied.batch.payload {
                Payload::Traces(_) => 0,
                Payload::Logs(_) => 1,
                Payload::Metrics(_) => 2,
            };
            let items = applied.batch.payload.item_count();
            state.counts.entry(applied.batch.tenant).or_default()[slot] += items;
        }
        Ok(())
    }

    async fn applied_position(&self) -> Result<Option<QueuePosition>> {
        Ok(self.state()?.applied)
    }

    async fn enforce_retention(&self, _: RetentionPolicy, _: u64) -> Result<RetentionReport> {
        Ok(RetentionReport::default())
    }

    async fn healthcheck(&self) -> Result<()> {
        self.state().map(|_| ())
    }

    async fn close(&self) -> Result<()> {
        Ok(())
    }
}

#[async_trait]
impl TelemetryQuery for NullStore {
    /// Counts of what was discarded; `traces` is 0 (distinct trace ids are not tracked).
    async fn stats(&self, tenant: &TenantId) -> Result<Stats> {
        let [spans, logs, metric_points] =
            self.state()?.counts.get(tenant).copied().unwrap_or_default();
        Ok(Stats { tenant: tenant.to_string(), spans, traces: 0, logs, metric_points })
    }

    async fn services(&self, _: &TenantId, _: TimeRange) -> Result<Vec<ServiceSummary>> {
        Ok(Vec::new())
    }

    async fn red_series(&self, _: &RedQuery) -> Result<Vec<OperationPoint>> {
        Ok(Vec::new())
    }

    async fn service_map(&self, _: &TenantId, _: TimeRange) -> Result<Vec<ServiceEdge>> {
        Ok(Vec::new())
    }

    async fn trace(&self, _: &TenantId, _: &str) -> Result<Vec<SpanRecord>> {
        Ok(Vec::new())
    }

    async fn search_traces(&self, _: &SpanQuery) -> Result<Paged<TraceSummary>> {
        Ok(Paged::last(Vec::new()))
    }

    async fn search_spans(&self, _: &SpanQuery) -> Result<Paged<SpanRecord>> {
        Ok(Paged::last(Vec::new()))
    }

    async fn search_logs(&self, _: &LogQuery) -> Result<Paged<LogRecordRow>> {
        Ok(Paged::last(Vec::new()))
    }

    async fn log_histogram(&self, _: &LogQuery, _: u64) -> Result<Vec<HistogramBucket>> {
        Ok(Vec::new())
    }

    async fn metric_points(&self, _: &MetricQuery) -> Result<Paged<MetricPoint>> {
        Ok(Paged::last(Vec::new()))
    }

    async fn metric_names(&self, _: &TenantId, _: TimeRange) -> Result<Vec<MetricName>> {
        Ok(Vec::new())
    }

    async fn metric_aggregate(&self, query: &MetricQuery) -> Result<MetricAggregate> {
        Ok(MetricAggregate { name: query.name.clone().unwrap_or_default(), ..Default::default() })
    }

    async fn metric_series(&self, _: &SeriesQuery) -> Result<Vec<SeriesPoint>> {
        Ok(Vec::new())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use ophion_core::Batch;
    use ophion_core::otlp::collector::logs::v1::ExportLogsServiceRequest;
    use ophion_core::otlp::collector::trace::v1::ExportTraceServiceRequest;
    use ophion_core::otlp::trace::v1::{ResourceSpans, ScopeSpans, Span};

    use super::*;

    fn spans(tenant: &str, position: u64, n: usize) -> AppliedBatch {
        let scope = ScopeSpans { spans: vec![Span::default(); n], ..Default::default() };
        let resource = ResourceSpans { scope_spans: vec![scope], ..Default::default() };
        let request = ExportTraceServiceRequest { resource_spans: vec![resource] };
        let batch = Batch::new(TenantId::new(tenant).unwrap(), Payload::Traces(request));
        AppliedBatch { position, batch }
    }

    #[tokio::test]
    async fn counts_per_tenant_and_ignores_replayed_positions() {
        let store = NullStore::new();
        store.append(vec![spans("a", 1, 3), spans("b", 2, 5)]).await.unwrap();
        // A replay of position 2 plus one new batch.
        store.append(vec![spans("b", 2, 5), spans("a", 3, 4)]).await.unwrap();
        let logs = Batch::new(
            TenantId::new("a").unwrap(),
            Payload::Logs(ExportLogsServiceRequest::default()),
        );
        store.append(vec![AppliedBatch { position: 4, batch: logs }]).await.unwrap();

        assert_eq!(store.applied_position().await.unwrap(), Some(4));
        let a = store.stats(&TenantId::new("a").unwrap()).await.unwrap();
        let b = store.stats(&TenantId::new("b").unwrap()).await.unwrap();
        assert_eq!((a.spans, a.logs, b.spans), (7, 0, 5));
        assert_eq!(store.stats(&TenantId::new("c").unwrap()).await.unwrap().spans, 0);
    }
}
