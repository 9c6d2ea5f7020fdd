//! The SQLite backend: one file on one machine, one connection per process.
//!
//! SQLite calls block, so every method runs its work on Tokio's blocking
//! threads ([`tokio::task::spawn_blocking`]): callers simply `.await`.

use super::{
    NewReferral, Notification, OutboxKind, Outcome, REFERENCE_ATTEMPTS, StoreError, StoredReferral,
    ceil_to_second, lease_end,
};
use crate::clock::{now_whole_seconds, rfc3339};
use crate::reference;
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior, params};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use time::OffsetDateTime;

/// How long a writer waits for another connection's transaction (another
/// process, such as `referral-endpoint list`, may hold the database briefly).
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The schema, one step per version (`PRAGMA user_version`). A database is
/// brought from its version to the last in one transaction. Each step also
/// tolerates its tables existing: endpoints before version 2 reset
/// `user_version` to 1 on every start.
const MIGRATIONS: [&str; 3] = [
    // 1: the referrals.
    "CREATE TABLE IF NOT EXISTS referrals (
        id INTEGER PRIMARY KEY,
        reference TEXT UNIQUE NOT NULL,
        idempotency_key TEXT UNIQUE NOT NULL,
        channel TEXT NOT NULL,
        received_at TEXT NOT NULL,
        payload TEXT NOT NULL
    );",
    // 2: the outbox of risk notifications. Times are Unix milliseconds, so
    // they compare as numbers; deleting a referral deletes its row.
    "CREATE TABLE IF NOT EXISTS notification_outbox (
        id INTEGER PRIMARY KEY,
        referral_id INTEGER NOT NULL UNIQUE REFERENCES referrals (id) ON DELETE CASCADE,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        leased_until INTEGER
    );
    CREATE INDEX IF NOT EXISTS notification_outbox_due ON notification_outbox (next_attempt_at);",
    // 3: one outbox for every kind of delivery, one row per referral per
    // kind. SQLite cannot change a UNIQUE constraint, so the table is made
    // anew; the rows already queued are risk notifications; every referral
    // already stored is queued for FHIR forwarding (a Bundle the server
    // already has creates nothing: conditional create).
    "CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        referral_id INTEGER NOT NULL REFERENCES referrals (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('risk_webhook', 'fhir_forward')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        leased_until INTEGER,
        UNIQUE (referral_id, kind)
    );
    INSERT INTO outbox (id, referral_id, kind, attempts, next_attempt_at, leased_until)
        SELECT id, referral_id, 'risk_webhook', attempts, next_attempt_at, leased_until
        FROM notification_outbox;
    INSERT INTO outbox (referral_id, kind, next_attempt_at)
        SELECT id, 'fhir_forward', CAST(unixepoch('now', 'subsec') * 1000 AS INTEGER) FROM referrals;
    DROP TABLE notification_outbox;
    CREATE INDEX outbox_due ON outbox (kind, next_attempt_at);",
];

/// One connection behind a mutex: enough for a referral service (a few
/// referrals a minute) and every write strictly ordered. Other processes may
/// open the same file, and `insert_or_replay` stays correct then too because
/// the database, not this mutex, decides.
#[derive(Clone)]
pub(super) struct SqliteStore {
    conn: Arc<Mutex<Connection>>,
}

