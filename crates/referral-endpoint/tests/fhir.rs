//! The endpoint in FHIR: each instrument served as a Questionnaire, and
//! `export --format fhir` writing one transaction Bundle per referral.

mod support;

use http_body_util::Full;
use hyper::{Request, StatusCode};
use serde_json::Value;
use support::*;

fn get(url: String) -> Request<Full<axum::body::Bytes>> {
    Request::get(url).body(Full::default()).unwrap()
}

#[tokio::test]
async fn each_questionnaire_is_served_as_fhir_json_as_committed() {
    let server = start(Backend::Sqlite).await;
    for id in [
        "phq9", "gad7", "phq2", "gad2", "diabetes", "copd", "cardiac",
    ] {
        let url = format!("{}/fhir/Questionnaire/{id}", server.endpoint.url());
        let reply = send(&server.client, get(url)).await;
        assert_eq!(reply.status, StatusCode::OK, "{id}");
        assert_eq!(
            reply.headers["content-type"], "application/fhir+json",
            "{id}"
        );
        assert_eq!(reply.body["resourceType"], "Questionnaire", "{id}");
        assert_eq!(reply.body["id"], id);
        let committed = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("../../fhir/Questionnaire/{id}.json"));
        assert_eq!(
            reply.text,
            std::fs::read_to_string(committed).unwrap(),
            "{id}"
        );
    }
}

#[tokio::test]
async fn any_other_questionnaire_is_not_found() {
    let server = start(Backend::Sqlite).await;
    for id in ["phq10", "PHQ9", "..%2Fconfig.json", ""] {
        let url = format!("{}/fhir/Questionnaire/{id}", server.endpoint.url());
        let reply = send(&server.client, get(url)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{id}");
        assert_eq!(reply.body, Value::Null, "{id}");
    }
}

/// Sends a referral without a risk answer, then one with: their references.
async fn send_two(db: &TestDatabase) -> (String, String) {
    let server = referral_endpoint::Endpoint::start(&test_config(&db.database))
        .await
        .unwrap();
    let client = client();
    let mut references = Vec::new();
    for (n, phq9) in [[2, 2, 1, 1, 1, 1, 1, 1, 0], [2, 2, 1, 1, 1, 1, 1, 1, 1]]
        .iter()
        .enumerate()
    {
        let reply = post(
            &client,
            &server.referrals_url(),
            &payload_with(&uuid_for(n as u64), phq9),
        )
        .await;
        assert_eq!(reply.status, 201, "{}", reply.text);
        references.push(reply.body["reference"].as_str().unwrap().to_owned());
    }
    server.stop().await.unwrap();
    (references[0].clone(), references[1].clone())
}

#[tokio::test]
async fn export_fhir_writes_one_bundle_per_line_risk_first() {
    let db = TestDatabase::new(Backend::Sqlite).await;
    let (calm, risky) = send_two(&db).await;
    let output = run_cli(&["export", "--format", "fhir", "--database", &db.arg()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let bundles: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(bundles.len(), 2);
    assert!(text.ends_with('\n'));
    let reference_of = |bundle: &Value| {
        let request = bundle["entry"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["resource"]["resourceType"] == "ServiceRequest")
            .unwrap();
        request["resource"]["identifier"][0]["value"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    for bundle in &bundles {
        assert_eq!(bundle["resourceType"], "Bundle");
        assert_eq!(bundle["type"], "transaction");
    }
    assert_eq!(reference_of(&bundles[0]), risky, "risk first");
    assert_eq!(reference_of(&bundles[1]), calm);
    let flags = |b: &Value| {
        b["entry"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["resource"]["resourceType"] == "Flag")
            .count()
    };
    assert_eq!((flags(&bundles[0]), flags(&bundles[1])), (1, 0));
    // A second export is the same, byte for byte (deterministic urn:uuids).
    let again = run_cli(&["export", "--format", "fhir", "--database", &db.arg()]);
    assert_eq!(String::from_utf8(again.stdout).unwrap(), text);
}
