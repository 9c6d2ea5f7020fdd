//! The PostgreSQL backend: one database shared by every endpoint instance.
//!
//! The driver is `tokio-postgres`, with `deadpool-postgres`'s pool: async
//! from end to end (nothing blocks Tokio's threads), maintained, small, and
//! with TLS through the connector it is given. `sqlx` was the alternative;
//! its PostgreSQL driver alone would do, but it brings a larger tree (and its
//! SQLite driver, never wanted here, would link a second libsqlite3-sys
//! beside rusqlite's). Every connection, the pool's and the migrations', is
//! made with the TLS the URL asks for: see [`super::postgres_tls`].
//!
//! Exactly once as in SQLite: the unique key decides. Two instances sending
//! one key at once both `INSERT ... ON CONFLICT (idempotency_key) DO
//! NOTHING`; PostgreSQL makes the second wait for the first to commit, then
//! insert nothing, and the second reads the first row.

use super::database::{PostgresTarget, postgres_target};
use super::postgres_tls::certificate_hint;
use super::{
    Database, NewReferral, Notification, OutboxKind, Outcome, REFERENCE_ATTEMPTS, StoreError,
    StoredReferral, ceil_to_second, lease_end,
};
use crate::clock::{now_whole_seconds, rfc3339};
use crate::reference;
use deadpool_postgres::{
    Manager, ManagerConfig, Object, Pool, PoolError, RecyclingMethod, Runtime,
};
use std::time::Duration;
use time::OffsetDateTime;
use tokio_postgres::Row;
use tokio_postgres::error::SqlState;

/// Connections per instance. Each request holds one for a statement or two,
/// so 16 serve far more referrals than a service receives; two instances
/// use 32 of PostgreSQL's default 100.
const POOL_SIZE: usize = 16;

/// How long to wait to connect, or for a free connection, before answering
/// 500 (or failing a health check) rather than hanging.
const TIMEOUT: Duration = Duration::from_secs(5);

/// The longest one statement may run.
const STATEMENT_TIMEOUT: Duration = Duration::from_secs(10);

/// The advisory lock that migrations hold, so two instances starting
/// together migrate once: the second waits, then finds nothing to do. Any
/// number unlikely to be another application's ("TH-MIGR").
const MIGRATION_LOCK: i64 = 0x0054_482d_4d49_4752;

/// The schema, one step per version; `schema_version` records each applied.
/// The same tables as SQLite's; times are TIMESTAMPTZ.
const MIGRATIONS: [&str; 3] = [
    // 1: the referrals.
    "CREATE TABLE referrals (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        reference TEXT UNIQUE NOT NULL,
        idempotency_key TEXT UNIQUE NOT NULL,
        channel TEXT NOT NULL,
        received_at TIMESTAMPTZ NOT NULL,
        payload TEXT NOT NULL
    );
    CREATE INDEX referrals_received_at ON referrals (received_at);",
    // 2: the outbox of risk notifications; deleting a referral deletes its row.
    "CREATE TABLE notification_outbox (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        referral_id BIGINT NOT NULL UNIQUE REFERENCES referrals (id) ON DELETE CASCADE,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TIMESTAMPTZ NOT NULL,
        leased_until TIMESTAMPTZ
    );
    CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at);",
    // 3: one outbox for every kind of delivery, one row per referral per
    // kind; the rows already queued are risk notifications, and every
    // referral already stored is queued for FHIR forwarding (a Bundle the
    // server already has creates nothing: conditional create).
    "ALTER TABLE notification_outbox RENAME TO outbox;
    ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'risk_webhook'
        CHECK (kind IN ('risk_webhook', 'fhir_forward'));
    ALTER TABLE outbox ALTER COLUMN kind DROP DEFAULT;
    ALTER TABLE outbox DROP CONSTRAINT notification_outbox_referral_id_key;
    ALTER TABLE outbox ADD CONSTRAINT outbox_referral_kind UNIQUE (referral_id, kind);
    DROP INDEX notification_outbox_due;
    CREATE INDEX outbox_due ON outbox (kind, next_attempt_at);
    INSERT INTO outbox (referral_id, kind, next_attempt_at)
        SELECT id, 'fhir_forward', now() FROM referrals;",
];