impl SqliteStore {
    pub(super) async fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let path = path.to_owned();
        let conn = blocking(move || open_read_write(&path)).await?;
        Ok(SqliteStore::with(conn))
    }

    pub(super) async fn open_read_only(path: &Path) -> Result<SqliteStore, StoreError> {
        let path = path.to_owned();
        let conn = blocking(move || open_read_only(&path)).await?;
        Ok(SqliteStore::with(conn))
    }

    fn with(conn: Connection) -> SqliteStore {
        SqliteStore {
            conn: Arc::new(Mutex::new(conn)),
        }
    }

    /// Runs `work` on the connection on a blocking thread.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let conn = Arc::clone(&self.conn);
        blocking(move || work(&mut lock(&conn))).await
    }

    /// The check and the insert run in one `BEGIN IMMEDIATE` transaction, so
    /// two connections (even in two processes) sending the same key are
    /// serialised; if one still got past, the UNIQUE constraint refuses the
    /// second insert and the retry finds the first row.
    pub(super) async fn insert_or_replay(
        &self,
        new: NewReferral<'_>,
    ) -> Result<Outcome, StoreError> {
        let (key, channel, payload) = (
            new.key.to_owned(),
            new.channel.to_owned(),
            new.canonical_payload.to_owned(),
        );
        let notify = new.notify;
        self.run(move |conn| {
            for _ in 0..REFERENCE_ATTEMPTS {
                let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let existing: Option<(String, String)> = tx
                    .query_row(
                        "SELECT reference, payload FROM referrals WHERE idempotency_key = ?1",
                        [&key],
                        |row| Ok((row.get(0)?, row.get(1)?)),
                    )
                    .optional()?;
                if let Some((reference, stored)) = existing {
                    return Ok(if stored == payload {
                        Outcome::Replayed(reference)
                    } else {
                        Outcome::Conflict
                    });
                }
                let reference = reference::random();
                let now = now_whole_seconds();
                let inserted = tx.execute(
                    "INSERT INTO referrals (reference, idempotency_key, channel, received_at, payload)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![reference, key, channel, rfc3339(now), payload],
                );
                match inserted {
                    Ok(_) => {
                        let id = tx.last_insert_rowid();
                        let kinds = [OutboxKind::FhirForward, OutboxKind::RiskWebhook];
                        for kind in &kinds[..if notify { 2 } else { 1 }] {
                            tx.execute(
                                "INSERT INTO outbox (referral_id, kind, next_attempt_at)
                                 VALUES (?1, ?2, ?3)",
                                params![id, kind.as_str(), millis(now)],
                            )?;
                        }
                        tx.commit()?;
                        return Ok(Outcome::Created(reference));
                    }
                    // A reference drawn twice, or the key stored meanwhile by
                    // another connection: roll back (on drop) and look again.
                    Err(e) if is_unique_violation(&e) => continue,
                    Err(e) => return Err(e.into()),
                }
            }
            Err(StoreError::NoFreeReference)
        })
        .await
    }

    pub(super) async fn count(&self) -> Result<u64, StoreError> {
        self.run(|conn| {
            let n: i64 = conn.query_row("SELECT COUNT(*) FROM referrals", [], |row| row.get(0))?;
            Ok(n.unsigned_abs())
        })
        .await
    }

    pub(super) async fn list(&self) -> Result<Vec<StoredReferral>, StoreError> {
        self.run(|conn| {
            let mut statement = conn.prepare(&format!("{SELECT} ORDER BY id"))?;
            let rows = statement.query_map([], from_row)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    pub(super) async fn get_by_reference(
        &self,
        reference: &str,
    ) -> Result<Option<StoredReferral>, StoreError> {
        self.get_where("reference", reference).await
    }

    pub(super) async fn get_by_key(&self, key: &str) -> Result<Option<StoredReferral>, StoreError> {
        self.get_where("idempotency_key", key).await
    }

    async fn get_where(
        &self,
        column: &'static str,
        value: &str,
    ) -> Result<Option<StoredReferral>, StoreError> {
        let value = value.to_owned();
        self.run(move |conn| {
            let sql = format!("{SELECT} WHERE {column} = ?1");
            Ok(conn.query_row(&sql, [value], from_row).optional()?)
        })
        .await
    }

    /// The outbox rows go by `ON DELETE CASCADE` (foreign keys are on).
    pub(super) async fn delete_by_reference(&self, reference: &str) -> Result<bool, StoreError> {
        let reference = reference.to_owned();
        self.run(move |conn| {
            let deleted =
                conn.execute("DELETE FROM referrals WHERE reference = ?1", [reference])?;
            forget_wal(conn)?;
            Ok(deleted > 0)
        })
        .await
    }

    /// `received_at` is whole-second RFC 3339 text in UTC, which sorts as
    /// the time does; a cutoff within a second is rounded up, so a referral
    /// received at 10:00:00 (truncated from 10:00:00.7) is before 10:00:00.5.
    pub(super) async fn purge_received_before(
        &self,
        cutoff: OffsetDateTime,
    ) -> Result<u64, StoreError> {
        let cutoff = rfc3339(ceil_to_second(cutoff));
        self.run(move |conn| {
            let deleted = conn.execute("DELETE FROM referrals WHERE received_at < ?1", [cutoff])?;
            forget_wal(conn)?;
            Ok(deleted as u64)
        })
        .await
    }

    pub(super) async fn ping(&self) -> Result<(), StoreError> {
        self.run(|conn| {
            conn.query_row("SELECT EXISTS (SELECT 1 FROM referrals)", [], |_| Ok(()))?;
            Ok(())
        })
        .await
    }

    /// One `BEGIN IMMEDIATE` transaction reads and leases the rows: it holds
    /// the database's write lock, so no other process claims them meanwhile.
    pub(super) async fn claim_due_notifications(
        &self,
        kind: OutboxKind,
        now: OffsetDateTime,
        lease: Duration,
        limit: usize,
    ) -> Result<Vec<Notification>, StoreError> {
        let (now_ms, until_ms) = (millis(now), millis(lease_end(now, lease)));
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let due: Vec<Notification> = tx
                .prepare(
                    "SELECT o.id, r.reference, r.channel, r.received_at, o.attempts
                     FROM outbox o JOIN referrals r ON r.id = o.referral_id
                     WHERE o.kind = ?3 AND o.next_attempt_at <= ?1
                       AND (o.leased_until IS NULL OR o.leased_until <= ?1)
                     ORDER BY o.next_attempt_at, o.id LIMIT ?2",
                )?
                .query_map(params![now_ms, limit, kind.as_str()], |row| {
                    Ok(Notification {
                        id: row.get(0)?,
                        reference: row.get(1)?,
                        channel: row.get(2)?,
                        received_at: row.get(3)?,
                        attempts: u32::try_from(row.get::<_, i64>(4)?).unwrap_or(u32::MAX),
                    })
                })?
                .collect::<Result<_, _>>()?;
            for notification in &due {
                tx.execute(
                    "UPDATE outbox SET leased_until = ?1 WHERE id = ?2",
                    params![until_ms, notification.id],
                )?;
            }
            tx.commit()?;
            Ok(due)
        })
        .await
    }

    pub(super) async fn notification_delivered(&self, id: i64) -> Result<(), StoreError> {
        self.run(move |conn| {
            conn.execute("DELETE FROM outbox WHERE id = ?1", [id])?;
            Ok(())
        })
        .await
    }

    pub(super) async fn notification_failed(
        &self,
        id: i64,
        next_attempt_at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let next = millis(next_attempt_at);
        self.run(move |conn| {
            conn.execute(
                "UPDATE outbox
                 SET attempts = attempts + 1, leased_until = NULL, next_attempt_at = ?2
                 WHERE id = ?1",
                params![id, next],
            )?;
            Ok(())
        })
        .await
    }

    pub(super) async fn pending_notifications(&self, kind: OutboxKind) -> Result<u64, StoreError> {
        self.run(move |conn| {
            let n: i64 = conn.query_row(
                "SELECT COUNT(*) FROM outbox WHERE kind = ?1",
                [kind.as_str()],
                |row| row.get(0),
            )?;
            Ok(n.unsigned_abs())
        })
        .await
    }
}

