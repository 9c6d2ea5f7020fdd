//! The HTTP API in-process on a free port with a temporary database: what is
//! stored, what is refused (and that nothing refused is stored), and CORS.

mod support;

use axum::body::Bytes;
use http_body_util::Full;
use hyper::{Request, StatusCode};
use referral_endpoint::Endpoint;
use referral_endpoint::reference::is_reference;
use screening::ServiceConfig;
use serde_json::{Value, json};
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// POSTs `payload` after `tamper` changes it.
async fn post_tampered(server: &TestEndpoint, tamper: impl Fn(&mut Value)) -> Reply {
    let mut body = payload(REFERRAL_ID);
    tamper(&mut body);
    post(&server.client, &server.endpoint.referrals_url(), &body).await
}

async fn a_valid_referral_is_stored_and_gets_a_reference(backend: Backend) {
    let server = start(backend).await;
    let body = payload(REFERRAL_ID);
    let reply = post(&server.client, &server.endpoint.referrals_url(), &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let reference = reply.body["reference"].as_str().unwrap();
    assert!(is_reference(reference), "{reference}");

    let rows = server.endpoint.store().list().await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].reference, reference);
    assert_eq!(rows[0].idempotency_key, REFERRAL_ID);
    assert_eq!(rows[0].channel, "self");
    assert_eq!(
        rows[0].payload_json(),
        body,
        "the payload is stored as sent"
    );
    assert_eq!(body["schema_version"], 2, "what this widget sends");
}

async fn a_retry_gets_the_same_reference_and_stores_nothing_new(backend: Backend) {
    let server = start(backend).await;
    let url = server.endpoint.referrals_url();
    let body = payload(REFERRAL_ID);
    let first = post(&server.client, &url, &body).await;
    assert_eq!(first.status, StatusCode::CREATED);
    // The same referral, laid out differently: still the same referral.
    let pretty = serde_json::to_vec_pretty(&body).unwrap();
    let again = post_raw(&server.client, &url, Some(REFERRAL_ID), pretty).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    assert_eq!(again.body["reference"], first.body["reference"]);
    assert_eq!(server.endpoint.store().count().await.unwrap(), 1);
}

async fn the_same_key_with_a_different_referral_is_a_conflict(backend: Backend) {
    let server = start(backend).await;
    let url = server.endpoint.referrals_url();
    post(&server.client, &url, &payload(REFERRAL_ID)).await;
    let other = payload_with(REFERRAL_ID, &[3, 3, 3, 3, 3, 3, 3, 3, 0]);
    let reply = post(&server.client, &url, &other).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.text);
    assert!(
        reply.body["error"]
            .as_str()
            .unwrap()
            .contains("Idempotency-Key")
    );
    let rows = server.endpoint.store().list().await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].payload_json(),
        payload(REFERRAL_ID),
        "first one kept"
    );
}

async fn truncated_json_is_refused(backend: Backend) {
    let server = start(backend).await;
    let text = serde_json::to_string(&payload(REFERRAL_ID)).unwrap();
    let half = text[..text.len() / 2].to_owned();
    let reply = post_raw(
        &server.client,
        &server.endpoint.referrals_url(),
        Some(REFERRAL_ID),
        half,
    )
    .await;
    assert_refused(&server, &reply, StatusCode::BAD_REQUEST).await;
    assert!(
        reply.body["error"]
            .as_str()
            .unwrap()
            .contains("not valid JSON")
    );
}

async fn a_wrong_type_is_refused_naming_the_field(backend: Backend) {
    let server = start(backend).await;
    let reply = post_tampered(&server, |j| j["screening"]["risk_flag"] = json!("no")).await;
    assert_refused(&server, &reply, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&reply), vec!["screening.risk_flag"]);
    assert!(
        !reply.text.contains("\"no\""),
        "the value is not echoed: {}",
        reply.text
    );
}

async fn an_unknown_field_is_refused(backend: Backend) {
    let server = start(backend).await;
    let reply = post_tampered(&server, |j| j["person"]["shoe_size"] = json!(9)).await;
    assert_refused(&server, &reply, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&reply), vec!["person.shoe_size"]);
    assert!(reply.text.contains("shoe_size"), "{}", reply.text);
}