/// One statement stores the referral, queues its FHIR forwarding and, when
/// asked, its risk notification: all happen or none (a statement is a
/// transaction), and the queueing only for a row this statement created. It returns the
/// new row's id, or nothing if the key was already stored.
const INSERT: &str = "
    WITH created AS (
        INSERT INTO referrals (reference, idempotency_key, channel, received_at, payload)
        VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING id
    ), queued AS (
        INSERT INTO outbox (referral_id, kind, next_attempt_at)
        SELECT id, 'fhir_forward', $4 FROM created
        UNION ALL SELECT id, 'risk_webhook', $4 FROM created WHERE $6
    )
    SELECT id FROM created";

/// Leases due rows that nobody holds: `FOR UPDATE SKIP LOCKED` passes over
/// rows another instance is claiming this moment, and a row it has claimed
/// no longer matches (its lease runs to the future), so no two claimers
/// ever get the same row at once.
const CLAIM: &str = "
    WITH claimed AS (
        UPDATE outbox o SET leased_until = $2
        FROM referrals r
        WHERE r.id = o.referral_id AND o.id IN (
            SELECT id FROM outbox
            WHERE kind = $4 AND next_attempt_at <= $1 AND (leased_until IS NULL OR leased_until <= $1)
            ORDER BY next_attempt_at, id
            LIMIT $3
            FOR UPDATE SKIP LOCKED)
        RETURNING o.id, r.reference, r.channel, r.received_at, o.attempts, o.next_attempt_at
    )
    SELECT id, reference, channel, received_at, attempts FROM claimed
    ORDER BY next_attempt_at, id";

const SELECT: &str =
    "SELECT id, reference, idempotency_key, channel, received_at, payload FROM referrals";

#[derive(Clone)]
pub(super) struct PostgresStore {
    pool: Pool,
}

impl PostgresStore {
    /// A pool, and the schema brought up to date before anything is served.
    pub(super) async fn open(url: &str, database: &Database) -> Result<PostgresStore, StoreError> {
        let failed = open_error(database);
        let store = PostgresStore::connect(postgres_target(url).map_err(&failed)?)?;
        store.migrate().await.map_err(|e| failed(e.to_string()))?;
        Ok(store)
    }

    /// Every session is read-only (`default_transaction_read_only`), so the
    /// server refuses writes whatever the role may do; the schema must exist.
    pub(super) async fn open_read_only(
        url: &str,
        database: &Database,
    ) -> Result<PostgresStore, StoreError> {
        let failed = open_error(database);
        let mut target = postgres_target(url).map_err(&failed)?;
        let config = &mut target.config;
        let options = match config.get_options() {
            Some(given) => format!("{given} -c default_transaction_read_only=on"),
            None => "-c default_transaction_read_only=on".to_owned(),
        };
        config.options(options);
        let store = PostgresStore::connect(target)?;
        let version = store
            .schema_version()
            .await
            .map_err(|e| failed(e.to_string()))?;
        match version {
            None => Err(failed(
                "it has no referrals tables: start `referral-endpoint serve` on it once to create them"
                    .into(),
            )),
            Some(version) => check_known(version).map_err(&failed).map(|()| store),
        }
    }

    fn connect(target: PostgresTarget) -> Result<PostgresStore, StoreError> {
        let PostgresTarget { mut config, tls } = target;
        config.connect_timeout(TIMEOUT);
        // A statement that the server cannot finish (a lock held elsewhere, a
        // disk that stopped) fails after this, so a request is answered 500
        // and a health check 503 rather than hanging.
        let options = format!(
            "{} -c statement_timeout={}",
            config.get_options().unwrap_or_default(),
            STATEMENT_TIMEOUT.as_millis()
        );
        config.options(options.trim());
        if config.get_application_name().is_none() {
            // So a database administrator can tell these sessions apart.
            config.application_name("referral-endpoint");
        }
        let manager = Manager::from_config(
            config,
            tls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(TIMEOUT))
            .create_timeout(Some(TIMEOUT))
            .recycle_timeout(Some(TIMEOUT))
            .build()
            .map_err(|e| StoreError::Postgres(format!("cannot make a connection pool: {e}")))?;
        Ok(PostgresStore { pool })
    }

    async fn client(&self) -> Result<Object, StoreError> {
        self.pool.get().await.map_err(|e| match e {
            PoolError::Backend(e) => db_error(e),
            other => StoreError::Postgres(format!("no connection to PostgreSQL: {other}")),
        })
    }

