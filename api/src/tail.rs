//! Live tail of logs: the caller's log records as server-sent events, the moment the store
//! has applied them (the writer announces each applied log batch; see
//! `ophion_pipeline::writer::AppliedLogs`).
//!
//! Bounded everywhere: the writer's announcements sit in one shared ring of
//! [`RING_BATCHES`]; a tail that falls a whole ring behind gets a `dropped` event saying so and
//! is closed (the console offers to resume), so a slow reader never holds memory or the writer
//! back. A connection holds at most one announced batch of events; a tenant holds at most
//! [`MAX_TAILS_PER_TENANT`] tails, the next is refused with 429.

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use ophion_core::query::LogRecordRow;
use ophion_core::{AppliedBatch, Error, TenantId};
use ophion_storage::tail::{TailedLog, tailed_logs};
use serde::Serialize;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, watch};
use utoipa::ToSchema;

use crate::access::Caller;
use crate::params::{Kind, MIN_SEVERITY, Param, Params, QuerySpec, SERVICE};
use crate::{ApiResult, ApiState};

/// Writer transactions the ring keeps for tails that are behind: at the default linger
/// (500 ms) several seconds of slack.
pub const RING_BATCHES: usize = 16;
pub const MAX_TAILS_PER_TENANT: usize = 8;

const TEXT: Param = Param::new("q", Kind::Text, "Only records whose body contains this (any case)");
pub const TAIL_QUERY: QuerySpec =
    QuerySpec { params: &[SERVICE, TEXT, MIN_SEVERITY], attributes: false };

/// The applied-log announcements and who is listening to them.
pub struct LogTail {
    applied: broadcast::Sender<Arc<Vec<AppliedBatch>>>,
    /// Turns true at shutdown: open tails end so connections can close.
    stop: watch::Receiver<bool>,
    open: Mutex<HashMap<TenantId, usize>>,
}

impl LogTail {
    pub fn new(
        applied: broadcast::Sender<Arc<Vec<AppliedBatch>>>,
        stop: watch::Receiver<bool>,
    ) -> Self {
        Self { applied, stop, open: Mutex::new(HashMap::new()) }
    }

    /// A ring to announce applied log batches on, for the writer and [`LogTail::new`].
    pub fn ring() -> broadcast::Sender<Arc<Vec<AppliedBatch>>> {
        broadcast::channel(RING_BATCHES).0
    }

    fn seat(self: &Arc<Self>, tenant: &TenantId) -> Result<Seat, Error> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let count = open.entry(tenant.clone()).or_default();
        if *count >= MAX_TAILS_PER_TENANT {
            return Err(Error::rate_limited(
                format!(
                    "this tenant already has {MAX_TAILS_PER_TENANT} live tails open; close one \
                     (another tab or window) and try again"
                ),
                Duration::from_secs(5),
            ));
        }
        *count += 1;
        Ok(Seat { tail: self.clone(), tenant: tenant.clone() })
    }
}

/// One open tail, counted against its tenant until dropped.
struct Seat {
    tail: Arc<LogTail>,
    tenant: TenantId,
}

impl Drop for Seat {
    fn drop(&mut self) {
        let mut open = self.tail.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = open.get_mut(&self.tenant) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.tenant);
            }
        }
    }
}

/// Which records a tail shows: the search's filters, with the same meaning.
struct TailFilter {
    service: Option<String>,
    /// Lower-cased.
    text: Option<String>,
    min_severity: Option<i32>,
}

impl TailFilter {
    fn matches(&self, log: &TailedLog) -> bool {
        let record = &log.record;
        self.service.as_ref().is_none_or(|s| *s == record.service_name)
            && self.min_severity.is_none_or(|min| record.severity_number >= min)
            && self.text.as_ref().is_none_or(|t| log.body_text.to_lowercase().contains(t))
    }
}

/// The `dropped` event's data: why the server closed the tail.
#[derive(Serialize, ToSchema)]
pub struct TailDropped {
    pub message: String,
    /// Writer transactions that passed while this tail was behind.
    pub skipped_batches: u64,
}

/// New log records as server-sent events: `log` events, each one record as `/api/v1/logs`
/// returns it, in the order the store applied them; a `dropped` event when the reader fell
/// too far behind, after which the server closes the stream. `q`, `service` and
/// `min_severity` filter as in a search. At most 8 tails per tenant (429 beyond).
#[utoipa::path(get, path = "/api/v1/logs/tail",
    responses((status = 200, content_type = "text/event-stream",
            description = "`event: log` with a log record, or `event: dropped` then the end",
            body = LogRecordRow),
        (status = 400, body = crate::error::ErrorBody),
        (status = 429, description = "Too many tails open for this tenant", body = crate::error::ErrorBody)))]
pub async fn tail(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    mut p: Params,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let filter = TailFilter {
        service: p.take("service"),
        text: p.take("q").map(|t| t.to_lowercase()),
        min_severity: p.min_severity()?,
    };
    let seat = state.tail.seat(&caller.tenant)?;
    // Subscribed before the response starts: whatever is applied after the client sees the
    // 200 reaches it.
    let tailing = Tailing {
        receiver: state.tail.applied.subscribe(),
        stop: state.tail.stop.clone(),
        seat,
        filter,
        ready: VecDeque::new(),
        done: false,
    };
    let events = futures_util::stream::unfold(tailing, Tailing::next);
    Ok(Sse::new(events).keep_alive(KeepAlive::default()))
}

/// Resolves when the server stops; never when nothing can stop it any more (no sender).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    if stop.wait_for(|stop| *stop).await.is_err() {
        std::future::pending::<()>().await;
    }
}

struct Tailing {
    receiver: broadcast::Receiver<Arc<Vec<AppliedBatch>>>,
    stop: watch::Receiver<bool>,
    seat: Seat,
    filter: TailFilter,
    /// Events of the last announced batch not yet sent.
    ready: VecDeque<Event>,
    done: bool,
}

impl Tailing {
    async fn next(mut self) -> Option<(Result<Event, Infallible>, Self)> {
        loop {
            if let Some(event) = self.ready.pop_front() {
                return Some((Ok(event), self));
            }
            if self.done {
                return None;
            }
            let announced = tokio::select! {
                announced = self.receiver.recv() => announced,
                () = stopped(&mut self.stop) => Err(RecvError::Closed),
            };
            match announced {
                Ok(batches) => self.take(&batches),
                Err(RecvError::Lagged(skipped)) => {
                    let dropped = TailDropped {
                        message: format!(
                            "The live tail fell behind (the server skipped {skipped} batches of \
                             records it could not deliver in time) and was stopped. Resume to \
                             start again from now; search to see what was missed."
                        ),
                        skipped_batches: skipped,
                    };
                    self.ready.extend(Event::default().event("dropped").json_data(dropped).ok());
                    self.done = true;
                }
                Err(RecvError::Closed) => self.done = true,
            }
        }
    }

    fn take(&mut self, batches: &[AppliedBatch]) {
        for batch in batches.iter().filter(|b| b.batch.tenant == self.seat.tenant) {
            match tailed_logs(batch) {
                Ok(logs) => self.ready.extend(
                    logs.iter().filter(|log| self.filter.matches(log)).filter_map(|log| {
                        Event::default().event("log").json_data(&log.record).ok()
                    }),
                ),
                // The store took this batch; a record the tail cannot show is left out of it.
                Err(err) => tracing::warn!(%err, "a log batch could not be tailed"),
            }
        }
    }
}
