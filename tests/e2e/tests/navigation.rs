//! The browser's Back button and the page's back link both keep answers; a
//! reload keeps nothing, and nothing is written to browser storage.

use e2e::steps::{click, continue_on, enter_adult_date_of_birth, start, value_of};
use e2e::*;

async fn to_practice_page(client: &Client, url: &str) {
    client.goto(url).await.unwrap();
    start(client).await;
    enter_adult_date_of_birth(client).await;
}

#[tokio::test]
async fn back_button_and_back_link_return_to_the_answers_given() {
    let server = TestServer::start().await;
    let url = server.url();
    with_browser(PHONE.width, PHONE.height, move |client| async move {
        to_practice_page(&client, &url).await;
        client.back().await.unwrap();
        wait_for_h1(&client, "What is your date of birth?").await;
        assert_eq!(value_of(&client, "date_of_birth-day").await, "7");
        assert_eq!(value_of(&client, "date_of_birth-year").await, "1980");

        client.forward().await.unwrap();
        wait_for_h1(&client, "Which GP practice are you registered with?").await;
        click(&client, "label[for='gp_practice-2']").await;
        continue_on(&client).await;
        wait_for_h1(&client, "Do you have any of these long-term conditions?").await;

        click(&client, ".th-back-link").await;
        wait_for_h1(&client, "Which GP practice are you registered with?").await;
        let chosen = wait_for(&client, "#gp_practice-2")
            .await
            .prop("checked")
            .await
            .unwrap();
        assert_eq!(
            chosen.as_deref(),
            Some("true"),
            "the practice chosen is still chosen"
        );
    })
    .await;
}

#[tokio::test]
async fn a_reload_starts_clean_and_browser_storage_stays_empty() {
    let server = TestServer::start().await;
    let url = server.url();
    with_browser(PHONE.width, PHONE.height, move |client| async move {
        to_practice_page(&client, &url).await;
        let stored = client
            .execute(
                "return [localStorage.length, sessionStorage.length, document.cookie, JSON.stringify(history.state)]",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(
            stored,
            serde_json::json!([0, 0, "", "[0,2]"]),
            "only a patient number and a page number are in history"
        );
        assert!(!client.current_url().await.unwrap().as_str().contains("1980"), "nothing in the URL");

        client.refresh().await.unwrap();
        wait_for_h1(&client, "Refer yourself for talking therapies").await;
        click(&client, START_BUTTON).await;
        wait_for_h1(&client, "What is your date of birth?").await;
        assert_eq!(value_of(&client, "date_of_birth-day").await, "", "the reload kept nothing");
    })
    .await;
}
