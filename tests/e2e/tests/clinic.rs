//! Clinic mode on a shared tablet: a nurse screens two patients in
//! a row; after each, nothing of the patient is left in the page, its
//! history or the browser's storage, and Back shows none of it. A screening
//! left alone is cleared after a warning, without losing a referral that is
//! still being sent. Every clinic screen gets an axe audit and screenshots in
//! both tablet orientations.

use e2e::steps::{
    choose_riverside, click, continue_on, enter_adult_date_of_birth, enter_referral_details, fill,
    press_button,
};
use e2e::*;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// A tablet held in landscape.
const LANDSCAPE: Viewport = Viewport {
    width: 1180,
    height: 820,
};

struct Patient {
    first: &'static str,
    last: &'static str,
    phone: &'static str,
    /// PHQ-9 item 9 answered "Several days".
    risk: bool,
}

const FIRST: Patient = Patient {
    first: "Ffion",
    last: "Zebedee-Quist",
    phone: "07700 900461",
    risk: true,
};
const SECOND: Patient = Patient {
    first: "Gwen",
    last: "Okonkwo-Blythe",
    phone: "07700 900462",
    risk: false,
};

/// Audits the page and photographs it in both orientations.
async fn check_screen(client: &Client, name: &str) {
    assert_no_axe_violations(client, name).await;
    screenshot(client, &format!("{name}-portrait")).await;
    client
        .set_window_size(LANDSCAPE.width, LANDSCAPE.height)
        .await
        .unwrap();
    screenshot(client, &format!("{name}-landscape")).await;
    client
        .set_window_size(TABLET.width, TABLET.height)
        .await
        .unwrap();
}

/// The nurse's details, once per session.
async fn sign_in(client: &Client, audit: bool) {
    wait_for_h1(client, "Your details").await;
    if audit {
        press_button(client, "Start the clinic session").await;
        wait_for(client, ".th-error-summary").await;
        check_screen(client, "clinic-details-errors").await;
    }
    fill(client, "clinician_name", "Sam Patel").await;
    fill(client, "clinician_role", "Practice nurse").await;
    fill(client, "clinician_team", "Riverside diabetes clinic").await;
    press_button(client, "Start the clinic session").await;
    wait_for_h1(client, "Screen a patient").await;
}

/// Answers each item of a questionnaire with the option scoring `score`
/// (option ids: `{instrument}-{item}` for the first, then `-2`, `-3`, ...).
async fn answer(client: &Client, instrument: &str, first_score: u8, scores: &[u8]) {
    for (i, score) in scores.iter().enumerate() {
        let name = format!("{instrument}-{}", i + 1);
        let position = score - first_score;
        let id = if position == 0 {
            name
        } else {
            format!("{name}-{}", position + 1)
        };
        click(client, &format!("#{id}")).await;
        continue_on(client).await;
    }
}

/// The nurse's part: diabetes, both questions answered high, the result.
async fn nurse_screens(client: &Client, audit: bool) {
    press_button(client, "Start screening").await;
    wait_for_h1(
        client,
        "Which of these long-term conditions does the patient have?",
    )
    .await;
    click(client, "#conditions").await;
    continue_on(client).await;
    answer(client, "diabetes", 1, &[5, 4]).await;
    wait_for_h1(client, "Screening result").await;
    let text = page_text(client).await;
    assert!(
        text.contains("Cut-off met") && text.contains("9 out of 12"),
        "the nurse sees at once that the cut-off is met: {text}"
    );
    if audit {
        check_screen(client, "clinic-screen-result").await;
    }
    press_button(client, "Hand the tablet to the patient").await;
    wait_for_h1(client, "Please hand the tablet to the patient").await;
    if audit {
        check_screen(client, "clinic-hand-to-patient").await;
    }
    press_button(client, "Start the questions").await;
}