/// Creates the file if need be with mode 0600 whatever the umask (it holds
/// personal data), and narrows an existing file that others could read to
/// 0600 too (one made by hand, or by an older endpoint); then opens it: WAL,
/// every commit synced, deleted data overwritten, foreign keys enforced, the
/// schema brought up to date.
fn open_read_write(path: &Path) -> Result<Connection, StoreError> {
    let failed = open_error(path);
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)
        .map_err(|e| failed(e.to_string()))?;
    let mode = file
        .metadata()
        .map_err(|e| failed(e.to_string()))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        tracing::warn!(
            database = %path.display(),
            "the database could be read by others (mode {:o}): now 0600",
            mode & 0o777
        );
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(|e| failed(e.to_string()))?;
    }
    let mut conn = Connection::open(path).map_err(|e| failed(e.to_string()))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // WAL: readers (`list`, `export`) never block the server's writes.
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(failed(format!("journal_mode stayed {mode}, WAL is needed")));
    }
    // FULL: a 201 promises the referral is stored, so every commit is
    // synced to disk, even though WAL would allow less.
    conn.pragma_update(None, "synchronous", "FULL")?;
    // A deleted referral's bytes are overwritten, not left in free pages.
    conn.pragma_update(None, "secure_delete", "ON")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrate(&mut conn).map_err(&failed)?;
    restrict_companions(path).map_err(|e| failed(e.to_string()))?;
    Ok(conn)
}

