//! Nothing is lost at a small phone width (360 px), on a desktop (1280 px), or
//! with text at 200%: no page scrolls sideways, and every page is photographed.

use e2e::steps::{click, continue_on, enter_adult_date_of_birth, start};
use e2e::*;

/// Fails if the page is wider than the window (content would be cut off).
async fn assert_no_sideways_scroll(client: &Client, name: &str) {
    let widths = client
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth]",
            vec![],
        )
        .await
        .unwrap();
    let (content, window) = (widths[0].as_i64().unwrap(), widths[1].as_i64().unwrap());
    assert!(
        content <= window,
        "{name}: content {content}px is wider than the window {window}px"
    );
}

async fn check(client: &Client, name: &str) {
    assert_no_sideways_scroll(client, name).await;
    screenshot(client, name).await;
}

/// Walks the start, date of birth (with errors), practice and a question page.
async fn walk(width: u32, height: u32, text_zoom: bool, tag: &'static str) {
    let server = TestServer::start().await;
    let url = server.url();
    with_browser(width, height, move |client| async move {
        client.goto(&url).await.unwrap();
        wait_for(&client, START_BUTTON).await;
        if text_zoom {
            // Text resized to 200%: the stylesheet sizes text in rem, so this is
            // what a person's browser text-size setting does.
            client
                .execute("document.documentElement.style.fontSize = '200%'", vec![])
                .await
                .unwrap();
        }
        check(&client, &format!("{tag}-start")).await;
        start(&client).await;
        continue_on(&client).await;
        wait_for(&client, ".th-error-summary").await;
        check(&client, &format!("{tag}-date-of-birth-error")).await;
        enter_adult_date_of_birth(&client).await;
        check(&client, &format!("{tag}-practice")).await;
        click(&client, "label[for='gp_practice']").await;
        continue_on(&client).await;
        click(&client, "label[for='conditions-none']").await;
        continue_on(&client).await;
        wait_for(&client, "#phq9-1").await;
        check(&client, &format!("{tag}-question")).await;
    })
    .await;
}

#[tokio::test]
async fn nothing_is_cut_off_on_a_360_pixel_phone() {
    walk(360, 740, false, "layout-360").await;
}

#[tokio::test]
async fn nothing_is_cut_off_on_a_1280_pixel_desktop() {
    walk(1280, 800, false, "layout-1280").await;
}

#[tokio::test]
async fn nothing_is_lost_with_text_at_200_percent_on_a_phone() {
    walk(390, 844, true, "layout-text-200").await;
}
