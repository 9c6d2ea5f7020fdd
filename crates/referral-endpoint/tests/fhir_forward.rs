//! Each stored referral's FHIR Bundle reaches the FHIR server exactly once,
//! whatever the server does meanwhile (fails, is down, comes back) and
//! across a restart of the endpoint; referrals stored while no forwarder was
//! set are forwarded once one is; and a repeated Bundle creates nothing.

mod support;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing;
use referral_endpoint::{Database, Endpoint, EndpointConfig, OutboxKind, export};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::delivery::*;
use support::*;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// A stand-in FHIR server: conditional create of each Bundle's
/// ServiceRequest on its `ifNoneExist` identifier.
#[derive(Clone, Default)]
struct FhirServer {
    failing: Arc<Mutex<bool>>,
    /// Every POST that reached it while up: its headers and Bundle.
    posted: Arc<Mutex<Vec<(HeaderMap, Value)>>>,
    /// The identifiers (`system|value`) of the ServiceRequests it holds.
    identifiers: Arc<Mutex<HashSet<String>>>,
    /// The referral references of the ServiceRequests it created, in order.
    created: Arc<Mutex<Vec<String>>>,
}

async fn transaction(
    State(server): State<FhirServer>,
    headers: HeaderMap,
    body: String,
) -> (StatusCode, String) {
    if *server.failing.lock().unwrap() {
        return (StatusCode::SERVICE_UNAVAILABLE, String::new());
    }
    let bundle: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    server
        .posted
        .lock()
        .unwrap()
        .push((headers, bundle.clone()));
    if bundle["resourceType"] != "Bundle" || bundle["type"] != "transaction" {
        return (StatusCode::BAD_REQUEST, String::new());
    }
    server.create(&bundle);
    let answer = json!({ "resourceType": "Bundle", "type": "transaction-response" });
    (StatusCode::OK, answer.to_string())
}

impl FhirServer {
    /// Creates the Bundle's ServiceRequest unless one with its `ifNoneExist`
    /// identifier exists; whether it created one.
    fn create(&self, bundle: &Value) -> bool {
        let entry = bundle["entry"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["resource"]["resourceType"] == "ServiceRequest")
            .expect("a ServiceRequest entry");
        let condition = entry["request"]["ifNoneExist"].as_str().unwrap();
        let wanted = condition.strip_prefix("identifier=").unwrap();
        let mut identifiers = self.identifiers.lock().unwrap();
        if identifiers.contains(wanted) {
            return false;
        }
        for identifier in entry["resource"]["identifier"].as_array().unwrap() {
            let (system, value) = (&identifier["system"], &identifier["value"]);
            identifiers.insert(format!(
                "{}|{}",
                system.as_str().unwrap(),
                value.as_str().unwrap()
            ));
        }
        let reference = wanted.rsplit('|').next().unwrap().to_owned();
        self.created.lock().unwrap().push(reference);
        true
    }

    /// Serves on `addr` until the handle is aborted (the server "down").
    async fn serve(&self, addr: SocketAddr) -> JoinHandle<()> {
        let listener = TcpListener::bind(addr).await.unwrap();
        let app = Router::new()
            .route("/fhir", routing::post(transaction))
            .with_state(self.clone());
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        })
    }

    fn created(&self) -> Vec<String> {
        let mut created = self.created.lock().unwrap().clone();
        created.sort();
        created
    }
}

fn with_forwarder(database: &Database, server: SocketAddr) -> EndpointConfig {
    let mut config = test_config(database);
    let settings = quick_target(format!("http://{server}/fhir"));
    config.fhir_forward = Some(settings.check().unwrap());
    config
}

on_both_backends!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    each_referral_is_created_once_through_failures_an_outage_and_a_restart,
    referrals_wait_for_a_forwarder_to_be_set_then_are_forwarded,
    a_resent_bundle_is_identical_and_creates_nothing,
);

