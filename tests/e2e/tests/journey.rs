//! The patient's journey in real Chromium against the release build, by keyboard
//! alone (Tab, arrow keys, Space, Enter). Every screen gets an axe audit and a
//! screenshot, and the referral that arrives at the endpoint is checked.

use e2e::keyboard::{
    choose_radio_with_keys, press_button_with_keys, tick_with_keys, type_with_keys,
};
use e2e::*;
use serde_json::{Value, json};

/// Waits for the page heading, checks focus moved to it and the title follows
/// it, audits the page and photographs it.
async fn screen(client: &Client, heading: &str, name: &str) {
    wait_for_h1(client, heading).await;
    // Focus moves in the frame that draws the page, and the title is set
    // once it is drawn, after its history entry: the heading can be in the
    // page a moment before either.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    loop {
        let now = focused(client).await;
        if now.tag == "h1" && title(client).await.starts_with(heading) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{name}: focus is on the new page's heading (not {now}) and the title names the page ({:?})",
            title(client).await
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_no_axe_violations(client, name).await;
    screenshot(client, name).await;
}

async fn continue_with_keys(client: &Client) {
    press_button_with_keys(client, "Continue").await;
}

/// Answers a questionnaire page by page; option `n` of item `i` has id
/// `{instrument}-{i}` for n = 0 and `{instrument}-{i}-{n+1}` otherwise.
async fn answer_with_keys(client: &Client, instrument: &str, first_score: u8, answers: &[u8]) {
    for (i, answer) in answers.iter().enumerate() {
        let name = format!("{instrument}-{}", i + 1);
        wait_for(client, &format!("#{name}")).await;
        let position = answer - first_score;
        let id = if position == 0 {
            name.clone()
        } else {
            format!("{name}-{}", position + 1)
        };
        choose_radio_with_keys(client, &name, &id).await;
        if instrument == "phq9" && i == 8 && *answer > 0 {
            // The urgent-help card appears on this page at once, before going on.
            wait_for(client, ".th-care-card--urgent[role=alert]").await;
            assert_no_axe_violations(client, "phq9-item9-urgent-help").await;
            screenshot(client, "journey-phq9-item9-urgent-help").await;
        }
        continue_with_keys(client).await;
    }
}

/// Answers for one journey through the questionnaires.
struct Answers {
    diabetes: [u8; 2],
    phq9: [u8; 9],
    gad7: [u8; 7],
}

