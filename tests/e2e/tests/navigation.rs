//! The browser's Back button and the page's back link both keep answers; a
//! reload keeps nothing, and nothing is written to browser storage.

use e2e::*;

async fn value_of(client: &Client, id: &str) -> String {
    let input = wait_for(client, &format!("#{id}")).await;
    input.prop("value").await.unwrap().unwrap_or_default()
}

async fn fill(client: &Client, id: &str, text: &str) {
    wait_for(client, &format!("#{id}"))
        .await
        .send_keys(text)
        .await
        .unwrap();
}

async fn to_date_of_birth(client: &Client, url: &str) {
    client.goto(url).await.unwrap();
    wait_for(client, "button.th-button--start")
        .await
        .click()
        .await
        .unwrap();
    wait_for_h1(client, "What is your date of birth?").await;
    fill(client, "date_of_birth-day", "7").await;
    fill(client, "date_of_birth-month", "3").await;
    fill(client, "date_of_birth-year", "1980").await;
    wait_for(client, "button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    wait_for_h1(client, "Which GP practice are you registered with?").await;
}

#[tokio::test]
async fn back_button_and_back_link_return_to_the_answers_given() {
    let server = TestServer::start().await;
    let url = server.url();
    with_browser(PHONE.width, PHONE.height, move |client| async move {
        to_date_of_birth(&client, &url).await;
        client.back().await.unwrap();
        wait_for_h1(&client, "What is your date of birth?").await;
        assert_eq!(value_of(&client, "date_of_birth-day").await, "7");
        assert_eq!(value_of(&client, "date_of_birth-year").await, "1980");

        client.forward().await.unwrap();
        wait_for_h1(&client, "Which GP practice are you registered with?").await;
        wait_for(&client, "label[for='gp_practice-2']")
            .await
            .click()
            .await
            .unwrap();
        wait_for(&client, "button[type=submit]")
            .await
            .click()
            .await
            .unwrap();
        wait_for_h1(&client, "Do you have any of these long-term conditions?").await;

        wait_for(&client, ".th-back-link")
            .await
            .click()
            .await
            .unwrap();
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
        to_date_of_birth(&client, &url).await;
        let stored = client
            .execute(
                "return [localStorage.length, sessionStorage.length, document.cookie, JSON.stringify(history.state)]",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(stored, serde_json::json!([0, 0, "", "2"]), "only a page number is in history");
        assert!(!client.current_url().await.unwrap().as_str().contains("1980"), "nothing in the URL");

        client.refresh().await.unwrap();
        wait_for_h1(&client, "Refer yourself for talking therapies").await;
        wait_for(&client, "button.th-button--start").await.click().await.unwrap();
        wait_for_h1(&client, "What is your date of birth?").await;
        assert_eq!(value_of(&client, "date_of_birth-day").await, "", "the reload kept nothing");
    })
    .await;
}
