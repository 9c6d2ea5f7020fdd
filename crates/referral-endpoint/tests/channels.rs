//! Each referral is checked against the configuration of the mode it was
//! made in (its channel): a clinic referral against the clinic's cut-offs,
//! an embedded one against the embed configuration. A service with no
//! configuration in that mode takes no such referrals.

mod support;

use hyper::StatusCode;
use referral_endpoint::{ConfigError, Endpoint};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use support::*;

fn public(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../public")
        .join(file)
}

fn clinic_channel() -> Value {
    json!({ "kind": "clinic", "clinician": { "name": "Sam Patel", "role": "Practice nurse", "team": "Riverside diabetes clinic" } })
}

/// A clinic configuration that differs from the website's: PHQ-9's cut-off is 12, not 10.
fn clinic_config_with_phq9_cutoff_12(dir: &Path) -> PathBuf {
    let mut config: Value =
        serde_json::from_str(&std::fs::read_to_string(public("clinic-config.json")).unwrap())
            .unwrap();
    config["cutoffs"]["phq9"] = json!(12);
    let path = dir.join("clinic-config.json");
    std::fs::write(&path, config.to_string()).unwrap();
    path
}

async fn start_with(
    backend: Backend,
    clinic: Option<PathBuf>,
    embed: Option<PathBuf>,
) -> (Endpoint, TestDatabase) {
    let db = TestDatabase::new(backend).await;
    let mut config = test_config(&db.database);
    config.clinic_config = clinic;
    config.embed_config = embed;
    (Endpoint::start(&config).await.unwrap(), db)
}

async fn without_a_configuration_in_its_mode_a_referral_is_refused(backend: Backend) {
    let (endpoint, _dir) = start_with(backend, None, None).await;
    let embed = json!({ "kind": "embed", "practice_ods": "F83004" });
    for (channel, kind) in [(clinic_channel(), "clinic"), (embed, "embed")] {
        let mut body = payload(REFERRAL_ID);
        body["channel"] = channel;
        let reply = post(&client(), &endpoint.referrals_url(), &body).await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            reply.text
        );
        assert_eq!(reply.body["fields"][0]["field"], "channel.kind");
        let problem = reply.body["fields"][0]["problem"].as_str().unwrap();
        assert!(
            problem.contains(&format!("no {kind} referrals")),
            "{problem}"
        );
    }
    assert_eq!(endpoint.store().count().await.unwrap(), 0);
}

async fn a_clinic_referral_is_checked_against_the_clinics_cutoffs(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let clinic = clinic_config_with_phq9_cutoff_12(dir.path());
    let (endpoint, _db) = start_with(backend, Some(clinic.clone()), None).await;
    let client = client();
    // Scored with the website's PHQ-9 cut-off of 10: right for a self-referral...
    let body = payload(REFERRAL_ID);
    let reply = post(&client, &endpoint.referrals_url(), &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    // ...but not for a clinic referral, whose rules say 12.
    let mut body = payload(&uuid_for(2));
    body["channel"] = clinic_channel();
    let reply = post(&client, &endpoint.referrals_url(), &body).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.text
    );
    assert!(reply.text.contains("cutoff"), "{}", reply.text);

    // With the clinic's own cut-offs (the example's, as the website's) it is stored.
    let (endpoint, _db) = start_with(backend, Some(public("clinic-config.json")), None).await;
    let reply = post(&client, &endpoint.referrals_url(), &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    assert!(reply.body["reference"].is_string(), "{}", reply.text);
}

#[test]
fn a_clinic_configuration_that_is_not_in_clinic_mode_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = test_config(&sqlite_in(dir.path()));
    config.clinic_config = Some(public("embed-config.json"));
    match config.read_clinic_config(&catalogue()) {
        Err(ConfigError::WrongMode { setting, mode, .. }) => {
            assert_eq!((setting.as_str(), mode), ("clinic_config", "clinic"));
        }
        other => panic!("expected WrongMode, got {other:?}"),
    }
}

on_both_backends!(
    without_a_configuration_in_its_mode_a_referral_is_refused,
    a_clinic_referral_is_checked_against_the_clinics_cutoffs,
);
