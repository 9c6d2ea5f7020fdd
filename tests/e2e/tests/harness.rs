//! Proves the harness itself works against the current release build: the
//! page loads, the audit can fail, the endpoint records, and no browser is
//! left running after a failing test.

use e2e::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Opens the widget and waits until it has replaced its loading message
/// with a screen that has an h1.
async fn open_widget(client: &Client, url: &str) {
    client.goto(url).await.expect("open the widget");
    wait_for(client, "#talking-health[data-ready] h1").await;
}

async fn start_page_loads_and_passes_axe(viewport: Viewport, name: &str) {
    let server = TestServer::start().await;
    let url = server.url();
    let service_name = server.config()["service"]["name"]
        .as_str()
        .expect("service.name in public/config.json")
        .to_owned();
    let name = name.to_owned();
    with_browser(viewport.width, viewport.height, |client| async move {
        open_widget(&client, &url).await;
        let h1 = h1_text(&client).await.expect("an h1");
        assert!(!h1.is_empty(), "the h1 is empty");
        // The start page names the service (the h1 or the text around it,
        // as the start page's wording evolves).
        assert!(
            page_text(&client).await.contains(&service_name),
            "the start page does not name {service_name:?}; {}",
            describe_page(&client).await
        );
        assert_eq!(html_lang(&client).await.as_deref(), Some("en-GB"));
        assert!(!title(&client).await.is_empty(), "document.title is empty");
        assert_no_axe_violations(&client, "start").await;
        let path = screenshot(&client, &name).await;
        let png = std::fs::read(&path).expect("read the screenshot back");
        assert!(
            png.starts_with(b"\x89PNG"),
            "{} is not a PNG",
            path.display()
        );
    })
    .await;
    assert!(server.received().is_empty(), "nothing is posted on load");
}

#[tokio::test]
async fn start_page_loads_on_a_phone() {
    start_page_loads_and_passes_axe(PHONE, "harness-start").await;
}

#[tokio::test]
async fn start_page_loads_on_a_tablet() {
    start_page_loads_and_passes_axe(TABLET, "harness-start").await;
}

#[tokio::test]
async fn viewport_is_exactly_the_requested_size() {
    let server = TestServer::start().await;
    let url = server.url();
    with_browser(PHONE.width, PHONE.height, |client| async move {
        open_widget(&client, &url).await;
        // clientWidth is the width the page lays out in: on a phone, with
        // overlay scrollbars, all of it, even on a page taller than the screen.
        let size = client
            .execute(
                "return [innerWidth, innerHeight, devicePixelRatio,
                         document.documentElement.clientWidth,
                         document.documentElement.scrollHeight > innerHeight];",
                vec![],
            )
            .await
            .expect("read the viewport");
        assert_eq!(
            size,
            json!([PHONE.width, PHONE.height, 1, PHONE.width, true])
        );
    })
    .await;
}

#[tokio::test]
async fn config_patch_reaches_the_widget() {
    let server =
        TestServer::start_with_config(json!({"service": {"name": "Elsewhere Talking Therapies"}}))
            .await;
    assert_eq!(server.config()["endpoint"], json!(server.endpoint()));
    // Only the patched field changes.
    assert_eq!(server.config()["service"]["phone"], json!("0300 123 4567"));
    let url = server.url();
    with_browser(PHONE.width, PHONE.height, |client| async move {
        open_widget(&client, &url).await;
        assert!(
            page_text(&client)
                .await
                .contains("Elsewhere Talking Therapies"),
            "the patched service name is not shown; {}",
            describe_page(&client).await
        );
    })
    .await;
}

/// The negative test: if the audit could not fail, every "no violations"
/// above would mean nothing.
#[tokio::test]
async fn axe_finds_an_image_without_alt_text() {
    let server = TestServer::start().await;
    let url = server.url();
    let violations = with_browser(PHONE.width, PHONE.height, |client| async move {
        open_widget(&client, &url).await;
        client
            .execute(
                "const img = document.createElement('img');
                 img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
                 img.id = 'broken-image';
                 document.querySelector('#talking-health').appendChild(img);",
                vec![],
            )
            .await
            .expect("inject an image without alt");
        axe_violations(&client).await
    })
    .await;
    let image_alt = violations
        .iter()
        .find(|v| v["id"] == "image-alt")
        .unwrap_or_else(|| {
            panic!(
                "axe missed the image without alt:\n{}",
                describe_violations(&violations)
            )
        });
    assert_eq!(image_alt["nodes"][0]["target"], json!(["#broken-image"]));
}

