//! "Can we leave you messages?": asked only when a phone number was given.

use super::form::{continue_referral_page, error_for, yes_no_options, yes_no_value};
use crate::components::{PageForm, Radios};
use crate::context::{use_journey, use_locale};
use crate::flow::Step;
use leptos::prelude::*;
use screening::FormField;

#[component]
pub fn MessagePermissionsPage() -> impl IntoView {
    let locale = use_locale();
    let journey = use_journey();
    let errors = RwSignal::new(Vec::new());
    view! {
        <PageForm errors on_continue=continue_referral_page(Step::MessagePermissions, errors)>
            <h1 class="th-heading-l" tabindex="-1">{locale.text("permissions.heading")}</h1>
            <Radios
                id="safe_to_leave_message".to_owned()
                legend=locale.text("permissions.message")
                options=yes_no_options(&locale)
                inline=true
                selected=Signal::derive(move || journey.answers.with(|a| yes_no_value(a.form.safe_to_leave_message)))
                on_select=Callback::new(move |v: String| journey.answers.update(|a| a.form.safe_to_leave_message = Some(v == "yes")))
                error=error_for(errors, FormField::SafeToLeaveMessage)
            />
            <Radios
                id="safe_to_text".to_owned()
                legend=locale.text("permissions.text")
                options=yes_no_options(&locale)
                inline=true
                selected=Signal::derive(move || journey.answers.with(|a| yes_no_value(a.form.safe_to_text)))
                on_select=Callback::new(move |v: String| journey.answers.update(|a| a.form.safe_to_text = Some(v == "yes")))
                error=error_for(errors, FormField::SafeToText)
            />
        </PageForm>
    }
}
