//! Urgent-help information in the NHS "care card" style, urgent variant
//! (clinical-reference.md §6). Shown on the start page, and at once on the page
//! where a risk answer is given.

use crate::app::{use_config, use_locale};
use leptos::prelude::*;

#[component]
pub fn UrgentHelp(
    /// True when shown because of a risk answer: the heading says so.
    #[prop(optional)]
    because_of_answer: bool,
) -> impl IntoView {
    let locale = use_locale();
    let config = use_config();
    let heading = locale.text(if because_of_answer {
        "urgent.heading_risk"
    } else {
        "urgent.heading"
    });
    let service_lines = config
        .crisis_lines
        .iter()
        .map(|line| {
            let hours = line
                .hours
                .clone()
                .map(|h| format!(", {h}"))
                .unwrap_or_default();
            view! { <li>{format!("{}: call {}{hours}.", line.name, line.phone)}</li> }
        })
        .collect_view();
    view! {
        <div class="th-care-card th-care-card--urgent" role=because_of_answer.then_some("alert")>
            <div class="th-care-card__heading-container">
                <h2 class="th-care-card__heading">{heading}</h2>
            </div>
            <div class="th-care-card__content">
                {because_of_answer.then(|| view! { <p>{locale.text("urgent.risk_intro")}</p> })}
                <ul>
                    <li>{locale.text("urgent.999")}</li>
                    <li>{locale.text("urgent.111")}</li>
                    {service_lines}
                    <li>{locale.text("urgent.samaritans")}</li>
                    <li>{locale.text("urgent.shout")}</li>
                </ul>
                <p>{locale.text("urgent.not_emergency")}</p>
            </div>
        </div>
    }
}
