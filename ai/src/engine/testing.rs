//! What the engine parts' tests share: one tenant's telemetry in memory, the insights, and a
//! tick over them at a chosen time.

use std::sync::Arc;

use ophion_core::TenantId;

use super::{EngineConfig, NS, TenantTick};
use crate::fixtures::MemoryTelemetry;
use crate::insight::{Insight, InsightFilter, InsightKind, InsightStore};

/// The default step.
pub const STEP: u64 = 300 * NS;
/// A day boundary, where the tests' telemetry starts.
pub const T0: u64 = 1_699_920_000 * NS;
pub const HOUR: u64 = 3600 * NS;
pub const DAY: u64 = 24 * HOUR;

pub struct Harness {
    pub telemetry: Arc<MemoryTelemetry>,
    pub insights: Arc<InsightStore>,
    pub config: EngineConfig,
    pub tenant: TenantId,
}

impl Harness {
    pub fn new() -> Self {
        let tenant = TenantId::new("shop").expect("a valid tenant");
        Self {
            telemetry: Arc::new(MemoryTelemetry::new(&tenant)),
            insights: Arc::new(InsightStore::new(10_000)),
            config: EngineConfig::default(),
            tenant,
        }
    }

    /// The tick that reads up to `upto`, a step boundary (`lag` after it).
    pub fn tick(&self, upto: u64) -> TenantTick<'_> {
        let now = upto + u64::try_from(self.config.lag.as_nanos()).unwrap_or(0);
        TenantTick::new(self.telemetry.as_ref(), &self.insights, &self.config, &self.tenant, now)
    }

    /// The tenant's insights of one kind, newest first.
    pub fn insights(&self, kind: InsightKind) -> Vec<Insight> {
        let filter = InsightFilter { kind: Some(kind), ..InsightFilter::default() };
        self.insights.list(&self.tenant, &filter, None, usize::MAX).insights
    }
}
