//! "Confirm and send" against the real reference endpoint and its SQLite
//! database, with the faults a referral meets on the way. Each ends
//! with exactly one stored row and an honest message on the screen.

use e2e::steps::{press_button, reach_check_answers};
use e2e::*;
use serde_json::{Value, json};
use std::time::Duration;

/// Long enough for a few retries with backoff (1-2 s, then 2-4 s, ...).
const SENDING_WAIT: Duration = Duration::from_secs(30);

/// Notes every message the sending area shows, in order, so a test can check
/// what the person was told along the way.
async fn watch_send_messages(client: &Client) {
    client
        .execute(
            "window.__seen = [];
             const note = () => {
                 for (const el of document.querySelectorAll('.th-send-progress, [role=alert]')) {
                     if (el.hidden) continue;
                     const text = el.textContent.trim();
                     if (text && window.__seen[window.__seen.length - 1] !== text) window.__seen.push(text);
                 }
             };
             new MutationObserver(note).observe(document.body, {subtree: true, childList: true, characterData: true});",
            vec![],
        )
        .await
        .expect("watch the sending messages");
}

async fn seen_messages(client: &Client) -> Vec<String> {
    let seen = client
        .execute("return window.__seen", vec![])
        .await
        .unwrap();
    serde_json::from_value(seen).unwrap()
}

