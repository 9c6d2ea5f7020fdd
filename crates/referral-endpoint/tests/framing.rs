//! Who may put the endpoint's pages in a frame: the embed page only on the
//! websites the embed configuration lists, everything else nowhere; and
//! embedded referrals checked against the embed configuration.

mod support;

use http_body_util::Full;
use hyper::{Request, StatusCode};
use referral_endpoint::{ConfigError, Endpoint};
use serde_json::json;
use std::path::{Path, PathBuf};
use support::*;

fn embed_config_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../public/embed-config.json")
}

/// A server with a tiny dist/ (index.html and embed.html).
async fn start_serving(backend: Backend, embed: Option<PathBuf>) -> (Endpoint, TestDatabase) {
    let db = TestDatabase::new(backend).await;
    let dist = db.dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    for page in ["index.html", "embed.html"] {
        std::fs::write(dist.join(page), "<!doctype html><title>t</title>").unwrap();
    }
    let mut config = test_config(&db.database);
    config.static_dir = Some(dist);
    config.embed_config = embed;
    (Endpoint::start(&config).await.unwrap(), db)
}

async fn headers_of(endpoint: &Endpoint, path: &str) -> (String, Option<String>) {
    let reply = send(
        &client(),
        Request::get(format!("{}{path}", endpoint.url()))
            .body(Full::default())
            .unwrap(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{path}");
    let header = |name: &str| {
        reply
            .headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    (
        header("content-security-policy").unwrap_or_default(),
        header("x-frame-options"),
    )
}

async fn the_embed_page_may_be_framed_only_by_the_listed_practice_websites(backend: Backend) {
    let (endpoint, _dir) = start_serving(backend, Some(embed_config_path())).await;
    let (policy, frame_options) = headers_of(&endpoint, "/embed.html").await;
    assert_eq!(
        policy,
        "frame-ancestors https://www.riverside-medical-centre.example https://www.hilltop-surgery.example https://hilltop-surgery.example"
    );
    assert_eq!(frame_options, None);
}

async fn every_other_page_may_not_be_framed_at_all(backend: Backend) {
    let (endpoint, _dir) = start_serving(backend, Some(embed_config_path())).await;
    for path in ["/", "/index.html", "/api/health"] {
        let (policy, frame_options) = headers_of(&endpoint, path).await;
        assert_eq!(policy, "frame-ancestors 'none'", "{path}");
        assert_eq!(frame_options.as_deref(), Some("DENY"), "{path}");
    }
}

async fn without_an_embed_configuration_nothing_may_frame_the_embed_page(backend: Backend) {
    let (endpoint, _dir) = start_serving(backend, None).await;
    let (policy, _) = headers_of(&endpoint, "/embed.html").await;
    assert_eq!(policy, "frame-ancestors 'none'");
}

#[test]
fn an_embed_configuration_that_is_not_in_embed_mode_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = test_config(&sqlite_in(dir.path()));
    config.embed_config = Some(service_config_path());
    match config.read_embed_config(&catalogue()) {
        Err(ConfigError::WrongMode { setting, mode, .. }) => {
            assert_eq!((setting.as_str(), mode), ("embed_config", "embed"));
        }
        other => panic!("expected WrongMode, got {other:?}"),
    }
}

async fn an_embedded_referral_from_a_practice_not_allowed_to_embed_is_refused(backend: Backend) {
    let server = start_embedding(backend).await;
    let (endpoint, client) = (&server.endpoint, &server.client);
    // Market Street (F83006) is in the area but lists no embed_origins.
    let mut body = payload(REFERRAL_ID);
    body["channel"] = json!({ "kind": "embed", "practice_ods": "F83006" });
    let reply = post(client, &endpoint.referrals_url(), &body).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.text
    );
    assert_eq!(reply.body["fields"][0]["field"], "channel.practice_ods");
    // Riverside (F83004) may embed.
    body["channel"] = json!({ "kind": "embed", "practice_ods": "F83004" });
    let reply = post(client, &endpoint.referrals_url(), &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
}

on_both_backends!(
    the_embed_page_may_be_framed_only_by_the_listed_practice_websites,
    every_other_page_may_not_be_framed_at_all,
    without_an_embed_configuration_nothing_may_frame_the_embed_page,
    an_embedded_referral_from_a_practice_not_allowed_to_embed_is_refused,
);
