//! Steps of the journey shared by several tests, done with the mouse (the
//! keyboard-only journeys use [`crate::keyboard`]).

use crate::page::{wait_for, wait_for_h1};
use fantoccini::Client;

/// Clicks the element matching `css` once it is there.
pub async fn click(client: &Client, css: &str) {
    wait_for(client, css)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Types `text` into the input with this id.
pub async fn fill(client: &Client, id: &str, text: &str) {
    wait_for(client, &format!("#{id}"))
        .await
        .send_keys(text)
        .await
        .unwrap_or_else(|e| panic!("type into #{id}: {e}"));
}

/// The value the input with this id holds now.
pub async fn value_of(client: &Client, id: &str) -> String {
    let input = wait_for(client, &format!("#{id}")).await;
    input.prop("value").await.unwrap().unwrap_or_default()
}

/// Presses the page's Continue button.
pub async fn continue_on(client: &Client) {
    click(client, "button[type=submit]").await;
}

/// From the start page, presses "Start now" and waits for the date of birth page.
pub async fn start(client: &Client) {
    click(client, "button.th-button--start").await;
    wait_for_h1(client, "What is your date of birth?").await;
}

/// Enters 7 March 1980 on the date of birth page and goes on to the practice page.
pub async fn enter_adult_date_of_birth(client: &Client) {
    fill(client, "date_of_birth-day", "7").await;
    fill(client, "date_of_birth-month", "3").await;
    fill(client, "date_of_birth-year", "1980").await;
    continue_on(client).await;
    wait_for_h1(client, "Which GP practice are you registered with?").await;
}
