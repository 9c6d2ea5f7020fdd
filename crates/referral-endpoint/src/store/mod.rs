//! The referrals database: one row per referral, each stored exactly once
//! however often the sender retries, and a durable outbox of what is still
//! to be delivered about them (risk notifications, FHIR Bundles: [`OutboxKind`]).
//!
//! Two backends behind one interface, with the same semantics: SQLite for a
//! service on one machine ([`sqlite`]), PostgreSQL for one that runs two
//! endpoint instances or more behind a load balancer ([`postgres`]). The
//! `database` setting chooses: a path, or a `postgres://` URL ([`Database`]).

mod database;
mod postgres;
mod postgres_tls;
mod sqlite;

pub use database::Database;

use std::fmt;
use std::time::Duration;
use time::OffsetDateTime;

/// Draws of a fresh reference before giving up: with 10^9 references a second
/// collision in a row already means something is wrong.
const REFERENCE_ATTEMPTS: usize = 8;

/// Every message names the database as [`Database`] displays it (no
/// password) and says what failed; none carries a payload or a bound value.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database {database}: {problem}")]
    Open { database: String, problem: String },
    #[error("no database at {database}")]
    Missing { database: String },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL's error code and message, without its DETAIL (which can
    /// quote a row's values).
    #[error("database error: {0}")]
    Postgres(String),
    #[error("could not draw an unused reference in {REFERENCE_ATTEMPTS} attempts")]
    NoFreeReference,
    #[error("the database task stopped unexpectedly")]
    TaskFailed,
}

/// A referral to store.
#[derive(Clone, Copy)]
pub struct NewReferral<'a> {
    /// The `Idempotency-Key`: one row per key, ever.
    pub key: &'a str,
    /// The channel's kind: `self`, `clinic` or `embed`.
    pub channel: &'a str,
    /// The payload as canonical JSON, so a retry compares equal byte for byte.
    pub canonical_payload: &'a str,
    /// Queue a risk notification in the same transaction as the row (only
    /// when the row is created), so one is sent for every referral stored
    /// with a risk answer, even if the process stops just after the commit.
    /// (Every created row is queued for FHIR forwarding too, always.)
    pub notify: bool,
}

/// Leaves the payload out, as [`StoredReferral`]'s Debug does.
impl fmt::Debug for NewReferral<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewReferral")
            .field("key", &self.key)
            .field("channel", &self.channel)
            .field(
                "canonical_payload",
                &format_args!("<{} bytes>", self.canonical_payload.len()),
            )
            .field("notify", &self.notify)
            .finish()
    }
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

/// What an outbox row is for: one row per referral per kind, at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutboxKind {
    /// A risk notification to the duty team's webhook: queued for each
    /// referral with a risk answer.
    RiskWebhook,
    /// The referral's FHIR Bundle to a FHIR server: queued for every referral.
    FhirForward,
}

impl OutboxKind {
    /// The `kind` column's value.
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxKind::RiskWebhook => "risk_webhook",
            OutboxKind::FhirForward => "fhir_forward",
        }
    }
}

/// An outbox row due to be delivered, claimed for a while by whoever called
/// [`Store::claim_due_notifications`]. It says which referral, never what the
/// person answered: whoever needs that reads the referral by its reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// The outbox row, for [`Store::notification_delivered`] and
    /// [`Store::notification_failed`].
    pub id: i64,
    pub reference: String,
    pub channel: String,
    /// The referral's, RFC 3339, UTC, whole seconds.
    pub received_at: String,
    /// Failed attempts so far.
    pub attempts: u32,
}

/// The database. Cheap to clone: clones share one connection (SQLite) or one
/// pool (PostgreSQL).
#[derive(Clone)]
pub struct Store {
    database: std::sync::Arc<Database>,
    backend: Backend,
}

#[derive(Clone)]
enum Backend {
    Sqlite(sqlite::SqliteStore),
    Postgres(postgres::PostgresStore),
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("database", &self.database)
            .finish()
    }
}

/// Calls the same method on whichever backend this store has.
macro_rules! on_backend {
    ($store:ident . $method:ident ( $($arg:expr),* )) => {
        match &$store.backend {
            Backend::Sqlite(backend) => backend.$method($($arg),*).await,
            Backend::Postgres(backend) => backend.$method($($arg),*).await,
        }
    };
}

impl Store {
    /// Opens the database to read and write, creating it (SQLite) or its
    /// tables (PostgreSQL) if need be, and bringing its schema up to date.
    pub async fn open(database: &Database) -> Result<Store, StoreError> {
        let backend = match database {
            Database::Sqlite(path) => Backend::Sqlite(sqlite::SqliteStore::open(path).await?),
            Database::Postgres(url) => {
                Backend::Postgres(postgres::PostgresStore::open(url, database).await?)
            }
        };
        Ok(Store::with(database, backend))
    }

