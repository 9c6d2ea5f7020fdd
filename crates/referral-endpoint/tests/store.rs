//! The database: each key stored once, replays recognised, conflicts refused,
//! and concurrent senders of one key (even on separate connections) leave one row.

use referral_endpoint::reference::is_reference;
use referral_endpoint::{Outcome, Store};
use std::collections::BTreeSet;

const KEY: &str = "3f2b8c1e-4a5d-4e6f-8a7b-9c0d1e2f3a4b";

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("r.sqlite3")).unwrap();
    (dir, store)
}

#[test]
fn a_new_key_creates_a_row_with_a_fresh_reference() {
    let (_dir, store) = temp_store();
    let Outcome::Created(reference) = store.insert_or_replay(KEY, "self", r#"{"a":1}"#).unwrap()
    else {
        panic!("expected Created");
    };
    assert!(is_reference(&reference), "{reference}");
    assert_eq!(store.count().unwrap(), 1);
    let row = store.get_by_reference(&reference).unwrap().unwrap();
    assert_eq!(row.idempotency_key, KEY);
    assert_eq!(row.channel, "self");
    assert_eq!(row.payload, r#"{"a":1}"#);
    // RFC 3339, UTC, whole seconds: 2026-11-23T09:41:07Z
    assert_eq!(row.received_at.len(), 20, "{}", row.received_at);
    assert!(row.received_at.ends_with('Z'));
    assert_eq!(store.list().unwrap(), vec![row]);
    assert_eq!(store.get_by_reference("TH-0000-00").unwrap(), None);
}

#[test]
fn the_same_key_and_payload_replays_the_first_reference() {
    let (_dir, store) = temp_store();
    let Outcome::Created(first) = store.insert_or_replay(KEY, "self", "{}").unwrap() else {
        panic!("expected Created");
    };
    assert_eq!(
        store.insert_or_replay(KEY, "self", "{}").unwrap(),
        Outcome::Replayed(first)
    );
    assert_eq!(store.count().unwrap(), 1);
}

#[test]
fn the_same_key_with_another_payload_is_a_conflict_and_changes_nothing() {
    let (_dir, store) = temp_store();
    store.insert_or_replay(KEY, "self", r#"{"a":1}"#).unwrap();
    assert_eq!(
        store.insert_or_replay(KEY, "self", r#"{"a":2}"#).unwrap(),
        Outcome::Conflict
    );
    let rows = store.list().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].payload, r#"{"a":1}"#);
}

#[test]
fn rows_survive_reopening_and_the_journal_is_wal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.sqlite3");
    Store::open(&path)
        .unwrap()
        .insert_or_replay(KEY, "embed", "{}")
        .unwrap();
    assert_eq!(Store::open(&path).unwrap().count().unwrap(), 1);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_concurrent_senders_of_one_key_leave_exactly_one_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.sqlite3");
    let shared = Store::open(&path).unwrap();
    let mut tasks = Vec::new();
    for i in 0..32 {
        // Half share one connection; half open their own, as separate
        // processes would, so the database itself must decide.
        let store = if i % 2 == 0 {
            shared.clone()
        } else {
            Store::open(&path).unwrap()
        };
        tasks.push(tokio::task::spawn_blocking(move || {
            store.insert_or_replay(KEY, "self", "{}").unwrap()
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
    assert_eq!(shared.count().unwrap(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_distinct_keys_are_all_stored_with_distinct_references() {
    let (_dir, store) = temp_store();
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let store = store.clone();
            tokio::task::spawn_blocking(move || {
                store
                    .insert_or_replay(&format!("key-{i}"), "self", "{}")
                    .unwrap()
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
    assert_eq!(store.count().unwrap(), 200);
}
