//! What the answers suggest, in plain and kind language, with the scores under
//! "Your scores" for those who want them (clinical-reference.md §5-7).

use super::clinic::HandBackButton;
use super::severity::severity_key;
use crate::components::{BackLink, UrgentHelp};
use crate::context::{use_catalogue, use_config, use_journey, use_locale};
use crate::flow::Step;
use leptos::prelude::*;
use screening::Recommendation;

#[component]
pub fn ResultsPage(
    /// In clinic mode: the patient may hand the tablet back without a
    /// referral.
    hand_back: bool,
) -> impl IntoView {
    let locale = use_locale();
    let config = use_config();
    let catalogue = use_catalogue();
    let journey = use_journey();
    let record = journey
        .answers
        .with_untracked(|a| a.screening_record(&config));
    let (results, outcome) = (&record.results, &record.outcome);
    let service = config.service.name.as_str();
    let scores = results
        .iter()
        .map(|r| {
            let instrument = catalogue.get(r.instrument);
            let line = locale.text_with(
                "results.score_line",
                &[
                    ("name", &instrument.name),
                    ("total", &r.total.to_string()),
                    ("max", &instrument.max_total().to_string()),
                ],
            );
            let severity = r
                .severity
                .map(|s| format!(" ({})", locale.text(severity_key(s))))
                .unwrap_or_default();
            let cutoff = locale.text_with(
                "results.cutoff_line",
                &[("cutoff", &r.caseness.cutoff.to_string())],
            );
            view! { <li>{format!("{line}{severity}. {cutoff}")}</li> }
        })
        .collect_view();
    let self_help = config
        .self_help_links
        .iter()
        .map(|link| view! { <li><a href=link.url.to_string()>{link.title.clone()}</a></li> })
        .collect_view();
    let below = outcome.recommendation != Recommendation::Refer;
    view! {
        <BackLink/>
        <div class="th-page">
            <h1 class="th-heading-l" tabindex="-1">{locale.text("results.heading")}</h1>
            {record.risk_flag.then(|| view! { <UrgentHelp because_of_answer=true/> })}
            {if below {
                view! {
                    <p class="th-body">{locale.text("results.below.body")}</p>
                    <p class="th-body">
                        {locale.text(if outcome.recommendation.may_refer() { "results.below.may_refer" } else { "results.below.closed" })}
                    </p>
                    <h2 class="th-heading-m">{locale.text("results.self_help")}</h2>
                    <ul class="th-list">{self_help}</ul>
                }
                    .into_any()
            } else {
                view! { <p class="th-body">{locale.text("results.refer.body")}</p> }.into_any()
            }}
            {outcome.recommendation.may_refer().then(|| view! {
                <h2 class="th-heading-m">{locale.text("results.next_steps")}</h2>
                <p class="th-body">{locale.text_with("results.next_steps.body", &[("service", service)])}</p>
            })}
            <details class="th-details">
                <summary class="th-details__summary">{locale.text("results.scores")}</summary>
                <ul class="th-details__text th-list">{scores}</ul>
            </details>
            {outcome.recommendation.may_refer().then(|| view! {
                <button class="th-button" type="button" on:click=move |_| journey.continue_from(Step::Results)>
                    {locale.text("results.button")}
                </button>
            })}
            {hand_back.then(|| view! {
                <p class="th-body">{locale.text("clinic.results.no_referral")}</p>
                <HandBackButton/>
            })}
        </div>
    }
}
