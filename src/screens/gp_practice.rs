//! "Which GP practice are you registered with?": searchable list of the
//! service's practices, and a way out for everyone else (clinical-reference.md §7).

use super::form::{continue_when_answered, error_at};
use crate::components::{PageError, PageForm, RadioOption, Radios, TextInput};
use crate::context::{use_config, use_journey, use_locale};
use crate::flow::Step;
use crate::text::lowercase;
use leptos::prelude::*;

/// The radio value for "My GP practice is not listed".
const NOT_LISTED: &str = "not-listed";

#[component]
pub fn GpPracticePage(
    /// On clinic mode's shared tablet: the browser offers nothing typed before.
    shared_device: bool,
) -> impl IntoView {
    let locale = use_locale();
    let config = use_config();
    let journey = use_journey();
    let errors = RwSignal::new(Vec::<PageError>::new());
    let query = RwSignal::new(String::new());
    let selected = Signal::derive(move || {
        journey.answers.with(|a| {
            if a.practice_not_listed {
                Some(NOT_LISTED.to_owned())
            } else {
                (!a.form.gp_practice.is_empty()).then(|| a.form.gp_practice.clone())
            }
        })
    });
    let on_select = Callback::new(move |value: String| {
        journey.answers.update(|a| {
            a.practice_not_listed = value == NOT_LISTED;
            a.form.gp_practice = if value == NOT_LISTED {
                String::new()
            } else {
                value
            };
        })
    });
    let on_continue = continue_when_answered(
        Step::GpPractice,
        errors,
        "gp_practice".to_owned(),
        locale.text("practice.required"),
        move || selected.get_untracked().is_some(),
    );
    let not_listed = locale.text("practice.not_listed");
    let no_matches = locale.text("practice.no_matches");
    let legend = locale.text("practice.choose");
    let matches = move || {
        let query = lowercase(query.get().trim());
        let mut options: Vec<RadioOption> = config
            .eligibility
            .practices
            .iter()
            .filter(|p| {
                query.is_empty()
                    || screening::text::split_once(&lowercase(&p.name), &query).is_some()
                    || p.ods.eq_ignore_ascii_case(&query)
            })
            .map(|p| RadioOption::new(p.ods.clone(), format!("{} ({})", p.name, p.ods)))
            .collect();
        let empty = options.is_empty();
        options.push(RadioOption::new(NOT_LISTED, not_listed.clone()));
        let error = error_at(errors, "gp_practice".to_owned());
        view! {
            {empty.then(|| view! { <p class="th-body" role="status">{no_matches.clone()}</p> })}
            <Radios
                id="gp_practice".to_owned()
                legend=legend.clone()
                options
                selected
                on_select
                error
            />
        }
    };
    view! {
        <PageForm errors on_continue>
            <h1 class="th-heading-l" tabindex="-1">{locale.text("practice.heading")}</h1>
            <TextInput
                id="practice-search".to_owned()
                label=locale.text("practice.search")
                hint=locale.text("practice.hint")
                value=query
                on_input=Callback::new(move |v| query.set(v))
                error=Signal::derive(|| None::<String>)
                input_type="search"
                spellcheck_off=true
                shared_device
            />
            {matches}
        </PageForm>
    }
}
