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
mod form;
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
mod severity;
mod start;

pub use config_problem::ConfigProblemPage;
pub use start::{StartPage, go_past_start};

use crate::context::{use_config, use_journey};
use crate::flow::Step;
use crate::journey::Journey;
use crate::plain_pages::PlainPages;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Shows the page for the journey's current step. On every step after the
/// first, focus moves to the new page's heading and the page title changes.
#[component]
pub fn CurrentPage(
    /// Clinic mode (on a shared tablet, the nurse and the patient taking
    /// turns): each page is told what that means for it. Required, so
    /// that no caller can leave a shared tablet's pages remembering input.
    clinic: bool,
) -> impl IntoView {
    let journey = use_journey();
    let service = use_config().service.name.clone();
    Effect::new(move |previous: Option<Step>| {
        let step = journey.step().get();
        let service = service.clone();
        // On a plain-HTML page taken over, focus goes back where it was at
        // once, in this same task, so that no key the person presses
        // meanwhile is lost.
        let resumed = PlainPages.resume();
        // Else not on the first page shown, unless the journey has already
        // moved (Start pressed before the widget arrived): then focus
        // follows it.
        let moved = (previous.is_some() || journey.has_moved()) && !resumed;
        request_animation_frame(move || announce_page(journey, moved, &service));
        step
    });
    move || match journey.step().get() {
        Step::Start => view! { <StartPage/> }.into_any(),
        Step::DateOfBirth => {
            view! { <date_of_birth::DateOfBirthPage shared_device=clinic/> }.into_any()
        }
        Step::GpPractice => {
            view! { <gp_practice::GpPracticePage shared_device=clinic/> }.into_any()
        }
        Step::TooYoung => view! { <not_eligible::TooYoungPage hand_back=clinic/> }.into_any(),
        Step::OutOfArea => view! { <not_eligible::OutOfAreaPage hand_back=clinic/> }.into_any(),
        Step::Conditions => {
            view! { <conditions::ConditionsPage asked_by_nurse=clinic/> }.into_any()
        }
        Step::Question { instrument, item } => {
            view! { <question::QuestionPage instrument item/> }.into_any()
        }
        Step::Functional => view! { <functional::FunctionalPage/> }.into_any(),
        Step::Results => view! { <results::ResultsPage hand_back=clinic/> }.into_any(),
        Step::Name => view! { <name::NamePage shared_device=clinic/> }.into_any(),
        Step::Contact => view! { <contact::ContactPage shared_device=clinic/> }.into_any(),
        Step::MessagePermissions => {
            view! { <message_permissions::MessagePermissionsPage/> }.into_any()
        }
        Step::Postcode => view! { <postcode::PostcodePage shared_device=clinic/> }.into_any(),
        Step::NhsNumber => view! { <nhs_number::NhsNumberPage shared_device=clinic/> }.into_any(),
        Step::AboutYou => view! { <about_you::AboutYouPage/> }.into_any(),
        Step::Interpreter => {
            view! { <interpreter::InterpreterPage shared_device=clinic/> }.into_any()
        }
        Step::AnythingElse => {
            view! { <anything_else::AnythingElsePage shared_device=clinic/> }.into_any()
        }
        Step::Consent => view! { <consent::ConsentPage/> }.into_any(),
        Step::CheckAnswers => {
            view! { <check_answers::CheckAnswersPage from_clinic=clinic/> }.into_any()
        }
        Step::Sent => view! { <sent::SentPage/> }.into_any(),
        step @ (Step::ClinicianDetails
        | Step::NextPatient
        | Step::ScreenResult
        | Step::HandToPatient
        | Step::HandBack
        | Step::ClinicSummary) => clinic::page(step),
    }
}

/// Runs just before a new page is drawn: after a step (not on first load),
/// moves focus to the page's heading so screen readers start there. Once
/// the page is drawn, writes its browser history entry
/// ([`Journey::write_history`]) and then titles the document after the
/// heading, so that the entry carries the title.
fn announce_page(journey: Journey, move_focus: bool, service: &str) {
    let heading = document()
        .get_element_by_id(crate::MOUNT_ID)
        .and_then(|root| root.query_selector("h1").ok().flatten());
    if move_focus
        && let Some(heading) = heading
            .as_ref()
            .and_then(|h| h.dyn_ref::<web_sys::HtmlElement>())
    {
        let _ = heading.focus();
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }
    let title = heading.map(|h| {
        format!(
            "{} – {service}",
            h.text_content().unwrap_or_default().trim()
        )
    });
    // A task queued now runs once this frame is drawn.
    set_timeout(
        move || {
            journey.write_history();
            if let Some(title) = title {
                document().set_title(&title);
            }
        },
        std::time::Duration::ZERO,
    );
}
