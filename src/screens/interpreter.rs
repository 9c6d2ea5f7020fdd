//! "Do you need an interpreter?", then which language.

use super::form::{continue_referral_page, error_for, yes_no_options, yes_no_value};
use crate::components::{PageForm, Radios, TextInput};
use crate::context::{use_journey, use_locale};
use crate::flow::Step;
use leptos::prelude::*;
use screening::FormField;

#[component]
pub fn InterpreterPage(
    /// On clinic mode's shared tablet: the browser offers nothing typed before.
    shared_device: bool,
) -> impl IntoView {
    let locale = use_locale();
    let journey = use_journey();
    let errors = RwSignal::new(Vec::new());
    let (interpreter_language, set_interpreter_language) =
        journey.text_field(|f| &f.interpreter_language, |f| &mut f.interpreter_language);
    let needed = move || {
        journey
            .answers
            .with(|a| a.form.interpreter_needed == Some(true))
    };
    let label = locale.text("interpreter.language");
    view! {
        <PageForm errors on_continue=continue_referral_page(Step::Interpreter, errors)>
            <Radios
                id="interpreter_needed".to_owned()
                legend=locale.text("interpreter.heading")
                is_page_heading=true
                options=yes_no_options(&locale)
                selected=Signal::derive(move || journey.answers.with(|a| yes_no_value(a.form.interpreter_needed)))
                on_select=Callback::new(move |v: String| journey.answers.update(|a| a.form.interpreter_needed = Some(v == "yes")))
                error=error_for(errors, FormField::InterpreterNeeded)
            />
            <Show when=needed>
                <TextInput
                    id="interpreter_language".to_owned()
                    label=label.clone()
                    value=interpreter_language
                    on_input=set_interpreter_language
                    error=error_for(errors, FormField::InterpreterLanguage)
                    autocomplete="language"
                    shared_device
                />
            </Show>
        </PageForm>
    }
}
