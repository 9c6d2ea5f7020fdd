//! A risk answer (PHQ-9 item 9 above "Not at all"), once given, reaches the
//! service with the referral, the clinician and the person's urgent-help
//! information, whatever the person does afterwards (clinical-reference.md §6):
//! - lowering PHQ-2 below a pre-screen's cut-off after answering all of PHQ-9
//!   still sends the whole PHQ-9 and the risk answer, and the browser's
//!   Forward button does not skip ahead on the old route;
//! - changing the answer back to "Not at all" still flags the referral, as
//!   withdrawn, shows the urgent-help card on the results and tells the
//!   clinician both answers;
//! - a clinic screening cleared after inactivity leaves the nurse a notice
//!   of the risk answer (and nothing that names the patient), which must be
//!   acknowledged before the next screening.
//!
//! Each journey is driven as a person would: labels clicked, the page's Back
//! link, the browser's Back and Forward buttons, the keyboard for some
//! answers. What arrives is read from the endpoint's SQLite database.

use e2e::keyboard::{press_button_with_keys, tab_until};
use e2e::steps::{
    choose_riverside, click, continue_on, enter_adult_date_of_birth, enter_referral_details, fill,
    press_button, reach_questionnaires, refer_from_results,
};
use e2e::*;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// The questions as the person reads them (`crates/screening/instruments/phq9.json`).
const PHQ9_ITEM_2: &str = "Feeling down, depressed, or hopeless";
const PHQ9_ITEM_9: &str =
    "Thoughts that you would be better off dead or of hurting yourself in some way";

/// The urgent-help card, and its heading when shown because of an answer.
const URGENT_CARD: &str = ".th-care-card--urgent";
const URGENT_HEADING: &str =
    "You said you have had thoughts of being better off dead or of hurting yourself";

/// What the confirmation page says after a referral that carried a risk answer.
const SENT_WITH_RISK: &str = "Because of one of your answers, we will aim to contact you sooner";

/// How long a referral may take to be confirmed.
const SENDING_WAIT: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------------------
// Pages and answers

/// Tabs into the radio group `name` (onto the answer chosen) and moves up it
/// with the arrow key to the radio `id`: as browsers do, each answer on the
/// way is chosen in turn, as a person using the keyboard chooses it.
async fn choose_upwards_with_keys(client: &Client, name: &str, id: &str) {
    let mut now = tab_until(client, name, |f| f.name == name).await;
    for _ in 0..10 {
        if now.id == id {
            return;
        }
        press(client, Key::Up).await;
        now = focused(client).await;
    }
    panic!(
        "the Up arrow never reached radio {id} in {name}; {}",
        describe_page(client).await
    );
}