/// Walks the whole journey by keyboard and returns the referrals stored in
/// the endpoint's database (after checking the page showed the stored one's
/// reference and the stored referral is exactly what the widget sent).
async fn journey_by_keyboard(
    viewport: Viewport,
    tag: &'static str,
    answers: Answers,
) -> Vec<Value> {
    let server = TestServer::start().await;
    let url = server.url();
    let reference = with_browser(viewport.width, viewport.height, move |client| async move {
        client.goto(&url).await.unwrap();
        wait_for_h1(&client, "Refer yourself for talking therapies").await;
        assert_no_axe_violations(&client, "start").await;
        screenshot(&client, &format!("{tag}-01-start")).await;
        press_button_with_keys(&client, "Start now").await;

        screen(
            &client,
            "What is your date of birth?",
            &format!("{tag}-02-date-of-birth"),
        )
        .await;
        type_with_keys(&client, "date_of_birth-day", "7").await;
        type_with_keys(&client, "date_of_birth-month", "3").await;
        type_with_keys(&client, "date_of_birth-year", "1980").await;
        continue_with_keys(&client).await;

        screen(
            &client,
            "Which GP practice are you registered with?",
            &format!("{tag}-03-practice"),
        )
        .await;
        type_with_keys(&client, "practice-search", "river").await;
        choose_radio_with_keys(&client, "gp_practice", "gp_practice").await;
        continue_with_keys(&client).await;

        screen(
            &client,
            "Do you have any of these long-term conditions?",
            &format!("{tag}-04-conditions"),
        )
        .await;
        tick_with_keys(&client, "conditions").await;
        continue_with_keys(&client).await;

        answer_with_keys(&client, "diabetes", 1, &answers.diabetes).await;
        answer_with_keys(&client, "phq9", 0, &answers.phq9).await;
        if answers.phq9.iter().any(|a| *a > 0) {
            wait_for(&client, "#functional").await;
            choose_radio_with_keys(&client, "functional", "functional-2").await;
            continue_with_keys(&client).await;
        }
        answer_with_keys(&client, "gad7", 0, &answers.gad7).await;

        screen(&client, "Your answers", &format!("{tag}-05-results")).await;
        press_button_with_keys(&client, "Refer yourself").await;

        screen(&client, "What is your name?", &format!("{tag}-06-name")).await;
        continue_with_keys(&client).await;
        wait_for(&client, ".th-error-summary").await;
        let now = focused(&client).await;
        assert!(
            now.label.starts_with("There is a problem"),
            "the error summary takes focus, not {now}"
        );
        assert_no_axe_violations(&client, "name-errors").await;
        screenshot(&client, &format!("{tag}-07-name-errors")).await;
        type_with_keys(&client, "first_name", "Siobhán").await;
        type_with_keys(&client, "last_name", "O'Brien").await;
        continue_with_keys(&client).await;

        screen(
            &client,
            "How can we contact you?",
            &format!("{tag}-08-contact"),
        )
        .await;
        type_with_keys(&client, "phone", "07700 900123").await;
        continue_with_keys(&client).await;
        screen(
            &client,
            "Can we leave you messages?",
            &format!("{tag}-09-permissions"),
        )
        .await;
        choose_radio_with_keys(&client, "safe_to_leave_message", "safe_to_leave_message").await;
        choose_radio_with_keys(&client, "safe_to_text", "safe_to_text-2").await;
        continue_with_keys(&client).await;
        screen(
            &client,
            "What is your postcode?",
            &format!("{tag}-10-postcode"),
        )
        .await;
        type_with_keys(&client, "postcode", "n1 9a").await;
        continue_with_keys(&client).await;
        wait_for(&client, ".th-error-summary").await;
        screenshot(&client, &format!("{tag}-11-postcode-error")).await;
        assert_no_axe_violations(&client, "postcode-error").await;
        let kept = wait_for(&client, "#postcode")
            .await
            .prop("value")
            .await
            .unwrap();
        assert_eq!(kept.as_deref(), Some("n1 9a"), "an invalid answer is kept");
        type_with_keys(&client, "postcode", "b").await;
        continue_with_keys(&client).await;
        screen(
            &client,
            "Do you know your NHS number?",
            &format!("{tag}-12-nhs-number"),
        )
        .await;
        choose_radio_with_keys(&client, "knows_nhs_number", "knows_nhs_number").await;
        type_with_keys(&client, "nhs_number", "943 476 5919").await;
        continue_with_keys(&client).await;
        screen(&client, "About you", &format!("{tag}-13-about-you")).await;
        continue_with_keys(&client).await;
        screen(
            &client,
            "Do you need an interpreter?",
            &format!("{tag}-14-interpreter"),
        )
        .await;
        choose_radio_with_keys(&client, "interpreter_needed", "interpreter_needed-2").await;
        continue_with_keys(&client).await;
        screen(&client, "Anything else", &format!("{tag}-15-anything-else")).await;
        continue_with_keys(&client).await;
        screen(&client, "Your consent", &format!("{tag}-16-consent")).await;
        tick_with_keys(&client, "consent_contact").await;
        tick_with_keys(&client, "consent_gp").await;
        continue_with_keys(&client).await;

        screen(
            &client,
            "Check your answers before sending your referral",
            &format!("{tag}-17-check"),
        )
        .await;
        assert!(page_text(&client).await.contains("7 March 1980"));
        press_button_with_keys(&client, "Confirm and send").await;
        screen(&client, "Referral sent", &format!("{tag}-18-sent")).await;
        let reference = wait_for(&client, ".th-reference")
            .await
            .text()
            .await
            .unwrap();
        // When the service will be in touch: sooner after a risk answer
        // (PHQ-9 item 9), and the person is told not to wait for it.
        let next = if answers.phq9[8] > 0 {
            "Because of one of your answers, we will aim to contact you sooner."
        } else {
            "We will contact you within 10 working days."
        };
        let text = page_text(&client).await;
        assert!(text.contains(next), "{text}");
        // Once sent, Back does not reopen the form or its answers.
        client.back().await.unwrap();
        wait_for_h1(&client, "Referral sent").await;
        assert!(!page_text(&client).await.contains("O'Brien"));
        reference
    })
    .await;
    let rows = server.stored_rows().await;
    assert_eq!(rows.len(), 1, "exactly one referral is stored");
    assert_eq!(
        rows[0].reference, reference,
        "the page shows the stored reference"
    );
    assert_eq!(
        server.received(),
        vec![rows[0].payload_json()],
        "stored as sent"
    );
    server.stored().await
}

