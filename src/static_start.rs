//! index.html's start page in plain HTML: readable, and its Start button
//! pressable, before the widget's code has arrived on a slow connection (the
//! page's loader keeps a press as `data-started` on the mount element).
//!
//! The build writes that page from the same configuration it writes into
//! the page (`data-config-json`), so the widget keeps it where it is and only
//! answers its Start button: nothing is drawn twice. A page that fetches its
//! configuration instead (`data-config`) may show another, so there the
//! widget removes it and draws its own.

use leptos::ev;
use leptos::prelude::{WindowListenerHandle, window_event_listener};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// The plain-HTML start page among the mount element's children. Holds
/// nothing itself: it looks in the page each time.
#[derive(Debug, Clone, Copy)]
pub struct StaticStart;

impl StaticStart {
    /// The mount element. Only index.html has a plain-HTML start page (the
    /// build writes a loading message into embed.html and clinic.html), so
    /// their builds leave this code out.
    fn root() -> Option<HtmlElement> {
        if cfg!(any(feature = "embed", feature = "clinic")) {
            return None;
        }
        leptos::prelude::document()
            .get_element_by_id(crate::MOUNT_ID)?
            .dyn_into()
            .ok()
    }

    fn child(selector: &str) -> Option<Element> {
        Self::root()?.query_selector(selector).ok().flatten()
    }

    fn page() -> Option<Element> {
        Self::child(":scope > .th-page")
    }

    /// Whether the plain-HTML page is showing.
    pub fn is_showing(&self) -> bool {
        Self::page().is_some()
    }

    /// Whether its Start button was pressed before the widget arrived.
    pub fn was_started(&self) -> bool {
        Self::root().is_some_and(|root| root.dataset().get("started").is_some())
    }

    /// Runs `start` when its Start button is pressed, until the returned
    /// handle is removed. (A listener on the window, as the journey's own
    /// are, rather than one more kind of closure in the wasm.)
    pub fn on_start(&self, start: impl Fn() + 'static) -> WindowListenerHandle {
        window_event_listener(ev::click, move |event| {
            let pressed = event
                .target()
                .and_then(|target| target.dyn_into::<Element>().ok())
                .and_then(|target| target.closest(".th-button--start").ok().flatten())
                .zip(Self::page())
                .is_some_and(|(button, page)| page.contains(Some(&button)));
            if pressed {
                start();
            }
        })
    }

    /// Removes the page, once the journey has left it.
    pub fn remove(&self) {
        if let Some(page) = Self::page() {
            page.remove();
        }
    }

    fn logo() -> Option<Element> {
        Self::child(":scope > .th-service-header")
    }

    /// Whether the plain-HTML page's logo is above it. It stays there for
    /// every page once the widget has kept the page.
    pub fn has_logo(&self) -> bool {
        Self::logo().is_some()
    }

    /// Removes the page and the logo above it, for the widget to draw both
    /// from the configuration it fetched.
    pub fn hand_over(&self) {
        self.remove();
        if let Some(logo) = Self::logo() {
            logo.remove();
        }
    }
}
