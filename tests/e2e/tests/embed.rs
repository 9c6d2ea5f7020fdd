//! Embedding on a GP practice's website: a practice's page on one
//! loopback port, the service (release build and real endpoint) on another,
//! and for the attacks a third website, listed for another practice.

use e2e::plain_pages::{
    DATE_OF_BIRTH, PLAIN_START, date_typed, wait_for_plain_h1, wait_for_widget, widget_ready,
};
use e2e::steps::{
    click, continue_on, enter_adult_date_of_birth, press_button, refer_from_results,
    type_adult_date_of_birth,
};
use e2e::*;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// Riverside Medical Centre's website embeds the form as F83004; "other" is
/// Hilltop Surgery's (F83005), also allowed to embed, but only as Hilltop.
struct Sites {
    service: TestServer,
    practice: HostServer,
    other: HostServer,
}

async fn sites() -> Sites {
    let practice = HostServer::start().await;
    let other = HostServer::start().await;
    let service = TestServer::start_embedding(json!({
        "eligibility": { "practices": [
            { "name": "Riverside Medical Centre", "ods": "F83004", "embed_origins": [practice.origin()] },
            { "name": "Hilltop Surgery", "ods": "F83005", "embed_origins": [other.origin()] },
            { "name": "Market Street Health Centre", "ods": "F83006" }
        ]}
    }))
    .await;
    for host in [&practice, &other] {
        host.set_page("/style.css", host_file("style.css", &[]));
        host.set_page("/forger.html", host_file("forger.html", &[]));
    }
    Sites {
        service,
        practice,
        other,
    }
}

impl Sites {
    /// Puts the snippet naming `ods` on `host`'s front page; its address.
    fn embed_on(&self, host: &HostServer, ods: &str) -> String {
        host.set_page("/", practice_page(&self.service, ods));
        host.url("/")
    }
}

/// The one-line snippet from public/embedding.html.
fn snippet(service: &TestServer, ods: &str) -> String {
    format!(
        r#"<script src="{}/embed.js" data-practice="{ods}" async></script>"#,
        service.origin()
    )
}

/// The example practice page (tests/e2e/host/index.html) embedding as `ods`.
fn practice_page(service: &TestServer, ods: &str) -> String {
    host_file(
        "index.html",
        &[
            ("service", &service.origin()),
            ("widget", &snippet(service, ods)),
        ],
    )
}

/// A page with the form (`widget`) and a frame from `other` that forges messages.
fn page_with_forger(other: &HostServer, widget: &str) -> String {
    host_file(
        "sibling.html",
        &[("other", other.origin()), ("widget", widget)],
    )
}

/// Switches into the form's iframe (the page's first) once it is there.
async fn enter_form(client: &Client) {
    let frame = wait_for(client, "iframe").await;
    frame.enter_frame().await.expect("enter the form's iframe");
}

/// Back to the practice's page.
async fn leave_form(client: &Client) {
    client
        .enter_parent_frame()
        .await
        .expect("back to the practice page");
}

async fn number(client: &Client, script: &str) -> f64 {
    client
        .execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("{script}: {e}"))
        .as_f64()
        .unwrap_or_else(|| panic!("{script} returned no number"))
}

/// The iframe's height on the practice page, in CSS pixels.
async fn frame_height(client: &Client) -> f64 {
    number(
        client,
        "return document.querySelector('iframe').getBoundingClientRect().height;",
    )
    .await
}

/// Inside the frame: the height of the form's document.
async fn content_height(client: &Client) -> f64 {
    number(client, "return document.documentElement.offsetHeight;").await
}

