//! The plain-HTML pages written by the build from the service's
//! configuration. On a slow connection index.html's start page can be read
//! and its Start button pressed before the widget's code arrives, and the
//! date-of-birth page after it answered; clinic.html's clinician's details
//! can be typed. The widget goes on from those pages without drawing the
//! start page again, and takes over what was typed. When the person comes
//! back to the start page, the widget draws the same page.

use e2e::plain_pages::{
    DATE_OF_BIRTH, date_typed, wait_for_plain_h1, wait_for_widget, widget_ready,
};
use e2e::steps::{click, continue_on, fill, press_button, value_of};
use e2e::*;
use std::time::Duration;

/// The start page's visible text, then where each of its links goes
/// (`tel:999` ...), whoever drew it.
async fn start_page_text(client: &Client) -> String {
    client
        .execute(
            "const page = document.querySelector('#talking-health .th-page');
             const links = [...page.querySelectorAll('a')].map(a => a.getAttribute('href'));
             return page.innerText.trim() + '\\nLinks: ' + links.join(' ');",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

/// The logo above the start page (its address and alt text), and how many there are.
async fn logos(client: &Client) -> Vec<(String, String)> {
    let found = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const imgs = [...document.querySelectorAll('#talking-health .th-service-header img')];
             Promise.all(imgs.map(img => img.decode().then(() => true, () => false)))
               .then(loaded => done(imgs.map((img, i) => [img.getAttribute('src'), img.alt, loaded[i]])));",
            vec![],
        )
        .await
        .unwrap();
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|logo| {
            assert_eq!(logo[2], true, "the logo {logo} loads");
            (
                logo[0].as_str().unwrap().to_owned(),
                logo[1].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// How many elements match `css`.
async fn count(client: &Client, css: &str) -> usize {
    client.find_all(Locator::Css(css)).await.unwrap().len()
}

const GP_PRACTICE: &str = "Which GP practice are you registered with?";

/// Types `key` into whatever has focus in the first task after the widget
/// has taken the plain-HTML page away, on a phone slow to draw the widget's
/// next frame: a person typing on does not wait for it
/// (`window.typedAtTakeover` says whether the key found an input).
async fn type_at_takeover(client: &Client, key: &str) {
    client
        .execute(
            "const key = arguments[0];
             const frame = window.requestAnimationFrame;
             window.requestAnimationFrame = callback =>
               frame.call(window, () => setTimeout(() => callback(performance.now()), 300));
             new MutationObserver((_, observer) => {
               if (document.querySelector('.th-plain-page')) return;
               observer.disconnect();
               setTimeout(() => {
                 window.typedAtTakeover = document.execCommand('insertText', false, key);
                 window.requestAnimationFrame = frame;
               });
             }).observe(document.getElementById('talking-health'), { childList: true });",
            vec![key.into()],
        )
        .await
        .unwrap();
}

/// The start page stays until its Start button is pressed: then the plain-HTML
/// date-of-birth page shows at once, with focus on its heading, and the
/// person can answer on it while the widget's code is still coming.
async fn start_before_the_widget(client: &Client, url: &str) {
    client.goto(url).await.unwrap();
    let start = wait_for(client, "button.th-button--start").await;
    assert!(
        !widget_ready(client).await,
        "the plain-HTML page is showing"
    );
    assert_no_axe_violations(client, "static-start").await;
    screenshot(client, "static-start").await;
    start.click().await.unwrap();
    wait_for_plain_h1(client, DATE_OF_BIRTH).await;
    assert!(
        !widget_ready(client).await,
        "the press came before the widget"
    );
    let now = focused(client).await;
    assert_eq!(
        now.tag, "h1",
        "focus is on the new page's heading, not {now}"
    );
    assert_eq!(
        title(client).await,
        format!("{DATE_OF_BIRTH} – Anytown Talking Therapies")
    );
}

#[tokio::test]
async fn an_answer_begun_before_the_widget_arrives_is_taken_over_where_it_was() {
    let server = TestServer::start().await;
    server.delay_wasm(Duration::from_secs(4));
    let url = server.url();
    with_browser(PHONE.width, PHONE.height, move |client| async move {
        start_before_the_widget(&client, &url).await;
        assert_no_axe_violations(&client, "static-date-of-birth").await;
        screenshot(&client, "static-date-of-birth").await;
        // Back on the plain-HTML page returns to the start page, and Start
        // to the answer as it was.
        fill(&client, "date_of_birth-day", "7").await;
        click(&client, ".th-plain-page .th-back-link").await;
        wait_for_plain_h1(&client, "Refer yourself for talking therapies").await;
        assert_eq!(focused(&client).await.tag, "h1");
        click(&client, "button.th-button--start").await;
        wait_for_plain_h1(&client, DATE_OF_BIRTH).await;
        fill(&client, "date_of_birth-month", "3").await;
        fill(&client, "date_of_birth-year", "19").await;
        assert!(
            !widget_ready(&client).await,
            "typed before the widget arrived"
        );
        type_at_takeover(&client, "8").await;
        wait_for_widget(&client).await;
        assert_eq!(
            client
                .execute("return window.typedAtTakeover;", vec![])
                .await
                .unwrap(),
            true,
            "a key pressed in the task after the takeover found an input"
        );
        assert_eq!(
            date_typed(&client).await,
            ["7", "3", "198"],
            "the widget has what was typed, and the key pressed as it took over"
        );
        assert_eq!(
            count(&client, "#talking-health .th-page").await,
            1,
            "one page: the widget's"
        );
        // Focus is where the person was typing, with the caret after what
        // they typed: the rest of the year goes on from there.
        assert_eq!(focused(&client).await.id, "date_of_birth-year");
        type_text(&client, "0").await;
        assert_eq!(value_of(&client, "date_of_birth-year").await, "1980");
        continue_on(&client).await;
        wait_for_h1(&client, GP_PRACTICE).await;
        // The browser's Back goes to the date-of-birth page, then the start page.
        client.back().await.unwrap();
        wait_for_h1(&client, DATE_OF_BIRTH).await;
        assert_eq!(date_typed(&client).await, ["7", "3", "1980"]);
        client.back().await.unwrap();
        wait_for_h1(&client, "Refer yourself for talking therapies").await;
    })
    .await;
}

#[tokio::test]
async fn continue_pressed_before_the_widget_arrives_is_kept() {
    let server = TestServer::start().await;
    server.delay_wasm(Duration::from_secs(4));
    let url = server.url();
    with_browser(PHONE.width, PHONE.height, move |client| async move {
        start_before_the_widget(&client, &url).await;
        // A year cut short: the widget checks the date when it arrives.
        fill(&client, "date_of_birth-day", "7").await;
        fill(&client, "date_of_birth-month", "3").await;
        fill(&client, "date_of_birth-year", "19").await;
        continue_on(&client).await;
        assert_eq!(
            wait_for(&client, "button[type=submit]")
                .await
                .text()
                .await
                .unwrap(),
            "Loading…"
        );
        assert!(
            !widget_ready(&client).await,
            "pressed before the widget arrived"
        );
        wait_for_widget(&client).await;
        wait_for(&client, ".th-error-summary").await;
        assert_eq!(h1_text(&client).await.as_deref(), Some(DATE_OF_BIRTH));
        assert_eq!(
            date_typed(&client).await,
            ["7", "3", "19"],
            "the answer is kept"
        );
        fill(&client, "date_of_birth-year", "80").await;
        continue_on(&client).await;
        wait_for_h1(&client, GP_PRACTICE).await;
    })
    .await;
}

#[tokio::test]
async fn start_pressed_before_the_widget_arrives_is_kept() {
    let server = TestServer::start().await;
    server.delay_wasm(Duration::from_secs(3));
    let url = server.url();
    with_browser(PHONE.width, PHONE.height, move |client| async move {
        start_before_the_widget(&client, &url).await;
        wait_for_widget(&client).await;
        wait_for_h1(&client, DATE_OF_BIRTH).await;
        let now = focused(&client).await;
        assert_eq!(now.tag, "h1", "focus stays on the heading, not {now}");
        assert_eq!(
            count(&client, ".th-plain-page").await,
            0,
            "the plain-HTML page is gone"
        );
        // Back returns to the widget's own start page.
        client.back().await.unwrap();
        wait_for_h1(&client, "Refer yourself for talking therapies").await;
    })
    .await;
}

/// Each element's tag, attributes and own text, in page order: what a
/// browser and a screen reader make of a page's markup.
async fn markup(client: &Client, selector: &str) -> Vec<String> {
    let found = client
        .execute(
            "const out = [];
             const walk = e => {
               const attrs = [...e.attributes].map(a => a.name === 'class' ? 'class=' + [...e.classList].sort().join(' ') : a.name + '=' + a.value)
                 .sort();
               const text = [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.data.trim()).join('');
               out.push([e.tagName.toLowerCase(), ...attrs, text].join(' '));
               [...e.children].forEach(walk);
             };
             document.querySelectorAll(arguments[0]).forEach(walk);
             return out;",
            vec![selector.into()],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

/// Asserts that the widget's page (the elements `selector` finds) has the
/// markup `plain` that the build's plain-HTML copy of its `what` had.
async fn assert_drawn_as(client: &Client, selector: &str, plain: &[String], what: &str) {
    let drawn = markup(client, selector).await;
    assert!(drawn.len() > 10, "{drawn:?}");
    assert_eq!(
        plain, drawn,
        "the build's {what} differs from the widget's (crates/prerender/templates/mount.html)"
    );
}

#[tokio::test]
async fn the_plain_html_date_of_birth_page_is_the_widgets() {
    let server = TestServer::start().await;
    server.delay_wasm(Duration::from_secs(3));
    let url = server.url();
    with_browser(TABLET.width, TABLET.height, move |client| async move {
        start_before_the_widget(&client, &url).await;
        let plain = markup(&client, ".th-plain-page > *").await;
        wait_for_widget(&client).await;
        assert_drawn_as(
            &client,
            "#talking-health .th-back-link, #talking-health form.th-page",
            &plain,
            "date-of-birth page",
        )
        .await;
    })
    .await;
}

/// Marks the plain-HTML page's heading, so that a later look can tell
/// whether it is still the same element or one drawn again.
async fn mark_heading(client: &Client) {
    client
        .execute(
            "window.plainHeading = document.querySelector('#talking-health .th-page h1');",
            vec![],
        )
        .await
        .unwrap();
}

/// Whether the heading marked by [`mark_heading`] is still on the page.
async fn marked_heading_showing(client: &Client) -> bool {
    client
        .execute("return document.contains(window.plainHeading);", vec![])
        .await
        .unwrap()
        .as_bool()
        .unwrap()
}

#[tokio::test]
async fn the_widget_goes_on_from_the_plain_html_page_without_drawing_it_again() {
    let server = TestServer::start().await;
    server.delay_wasm(Duration::from_secs(1));
    let url = server.url();
    with_browser(PHONE.width, PHONE.height, move |client| async move {
        client.goto(&url).await.unwrap();
        wait_for(&client, "button.th-button--start").await;
        assert!(
            !widget_ready(&client).await,
            "the plain-HTML page is showing"
        );
        mark_heading(&client).await;
        wait_for_within(
            &client,
            "#talking-health[data-ready]",
            Duration::from_secs(20),
        )
        .await;
        assert!(
            marked_heading_showing(&client).await,
            "the widget kept the start page rather than drawing it again"
        );
        assert_eq!(logos(&client).await.len(), 1, "one logo");
        // The configuration was in the page: nothing was fetched for it.
        let fetched = client
            .execute(
                "return performance.getEntriesByType('resource').map(e => e.name)
                   .filter(name => name.endsWith('.json'));",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(fetched, serde_json::json!([]), "no configuration fetched");
        // Start pressed now still shows the plain-HTML date-of-birth page at
        // once, and the widget takes it over only after that page is on the
        // screen: here a phone slow to draw (each animation frame 1.5 s
        // late) leaves time to look at it, and to type on it.
        client
            .execute(
                "const frame = window.requestAnimationFrame;
                 window.requestAnimationFrame = callback =>
                   frame.call(window, () => setTimeout(() => callback(performance.now()), 1500));",
                vec![],
            )
            .await
            .unwrap();
        click(&client, "button.th-button--start").await;
        wait_for_plain_h1(&client, DATE_OF_BIRTH).await;
        assert_eq!(
            count(&client, "#talking-health > .th-plain-page").await,
            1,
            "the plain-HTML page"
        );
        assert_eq!(focused(&client).await.tag, "h1", "focus on its heading");
        fill(&client, "date_of_birth-day", "7").await;
        wait_for_within(
            &client,
            "#talking-health:not(:has(> .th-plain-page)) #date_of_birth-day",
            Duration::from_secs(10),
        )
        .await;
        assert!(!marked_heading_showing(&client).await);
        assert_eq!(
            count(&client, "#talking-health .th-page").await,
            1,
            "the plain-HTML pages are gone, not left beside the widget's"
        );
        assert_eq!(logos(&client).await.len(), 1, "still one logo");
        assert_eq!(
            date_typed(&client).await,
            ["7", "", ""],
            "what was typed is kept"
        );
        assert_eq!(
            focused(&client).await.id,
            "date_of_birth-day",
            "focus stays where the person was typing"
        );
        fill(&client, "date_of_birth-month", "3").await;
        fill(&client, "date_of_birth-year", "1980").await;
        continue_on(&client).await;
        wait_for_h1(&client, GP_PRACTICE).await;
    })
    .await;
}

#[tokio::test]
async fn the_plain_html_start_page_says_what_the_widgets_says() {
    let server = TestServer::start().await;
    server.delay_wasm(Duration::from_secs(2));
    let url = server.url();
    with_browser(TABLET.width, TABLET.height, move |client| async move {
        client.goto(&url).await.unwrap();
        wait_for(&client, "button.th-button--start").await;
        assert!(
            !widget_ready(&client).await,
            "the plain-HTML page is showing"
        );
        let plain = start_page_text(&client).await;
        let plain_logo = logos(&client).await;
        wait_for_within(
            &client,
            "#talking-health[data-ready]",
            Duration::from_secs(20),
        )
        .await;
        // The widget's own start page: forward, then back to it.
        mark_heading(&client).await;
        click(&client, "button.th-button--start").await;
        wait_for_h1(&client, "What is your date of birth?").await;
        client.back().await.unwrap();
        wait_for_h1(&client, "Refer yourself for talking therapies").await;
        assert!(!marked_heading_showing(&client).await, "drawn by the widget");
        let drawn = start_page_text(&client).await;
        let logo = vec![(
            "public/logo.svg".to_owned(),
            "Anytown Talking Therapies".to_owned(),
        )];
        assert_eq!(plain_logo, logo, "the plain-HTML page's logo is config.json's");
        assert_eq!(logos(&client).await, logo, "one logo, config.json's");
        assert_eq!(
            plain, drawn,
            "the build's start page differs from the widget's (crates/prerender/templates/mount.html)"
        );
        // Every number on the urgent-help card is a link a phone can act on
        // (clinical-reference.md §6), then the privacy notice.
        assert!(
            drawn.ends_with(
                "Links: tel:999 tel:111 tel:+448001234567 tel:116123 sms:85258?body=SHOUT \
                 https://www.example.nhs.uk/privacy"
            ),
            "{drawn}"
        );
    })
    .await;
}

#[tokio::test]
async fn clinic_details_typed_before_the_widget_arrives_are_kept() {
    let server = TestServer::start_clinic(serde_json::Value::Null).await;
    server.delay_wasm(Duration::from_secs(4));
    let url = server.clinic_url();
    with_browser(TABLET.width, TABLET.height, move |client| async move {
        client.goto(&url).await.unwrap();
        wait_for_plain_h1(&client, "Your details").await;
        assert!(
            !widget_ready(&client).await,
            "the plain-HTML page is showing"
        );
        assert_no_axe_violations(&client, "static-clinic-details").await;
        screenshot(&client, "static-clinic-details").await;
        let plain = markup(&client, ".th-plain-page > *").await;
        fill(&client, "clinician_name", "Sam Patel").await;
        fill(&client, "clinician_role", "Practice nur").await;
        type_at_takeover(&client, "s").await;
        wait_for_widget(&client).await;
        assert_eq!(
            client
                .execute("return window.typedAtTakeover;", vec![])
                .await
                .unwrap(),
            true,
            "a key pressed in the task after the takeover found an input"
        );
        assert_eq!(count(&client, ".th-plain-page, .th-loading").await, 0);
        assert_eq!(value_of(&client, "clinician_name").await, "Sam Patel");
        assert_eq!(value_of(&client, "clinician_role").await, "Practice nurs");
        assert_eq!(focused(&client).await.id, "clinician_role");
        type_text(&client, "e").await;
        fill(&client, "clinician_team", "Riverside diabetes clinic").await;
        // The widget's page, less its inactivity guard (which shows nothing yet).
        assert_drawn_as(
            &client,
            "#talking-health > .th-clinic > :not(.th-dialog-backdrop)",
            &plain,
            "clinician's details page",
        )
        .await;
        press_button(&client, "Start the clinic session").await;
        wait_for_h1(&client, "Screen a patient").await;
        assert!(
            page_text(&client)
                .await
                .contains("Screening by Sam Patel, Practice nurse"),
            "the details typed before the widget arrived are the session's"
        );
    })
    .await;
}
