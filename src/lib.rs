//! The Talking Health widget: a Leptos client-side app. Clinical rules live in
//! the `screening` crate; this crate only shows them and talks to the browser.

pub mod app;
pub mod clinic;
pub mod components;
pub mod config_source;
pub mod context;
pub mod embed;
pub mod flow;
pub mod journey;
pub mod locale;
pub mod outbox;
pub mod plain_pages;
pub mod screens;
pub mod start_text;
pub mod submission;
pub mod text;

use wasm_bindgen::JsCast;

/// The id of the element the page gives the widget.
pub const MOUNT_ID: &str = "talking-health";

/// Replaces the page's loading placeholder with the widget.
pub fn mount() {
    let document = leptos::prelude::document();
    let Some(root) = document
        .get_element_by_id(MOUNT_ID)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        web_sys::console::error_1(
            &format!("Talking Health: no element with id \"{MOUNT_ID}\" on this page").into(),
        );
        return;
    };
    let source = config_source::ConfigSource::from_mount_element(&root);
    // A plain-HTML page showing stays until the widget takes it over (see
    // `plain_pages`); otherwise what is in the mount element (the loading and
    // no-script messages) goes.
    if !plain_pages::PlainPages.is_showing() {
        root.set_inner_html("");
    }
    leptos::mount::mount_to(root, move || leptos::view! { <app::App source/> }).forget();
}