/// The patient's part, from PHQ-9 to "Check your answers".
async fn patient_answers(client: &Client, patient: &Patient) {
    let phq9 = [2, 2, 1, 1, 2, 1, 1, 0, u8::from(patient.risk)];
    answer(client, "phq9", 0, &phq9[..8]).await;
    click(client, if patient.risk { "#phq9-9-2" } else { "#phq9-9" }).await;
    if patient.risk {
        wait_for(client, ".th-care-card--urgent").await;
    }
    continue_on(client).await;
    click(client, "#functional-2").await;
    continue_on(client).await;
    answer(client, "gad7", 0, &[2, 1, 1, 2, 1, 1, 0]).await;
    wait_for_h1(client, "Your answers").await;
    press_button(client, "Refer yourself").await;
    enter_adult_date_of_birth(client).await;
    choose_riverside(client).await;
    enter_referral_details(client, patient.first, patient.last, patient.phone).await;
}

/// The patient confirms: the tablet goes back to the nurse at once.
async fn send_and_hand_back(client: &Client) {
    press_button(client, "Confirm and send").await;
    wait_for_h1(
        client,
        "Thank you. Please hand the tablet back to Sam Patel",
    )
    .await;
}

/// Waits until the page says the referral was sent, and returns the reference.
async fn wait_for_reference(client: &Client) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let text = page_text(client).await;
        if let Some(at) = text.find("Reference: ") {
            return text[at + 11..at + 21].to_owned();
        }
        assert!(Instant::now() < deadline, "no reference shown: {text}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// What the browser holds now: the whole document, every field's value,
/// storage of every kind and the current history entry's state.
async fn browser_traces(client: &Client) -> Value {
    client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             (async () => {
                 const fields = [...document.querySelectorAll('input, textarea, select')]
                     .map(f => f.value).join('|');
                 const databases = indexedDB.databases ? await indexedDB.databases() : [];
                 const caches = window.caches ? await window.caches.keys() : [];
                 // The service's configuration in the page (its practices'
                 // names too) is the same for every patient: not a trace of one.
                 const page = document.documentElement.cloneNode(true);
                 page.querySelector('#talking-health').removeAttribute('data-config-json');
                 done({
                     html: page.outerHTML,
                     title: document.title,
                     fields,
                     local: localStorage.length,
                     session: sessionStorage.length,
                     databases: databases.length,
                     caches: caches.length,
                     cookies: document.cookie,
                     state: JSON.stringify(history.state),
                 });
             })();",
            vec![],
        )
        .await
        .expect("read what the browser holds")
}

/// Nothing of `patient` anywhere the next person could see or reach.
async fn assert_no_trace_of(client: &Client, patient: &Patient, moment: &str) {
    let traces = browser_traces(client).await;
    let html = traces["html"].as_str().unwrap();
    let digits: String = patient.phone.chars().filter(char::is_ascii_digit).collect();
    for trace in [
        patient.first,
        patient.last,
        patient.phone,
        &digits[5..],
        "N1 9AB",
        "TH-",
    ] {
        assert!(
            !html.contains(trace),
            "{moment}: the page still holds \"{trace}\""
        );
    }
    for phrase in ["Several days", "risk answer", "Cut-off met"] {
        assert!(
            !html.contains(phrase),
            "{moment}: the page still says \"{phrase}\""
        );
    }
    assert_eq!(traces["fields"], "", "{moment}: a form field keeps a value");
    for store in ["local", "session", "databases", "caches"] {
        assert_eq!(traces[store], 0, "{moment}: {store} storage is used");
    }
    assert_eq!(traces["cookies"], "", "{moment}: a cookie is set");
    let state: Value = serde_json::from_str(traces["state"].as_str().unwrap()).unwrap();
    assert!(
        state
            .as_array()
            .is_some_and(|s| s.iter().all(Value::is_number)),
        "{moment}: the history entry holds only numbers: {state}"
    );
}

async fn finish(client: &Client) {
    press_button(client, "Finish and clear for the next patient").await;
    wait_for_h1(client, "Screen a patient").await;
}

