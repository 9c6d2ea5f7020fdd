//! Best time to call, and free text that is not read straight away (§8).

use super::form::{continue_referral_page, error_for};
use crate::components::{ErrorMessage, PageForm, RadioOption, Radios, described_by};
use crate::context::{use_config, use_journey, use_locale};
use crate::flow::Step;
use leptos::prelude::*;
use screening::FormField;
use screening::config::{ConfigurableField, FieldRule};
use screening::referral::BestTimeToCall;

/// The locale key of a time option (its value is the payload's name).
fn time_key(time: BestTimeToCall) -> &'static str {
    match time {
        BestTimeToCall::Morning => "best_time.morning",
        BestTimeToCall::Afternoon => "best_time.afternoon",
        BestTimeToCall::Evening => "best_time.evening",
        BestTimeToCall::AnyTime => "best_time.any_time",
    }
}

#[component]
pub fn AnythingElsePage(
    /// On clinic mode's shared tablet: the browser offers nothing typed before.
    shared_device: bool,
) -> impl IntoView {
    let locale = use_locale();
    let config = use_config();
    let journey = use_journey();
    let errors = RwSignal::new(Vec::new());
    let shown = |f| config.fields.rule(f) != FieldRule::Hidden;
    let (ask_time, ask_text) = (
        shown(ConfigurableField::BestTimeToCall),
        shown(ConfigurableField::AnythingElse),
    );
    let times = BestTimeToCall::ALL
        .iter()
        .map(|t| RadioOption::new(t.name(), locale.text(time_key(*t))))
        .collect();
    let text_error = error_for(errors, FormField::AnythingElse);
    view! {
        <PageForm errors on_continue=continue_referral_page(Step::AnythingElse, errors)>
            <h1 class="th-heading-l" tabindex="-1">{locale.text("anything_else.heading")}</h1>
            {ask_time.then(|| view! {
                <Radios
                    id="best_time_to_call".to_owned()
                    legend=locale.text("anything_else.best_time")
                    options=times
                    selected=Signal::derive(move || journey.answers.with(|a| a.form.best_time_to_call.map(|t| t.name().to_owned())))
                    on_select=Callback::new(move |v: String| {
                        let chosen = BestTimeToCall::ALL.into_iter().find(|t| t.name() == v);
                        journey.answers.update(|a| a.form.best_time_to_call = chosen)
                    })
                    error=error_for(errors, FormField::BestTimeToCall)
                />
            })}
            {ask_text.then(|| view! {
                <div class="th-form-group" class:th-form-group--error=move || text_error.read().is_some()>
                    <label class="th-label" for="anything_else">{locale.text("anything_else.text")}</label>
                    <div class="th-hint" id="anything_else-hint">{locale.text("anything_else.hint")}</div>
                    {move || text_error.get().map(|message| view! { <ErrorMessage id="anything_else".to_owned() message/> })}
                    <textarea
                        class="th-textarea"
                        id="anything_else"
                        name="anything_else"
                        rows="5"
                        autocomplete=shared_device.then_some("off")
                        aria-describedby=move || described_by("anything_else", true, text_error.read().is_some())
                        prop:value=move || journey.answers.with(|a| a.form.anything_else.clone())
                        on:input:target=move |ev| journey.answers.update(|a| a.form.anything_else = ev.target().value())
                    ></textarea>
                </div>
            })}
        </PageForm>
    }
}
