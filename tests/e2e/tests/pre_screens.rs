//! A service that turns on PHQ-2 and GAD-2 pre-screens: low first answers
//! end each questionnaire after two questions, and the referral carries the
//! short forms (clinical-reference.md §5).

use e2e::steps::{click, continue_on, press_button, reach_questionnaires, refer_from_results};
use e2e::*;
use serde_json::json;

#[tokio::test]
async fn low_pre_screen_answers_skip_the_rest_and_the_referral_says_so() {
    let server = TestServer::start_with_config(json!({ "pre_screens": true })).await;
    let url = server.url();
    with_browser(PHONE.width, PHONE.height, move |client| async move {
        client.goto(&url).await.unwrap();
        reach_questionnaires(&client).await;
        // PHQ-2: "Several days" then "Not at all" (total 1, below 3).
        click(&client, "#phq9-1-2").await;
        continue_on(&client).await;
        click(&client, "#phq9-2").await;
        continue_on(&client).await;
        // A problem was checked, so the functional question follows (§3).
        click(&client, "#functional").await;
        continue_on(&client).await;
        // GAD-2, then straight to the results.
        click(&client, "#gad7-1").await;
        continue_on(&client).await;
        click(&client, "#gad7-2").await;
        continue_on(&client).await;
        wait_for_h1(&client, "Your answers").await;
        assert_no_axe_violations(&client, "pre-screen-results").await;
        screenshot(&client, "pre-screen-results").await;
        refer_from_results(&client).await;
        press_button(&client, "Confirm and send").await;
        wait_for_within(&client, ".th-reference", std::time::Duration::from_secs(20)).await;
    })
    .await;
    let stored = server.stored().await;
    assert_eq!(stored.len(), 1);
    let results = stored[0]["screening"]["results"].as_array().unwrap();
    let short_forms: Vec<_> = results
        .iter()
        .map(|r| {
            (
                r["instrument"].clone(),
                r["answers"].clone(),
                r["total"].clone(),
            )
        })
        .collect();
    assert_eq!(
        short_forms,
        vec![
            (json!("phq2"), json!([1, 0]), json!(1)),
            (json!("gad2"), json!([0, 0]), json!(0)),
        ]
    );
    assert_eq!(
        stored[0]["screening"]["phq9_item9"],
        json!(null),
        "item 9 was not asked"
    );
}
