//! Two endpoint processes sharing one PostgreSQL, as two instances behind a
//! load balancer: every referral is sent to both at once, and each is stored
//! exactly once, both answering with its first reference.

mod support;

use referral_endpoint::Store;
use std::collections::BTreeMap;
use support::instance::{Instance, send_load};
use support::*;

const REFERRALS: u64 = 1_000;
const CLIENTS: usize = 24;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_sent_the_same_referrals_store_each_exactly_once() {
    let db = TestDatabase::new(Backend::Postgres).await;
    let instances = [Instance::start(&db.arg()), Instance::start(&db.arg())];
    let urls: Vec<String> = instances.iter().map(|i| i.referrals_url.clone()).collect();

    let (answers, _) = send_load(&urls, REFERRALS, CLIENTS, |_| vec![0, 1]).await;

    assert_eq!(answers.len() as u64, 2 * REFERRALS);
    let mut by_key: BTreeMap<&str, Vec<(u16, &str)>> = BTreeMap::new();
    for answer in &answers {
        assert!(
            answer.status == 201 || answer.status == 200,
            "{}: {} from instance {}",
            answer.key,
            answer.status,
            answer.instance
        );
        let reference = answer.reference.as_deref().expect("a reference");
        by_key
            .entry(&answer.key)
            .or_default()
            .push((answer.status, reference));
    }
    assert_eq!(by_key.len() as u64, REFERRALS);
    for (key, answers) in &by_key {
        let mut statuses: Vec<u16> = answers.iter().map(|(s, _)| *s).collect();
        statuses.sort();
        assert_eq!(statuses, [200, 201], "{key}: one 201, the repeat 200");
        assert_eq!(answers[0].1, answers[1].1, "{key}: one reference");
    }

    let store = Store::open_read_only(&db.database).await.unwrap();
    let rows = store.list().await.unwrap();
    assert_eq!(rows.len() as u64, REFERRALS, "exactly one row per referral");
    for row in &rows {
        let answers = &by_key[row.idempotency_key.as_str()];
        assert_eq!(
            answers[0].1, row.reference,
            "the stored reference was answered"
        );
    }
    for instance in &instances {
        let log = instance.log();
        assert!(
            !log.iter().any(|line| line.contains("ERROR")),
            "{}",
            log.join("\n")
        );
    }
}
