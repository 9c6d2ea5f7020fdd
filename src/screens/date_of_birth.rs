//! "What is your date of birth?": the age check comes first (clinical-reference.md §7).

use super::form::{continue_referral_page, error_for};
use crate::components::date_input::DatePart;
use crate::components::{DateInput, PageForm};
use crate::context::{use_journey, use_locale};
use crate::flow::Step;
use crate::start_text::DateOfBirthText;
use leptos::prelude::*;
use screening::FormField;

#[component]
pub fn DateOfBirthPage(
    /// On clinic mode's shared tablet: the browser offers nothing typed before.
    shared_device: bool,
) -> impl IntoView {
    // The same words as index.html's plain-HTML copy of this page.
    let DateOfBirthText {
        heading,
        hint,
        labels,
        button,
        ..
    } = DateOfBirthText::new(&use_locale());
    let journey = use_journey();
    let errors = RwSignal::new(Vec::new());
    let values = Signal::derive(move || {
        journey.answers.with(|a| {
            [
                a.form.dob_day.clone(),
                a.form.dob_month.clone(),
                a.form.dob_year.clone(),
            ]
        })
    });
    let on_input = Callback::new(move |(part, value): (DatePart, String)| {
        journey.answers.update(|a| match part {
            DatePart::Day => a.form.dob_day = value,
            DatePart::Month => a.form.dob_month = value,
            DatePart::Year => a.form.dob_year = value,
        })
    });
    view! {
        <PageForm errors on_continue=continue_referral_page(Step::DateOfBirth, errors) button_label=button>
            <DateInput
                id=DateOfBirthText::FIELD_ID.to_owned()
                legend=heading
                is_page_heading=true
                hint
                labels
                values
                on_input
                error=error_for(errors, FormField::DateOfBirth)
                shared_device
            />
        </PageForm>
    }
}
