//! Urgent-help information in the NHS "care card" style, urgent variant
//! (clinical-reference.md §6). Shown on the start page, and at once on the page
//! where a risk answer is given. Its words and links are [`UrgentText`]'s,
//! which index.html's plain-HTML start page shows too.

use crate::context::{use_config, use_locale};
use crate::start_text::{UrgentLine, UrgentText};
use leptos::prelude::*;

#[component]
pub fn UrgentHelp(
    /// True when shown because of a risk answer: the heading says so.
    #[prop(optional)]
    because_of_answer: bool,
) -> impl IntoView {
    let text = UrgentText::new(&use_config(), &use_locale(), because_of_answer);
    let lines = text
        .lines
        .into_iter()
        .map(
            |UrgentLine {
                 before,
                 number,
                 href,
                 after,
             }| {
                view! { <li>{before}<a href=href>{number}</a>{after}</li> }
            },
        )
        .collect_view();
    view! {
        <div class="th-care-card th-care-card--urgent" role=because_of_answer.then_some("alert")>
            <div class="th-care-card__heading-container">
                <h2 class="th-care-card__heading">{text.heading}</h2>
            </div>
            <div class="th-care-card__content">
                {text.risk_intro.map(|intro| view! { <p>{intro}</p> })}
                <ul>{lines}</ul>
                <p>{text.not_emergency}</p>
            </div>
        </div>
    }
}