/// Polls `script` (a function body returning JSON) until it returns
/// `expected`; panics after [`DEFAULT_WAIT`] saying `what` was awaited.
async fn wait_until(client: &Client, script: &str, expected: Value, what: &str) {
    let deadline = Instant::now() + DEFAULT_WAIT;
    loop {
        let now = client.execute(script, vec![]).await.expect("run a script");
        if now == expected {
            return;
        }
        if Instant::now() >= deadline {
            panic!(
                "{what}: still {now} after {DEFAULT_WAIT:?}; {}",
                describe_page(client).await
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits for the page of question `item` of `items` of the instrument
/// called `name` on screen ("PHQ-9"), by the caption above the question.
async fn wait_for_question(client: &Client, name: &str, item: usize, items: usize) {
    wait_until(
        client,
        "const c = document.querySelector('legend .th-caption');
         return c ? c.innerText.trim() : null;",
        json!(format!("{name}: Question {item} of {items}")),
        "the question page",
    )
    .await;
}

/// The id of the radio for the answer scoring `score` to `item` (option
/// ids: `{instrument}-{item}` for the first, then `-2`, `-3`, ...; every
/// questionnaire here scores from 0).
fn option_id(instrument: &str, item: usize, score: u8) -> String {
    if score == 0 {
        format!("{instrument}-{item}")
    } else {
        format!("{instrument}-{item}-{}", score + 1)
    }
}

/// Chooses an answer as a person does, by its label.
async fn choose(client: &Client, instrument: &str, item: usize, score: u8) {
    click(
        client,
        &format!("label[for='{}']", option_id(instrument, item, score)),
    )
    .await;
}

/// Answers `scores` to consecutive items from `first_item`, each on its own
/// page, pressing Continue after each.
async fn answer_from(client: &Client, instrument: &str, first_item: usize, scores: &[u8]) {
    let (name, items) = match instrument {
        "phq9" => ("PHQ-9", 9),
        "gad7" => ("GAD-7", 7),
        other => panic!("no such questionnaire here: {other}"),
    };
    for (i, score) in scores.iter().enumerate() {
        let item = first_item + i;
        wait_for_question(client, name, item, items).await;
        choose(client, instrument, item, *score).await;
        continue_on(client).await;
    }
}

/// Whether the radio with this id is checked.
async fn is_checked(client: &Client, id: &str) -> bool {
    wait_for(client, &format!("#{id}"))
        .await
        .prop("checked")
        .await
        .unwrap()
        .as_deref()
        == Some("true")
}

/// Waits until the urgent-help card is there, or gone.
async fn wait_for_urgent_card(client: &Client, shown: bool) {
    wait_until(
        client,
        &format!("return document.querySelector('{URGENT_CARD}') !== null;"),
        json!(shown),
        if shown {
            "the urgent-help card should appear"
        } else {
            "the urgent-help card should go"
        },
    )
    .await;
}

/// The urgent-help card is on the page now, headed for a risk answer.
async fn assert_urgent_card_for_the_answer(client: &Client, page: &str) {
    wait_for_urgent_card(client, true).await;
    let card = wait_for(client, URGENT_CARD).await.text().await.unwrap();
    assert!(
        card.contains(URGENT_HEADING) && card.contains("116 123") && card.contains("999"),
        "{page}: the urgent-help card names the answer and where to get help: {card}"
    );
}

/// Whether a button reading exactly `text` is on the page.
async fn has_button(client: &Client, text: &str) -> bool {
    let xpath = format!("//button[normalize-space()='{text}']");
    client.find(Locator::XPath(&xpath)).await.is_ok()
}

/// From "Check your answers", "Confirm and send" until "Referral sent";
/// returns the reference shown.
async fn send_referral(client: &Client) -> String {
    press_button(client, "Confirm and send").await;
    let deadline = Instant::now() + SENDING_WAIT;
    while h1_text(client).await.as_deref() != Some("Referral sent") {
        assert!(
            Instant::now() < deadline,
            "no confirmation within {SENDING_WAIT:?}; {}",
            describe_page(client).await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let text = page_text(client).await;
    assert!(
        text.contains(SENT_WITH_RISK),
        "the confirmation says the risk answer was seen: {text}"
    );
    wait_for(client, ".th-reference")
        .await
        .text()
        .await
        .unwrap()
}

/// The one stored referral, whose reference the page showed, as stored.
async fn the_stored_referral(server: &TestServer, reference: &str) -> Value {
    let rows = server.stored_rows().await;
    assert_eq!(rows.len(), 1, "exactly one referral is stored: {rows:?}");
    assert_eq!(
        rows[0].reference, reference,
        "the page showed the stored reference"
    );
    rows[0].payload_json()
}

/// The instruments of the stored referral's results, in order.
fn instruments(payload: &Value) -> Vec<String> {
    payload["screening"]["results"]
        .as_array()
        .expect("results are a list")
        .iter()
        .map(|r| r["instrument"].as_str().unwrap().to_owned())
        .collect()
}

// ---------------------------------------------------------------------------
// 1. Pre-screens on: PHQ-2 lowered after the whole of PHQ-9 was answered

/// PHQ-9 as first answered: PHQ-2 "More than half the days" twice (4, at
/// or above the pre-screen's 3, so the rest is asked), item 9 "Several days".
const PHQ9_FIRST: [u8; 9] = [2, 2, 1, 1, 0, 1, 0, 0, 1];
/// The same after question 2 is lowered to "Not at all" (PHQ-2 2, below 3).
const PHQ9_LOWERED: [u8; 9] = [2, 0, 1, 1, 0, 1, 0, 0, 1];

fn pre_screens_on() -> Value {
    json!({ "pre_screens": true })
}

/// From the start page, all of PHQ-9 as [`PHQ9_FIRST`], stopping on question
/// 9 with its answer given: the urgent-help card appears there at once.
async fn answer_phq9_with_a_risk_answer(client: &Client, url: &str) {
    client.goto(url).await.unwrap();
    reach_questionnaires(client).await;
    answer_from(client, "phq9", 1, &PHQ9_FIRST[..8]).await;
    wait_for_h1(client, PHQ9_ITEM_9).await;
    assert!(
        client.find(Locator::Css(URGENT_CARD)).await.is_err(),
        "no urgent-help card before the answer"
    );
    choose(client, "phq9", 9, PHQ9_FIRST[8]).await;
    assert_urgent_card_for_the_answer(client, "PHQ-9 question 9").await;
}

/// On question 2, with PHQ-2 lowered: on to the results, which show the
/// urgent-help card, and the referral sent. Returns the reference shown.
async fn from_lowered_question_2_to_sent(client: &Client) -> String {
    continue_on(client).await;
    // PHQ-2 is below the pre-screen's cut-off, so PHQ-9 ends here; a
    // problem was checked, so the functional question follows.
    wait_for(client, "#functional").await;
    click(client, "label[for='functional-2']").await;
    continue_on(client).await;
    // GAD-2 low: straight to the results.
    answer_from(client, "gad7", 1, &[0, 1]).await;
    wait_for_h1(client, "Your answers").await;
    assert_urgent_card_for_the_answer(client, "the results").await;
    refer_from_results(client).await;
    send_referral(client).await
}

/// What arrives in both variants: the whole PHQ-9, as lowered, with its
/// risk answer given, and GAD-2.
fn assert_whole_phq9_and_its_risk_answer_arrived(payload: &Value) {
    assert_eq!(payload["schema_version"], 2);
    let screening = &payload["screening"];
    assert_eq!(screening["risk_flag"], true, "{screening}");
    assert_eq!(screening["risk_reason"], "given", "{screening}");
    assert_eq!(screening["phq9_item9"], 1, "{screening}");
    assert_eq!(screening["phq9_item9_highest"], 1, "{screening}");
    assert_eq!(
        instruments(payload),
        ["phq9", "gad2"],
        "the whole PHQ-9 was answered, so it is sent, not PHQ-2: {screening}"
    );
    let phq9 = &screening["results"][0];
    assert_eq!(phq9["answers"], json!(PHQ9_LOWERED));
    assert_eq!(
        phq9["total"],
        PHQ9_LOWERED.iter().map(|a| u32::from(*a)).sum::<u32>()
    );
    assert_eq!(screening["results"][1]["answers"], json!([0, 1]));
}

#[tokio::test]
async fn pre_screens_lowered_after_a_risk_answer_still_send_it() {
    let server = TestServer::start_with_config(pre_screens_on()).await;
    let url = server.url();
    let reference = with_browser(PHONE.width, PHONE.height, move |client| async move {
        answer_phq9_with_a_risk_answer(&client, &url).await;
        screenshot(&client, "risk-answers-phq9-item9-several-days").await;

        // The page's Back link, question by question, to question 2.
        for item in (2..=8).rev() {
            click(&client, ".th-back-link").await;
            wait_for_question(&client, "PHQ-9", item, 9).await;
        }
        wait_for_h1(&client, PHQ9_ITEM_2).await;
        assert!(
            is_checked(&client, "phq9-2-3").await,
            "the answer given is kept"
        );
        // Lowered: PHQ-2 is now 2, below the pre-screen's cut-off of 3.
        choose(&client, "phq9", 2, 0).await;
        assert!(is_checked(&client, "phq9-2").await);
        from_lowered_question_2_to_sent(&client).await
    })
    .await;
    assert_whole_phq9_and_its_risk_answer_arrived(&the_stored_referral(&server, &reference).await);
}

/// The same with the browser's buttons: Back to question 2, lower it (by
/// keyboard), then Forward: the route from question 2 no longer leads to
/// question 3, so Forward stays on question 2.
#[tokio::test]
async fn pre_screens_lowered_after_a_risk_answer_still_send_it_after_browser_forward() {
    let server = TestServer::start_with_config(pre_screens_on()).await;
    let url = server.url();
    let reference = with_browser(PHONE.width, PHONE.height, move |client| async move {
        answer_phq9_with_a_risk_answer(&client, &url).await;
        for item in (2..=8).rev() {
            client.back().await.unwrap();
            wait_for_question(&client, "PHQ-9", item, 9).await;
        }
        wait_for_h1(&client, PHQ9_ITEM_2).await;
        // Tab into the group (onto the answer given), Up twice to "Not at all".
        choose_upwards_with_keys(&client, "phq9-2", "phq9-2").await;
        assert!(is_checked(&client, "phq9-2").await, "lowered by keyboard");

        for press in 1..=4 {
            client.forward().await.unwrap();
            // Give a wrong move time to happen before looking.
            tokio::time::sleep(Duration::from_millis(300)).await;
            wait_for_question(&client, "PHQ-9", 2, 9).await;
            assert_eq!(
                h1_text(&client).await.as_deref(),
                Some(PHQ9_ITEM_2),
                "Forward ×{press} stays on question 2, the end of PHQ-9 now"
            );
            assert!(
                is_checked(&client, "phq9-2").await,
                "Forward ×{press}: the lowered answer is kept"
            );
        }
        screenshot(&client, "risk-answers-forward-stays-on-question-2").await;
        from_lowered_question_2_to_sent(&client).await
    })
    .await;
    assert_whole_phq9_and_its_risk_answer_arrived(&the_stored_referral(&server, &reference).await);
}

// ---------------------------------------------------------------------------
// 2. A risk answer changed back to "Not at all"

/// PHQ-9 questions 1 to 8; question 9 is answered "More than half the days",
/// then changed to "Not at all".
const PHQ9_BEFORE_ITEM_9: [u8; 8] = [1, 2, 1, 1, 1, 0, 1, 0];
const GAD7: [u8; 7] = [1, 1, 0, 1, 0, 0, 0];

/// From PHQ-9's first question: the risk answer given (the card appears),
/// Continue, the page's Back link, the answer changed to "Not at all" by
/// keyboard (the card goes), and on to the results, which still show the
/// urgent-help card.
async fn give_and_withdraw_a_risk_answer(client: &Client, tag: &str) {
    answer_from(client, "phq9", 1, &PHQ9_BEFORE_ITEM_9).await;
    wait_for_h1(client, PHQ9_ITEM_9).await;
    choose(client, "phq9", 9, 2).await;
    assert_urgent_card_for_the_answer(client, "PHQ-9 question 9").await;
    screenshot(client, &format!("{tag}-item9-more-than-half-the-days")).await;
    continue_on(client).await;
    wait_for(client, "#functional").await;

    click(client, ".th-back-link").await;
    wait_for_h1(client, PHQ9_ITEM_9).await;
    assert!(
        is_checked(client, "phq9-9-3").await,
        "the answer given is kept"
    );
    assert_urgent_card_for_the_answer(client, "PHQ-9 question 9, back again").await;
    // Up from "More than half the days", by "Several days", to "Not at all".
    choose_upwards_with_keys(client, "phq9-9", "phq9-9").await;
    assert!(is_checked(client, "phq9-9").await, "changed by keyboard");
    wait_for_urgent_card(client, false).await;
    press_button_with_keys(client, "Continue").await;

    wait_for(client, "#functional").await;
    click(client, "label[for='functional-2']").await;
    continue_on(client).await;
    answer_from(client, "gad7", 1, &GAD7).await;
    wait_for_h1(client, "Your answers").await;
    assert_urgent_card_for_the_answer(client, "the results after a withdrawal").await;
    assert_no_axe_violations(client, "results after a withdrawn risk answer").await;
    screenshot(client, &format!("{tag}-results-after-withdrawal")).await;
}

/// What arrives after a withdrawal: flagged, withdrawn, the final answer 0
/// and the highest 2.
fn assert_withdrawn_risk_answer_arrived(payload: &Value) {
    assert_eq!(payload["schema_version"], 2);
    let screening = &payload["screening"];
    assert_eq!(screening["risk_flag"], true, "{screening}");
    assert_eq!(screening["risk_reason"], "withdrawn", "{screening}");
    assert_eq!(screening["phq9_item9"], 0, "{screening}");
    assert_eq!(screening["phq9_item9_highest"], 2, "{screening}");
    let phq9 = screening["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["instrument"] == "phq9")
        .unwrap_or_else(|| panic!("PHQ-9 is among the results: {screening}"));
    let mut answers = PHQ9_BEFORE_ITEM_9.to_vec();
    answers.push(0);
    assert_eq!(phq9["answers"], json!(answers), "the final answers");
}

/// The nurse's details, once per clinic session.
async fn sign_in(client: &Client) {
    wait_for_h1(client, "Your details").await;
    fill(client, "clinician_name", "Sam Patel").await;
    fill(client, "clinician_role", "Practice nurse").await;
    fill(client, "clinician_team", "Hilltop diabetes clinic").await;
    press_button(client, "Start the clinic session").await;
    wait_for_h1(client, "Screen a patient").await;
}

/// The nurse's part: diabetes, both questions answered high, then the
/// tablet handed to the patient, who starts PHQ-9.
async fn nurse_screens(client: &Client) {
    press_button(client, "Start screening").await;
    wait_for_h1(
        client,
        "Which of these long-term conditions does the patient have?",
    )
    .await;
    click(client, "label[for='conditions']").await;
    continue_on(client).await;
    // DDS2's answers score from 1.
    click(client, "label[for='diabetes-1-5']").await;
    continue_on(client).await;
    click(client, "label[for='diabetes-2-4']").await;
    continue_on(client).await;
    wait_for_h1(client, "Screening result").await;
    press_button(client, "Hand the tablet to the patient").await;
    wait_for_h1(client, "Please hand the tablet to the patient").await;
    press_button(client, "Start the questions").await;
    wait_for_question(client, "PHQ-9", 1, 9).await;
}

#[tokio::test]
async fn a_withdrawn_risk_answer_is_sent_and_shown() {
    // Self-referral on a phone.
    let server = TestServer::start().await;
    let url = server.url();
    let reference = with_browser(PHONE.width, PHONE.height, move |client| async move {
        client.goto(&url).await.unwrap();
        reach_questionnaires(&client).await;
        give_and_withdraw_a_risk_answer(&client, "risk-answers-withdrawn").await;
        refer_from_results(&client).await;
        send_referral(&client).await
    })
    .await;
    assert_withdrawn_risk_answer_arrived(&the_stored_referral(&server, &reference).await);

    // In clinic, the clinician's summary gives both answers.
    let clinic = TestServer::start_clinic(Value::Null).await;
    let url = clinic.clinic_url();
    let (reference, summary) =
        with_browser(TABLET.width, TABLET.height, move |client| async move {
            client.goto(&url).await.unwrap();
            sign_in(&client).await;
            nurse_screens(&client).await;
            give_and_withdraw_a_risk_answer(&client, "risk-answers-clinic-withdrawn").await;
            press_button(&client, "Refer yourself").await;
            enter_adult_date_of_birth(&client).await;
            choose_riverside(&client).await;
            enter_referral_details(&client, "Ffion", "Zebedee-Quist", "07700 900461").await;
            press_button(&client, "Confirm and send").await;
            wait_for_h1(
                &client,
                "Thank you. Please hand the tablet back to Sam Patel",
            )
            .await;
            press_button(&client, "Show the summary for the clinician").await;
            wait_for_h1(&client, "Summary for the clinician").await;
            // The risk box says what became of the referral once it has arrived.
            let sent = "The referral reached the service flagged with this answer";
            let deadline = Instant::now() + SENDING_WAIT;
            while !page_text(&client).await.contains(sent) {
                assert!(
                    Instant::now() < deadline,
                    "the summary never said the referral arrived: {}",
                    page_text(&client).await
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            assert_no_axe_violations(&client, "clinician's summary after a withdrawn risk answer")
                .await;
            screenshot(&client, "risk-answers-clinic-summary-withdrawn").await;
            let box_text = wait_for(&client, URGENT_CARD).await.text().await.unwrap();
            let text = page_text(&client).await;
            let at = text
                .find("Reference: ")
                .expect("the summary shows the reference");
            (text[at + 11..at + 21].to_owned(), box_text)
        })
        .await;
    assert!(
        summary.contains("Risk: the patient gave a risk answer")
            && summary.contains(&format!(
                "PHQ-9 question 9, \"{PHQ9_ITEM_9}\": answered \"More than half the days\", then changed to \"Not at all\"."
            ))
            && summary.contains("Follow your service's risk procedure"),
        "the clinician reads both answers: {summary}"
    );
    let payload = the_stored_referral(&clinic, &reference).await;
    assert_eq!(payload["channel"]["kind"], "clinic");
    assert_withdrawn_risk_answer_arrived(&payload);
}

// ---------------------------------------------------------------------------
// 3. Clinic: a screening with a risk answer cleared after inactivity

/// Seconds of quiet before the warning, and of warning before the wipe.
const QUIET: u64 = 3;
const WARNING: u64 = 3;

/// The browser's clock as the page shows a time, "09:05".
async fn browser_clock(client: &Client) -> String {
    let now = client
        .execute(
            "const d = new Date();
             return String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0');",
            vec![],
        )
        .await
        .expect("read the browser's clock");
    now.as_str().unwrap().to_owned()
}

/// The whole document, every field's value, and what the browser stores.
async fn browser_traces(client: &Client) -> Value {
    client
        .execute(
            "// The service's configuration in the page (its practices' names
             // too) is the same for every patient: not a trace of one.
             const page = document.documentElement.cloneNode(true);
             page.querySelector('#talking-health').removeAttribute('data-config-json');
             return {
                 html: page.outerHTML,
                 fields: [...document.querySelectorAll('input, textarea, select')]
                     .map(f => f.value).join(''),
                 stored: localStorage.length + sessionStorage.length,
                 cookies: document.cookie,
                 state: JSON.stringify(history.state),
             };",
            vec![],
        )
        .await
        .expect("read what the browser holds")
}

/// Sizes the window so that the page's viewport is `size`, as the harness
/// does when it opens the browser (the window's frame takes some room, so
/// the window is grown by the difference).
async fn set_viewport(client: &Client, size: Viewport) {
    let wanted = (i64::from(size.width), i64::from(size.height));
    let mut outer = wanted;
    for _ in 0..3 {
        client
            .set_window_size(outer.0 as u32, outer.1 as u32)
            .await
            .expect("set the window size");
        let inner: (i64, i64) = serde_json::from_value(
            client
                .execute("return [window.innerWidth, window.innerHeight];", vec![])
                .await
                .expect("read the viewport size"),
        )
        .expect("the viewport size is two numbers");
        if inner == wanted {
            return;
        }
        outer = (outer.0 + wanted.0 - inner.0, outer.1 + wanted.1 - inner.1);
    }
    panic!(
        "could not give the page a {}x{} viewport",
        size.width, size.height
    );
}

#[tokio::test]
async fn clinic_inactivity_after_a_risk_answer_leaves_the_nurse_a_notice() {
    let server = TestServer::start_clinic(json!({
        "clinic": { "inactivity_seconds": QUIET, "warning_seconds": WARNING }
    }))
    .await;
    let url = server.clinic_url();
    with_browser(TABLET.width, TABLET.height, move |client| async move {
        client.goto(&url).await.unwrap();
        sign_in(&client).await;
        let before = browser_clock(&client).await;
        nurse_screens(&client).await;
        let after = browser_clock(&client).await;

        // The patient: item 9 "Several days".
        answer_from(&client, "phq9", 1, &[2, 2, 1, 1, 2, 1, 1, 0]).await;
        wait_for_h1(&client, PHQ9_ITEM_9).await;
        choose(&client, "phq9", 9, 1).await;
        assert_urgent_card_for_the_answer(&client, "PHQ-9 question 9").await;
        continue_on(&client).await;
        wait_for(&client, "#functional").await;
        click(&client, "label[for='functional-3']").await;
        continue_on(&client).await;
        answer_from(&client, "gad7", 1, &[2, 1, 1, 2, 1, 1, 0]).await;
        wait_for_h1(&client, "Your answers").await;
        assert_urgent_card_for_the_answer(&client, "the results").await;
        // The patient starts on their details, thinks better of it, goes
        // back with the page's Back link and declines the referral.
        press_button(&client, "Refer yourself").await;
        enter_adult_date_of_birth(&client).await;
        choose_riverside(&client).await;
        wait_for_h1(&client, "What is your name?").await;
        fill(&client, "first_name", "Ffion").await;
        fill(&client, "last_name", "Zebedee-Quist").await;
        for heading in [
            "Which GP practice are you registered with?",
            "What is your date of birth?",
            "Your answers",
        ] {
            click(&client, ".th-back-link").await;
            wait_for_h1(&client, heading).await;
        }
        press_button(&client, "Hand the tablet back").await;
        wait_for_h1(&client, "Thank you. Please hand the tablet back to Sam Patel").await;

        // Nobody touches the tablet: a warning, then the screening is cleared.
        wait_for_within(
            &client,
            "[role=alertdialog]",
            Duration::from_secs(QUIET + 3),
        )
        .await;
        wait_for_h1(&client, "Screen a patient").await;

        let notice = wait_for(&client, ".th-care-card[role=alert]")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            notice.contains("The last screening was cleared"),
            "the notice says what happened: {notice}"
        );
        let started = [&before, &after]
            .into_iter()
            .find(|time| {
                notice.contains(&format!(
                    "The last screening, started {time}, was cleared after inactivity."
                ))
            })
            .unwrap_or_else(|| {
                panic!("the notice gives the start, {before} (or {after}): {notice}")
            });
        assert!(
            started.len() == 5
                && started.as_bytes()[2] == b':'
                && started.chars().filter(char::is_ascii_digit).count() == 4,
            "the start is HH:MM: {started}"
        );
        assert!(
            notice.contains(&format!(
                "The patient gave a risk answer: PHQ-9 question 9, \"{PHQ9_ITEM_9}\": \"Several days\"."
            )),
            "the notice gives the question and the answer: {notice}"
        );
        assert!(
            notice.contains("Follow your service's risk procedure."),
            "{notice}"
        );
        assert!(
            notice.contains("The patient had not confirmed a referral, so nothing was sent"),
            "the notice says what became of the referral: {notice}"
        );
        assert!(
            !has_button(&client, "Start screening").await,
            "no next screening until the notice is read"
        );

        // Nothing that names the patient, or their scores, is in the page.
        let traces = browser_traces(&client).await;
        let html = traces["html"].as_str().unwrap();
        for trace in [
            "Ffion",
            "Zebedee",
            "1980",
            "7 March",
            "F83004",
            "Riverside",
            "Cut-off met",
            "out of 12",
            "out of 27",
            "out of 21",
            "Your answers",
            "Question 9 of 9",
        ] {
            assert!(!html.contains(trace), "the page still holds \"{trace}\"");
        }
        assert_eq!(traces["fields"], "", "a form field keeps a value");
        assert_eq!(traces["stored"], 0, "browser storage is used");
        assert_eq!(traces["cookies"], "", "a cookie is set");
        let state: Value = serde_json::from_str(traces["state"].as_str().unwrap()).unwrap();
        assert!(
            state
                .as_array()
                .is_some_and(|s| s.iter().all(Value::is_number)),
            "the history entry holds only numbers: {state}"
        );

        assert_no_axe_violations(&client, "cleared-screening notice").await;
        screenshot(&client, "risk-answers-clinic-cleared-notice").await;
        set_viewport(&client, PHONE).await;
        assert_no_axe_violations(&client, "cleared-screening notice on a phone").await;
        screenshot(&client, "risk-answers-clinic-cleared-notice").await;
        set_viewport(&client, TABLET).await;

        // Read and acknowledged, by keyboard: the nurse can go on.
        press_button_with_keys(&client, "I have read this").await;
        wait_until(
            &client,
            "return document.querySelector('.th-care-card') === null;",
            json!(true),
            "the notice should go once read",
        )
        .await;
        assert!(
            has_button(&client, "Start screening").await,
            "the next screening can start"
        );
        assert!(!page_text(&client).await.contains("Several days"));
        screenshot(&client, "risk-answers-clinic-notice-read").await;
    })
    .await;
    assert!(
        server.received().is_empty(),
        "nothing was sent: {:?}",
        server.received()
    );
    assert!(server.stored_rows().await.is_empty(), "nothing was stored");
}
