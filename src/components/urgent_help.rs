//! Urgent-help information in the NHS "care card" style, urgent variant
//! (clinical-reference.md §6). Shown on the start page, and at once on the page
//! where a risk answer is given. Every number is a link a phone can call or
//! text (§6); index.html's plain-HTML start page has the same card.

use crate::context::{use_config, use_locale};
use leptos::prelude::*;

/// One line of the card: `text` with its `{number}` shown as a link to `href`.
fn line(text: String, href: String, number: String) -> impl IntoView {
    let (before, after) = text.split_once("{number}").unwrap_or((&text, ""));
    let (before, after) = (before.to_owned(), after.to_owned());
    view! { <li>{before}<a href=href>{number}</a>{after}</li> }
}

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
    let fixed = |key: &str, href: &str, number: &str| {
        line(locale.text(key), href.to_owned(), number.to_owned())
    };
    let service_lines = config
        .crisis_lines
        .iter()
        .map(|l| {
            let hours = l
                .hours
                .as_ref()
                .map(|h| format!(", {h}"))
                .unwrap_or_default();
            let text = locale.text_with(
                "urgent.service_line",
                &[("name", &l.name), ("hours", &hours)],
            );
            line(text, format!("tel:{}", l.number.as_e164()), l.phone.clone())
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
                    {fixed("urgent.999", "tel:999", "999")}
                    {fixed("urgent.111", "tel:111", "111")}
                    {service_lines}
                    {fixed("urgent.samaritans", "tel:116123", "116 123")}
                    {fixed("urgent.shout", "sms:85258?body=SHOUT", "85258")}
                </ul>
                <p>{locale.text("urgent.not_emergency")}</p>
            </div>
        </div>
    }
}