#[tokio::test]
async fn two_patients_in_a_row_and_nothing_of_the_first_is_left() {
    let server = TestServer::start_clinic(Value::Null).await;
    let url = server.clinic_url();
    let references = with_browser(TABLET.width, TABLET.height, move |client| async move {
        client.goto(&url).await.unwrap();
        sign_in(&client, true).await;
        check_screen(&client, "clinic-next-patient").await;

        nurse_screens(&client, true).await;
        patient_answers(&client, &FIRST).await;
        send_and_hand_back(&client).await;
        check_screen(&client, "clinic-hand-back").await;
        press_button(&client, "Show the summary for the clinician").await;
        wait_for_h1(&client, "Summary for the clinician").await;
        let first_reference = wait_for_reference(&client).await;
        let summary = page_text(&client).await;
        assert!(
            summary.contains("Risk: the patient gave a risk answer")
                && summary.contains("PHQ-9 question 9")
                && summary.contains("Several days"),
            "the risk answer is stated plainly: {summary}"
        );
        check_screen(&client, "clinic-summary-risk").await;
        finish(&client).await;
        assert_no_trace_of(&client, &FIRST, "after finishing").await;

        // The browser's Back button, again and again: never the last patient.
        for press in 1..=6 {
            client.back().await.unwrap();
            tokio::time::sleep(Duration::from_millis(200)).await;
            assert_eq!(
                h1_text(&client).await.as_deref(),
                Some("Screen a patient"),
                "Back ×{press}"
            );
            assert_no_trace_of(&client, &FIRST, &format!("after Back ×{press}")).await;
        }

        nurse_screens(&client, false).await;
        patient_answers(&client, &SECOND).await;
        send_and_hand_back(&client).await;
        press_button(&client, "Show the summary for the clinician").await;
        let second_reference = wait_for_reference(&client).await;
        assert!(
            !page_text(&client).await.contains("risk answer"),
            "no risk answer, no risk box"
        );
        finish(&client).await;
        assert_no_trace_of(&client, &SECOND, "after the second patient").await;
        (first_reference, second_reference)
    })
    .await;

    let rows = server.stored_rows().await;
    assert_eq!(rows.len(), 2, "one referral per patient");
    let clinician = json!({
        "kind": "clinic",
        "clinician": { "name": "Sam Patel", "role": "Practice nurse", "team": "Riverside diabetes clinic" }
    });
    for (row, (patient, reference)) in rows
        .iter()
        .zip([(&FIRST, &references.0), (&SECOND, &references.1)])
    {
        let payload = row.payload_json();
        assert_eq!(
            &row.reference, reference,
            "the summary showed the stored reference"
        );
        assert_eq!(
            payload["channel"], clinician,
            "the referral names its source"
        );
        assert_eq!(payload["person"]["last_name"], patient.last);
        assert_eq!(payload["screening"]["risk_flag"], patient.risk);
        assert_eq!(payload["screening"]["phq9_item9"], u8::from(patient.risk));
        let instruments: Vec<&str> = payload["screening"]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["instrument"].as_str().unwrap())
            .collect();
        assert_eq!(instruments, ["diabetes", "phq9", "gad7"]);
    }
}

/// Seconds of quiet before the warning, and of warning before the wipe.
const QUIET: u64 = 3;
const WARNING: u64 = 3;

fn short_inactivity() -> Value {
    json!({ "clinic": { "inactivity_seconds": QUIET, "warning_seconds": WARNING } })
}

