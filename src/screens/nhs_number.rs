//! "Do you know your NHS number?", then the number (clinical-reference.md §8-9).

use super::form::{continue_referral_page, error_for, yes_no_options, yes_no_value};
use crate::components::{PageForm, Radios, TextInput};
use crate::context::{use_journey, use_locale};
use crate::flow::Step;
use leptos::prelude::*;
use screening::FormField;

#[component]
pub fn NhsNumberPage(
    /// On clinic mode's shared tablet: the browser offers nothing typed before.
    shared_device: bool,
) -> impl IntoView {
    let locale = use_locale();
    let journey = use_journey();
    let errors = RwSignal::new(Vec::new());
    let (nhs_number, set_nhs_number) = journey.text_field(|f| &f.nhs_number, |f| &mut f.nhs_number);
    let knows = move || {
        journey
            .answers
            .with(|a| a.form.knows_nhs_number == Some(true))
    };
    let label = locale.text("nhs_number.label");
    view! {
        <PageForm errors on_continue=continue_referral_page(Step::NhsNumber, errors)>
            <Radios
                id="knows_nhs_number".to_owned()
                legend=locale.text("nhs_number.heading")
                is_page_heading=true
                hint=locale.text("nhs_number.hint")
                options=yes_no_options(&locale)
                selected=Signal::derive(move || journey.answers.with(|a| yes_no_value(a.form.knows_nhs_number)))
                on_select=Callback::new(move |v: String| journey.answers.update(|a| a.form.knows_nhs_number = Some(v == "yes")))
                error=error_for(errors, FormField::KnowsNhsNumber)
            />
            <Show when=knows>
                <TextInput
                    id="nhs_number".to_owned()
                    label=label.clone()
                    value=nhs_number
                    on_input=set_nhs_number
                    error=error_for(errors, FormField::NhsNumber)
                    inputmode="numeric"
                    width="th-input--width-10"
                    spellcheck_off=true
                    shared_device
                />
            </Show>
        </PageForm>
    }
}
