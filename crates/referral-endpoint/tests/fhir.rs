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