async fn a_tampered_total_is_refused(backend: Backend) {
    let server = start(backend).await;
    let reply = post_tampered(&server, |j| {
        j["screening"]["results"][1]["total"] = json!(2)
    })
    .await;
    assert_refused(&server, &reply, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&reply), vec!["screening.results[1]"]);
}

async fn a_hidden_risk_answer_is_refused(backend: Backend) {
    let server = start(backend).await;
    let reply = post_tampered(&server, |j| {
        j["screening"]["results"][1]["answers"][8] = json!(3);
        j["screening"]["results"][1]["total"] = json!(13);
    })
    .await;
    assert_refused(&server, &reply, StatusCode::UNPROCESSABLE_ENTITY).await;
    let fields = fields(&reply);
    assert!(
        fields.contains(&"screening.risk_flag".to_owned()),
        "{fields:?}"
    );
}

async fn an_invalid_nhs_number_is_refused_without_repeating_it(backend: Backend) {
    let server = start(backend).await;
    let reply = post_tampered(&server, |j| j["person"]["nhs_number"] = json!("9434765918")).await;
    assert_refused(&server, &reply, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&reply), vec!["person.nhs_number"]);
    assert!(reply.text.contains("check digit"), "{}", reply.text);
    assert!(!reply.text.contains("9434765918"), "{}", reply.text);
}

async fn an_oversized_body_is_refused(backend: Backend) {
    let server = start(backend).await;
    let mut body = payload(REFERRAL_ID);
    body["person"]["anything_else"] = json!("x".repeat(70 * 1024));
    let reply = post(&server.client, &server.endpoint.referrals_url(), &body).await;
    assert_refused(&server, &reply, StatusCode::PAYLOAD_TOO_LARGE).await;
}

