//! A single checkbox with its label, for use inside a fieldset.

use leptos::prelude::*;

#[component]
pub fn Checkbox(
    id: String,
    label: String,
    #[prop(into)] checked: Signal<bool>,
    on_toggle: Callback<bool>,
    /// Ids of the hint and error that describe this checkbox's group.
    #[prop(optional, into)]
    described_by: Option<Signal<Option<String>>>,
) -> impl IntoView {
    view! {
        <div class="th-checkboxes__item">
            <input
                class="th-checkboxes__input"
                id=id.clone()
                name=id.clone()
                type="checkbox"
                prop:checked=move || checked.get()
                aria-describedby=move || described_by.and_then(|d| d.get())
                on:change:target=move |ev| on_toggle.run(ev.target().checked())
            />
            <label class="th-label th-checkboxes__label" for=id>{label}</label>
        </div>
    }
}
