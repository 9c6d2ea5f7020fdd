//! `POST /api/csp-report`: both report formats are taken (204), and the log
//! says which directive blocked what origin and nothing else: never the
//! page's query string, the blocked address's path, or the code sample,
//! any of which could hold what a person typed.

mod support;

use http_body_util::Full;
use hyper::{Request, StatusCode};
use referral_endpoint::csp_report::{CSP_REPORT_PATH, MAX_REPORT_BYTES};
use serde_json::json;
use support::log_capture::Capture;
use support::*;

async fn post_report(server: &TestEndpoint, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
    send(
        &server.client,
        Request::post(format!("{}{CSP_REPORT_PATH}", server.endpoint.url()))
            .header("content-type", content_type)
            .body(Full::from(body.into()))
            .unwrap(),
    )
    .await
}

// The only test here that logs what it checks: the subscriber is global to
// the process (the others' lines would hold nothing personal either).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_in_both_formats_are_logged_without_personal_data() {
    let capture = Capture::install();
    let server = start(Backend::Sqlite).await;

    let report_uri = json!({"csp-report": {
        "document-uri": format!("http://127.0.0.1/?nhs={NHS_NUMBER}&name={FIRST_NAME}"),
        "referrer": format!("https://www.example.nhs.uk/?q={LAST_NAME}"),
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "original-policy": "default-src 'self'",
        "disposition": "enforce",
        "blocked-uri": format!("https://{FIRST_NAME}:{PHONE_DIGITS}@cdn.example/steal?email={EMAIL}"),
        "script-sample": format!("send('{LAST_NAME}')"),
        "status-code": 200
    }});
    let reply = post_report(&server, "application/csp-report", report_uri.to_string()).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);
    assert_eq!(reply.text, "");

    let reporting_api = json!([{
        "type": "csp-violation",
        "age": 10,
        "url": format!("http://127.0.0.1/embed.html?practice=F83004&dob=1981-03-14#{ANYTHING_ELSE}"),
        "user_agent": "Mozilla/5.0",
        "body": {
            "documentURL": format!("http://127.0.0.1/embed.html?n={NHS_NUMBER}"),
            "effectiveDirective": "connect-src",
            "blockedURL": format!("https://elsewhere.example:8443/api/{LAST_NAME}"),
            "sample": FIRST_NAME,
            "disposition": "enforce",
            "sourceFile": format!("http://127.0.0.1/?{EMAIL}"),
            "lineNumber": 1
        }
    }]);
    let reply = post_report(
        &server,
        "application/reports+json",
        reporting_api.to_string(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);

    let log = capture.text();
    let violations: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("content security policy violation"))
        .collect();
    assert_eq!(violations.len(), 2, "{log}");
    assert!(
        violations[0].contains("directive=script-src-elem")
            && violations[0].contains("blocked=https://cdn.example"),
        "{log}"
    );
    assert!(
        violations[1].contains("directive=connect-src")
            && violations[1].contains("blocked=https://elsewhere.example:8443"),
        "{log}"
    );
    for secret in [
        FIRST_NAME,
        LAST_NAME,
        NHS_NUMBER,
        PHONE_DIGITS,
        EMAIL,
        ANYTHING_ELSE,
        "1981-03-14",
        "steal",
        "F83004",
    ] {
        assert!(!log.contains(secret), "{secret} in the log:\n{log}");
    }
}

#[tokio::test]
async fn anything_but_a_report_is_refused() {
    let server = start(Backend::Sqlite).await;
    let reply = post_report(&server, "text/plain", "{}").await;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let reply = post_report(&server, "application/csp-report", "not json").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let big = format!(
        "{{\"csp-report\": {{\"script-sample\": \"{}\"}}}}",
        "x".repeat(MAX_REPORT_BYTES)
    );
    let reply = post_report(&server, "application/csp-report", big).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    // A report the endpoint cannot read anything from is still taken.
    let reply = post_report(&server, "application/reports+json", "[]").await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn reports_are_sent_without_cors_from_the_pages_own_origin_only() {
    // No CORS headers are offered: a browser sends a page's reports to its
    // own origin, and no other website's script can read the answer.
    let server = start(Backend::Sqlite).await;
    let reply = send(
        &server.client,
        Request::post(format!("{}{CSP_REPORT_PATH}", server.endpoint.url()))
            .header("content-type", "application/csp-report")
            .header("origin", ALLOWED_ORIGIN)
            .body(Full::from("{}"))
            .unwrap(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(reply.headers.get("access-control-allow-origin"), None);
}
