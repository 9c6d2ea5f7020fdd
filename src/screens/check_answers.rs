//! "Check your answers", with a Change link on every row, then "Confirm and send".

use super::send_referral::SendReferral;
use crate::components::BackLink;
use crate::context::{use_config, use_journey, use_locale};
use crate::flow::Step;
use crate::journey::today;
use crate::text::lowercase;
use leptos::prelude::*;
use screening::ReferralDetails;

/// One row: what was asked, the answer, and the page that asks it.
struct Row {
    question: String,
    answer: String,
    change: Step,
}

fn yes_no(locale: &crate::locale::Locale, value: Option<bool>) -> String {
    value
        .map(|v| locale.text(if v { "common.yes" } else { "common.no" }))
        .unwrap_or_default()
}

/// "7 March 1980", as people write dates (NHS style).
fn long_date(date: screening::fields::CalendarDate, locale: &crate::locale::Locale) -> String {
    let months = locale.text("months");
    let month = months
        .split(' ')
        .nth(usize::from(date.month()) - 1)
        .unwrap_or_default();
    format!("{} {month} {}", date.day(), date.year())
}

fn rows(details: &ReferralDetails, locale: &crate::locale::Locale) -> Vec<Row> {
    let row = |question: &str, answer: String, change| Row {
        question: locale.text(question),
        answer,
        change,
    };
    let mut rows = vec![
        row(
            "name.heading",
            format!("{} {}", details.first_name, details.last_name),
            Step::Name,
        ),
        row(
            "dob.heading",
            long_date(details.date_of_birth.date(), locale),
            Step::DateOfBirth,
        ),
        row(
            "practice.heading",
            format!("{} ({})", details.gp_practice.name, details.gp_practice.ods),
            Step::GpPractice,
        ),
        row(
            "contact.heading",
            [
                details.contact.phone.as_ref().map(|p| p.to_string()),
                details.contact.email.as_ref().map(|e| e.to_string()),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", "),
            Step::Contact,
        ),
    ];
    if details.contact.phone.is_some() {
        rows.push(row(
            "permissions.message",
            yes_no(locale, details.contact.safe_to_leave_message),
            Step::MessagePermissions,
        ));
        rows.push(row(
            "permissions.text",
            yes_no(locale, details.contact.safe_to_text),
            Step::MessagePermissions,
        ));
    }
    if let Some(postcode) = &details.postcode {
        rows.push(row(
            "postcode.heading",
            postcode.to_string(),
            Step::Postcode,
        ));
    }
    if let Some(number) = &details.nhs_number {
        rows.push(row("nhs_number.label", number.formatted(), Step::NhsNumber));
    }
    if let Some(language) = &details.interpreter_language {
        rows.push(row(
            "interpreter.language",
            language.clone(),
            Step::Interpreter,
        ));
    }
    if let Some(text) = &details.anything_else {
        rows.push(row("anything_else.text", text.clone(), Step::AnythingElse));
    }
    rows
}

#[component]
pub fn CheckAnswersPage(
    /// From a clinic screening (see [`SendReferral`]).
    from_clinic: bool,
) -> impl IntoView {
    let locale = use_locale();
    let config = use_config();
    let journey = use_journey();
    let validated = journey.answers.with_untracked(|a| {
        a.form
            .validate_for(&config.fields, &config.eligibility, today())
    });
    let Ok(details) = validated else {
        // Only reachable by changing an answer to something invalid elsewhere: start the details again.
        return view! { <CheckAgain/> }.into_any();
    };
    let change_label = locale.text("common.change");
    let list = rows(&details, &locale)
        .into_iter()
        .map(|row| {
            let change = row.change;
            let hidden = row.question.clone();
            view! {
                <div class="th-summary-list__row">
                    <dt class="th-summary-list__key">{row.question}</dt>
                    <dd class="th-summary-list__value">{row.answer}</dd>
                    <dd class="th-summary-list__actions">
                        <a href="#" on:click=move |ev| { ev.prevent_default(); journey.change(change); }>
                            {change_label.clone()}
                            <span class="th-u-visually-hidden">{format!(" {}", lowercase(&hidden))}</span>
                        </a>
                    </dd>
                </div>
            }
        })
        .collect_view();
    view! {
        <BackLink/>
        <div class="th-page">
            <h1 class="th-heading-l" tabindex="-1">{locale.text("check.heading")}</h1>
            <dl class="th-summary-list">{list}</dl>
            <SendReferral details from_clinic/>
        </div>
    }
    .into_any()
}

/// Shown if the answers no longer validate: send the person back to fix them.
#[component]
fn CheckAgain() -> impl IntoView {
    let journey = use_journey();
    let locale = use_locale();
    view! {
        <div class="th-page">
            <h1 class="th-heading-l" tabindex="-1">{locale.text("check.heading")}</h1>
            <button class="th-button" type="button" on:click=move |_| journey.go_to(Step::Name)>
                {locale.text("common.continue")}
            </button>
        </div>
    }
}
