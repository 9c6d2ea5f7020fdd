//! The store, on SQLite and on PostgreSQL alike: each key stored once,
//! replays recognised, conflicts refused, concurrent senders of one key (even
//! through separate connections) leave one row; the schema made once however
//! often and however many open it; read-only opens that cannot write.

mod support;

use referral_endpoint::reference::is_reference;
use referral_endpoint::{Database, NewReferral, OutboxKind, Outcome, Store};
use std::collections::BTreeSet;
use support::*;

const KEY: &str = "3f2b8c1e-4a5d-4e6f-8a7b-9c0d1e2f3a4b";

fn referral<'a>(key: &'a str, payload: &'a str) -> NewReferral<'a> {
    NewReferral {
        key,
        channel: "self",
        canonical_payload: payload,
        notify: false,
    }
}

async fn a_new_key_creates_a_row_with_a_fresh_reference(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let store = db.open().await;
    let Outcome::Created(reference) = store
        .insert_or_replay(referral(KEY, r#"{"a":1}"#))
        .await
        .unwrap()
    else {
        panic!("expected Created");
    };
    assert!(is_reference(&reference), "{reference}");
    assert_eq!(store.count().await.unwrap(), 1);
    let row = store.get_by_reference(&reference).await.unwrap().unwrap();
    assert_eq!(row.idempotency_key, KEY);
    assert_eq!(row.channel, "self");
    assert_eq!(row.payload, r#"{"a":1}"#);
    // RFC 3339, UTC, whole seconds: 2026-11-23T09:41:07Z
    assert_eq!(row.received_at.len(), 20, "{}", row.received_at);
    assert!(row.received_at.ends_with('Z'));
    assert_eq!(store.get_by_key(KEY).await.unwrap().as_ref(), Some(&row));
    assert_eq!(store.list().await.unwrap(), vec![row]);
    assert_eq!(store.get_by_reference("TH-0000-00").await.unwrap(), None);
    assert_eq!(store.get_by_key("another").await.unwrap(), None);
    store.ping().await.unwrap();
}

async fn the_same_key_and_payload_replays_the_first_reference(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let store = db.open().await;
    let Outcome::Created(first) = store.insert_or_replay(referral(KEY, "{}")).await.unwrap() else {
        panic!("expected Created");
    };
    assert_eq!(
        store.insert_or_replay(referral(KEY, "{}")).await.unwrap(),
        Outcome::Replayed(first)
    );
    assert_eq!(store.count().await.unwrap(), 1);
}

async fn the_same_key_with_another_payload_is_a_conflict_and_changes_nothing(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let store = db.open().await;
    store
        .insert_or_replay(referral(KEY, r#"{"a":1}"#))
        .await
        .unwrap();
    assert_eq!(
        store
            .insert_or_replay(referral(KEY, r#"{"a":2}"#))
            .await
            .unwrap(),
        Outcome::Conflict
    );
    let rows = store.list().await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].payload, r#"{"a":1}"#);
}

async fn rows_survive_reopening_and_the_schema_is_made_once(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    db.open()
        .await
        .insert_or_replay(referral(KEY, "{}"))
        .await
        .unwrap();
    for _ in 0..2 {
        let store = db.open().await;
        assert_eq!(store.count().await.unwrap(), 1);
        assert_eq!(waiting(&store, OutboxKind::RiskWebhook).await, 0);
    }
}

#[tokio::test]
async fn the_sqlite_journal_is_wal() {
    let db = TestDatabase::new(Backend::Sqlite).await;
    db.open().await;
    let Database::Sqlite(path) = &db.database else {
        unreachable!()
    };
    let conn = rusqlite::Connection::open(path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

async fn many_concurrent_senders_of_one_key_leave_exactly_one_row(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let shared = db.open().await;
    let mut tasks = Vec::new();
    for i in 0..32 {
        // Half share one store; half open their own (a connection or a
        // pool of their own), as separate processes would, so the database
        // itself must decide.
        let store = if i % 2 == 0 {
            shared.clone()
        } else {
            db.open().await
        };
        tasks.push(tokio::spawn(async move {
            store.insert_or_replay(referral(KEY, "{}")).await.unwrap()
        }));
    }
    let mut created = 0;
    let mut references = BTreeSet::new();
    for task in tasks {
        match task.await.unwrap() {
            Outcome::Created(r) => {
                created += 1;
                references.insert(r);
            }
            Outcome::Replayed(r) => {
                references.insert(r);
            }
            Outcome::Conflict => panic!("same payload is never a conflict"),
        }
    }
    assert_eq!(created, 1);
    assert_eq!(references.len(), 1, "every sender got the one reference");
    assert_eq!(shared.count().await.unwrap(), 1);
}

async fn concurrent_distinct_keys_are_all_stored_with_distinct_references(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let store = db.open().await;
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let key = format!("key-{i}");
                store.insert_or_replay(referral(&key, "{}")).await.unwrap()
            })
        })
        .collect();
    let mut references = BTreeSet::new();
    for task in tasks {
        let Outcome::Created(r) = task.await.unwrap() else {
            panic!("expected Created");
        };
        references.insert(r);
    }
    assert_eq!(references.len(), 200);
    assert_eq!(store.count().await.unwrap(), 200);
}

async fn a_read_only_store_reads_and_refuses_every_write(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let Outcome::Created(reference) = db
        .open()
        .await
        .insert_or_replay(referral(KEY, "{}"))
        .await
        .unwrap()
    else {
        panic!("expected Created");
    };
    let reader = Store::open_read_only(&db.database).await.unwrap();
    assert_eq!(reader.count().await.unwrap(), 1);
    assert_eq!(reader.list().await.unwrap()[0].reference, reference);
    reader.ping().await.unwrap();
    let other = "00000000-0000-4000-8000-000000000001";
    assert!(
        reader
            .insert_or_replay(referral(other, "{}"))
            .await
            .is_err()
    );
    assert!(reader.delete_by_reference(&reference).await.is_err());
    let now = time::OffsetDateTime::now_utc() + time::Duration::HOUR;
    assert!(reader.purge_received_before(now).await.is_err());
    assert_eq!(reader.count().await.unwrap(), 1, "nothing was written");
}

#[tokio::test]
async fn a_read_only_open_of_a_missing_sqlite_file_fails_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.sqlite3");
    let error = Store::open_read_only(&Database::Sqlite(missing.clone()))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("no database at"), "{error}");
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
}

#[tokio::test]
async fn a_read_only_open_of_a_postgres_database_without_tables_fails_and_creates_none() {
    let db = TestDatabase::new(Backend::Postgres).await;
    let error = Store::open_read_only(&db.database).await.unwrap_err();
    assert!(error.to_string().contains("no referrals tables"), "{error}");
    let error = Store::open_read_only(&db.database).await.unwrap_err();
    assert!(error.to_string().contains("no referrals tables"), "{error}");
}

/// The umask is the process's: this file's other tests create nothing that
/// depends on it.
#[tokio::test]
async fn sqlite_files_are_private_to_their_owner_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    // SAFETY: umask(2) cannot fail; it only sets the mask for new files.
    unsafe { libc::umask(0o022) };
    let db = TestDatabase::new(Backend::Sqlite).await;
    let store = db.open().await;
    store.insert_or_replay(referral(KEY, "{}")).await.unwrap();
    let Database::Sqlite(path) = &db.database else {
        unreachable!()
    };
    for suffix in ["", "-wal", "-shm"] {
        let file = format!("{}{suffix}", path.display());
        let mode = std::fs::metadata(&file)
            .unwrap_or_else(|e| panic!("{file}: {e}"))
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{file}: {:o}", mode & 0o777);
    }
}

/// A database made by hand, or by an older endpoint, that others could read.
#[tokio::test]
async fn an_existing_sqlite_database_readable_by_others_is_made_private() {
    use std::os::unix::fs::PermissionsExt;
    let db = TestDatabase::new(Backend::Sqlite).await;
    let Database::Sqlite(path) = &db.database else {
        unreachable!()
    };
    drop(rusqlite::Connection::open(path).unwrap());
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let store = db.open().await;
    store.insert_or_replay(referral(KEY, "{}")).await.unwrap();
    for suffix in ["", "-wal", "-shm"] {
        let file = format!("{}{suffix}", path.display());
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{file}: {:o}", mode & 0o777);
    }
}

/// An endpoint from before the outbox left a version 1 database (and reset
/// `user_version` to 1 on every start): it opens, keeps its rows, gains the
/// outbox.
#[tokio::test]
async fn a_version_1_sqlite_database_is_brought_up_to_date() {
    let db = TestDatabase::new(Backend::Sqlite).await;
    let Database::Sqlite(path) = &db.database else {
        unreachable!()
    };
    let old = rusqlite::Connection::open(path).unwrap();
    old.execute_batch(
        "CREATE TABLE referrals (
            id INTEGER PRIMARY KEY,
            reference TEXT UNIQUE NOT NULL,
            idempotency_key TEXT UNIQUE NOT NULL,
            channel TEXT NOT NULL,
            received_at TEXT NOT NULL,
            payload TEXT NOT NULL
        );
        INSERT INTO referrals VALUES (1, 'TH-0000-01', 'k', 'self', '2026-01-02T03:04:05Z', '{}');
        PRAGMA user_version = 1;",
    )
    .unwrap();
    drop(old);
    let store = db.open().await;
    assert_eq!(store.count().await.unwrap(), 1);
    let new = NewReferral {
        notify: true,
        ..referral(KEY, "{}")
    };
    store.insert_or_replay(new).await.unwrap();
    assert_eq!(waiting(&store, OutboxKind::RiskWebhook).await, 1);
    // A second open finds nothing to do.
    assert_eq!(db.open().await.count().await.unwrap(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instances_starting_together_on_one_postgres_database_migrate_it_once() {
    let db = TestDatabase::new(Backend::Postgres).await;
    let opens: Vec<_> = (0..6)
        .map(|_| {
            let database = db.database.clone();
            tokio::spawn(async move { Store::open(&database).await })
        })
        .collect();
    let mut stores = Vec::new();
    for open in opens {
        stores.push(open.await.unwrap().expect("every instance starts"));
    }
    for (i, store) in stores.iter().enumerate() {
        let key = uuid_for(i as u64);
        store.insert_or_replay(referral(&key, "{}")).await.unwrap();
    }
    assert_eq!(stores[0].count().await.unwrap(), 6);
    let versions = postgres_query(
        &db.database,
        "SELECT version FROM schema_version ORDER BY 1",
    )
    .await;
    assert_eq!(versions, [1, 2, 3], "each step applied once");
}

/// The first column of every row, as numbers, straight from PostgreSQL.
async fn postgres_query(database: &Database, sql: &str) -> Vec<i64> {
    let Database::Postgres(url) = database else {
        unreachable!()
    };
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
        .query(sql, &[])
        .await
        .unwrap()
        .iter()
        .map(|row| i64::from(row.get::<_, i32>(0)))
        .collect()
}

#[tokio::test]
async fn a_postgres_error_never_shows_the_password() {
    let url = postgres::with_database_name(postgres::cluster_url(), "no_such_database").replacen(
        "postgres://postgres@",
        "postgres://postgres:s3cret@",
        1,
    );
    let error = Store::open(&Database::parse(&url)).await.unwrap_err();
    let text = error.to_string();
    assert!(text.contains("no_such_database"), "{text}");
    assert!(!text.contains("s3cret"), "{text}");
    assert!(!format!("{error:?}").contains("s3cret"), "{error:?}");
}

on_both_backends!(
    a_new_key_creates_a_row_with_a_fresh_reference,
    the_same_key_and_payload_replays_the_first_reference,
    the_same_key_with_another_payload_is_a_conflict_and_changes_nothing,
    rows_survive_reopening_and_the_schema_is_made_once,
    a_read_only_store_reads_and_refuses_every_write,
);

on_both_backends!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    many_concurrent_senders_of_one_key_leave_exactly_one_row,
    concurrent_distinct_keys_are_all_stored_with_distinct_references,
);

/// A version 2 SQLite database (risk notifications queued, no kinds) keeps
/// its queued notifications as risk ones, and has every referral already
/// stored queued for FHIR forwarding.
#[tokio::test]
async fn a_version_2_sqlite_database_keeps_its_notifications_and_queues_every_referral_for_fhir() {
    let dir = tempfile::tempdir().unwrap();
    let database = sqlite_in(dir.path());
    let Database::Sqlite(path) = &database else {
        unreachable!()
    };
    {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.execute_batch(
            "CREATE TABLE referrals (
                id INTEGER PRIMARY KEY, reference TEXT UNIQUE NOT NULL,
                idempotency_key TEXT UNIQUE NOT NULL, channel TEXT NOT NULL,
                received_at TEXT NOT NULL, payload TEXT NOT NULL);
            CREATE TABLE notification_outbox (
                id INTEGER PRIMARY KEY,
                referral_id INTEGER NOT NULL UNIQUE REFERENCES referrals (id) ON DELETE CASCADE,
                attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL,
                leased_until INTEGER);
            CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at);
            INSERT INTO referrals VALUES
                (1, 'TH-AAAA-AA', 'k1', 'self', '2025-01-01T00:00:00Z', '{}'),
                (2, 'TH-BBBB-BB', 'k2', 'self', '2025-01-01T00:00:01Z', '{}');
            INSERT INTO notification_outbox (referral_id, attempts, next_attempt_at)
                VALUES (1, 3, 0);
            PRAGMA user_version = 2;",
        )
        .unwrap();
    }
    let store = Store::open(&database).await.unwrap();
    assert_eq!(waiting(&store, OutboxKind::RiskWebhook).await, 1);
    assert_eq!(waiting(&store, OutboxKind::FhirForward).await, 2);
    let later = time::OffsetDateTime::now_utc() + time::Duration::minutes(1);
    let risk = store
        .claim_due_notifications(
            OutboxKind::RiskWebhook,
            later,
            std::time::Duration::from_secs(5),
            10,
        )
        .await
        .unwrap();
    assert_eq!(risk.len(), 1);
    assert_eq!(
        (risk[0].reference.as_str(), risk[0].attempts),
        ("TH-AAAA-AA", 3)
    );
    assert!(store.delete_by_reference("TH-AAAA-AA").await.unwrap());
    assert_eq!(waiting(&store, OutboxKind::RiskWebhook).await, 0);
    assert_eq!(
        waiting(&store, OutboxKind::FhirForward).await,
        1,
        "cascaded"
    );
}
