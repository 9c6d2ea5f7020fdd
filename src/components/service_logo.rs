//! The service's logo above every page, when its configuration names one
//! (checked in the domain: an image on the widget's own site, with alt text).

use leptos::prelude::*;
use screening::branding::Logo;

/// index.html's plain-HTML start page draws the same header for the example
/// configuration, so that the page does not jump when the widget takes over.
#[component]
pub fn ServiceLogo(logo: Logo) -> impl IntoView {
    view! {
        <header class="th-service-header">
            <img class="th-logo" src=logo.src alt=logo.alt/>
        </header>
    }
}
