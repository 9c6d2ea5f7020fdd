//! "Do you have any of these long-term conditions?": chooses the Talking Health
//! screens to ask (clinical-reference.md §1-2).

use super::form::{continue_when_answered, error_at};
use crate::components::{Checkbox, ErrorMessage, PageError, PageForm, described_by};
use crate::context::{use_config, use_journey, use_locale};
use crate::flow::Step;
use leptos::prelude::*;
use screening::Condition;

fn label_key(condition: Condition) -> &'static str {
    match condition {
        Condition::Diabetes => "conditions.diabetes",
        Condition::Copd => "conditions.copd",
        Condition::Cardiac => "conditions.cardiac",
    }
}

#[component]
pub fn ConditionsPage(
    /// In clinic mode the nurse asks, about the patient.
    asked_by_nurse: bool,
) -> impl IntoView {
    let locale = use_locale();
    let config = use_config();
    let journey = use_journey();
    let errors = RwSignal::new(Vec::<PageError>::new());
    let chosen = move || journey.answers.with(|a| a.conditions.clone());
    let has_error = move || !errors.read().is_empty();
    let describe = Signal::derive(move || described_by("conditions", true, has_error()));
    let boxes = config
        .conditions
        .iter()
        .enumerate()
        .map(|(index, condition)| {
            let condition = *condition;
            let id = if index == 0 {
                "conditions".to_owned()
            } else {
                format!("conditions-{}", index + 1)
            };
            view! {
                <Checkbox
                    id
                    label=locale.text(label_key(condition))
                    checked=Signal::derive(move || chosen().is_some_and(|c| c.contains(&condition)))
                    described_by=describe
                    on_toggle=Callback::new(move |on: bool| {
                        journey.answers.update(|a| {
                            let mut list = a.conditions.take().unwrap_or_default();
                            list.retain(|c| *c != condition);
                            if on {
                                list.push(condition);
                            }
                            a.conditions = (!list.is_empty()).then_some(list);
                        })
                    })
                />
            }
        })
        .collect_view();
    let error = error_at(errors, "conditions".to_owned());
    let (heading, hint) = if asked_by_nurse {
        ("conditions.heading_clinic", "conditions.hint_clinic")
    } else {
        ("conditions.heading", "conditions.hint")
    };
    let on_continue = continue_when_answered(
        Step::Conditions,
        errors,
        "conditions".to_owned(),
        locale.text("conditions.required"),
        move || journey.answers.with_untracked(|a| a.conditions.is_some()),
    );
    view! {
        <PageForm errors on_continue>
            <div class="th-form-group" class:th-form-group--error=has_error>
                <fieldset class="th-fieldset" aria-describedby=move || describe.get()>
                    <legend class="th-fieldset__legend th-fieldset__legend--l">
                        <h1 class="th-fieldset__heading" tabindex="-1">{locale.text(heading)}</h1>
                    </legend>
                    <div class="th-hint" id="conditions-hint">{locale.text(hint)}</div>
                    {move || error.get().map(|message| view! { <ErrorMessage id="conditions".to_owned() message/> })}
                    <div class="th-checkboxes">
                        {boxes}
                        <div class="th-checkboxes__divider">{locale.text("conditions.or")}</div>
                        <Checkbox
                            id="conditions-none".to_owned()
                            label=locale.text("conditions.none")
                            checked=Signal::derive(move || chosen().is_some_and(|c| c.is_empty()))
                            described_by=describe
                            on_toggle=Callback::new(move |on: bool| {
                                journey.answers.update(|a| a.conditions = on.then(Vec::new))
                            })
                        />
                    </div>
                </fieldset>
            </div>
        </PageForm>
    }
}
