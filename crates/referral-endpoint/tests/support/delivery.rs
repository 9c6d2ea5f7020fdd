//! For the tests of what the endpoint delivers from its outbox (the risk
//! webhook, the FHIR forwarder): a receiver's address, settings that retry
//! at once, a mix of referrals to send, and waiting for what arrives.

use super::{Reply, client, payload, payload_with, post, uuid_for};
use referral_endpoint::Endpoint;
use referral_endpoint::delivery::TargetSettings;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

/// An address nothing listens on yet (a receiver that is "down").
pub fn free_address() -> SocketAddr {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

/// Delivery to `url`, retrying within tenths of a second so a test is fast.
pub fn quick_target(url: String) -> TargetSettings {
    TargetSettings {
        url,
        timeout_seconds: Some(2),
        first_retry_seconds: Some(0.05),
        longest_retry_seconds: Some(0.2),
    }
}

/// The references of referrals sent by [`send_referrals`], each sorted.
pub struct Sent {
    /// Those with a risk answer.
    pub risky: Vec<String>,
    /// All of them.
    pub all: Vec<String>,
}

/// Sends `count` referrals with a risk answer and `count` without.
pub async fn send_referrals(endpoint: &Endpoint, from: u64, count: u64) -> Sent {
    let client = client();
    let (mut risky, mut all) = (Vec::new(), Vec::new());
    for n in from..from + count {
        let with_risk = payload_with(&uuid_for(2 * n), &[2, 2, 2, 2, 2, 2, 2, 2, 1]);
        let without = payload(&uuid_for(2 * n + 1));
        for (body, is_risky) in [(with_risk, true), (without, false)] {
            let reply = post(&client, &endpoint.referrals_url(), &body).await;
            assert_eq!(reply.status, 201, "{}", reply.text);
            let reference = reply.body["reference"].as_str().unwrap().to_owned();
            if is_risky {
                risky.push(reference.clone());
            }
            all.push(reference);
        }
    }
    risky.sort();
    all.sort();
    Sent { risky, all }
}

/// Waits until `done`, for at most 20 seconds.
pub async fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting: {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// GETs `url` (such as `/healthz`).
pub async fn get(url: &str) -> Reply {
    let request = hyper::Request::get(url).body(Default::default()).unwrap();
    super::send(&client(), request).await
}
