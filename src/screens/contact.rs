//! "How can we contact you?": a UK phone number, an email address, or both.

use super::form::{continue_referral_page, error_for};
use crate::components::{PageForm, TextInput};
use crate::context::{use_journey, use_locale};
use crate::flow::Step;
use leptos::prelude::*;
use screening::FormField;

#[component]
pub fn ContactPage(
    /// On clinic mode's shared tablet: the browser offers nothing typed before.
    shared_device: bool,
) -> impl IntoView {
    let locale = use_locale();
    let journey = use_journey();
    let errors = RwSignal::new(Vec::new());
    let (phone, set_phone) = journey.text_field(|f| &f.phone, |f| &mut f.phone);
    let (email, set_email) = journey.text_field(|f| &f.email, |f| &mut f.email);
    view! {
        <PageForm errors on_continue=continue_referral_page(Step::Contact, errors)>
            <h1 class="th-heading-l" tabindex="-1">{locale.text("contact.heading")}</h1>
            <p class="th-hint">{locale.text("contact.hint")}</p>
            <TextInput
                id="phone".to_owned()
                label=locale.text("contact.phone")
                value=phone
                on_input=set_phone
                error=error_for(errors, FormField::Phone)
                input_type="tel"
                autocomplete="tel"
                width="th-input--width-20"
                shared_device
            />
            <TextInput
                id="email".to_owned()
                label=locale.text("contact.email")
                value=email
                on_input=set_email
                error=error_for(errors, FormField::Email)
                input_type="email"
                autocomplete="email"
                spellcheck_off=true
                shared_device
            />
        </PageForm>
    }
}
