//! The root component: loads the configuration, then shows the journey or, if
//! the configuration is unusable, a page for the service's admin. Here the
//! app is assembled: the contexts (read through [`crate::context`]) are
//! provided and the pages mounted.

use crate::clinic::session::ClinicSession;
use crate::components::ServiceLogo;
use crate::config_source::ConfigSource;
use crate::journey::Journey;
use crate::locale::Locale;
use crate::plain_pages::PlainPages;
use crate::screens::{ConfigProblemPage, CurrentPage, go_past_start};
use leptos::prelude::*;
use screening::{Catalogue, Mode, ServiceConfig};
use std::sync::Arc;
use wasm_bindgen::JsCast;

#[component]
pub fn App(source: ConfigSource) -> impl IntoView {
    provide_context(Locale::for_language(
        &document()
            .document_element()
            .and_then(|e| e.get_attribute("lang"))
            .unwrap_or_default(),
    ));
    // A plain task and signal rather than Suspense: one load at start needs no
    // more, and it keeps the async machinery out of the wasm.
    let loaded = RwSignal::new(None);
    let plain_page_showing = PlainPages.is_showing();
    leptos::task::spawn_local(async move {
        let result = source.load().await;
        // Written by the build from this same configuration, the page stays
        // (see `StartPage`); from a fetched one it might say something else.
        if plain_page_showing && !(source.is_inline() && result.is_ok()) {
            PlainPages.hand_over();
        }
        // Shared, not copied, by the pages and embed mode's gate.
        loaded.set(Some(result.map(|(catalogue, config)| {
            (Arc::new(catalogue), Arc::new(config))
        })));
    });
    move || match loaded.get() {
        None if plain_page_showing => ().into_any(),
        None => view! { <p class="th-loading" role="status">"Loading…"</p> }.into_any(),
        Some(Ok((catalogue, config))) => {
            if config.mode == Mode::Embed {
                let gated = Arc::clone(&config);
                let journey = move || {
                    let (catalogue, config) = (Arc::clone(&catalogue), Arc::clone(&config));
                    view! { <Journeyed catalogue config/> }.into_any()
                };
                return crate::embed::gate(gated, journey);
            }
            view! { <Journeyed catalogue config/> }.into_any()
        }
        Some(Err(problem)) => view! { <ConfigProblemPage problem/> }.into_any(),
    }
}

/// The journey for a loaded configuration: provides the configuration,
/// catalogue and journey to every page.
#[component]
pub fn Journeyed(
    #[prop(into)] catalogue: Arc<Catalogue>,
    #[prop(into)] config: Arc<ServiceConfig>,
) -> impl IntoView {
    let journey = Journey::start(Arc::clone(&catalogue), Arc::clone(&config));
    // Only clinic.html's build has clinic mode: the patients' pages refuse a
    // clinic configuration, so they carry none of its code.
    let clinic = cfg!(feature = "clinic") && config.mode == Mode::Clinic;
    if !clinic && PlainPages.was_started() {
        // Start was pressed on the plain-HTML start page, and the person is
        // on the plain-HTML date-of-birth page after it: this journey goes
        // on from there (the page after Start, always), with what they typed.
        go_past_start(journey);
    }
    let branding = &config.branding;
    if let Some(root) = document().get_element_by_id(crate::MOUNT_ID) {
        // For tests and tools: the widget is working the page.
        let _ = root.set_attribute("data-ready", "");
        // On the mount element, so that the plain-HTML start page has the
        // service's colours too. Through the CSS object model, which a
        // strict Content-Security-Policy allows (an inline style attribute
        // it would block).
        if let Ok(root) = root.dyn_into::<web_sys::HtmlElement>() {
            let style = root.style();
            let _ = style.set_property("--th-brand", &branding.link.to_string());
            let _ = style.set_property("--th-button", &branding.button.to_string());
        }
    }
    // The plain-HTML page's logo stays, if it is there.
    let logo = branding.logo.clone().filter(|_| !PlainPages.has_logo());
    provide_context(config);
    provide_context(catalogue);
    provide_context(journey);
    if clinic {
        provide_context(ClinicSession::default());
    }
    crate::embed::follow(journey);
    view! {
        <div class:th-clinic=clinic>
            {logo.map(|logo| view! { <ServiceLogo logo/> })}
            {clinic.then(crate::clinic::bar)}
            <CurrentPage clinic/>
            {clinic.then(crate::clinic::inactivity_guard)}
        </div>
    }
}
