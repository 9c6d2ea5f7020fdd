//! Consent to contact (always required) and to informing the GP (§8).

use super::form::{continue_referral_page, error_for};
use crate::components::{Checkbox, ErrorMessage, PageForm};
use crate::context::{use_config, use_journey, use_locale};
use crate::flow::Step;
use leptos::prelude::*;
use screening::FormField;
use screening::config::{ConfigurableField, FieldRule};

#[component]
pub fn ConsentPage() -> impl IntoView {
    let locale = use_locale();
    let config = use_config();
    let journey = use_journey();
    let errors = RwSignal::new(Vec::new());
    let service = config.service.name.clone();
    let ask_gp = config.fields.rule(ConfigurableField::GpConsent) != FieldRule::Hidden;
    let contact_error = error_for(errors, FormField::ConsentContact);
    let gp_error = error_for(errors, FormField::ConsentGp);
    view! {
        <PageForm errors on_continue=continue_referral_page(Step::Consent, errors)>
            <h1 class="th-heading-l" tabindex="-1">{locale.text("consent.heading")}</h1>
            <div class="th-form-group" class:th-form-group--error=move || contact_error.read().is_some()>
                {move || contact_error.get().map(|message| view! { <ErrorMessage id="consent_contact".to_owned() message/> })}
                <div class="th-checkboxes">
                    <Checkbox
                        id="consent_contact".to_owned()
                        label=locale.text_with("consent.contact", &[("service", &service)])
                        checked=Signal::derive(move || journey.answers.with(|a| a.form.consent_contact))
                        on_toggle=Callback::new(move |on| journey.answers.update(|a| a.form.consent_contact = on))
                        described_by=Signal::derive(move || contact_error.read().is_some().then(|| "consent_contact-error".to_owned()))
                    />
                </div>
            </div>
            {ask_gp.then(|| view! {
                <div class="th-form-group" class:th-form-group--error=move || gp_error.read().is_some()>
                    {move || gp_error.get().map(|message| view! { <ErrorMessage id="consent_gp".to_owned() message/> })}
                    <div class="th-checkboxes">
                        <Checkbox
                            id="consent_gp".to_owned()
                            label=locale.text_with("consent.gp", &[("service", &service)])
                            checked=Signal::derive(move || journey.answers.with(|a| a.form.consent_gp))
                            on_toggle=Callback::new(move |on| journey.answers.update(|a| a.form.consent_gp = on))
                            described_by=Signal::derive(move || gp_error.read().is_some().then(|| "consent_gp-error".to_owned()))
                        />
                    </div>
                </div>
            })}
        </PageForm>
    }
}
