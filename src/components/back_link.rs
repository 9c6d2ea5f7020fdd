//! "Back": the same as the browser's back button, so both keep answers.

use crate::context::use_locale;
use leptos::prelude::*;

#[component]
pub fn BackLink() -> impl IntoView {
    let label = use_locale().text("common.back");
    view! {
        <a
            class="th-back-link"
            href="#"
            on:click=move |ev| {
                ev.prevent_default();
                if let Ok(history) = window().history() {
                    let _ = history.back();
                }
            }
        >
            {label}
        </a>
    }
}
