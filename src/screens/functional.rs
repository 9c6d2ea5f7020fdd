//! PHQ-9's functional question (not scored: clinical-reference.md §3).

use super::form::{continue_when_answered, error_at};
use crate::components::{PageError, PageForm, RadioOption, Radios};
use crate::context::{use_catalogue, use_journey, use_locale};
use crate::flow::Step;
use leptos::prelude::*;
use screening::InstrumentId;

#[component]
pub fn FunctionalPage() -> impl IntoView {
    let locale = use_locale();
    let journey = use_journey();
    let phq9 = std::sync::Arc::clone(use_catalogue().get(InstrumentId::Phq9));
    let question = phq9
        .functional_question
        .clone()
        .expect("PHQ-9 has its functional question");
    let errors = RwSignal::new(Vec::<PageError>::new());
    let selected = Signal::derive(move || {
        journey
            .answers
            .with(|a| a.functional_difficulty.map(|d| d.to_string()))
    });
    let on_select = Callback::new(move |value: String| {
        journey
            .answers
            .update(|a| a.functional_difficulty = value.parse().ok());
    });
    let on_continue = continue_when_answered(
        Step::Functional,
        errors,
        "functional".to_owned(),
        locale.text("functional.required"),
        move || selected.get_untracked().is_some(),
    );
    let options = question
        .options
        .iter()
        .enumerate()
        .map(|(i, label)| RadioOption::new(i.to_string(), label.clone()))
        .collect();
    view! {
        <PageForm errors on_continue>
            <Radios
                id="functional".to_owned()
                legend=question.text.clone()
                is_page_heading=true
                caption=phq9.name.clone()
                options
                selected
                on_select
                error=error_at(errors, "functional".to_owned())
            />
        </PageForm>
    }
}