/// From inside the frame: waits until the practice page has sized the
/// iframe to the form's content, and returns that height.
async fn fitted_height(client: &Client) -> f64 {
    let deadline = Instant::now() + DEFAULT_WAIT;
    loop {
        let content = content_height(client).await;
        leave_form(client).await;
        let frame = frame_height(client).await;
        enter_form(client).await;
        if (frame - content).abs() <= 1.0 {
            return frame;
        }
        assert!(
            Instant::now() < deadline,
            "the iframe stayed {frame}px high for content {content}px high"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The text of the form's refusal page, once it shows.
async fn refusal_text(client: &Client) -> String {
    wait_for_within(client, ".th-embed-problem", Duration::from_secs(15)).await;
    wait_for_h1(client, "This referral form cannot be used here").await;
    page_text(client).await
}

#[tokio::test]
async fn the_snippet_puts_the_form_in_a_titled_sandboxed_iframe_that_sends_no_referrer() {
    let sites = sites().await;
    let url = sites.embed_on(&sites.practice, "F83004");
    let service = sites.service.origin();
    with_browser(PHONE.width, PHONE.height, |client| async move {
        client.goto(&url).await.unwrap();
        let frame = wait_for(&client, "main iframe").await;
        let attribute = |name: &'static str| {
            let frame = frame.clone();
            async move { frame.attr(name).await.unwrap().unwrap_or_default() }
        };
        assert_eq!(attribute("src").await, format!("{service}/embed.html"));
        assert_eq!(
            attribute("title").await,
            "Refer yourself for talking therapies"
        );
        assert_eq!(
            attribute("sandbox").await,
            "allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox"
        );
        assert_eq!(attribute("referrerpolicy").await, "no-referrer");
        // Right after the snippet, in the practice's own content.
        let placed = client
            .execute(
                "const f = document.querySelector('iframe');
                 return f.previousElementSibling.tagName + ' ' + f.parentElement.id;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(placed, json!("SCRIPT content"));

        enter_form(&client).await;
        wait_for(&client, START_BUTTON).await;
        wait_for_h1(&client, "Refer yourself for talking therapies").await;
        // No referrer: the form cannot tell which page of the practice's site it is on.
        let referrer = client
            .execute("return document.referrer;", vec![])
            .await
            .unwrap();
        assert_eq!(referrer, json!(""));
        assert_no_axe_violations(&client, "embedded start").await;
        leave_form(&client).await;
        assert_no_axe_violations_outside_frames(&client, "example practice").await;
        screenshot(&client, "embed-practice-page").await;
    })
    .await;
    let url = sites.practice.url("/");
    with_browser(1280, 900, |client| async move {
        client.goto(&url).await.unwrap();
        enter_form(&client).await;
        wait_for(&client, START_BUTTON).await;
        fitted_height(&client).await;
        leave_form(&client).await;
        assert_no_axe_violations_outside_frames(&client, "example practice (wide)").await;
        screenshot(&client, "embed-practice-page").await;
    })
    .await;
}

#[tokio::test]
async fn a_script_on_the_practice_page_cannot_read_the_form() {
    let sites = sites().await;
    let url = sites.embed_on(&sites.practice, "F83004");
    with_browser(PHONE.width, PHONE.height, |client| async move {
        client.goto(&url).await.unwrap();
        enter_form(&client).await;
        wait_for(&client, START_BUTTON).await;
        leave_form(&client).await;
        let attempts = client
            .execute(
                "const frame = document.querySelector('iframe');
                 const result = { contentDocument: frame.contentDocument === null ? 'null' : 'readable' };
                 try { result.windowDocument = frame.contentWindow.document.body.innerText; }
                 catch (e) { result.windowDocument = e.name; }
                 try { result.windowStorage = String(frame.contentWindow.localStorage); }
                 catch (e) { result.windowStorage = e.name; }
                 // A control: a frame of the page's own origin is readable, so
                 // the checks above would notice a readable form.
                 const own = document.createElement('iframe');
                 own.title = 'control';
                 document.body.appendChild(own);
                 result.control = own.contentDocument === null ? 'null' : 'readable';
                 own.remove();
                 return result;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(
            attempts,
            json!({
                "contentDocument": "null",
                "windowDocument": "SecurityError",
                "windowStorage": "SecurityError",
                "control": "readable"
            })
        );
    })
    .await;
}

#[tokio::test]
async fn a_referral_made_in_the_frame_names_the_practice_and_the_page_hears_only_height_and_events()
{
    let sites = sites().await;
    let url = sites.embed_on(&sites.practice, "F83004");
    let service = sites.service.origin();
    with_browser(PHONE.width, PHONE.height, |client| async move {
        client.goto(&url).await.unwrap();
        wait_for(&client, "iframe").await;
        client
            .execute(
                "window.__heard = [];
                 window.addEventListener('message', e => window.__heard.push({origin: e.origin, data: e.data}));",
                vec![],
            )
            .await
            .unwrap();
        record_events(&client).await;
        enter_form(&client).await;
        e2e::steps::start(&client).await;
        enter_adult_date_of_birth(&client).await;
        // The practice whose page this is comes already chosen, and is still asked.
        let chosen = wait_for(&client, "#gp_practice").await;
        assert_eq!(chosen.prop("checked").await.unwrap().as_deref(), Some("true"));
        assert_eq!(chosen.attr("value").await.unwrap().as_deref(), Some("F83004"));
        assert_no_axe_violations(&client, "embedded GP practice").await;
        continue_on(&client).await;
        wait_for_h1(&client, "Do you have any of these long-term conditions?").await;
        click(&client, "#conditions-none").await;
        continue_on(&client).await;
        for (instrument, items) in [("phq9", 9), ("gad7", 7)] {
            for item in 1..=items {
                click(&client, &format!("#{instrument}-{item}")).await;
                continue_on(&client).await;
            }
        }
        wait_for_h1(&client, "Your answers").await;
        refer_from_results(&client).await;
        assert_no_axe_violations(&client, "embedded check answers").await;
        press_button(&client, "Confirm and send").await;
        wait_for_within(&client, ".th-reference", Duration::from_secs(30)).await;
        wait_for_h1(&client, "Referral sent").await;
        assert_no_axe_violations(&client, "embedded sent").await;
        leave_form(&client).await;
        let events = events_heard(&client).await;
        assert_eq!(
            events,
            json!(["talking-health:started", "talking-health:completed"])
        );
        let heard = client
            .execute("return window.__heard;", vec![])
            .await
            .unwrap();
        let heard = heard.as_array().unwrap();
        assert!(!heard.is_empty(), "the page heard nothing");
        for message in heard {
            assert_eq!(message["origin"], json!(service), "{message}");
            let data = &message["data"];
            let keys: Vec<&str> = data.as_object().unwrap().keys().map(|k| k.as_str()).collect();
            match data["type"].as_str().unwrap() {
                "talking-health:height" => {
                    assert_eq!(keys, ["height", "type"], "{message}");
                    assert!(data["height"].as_f64().unwrap() > 0.0, "{message}");
                }
                "talking-health:event" => {
                    assert_eq!(keys, ["name", "type"], "{message}");
                    assert!(
                        ["started", "completed"].contains(&data["name"].as_str().unwrap()),
                        "{message}"
                    );
                }
                other => panic!("the page heard {other}: {message}"),
            }
        }
    })
    .await;

    let stored = sites.service.stored().await;
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(
        stored[0]["channel"],
        json!({ "kind": "embed", "practice_ods": "F83004" })
    );
    assert_eq!(stored[0]["person"]["gp_practice"]["ods"], json!("F83004"));
    assert_eq!(
        stored[0]["config_version"],
        json!("example-embed-2026-11-23")
    );
}

#[tokio::test]
async fn the_frame_grows_and_shrinks_with_its_content() {
    let sites = sites().await;
    let url = sites.embed_on(&sites.practice, "F83004");
    with_browser(PHONE.width, PHONE.height, |client| async move {
        client.goto(&url).await.unwrap();
        enter_form(&client).await;
        wait_for(&client, START_BUTTON).await;
        let start = fitted_height(&client).await;
        e2e::steps::start(&client).await;
        let date_of_birth = fitted_height(&client).await;
        assert!(
            date_of_birth < start,
            "the shorter date of birth page ({date_of_birth}px) should shrink the frame from {start}px"
        );
        // Continue with nothing entered: an error summary and messages appear.
        continue_on(&client).await;
        wait_for(&client, ".th-error-summary").await;
        let with_errors = fitted_height(&client).await;
        assert!(
            with_errors > date_of_birth,
            "the errors should grow the frame from {date_of_birth}px, it is {with_errors}px"
        );
        // No inner scroll bar: the whole form shows in the page.
        let inner = number(
            &client,
            "return document.documentElement.scrollHeight - window.innerHeight;",
        )
        .await;
        assert!(inner <= 1.0, "the frame scrolls by {inner}px");
    })
    .await;
}

#[tokio::test]
async fn an_unlisted_ods_code_is_refused_by_name_and_nothing_can_be_sent() {
    let sites = sites().await;
    let url = sites.embed_on(&sites.practice, "F99999");
    with_browser(PHONE.width, PHONE.height, |client| async move {
        client.goto(&url).await.unwrap();
        enter_form(&client).await;
        let text = refusal_text(&client).await;
        assert!(
            text.contains("F99999 is not one of the GP practices this service covers"),
            "{text}"
        );
        assert!(
            text.contains("call Anytown Talking Therapies on 0300 123 4567"),
            "{text}"
        );
        let controls = client
            .execute(
                "return document.querySelectorAll('button, input, form').length;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(controls, json!(0), "the refusal page has controls");
        assert_no_axe_violations(&client, "embedded refusal").await;
    })
    .await;
    assert!(sites.service.received().is_empty());
}

#[tokio::test]
async fn a_website_not_listed_for_the_practice_it_names_is_refused() {
    // Hilltop's website may embed the form, but only as Hilltop.
    let sites = sites().await;
    let url = sites.embed_on(&sites.other, "F83004");
    let other = sites.other.origin().to_owned();
    with_browser(PHONE.width, PHONE.height, |client| async move {
        client.goto(&url).await.unwrap();
        enter_form(&client).await;
        let text = refusal_text(&client).await;
        assert!(
            text.contains(&format!(
                "F83004 has not asked the service to allow the form on {other}"
            )),
            "{text}"
        );
    })
    .await;
    assert!(sites.service.received().is_empty());
}

/// Listens, on the practice's page, for the form's "started" and
/// "completed" events (`window.__events`).
async fn record_events(client: &Client) {
    client
        .execute(
            "window.__events = [];
             for (const name of ['talking-health:started', 'talking-health:completed'])
                 document.addEventListener(name, () => window.__events.push(name));",
            vec![],
        )
        .await
        .unwrap();
}

/// The events [`record_events`] has heard, in order.
async fn events_heard(client: &Client) -> Value {
    client
        .execute("return window.__events;", vec![])
        .await
        .unwrap()
}

/// In the frame on a slow connection: the start page the build wrote shows
/// before the widget's code arrives, and Start there puts the plain-HTML
/// date-of-birth page in its place.
async fn start_in_the_frame_before_the_widget(client: &Client, url: &str) {
    client.goto(url).await.unwrap();
    wait_for(client, "iframe").await;
    record_events(client).await;
    enter_form(client).await;
    wait_for(client, PLAIN_START).await;
    // The practice's page sizes the frame to the start page: no inner
    // scroll bar while the widget's code comes.
    assert!(fitted_height(client).await > 640.0);
    assert!(!widget_ready(client).await);
    assert_no_axe_violations(client, "embedded plain-HTML start page").await;
    screenshot(client, "embedded-static-start").await;
    click(client, PLAIN_START).await;
    wait_for_plain_h1(client, DATE_OF_BIRTH).await;
    assert!(
        !widget_ready(client).await,
        "the press came before the widget"
    );
}

#[tokio::test]
async fn in_a_listed_practices_frame_an_answer_begun_before_the_widget_arrives_is_kept() {
    let sites = sites().await;
    sites.service.delay_wasm(Duration::from_secs(4));
    let url = sites.embed_on(&sites.practice, "F83004");
    with_browser(PHONE.width, PHONE.height, |client| async move {
        start_in_the_frame_before_the_widget(&client, &url).await;
        assert_no_axe_violations(&client, "embedded plain-HTML date of birth").await;
        screenshot(&client, "embedded-static-date-of-birth").await;
        type_adult_date_of_birth(&client).await;
        wait_for_widget(&client).await;
        assert_eq!(date_typed(&client).await, ["7", "3", "1980"]);
        continue_on(&client).await;
        let chosen = wait_for(&client, "#gp_practice").await;
        assert_eq!(
            chosen.attr("value").await.unwrap().as_deref(),
            Some("F83004")
        );
        assert_eq!(
            chosen.prop("checked").await.unwrap().as_deref(),
            Some("true")
        );
        // The frame is sized to the widget's page, and the practice's page
        // heard that a referral was started.
        fitted_height(&client).await;
        leave_form(&client).await;
        let events = events_heard(&client).await;
        assert_eq!(events, json!(["talking-health:started"]));
    })
    .await;
    assert!(sites.service.received().is_empty());
}

#[tokio::test]
async fn on_a_website_not_listed_an_answer_begun_before_the_widget_arrives_goes_no_further() {
    let sites = sites().await;
    // Long enough for three fields and a Continue on a busy machine.
    sites.service.delay_wasm(Duration::from_secs(6));
    // Hilltop's website may embed the form, but only as Hilltop.
    let url = sites.embed_on(&sites.other, "F83004");
    with_browser(PHONE.width, PHONE.height, |client| async move {
        start_in_the_frame_before_the_widget(&client, &url).await;
        type_adult_date_of_birth(&client).await;
        continue_on(&client).await;
        let text = refusal_text(&client).await;
        assert!(
            text.contains("has not asked the service to allow the form"),
            "{text}"
        );
        let controls = client
            .execute(
                "return document.querySelectorAll('button, input, form, template').length;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(controls, json!(0), "what was typed is gone with its page");
        leave_form(&client).await;
        let events = events_heard(&client).await;
        assert_eq!(events, json!([]), "the practice's page heard nothing");
    })
    .await;
    assert!(sites.service.received().is_empty());
}

#[tokio::test]
async fn a_practice_named_by_another_frame_on_the_page_is_ignored() {
    // The practice's page frames the form without embed.js, so only the
    // advert's forged messages (from Hilltop's origin, naming Hilltop) arrive.
    let sites = sites().await;
    let bare = format!(
        r#"<iframe src="{}/embed.html" title="Refer yourself for talking therapies"></iframe>"#,
        sites.service.origin()
    );
    sites
        .practice
        .set_page("/", page_with_forger(&sites.other, &bare));
    let url = sites.practice.url("/");
    with_browser(PHONE.width, PHONE.height, |client| async move {
        client.goto(&url).await.unwrap();
        enter_form(&client).await;
        let text = refusal_text(&client).await;
        assert!(
            text.contains("did not say which GP practice it belongs to"),
            "{text}"
        );
    })
    .await;
}

#[tokio::test]
async fn embed_js_ignores_a_height_sent_by_another_frame() {
    let sites = sites().await;
    let widget = snippet(&sites.service, "F83004");
    sites
        .practice
        .set_page("/", page_with_forger(&sites.other, &widget));
    let url = sites.practice.url("/");
    with_browser(PHONE.width, PHONE.height, |client| async move {
        client.goto(&url).await.unwrap();
        enter_form(&client).await;
        wait_for(&client, START_BUTTON).await;
        fitted_height(&client).await;
        leave_form(&client).await;
        // The advert has been posting 4321 every 100 ms all along.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let height = frame_height(&client).await;
        assert!(height < 4000.0, "the forged height was used: {height}px");
        enter_form(&client).await;
        let fitted = fitted_height(&client).await;
        assert!((fitted - height).abs() <= 1.0, "{fitted} vs {height}");
    })
    .await;
}

#[tokio::test]
async fn the_embed_page_opened_on_its_own_says_it_must_be_in_a_practice_page() {
    let sites = sites().await;
    let url = format!("{}/embed.html", sites.service.origin());
    with_browser(PHONE.width, PHONE.height, |client| async move {
        client.goto(&url).await.unwrap();
        let text = refusal_text(&client).await;
        assert!(
            text.contains("only works inside a GP practice's website"),
            "{text}"
        );
    })
    .await;
}

#[tokio::test]
async fn the_self_referral_page_cannot_be_framed_by_any_website() {
    let sites = sites().await;
    let framed = format!(
        r#"<iframe src="{}/" title="Refer yourself for talking therapies"></iframe>"#,
        sites.service.origin()
    );
    sites.practice.set_page(
        "/",
        host_file(
            "index.html",
            &[("service", &sites.service.origin()), ("widget", &framed)],
        ),
    );
    let url = sites.practice.url("/");
    with_browser(PHONE.width, PHONE.height, |client| async move {
        client.goto(&url).await.unwrap();
        enter_form(&client).await;
        // Give the frame time to load if it were allowed to.
        tokio::time::sleep(Duration::from_secs(2)).await;
        let widget = client
            .execute(
                "return document.getElementById('talking-health') !== null;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(
            widget,
            Value::Bool(false),
            "the self-referral page loaded in a frame"
        );
    })
    .await;
}

#[tokio::test]
async fn the_embedding_guide_for_web_administrators_is_accessible() {
    let server = TestServer::start().await;
    let url = format!("{}public/embedding.html", server.url());
    with_browser(PHONE.width, PHONE.height, |client| async move {
        client.goto(&url).await.unwrap();
        wait_for_h1(&client, "Put the referral form on a GP practice's website").await;
        let text = page_text(&client).await;
        assert!(text.contains("data-practice=\"F83004\""), "{text}");
        assert_no_axe_violations(&client, "embedding guide").await;
        screenshot(&client, "embedding-guide").await;
    })
    .await;
}
