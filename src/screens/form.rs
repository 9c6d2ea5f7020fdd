//! What the pages that ask something share: the problems Continue finds,
//! each linked to its field and shown beside it, the Continue handlers, and
//! yes/no questions as radios.

use crate::components::{PageError, RadioOption};
use crate::context::{use_config, use_journey, use_locale};
use crate::flow::Step;
use crate::journey::{Journey, today};
use crate::locale::Locale;
use leptos::prelude::*;
use screening::{FormField, ServiceConfig};

/// The id of the element an error summary link moves to for `field`.
fn field_anchor(field: FormField) -> String {
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
            .validate_for(&config.fields, &config.eligibility, today())
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
pub fn error_for(errors: RwSignal<Vec<PageError>>, field: FormField) -> Signal<Option<String>> {
    error_at(errors, field_anchor(field))
}

/// The message among `errors` that links to the element `anchor`.
pub fn error_at(errors: RwSignal<Vec<PageError>>, anchor: String) -> Signal<Option<String>> {
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
pub fn continue_referral_page(step: Step, errors: RwSignal<Vec<PageError>>) -> Callback<()> {
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
pub fn continue_when_answered(
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
pub fn yes_no_options(locale: &Locale) -> Vec<RadioOption> {
    vec![
        RadioOption::new("yes", locale.text("common.yes")),
        RadioOption::new("no", locale.text("common.no")),
    ]
}

/// A yes/no answer as the radio value it is shown as.
pub fn yes_no_value(answer: Option<bool>) -> Option<String> {
    answer.map(|yes| if yes { "yes" } else { "no" }.to_owned())
}
