//! "About you": gender and ethnic group, optional unless the service requires them.

use super::form::{continue_referral_page, error_for};
use crate::components::{PageForm, RadioOption, Radios};
use crate::context::{use_config, use_journey, use_locale};
use crate::flow::Step;
use leptos::prelude::*;
use screening::FormField;
use screening::config::{ConfigurableField, FieldRule};
use screening::referral::{EthnicCategory, Gender};

/// The locale key of a gender option (its value is the payload's name).
fn gender_key(gender: Gender) -> &'static str {
    match gender {
        Gender::Female => "gender.female",
        Gender::Male => "gender.male",
        Gender::NonBinary => "gender.non_binary",
        Gender::Other => "gender.other",
        Gender::PreferNotToSay => "gender.prefer_not_to_say",
    }
}

#[component]
pub fn AboutYouPage() -> impl IntoView {
    let locale = use_locale();
    let config = use_config();
    let journey = use_journey();
    let errors = RwSignal::new(Vec::new());
    let shown = |f| config.fields.rule(f) != FieldRule::Hidden;
    let (ask_gender, ask_ethnicity) = (
        shown(ConfigurableField::Gender),
        shown(ConfigurableField::Ethnicity),
    );
    let genders = Gender::ALL
        .iter()
        .map(|g| RadioOption::new(g.name(), locale.text(gender_key(*g))))
        .collect();
    let ethnicities = EthnicCategory::ALL
        .iter()
        .map(|e| RadioOption::new(e.code(), locale.text(&format!("ethnicity.{}", e.code()))))
        .collect();
    view! {
        <PageForm errors on_continue=continue_referral_page(Step::AboutYou, errors)>
            <h1 class="th-heading-l" tabindex="-1">{locale.text("about.heading")}</h1>
            <p class="th-hint">{locale.text("about.hint")}</p>
            {ask_gender.then(|| view! {
                <Radios
                    id="gender".to_owned()
                    legend=locale.text("about.gender")
                    options=genders
                    selected=Signal::derive(move || journey.answers.with(|a| a.form.gender.map(|g| g.name().to_owned())))
                    on_select=Callback::new(move |v: String| {
                        let chosen = Gender::ALL.into_iter().find(|g| g.name() == v);
                        journey.answers.update(|a| a.form.gender = chosen)
                    })
                    error=error_for(errors, FormField::Gender)
                />
            })}
            {ask_ethnicity.then(|| view! {
                <Radios
                    id="ethnicity".to_owned()
                    legend=locale.text("about.ethnicity")
                    options=ethnicities
                    selected=Signal::derive(move || journey.answers.with(|a| a.form.ethnicity.map(|e| e.code().to_owned())))
                    on_select=Callback::new(move |v: String| {
                        let chosen = EthnicCategory::ALL.into_iter().find(|e| e.code() == v);
                        journey.answers.update(|a| a.form.ethnicity = chosen)
                    })
                    error=error_for(errors, FormField::Ethnicity)
                />
            })}
        </PageForm>
    }
}
