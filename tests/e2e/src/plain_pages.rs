//! The plain-HTML pages the build writes into the page, seen before the
//! widget's code arrives, and the widget's arrival.

use crate::page::{wait_for_locator, wait_for_within};
use crate::steps::value_of;
use fantoccini::{Client, Locator};
use std::time::Duration;

/// The heading of the page after the start page.
pub const DATE_OF_BIRTH: &str = "What is your date of birth?";

/// The start page's Start button, once the page's loader has shown it.
pub const PLAIN_START: &str = "button.th-button--start:not([hidden])";

/// Whether the widget is working the page (it marks the mount element
/// `data-ready`); until then only the plain-HTML pages are there.
pub async fn widget_ready(client: &Client) -> bool {
    client
        .execute(
            "return document.getElementById('talking-health').hasAttribute('data-ready')",
            vec![],
        )
        .await
        .unwrap()
        .as_bool()
        .unwrap()
}

/// Waits until the widget is working the page.
pub async fn wait_for_widget(client: &Client) {
    wait_for_within(
        client,
        "#talking-health[data-ready]",
        Duration::from_secs(20),
    )
    .await;
}

/// The day, month and year inputs' values, whoever drew them.
pub async fn date_typed(client: &Client) -> [String; 3] {
    let mut typed = [String::new(), String::new(), String::new()];
    for (value, part) in typed.iter_mut().zip(["day", "month", "year"]) {
        *value = value_of(client, &format!("date_of_birth-{part}")).await;
    }
    typed
}

/// Waits until the page's first `h1` reads `expected`, whoever drew it
/// ([`crate::wait_for_h1`] waits for the widget's pages).
pub async fn wait_for_plain_h1(client: &Client, expected: &str) {
    let selector = format!("//h1[normalize-space()='{expected}']");
    wait_for_locator(client, Locator::XPath(&selector)).await;
    let first = client
        .execute(
            "return document.querySelector('h1').innerText.trim();",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(first, expected, "the first heading on the page");
}