async fn an_oversized_body_that_does_not_declare_its_length_is_cut_off(backend: Backend) {
    let server = start(backend).await;
    let mut stream = tokio::net::TcpStream::connect(server.endpoint.addr())
        .await
        .unwrap();
    let head = format!(
        "POST /api/referrals HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
         Idempotency-Key: {REFERRAL_ID}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        server.endpoint.addr()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = vec![b' '; 16 * 1024];
    // 80 KiB of whitespace; the server may answer and close before the end.
    for _ in 0..5 {
        let mut frame = format!("{:x}\r\n", chunk.len()).into_bytes();
        frame.extend_from_slice(&chunk);
        frame.extend_from_slice(b"\r\n");
        if stream.write_all(&frame).await.is_err() {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response).await;
    let response = String::from_utf8_lossy(&response);
    assert!(response.starts_with("HTTP/1.1 413"), "{response}");
    assert_eq!(server.endpoint.store().count().await.unwrap(), 0);
}

async fn an_unknown_schema_version_is_refused_first(backend: Backend) {
    let server = start(backend).await;
    // Also a wrong type elsewhere: the version is what the sender must hear.
    let reply = post_tampered(&server, |j| {
        j["schema_version"] = json!(3);
        j["screening"]["risk_flag"] = json!("no");
    })
    .await;
    assert_refused(&server, &reply, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&reply), vec!["schema_version"]);
    assert_eq!(
        reply.body["error"],
        "unsupported schema version 3; this endpoint accepts talking-health/referral versions 1 and 2"
    );
    assert_eq!(reply.body["fields"][0]["problem"], "must be 1 or 2");
}

/// A referral an older widget made (queued or retried across an upgrade)
/// is still read: schema version 1, without `risk_reason` and
/// `phq9_item9_highest`, with or without a risk answer.
async fn a_schema_version_1_referral_is_accepted_and_stored(backend: Backend) {
    let server = start(backend).await;
    let url = server.endpoint.referrals_url();
    for (n, phq9) in [[2, 2, 1, 1, 1, 1, 1, 1, 0], [2, 2, 1, 1, 1, 1, 1, 1, 1]]
        .iter()
        .enumerate()
    {
        let body = as_schema_version_1(payload_with(&uuid_for(n as u64), phq9));
        assert_eq!(body["schema_version"], 1);
        assert!(body["screening"].get("risk_reason").is_none());
        assert!(body["screening"].get("phq9_item9_highest").is_none());
        let reply = post(&server.client, &url, &body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        let reference = reply.body["reference"].as_str().unwrap();
        let row = server
            .endpoint
            .store()
            .get_by_reference(reference)
            .await
            .unwrap()
            .expect("stored");
        assert_eq!(row.payload_json(), body, "stored as sent");
        assert_eq!(row.risk_flag(), phq9[8] > 0);
    }
    assert_eq!(server.endpoint.store().count().await.unwrap(), 2);
}

async fn a_schema_version_1_referral_with_version_2_fields_is_refused(backend: Backend) {
    let server = start(backend).await;
    let v2 = payload_with(REFERRAL_ID, &[2, 2, 1, 1, 1, 1, 1, 1, 1]);
    for field in ["phq9_item9_highest", "risk_reason"] {
        let mut body = as_schema_version_1(v2.clone());
        body["screening"][field] = v2["screening"][field].clone();
        let reply = post(&server.client, &server.endpoint.referrals_url(), &body).await;
        assert_refused(&server, &reply, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(fields(&reply), vec![format!("screening.{field}")]);
        assert!(
            reply.text.contains("not part of schema version 1"),
            "{}",
            reply.text
        );
    }
}

async fn another_schema_is_refused(backend: Backend) {
    let server = start(backend).await;
    let reply = post_tampered(&server, |j| j["schema"] = json!("someone-else/referral")).await;
    assert_refused(&server, &reply, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&reply), vec!["schema"]);
}

async fn a_missing_idempotency_key_is_refused(backend: Backend) {
    let server = start(backend).await;
    let body = serde_json::to_vec(&payload(REFERRAL_ID)).unwrap();
    let reply = post_raw(&server.client, &server.endpoint.referrals_url(), None, body).await;
    assert_refused(&server, &reply, StatusCode::BAD_REQUEST).await;
    assert_eq!(fields(&reply), vec!["Idempotency-Key"]);
}

async fn an_idempotency_key_that_is_not_a_uuid_is_refused(backend: Backend) {
    let server = start(backend).await;
    let body = serde_json::to_vec(&payload(REFERRAL_ID)).unwrap();
    let url = server.endpoint.referrals_url();
    let reply = post_raw(&server.client, &url, Some("retry-1"), body).await;
    assert_refused(&server, &reply, StatusCode::BAD_REQUEST).await;
    assert_eq!(fields(&reply), vec!["Idempotency-Key"]);
}

async fn an_idempotency_key_other_than_the_referral_id_is_refused(backend: Backend) {
    let server = start(backend).await;
    let body = serde_json::to_vec(&payload(REFERRAL_ID)).unwrap();
    let url = server.endpoint.referrals_url();
    let reply = post_raw(&server.client, &url, Some(&uuid_for(7)), body).await;
    assert_refused(&server, &reply, StatusCode::BAD_REQUEST).await;
    assert_eq!(fields(&reply), vec!["referral_id"]);
}

async fn the_key_matches_the_referral_id_in_any_case(backend: Backend) {
    let server = start(backend).await;
    let body = serde_json::to_vec(&payload(REFERRAL_ID)).unwrap();
    let url = server.endpoint.referrals_url();
    let upper = REFERRAL_ID.to_uppercase();
    let reply = post_raw(&server.client, &url, Some(&upper), body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let rows = server.endpoint.store().list().await.unwrap();
    assert_eq!(rows[0].idempotency_key, REFERRAL_ID, "stored in one form");
}

async fn a_practice_outside_the_services_list_is_refused(backend: Backend) {
    let server = start(backend).await;
    let reply = post_tampered(&server, |j| {
        j["person"]["gp_practice"] = json!({ "name": "Elsewhere Surgery", "ods": "Y99999" });
    })
    .await;
    assert_refused(&server, &reply, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&reply), vec!["person.gp_practice"]);
}

async fn an_embed_on_a_practice_outside_the_list_is_refused(backend: Backend) {
    let server = start_embedding(backend).await;
    let reply = post_tampered(&server, |j| {
        j["channel"] = json!({ "kind": "embed", "practice_ods": "Y99999" });
    })
    .await;
    assert_refused(&server, &reply, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&reply), vec!["channel.practice_ods"]);
}

async fn no_consent_to_contact_is_refused(backend: Backend) {
    let server = start(backend).await;
    let reply = post_tampered(&server, |j| {
        j["person"]["consents"]["contact"] = json!(false)
    })
    .await;
    assert_refused(&server, &reply, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&reply), vec!["person.consents.contact"]);
}

