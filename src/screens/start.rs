//! The first page: which service this is.

use leptos::prelude::*;
use screening::ServiceConfig;

#[component]
pub fn StartPage(config: ServiceConfig) -> impl IntoView {
    view! {
        <div class="th-page">
            <h1 class="th-heading-l" tabindex="-1">{config.service.name.clone()}</h1>
            <p class="th-body">"Refer yourself for talking therapies."</p>
        </div>
    }
}
