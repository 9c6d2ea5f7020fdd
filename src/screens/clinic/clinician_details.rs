//! "Your details": the nurse's name, role and team, asked once per clinic
//! session and kept in memory only. Each referral names them as its source.

use crate::components::{PageError, PageForm, TextInput};
use crate::context::{use_clinic_session, use_journey, use_locale};
use crate::plain_pages::PlainPages;
use crate::screens::form::error_at;
use crate::start_text::ClinicianDetailsText;
use leptos::prelude::*;
use screening::Clinician;

#[component]
pub fn ClinicianDetailsPage() -> impl IntoView {
    let locale = use_locale();
    let journey = use_journey();
    let session = use_clinic_session();
    // The same words as clinic.html's plain-HTML copy of this page.
    let text = ClinicianDetailsText::new(&locale);
    // What was typed on that copy before the widget arrived, if it was;
    // else what this session knows.
    let typed = PlainPages.take_over(text.fields.each_ref().map(|(id, _)| *id));
    let known = session.clinician.get_untracked();
    let field = |index: usize, read: fn(&Clinician) -> &String| {
        RwSignal::new(match &typed {
            Some(typed) => typed[index].clone(),
            None => known.as_ref().map(|c| read(c).clone()).unwrap_or_default(),
        })
    };
    let (name, role, team) = (
        field(0, |c| &c.name),
        field(1, |c| &c.role),
        field(2, |c| &c.team),
    );
    let errors = RwSignal::new(Vec::<PageError>::new());
    let on_continue = {
        let locale = locale.clone();
        Callback::new(move |()| {
            match Clinician::from_typed(
                &name.get_untracked(),
                &role.get_untracked(),
                &team.get_untracked(),
            ) {
                Ok(clinician) => {
                    errors.set(Vec::new());
                    session.clinician.set(Some(clinician));
                    journey.next_patient();
                }
                Err(problems) => errors.set(
                    problems
                        .into_iter()
                        .map(|(field, error)| PageError {
                            id: field.name().to_owned(),
                            message: locale.text_with(
                                &format!("clinic.details.{}", error.message_key()),
                                &[(
                                    "field",
                                    &locale.text(&format!("clinic.{}.in_error", field.name())),
                                )],
                            ),
                        })
                        .collect(),
                ),
            }
        })
    };
    let input = |(id, label): (&'static str, String), value: RwSignal<String>| {
        view! {
            <TextInput
                id=id.to_owned()
                label
                value=value
                on_input=Callback::new(move |text| value.set(text))
                error=error_at(errors, id.to_owned())
                spellcheck_off=true
                shared_device=true
            />
        }
    };
    let ClinicianDetailsText {
        caption,
        heading,
        body,
        fields,
        button,
    } = text;
    let inputs = fields
        .into_iter()
        .zip([name, role, team])
        .map(|(field, value)| input(field, value))
        .collect_view();
    view! {
        <PageForm errors on_continue no_back_link=true button_label=button>
            <span class="th-caption">{caption}</span>
            <h1 class="th-heading-l" tabindex="-1">{heading}</h1>
            <p class="th-body">{body}</p>
            {inputs}
        </PageForm>
    }
}
