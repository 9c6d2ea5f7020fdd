//! Referrals are kept only as long as the service's retention schedule says
//! (`retention_days`): `purge` deletes older ones when staff run it, and the
//! server does the same once an hour, so nothing depends on a forgotten cron
//! job. Each purge that deletes anything is written to the audit log.

use crate::audit::{Action, AuditLog};
use crate::store::{Store, StoreError};
use std::time::Duration;
use time::OffsetDateTime;
use tokio::task::JoinHandle;

/// How often the server purges. An hour late is well inside any schedule.
const EVERY: Duration = Duration::from_secs(60 * 60);

/// The time before which referrals are older than `days` (the earliest
/// time there is, for more days than the calendar holds: nothing is older).
pub fn cutoff(days: u32, now: OffsetDateTime) -> OffsetDateTime {
    now.checked_sub(time::Duration::days(i64::from(days)))
        .unwrap_or(OffsetDateTime::new_utc(
            time::Date::MIN,
            time::Time::MIDNIGHT,
        ))
}

/// Deletes referrals received before `cutoff` and records how many were
/// deleted (with the cut-off, never what they held) in `audit`; a purge that
/// deleted nothing is recorded only if `record_none` (a person ran it).
pub async fn purge(
    store: &Store,
    audit: &AuditLog,
    cutoff: OffsetDateTime,
    why: &str,
    record_none: bool,
) -> Result<u64, String> {
    let deleted = store
        .purge_received_before(cutoff)
        .await
        .map_err(|e: StoreError| e.to_string())?;
    if deleted == 0 && !record_none {
        return Ok(0);
    }
    let detail = format!("received before {} ({why})", crate::clock::rfc3339(cutoff));
    audit
        .record(Action::Purge, deleted, Some(detail))
        .map_err(|e| format!("{deleted} referral(s) deleted, but {e}"))?;
    Ok(deleted)
}

/// The server's hourly purge. Dropping it stops it.
pub struct RetentionWorker {
    task: JoinHandle<()>,
}

impl RetentionWorker {
    pub fn start(store: Store, audit: AuditLog, days: u32) -> RetentionWorker {
        let task = tokio::spawn(async move {
            let mut every = tokio::time::interval(EVERY);
            loop {
                every.tick().await;
                let why = format!("retention_days = {days}, by the server");
                let cut = cutoff(days, OffsetDateTime::now_utc());
                match purge(&store, &audit, cut, &why, false).await {
                    Ok(0) => {}
                    Ok(deleted) => tracing::info!(deleted, days, "purged old referrals"),
                    Err(e) => tracing::error!(error = %e, "cannot purge old referrals"),
                }
            }
        });
        RetentionWorker { task }
    }
}

impl Drop for RetentionWorker {
    fn drop(&mut self) {
        self.task.abort();
    }
}