async fn a_body_that_is_not_json_content_is_refused(backend: Backend) {
    let server = start(backend).await;
    let request = Request::post(server.endpoint.referrals_url())
        .header("content-type", "text/plain")
        .header("idempotency-key", REFERRAL_ID)
        .body(Full::new(Bytes::from(
            serde_json::to_vec(&payload(REFERRAL_ID)).unwrap(),
        )))
        .unwrap();
    let reply = send(&server.client, request).await;
    assert_refused(&server, &reply, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
}

async fn health_answers(backend: Backend) {
    let server = start(backend).await;
    let request = Request::get(format!("{}/api/health", server.endpoint.url()))
        .body(Full::default())
        .unwrap();
    assert_eq!(send(&server.client, request).await.status, StatusCode::OK);
}

async fn preflight(server: &TestEndpoint, origin: &str) -> Reply {
    let request = Request::options(server.endpoint.referrals_url())
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type,idempotency-key",
        )
        .body(Full::default())
        .unwrap();
    send(&server.client, request).await
}

async fn an_allowed_origin_may_post(backend: Backend) {
    let server = start(backend).await;
    let reply = preflight(&server, ALLOWED_ORIGIN).await;
    assert_eq!(reply.headers["access-control-allow-origin"], ALLOWED_ORIGIN);
    let methods = reply.headers["access-control-allow-methods"]
        .to_str()
        .unwrap();
    assert!(methods.contains("POST"), "{methods}");
    let allowed = reply.headers["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(allowed.contains("idempotency-key"), "{allowed}");

    let request = Request::post(server.endpoint.referrals_url())
        .header("origin", ALLOWED_ORIGIN)
        .header("content-type", "application/json")
        .header("idempotency-key", REFERRAL_ID)
        .body(Full::new(Bytes::from(
            serde_json::to_vec(&payload(REFERRAL_ID)).unwrap(),
        )))
        .unwrap();
    let reply = send(&server.client, request).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.headers["access-control-allow-origin"], ALLOWED_ORIGIN);
    // The widget honours Retry-After, which a page on another origin can
    // read only when the endpoint exposes it.
    let exposed = reply.headers["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(exposed.contains("retry-after"), "{exposed}");
}

async fn a_repeat_is_answered_even_after_the_services_rules_changed(backend: Backend) {
    let server = start(backend).await;
    let url = server.endpoint.referrals_url();
    let body = payload(REFERRAL_ID);
    let first = post(&server.client, &url, &body).await;
    assert_eq!(first.status, StatusCode::CREATED);
    drop(server.endpoint);

    // Restarted on the same database with the person's practice removed:
    // a new referral from it is refused, but the lost answer to the stored
    // one is still given.
    let mut service: Value =
        serde_json::from_str(&std::fs::read_to_string(service_config_path()).unwrap()).unwrap();
    service["eligibility"]["practices"]
        .as_array_mut()
        .unwrap()
        .retain(|p| p["ods"] != body["person"]["gp_practice"]["ods"]);
    let service = ServiceConfig::from_json(&service.to_string(), &catalogue()).unwrap();
    let restarted = Endpoint::start_with_service(&test_config(&server.db.database), service)
        .await
        .unwrap();
    let url = restarted.referrals_url();
    let repeat = post(&server.client, &url, &body).await;
    assert_eq!(repeat.status, StatusCode::OK, "{}", repeat.text);
    assert_eq!(repeat.body["reference"], first.body["reference"]);
    let another = post(&server.client, &url, &payload(&uuid_for(7))).await;
    assert_eq!(another.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(restarted.store().count().await.unwrap(), 1);
}

async fn another_origin_gets_no_cors_headers(backend: Backend) {
    let server = start(backend).await;
    for origin in [
        "https://evil.example",
        "https://www.anytown.example.nhs.uk.evil.example",
    ] {
        let reply = preflight(&server, origin).await;
        assert!(
            !reply.headers.contains_key("access-control-allow-origin"),
            "{origin}: {:?}",
            reply.headers
        );
    }
}

async fn the_widgets_files_are_served_with_their_types(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let dist = db.dir.path().join("dist");
    std::fs::create_dir_all(dist.join("public")).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>t</title>").unwrap();
    std::fs::write(dist.join("app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dist.join("public/config.json"), r#"{"served": true}"#).unwrap();
    let mut config = test_config(&db.database);
    config.static_dir = Some(dist);
    let endpoint = referral_endpoint::Endpoint::start(&config).await.unwrap();
    let client = client();
    let get = |path: &str| {
        Request::get(format!("{}{path}", endpoint.url()))
            .body(Full::default())
            .unwrap()
    };
    let index = send(&client, get("/")).await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(
        index.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let wasm = send(&client, get("/app_bg.wasm")).await;
    assert_eq!(wasm.headers["content-type"], "application/wasm");
    let served = send(&client, get("/public/config.json")).await;
    assert_eq!(served.body, json!({ "served": true }));
    assert_eq!(
        send(&client, get("/missing.js")).await.status,
        StatusCode::NOT_FOUND
    );
    // The API still answers beside the files.
    let reply = post(&client, &endpoint.referrals_url(), &payload(REFERRAL_ID)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
}

/// The e2e harness's way in: its own listener, a service configuration it
/// patched (endpoint pointed at its port), its own `/public/config.json`
/// route in front of the built files, and the real API behind.
async fn a_harness_can_add_its_own_config_route_and_service_config(backend: Backend) {
    use axum::routing::get;
    use referral_endpoint::{AppState, Endpoint, router};

    let db = TestDatabase::new(backend).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut service: Value =
        serde_json::from_str(&std::fs::read_to_string(service_config_path()).unwrap()).unwrap();
    service["endpoint"] = json!(format!("http://{addr}/api/referrals"));
    // Only Hilltop Surgery in this service's area.
    service["eligibility"]["practices"] = json!([{ "name": "Hilltop Surgery", "ods": "F83005" }]);
    let served = service.to_string();
    let parsed =
        screening::ServiceConfig::from_json(&served, &screening::Catalogue::load().unwrap())
            .unwrap();

    let store = db.open().await;
    let config = test_config(&db.database);
    let app = router(AppState::new(store.clone(), parsed), &config)
        .route("/public/config.json", get(move || async move { served }));
    let endpoint = Endpoint::start_on(listener, app, store);
    let client = client();

    let config_reply = send(
        &client,
        Request::get(format!("{}/public/config.json", endpoint.url()))
            .body(Full::default())
            .unwrap(),
    )
    .await;
    assert_eq!(
        config_reply.body["endpoint"],
        format!("http://{addr}/api/referrals")
    );
    // Riverside (F83004) is not in the patched list: refused.
    let reply = post(&client, &endpoint.referrals_url(), &payload(REFERRAL_ID)).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.text
    );
    let mut hilltop = payload(REFERRAL_ID);
    hilltop["person"]["gp_practice"] = json!({ "name": "Hilltop Surgery", "ods": "F83005" });
    let reply = post(&client, &endpoint.referrals_url(), &hilltop).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    assert_eq!(endpoint.store().count().await.unwrap(), 1);
    endpoint.stop().await.unwrap();
}

on_both_backends!(
    a_valid_referral_is_stored_and_gets_a_reference,
    a_retry_gets_the_same_reference_and_stores_nothing_new,
    the_same_key_with_a_different_referral_is_a_conflict,
    truncated_json_is_refused,
    a_wrong_type_is_refused_naming_the_field,
    an_unknown_field_is_refused,
    a_tampered_total_is_refused,
    a_hidden_risk_answer_is_refused,
    an_invalid_nhs_number_is_refused_without_repeating_it,
    an_oversized_body_is_refused,
    an_oversized_body_that_does_not_declare_its_length_is_cut_off,
    an_unknown_schema_version_is_refused_first,
    a_schema_version_1_referral_is_accepted_and_stored,
    a_schema_version_1_referral_with_version_2_fields_is_refused,
    another_schema_is_refused,
    a_missing_idempotency_key_is_refused,
    an_idempotency_key_that_is_not_a_uuid_is_refused,
    an_idempotency_key_other_than_the_referral_id_is_refused,
    the_key_matches_the_referral_id_in_any_case,
    a_practice_outside_the_services_list_is_refused,
    an_embed_on_a_practice_outside_the_list_is_refused,
    no_consent_to_contact_is_refused,
    a_body_that_is_not_json_content_is_refused,
    health_answers,
    an_allowed_origin_may_post,
    a_repeat_is_answered_even_after_the_services_rules_changed,
    another_origin_gets_no_cors_headers,
    the_widgets_files_are_served_with_their_types,
    a_harness_can_add_its_own_config_route_and_service_config,
);
