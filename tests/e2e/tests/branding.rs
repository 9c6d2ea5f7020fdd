//! A service's colours from its configuration reach the page (under the
//! strict Content-Security-Policy), and a colour too faint to read is refused
//! with a page for the service's admin.

use e2e::*;
use serde_json::json;

async fn computed(client: &Client, css: &str, property: &str) -> String {
    wait_for(client, css).await;
    client
        .execute(
            "return getComputedStyle(document.querySelector(arguments[0]))[arguments[1]]",
            vec![json!(css), json!(property)],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn the_services_colours_are_used_for_buttons_and_links() {
    let server = TestServer::start_with_config(json!({
        "branding": { "link_colour": "#330072", "button_colour": "#7c2855" }
    }))
    .await;
    let url = server.url();
    with_browser(PHONE.width, PHONE.height, move |client| async move {
        client.goto(&url).await.unwrap();
        let button = computed(&client, START_BUTTON, "backgroundColor").await;
        assert_eq!(button, "rgb(124, 40, 85)");
        let link = computed(&client, "#talking-health[data-ready] .th-page a", "color").await;
        assert_eq!(link, "rgb(51, 0, 114)");
        assert_no_axe_violations(&client, "branded-start").await;
        screenshot(&client, "branding-start").await;
    })
    .await;
}

#[tokio::test]
async fn the_plain_html_start_page_has_the_services_colours_before_the_widget_arrives() {
    let server = TestServer::start_with_config(json!({
        "branding": { "link_colour": "#330072", "button_colour": "#7c2855" }
    }))
    .await;
    server.delay_wasm(std::time::Duration::from_secs(3));
    let url = server.url();
    with_browser(PHONE.width, PHONE.height, move |client| async move {
        client.goto(&url).await.unwrap();
        let button = computed(
            &client,
            "button.th-button--start:not([hidden])",
            "backgroundColor",
        )
        .await;
        let link = computed(&client, "#talking-health .th-page a", "color").await;
        let ready = client
            .execute(
                "return document.getElementById('talking-health').hasAttribute('data-ready')",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(ready, json!(false), "the widget has not arrived yet");
        assert_eq!(button, "rgb(124, 40, 85)");
        assert_eq!(link, "rgb(51, 0, 114)");
    })
    .await;
}

#[tokio::test]
async fn a_colour_that_fails_contrast_is_refused_for_the_admin() {
    let server = TestServer::start_with_config(json!({
        "branding": { "button_colour": "#41b6e6" }
    }))
    .await;
    let url = server.url();
    with_browser(PHONE.width, PHONE.height, move |client| async move {
        client.goto(&url).await.unwrap();
        wait_for(&client, ".th-config-problem").await;
        let text = page_text(&client).await;
        assert!(
            text.contains("branding.button_colour") && text.contains("2.31:1"),
            "the admin is told which colour and why: {text}"
        );
        assert!(wait_for(&client, "h1").await.text().await.unwrap().len() > 5);
    })
    .await;
}
