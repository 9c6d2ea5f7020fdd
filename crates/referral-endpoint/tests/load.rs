//! Load, bounded: 1,000 distinct referrals (and 100 retries of some of them)
//! from 48 concurrent clients over loopback. Every referral is stored exactly
//! once. Run with `--nocapture` to see throughput and latency percentiles.

mod support;

use axum::body::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::*;
use tokio::sync::Mutex;

const REFERRALS: u64 = 1_000;
const RETRIES: u64 = 100;
const CLIENTS: usize = 48;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index]
}

async fn a_thousand_concurrent_referrals_are_each_stored_once(backend: Backend) {
    // The 48 clients stand for many people, but all send from 127.0.0.1:
    // one client's limits (tests/overload.rs) are set out of their way.
    let server = start_configured(backend, |config| {
        config.limits.referral_burst = 10_000;
        config.limits.request_burst = 10_000;
    })
    .await;
    let url = Arc::new(server.endpoint.referrals_url());

    // Bodies are made before the clock starts. Retries of the first 100 keys
    // are mixed in among the originals, so some arrive concurrently.
    let base = payload(REFERRAL_ID);
    let mut work: Vec<(String, Bytes)> = (0..REFERRALS)
        .map(|n| {
            let key = uuid_for(n);
            let mut body = base.clone();
            body["referral_id"] = key.clone().into();
            (key, Bytes::from(serde_json::to_vec(&body).unwrap()))
        })
        .collect();
    for n in 0..RETRIES {
        let retry = work[n as usize].clone();
        work.insert((n * 10 + 5) as usize, retry);
    }
    let queue = Arc::new(Mutex::new(work.into_iter()));

    let started = Instant::now();
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let client = client();
            let queue = Arc::clone(&queue);
            let url = Arc::clone(&url);
            tokio::spawn(async move {
                let mut seen = Vec::new();
                loop {
                    let Some((key, body)) = queue.lock().await.next() else {
                        return seen;
                    };
                    let request = Request::post(url.as_str())
                        .header("content-type", "application/json")
                        .header("idempotency-key", &key)
                        .body(Full::new(body))
                        .unwrap();
                    let sent = Instant::now();
                    let response = client.request(request).await.expect("answered");
                    let status = response.status().as_u16();
                    let bytes = response.into_body().collect().await.unwrap().to_bytes();
                    let latency = sent.elapsed();
                    let reply: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                    let reference = reply["reference"].as_str().map(str::to_owned);
                    seen.push((key, status, reference, latency));
                }
            })
        })
        .collect();
    let mut results = Vec::new();
    for task in tasks {
        results.extend(task.await.unwrap());
    }
    let elapsed = started.elapsed();

    // Every request answered 201 or 200, and each key got one reference.
    assert_eq!(results.len() as u64, REFERRALS + RETRIES);
    let mut reference_of: BTreeMap<String, String> = BTreeMap::new();
    let mut created = 0;
    for (key, status, reference, _) in &results {
        assert!(*status == 201 || *status == 200, "{key}: {status}");
        created += usize::from(*status == 201);
        let reference = reference.clone().expect("a reference");
        let first = reference_of.entry(key.clone()).or_insert(reference.clone());
        assert_eq!(*first, reference, "{key} got two references");
    }
    assert_eq!(created as u64, REFERRALS, "one 201 per referral");

    // The database agrees: one row per key, none lost, none doubled.
    let rows = server.endpoint.store().list().await.unwrap();
    assert_eq!(rows.len() as u64, REFERRALS);
    let keys: BTreeSet<_> = rows.iter().map(|r| r.idempotency_key.clone()).collect();
    assert_eq!(keys.len() as u64, REFERRALS);
    let references: BTreeSet<_> = rows.iter().map(|r| r.reference.clone()).collect();
    assert_eq!(references.len() as u64, REFERRALS);
    for row in &rows {
        assert_eq!(reference_of[&row.idempotency_key], row.reference);
    }

    let mut latencies: Vec<Duration> = results.iter().map(|r| r.3).collect();
    latencies.sort();
    let total = results.len() as f64;
    println!(
        "load: {} requests ({REFERRALS} referrals + {RETRIES} retries) from {CLIENTS} clients in {:.2} s: \
         {:.0} requests/s, {:.0} new referrals/s; latency p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        results.len(),
        elapsed.as_secs_f64(),
        total / elapsed.as_secs_f64(),
        REFERRALS as f64 / elapsed.as_secs_f64(),
        percentile(&latencies, 0.50).as_secs_f64() * 1000.0,
        percentile(&latencies, 0.95).as_secs_f64() * 1000.0,
        percentile(&latencies, 0.99).as_secs_f64() * 1000.0,
        latencies.last().unwrap().as_secs_f64() * 1000.0,
    );
}

on_both_backends!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    a_thousand_concurrent_referrals_are_each_stored_once,
);
