//! The audit log: one append-only record per state-changing call. Ids are monotonic ULIDs:
//! they sort in the order records were made, within a millisecond too, so pages are cut by id
//! (a keyset: a page never skips or repeats a record while others are appended).

use std::sync::{LazyLock, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use ophion_core::{Error, Result, TenantId};
use serde::Serialize;
use ulid::{Generator, Ulid};
use utoipa::ToSchema;

use crate::{MAX_PAGE, MetadataStore, db_error, now_ms, page_of, rows_to_fetch};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Success,
    /// Refused for lack of a scope or by a rate limit.
    Denied,
    Failure,
}

impl Outcome {
    pub fn of_status(status: u16) -> Self {
        match status {
            200..=399 => Outcome::Success,
            401 | 403 | 429 => Outcome::Denied,
            _ => Outcome::Failure,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Denied => "denied",
            Outcome::Failure => "failure",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        match s {
            "success" => Ok(Outcome::Success),
            "denied" => Ok(Outcome::Denied),
            "failure" => Ok(Outcome::Failure),
            other => Err(Error::invalid(format!(
                "unknown outcome {other:?}: use success, denied or failure"
            ))),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct AuditRecord {
    pub id: String,
    pub tenant: String,
    pub time_ms: i64,
    /// `key:<id>`, `user:<subject>` or `anonymous`.
    pub actor: String,
    /// What was done, e.g. `keys.create`.
    pub action: String,
    /// What it was done to, e.g. a key id or a request path.
    pub target: String,
    pub outcome: Outcome,
    /// The HTTP status the call ended with.
    pub status: u16,
    pub request_id: String,
    pub client_ip: String,
}

/// One generator per process, so ids made in the same millisecond sort in the order they were
/// made (each is the last one plus one), and a clock stepping back cannot reorder them.
static IDS: LazyLock<Mutex<Generator>> = LazyLock::new(|| Mutex::new(Generator::new()));

/// The next id, stamped `time_ms` (the dashboards draw theirs here too).
pub(crate) fn next_id(time_ms: i64) -> String {
    let at = UNIX_EPOCH + Duration::from_millis(u64::try_from(time_ms).unwrap_or(0));
    let mut ids = IDS.lock().unwrap_or_else(|p| p.into_inner());
    // Overflow takes 2^80 ids in one millisecond; a plain ULID of that time would do then.
    ids.generate_from_datetime(at).unwrap_or_else(|_| Ulid::from_datetime(at)).to_string()
}

/// Hex digits of the ids written before ULIDs: 13 of milliseconds, 8 random. They sort before
/// every ULID (`00…` against `01…` until the year 2527), so a log holding both pages as one.
const LEGACY_ID_LEN: usize = 21;

/// The id a cursor names, in the form stored: a ULID (in canonical upper case) or a legacy id.
fn cursor_id(cursor: &str) -> Result<String> {
    // Decoding keeps the low 128 bits of what it reads: a cursor that does not encode back to
    // itself (a first digit above 7, an alias letter) is not an id this log issued.
    if let Ok(id) = Ulid::from_string(cursor)
        && id.to_string().eq_ignore_ascii_case(cursor)
    {
        return Ok(id.to_string());
    }
    let legacy = cursor.len() == LEGACY_ID_LEN
        && cursor.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if legacy {
        Ok(cursor.to_owned())
    } else {
        Err(Error::invalid("cursor is not an audit record id; pass a page's next_cursor"))
    }
}

impl AuditRecord {
    /// A record stamped now, with a fresh time-ordered id.
    pub fn now(tenant: &TenantId, actor: &str, action: &str, target: &str) -> Self {
        Self::at(now_ms(), tenant, actor, action, target)
    }

    /// A record stamped `time_ms`, with the next id.
    pub(crate) fn at(
        time_ms: i64,
        tenant: &TenantId,
        actor: &str,
        action: &str,
        target: &str,
    ) -> Self {
        Self {
            id: next_id(time_ms),
            tenant: tenant.to_string(),
            time_ms,
            actor: actor.to_owned(),
            action: action.to_owned(),
            target: target.to_owned(),
            outcome: Outcome::Success,
            status: 200,
            request_id: String::new(),
            client_ip: String::new(),
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    pub start_ms: Option<i64>,
    pub end_ms: Option<i64>,
    pub actor: Option<String>,
    pub action: Option<String>,
    pub outcome: Option<String>,
    pub limit: usize,
    /// The last id of the previous page.
    pub cursor: Option<String>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AuditPage {
    pub records: Vec<AuditRecord>,
    /// Pass as `cursor` for the next (older) page; absent on the last page.
    pub next_cursor: Option<String>,
}

type AuditRow = (String, String, i64, String, String, String, String, i64, String, String);

const COLUMNS: &str =
    "id, tenant, time_ms, actor, action, target, outcome, status, request_id, client_ip";

fn from_row(row: AuditRow) -> Result<AuditRecord> {
    let (id, tenant, time_ms, actor, action, target, outcome, status, request_id, client_ip) = row;
    Ok(AuditRecord {
        id,
        tenant,
        time_ms,
        actor,
        action,
        target,
        outcome: Outcome::parse(&outcome)?,
        status: u16::try_from(status).unwrap_or(0),
        request_id,
        client_ip,
    })
}

impl MetadataStore {
    pub async fn append_audit(&self, record: &AuditRecord) -> Result<()> {
        sqlx::query(&format!(
            "INSERT INTO audit_log ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
        ))
        .bind(&record.id)
        .bind(&record.tenant)
        .bind(record.time_ms)
        .bind(&record.actor)
        .bind(&record.action)
        .bind(&record.target)
        .bind(record.outcome.as_str())
        .bind(i64::from(record.status))
        .bind(&record.request_id)
        .bind(&record.client_ip)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    /// A tenant's records, newest first.
    pub async fn audit_logs(&self, tenant: &TenantId, filter: &AuditFilter) -> Result<AuditPage> {
        if let Some(outcome) = &filter.outcome {
            Outcome::parse(outcome)?;
        }
        let cursor = filter.cursor.as_deref().map(cursor_id).transpose()?;
        let mut sql = format!("SELECT {COLUMNS} FROM audit_log WHERE tenant = $1");
        let mut texts: Vec<&str> = Vec::new();
        let mut numbers: Vec<i64> = Vec::new();
        // Values are bound in this order: the text conditions, then the numeric ones.
        for (column, value) in
            [("actor", &filter.actor), ("action", &filter.action), ("outcome", &filter.outcome)]
        {
            if let Some(value) = value {
                texts.push(value);
                sql.push_str(&format!(" AND {column} = ${}", texts.len() + 1));
            }
        }
        if let Some(cursor) = &cursor {
            texts.push(cursor);
            sql.push_str(&format!(" AND id < ${}", texts.len() + 1));
        }
        for (op, value) in [(">=", filter.start_ms), ("<", filter.end_ms)] {
            if let Some(value) = value {
                numbers.push(value);
                sql.push_str(&format!(" AND time_ms {op} ${}", texts.len() + numbers.len() + 1));
            }
        }
        let limit = filter.limit.clamp(1, MAX_PAGE);
        sql.push_str(&format!(" ORDER BY id DESC LIMIT {}", rows_to_fetch(limit)));
        let mut query = sqlx::query_as::<_, AuditRow>(&sql).bind(tenant.as_str());
        for text in texts {
            query = query.bind(text);
        }
        for number in numbers {
            query = query.bind(number);
        }
        let rows = query.fetch_all(&self.pool).await.map_err(db_error)?;
        let records = rows.into_iter().map(from_row).collect::<Result<Vec<_>>>()?;
        let (records, next_cursor) = page_of(records, limit, |r: &AuditRecord| r.id.clone());
        Ok(AuditPage { records, next_cursor })
    }

    pub async fn audit_log(&self, tenant: &TenantId, id: &str) -> Result<Option<AuditRecord>> {
        let row: Option<AuditRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM audit_log WHERE tenant = $1 AND id = $2"
        ))
        .bind(tenant.as_str())
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?;
        row.map(from_row).transpose()
    }
}
