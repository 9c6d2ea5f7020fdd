//! The pages a person sees before the widget's code has arrived on a slow
//! connection, in plain HTML that the build writes from the widget's own
//! words (crates/prerender), and how the widget takes them over.
//!
//! index.html opens on the start page, readable and its Start button
//! pressable at once, and so does embed.html in a practice's frame (whose
//! widget goes on past it only once the practice's page has answered its
//! handshake: `embed::gate`). A press puts the date-of-birth page after it
//! (kept in a `<template>` till then) in its place, so the person can answer
//! at once. clinic.html opens on the clinician's details, put in place of
//! its loading message as soon as the page's loader runs. The loader marks
//! a Continue pressed on any of these as `data-continued` on the mount
//! element.
//! When the widget arrives it takes over the page showing: what was typed
//! ([`PlainPages::take_over`]), what had focus and the Continue
//! ([`PlainPages::resume`]). A Start pressed after it has arrived is
//! answered the same way: the loader shows the plain-HTML date-of-birth
//! page at once, and the widget takes it over once it is on the screen
//! ([`PlainPages::on_start`]).
//!
//! The build writes these pages from the same configuration it writes into
//! the page (`data-config-json`), so the widget keeps the start page where
//! it is and only answers its Start button: nothing is drawn twice. A page
//! that fetches its configuration instead (`data-config`) has none of them
//! but a start page that may say something else, so there the widget
//! removes it and draws its own.

use leptos::prelude::{WindowListenerHandle, window_event_listener_untyped};
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

/// Where the person was on a plain-HTML page, for the widget's copy of it
/// once drawn.
struct Place {
    /// What had focus there, found again on the widget's page by this
    /// selector: `#id` for an input (the widget's have the same ids), else
    /// its tag (`h1`, `button`, `a`: one of each on the page).
    focus: Option<String>,
    /// Continue was pressed.
    continued: bool,
}

thread_local! {
    static PLACE: RefCell<Option<Place>> = const { RefCell::new(None) };
}

/// The plain-HTML pages among the mount element's children. Holds nothing
/// itself: it looks in the page each time.
#[derive(Debug, Clone, Copy)]
pub struct PlainPages;

impl PlainPages {
    /// The mount element.
    fn root() -> Option<HtmlElement> {
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

    /// The plain-HTML page the page's loader has put in place: the
    /// date-of-birth page, once Start has put it in the start page's place,
    /// or the clinician's details.
    fn next_page() -> Option<Element> {
        Self::child(":scope > .th-plain-page")
    }

    /// Whether a plain-HTML page is showing.
    pub fn is_showing(&self) -> bool {
        Self::page().is_some() || Self::next_page().is_some()
    }

    /// Whether a plain-HTML page to answer on is showing: on index.html and
    /// embed.html, Start was pressed before the widget arrived (and the
    /// person has not gone back to the start page); on clinic.html, always.
    pub fn was_started(&self) -> bool {
        Self::next_page().is_some()
    }

    /// Takes over the plain-HTML page showing, if one is: removes it (and the
    /// start page) and returns what was typed in the inputs `ids`. What had
    /// focus is kept for [`PlainPages::resume`].
    pub fn take_over<const N: usize>(&self, ids: [impl AsRef<str>; N]) -> Option<[String; N]> {
        let page = Self::next_page()?;
        let document = leptos::prelude::document();
        let typed = ids.map(|id| {
            document
                .get_element_by_id(id.as_ref())
                .and_then(|input| input.dyn_into::<HtmlInputElement>().ok())
                .map(|input| input.value())
                .unwrap_or_default()
        });
        let focus = document
            .active_element()
            .filter(|active| page.contains(Some(active)))
            .map(|active| match active.id() {
                id if id.is_empty() => active.tag_name().to_ascii_lowercase(),
                id => format!("#{id}"),
            });
        let continued = Self::root().is_some_and(|root| root.dataset().get("continued").is_some());
        PLACE.set(Some(Place { focus, continued }));
        self.remove();
        Some(typed)
    }

    /// On the widget's copy of the page taken over, as soon as it is in the
    /// page (in the task that drew it, so no key pressed meanwhile goes
    /// astray), puts the person back where they were on the plain-HTML one:
    /// focus on the same input (the caret after what they typed, as the
    /// widget has just written it), heading or button, and a Continue they
    /// pressed, pressed. Returns whether it moved focus (else the page's heading
    /// takes it, as on any new page).
    pub fn resume(&self) -> bool {
        let Some(place) = PLACE.take() else {
            return false;
        };
        let element = |found: Option<Element>| found.and_then(|e| e.dyn_into::<HtmlElement>().ok());
        let mut focused = false;
        if let Some(target) = element(place.focus.and_then(|selector| Self::child(&selector))) {
            focused = target.focus().is_ok();
        }
        if place.continued
            && let Some(button) = element(Self::child("form.th-page button[type=submit]"))
        {
            button.click();
            focused = true;
        }
        focused
    }

    /// Runs `start` when its Start button is pressed, until the returned
    /// handle is removed. The page's loader answers the press itself, with
    /// the date-of-birth page, and says so to the widget (this event) once
    /// that page is on the screen.
    pub fn on_start(&self, start: impl Fn() + 'static) -> WindowListenerHandle {
        window_event_listener_untyped("talking-health:start", move |_| start())
    }

    /// Removes the plain-HTML pages (and the template of one not shown yet),
    /// once the journey has left them.
    pub fn remove(&self) {
        let pages = [
            ":scope > .th-page",
            ":scope > .th-plain-page",
            ":scope > template",
        ];
        for page in pages.into_iter().filter_map(Self::child) {
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