/// Opens an existing file with `SQLITE_OPEN_READ_ONLY`: SQLite refuses every
/// write, and a missing file is an error, never a new empty database.
fn open_read_only(path: &Path) -> Result<Connection, StoreError> {
    if !path.is_file() {
        return Err(StoreError::Missing {
            database: path.display().to_string(),
        });
    }
    let failed = open_error(path);
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| failed(e.to_string()))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(|e| failed(e.to_string()))?;
    if version == 0 {
        return Err(failed("it is not a referrals database".into()));
    }
    check_known(version).map_err(failed)?;
    Ok(conn)
}

fn open_error(path: &Path) -> impl Fn(String) -> StoreError + '_ {
    move |problem| StoreError::Open {
        database: path.display().to_string(),
        problem,
    }
}

/// Brings the schema to the last version in one transaction; a second
/// process opening at the same moment waits, then finds nothing to do.
fn migrate(conn: &mut Connection) -> Result<(), String> {
    let sqlite = |e: rusqlite::Error| e.to_string();
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(sqlite)?;
    let version: i64 = tx
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(sqlite)?;
    check_known(version)?;
    let done = usize::try_from(version).unwrap_or(0);
    for step in &MIGRATIONS[done..] {
        tx.execute_batch(step).map_err(sqlite)?;
    }
    tx.pragma_update(None, "user_version", MIGRATIONS.len())
        .map_err(sqlite)?;
    tx.commit().map_err(sqlite)
}

/// A newer endpoint's database is not touched: its schema may mean more.
fn check_known(version: i64) -> Result<(), String> {
    if version > MIGRATIONS.len() as i64 {
        Err(format!(
            "its schema is version {version}, newer than this endpoint's {}: upgrade the endpoint",
            MIGRATIONS.len()
        ))
    } else {
        Ok(())
    }
}

/// SQLite gives `-wal` and `-shm` the database file's mode; should they be
/// wider anyway (made by another tool, or before the file was restricted),
/// they are narrowed to it: the WAL holds the same personal data.
fn restrict_companions(path: &Path) -> std::io::Result<()> {
    let mode = std::fs::metadata(path)?.permissions().mode() & 0o777;
    for suffix in ["-wal", "-shm"] {
        let mut companion: PathBuf = path.to_owned();
        companion.as_mut_os_string().push(suffix);
        match std::fs::metadata(&companion) {
            Ok(meta) if meta.permissions().mode() & 0o777 & !mode != 0 => {
                std::fs::set_permissions(&companion, std::fs::Permissions::from_mode(mode))?;
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Copies the WAL into the database and empties it, so deleted rows do not
/// linger in it. A reader in the middle of a transaction can stop it for now
/// (the next checkpoint finishes the job): that is not an error.
fn forget_wal(conn: &Connection) -> Result<(), StoreError> {
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| row.get(0))?;
    if busy != 0 {
        tracing::warn!("the WAL could not be emptied yet: another connection is reading");
    }
    Ok(())
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| StoreError::TaskFailed)?
}

/// A panic while holding the lock leaves the connection usable: an open
/// transaction is rolled back when it is dropped.
fn lock(conn: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

const SELECT: &str =
    "SELECT id, reference, idempotency_key, channel, received_at, payload FROM referrals";

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredReferral> {
    Ok(StoredReferral {
        id: row.get(0)?,
        reference: row.get(1)?,
        idempotency_key: row.get(2)?,
        channel: row.get(3)?,
        received_at: row.get(4)?,
        payload: row.get(5)?,
    })
}

fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.code == ErrorCode::ConstraintViolation
            && f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE)
}

/// Unix time in milliseconds, as the outbox stores times.
fn millis(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}
