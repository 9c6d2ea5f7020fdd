//! One questionnaire item per page, with "Question n of N". A risk answer shows
//! urgent-help information on this page at once (clinical-reference.md §6).

use super::form::{continue_when_answered, error_at};
use crate::components::{PageError, PageForm, RadioOption, Radios, UrgentHelp};
use crate::context::{use_catalogue, use_journey, use_locale};
use crate::flow::Step;
use leptos::prelude::*;
use screening::InstrumentId;

#[component]
pub fn QuestionPage(instrument: InstrumentId, item: u8) -> impl IntoView {
    let locale = use_locale();
    let journey = use_journey();
    let definition = std::sync::Arc::clone(use_catalogue().get(instrument));
    let errors = RwSignal::new(Vec::<PageError>::new());
    let id = format!("{instrument}-{item}");
    let selected = Signal::derive(move || {
        journey.answers.with(|a| {
            a.questionnaire(instrument)
                .get(item)
                .map(|score| score.to_string())
        })
    });
    let on_select = Callback::new(move |value: String| {
        if let Ok(score) = value.parse::<u8>() {
            journey.answers.update(|a| {
                let _ = a.questionnaire_mut(instrument).answer(item, score);
            });
            errors.set(Vec::new());
        }
    });
    // Only risk answers on this page's item: the card belongs where the answer is given.
    let risk_here = move || {
        journey.answers.with(|a| {
            a.questionnaire(instrument)
                .risk_indicators()
                .iter()
                .any(|r| r.item == item)
        })
    };
    let error = error_at(errors, id.clone());
    let on_continue = continue_when_answered(
        Step::Question { instrument, item },
        errors,
        id.clone(),
        locale.text("question.required"),
        move || selected.get_untracked().is_some(),
    );
    let options = definition
        .options
        .iter()
        .map(|o| RadioOption::new(o.score.to_string(), o.label.clone()))
        .collect();
    let total = definition.items.len().to_string();
    let caption = format!(
        "{}: {}",
        definition.name,
        locale.text_with(
            "common.question_progress",
            &[("n", &item.to_string()), ("total", &total)]
        )
    );
    let text = definition.items[usize::from(item) - 1].text.clone();
    view! {
        <PageForm errors on_continue>
            <Radios
                id
                legend=text
                is_page_heading=true
                caption
                hint=definition.stem.clone()
                options
                selected
                on_select
                error
            />
            <Show when=risk_here>
                <UrgentHelp because_of_answer=true/>
            </Show>
            {definition.copyright.clone().map(|c| view! { <p class="th-copyright">{format!("{}. {c}", definition.name)}</p> })}
        </PageForm>
    }
}
