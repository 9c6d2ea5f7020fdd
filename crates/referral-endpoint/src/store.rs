//! The referrals database: SQLite, one row per referral, each stored exactly
//! once however often the sender retries.

use crate::reference;
use rusqlite::{Connection, ErrorCode, OptionalExtension, TransactionBehavior, params};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// How long a writer waits for another connection's transaction (another
/// process, such as `referral-endpoint list`, may hold the database briefly).
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Draws of a fresh reference before giving up: with 10^9 references a second
/// collision in a row already means something is wrong.
const REFERENCE_ATTEMPTS: usize = 8;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS referrals (
    id INTEGER PRIMARY KEY,
    reference TEXT UNIQUE NOT NULL,
    idempotency_key TEXT UNIQUE NOT NULL,
    channel TEXT NOT NULL,
    received_at TEXT NOT NULL,
    payload TEXT NOT NULL
);
PRAGMA user_version = 1;
";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("could not draw an unused reference in {REFERENCE_ATTEMPTS} attempts")]
    NoFreeReference,
}

/// What storing a referral did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new row, with its fresh reference.
    Created(String),
    /// The same key with the same payload was already stored: its reference.
    Replayed(String),
    /// The key is already stored with a different payload; nothing changed.
    Conflict,
}

/// One stored referral, as read back.
#[derive(Clone, PartialEq, Eq)]
pub struct StoredReferral {
    pub id: i64,
    pub reference: String,
    pub idempotency_key: String,
    /// The channel's kind: `self`, `clinic` or `embed`.
    pub channel: String,
    /// RFC 3339, UTC, whole seconds.
    pub received_at: String,
    /// The payload as canonical JSON.
    pub payload: String,
}

impl StoredReferral {
    /// The payload parsed back into JSON.
    pub fn payload_json(&self) -> serde_json::Value {
        serde_json::from_str(&self.payload).unwrap_or(serde_json::Value::Null)
    }

    /// Whether the referral carries a risk answer (`screening.risk_flag`).
    pub fn risk_flag(&self) -> bool {
        self.payload_json()["screening"]["risk_flag"] == serde_json::Value::Bool(true)
    }
}

/// Leaves the payload out: it holds personal data, and Debug output ends up
/// in logs and test failure messages.
impl fmt::Debug for StoredReferral {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredReferral")
            .field("id", &self.id)
            .field("reference", &self.reference)
            .field("idempotency_key", &self.idempotency_key)
            .field("channel", &self.channel)
            .field("received_at", &self.received_at)
            .field("payload", &format_args!("<{} bytes>", self.payload.len()))
            .finish()
    }
}

/// The database. Cheap to clone: clones share one connection.
///
/// One connection behind a mutex is enough for a referral service (a few
/// referrals a minute) and keeps every write strictly ordered; other
/// processes may open the same file, and `insert_or_replay` stays correct then
/// too because the database, not this mutex, decides.
#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
    path: PathBuf,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (creating if need be) the database at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref().to_path_buf();
        let open_error = |source| StoreError::Open {
            path: path.clone(),
            source,
        };
        let conn = Connection::open(&path).map_err(open_error)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_error)?;
        // WAL: readers (`list`, `export`) never block the server's writes.
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
            .map_err(open_error)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(open_error(rusqlite::Error::InvalidParameterName(format!(
                "journal_mode stayed {mode}, WAL is needed"
            ))));
        }
        // FULL: a 201 promises the referral is stored, so every commit is
        // synced to disk, even though WAL would allow less.
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(open_error)?;
        conn.execute_batch(SCHEMA).map_err(open_error)?;
        Ok(Store {
            conn: Arc::new(Mutex::new(conn)),
            path,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Stores a referral once per `key`, atomically.
    ///
    /// The check and the insert run in one `BEGIN IMMEDIATE` transaction, so
    /// two connections (even in two processes) sending the same key are
    /// serialised; if one still got past, the UNIQUE constraint refuses the
    /// second insert and the retry finds the first row.
    pub fn insert_or_replay(
        &self,
        key: &str,
        channel: &str,
        canonical_payload: &str,
    ) -> Result<Outcome, StoreError> {
        let mut conn = self.lock();
        for _ in 0..REFERENCE_ATTEMPTS {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let existing: Option<(String, String)> = tx
                .query_row(
                    "SELECT reference, payload FROM referrals WHERE idempotency_key = ?1",
                    [key],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?;
            if let Some((reference, payload)) = existing {
                return Ok(if payload == canonical_payload {
                    Outcome::Replayed(reference)
                } else {
                    Outcome::Conflict
                });
            }
            let reference = reference::random();
            let inserted = tx.execute(
                "INSERT INTO referrals (reference, idempotency_key, channel, received_at, payload)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![reference, key, channel, now_rfc3339(), canonical_payload],
            );
            match inserted {
                Ok(_) => {
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
    }

    /// How many referrals are stored.
    pub fn count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .lock()
            .query_row("SELECT COUNT(*) FROM referrals", [], |row| row.get(0))?;
        Ok(n as u64)
    }

    /// Every referral, oldest first.
    pub fn list(&self) -> Result<Vec<StoredReferral>, StoreError> {
        let conn = self.lock();
        let mut statement = conn.prepare(&format!("{SELECT} ORDER BY id"))?;
        let rows = statement.query_map([], from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The referral with this reference, if any.
    pub fn get_by_reference(&self, reference: &str) -> Result<Option<StoredReferral>, StoreError> {
        Ok(self
            .lock()
            .query_row(
                &format!("{SELECT} WHERE reference = ?1"),
                [reference],
                from_row,
            )
            .optional()?)
    }

    pub fn get_by_key(&self, idempotency_key: &str) -> Result<Option<StoredReferral>, StoreError> {
        Ok(self
            .lock()
            .query_row(
                &format!("{SELECT} WHERE idempotency_key = ?1"),
                [idempotency_key],
                from_row,
            )
            .optional()?)
    }

    /// A panic while holding the lock leaves the connection usable: an open
    /// transaction is rolled back when it is dropped.
    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
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

/// Now, as RFC 3339 in UTC to the second ("2026-11-23T09:41:07Z").
fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .expect("0 is a valid nanosecond");
    now.format(&time::format_description::well_known::Rfc3339)
        .expect("a UTC time formats as RFC 3339")
}