fn check_person(referral: &Value) {
    assert_eq!(referral["schema"], "talking-health/referral");
    assert_eq!(referral["channel"], json!({ "kind": "self" }));
    assert_eq!(referral["person"]["first_name"], "Siobhán");
    assert_eq!(referral["person"]["last_name"], "O'Brien");
    assert_eq!(referral["person"]["date_of_birth"], "1980-03-07");
    assert_eq!(referral["person"]["postcode"], "N1 9AB");
    assert_eq!(referral["person"]["nhs_number"], "9434765919");
    assert_eq!(referral["person"]["gp_practice"]["ods"], "F83004");
    assert_eq!(referral["person"]["contact"]["safe_to_leave_message"], true);
    assert_eq!(referral["person"]["contact"]["safe_to_text"], false);
}

#[tokio::test]
async fn above_the_cutoffs_with_a_risk_answer_by_keyboard_on_a_phone() {
    let answers = Answers {
        diabetes: [4, 3],
        phq9: [2, 2, 2, 1, 1, 1, 1, 1, 3],
        gad7: [2, 2, 1, 1, 1, 1, 1],
    };
    let received = journey_by_keyboard(PHONE, "above", answers).await;
    assert_eq!(received.len(), 1, "exactly one referral arrives");
    let referral = &received[0];
    check_person(referral);
    let results = referral["screening"]["results"].as_array().unwrap();
    assert_eq!(results[0]["instrument"], "diabetes");
    assert_eq!(results[0]["answers"], json!([4, 3]));
    assert_eq!(results[0]["caseness"], json!({ "cutoff": 6, "met": true }));
    assert_eq!(results[1]["instrument"], "phq9");
    assert_eq!(results[1]["answers"], json!([2, 2, 2, 1, 1, 1, 1, 1, 3]));
    assert_eq!(results[1]["total"], 14);
    assert_eq!(results[1]["severity"], "moderate");
    assert_eq!(results[1]["caseness"], json!({ "cutoff": 10, "met": true }));
    assert_eq!(results[2]["instrument"], "gad7");
    assert_eq!(results[2]["total"], 9);
    assert_eq!(results[2]["caseness"], json!({ "cutoff": 8, "met": true }));
    assert_eq!(referral["screening"]["risk_flag"], true);
    assert_eq!(referral["screening"]["phq9_item9"], 3);
    assert_eq!(referral["screening"]["functional_difficulty"], 1);
    assert_eq!(referral["screening"]["outcome"]["recommendation"], "refer");
}

#[tokio::test]
async fn below_the_cutoffs_by_keyboard_on_a_tablet() {
    let answers = Answers {
        diabetes: [1, 2],
        phq9: [1, 0, 1, 0, 1, 0, 0, 0, 0],
        gad7: [0, 1, 0, 1, 0, 0, 0],
    };
    let received = journey_by_keyboard(TABLET, "below", answers).await;
    assert_eq!(received.len(), 1);
    let referral = &received[0];
    check_person(referral);
    let results = referral["screening"]["results"].as_array().unwrap();
    assert_eq!(results[0]["caseness"], json!({ "cutoff": 6, "met": false }));
    assert_eq!(results[1]["total"], 3);
    assert_eq!(results[1]["severity"], "minimal");
    assert_eq!(results[1]["caseness"]["met"], false);
    assert_eq!(results[2]["total"], 2);
    assert_eq!(referral["screening"]["risk_flag"], false);
    assert_eq!(referral["screening"]["phq9_item9"], 0);
    assert_eq!(
        referral["screening"]["outcome"]["recommendation"],
        "self_help_may_still_refer"
    );
}
