//! For the nurse, at once after the two Talking Health questions: whether
//! each condition screen's cut-off is met (clinical-reference.md §1-2), and
//! what to do next.

use super::cutoff::{cutoff_sentence, unvalidated_cutoff_note};
use crate::components::BackLink;
use crate::context::{use_catalogue, use_config, use_journey, use_locale};
use crate::flow::Step;
use leptos::prelude::*;

#[component]
pub fn ScreenResultPage() -> impl IntoView {
    let locale = use_locale();
    let config = use_config();
    let catalogue = use_catalogue();
    let journey = use_journey();
    let results: Vec<_> = journey
        .answers
        .with_untracked(|a| a.screening_record(&config).results)
        .into_iter()
        .filter(|r| r.instrument.is_condition_screen())
        .collect();
    let any_met = results.iter().any(|r| r.caseness.met);
    let lines = results
        .iter()
        .map(|r| {
            let instrument = catalogue.get(r.instrument);
            view! {
                <div class="th-summary-list__row">
                    <dt class="th-summary-list__key">{instrument.name.clone()}</dt>
                    <dd class="th-summary-list__value">
                        <strong class="th-tag" class:th-tag--met=r.caseness.met>
                            {locale.text(if r.caseness.met { "clinic.screen.tag_met" } else { "clinic.screen.tag_not_met" })}
                        </strong>
                        " "
                        {cutoff_sentence(&locale, &catalogue, r)}
                        {unvalidated_cutoff_note(&locale, &catalogue, r)}
                    </dd>
                </div>
            }
        })
        .collect_view();
    let advice = match (results.is_empty(), any_met) {
        (true, _) => "clinic.screen.none_asked",
        (false, true) => "clinic.screen.advice_met",
        (false, false) => "clinic.screen.advice_not_met",
    };
    view! {
        <BackLink/>
        <div class="th-page">
            <span class="th-caption">{locale.text("clinic.caption_nurse")}</span>
            <h1 class="th-heading-l" tabindex="-1">{locale.text("clinic.screen.heading")}</h1>
            {(!results.is_empty()).then(|| view! { <dl class="th-summary-list">{lines}</dl> })}
            <p class="th-body">{locale.text(advice)}</p>
            <div class="th-button-group">
                <button class="th-button" type="button"
                    on:click=move |_| journey.continue_from(Step::ScreenResult)>
                    {locale.text("clinic.screen.hand_over")}
                </button>
                <button class="th-button th-button--secondary" type="button"
                    on:click=move |_| journey.next_patient()>
                    {locale.text("clinic.screen.finish")}
                </button>
            </div>
        </div>
    }
}
