//! Component tests in headless Chromium (wasm-bindgen-test): the widget mounts,
//! shows the service from its configuration, and never shows a blank page when
//! the configuration is missing or bad.
#![cfg(target_arch = "wasm32")]

use leptos::{mount::mount_to, prelude::*, task::tick};
use screening::{Catalogue, ServiceConfig};
use talking_health::app::App;
use talking_health::config_source::ConfigSource;
use talking_health::screens::StartPage;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const EXAMPLE_CONFIG: &str = include_str!("../public/config.json");

/// A fresh element in the test page to mount into.
fn container() -> web_sys::HtmlElement {
    let document = document();
    let element = document.create_element("section").unwrap();
    document.body().unwrap().append_child(&element).unwrap();
    element.unchecked_into()
}

/// Waits, yielding to the browser, until `selector` matches inside `root`.
async fn wait_for(root: &web_sys::HtmlElement, selector: &str) -> web_sys::Element {
    for _ in 0..200 {
        if let Some(found) = root.query_selector(selector).unwrap() {
            return found;
        }
        tick().await;
        let pause = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(pause).await.unwrap();
    }
    panic!("{selector} never appeared in: {}", root.inner_html());
}

#[wasm_bindgen_test]
fn the_start_page_shows_the_services_name_as_its_heading() {
    let config = ServiceConfig::from_json(EXAMPLE_CONFIG, &Catalogue::load().unwrap()).unwrap();
    let root = container();
    let _mounted = mount_to(root.clone(), move || view! { <StartPage config/> });
    let heading = root.query_selector("h1").unwrap().unwrap();
    assert_eq!(heading.text_content().unwrap(), "Anytown Talking Therapies");
}

#[wasm_bindgen_test]
async fn a_page_without_data_config_shows_the_admin_what_to_add() {
    let root = container();
    let source = ConfigSource::from_mount_element(&root);
    let _mounted = mount_to(root.clone(), move || view! { <App source/> });
    let alert = wait_for(&root, "[role=alert]").await;
    let text = alert.text_content().unwrap();
    assert!(text.contains("not set up correctly"), "{text}");
    assert!(text.contains("data-config"), "{text}");
}

#[wasm_bindgen_test]
async fn a_configuration_on_another_site_is_refused() {
    let root = container();
    let source = ConfigSource::at("https://elsewhere.example/config.json");
    let _mounted = mount_to(root.clone(), move || view! { <App source/> });
    let text = wait_for(&root, "[role=alert]")
        .await
        .text_content()
        .unwrap();
    assert!(text.contains("not an address on another site"), "{text}");
}

#[wasm_bindgen_test]
async fn a_configuration_file_that_is_not_there_is_reported_with_its_path() {
    let root = container();
    let source = ConfigSource::at("no-such-config.json");
    let _mounted = mount_to(root.clone(), move || view! { <App source/> });
    let text = wait_for(&root, "[role=alert]")
        .await
        .text_content()
        .unwrap();
    assert!(
        text.contains("\"no-such-config.json\" could not be loaded"),
        "{text}"
    );
}