#[tokio::test]
#[should_panic(expected = "image-alt")]
async fn assert_no_axe_violations_fails_on_a_broken_page() {
    with_browser(PHONE.width, PHONE.height, |client| async move {
        client
            .goto("data:text/html,<html lang=en><title>Broken</title><main><h1>Broken</h1><img src=x.png></main></html>")
            .await
            .expect("open a broken page");
        assert_no_axe_violations(&client, "deliberately broken").await;
    })
    .await;
}

#[tokio::test]
async fn endpoint_records_a_post_from_the_page() {
    let server = TestServer::start().await;
    let url = server.url();
    let expected_endpoint = server.endpoint();
    let (endpoint, status, answer) = with_browser(PHONE.width, PHONE.height, |client| async move {
        open_widget(&client, &url).await;
        // Post as the widget would: to the endpoint the served config names.
        let result = client
            .execute(
                "return fetch('public/config.json')
                    .then(r => r.json())
                    .then(config => fetch(config.endpoint, {
                        method: 'POST',
                        headers: {'Content-Type': 'application/json'},
                        body: JSON.stringify(arguments[0]),
                    }).then(r => r.json().then(body => [config.endpoint, r.status, body])));",
                vec![json!({"phq9": [1, 2, 3], "name": "Test Person"})],
            )
            .await
            .expect("post from the page");
        serde_json::from_value::<(String, u16, Value)>(result).expect("endpoint, status, body")
    })
    .await;
    assert_eq!(endpoint, expected_endpoint, "config endpoint was rewritten");
    // The real endpoint refuses it (no Idempotency-Key, not a referral) and
    // stores nothing, but the harness has recorded it.
    assert_eq!(status, 400, "{answer}");
    assert!(
        answer["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{answer}"
    );
    assert_eq!(
        server.received(),
        vec![json!({"phq9": [1, 2, 3], "name": "Test Person"})]
    );
    assert!(server.stored_rows().await.is_empty());
    let request = &server.received_requests()[0];
    assert_eq!(request.headers["content-type"], "application/json");
    assert!(request.headers["user-agent"].contains("Chrome"));
}

#[tokio::test]
async fn endpoint_can_be_made_to_fail() {
    let server = TestServer::start().await;
    server.respond_with(503, json!({"error": "down for maintenance"}));
    let url = server.url();
    let endpoint = server.endpoint();
    let status = with_browser(PHONE.width, PHONE.height, |client| async move {
        client.goto(&url).await.expect("open the widget");
        client
            .execute(
                "return fetch(arguments[0], {method: 'POST', body: '{}'}).then(r => r.status);",
                vec![json!(endpoint)],
            )
            .await
            .expect("post from the page")
    })
    .await;
    assert_eq!(status, json!(503));
    assert_eq!(
        server.wait_for_received(1, Duration::from_secs(1)).await,
        vec![json!({})]
    );
}

#[tokio::test]
async fn release_build_is_served_with_the_right_content_types() {
    let server = TestServer::start().await;
    let url = server.url();
    let files: Vec<String> = std::fs::read_dir(dist_dir())
        .expect("list dist")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| {
            [".js", ".wasm", ".css", ".html"]
                .iter()
                .any(|x| n.ends_with(x))
        })
        .collect();
    assert!(
        files.iter().any(|f| f.ends_with("_bg.wasm")),
        "no wasm in {files:?}"
    );
    let types = with_browser(PHONE.width, PHONE.height, |client| async move {
        client.goto(&url).await.expect("open the widget");
        client
            .execute(
                "return Promise.all(arguments[0].map(f =>
                    fetch('/' + f).then(r => [f, r.status, r.headers.get('content-type')])));",
                vec![json!(files)],
            )
            .await
            .expect("fetch the built files")
    })
    .await;
    for entry in types.as_array().expect("array") {
        let (file, status, content_type): (String, u16, String) =
            serde_json::from_value(entry.clone()).expect("file, status, type");
        assert_eq!(status, 200, "{file}");
        let expected = match file.rsplit('.').next() {
            Some("wasm") => "application/wasm",
            Some("js") => "text/javascript",
            Some("css") => "text/css",
            _ => "text/html",
        };
        let media_type = content_type.split(';').next().unwrap_or_default().trim();
        assert_eq!(media_type, expected, "{file}: {content_type}");
    }
}

