//! One component per page of the journey, and the switch between them.

mod about_you;
mod anything_else;
mod check_answers;
mod clinic;
mod conditions;
mod config_problem;
mod consent;
mod contact;
mod date_of_birth;
mod functional;
mod gp_practice;
mod interpreter;
mod message_permissions;
mod name;
mod nhs_number;
mod not_eligible;
mod postcode;
mod question;
mod results;
mod send_referral;
mod sent;
mod start;

pub use config_problem::ConfigProblemPage;
pub use start::StartPage;

use crate::app::{use_config, use_journey, use_locale};
use crate::components::PageError;
use crate::flow::Step;
use crate::journey::Journey;
use crate::locale::Locale;
use leptos::prelude::*;
use screening::{FormField, ServiceConfig, Severity};
use wasm_bindgen::JsCast;

/// Shows the page for the journey's current step. On every step after the
/// first, focus moves to the new page's heading and the page title changes.
#[component]
pub fn CurrentPage() -> impl IntoView {
    let journey = use_journey();
    let service = use_config().service.name.clone();
    Effect::new(move |previous: Option<Step>| {
        let step = journey.step().get();
        let service = service.clone();
        // Not on the first page shown, unless the journey has already moved
        // (Start pressed before the widget arrived): then focus follows it.
        let moved = previous.is_some() || journey.has_moved();
        request_animation_frame(move || announce_page(moved, &service));
        step
    });
    move || match journey.step().get() {
        Step::Start => view! { <StartPage/> }.into_any(),
        Step::DateOfBirth => view! { <date_of_birth::DateOfBirthPage/> }.into_any(),
        Step::GpPractice => view! { <gp_practice::GpPracticePage/> }.into_any(),
        Step::TooYoung => view! { <not_eligible::TooYoungPage/> }.into_any(),
        Step::OutOfArea => view! { <not_eligible::OutOfAreaPage/> }.into_any(),
        Step::Conditions => view! { <conditions::ConditionsPage/> }.into_any(),
        Step::Question { instrument, item } => {
            view! { <question::QuestionPage instrument item/> }.into_any()
        }
        Step::Functional => view! { <functional::FunctionalPage/> }.into_any(),
        Step::Results => view! { <results::ResultsPage/> }.into_any(),
        Step::Name => view! { <name::NamePage/> }.into_any(),
        Step::Contact => view! { <contact::ContactPage/> }.into_any(),
        Step::MessagePermissions => {
            view! { <message_permissions::MessagePermissionsPage/> }.into_any()
        }
        Step::Postcode => view! { <postcode::PostcodePage/> }.into_any(),
        Step::NhsNumber => view! { <nhs_number::NhsNumberPage/> }.into_any(),
        Step::AboutYou => view! { <about_you::AboutYouPage/> }.into_any(),
        Step::Interpreter => view! { <interpreter::InterpreterPage/> }.into_any(),
        Step::AnythingElse => view! { <anything_else::AnythingElsePage/> }.into_any(),
        Step::Consent => view! { <consent::ConsentPage/> }.into_any(),
        Step::CheckAnswers => view! { <check_answers::CheckAnswersPage/> }.into_any(),
        Step::Sent => view! { <sent::SentPage/> }.into_any(),
        step @ (Step::ClinicianDetails
        | Step::NextPatient
        | Step::ScreenResult
        | Step::HandToPatient
        | Step::HandBack
        | Step::ClinicSummary) => clinic::page(step),
    }
}

/// Titles the document after the page's heading and, after a step (not on first
/// load), moves focus to that heading so screen readers start there.
fn announce_page(move_focus: bool, service: &str) {
    let Some(root) = document().get_element_by_id(crate::MOUNT_ID) else {
        return;
    };
    let Ok(Some(heading)) = root.query_selector("h1") else {
        return;
    };
    let text = heading.text_content().unwrap_or_default();
    document().set_title(&format!("{} – {service}", text.trim()));
    if move_focus && let Ok(heading) = heading.dyn_into::<web_sys::HtmlElement>() {
        let _ = heading.focus();
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// The locale key naming a severity band (clinical-reference.md §3-4).
pub(crate) fn severity_key(severity: Severity) -> &'static str {
    match severity {
        Severity::Minimal => "severity.minimal",
        Severity::Mild => "severity.mild",
        Severity::Moderate => "severity.moderate",
        Severity::ModeratelySevere => "severity.moderately_severe",
        Severity::Severe => "severity.severe",
    }
}

/// The id of the element an error summary link moves to for `field`.
pub(crate) fn field_anchor(field: FormField) -> String {
    match field {
        FormField::DateOfBirth => "date_of_birth-day".to_owned(),
        other => other.name().to_owned(),
    }
}

/// Validates the referral form and keeps the problems with the fields on `step`.
fn referral_errors(
    journey: &Journey,
    config: &ServiceConfig,
    locale: &Locale,
    step: Step,
) -> Vec<PageError> {
    let result = journey.answers.with_untracked(|a| {
        a.form
            .validate_for(&config.fields, &config.eligibility, crate::journey::today())
    });
    let Err(errors) = result else {
        return Vec::new();
    };
    errors
        .iter()
        .filter(|(field, _)| step.fields().contains(field))
        .map(|(field, key)| PageError {
            id: field_anchor(field),
            message: locale.text(key),
        })
        .collect()
}

/// The message for `field` among `errors`, for its inline error.
pub(crate) fn error_for(
    errors: RwSignal<Vec<PageError>>,
    field: FormField,
) -> Signal<Option<String>> {
    error_at(errors, field_anchor(field))
}

/// The message among `errors` that links to the element `anchor`.
pub(crate) fn error_at(errors: RwSignal<Vec<PageError>>, anchor: String) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors
            .read()
            .iter()
            .find(|e| e.id == anchor)
            .map(|e| e.message.clone())
    })
}

/// The standard Continue handler of a referral page: check its fields, then go on.
/// Call it while the page is being built: it reads the contexts then.
pub(crate) fn continue_referral_page(step: Step, errors: RwSignal<Vec<PageError>>) -> Callback<()> {
    let journey = use_journey();
    let config = use_config();
    let locale = use_locale();
    Callback::new(move |()| {
        let found = referral_errors(&journey, &config, &locale, step);
        let ok = found.is_empty();
        errors.set(found);
        if ok {
            journey.continue_from(step);
        }
    })
}

/// The Continue handler of a page whose one question must be answered: until
/// `answered()` holds, an error linked to `anchor`; then the next page.
pub(crate) fn continue_when_answered(
    step: Step,
    errors: RwSignal<Vec<PageError>>,
    anchor: String,
    message: String,
    answered: impl Fn() -> bool + Send + Sync + 'static,
) -> Callback<()> {
    let journey = use_journey();
    Callback::new(move |()| {
        if answered() {
            journey.continue_from(step);
        } else {
            errors.set(vec![PageError {
                id: anchor.clone(),
                message: message.clone(),
            }]);
        }
    })
}

/// "Yes" and "No" as radio options with values "yes" and "no".
pub(crate) fn yes_no_options(locale: &Locale) -> Vec<crate::components::RadioOption> {
    use crate::components::RadioOption;
    vec![
        RadioOption::new("yes", locale.text("common.yes")),
        RadioOption::new("no", locale.text("common.no")),
    ]
}

/// A yes/no answer as the radio value it is shown as.
pub(crate) fn yes_no_value(answer: Option<bool>) -> Option<String> {
    answer.map(|yes| if yes { "yes" } else { "no" }.to_owned())
}
