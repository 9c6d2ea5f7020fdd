//! "There is a problem": lists every error with a link to its field, and takes
//! focus when it appears so screen reader users hear it at once.

use crate::context::use_locale;
use leptos::{html, prelude::*};

/// One problem on the page: the id of the element to move to, and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageError {
    pub id: String,
    pub message: String,
}

#[component]
pub fn ErrorSummary(#[prop(into)] errors: Signal<Vec<PageError>>) -> impl IntoView {
    let title = use_locale().text("common.error_summary_title");
    let summary = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if !errors.read().is_empty()
            && let Some(element) = summary.get()
        {
            let _ = element.focus();
        }
    });
    view! {
        <Show when=move || !errors.read().is_empty()>
            <div class="th-error-summary" role="alert" aria-labelledby="th-error-summary-title" tabindex="-1" node_ref=summary>
                <h2 class="th-error-summary__title" id="th-error-summary-title">{title.clone()}</h2>
                <ul class="th-error-summary__list">
                    {move || {
                        errors
                            .get()
                            .into_iter()
                            .map(|error| {
                                let target = error.id.clone();
                                view! {
                                    <li>
                                        <a
                                            href=format!("#{}", error.id)
                                            on:click=move |ev| {
                                                ev.prevent_default();
                                                focus_field(&target);
                                            }
                                        >
                                            {error.message}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
        </Show>
    }
}

/// Moves focus to the field, without changing the page's URL.
fn focus_field(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(element) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
        element.scroll_into_view();
    }
}