async fn each_referral_is_created_once_through_failures_an_outage_and_a_restart(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let address = free_address();
    let server = FhirServer::default();
    let config = with_forwarder(&db.database, address);

    // The server answers 503 at first: nothing is created, nothing lost.
    *server.failing.lock().unwrap() = true;
    let running = server.serve(address).await;
    let endpoint = Endpoint::start(&config).await.unwrap();
    let mut expected = send_referrals(&endpoint, 0, 3).await.all;
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(server.created().is_empty());
    assert_eq!(waiting(endpoint.store(), OutboxKind::FhirForward).await, 6);
    let health = get(&format!("{}/healthz", endpoint.url())).await;
    assert_eq!(health.body["fhir_bundles_waiting"], 6, "{}", health.text);
    assert!(
        health.body.get("risk_notifications_waiting").is_none(),
        "no webhook, no count: {}",
        health.text
    );

    // Then it is down altogether, and the endpoint restarts meanwhile.
    running.abort();
    let _ = running.await;
    expected.extend(send_referrals(&endpoint, 3, 3).await.all);
    tokio::time::sleep(Duration::from_millis(300)).await;
    endpoint.stop().await.unwrap();
    let endpoint = Endpoint::start(&config).await.unwrap();
    expected.extend(send_referrals(&endpoint, 6, 3).await.all);
    expected.sort();

    // It comes back: every referral, with a risk answer or not, is created
    // once.
    *server.failing.lock().unwrap() = false;
    let _running = server.serve(address).await;
    wait_until("every referral", || {
        server.created().len() >= expected.len()
    })
    .await;
    // Time for a duplicate to show, had one been sent.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(server.created(), expected, "exactly one per referral");
    assert_eq!(waiting(endpoint.store(), OutboxKind::FhirForward).await, 0);
    let health = get(&format!("{}/healthz", endpoint.url())).await;
    assert_eq!(health.body["fhir_bundles_waiting"], 0, "{}", health.text);

    // What arrived: transaction Bundles as FHIR JSON.
    for (headers, bundle) in server.posted.lock().unwrap().iter() {
        assert_eq!(headers["content-type"], "application/fhir+json");
        assert_eq!(headers["accept"], "application/fhir+json");
        assert_eq!(bundle["resourceType"], "Bundle");
        assert_eq!(bundle["type"], "transaction");
    }
}

/// Another instance, or this one restarted with the forwarder set, sends
/// what was stored while none was: every referral is queued.
async fn referrals_wait_for_a_forwarder_to_be_set_then_are_forwarded(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let endpoint = Endpoint::start(&test_config(&db.database)).await.unwrap();
    let expected = send_referrals(&endpoint, 0, 2).await.all;
    let store = endpoint.store().clone();
    assert_eq!(waiting(&store, OutboxKind::FhirForward).await, 4);
    assert_eq!(
        waiting(&store, OutboxKind::RiskWebhook).await,
        2,
        "risk rows only for risk referrals"
    );
    let health = get(&format!("{}/healthz", endpoint.url())).await;
    assert_eq!(
        health.body,
        json!({ "status": "ok" }),
        "no forwarder, no count"
    );
    endpoint.stop().await.unwrap();

    let address = free_address();
    let server = FhirServer::default();
    let _running = server.serve(address).await;
    let endpoint = Endpoint::start(&with_forwarder(&db.database, address))
        .await
        .unwrap();
    wait_until("all four", || server.created().len() >= 4).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(server.created(), expected);
    let store = endpoint.store();
    assert_eq!(waiting(store, OutboxKind::FhirForward).await, 0);
    assert_eq!(
        waiting(store, OutboxKind::RiskWebhook).await,
        2,
        "the risk notifications wait for their own webhook"
    );
}

/// Had the endpoint stopped after the server's answer but before the row
/// was deleted, the Bundle would be sent again: it is the same Bundle, byte
/// for byte, and its conditional create makes it a no-op.
async fn a_resent_bundle_is_identical_and_creates_nothing(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let endpoint = Endpoint::start(&test_config(&db.database)).await.unwrap();
    let references = send_referrals(&endpoint, 0, 1).await.all;
    let catalogue = catalogue();
    let server = FhirServer::default();
    for reference in &references {
        let read = || async {
            let row = endpoint.store().get_by_reference(reference).await.unwrap();
            export::fhir_bundle(&catalogue, &row.unwrap()).unwrap()
        };
        let (first, again) = (read().await, read().await);
        assert_eq!(first.to_string(), again.to_string());
        assert!(server.create(&first), "the first creates");
        assert!(!server.create(&again), "the repeat creates nothing");
    }
    assert_eq!(server.created(), references);
}
