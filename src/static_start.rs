//! index.html's start page in plain HTML: readable, and its Start button
//! pressable, before the widget's code has arrived on a slow connection.
//! A press puts the date-of-birth page after it, also in plain HTML (kept in
//! a `<template>` till then), in its place, so the person can answer at
//! once; the page's loader marks a Continue pressed there as
//! `data-continued` on the mount element. When the widget arrives it takes
//! over that page: what was typed, the input being typed in, and the
//! Continue ([`StaticStart::take_over`]).
//!
//! The build writes that page from the same configuration it writes into
//! the page (`data-config-json`), so the widget keeps it where it is and only
//! answers its Start button: nothing is drawn twice. A page that fetches its
//! configuration instead (`data-config`) may show another, so there the
//! widget removes it and draws its own.

use crate::start_text::DateOfBirthText;
use leptos::ev;
use leptos::prelude::{WindowListenerHandle, window_event_listener};
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

/// Where the person was on the plain-HTML date-of-birth page, for the
/// widget's copy of it once drawn.
struct Place {
    /// What had focus there, found again on the widget's page by this
    /// selector: `#id` for an input (the widget's have the same ids), else
    /// its tag (`h1`, `button`, `a`: one of each on the page).
    focus: Option<String>,
    /// Continue was pressed.
    continued: bool,
}

/// Only index.html has plain-HTML pages (the build writes a loading message
/// into embed.html and clinic.html), so their builds leave this code out.
const IN_THIS_BUILD: bool = !cfg!(any(feature = "embed", feature = "clinic"));

thread_local! {
    static PLACE: RefCell<Option<Place>> = const { RefCell::new(None) };
}

/// The plain-HTML start page among the mount element's children. Holds
/// nothing itself: it looks in the page each time.
#[derive(Debug, Clone, Copy)]
pub struct StaticStart;

impl StaticStart {
    /// The mount element, in a build whose page has plain-HTML pages.
    fn root() -> Option<HtmlElement> {
        if !IN_THIS_BUILD {
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

    /// The date-of-birth page after it, once Start has put it in the start
    /// page's place.
    fn next_page() -> Option<Element> {
        Self::child(":scope > .th-plain-next")
    }

    /// Whether a plain-HTML page is showing.
    pub fn is_showing(&self) -> bool {
        Self::page().is_some() || Self::next_page().is_some()
    }

    /// Whether its Start button was pressed before the widget arrived (and
    /// the person has not gone back to it).
    pub fn was_started(&self) -> bool {
        Self::next_page().is_some()
    }

    /// Takes over the plain-HTML date-of-birth page shown since Start was
    /// pressed: removes both pages and returns the day, month and year
    /// typed. Where the person was on it is kept for [`StaticStart::resume`].
    pub fn take_over(&self) -> Option<[String; 3]> {
        let page = Self::next_page()?;
        let document = leptos::prelude::document();
        let typed = ["day", "month", "year"].map(|part| {
            document
                .get_element_by_id(&format!("{}-{part}", DateOfBirthText::FIELD_ID))
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

    /// On the widget's date-of-birth page, as soon as it is in the page (in
    /// the task that drew it, so no key pressed meanwhile goes astray),
    /// puts the person back where they were on the plain-HTML one: focus on
    /// the same input (the caret after what they typed, as the widget has
    /// just written it), heading or button, and a Continue they pressed,
    /// pressed. Returns whether it moved focus (else the page's heading
    /// takes it, as on any new page).
    pub fn resume(&self) -> bool {
        let Some(place) = IN_THIS_BUILD.then(|| PLACE.take()).flatten() else {
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

    /// Removes the page, and the date-of-birth page after it (or its
    /// template), once the journey has left it.
    pub fn remove(&self) {
        let pages = [
            ":scope > .th-page",
            ":scope > .th-plain-next",
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