    /// Applies the missing steps in one transaction under the advisory lock.
    async fn migrate(&self) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(db_error)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await
            .map_err(db_error)?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_version (
                version INTEGER PRIMARY KEY,
                applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
            )",
        )
        .await
        .map_err(db_error)?;
        let version: i32 = tx
            .query_one("SELECT COALESCE(MAX(version), 0) FROM schema_version", &[])
            .await
            .map_err(db_error)?
            .get(0);
        check_known(version).map_err(StoreError::Postgres)?;
        let done = usize::try_from(version).unwrap_or(0);
        for (step, sql) in MIGRATIONS.iter().enumerate().skip(done) {
            tx.batch_execute(sql).await.map_err(db_error)?;
            let version = i32::try_from(step + 1).expect("a handful of migrations");
            tx.execute(
                "INSERT INTO schema_version (version) VALUES ($1)",
                &[&version],
            )
            .await
            .map_err(db_error)?;
        }
        tx.commit().await.map_err(db_error)
    }

    /// The last applied migration; `None` if the schema was never created.
    async fn schema_version(&self) -> Result<Option<i32>, StoreError> {
        let client = self.client().await?;
        match client
            .query_one("SELECT COALESCE(MAX(version), 0) FROM schema_version", &[])
            .await
        {
            Ok(row) => Ok(Some(row.get(0))),
            Err(e) if e.code() == Some(&SqlState::UNDEFINED_TABLE) => Ok(None),
            Err(e) => Err(db_error(e)),
        }
    }

    pub(super) async fn insert_or_replay(
        &self,
        new: NewReferral<'_>,
    ) -> Result<Outcome, StoreError> {
        let client = self.client().await?;
        let insert = client.prepare_cached(INSERT).await.map_err(db_error)?;
        for _ in 0..REFERENCE_ATTEMPTS {
            let reference = reference::random();
            let params: [&(dyn tokio_postgres::types::ToSql + Sync); 6] = [
                &reference,
                &new.key,
                &new.channel,
                &now_whole_seconds(),
                &new.canonical_payload,
                &new.notify,
            ];
            match client.query_opt(&insert, &params).await {
                Ok(Some(_)) => return Ok(Outcome::Created(reference)),
                Ok(None) => {
                    let stored = client
                        .query_opt(
                            "SELECT reference, payload FROM referrals WHERE idempotency_key = $1",
                            &[&new.key],
                        )
                        .await
                        .map_err(db_error)?;
                    match stored {
                        Some(row) if row.get::<_, &str>(1) == new.canonical_payload => {
                            return Ok(Outcome::Replayed(row.get(0)));
                        }
                        Some(_) => return Ok(Outcome::Conflict),
                        // Deleted between the two statements: store it afresh.
                        None => continue,
                    }
                }
                // The reference was drawn twice (the key cannot clash: ON
                // CONFLICT covers it): draw again.
                Err(e) if e.code() == Some(&SqlState::UNIQUE_VIOLATION) => continue,
                Err(e) => return Err(db_error(e)),
            }
        }
        Err(StoreError::NoFreeReference)
    }

    pub(super) async fn count(&self) -> Result<u64, StoreError> {
        self.count_of("SELECT COUNT(*) FROM referrals").await
    }

    pub(super) async fn list(&self) -> Result<Vec<StoredReferral>, StoreError> {
        let client = self.client().await?;
        let rows = client
            .query(&format!("{SELECT} ORDER BY id"), &[])
            .await
            .map_err(db_error)?;
        Ok(rows.iter().map(from_row).collect())
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
        let client = self.client().await?;
        let statement = client
            .prepare_cached(&format!("{SELECT} WHERE {column} = $1"))
            .await
            .map_err(db_error)?;
        let row = client
            .query_opt(&statement, &[&value])
            .await
            .map_err(db_error)?;
        Ok(row.as_ref().map(from_row))
    }

    /// The outbox rows go by `ON DELETE CASCADE`.
    pub(super) async fn delete_by_reference(&self, reference: &str) -> Result<bool, StoreError> {
        let client = self.client().await?;
        let deleted = client
            .execute("DELETE FROM referrals WHERE reference = $1", &[&reference])
            .await
            .map_err(db_error)?;
        Ok(deleted > 0)
    }

    /// Compared as times (TIMESTAMPTZ); the cutoff rounded up to the second
    /// as SQLite's is, so both backends delete the same rows.
    pub(super) async fn purge_received_before(
        &self,
        cutoff: OffsetDateTime,
    ) -> Result<u64, StoreError> {
        let client = self.client().await?;
        client
            .execute(
                "DELETE FROM referrals WHERE received_at < $1",
                &[&ceil_to_second(cutoff)],
            )
            .await
            .map_err(db_error)
    }

    pub(super) async fn ping(&self) -> Result<(), StoreError> {
        let client = self.client().await?;
        client
            .query_one("SELECT EXISTS (SELECT 1 FROM referrals)", &[])
            .await
            .map_err(db_error)?;
        Ok(())
    }

    pub(super) async fn claim_due_notifications(
        &self,
        kind: OutboxKind,
        now: OffsetDateTime,
        lease: Duration,
        limit: usize,
    ) -> Result<Vec<Notification>, StoreError> {
        let client = self.client().await?;
        let claim = client.prepare_cached(CLAIM).await.map_err(db_error)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = client
            .query(
                &claim,
                &[&now, &lease_end(now, lease), &limit, &kind.as_str()],
            )
            .await
            .map_err(db_error)?;
        Ok(rows
            .iter()
            .map(|row| Notification {
                id: row.get(0),
                reference: row.get(1),
                channel: row.get(2),
                received_at: rfc3339(row.get(3)),
                attempts: u32::try_from(row.get::<_, i32>(4)).unwrap_or(0),
            })
            .collect())
    }

    pub(super) async fn notification_delivered(&self, id: i64) -> Result<(), StoreError> {
        let client = self.client().await?;
        client
            .execute("DELETE FROM outbox WHERE id = $1", &[&id])
            .await
            .map_err(db_error)?;
        Ok(())
    }

    pub(super) async fn notification_failed(
        &self,
        id: i64,
        next_attempt_at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let client = self.client().await?;
        client
            .execute(
                "UPDATE outbox
                 SET attempts = attempts + 1, leased_until = NULL, next_attempt_at = $2
                 WHERE id = $1",
                &[&id, &next_attempt_at],
            )
            .await
            .map_err(db_error)?;
        Ok(())
    }

    pub(super) async fn pending_notifications(&self, kind: OutboxKind) -> Result<u64, StoreError> {
        let client = self.client().await?;
        let n: i64 = client
            .query_one(
                "SELECT COUNT(*) FROM outbox WHERE kind = $1",
                &[&kind.as_str()],
            )
            .await
            .map_err(db_error)?
            .get(0);
        Ok(n.unsigned_abs())
    }

    async fn count_of(&self, sql: &str) -> Result<u64, StoreError> {
        let client = self.client().await?;
        let n: i64 = client.query_one(sql, &[]).await.map_err(db_error)?.get(0);
        Ok(n.unsigned_abs())
    }
}

