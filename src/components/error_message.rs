//! An inline error message under a field's label.

use crate::context::use_locale;
use leptos::prelude::*;

#[component]
pub fn ErrorMessage(
    /// The field's id; the message's id is `{id}-error`.
    id: String,
    message: String,
) -> impl IntoView {
    let prefix = use_locale().text("common.error_prefix");
    view! {
        <span class="th-error-message" id=format!("{id}-error")>
            <span class="th-u-visually-hidden">{prefix} " "</span>
            {message}
        </span>
    }
}
