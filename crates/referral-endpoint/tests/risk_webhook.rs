//! Each referral with a risk answer reaches the duty team's webhook exactly
//! once, whatever the webhook does meanwhile (fails, is down, comes back) and
//! across a restart of the endpoint; a referral without one is never sent,
//! and what is sent holds no name and no answers.

mod support;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing;
use referral_endpoint::{Database, Endpoint, EndpointConfig, OutboxKind};
use serde_json::Value;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::delivery::*;
use support::*;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// What the stand-in webhook answers and what it has been sent.
#[derive(Clone, Default)]
struct Receiver {
    failing: Arc<Mutex<bool>>,
    received: Arc<Mutex<Vec<(HeaderMap, Value)>>>,
}

async fn receive(State(receiver): State<Receiver>, headers: HeaderMap, body: String) -> StatusCode {
    if *receiver.failing.lock().unwrap() {
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    let body = serde_json::from_str(&body).unwrap_or(Value::Null);
    receiver.received.lock().unwrap().push((headers, body));
    StatusCode::NO_CONTENT
}

impl Receiver {
    /// Serves on `addr` until the handle is aborted (the webhook "down").
    async fn serve(&self, addr: SocketAddr) -> JoinHandle<()> {
        let listener = TcpListener::bind(addr).await.unwrap();
        let app = Router::new()
            .route("/hook", routing::post(receive))
            .with_state(self.clone());
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        })
    }

    fn references(&self) -> Vec<String> {
        let received = self.received.lock().unwrap();
        let mut references: Vec<String> = received
            .iter()
            .map(|(_, body)| body["reference"].as_str().unwrap().to_owned())
            .collect();
        references.sort();
        references
    }
}

fn with_webhook(database: &Database, hook: SocketAddr) -> EndpointConfig {
    let mut config = test_config(database);
    let settings = quick_target(format!("http://{hook}/hook"));
    config.risk_webhook = Some(settings.check().unwrap());
    config
}

on_both_backends!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    each_risk_referral_is_notified_once_through_failures_an_outage_and_a_restart,
    risk_referrals_wait_for_a_webhook_to_be_set_then_are_sent,
);

async fn each_risk_referral_is_notified_once_through_failures_an_outage_and_a_restart(
    backend: Backend,
) {
    let db = TestDatabase::new(backend).await;
    let hook = free_address();
    let receiver = Receiver::default();
    let config = with_webhook(&db.database, hook);

    // The webhook answers 503 at first: nothing is delivered, nothing lost.
    *receiver.failing.lock().unwrap() = true;
    let webhook = receiver.serve(hook).await;
    let endpoint = Endpoint::start(&config).await.unwrap();
    let mut expected = send_referrals(&endpoint, 0, 5).await.risky;
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(receiver.references().is_empty());
    assert_eq!(waiting(endpoint.store(), OutboxKind::RiskWebhook).await, 5);
    let health = get(&format!("{}/healthz", endpoint.url())).await;
    assert_eq!(
        health.body["risk_notifications_waiting"], 5,
        "{}",
        health.text
    );

    // Then it is down altogether, and the endpoint restarts meanwhile.
    webhook.abort();
    let _ = webhook.await;
    expected.extend(send_referrals(&endpoint, 5, 5).await.risky);
    tokio::time::sleep(Duration::from_millis(300)).await;
    endpoint.stop().await.unwrap();
    let endpoint = Endpoint::start(&config).await.unwrap();
    expected.extend(send_referrals(&endpoint, 10, 5).await.risky);
    expected.sort();

    // It comes back: every risk referral arrives, once.
    *receiver.failing.lock().unwrap() = false;
    let _webhook = receiver.serve(hook).await;
    wait_until("every notification", || {
        receiver.references().len() >= expected.len()
    })
    .await;
    // Time for a duplicate to show, had one been sent.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        receiver.references(),
        expected,
        "exactly one per risk referral"
    );
    assert_eq!(waiting(endpoint.store(), OutboxKind::RiskWebhook).await, 0);

    // What was sent: the reference (also its Idempotency-Key), the time, the
    // channel, and nothing a person typed or answered.
    for (headers, body) in receiver.received.lock().unwrap().iter() {
        let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            ["channel", "received_at", "reference", "risk"],
            "{body}"
        );
        assert_eq!(body["risk"], true);
        assert_eq!(body["channel"], "self");
        assert_eq!(
            headers["idempotency-key"],
            body["reference"].as_str().unwrap()
        );
        assert_eq!(headers["content-type"], "application/json");
        for secret in [FIRST_NAME, LAST_NAME, NHS_NUMBER, PHONE_DIGITS, EMAIL] {
            assert!(!body.to_string().contains(secret), "{body}");
        }
    }
}

/// Another instance, or this one restarted with the webhook set, sends what
/// was stored while none was: every risk referral is queued.
async fn risk_referrals_wait_for_a_webhook_to_be_set_then_are_sent(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let endpoint = Endpoint::start(&test_config(&db.database)).await.unwrap();
    let expected = send_referrals(&endpoint, 0, 2).await.risky;
    assert_eq!(waiting(endpoint.store(), OutboxKind::RiskWebhook).await, 2);
    let health = get(&format!("{}/healthz", endpoint.url())).await;
    assert_eq!(
        health.body,
        serde_json::json!({ "status": "ok" }),
        "no webhook, no count"
    );
    endpoint.stop().await.unwrap();

    let hook = free_address();
    let receiver = Receiver::default();
    let _webhook = receiver.serve(hook).await;
    let endpoint = Endpoint::start(&with_webhook(&db.database, hook))
        .await
        .unwrap();
    wait_until("both notifications", || receiver.references().len() >= 2).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(receiver.references(), expected);
    assert_eq!(waiting(endpoint.store(), OutboxKind::RiskWebhook).await, 0);
}
