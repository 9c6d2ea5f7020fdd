//! The outbox of risk notifications, on SQLite and on PostgreSQL alike: a
//! row only with a new referral that asks for one, claims that never overlap
//! (even between two stores, as between two instances), leases that run out,
//! retries that wait, deliveries that delete.

mod support;

use referral_endpoint::{NewReferral, Notification, OutboxKind, Outcome, Store};
use std::collections::BTreeSet;
use std::time::Duration;
use support::*;
use time::OffsetDateTime;

const LEASE: Duration = Duration::from_secs(30);

/// Stores `n` referrals asking for a notification; their references.
async fn with_notifications(store: &Store, n: u64) -> Vec<String> {
    let mut references = Vec::new();
    for i in 0..n {
        let key = uuid_for(i);
        let new = NewReferral {
            key: &key,
            channel: "self",
            canonical_payload: "{}",
            notify: true,
        };
        let Outcome::Created(reference) = store.insert_or_replay(new).await.unwrap() else {
            panic!("created");
        };
        references.push(reference);
    }
    references
}

/// A moment after every row stored so far is due.
fn soon() -> OffsetDateTime {
    OffsetDateTime::now_utc() + time::Duration::seconds(2)
}

async fn a_notification_is_queued_only_with_a_new_referral_that_asks(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let store = db.open().await;
    let quiet = uuid_for(1);
    let new = NewReferral {
        key: &quiet,
        channel: "self",
        canonical_payload: "{}",
        notify: false,
    };
    store.insert_or_replay(new).await.unwrap();
    assert_eq!(waiting(&store, OutboxKind::RiskWebhook).await, 0);

    let risky = uuid_for(2);
    let new = NewReferral {
        key: &risky,
        channel: "clinic",
        canonical_payload: "{}",
        notify: true,
    };
    let Outcome::Created(reference) = store.insert_or_replay(new).await.unwrap() else {
        panic!("created");
    };
    // A replay, and a conflict, queue nothing more.
    store.insert_or_replay(new).await.unwrap();
    let conflicting = NewReferral {
        canonical_payload: "{\"other\":1}",
        ..new
    };
    assert_eq!(
        store.insert_or_replay(conflicting).await.unwrap(),
        Outcome::Conflict
    );
    assert_eq!(waiting(&store, OutboxKind::RiskWebhook).await, 1);

    let row = store.get_by_reference(&reference).await.unwrap().unwrap();
    let claimed = store
        .claim_due_notifications(OutboxKind::RiskWebhook, soon(), LEASE, 10)
        .await
        .unwrap();
    assert_eq!(
        claimed,
        [Notification {
            id: claimed[0].id,
            reference,
            channel: "clinic".into(),
            received_at: row.received_at,
            attempts: 0,
        }]
    );
}

async fn two_claimers_never_get_the_same_notification(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let references = with_notifications(&db.open().await, 60).await;
    // Two stores, as two instances would have: separate connections.
    let (first, second) = (db.open().await, db.open().await);
    let now = soon();
    let claim_all = |store: Store| {
        tokio::spawn(async move {
            let mut claimed = Vec::new();
            loop {
                let batch = store
                    .claim_due_notifications(OutboxKind::RiskWebhook, now, LEASE, 7)
                    .await
                    .unwrap();
                if batch.is_empty() {
                    return claimed;
                }
                claimed.extend(batch.into_iter().map(|n| n.reference));
            }
        })
    };
    let (a, b) = (claim_all(first), claim_all(second));
    let (a, b) = (a.await.unwrap(), b.await.unwrap());
    let union: BTreeSet<_> = a.iter().chain(&b).cloned().collect();
    assert_eq!(
        a.len() + b.len(),
        union.len(),
        "a notification claimed twice"
    );
    assert_eq!(union, references.into_iter().collect::<BTreeSet<_>>());
}

async fn an_expired_lease_can_be_claimed_again(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let store = db.open().await;
    with_notifications(&store, 1).await;
    let now = soon();
    let first = store
        .claim_due_notifications(OutboxKind::RiskWebhook, now, LEASE, 10)
        .await
        .unwrap();
    assert_eq!(first.len(), 1);
    let during = now + time::Duration::seconds(29);
    assert!(
        store
            .claim_due_notifications(OutboxKind::RiskWebhook, during, LEASE, 10)
            .await
            .unwrap()
            .is_empty(),
        "leased to the first claimer"
    );
    let after = now + time::Duration::seconds(30);
    let again = store
        .claim_due_notifications(OutboxKind::RiskWebhook, after, LEASE, 10)
        .await
        .unwrap();
    assert_eq!(again, first, "a claimer that died leaves it to another");
}

async fn a_failed_notification_waits_for_its_next_attempt(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let store = db.open().await;
    with_notifications(&store, 1).await;
    let now = soon();
    let claimed = store
        .claim_due_notifications(OutboxKind::RiskWebhook, now, LEASE, 10)
        .await
        .unwrap();
    let retry_at = now + time::Duration::minutes(5);
    store
        .notification_failed(claimed[0].id, retry_at)
        .await
        .unwrap();
    let before = retry_at - time::Duration::milliseconds(1);
    assert!(
        store
            .claim_due_notifications(OutboxKind::RiskWebhook, before, LEASE, 10)
            .await
            .unwrap()
            .is_empty(),
        "not due yet, though its lease was given up"
    );
    let due = store
        .claim_due_notifications(OutboxKind::RiskWebhook, retry_at, LEASE, 10)
        .await
        .unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!((due[0].id, due[0].attempts), (claimed[0].id, 1));
    assert_eq!(waiting(&store, OutboxKind::RiskWebhook).await, 1);
}

async fn a_delivered_notification_is_gone(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let store = db.open().await;
    with_notifications(&store, 3).await;
    let now = soon();
    let claimed = store
        .claim_due_notifications(OutboxKind::RiskWebhook, now, LEASE, 2)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 2, "no more than the limit");
    for notification in &claimed {
        store.notification_delivered(notification.id).await.unwrap();
    }
    assert_eq!(waiting(&store, OutboxKind::RiskWebhook).await, 1);
    let later = now + time::Duration::hours(1);
    let rest = store
        .claim_due_notifications(OutboxKind::RiskWebhook, later, LEASE, 10)
        .await
        .unwrap();
    assert_eq!(rest.len(), 1);
    assert!(claimed.iter().all(|c| c.id != rest[0].id));
    assert_eq!(store.count().await.unwrap(), 3, "the referrals stay");
}

on_both_backends!(
    a_notification_is_queued_only_with_a_new_referral_that_asks,
    an_expired_lease_can_be_claimed_again,
    a_failed_notification_waits_for_its_next_attempt,
    a_delivered_notification_is_gone,
);

on_both_backends!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    two_claimers_never_get_the_same_notification,
);