fn open_error(database: &Database) -> impl Fn(String) -> StoreError + '_ {
    move |problem| StoreError::Open {
        database: database.to_string(),
        problem,
    }
}

/// A newer endpoint's schema is not touched: it may mean more.
fn check_known(version: i32) -> Result<(), String> {
    if version > MIGRATIONS.len() as i32 {
        Err(format!(
            "its schema is version {version}, newer than this endpoint's {}: upgrade the endpoint",
            MIGRATIONS.len()
        ))
    } else {
        Ok(())
    }
}

/// PostgreSQL's severity, code and message, or the driver's own error and
/// its cause (and what to do, for a server's certificate refused). Never the
/// server's DETAIL: it can quote a row ("Failing row contains ..."), that
/// is, a payload.
fn db_error(e: tokio_postgres::Error) -> StoreError {
    let text = match e.as_db_error() {
        Some(db) => format!("{} {}: {}", db.severity(), db.code().code(), db.message()),
        None => match (std::error::Error::source(&e), certificate_hint(&e)) {
            (Some(cause), Some(hint)) => format!("{e}: {cause} ({hint})"),
            (Some(cause), None) => format!("{e}: {cause}"),
            (None, _) => e.to_string(),
        },
    };
    StoreError::Postgres(text)
}

fn from_row(row: &Row) -> StoredReferral {
    StoredReferral {
        id: row.get(0),
        reference: row.get(1),
        idempotency_key: row.get(2),
        channel: row.get(3),
        received_at: rfc3339(row.get(4)),
        payload: row.get(5),
    }
}
