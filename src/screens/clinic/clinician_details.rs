//! "Your details": the nurse's name, role and team, asked once per clinic
//! session and kept in memory only. Each referral names them as its source.

use crate::components::{PageError, PageForm, TextInput};
use crate::context::{use_clinic_session, use_journey, use_locale};
use crate::screens::form::error_at;
use leptos::prelude::*;
use screening::{Clinician, ClinicianField};

#[component]
pub fn ClinicianDetailsPage() -> impl IntoView {
    let locale = use_locale();
    let journey = use_journey();
    let session = use_clinic_session();
    let known = session.clinician.get_untracked();
    let field = |read: fn(&Clinician) -> &String| {
        RwSignal::new(known.as_ref().map(|c| read(c).clone()).unwrap_or_default())
    };
    let (name, role, team) = (field(|c| &c.name), field(|c| &c.role), field(|c| &c.team));
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
    let input = |field: ClinicianField, value: RwSignal<String>| {
        let id = field.name();
        view! {
            <TextInput
                id=id.to_owned()
                label=locale.text(&format!("clinic.{id}.label"))
                value=value
                on_input=Callback::new(move |text| value.set(text))
                error=error_at(errors, id.to_owned())
                spellcheck_off=true
                shared_device=true
            />
        }
    };
    let inputs = [
        (ClinicianField::Name, name),
        (ClinicianField::Role, role),
        (ClinicianField::Team, team),
    ]
    .map(|(field, value)| input(field, value));
    view! {
        <PageForm errors on_continue no_back_link=true button_label=locale.text("clinic.details.button")>
            <span class="th-caption">{locale.text("clinic.caption")}</span>
            <h1 class="th-heading-l" tabindex="-1">{locale.text("clinic.details.heading")}</h1>
            <p class="th-body">{locale.text("clinic.details.body")}</p>
            {inputs}
        </PageForm>
    }
}