/// Waits for the confirmation page and returns the reference it shows.
async fn sent_reference(client: &Client) -> String {
    let deadline = std::time::Instant::now() + SENDING_WAIT;
    while h1_text(client).await.as_deref() != Some("Referral sent") {
        assert!(
            std::time::Instant::now() < deadline,
            "no confirmation within {SENDING_WAIT:?}; {}",
            describe_page(client).await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    wait_for(client, ".th-reference")
        .await
        .text()
        .await
        .unwrap()
}

/// Exactly one row, holding the referral the page confirmed; every request
/// carried the same idempotency key, which is the referral's id.
async fn assert_stored_once(server: &TestServer, reference: &str) -> Value {
    let rows = server.stored_rows().await;
    assert_eq!(rows.len(), 1, "exactly one referral is stored: {rows:?}");
    assert_eq!(
        rows[0].reference, reference,
        "the page shows the stored reference"
    );
    let payload = rows[0].payload_json();
    for request in server.received_requests() {
        assert_eq!(
            request.headers["idempotency-key"], payload["referral_id"],
            "every attempt carries the referral's id"
        );
    }
    payload
}

/// Whether leaving the page now would ask the person first: the page's
/// `beforeunload` handler cancels the event. (A WebDriver navigation skips
/// the browser's prompt, so the event is raised directly.)
async fn leaving_asks_first(client: &Client) -> bool {
    client
        .execute(
            "const leaving = new Event('beforeunload', {cancelable: true});
             window.dispatchEvent(leaving);
             return leaving.defaultPrevented;",
            vec![],
        )
        .await
        .unwrap()
        .as_bool()
        .unwrap()
}

fn told(seen: &[String], words: &str) -> bool {
    seen.iter().any(|message| message.contains(words))
}

async fn send_and_confirm(client: &Client) -> (String, Vec<String>) {
    watch_send_messages(client).await;
    press_button(client, "Confirm and send").await;
    let reference = sent_reference(client).await;
    (reference, seen_messages(client).await)
}

/// On a phone: the quickest journey, then "Confirm and send" until the
/// confirmation page. Returns its reference and the messages seen on the way.
async fn send_through(server: &TestServer) -> (String, Vec<String>) {
    let url = server.url();
    with_browser(PHONE.width, PHONE.height, move |client| async move {
        client.goto(&url).await.unwrap();
        reach_check_answers(&client).await;
        send_and_confirm(&client).await
    })
    .await
}

#[tokio::test]
async fn the_whole_journey_lands_in_the_database() {
    let server = TestServer::start().await;
    let url = server.url();
    let (reference, seen) = with_browser(PHONE.width, PHONE.height, move |client| async move {
        client.goto(&url).await.unwrap();
        reach_check_answers(&client).await;
        assert!(!leaving_asks_first(&client).await, "nothing is unsent yet");
        let sent = send_and_confirm(&client).await;
        assert!(
            !leaving_asks_first(&client).await,
            "nothing is unsent once delivered"
        );
        sent
    })
    .await;
    assert!(
        reference.len() == 10 && reference.starts_with("TH-"),
        "a short human reference: {reference}"
    );
    assert!(told(&seen, "Sending your referral"), "{seen:?}");
    let stored = assert_stored_once(&server, &reference).await;
    assert_eq!(stored["person"]["last_name"], "O'Brien");
    assert_eq!(stored["person"]["gp_practice"]["ods"], "F83004");
    assert_eq!(stored["channel"], json!({ "kind": "self" }));
    let results = stored["screening"]["results"].as_array().unwrap();
    assert_eq!(results[0]["instrument"], "phq9");
    assert_eq!(results[0]["answers"], json!([0, 0, 0, 0, 0, 0, 0, 0, 0]));
    assert_eq!(results[0]["severity"], "minimal");
    assert_eq!(results[1]["instrument"], "gad7");
    assert_eq!(results[1]["total"], 0);
    assert_eq!(stored["screening"]["risk_flag"], false);
    assert_eq!(server.stored_rows().await[0].channel, "self");
}

#[tokio::test]
async fn two_server_errors_then_success_stores_one_referral() {
    let server = TestServer::start().await;
    server.inject([Fault::Status(500), Fault::Status(500)]);
    let (reference, seen) = send_through(&server).await;
    assert!(
        told(&seen, "Still trying to send your referral"),
        "{seen:?}"
    );
    assert_eq!(server.received().len(), 3);
    assert_stored_once(&server, &reference).await;
}

#[tokio::test]
async fn an_endpoint_that_is_down_and_comes_back_gets_the_referral_once() {
    let server = TestServer::start().await;
    let url = server.url();
    let server = std::sync::Arc::new(server);
    let remote = server.clone();
    let (reference, seen) = with_browser(PHONE.width, PHONE.height, move |client| async move {
        client.goto(&url).await.unwrap();
        reach_check_answers(&client).await;
        remote.set_down(true);
        watch_send_messages(&client).await;
        press_button(&client, "Confirm and send").await;
        tokio::time::sleep(Duration::from_secs(4)).await;
        assert!(
            leaving_asks_first(&client).await,
            "a referral is on its way"
        );
        assert!(remote.stored_rows().await.is_empty());
        remote.set_down(false);
        let reference = sent_reference(&client).await;
        (reference, seen_messages(&client).await)
    })
    .await;
    assert!(told(&seen, "Still trying"), "{seen:?}");
    assert!(server.received().len() >= 3, "tried while down, then again");
    assert_stored_once(&server, &reference).await;
}

#[tokio::test]
async fn an_answer_slower_than_the_timeout_is_retried_without_a_second_row() {
    let server =
        TestServer::start_with_config(json!({ "submission": { "timeout_seconds": 2 } })).await;
    server.inject([Fault::SlowAfterStore(Duration::from_secs(5))]);
    let (reference, seen) = send_through(&server).await;
    assert!(told(&seen, "Still trying"), "{seen:?}");
    assert_eq!(server.received().len(), 2, "abandoned once, then answered");
    assert_stored_once(&server, &reference).await;
}

#[tokio::test]
async fn a_connection_lost_after_storing_does_not_store_twice() {
    let server = TestServer::start().await;
    server.inject([Fault::DropAfterStore]);
    let (reference, _) = send_through(&server).await;
    // The second request is the widget's retry, or Chromium's own resend of
    // a request whose reused connection closed unanswered: either way the
    // endpoint must answer it from the row it already has.
    assert_eq!(server.received().len(), 2, "the retry reached the endpoint");
    assert_stored_once(&server, &reference).await;
}

#[tokio::test]
async fn a_double_click_on_confirm_and_send_sends_one_referral() {
    let server = TestServer::start().await;
    let url = server.url();
    let reference = with_browser(PHONE.width, PHONE.height, move |client| async move {
        client.goto(&url).await.unwrap();
        reach_check_answers(&client).await;
        // Two clicks in the same moment, faster than any person.
        client
            .execute(
                "const button = [...document.querySelectorAll('button')]
                     .find(b => b.textContent.trim() === 'Confirm and send');
                 button.click(); button.click();",
                vec![],
            )
            .await
            .unwrap();
        sent_reference(&client).await
    })
    .await;
    assert_eq!(server.received().len(), 1, "one request, not two");
    assert_stored_once(&server, &reference).await;
}

#[tokio::test]
async fn a_refusal_is_not_retried_and_the_person_is_told_what_to_do() {
    let server = TestServer::start().await;
    server.respond_with(422, json!({ "error": "refused by the test" }));
    let url = server.url();
    with_browser(PHONE.width, PHONE.height, move |client| async move {
        client.goto(&url).await.unwrap();
        reach_check_answers(&client).await;
        press_button(&client, "Confirm and send").await;
        let alert = wait_for(&client, "[role=alert]:not([hidden])")
            .await
            .text()
            .await
            .unwrap();
        assert!(alert.contains("We could not send your referral"), "{alert}");
        let now = focused(&client).await;
        assert!(
            now.label.starts_with("We could not send"),
            "focus moves to the problem, not {now}"
        );
        assert!(
            alert.contains("error 422") && alert.contains("0300 123 4567"),
            "{alert}"
        );
        assert!(
            page_text(&client).await.contains("O'Brien"),
            "the answers are still there"
        );
        assert_no_axe_violations(&client, "send-refused").await;
        screenshot(&client, "delivery-refused").await;
        // Nothing more is sent on its own.
        tokio::time::sleep(Duration::from_secs(3)).await;
        assert!(leaving_asks_first(&client).await, "the referral is unsent");
    })
    .await;
    assert_eq!(server.received().len(), 1);
    assert!(server.stored_rows().await.is_empty());
}

#[tokio::test]
async fn after_giving_up_try_again_sends_the_same_referral_once() {
    let server = TestServer::start().await;
    // Busy, and asking for a longer wait than a person can be kept waiting:
    // the widget stops and says so at once.
    server.inject([Fault::StatusRetryAfter(503, 600)]);
    let url = server.url();
    let server = std::sync::Arc::new(server);
    let remote = server.clone();
    let reference = with_browser(TABLET.width, TABLET.height, move |client| async move {
        client.goto(&url).await.unwrap();
        reach_check_answers(&client).await;
        press_button(&client, "Confirm and send").await;
        let alert = wait_for(&client, "[role=alert]:not([hidden])")
            .await
            .text()
            .await
            .unwrap();
        assert!(alert.contains("We could not send your referral"), "{alert}");
        assert!(
            alert.contains("try again, or call 0300 123 4567"),
            "{alert}"
        );
        assert_no_axe_violations(&client, "send-gave-up").await;
        screenshot(&client, "delivery-gave-up").await;
        assert!(remote.stored_rows().await.is_empty());
        press_button(&client, "Try again").await;
        sent_reference(&client).await
    })
    .await;
    let first = &server.received()[0];
    let second = &server.received()[1];
    assert_eq!(first, second, "the same referral, byte for byte");
    assert_stored_once(&server, &reference).await;
}

#[tokio::test]
async fn while_offline_it_waits_for_the_connection_instead_of_using_up_attempts() {
    let server = TestServer::start().await;
    let url = server.url();
    let server = std::sync::Arc::new(server);
    let remote = server.clone();
    let (reference, seen) = with_browser(PHONE.width, PHONE.height, move |client| async move {
        client.goto(&url).await.unwrap();
        reach_check_answers(&client).await;
        // The browser says it is offline (as it does when a phone loses signal).
        client
            .execute(
                "window.__online = false;
                 Object.defineProperty(Navigator.prototype, 'onLine', {get: () => window.__online, configurable: true});",
                vec![],
            )
            .await
            .unwrap();
        watch_send_messages(&client).await;
        press_button(&client, "Confirm and send").await;
        let waiting = wait_for(&client, ".th-send-progress").await;
        tokio::time::sleep(Duration::from_secs(5)).await;
        let text = waiting.text().await.unwrap();
        assert!(text.contains("You are offline"), "{text}");
        assert!(remote.received().is_empty(), "no attempt is made while offline");
        client
            .execute("window.__online = true; window.dispatchEvent(new Event('online'));", vec![])
            .await
            .unwrap();
        let reference = sent_reference(&client).await;
        (reference, seen_messages(&client).await)
    })
    .await;
    assert!(told(&seen, "You are offline"), "{seen:?}");
    assert!(
        !told(&seen, "Still trying"),
        "no attempt was used up: {seen:?}"
    );
    assert_eq!(
        server.received().len(),
        1,
        "sent once the connection came back"
    );
    assert_stored_once(&server, &reference).await;
}
