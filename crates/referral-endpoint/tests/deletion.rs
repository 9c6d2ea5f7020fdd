//! Deleting referrals, on SQLite and on PostgreSQL alike: one by reference,
//! or every one received before a time; their queued notifications go with
//! them, and SQLite's WAL does not keep what was deleted.

mod support;

use referral_endpoint::{Database, NewReferral, OutboxKind, Outcome, Store};
use support::*;
use time::OffsetDateTime;

/// Stores a referral that queues a notification; its reference.
async fn store_risky(store: &Store, n: u64) -> String {
    let key = uuid_for(n);
    let new = NewReferral {
        key: &key,
        channel: "self",
        canonical_payload: "{\"screening\":{\"risk_flag\":true}}",
        notify: true,
    };
    let Outcome::Created(reference) = store.insert_or_replay(new).await.unwrap() else {
        panic!("created");
    };
    reference
}

/// The current second, as `received_at` records it.
fn this_second() -> OffsetDateTime {
    OffsetDateTime::now_utc().replace_nanosecond(0).unwrap()
}

async fn a_referral_deleted_by_reference_takes_its_notification_with_it(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let store = db.open().await;
    let gone = store_risky(&store, 1).await;
    let kept = store_risky(&store, 2).await;
    assert!(store.delete_by_reference(&gone).await.unwrap());
    assert!(!store.delete_by_reference(&gone).await.unwrap(), "once");
    assert_eq!(store.get_by_reference(&gone).await.unwrap(), None);
    assert_eq!(store.count().await.unwrap(), 1);
    assert_eq!(waiting(&store, OutboxKind::RiskWebhook).await, 1);
    let due = store
        .claim_due_notifications(
            OutboxKind::RiskWebhook,
            OffsetDateTime::now_utc() + time::Duration::hours(1),
            std::time::Duration::from_secs(30),
            10,
        )
        .await
        .unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].reference, kept);
}

async fn a_purge_deletes_what_was_received_before_the_cutoff_and_its_notifications(
    backend: Backend,
) {
    let db = TestDatabase::new(backend).await;
    let store = db.open().await;
    let start = this_second();
    for n in 0..3 {
        store_risky(&store, n).await;
    }
    let end = this_second();
    // Nothing was received before the second the first arrived in, nor
    // before a moment within it.
    assert_eq!(store.purge_received_before(start).await.unwrap(), 0);
    let within = start + time::Duration::milliseconds(1);
    let received_in_start = store
        .list()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.received_at == rfc3339(start))
        .count() as u64;
    assert_eq!(
        store.purge_received_before(within).await.unwrap(),
        received_in_start,
        "a cutoff within a second counts that second as before it"
    );
    let after = end + time::Duration::SECOND;
    assert_eq!(
        store.purge_received_before(after).await.unwrap(),
        3 - received_in_start
    );
    assert_eq!(store.count().await.unwrap(), 0);
    assert_eq!(waiting(&store, OutboxKind::RiskWebhook).await, 0);
    // A cutoff in another time zone is the same instant.
    let elsewhere = after.to_offset(time::UtcOffset::from_hms(5, 30, 0).unwrap());
    assert_eq!(store.purge_received_before(elsewhere).await.unwrap(), 0);
}

#[tokio::test]
async fn after_a_purge_the_sqlite_wal_is_empty() {
    let db = TestDatabase::new(Backend::Sqlite).await;
    let store = db.open().await;
    store_risky(&store, 1).await;
    let Database::Sqlite(path) = &db.database else {
        unreachable!()
    };
    let wal = format!("{}-wal", path.display());
    assert!(
        std::fs::metadata(&wal).unwrap().len() > 0,
        "the row is in the WAL"
    );
    let after = OffsetDateTime::now_utc() + time::Duration::hours(1);
    assert_eq!(store.purge_received_before(after).await.unwrap(), 1);
    assert_eq!(
        std::fs::metadata(&wal).unwrap().len(),
        0,
        "the WAL was emptied"
    );
}

/// RFC 3339 to the second, as `received_at` is written.
fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

on_both_backends!(
    a_referral_deleted_by_reference_takes_its_notification_with_it,
    a_purge_deletes_what_was_received_before_the_cutoff_and_its_notifications,
);