/// Waits briefly for the session's processes to go, then says which remain.
async fn leftovers(profile: &Path) -> Vec<u32> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let pids = processes_of(profile);
        if pids.is_empty() || Instant::now() > deadline {
            return pids;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Runs `body` in `with_browser`, expecting it to panic, and returns the
/// browser's profile folder (which marks its processes).
async fn profile_of_panicking_session<F, Fut>(body: F) -> PathBuf
where
    F: FnOnce(Client) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let profile = Arc::new(Mutex::new(None));
    let seen = profile.clone();
    let outcome = tokio::spawn(with_browser(
        PHONE.width,
        PHONE.height,
        |client| async move {
            let dir = profile_dir(&client).expect("chromedriver reports chrome.userDataDir");
            assert!(
                processes_of(&dir).len() >= 3,
                "chromedriver, Chromium and its helpers carry the marker"
            );
            *seen.lock().unwrap() = Some(dir);
            body(client).await;
        },
    ))
    .await;
    assert!(
        outcome.expect_err("the body panics").is_panic(),
        "with_browser passes the body's panic on"
    );
    let profile = profile.lock().unwrap().clone();
    profile.expect("the body recorded its profile")
}

#[tokio::test]
async fn no_chromium_is_left_after_a_panicking_test() {
    let profile = profile_of_panicking_session(|_client| async move {
        panic!("deliberate failure inside with_browser");
    })
    .await;
    assert_eq!(leftovers(&profile).await, Vec::<u32>::new(), "left running");
}

#[tokio::test]
async fn no_chromium_is_left_after_the_browser_is_killed() {
    let profile = profile_of_panicking_session(|client| async move {
        let profile = profile_dir(&client).unwrap();
        // Kill this session's browser process (Chromium without --type=,
        // not a renderer or helper), as a crash would.
        for pid in processes_of(&profile) {
            let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            let cmdline = String::from_utf8_lossy(&cmdline);
            if cmdline.contains("chromium") && !cmdline.contains("--type=") {
                // SAFETY: kill(2) touches no memory; the pid is this test's browser.
                unsafe { libc::kill(pid as i32, libc::SIGKILL) };
            }
        }
        client
            .goto("about:blank")
            .await
            .expect("the browser is gone, so this fails");
    })
    .await;
    assert_eq!(leftovers(&profile).await, Vec::<u32>::new(), "left running");
}

/// A small page with known focus order, for the keyboard helpers.
const KEYBOARD_PAGE: &str = r##"
    <h1>Keyboard</h1>
    <a href="#top">First link</a>
    <label for="name">Your name</label>
    <input id="name" name="name" type="text">
    <button id="go" type="button"
            onclick="this.dataset.clicks = Number(this.dataset.clicks || 0) + 1">Continue</button>
"##;

#[tokio::test]
async fn keyboard_helpers_follow_the_focus_order() {
    with_browser(PHONE.width, PHONE.height, |client| async move {
        client.goto("about:blank").await.expect("open a blank page");
        client
            .execute(
                "document.title = 'Keys'; document.body.innerHTML = arguments[0];",
                vec![json!(KEYBOARD_PAGE)],
            )
            .await
            .expect("write the page");
        assert_eq!(focused(&client).await.tag, "body", "nothing focused yet");

        press_tab(&client).await;
        assert_eq!(focused(&client).await.label, "First link");
        press_tab(&client).await;
        let field = focused(&client).await;
        assert_eq!(
            (field.tag.as_str(), field.id.as_str(), field.label.as_str()),
            ("input", "name", "Your name"),
            "{field}"
        );
        type_text(&client, "Ann O'Neill").await;
        let value = wait_for(&client, "#name").await.prop("value").await;
        assert_eq!(value.expect("read value"), Some("Ann O'Neill".to_owned()));

        press_with_shift(&client, Key::Tab).await;
        assert_eq!(focused(&client).await.label, "First link");
        press_tab(&client).await;
        press_tab(&client).await;
        assert_eq!(focused(&client).await.id, "go");
        press(&client, Key::Space).await;
        press(&client, Key::Enter).await;
        let clicks = wait_for(&client, "#go").await.attr("data-clicks").await;
        assert_eq!(
            clicks.expect("read clicks"),
            Some("2".to_owned()),
            "Space and Enter both press"
        );

        assert_eq!(h1_text(&client).await.as_deref(), Some("Keyboard"));
        assert_eq!(title(&client).await, "Keys");
        wait_for_h1(&client, "Keyboard").await;
    })
    .await;
}

#[tokio::test]
#[should_panic(
    expected = "no element matches `#missing` after 300ms; page about:blank titled \"Lost\", h1 Some(\"Where am I\")"
)]
async fn wait_for_says_where_the_test_was() {
    with_browser(PHONE.width, PHONE.height, |client| async move {
        client.goto("about:blank").await.expect("open a blank page");
        client
            .execute(
                "document.title = 'Lost'; document.body.innerHTML = '<h1>Where am I</h1>';",
                vec![],
            )
            .await
            .expect("write the page");
        wait_for_within(&client, "#missing", Duration::from_millis(300)).await;
    })
    .await;
}
