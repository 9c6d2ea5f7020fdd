//! The request log says what happened to each request and nothing a person
//! typed: no name, NHS number, date of birth, contact details or free text,
//! whether the referral was stored or refused.

mod support;

use serde_json::json;
use support::log_capture::Capture;
use support::*;

// One test in this file, each backend in turn: the subscriber is global to
// the process, and the server's tasks run on other threads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_has_one_line_per_request_and_no_patient_data() {
    let capture = Capture::install();
    for backend in [Backend::Sqlite, Backend::Postgres] {
        capture.clear();
        check_the_log(backend, &capture).await;
    }
}

async fn check_the_log(backend: Backend, capture: &Capture) {
    let server = start(backend).await;
    let url = server.endpoint.referrals_url();
    let client = &server.client;
    let body = payload_with(REFERRAL_ID, &[1, 1, 1, 1, 1, 1, 1, 1, 2]);
    let created = post(client, &url, &body).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let reference = created.body["reference"].as_str().unwrap().to_owned();
    assert_eq!(post(client, &url, &body).await.status, 200);

    // Refusals, each with the patient's details in the body, some in the
    // very field that is wrong.
    let mut conflict = body.clone();
    conflict["person"]["first_name"] = json!("Zebedeo");
    assert_eq!(post(client, &url, &conflict).await.status, 409);
    let refused = [
        ("person", "nhs_number", json!("9434765918")),
        ("person", "first_name", json!(42)),
        ("person", "date_of_birth", json!("1981-02-30")),
        ("contact", "safe_to_text", json!(FIRST_NAME)),
        ("person", "postcode", json!(LAST_NAME)),
    ];
    for (i, (parent, field, value)) in refused.into_iter().enumerate() {
        let mut bad = payload(&uuid_for(i as u64));
        match parent {
            "contact" => bad["person"]["contact"][field] = value,
            _ => bad["person"][field] = value,
        }
        let reply = post(client, &url, &bad).await;
        assert_eq!(reply.status, 422, "{field}: {}", reply.text);
    }
    // An unknown key is the sender's text: it may hold a name, or try to
    // forge a log line.
    let mut sneaky = payload(&uuid_for(99));
    sneaky["person"][format!("{FIRST_NAME} {NHS_NUMBER}\nINFO forged status=201")] = json!(1);
    let reply = post(client, &url, &sneaky).await;
    assert_eq!(reply.status, 422, "{}", reply.text);
    // A key that looks like a field name (lower case and digits) but is not
    // one the schema defines: here, the person's NHS number.
    let mut lookalike = payload(&uuid_for(100));
    lookalike["person"][NHS_NUMBER] = json!(1);
    let reply = post(client, &url, &lookalike).await;
    assert_eq!(reply.status, 422, "{}", reply.text);
    let truncated = serde_json::to_string(&body).unwrap()[..900].to_owned();
    let reply = post_raw(client, &url, Some(REFERRAL_ID), truncated).await;
    assert_eq!(reply.status, 400);

    let log = capture.text();
    let lines: Vec<&str> = log.lines().filter(|l| l.contains("request")).collect();
    assert_eq!(lines.len(), 11, "{backend:?}: one line per request:\n{log}");
    assert!(!log.contains("forged"), "{log}");
    assert!(
        lines[0].contains("status=201")
            && lines[0].contains(&reference)
            && lines[0].contains("channel=self")
            && lines[0].contains("latency_ms="),
        "{}",
        lines[0]
    );
    assert!(lines[1].contains("status=200") && lines[1].contains(&reference));
    assert!(
        lines[3].contains("fields=person.nhs_number"),
        "{}",
        lines[3]
    );

    for secret in [
        FIRST_NAME,
        "Zebedeo",
        LAST_NAME,
        NHS_NUMBER,
        "943 476 5919",
        "9434765918",
        PHONE,
        PHONE_DIGITS,
        EMAIL,
        "1981-03-14",
        "1981-02-30",
        "N1 9AB",
        "N19AB",
        ANYTHING_ELSE,
    ] {
        assert!(!log.contains(secret), "the log contains {secret:?}:\n{log}");
    }
}
