//! The audit log: one append-only record per state-changing call. Ids sort by time, so
//! pages are cut by id.

use ophion_core::{Error, Result, TenantId};
use rand::RngCore;
use serde::Serialize;
use utoipa::ToSchema;

use crate::{MetadataStore, db_error, now_ms};

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

impl AuditRecord {
    /// A record stamped now, with a fresh time-ordered id.
    pub fn now(tenant: &TenantId, actor: &str, action: &str, target: &str) -> Self {
        let time_ms = now_ms();
        let mut random = [0u8; 4];
        rand::rng().fill_bytes(&mut random);
        Self {
            id: format!("{:013x}{}", time_ms, hex::encode(random)),
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
        if let Some(cursor) = &filter.cursor {
            texts.push(cursor);
            sql.push_str(&format!(" AND id < ${}", texts.len() + 1));
        }
        for (op, value) in [(">=", filter.start_ms), ("<", filter.end_ms)] {
            if let Some(value) = value {
                numbers.push(value);
                sql.push_str(&format!(" AND time_ms {op} ${}", texts.len() + numbers.len() + 1));
            }
        }
        let limit = filter.limit.clamp(1, 1000);
        sql.push_str(&format!(" ORDER BY id DESC LIMIT {}", limit + 1));
        let mut query = sqlx::query_as::<_, AuditRow>(&sql).bind(tenant.as_str());
        for text in texts {
            query = query.bind(text);
        }
        for number in numbers {
            query = query.bind(number);
        }
        let rows = query.fetch_all(&self.pool).await.map_err(db_error)?;
        let mut records = rows.into_iter().map(from_row).collect::<Result<Vec<_>>>()?;
        let next_cursor = if records.len() > limit {
            records.truncate(limit);
            records.last().map(|r| r.id.clone())
        } else {
            None
        };
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
