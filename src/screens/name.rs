//! "What is your name?"

use super::{continue_referral_page, error_for};
use crate::app::{use_config, use_journey, use_locale};
use crate::components::{PageForm, TextInput};
use crate::flow::Step;
use leptos::prelude::*;
use screening::FormField;
use screening::config::{ConfigurableField, FieldRule};

#[component]
pub fn NamePage() -> impl IntoView {
    let locale = use_locale();
    let journey = use_journey();
    let errors = RwSignal::new(Vec::new());
    let ask_preferred =
        use_config().fields.rule(ConfigurableField::PreferredName) != FieldRule::Hidden;
    let optional = format!(" {}", locale.text("common.optional"));
    view! {
        <PageForm errors on_continue=continue_referral_page(Step::Name, errors)>
            <h1 class="th-heading-l" tabindex="-1">{locale.text("name.heading")}</h1>
            <TextInput
                id="first_name".to_owned()
                label=locale.text("name.first")
                value=Signal::derive(move || journey.answers.with(|a| a.form.first_name.clone()))
                on_input=Callback::new(move |v| journey.answers.update(|a| a.form.first_name = v))
                error=error_for(errors, FormField::FirstName)
                autocomplete="given-name"
                spellcheck_off=true
            />
            <TextInput
                id="last_name".to_owned()
                label=locale.text("name.last")
                value=Signal::derive(move || journey.answers.with(|a| a.form.last_name.clone()))
                on_input=Callback::new(move |v| journey.answers.update(|a| a.form.last_name = v))
                error=error_for(errors, FormField::LastName)
                autocomplete="family-name"
                spellcheck_off=true
            />
            {ask_preferred.then(|| view! {
                <TextInput
                    id="preferred_name".to_owned()
                    label=format!("{}{optional}", locale.text("name.preferred"))
                    value=Signal::derive(move || journey.answers.with(|a| a.form.preferred_name.clone()))
                    on_input=Callback::new(move |v| journey.answers.update(|a| a.form.preferred_name = v))
                    error=error_for(errors, FormField::PreferredName)
                    autocomplete="nickname"
                    spellcheck_off=true
                />
            })}
        </PageForm>
    }
}