    /// Opens an existing database only to read: never creates a file nor a
    /// table and never migrates, so staff who list or export referrals can be
    /// given read access alone, and a mistyped path is an error rather than
    /// an empty list. Every write through it fails.
    pub async fn open_read_only(database: &Database) -> Result<Store, StoreError> {
        let backend = match database {
            Database::Sqlite(path) => {
                Backend::Sqlite(sqlite::SqliteStore::open_read_only(path).await?)
            }
            Database::Postgres(url) => {
                Backend::Postgres(postgres::PostgresStore::open_read_only(url, database).await?)
            }
        };
        Ok(Store::with(database, backend))
    }

    fn with(database: &Database, backend: Backend) -> Store {
        Store {
            database: std::sync::Arc::new(database.clone()),
            backend,
        }
    }

    /// The database this store was opened on.
    pub fn database(&self) -> &Database {
        &self.database
    }

    /// Stores a referral once per key, atomically: [`Outcome::Created`] with a
    /// fresh reference, [`Outcome::Replayed`] with the first reference for the
    /// same payload, [`Outcome::Conflict`] for another payload. Concurrent
    /// senders of one key, even through two processes or two machines, leave
    /// one row: the database's unique key decides, not this process.
    pub async fn insert_or_replay(&self, new: NewReferral<'_>) -> Result<Outcome, StoreError> {
        on_backend!(self.insert_or_replay(new))
    }

    /// How many referrals are stored.
    pub async fn count(&self) -> Result<u64, StoreError> {
        on_backend!(self.count())
    }

    /// Every referral, oldest first.
    pub async fn list(&self) -> Result<Vec<StoredReferral>, StoreError> {
        on_backend!(self.list())
    }

    /// The referral with this reference, if any.
    pub async fn get_by_reference(
        &self,
        reference: &str,
    ) -> Result<Option<StoredReferral>, StoreError> {
        on_backend!(self.get_by_reference(reference))
    }

    /// The referral stored under this `Idempotency-Key`, if any.
    pub async fn get_by_key(&self, key: &str) -> Result<Option<StoredReferral>, StoreError> {
        on_backend!(self.get_by_key(key))
    }

    /// Deletes one referral and its queued notifications; whether it existed.
    pub async fn delete_by_reference(&self, reference: &str) -> Result<bool, StoreError> {
        on_backend!(self.delete_by_reference(reference))
    }

    /// Deletes every referral received before `cutoff` (and its queued
    /// notifications); how many referrals. SQLite then empties its WAL file,
    /// so the deleted rows do not linger there ([`sqlite`]'s `secure_delete`
    /// overwrites them in the database file itself).
    pub async fn purge_received_before(&self, cutoff: OffsetDateTime) -> Result<u64, StoreError> {
        on_backend!(self.purge_received_before(cutoff))
    }

    /// A real round trip to the database (a read of the referrals table), for
    /// a health check.
    pub async fn ping(&self) -> Result<(), StoreError> {
        on_backend!(self.ping())
    }

    /// Claims up to `limit` rows of `kind` that are due at `now` and not
    /// claimed by anyone else, for `lease`: until `now + lease` nobody else
    /// claims them, even in another process or on another machine. A claimer
    /// that dies leaves them to be claimed again once the lease runs out, so
    /// a notification may be sent twice but is never lost. Oldest due first.
    pub async fn claim_due_notifications(
        &self,
        kind: OutboxKind,
        now: OffsetDateTime,
        lease: Duration,
        limit: usize,
    ) -> Result<Vec<Notification>, StoreError> {
        on_backend!(self.claim_due_notifications(kind, now, lease, limit))
    }

    /// The row was delivered: it is deleted. (Row ids are unique across
    /// kinds, so the id alone names it.)
    pub async fn notification_delivered(&self, id: i64) -> Result<(), StoreError> {
        on_backend!(self.notification_delivered(id))
    }

    /// Sending failed: one more attempt is counted, the lease is given up,
    /// and the notification is due again at `next_attempt_at`.
    pub async fn notification_failed(
        &self,
        id: i64,
        next_attempt_at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        on_backend!(self.notification_failed(id, next_attempt_at))
    }

    /// How many rows of `kind` are queued (due, claimed or waiting to retry).
    pub async fn pending_notifications(&self, kind: OutboxKind) -> Result<u64, StoreError> {
        on_backend!(self.pending_notifications(kind))
    }
}

/// `lease` as a time span; a lease too long to add is as good as for ever.
fn lease_end(now: OffsetDateTime, lease: Duration) -> OffsetDateTime {
    time::Duration::try_from(lease)
        .ok()
        .and_then(|lease| now.checked_add(lease))
        .unwrap_or(OffsetDateTime::new_utc(
            time::Date::MAX,
            time::Time::MIDNIGHT,
        ))
}

/// The next whole second, or `at` itself if it is one: a purge's cutoff,
/// so that both backends compare it with whole-second times alike.
fn ceil_to_second(at: OffsetDateTime) -> OffsetDateTime {
    let whole = at.replace_nanosecond(0).expect("0 is a valid nanosecond");
    if whole == at {
        whole
    } else {
        whole + time::Duration::SECOND
    }
}
