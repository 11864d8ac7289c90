//! `FaultyStore`: the real store with switchable failures, for outage and slow-store tests.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use async_trait::async_trait;
use ophion_core::query::*;
use ophion_core::store::{RetentionPolicy, RetentionReport};
use ophion_core::{AppliedBatch, Error, QueuePosition, Result, TelemetryStore, TenantId};

pub struct FaultyStore {
    inner: Arc<dyn TelemetryStore>,
    /// While set, every append fails as an outage would.
    pub failing: AtomicBool,
    pub failed_appends: AtomicU64,
    /// While set, every read a query makes fails (the alerting engine's error path).
    pub failing_reads: AtomicBool,
    /// While false, appends wait: a store that has stopped answering.
    open: tokio::sync::watch::Sender<bool>,
    /// Appends waiting behind [`FaultyStore::hold`].
    pub held_appends: AtomicU64,
}

impl FaultyStore {
    pub fn new(inner: Arc<dyn TelemetryStore>) -> Self {
        Self {
            inner,
            failing: AtomicBool::new(false),
            failed_appends: AtomicU64::new(0),
            failing_reads: AtomicBool::new(false),
            open: tokio::sync::watch::Sender::new(true),
            held_appends: AtomicU64::new(0),
        }
    }

    /// Appends wait from now on until [`FaultyStore::release`].
    pub fn hold(&self) {
        self.open.send_replace(false);
    }

    pub fn release(&self) {
        self.open.send_replace(true);
    }

    fn read(&self) -> Result<()> {
        if self.failing_reads.load(Ordering::Relaxed) {
            return Err(Error::unavailable("injected read failure"));
        }
        Ok(())
    }
}

#[async_trait]
impl TelemetryStore for FaultyStore {
    async fn append(&self, batches: Vec<AppliedBatch>) -> Result<()> {
        let mut open = self.open.subscribe();
        if !*open.borrow_and_update() {
            self.held_appends.fetch_add(1, Ordering::Relaxed);
            // The sender lives as long as `self`: waiting cannot fail.
            let _ = open.wait_for(|open| *open).await;
            self.held_appends.fetch_sub(1, Ordering::Relaxed);
        }
        if self.failing.load(Ordering::Relaxed) {
            self.failed_appends.fetch_add(1, Ordering::Relaxed);
            return Err(Error::unavailable("injected store outage"));
        }
        self.inner.append(batches).await
    }
    async fn applied_position(&self) -> Result<Option<QueuePosition>> {
        self.inner.applied_position().await
    }
    async fn enforce_retention(
        &self,
        policy: RetentionPolicy,
        now: u64,
    ) -> Result<RetentionReport> {
        self.inner.enforce_retention(policy, now).await
    }
    async fn healthcheck(&self) -> Result<()> {
        self.inner.healthcheck().await
    }
    async fn close(&self) -> Result<()> {
        self.inner.close().await
    }
}

#[async_trait]
impl TelemetryQuery for FaultyStore {
    async fn stats(&self, tenant: &TenantId) -> Result<Stats> {
        self.inner.stats(tenant).await
    }
    async fn services(&self, tenant: &TenantId, range: TimeRange) -> Result<Vec<ServiceSummary>> {
        self.read()?;
        self.inner.services(tenant, range).await
    }
    async fn service_map(&self, tenant: &TenantId, range: TimeRange) -> Result<Vec<ServiceEdge>> {
        self.inner.service_map(tenant, range).await
    }
    async fn red_series(&self, query: &RedQuery) -> Result<Vec<OperationPoint>> {
        self.read()?;
        self.inner.red_series(query).await
    }
    async fn services_series(
        &self,
        tenant: &TenantId,
        range: TimeRange,
        step_ns: u64,
    ) -> Result<Vec<ServiceStep>> {
        self.inner.services_series(tenant, range, step_ns).await
    }
    async fn trace(&self, tenant: &TenantId, trace_id: &str) -> Result<Vec<SpanRecord>> {
        self.inner.trace(tenant, trace_id).await
    }
    async fn search_traces(&self, query: &SpanQuery) -> Result<Paged<TraceSummary>> {
        self.inner.search_traces(query).await
    }
    async fn search_spans(&self, query: &SpanQuery) -> Result<Paged<SpanRecord>> {
        self.read()?;
        self.inner.search_spans(query).await
    }
    async fn search_logs(&self, query: &LogQuery) -> Result<Paged<LogRecordRow>> {
        self.read()?;
        self.inner.search_logs(query).await
    }
    async fn log_histogram(&self, query: &LogQuery, step_ns: u64) -> Result<Vec<HistogramBucket>> {
        self.read()?;
        self.inner.log_histogram(query, step_ns).await
    }
    async fn metric_points(&self, query: &MetricQuery) -> Result<Paged<MetricPoint>> {
        self.read()?;
        self.inner.metric_points(query).await
    }
    async fn metric_names(&self, tenant: &TenantId, range: TimeRange) -> Result<Vec<MetricName>> {
        self.inner.metric_names(tenant, range).await
    }
    async fn metric_aggregate(&self, query: &MetricQuery) -> Result<MetricAggregate> {
        self.inner.metric_aggregate(query).await
    }
    async fn metric_series(&self, query: &SeriesQuery) -> Result<Vec<SeriesPoint>> {
        self.read()?;
        self.inner.metric_series(query).await
    }
}