#[tokio::test]
async fn a_screening_left_alone_is_cleared_after_a_countdown_and_input_keeps_it() {
    let server = TestServer::start_clinic(short_inactivity()).await;
    let url = server.clinic_url();
    with_browser(TABLET.width, TABLET.height, move |client| async move {
        client.goto(&url).await.unwrap();
        sign_in(&client, false).await;
        // Resting on "Screen a patient" holds nothing: no warning there.
        tokio::time::sleep(Duration::from_secs(QUIET + WARNING + 1)).await;
        assert_eq!(h1_text(&client).await.as_deref(), Some("Screen a patient"));

        nurse_screens(&client, false).await;
        answer(&client, "phq9", 0, &[2, 2]).await;
        let left_alone = Instant::now();
        let dialog = wait_for_within(
            &client,
            "[role=alertdialog]",
            Duration::from_secs(QUIET + 2),
        )
        .await;
        let waited = left_alone.elapsed();
        assert!(
            waited >= Duration::from_secs(QUIET) - Duration::from_millis(1000),
            "the warning waits for the quiet time: {waited:?}"
        );
        let text = dialog.text().await.unwrap();
        assert!(text.contains("cleared in"), "a countdown: {text}");
        assert_eq!(
            focused(&client).await.label,
            "Continue screening",
            "focus is on the way out"
        );
        check_screen(&client, "clinic-inactivity-warning").await;

        // Any input keeps the screening, answers and all.
        press_button(&client, "Continue screening").await;
        // The clock starts at the last input (a little after, so the bound
        // below allows for the checks in between).
        let left_alone = Instant::now();
        tokio::time::sleep(Duration::from_millis(400)).await;
        assert!(
            client
                .find(fantoccini::Locator::Css("[role=alertdialog]"))
                .await
                .is_err()
        );
        assert!(
            page_text(&client).await.contains("Question 3 of 9"),
            "still on the same question: {}",
            describe_page(&client).await
        );

        // Left alone again: the countdown runs out and the patient is gone.
        wait_for_within(
            &client,
            "[role=alertdialog]",
            Duration::from_secs(QUIET + 2),
        )
        .await;
        wait_for_h1(&client, "Screen a patient").await;
        let waited = left_alone.elapsed();
        assert!(
            waited >= Duration::from_secs(QUIET + WARNING) - Duration::from_millis(1000),
            "cleared only after the countdown: {waited:?}"
        );
        assert!(
            client
                .find(fantoccini::Locator::Css("[role=alertdialog]"))
                .await
                .is_err()
        );
        let html = browser_traces(&client).await["html"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(!html.contains("Cut-off met") && !html.contains("Question 3 of 9"));
        client.back().await.unwrap();
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(h1_text(&client).await.as_deref(), Some("Screen a patient"));
    })
    .await;
}

#[tokio::test]
async fn the_wipe_does_not_drop_a_referral_still_being_sent() {
    let server = std::sync::Arc::new(TestServer::start_clinic(short_inactivity()).await);
    let url = server.clinic_url();
    let remote = server.clone();
    with_browser(TABLET.width, TABLET.height, move |client| async move {
        client.goto(&url).await.unwrap();
        sign_in(&client, false).await;
        nurse_screens(&client, false).await;
        patient_answers(&client, &FIRST).await;
        remote.set_down(true);
        send_and_hand_back(&client).await;
        // Nobody touches the tablet: it is cleared while the endpoint is down.
        wait_for_within(
            &client,
            "[role=alertdialog]",
            Duration::from_secs(QUIET + 2),
        )
        .await;
        wait_for_h1(&client, "Screen a patient").await;
        // The nurse is told of the cleared screening and its risk answer
        // (risk_answers.rs tests the notice); once read, nothing is left.
        let notice = page_text(&client).await;
        assert!(
            notice.contains("The patient had confirmed their referral: it goes on being sent."),
            "{notice}"
        );
        press_button(&client, "I have read this").await;
        assert_no_trace_of(&client, &FIRST, "after the inactivity wipe").await;
        let text = page_text(&client).await;
        assert!(
            text.contains("Referrals still being sent: 1"),
            "the nurse is told a referral is on its way: {text}"
        );
        remote.set_down(false);
        let deadline = Instant::now() + Duration::from_secs(40);
        while page_text(&client).await.contains("still being sent") {
            assert!(
                Instant::now() < deadline,
                "the referral was never delivered"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    })
    .await;
    let rows = server.stored_rows().await;
    assert_eq!(rows.len(), 1, "delivered exactly once after the wipe");
    assert_eq!(rows[0].payload_json()["person"]["last_name"], FIRST.last);
}

/// The build's clinic page opens on the nurse's details, with no
/// self-referral start page on the way.
#[tokio::test]
async fn the_clinic_page_of_the_build_starts_with_the_nurses_details() {
    let server = TestServer::start().await;
    let url = server.clinic_url();
    with_browser(TABLET.width, TABLET.height, move |client| async move {
        client.goto(&url).await.unwrap();
        let first = page_text(&client).await;
        assert!(
            !first.contains("Refer yourself"),
            "no self-referral page in clinic: {first}"
        );
        wait_for_h1(&client, "Your details").await;
        let logo = wait_for(&client, ".th-service-header img.th-logo").await;
        assert_eq!(
            logo.attr("alt").await.unwrap().as_deref(),
            Some("Anytown Talking Therapies"),
            "clinic-config.json's logo, described"
        );
        assert_no_axe_violations(&client, "clinic.html").await;
    })
    .await;
}
