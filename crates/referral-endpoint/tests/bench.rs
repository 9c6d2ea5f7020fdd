//! A benchmark, not a test: referrals per second and latency percentiles of
//! the real binary on SQLite, and on PostgreSQL with one and two instances.
//! Ignored by `cargo test`; the README's numbers came from
//!
//! ```sh
//! PG_FSYNC=on scripts/with-postgres.sh cargo test --release -p referral-endpoint \
//!     --test bench -- --ignored --nocapture
//! ```
//!
//! (`PG_FSYNC=on`: the test cluster syncs commits as a real one does, as the
//! SQLite store does.) The clients run on the same machine as the servers
//! and the database, so the numbers are for the whole on one machine.

mod support;

use std::time::Duration;
use support::instance::{Instance, percentile, send_load};
use support::*;

const REFERRALS: u64 = 2_000;
const CLIENTS: usize = 32;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: run it on purpose, with --release (see the file's comment)"]
async fn referrals_per_second_and_latency() {
    let setups = [
        ("SQLite, one instance", Backend::Sqlite, 1),
        ("PostgreSQL, one instance", Backend::Postgres, 1),
        ("PostgreSQL, two instances", Backend::Postgres, 2),
    ];
    for (name, backend, count) in setups {
        let db = TestDatabase::new(backend).await;
        let instances: Vec<Instance> = (0..count).map(|_| Instance::start(&db.arg())).collect();
        let urls: Vec<String> = instances.iter().map(|i| i.referrals_url.clone()).collect();
        // As a load balancer would: each referral to one instance in turn.
        let (answers, elapsed) =
            send_load(&urls, REFERRALS, CLIENTS, |n| vec![n as usize % count]).await;
        assert!(
            answers.iter().all(|a| a.status == 201),
            "every referral stored"
        );
        let mut latencies: Vec<Duration> = answers.iter().map(|a| a.latency).collect();
        latencies.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "bench: {name}: {REFERRALS} referrals from {CLIENTS} clients in {:.2} s: \
             {:.0} referrals/s; latency p50 {:.1} ms, p99 {:.1} ms",
            elapsed.as_secs_f64(),
            REFERRALS as f64 / elapsed.as_secs_f64(),
            ms(percentile(&latencies, 0.50)),
            ms(percentile(&latencies, 0.99)),
        );
    }
}
