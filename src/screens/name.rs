//! "What is your name?"

use super::form::{continue_referral_page, error_for};
use crate::components::{PageForm, TextInput};
use crate::context::{use_config, use_journey, use_locale};
use crate::flow::Step;
use leptos::prelude::*;
use screening::FormField;
use screening::config::{ConfigurableField, FieldRule};

#[component]
pub fn NamePage(
    /// On clinic mode's shared tablet: the browser offers nothing typed before.
    shared_device: bool,
) -> impl IntoView {
    let locale = use_locale();
    let journey = use_journey();
    let errors = RwSignal::new(Vec::new());
    let (first_name, set_first_name) = journey.text_field(|f| &f.first_name, |f| &mut f.first_name);
    let (last_name, set_last_name) = journey.text_field(|f| &f.last_name, |f| &mut f.last_name);
    let (preferred_name, set_preferred_name) =
        journey.text_field(|f| &f.preferred_name, |f| &mut f.preferred_name);
    let ask_preferred =
        use_config().fields.rule(ConfigurableField::PreferredName) != FieldRule::Hidden;
    let optional = format!(" {}", locale.text("common.optional"));
    view! {
        <PageForm errors on_continue=continue_referral_page(Step::Name, errors)>
            <h1 class="th-heading-l" tabindex="-1">{locale.text("name.heading")}</h1>
            <TextInput
                id="first_name".to_owned()
                label=locale.text("name.first")
                value=first_name
                on_input=set_first_name
                error=error_for(errors, FormField::FirstName)
                autocomplete="given-name"
                spellcheck_off=true
                shared_device
            />
            <TextInput
                id="last_name".to_owned()
                label=locale.text("name.last")
                value=last_name
                on_input=set_last_name
                error=error_for(errors, FormField::LastName)
                autocomplete="family-name"
                spellcheck_off=true
                shared_device
            />
            {ask_preferred.then(|| view! {
                <TextInput
                    id="preferred_name".to_owned()
                    label=format!("{}{optional}", locale.text("name.preferred"))
                    value=preferred_name
                    on_input=set_preferred_name
                    error=error_for(errors, FormField::PreferredName)
                    autocomplete="nickname"
                    spellcheck_off=true
                    shared_device
                />
            })}
        </PageForm>
    }
}
