//! The referral's rules as a person meets them in the browser: with a
//! service that requires the NHS number and interpreter questions, leaving
//! either unanswered gives an error whose summary link moves to the question
//! itself (not to a field the page does not show), and the referral then
//! reaches the endpoint, which checks the same rules.

use e2e::steps::{
    answer_lowest, click, continue_on, enter_name_to_postcode, fill, press_button,
    reach_questionnaires,
};
use e2e::*;
use serde_json::json;

/// Continue on a page with its one required question unanswered: the error
/// summary links to `question`'s first radio, which the link then focuses,
/// and the inline error sits in its fieldset.
async fn unanswered_question_is_linked(client: &fantoccini::Client, question: &str, shot: &str) {
    continue_on(client).await;
    let link = wait_for(client, &format!(".th-error-summary a[href='#{question}']")).await;
    let message = link.text().await.unwrap();
    assert!(message.starts_with("Select yes if"), "{message}");
    let inline = wait_for(client, &format!("#{question}-error")).await;
    assert!(
        inline.text().await.unwrap().contains(&message),
        "the inline error says the same"
    );
    assert_no_axe_violations(client, shot).await;
    screenshot(client, shot).await;
    link.click().await.unwrap();
    assert_eq!(
        focused(client).await.id,
        question,
        "the link moves to the question"
    );
}

#[tokio::test]
async fn a_required_yes_no_question_left_unanswered_links_to_the_question() {
    let server = TestServer::start_with_config(
        json!({ "fields": { "nhs_number": "required", "interpreter": "required" } }),
    )
    .await;
    let url = server.url();
    with_browser(PHONE.width, PHONE.height, move |client| async move {
        client.goto(&url).await.unwrap();
        reach_questionnaires(&client).await;
        answer_lowest(&client, "phq9", 9).await;
        answer_lowest(&client, "gad7", 7).await;
        wait_for_h1(&client, "Your answers").await;
        press_button(&client, "Refer yourself").await;
        enter_name_to_postcode(&client, "Siobhán", "O'Brien", "07700 900123").await;

        wait_for_h1(&client, "Do you know your NHS number?").await;
        unanswered_question_is_linked(&client, "knows_nhs_number", "rules-nhs-number-unanswered")
            .await;
        click(&client, "#knows_nhs_number").await;
        fill(&client, "nhs_number", "943 476 5919").await;
        continue_on(&client).await;
        wait_for_h1(&client, "About you").await;
        continue_on(&client).await;

        wait_for_h1(&client, "Do you need an interpreter?").await;
        unanswered_question_is_linked(
            &client,
            "interpreter_needed",
            "rules-interpreter-unanswered",
        )
        .await;
        click(&client, "#interpreter_needed-2").await;
        continue_on(&client).await;
        wait_for_h1(&client, "Anything else").await;
        continue_on(&client).await;
        wait_for_h1(&client, "Your consent").await;
        click(&client, "#consent_contact").await;
        click(&client, "#consent_gp").await;
        continue_on(&client).await;
        wait_for_h1(&client, "Check your answers before sending your referral").await;
        press_button(&client, "Confirm and send").await;
        wait_for_within(&client, ".th-reference", std::time::Duration::from_secs(20)).await;
    })
    .await;
    let stored = server.stored().await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["person"]["nhs_number"], "9434765919");
    assert!(stored[0]["person"]["interpreter_language"].is_null());
}
