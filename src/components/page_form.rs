//! A page's form: back link, error summary, the page's fields and a Continue
//! button. `novalidate` so that our messages show, not the browser's.

use super::back_link::BackLink;
use super::error_summary::{ErrorSummary, PageError};
use crate::context::use_locale;
use leptos::prelude::*;

#[component]
pub fn PageForm(
    #[prop(into)] errors: Signal<Vec<PageError>>,
    on_continue: Callback<()>,
    #[prop(optional, into)] button_label: Option<String>,
    #[prop(optional)] no_back_link: bool,
    children: Children,
) -> impl IntoView {
    let label = button_label.unwrap_or_else(|| use_locale().text("common.continue"));
    view! {
        {(!no_back_link).then(|| view! { <BackLink/> })}
        <form
            class="th-page"
            novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                on_continue.run(());
            }
        >
            <ErrorSummary errors/>
            {children()}
            <button class="th-button" type="submit">{label}</button>
        </form>
    }
}
