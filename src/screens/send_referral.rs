//! "Now send your referral": the Confirm and send button and, while the
//! referral is on its way, what is happening to it in words.

use crate::context::{use_clinic_session, use_config, use_journey, use_locale};
use crate::flow::Step;
use crate::outbox::Delivery;
use crate::submission::Progress;
use leptos::prelude::*;
use screening::{Channel, GaveUp, ReferralDetails, ReferralPayload};
use std::sync::Arc;

/// How this referral reached the service, for the payload.
fn referral_channel(from_clinic: bool) -> Channel {
    if from_clinic {
        Channel::Clinic {
            clinician: use_clinic_session()
                .clinician
                .get_untracked()
                .expect("clinic mode starts with the clinician's details"),
        }
    } else {
        crate::embed::referral_channel()
    }
}

#[component]
pub fn SendReferral(
    details: ReferralDetails,
    /// From a clinic screening: the referral names the nurse (the clinic
    /// session's clinician) as its source, and the tablet goes back to the
    /// nurse as soon as it is sent.
    from_clinic: bool,
) -> impl IntoView {
    let locale = use_locale();
    let config = use_config();
    let journey = use_journey();
    let outbox = journey.outbox();
    let delivery = outbox.delivery();
    let underway = move || matches!(delivery.get(), Delivery::Underway(_));
    let channel = referral_channel(from_clinic);

    let send = {
        let config = Arc::clone(&config);
        move |_| {
            let payload = journey.answers.with_untracked(|answers| {
                ReferralPayload::new(
                    outbox.referral_id(),
                    &config,
                    channel.clone(),
                    details.clone(),
                    answers.screening_record(&config),
                )
            });
            outbox.send(
                config.endpoint.to_string(),
                payload,
                config.retry,
                move |reference| journey.delivered(outbox, reference),
            );
            // In clinic the tablet goes back to the nurse at once; the
            // summary there follows the sending.
            if from_clinic {
                journey.continue_from(Step::CheckAnswers);
            }
        }
    };

    let progress_text = {
        let locale = locale.clone();
        move || match delivery.get() {
            Delivery::Underway(Progress::Sending) => locale.text("check.sending"),
            Delivery::Underway(Progress::StillTrying) => locale.text("check.still_trying"),
            Delivery::Underway(Progress::WaitingForConnection) => locale.text("check.offline"),
            Delivery::Ready | Delivery::NotSent(_) => String::new(),
        }
    };
    let problem = {
        let locale = locale.clone();
        let phone = config.service.phone.clone();
        move || match delivery.get() {
            Delivery::NotSent(GaveUp::StillFailing) => {
                Some(locale.text_with("check.failed", &[("phone", &phone)]))
            }
            Delivery::NotSent(GaveUp::Refused(code)) => Some(locale.text_with(
                "check.refused",
                &[("phone", &phone), ("code", &code.to_string())],
            )),
            Delivery::Ready | Delivery::Underway(_) => None,
        }
    };
    let failed_heading = locale.text("check.failed_heading");
    let button_text = {
        let (first, again) = (locale.text("check.button"), locale.text("check.try_again"));
        move || match delivery.get() {
            Delivery::NotSent(_) => again.clone(),
            Delivery::Ready | Delivery::Underway(_) => first.clone(),
        }
    };

    // When sending stops, focus (and so the screen, and a screen reader)
    // goes to what happened and what to do.
    let problem_box = NodeRef::<leptos::html::Div>::new();
    Effect::new(move || {
        if matches!(delivery.get(), Delivery::NotSent(_))
            && let Some(element) = problem_box.get()
        {
            let _ = element.focus();
        }
    });
    view! {
        <h2 class="th-heading-m">{locale.text("check.send_heading")}</h2>
        <p class="th-body">{locale.text("check.send_body")}</p>
        <div class="th-error-summary" role="alert" aria-labelledby="th-send-problem" tabindex="-1"
            node_ref=problem_box hidden=move || !matches!(delivery.get(), Delivery::NotSent(_))>
            <h2 class="th-error-summary__title" id="th-send-problem">{failed_heading}</h2>
            <p class="th-body">{problem}</p>
        </div>
        <p class="th-body th-send-progress" role="status">{progress_text}</p>
        // Not `disabled`: a disabled button drops keyboard focus. A click
        // while sending is ignored by the outbox instead.
        <button class="th-button" type="button" aria-disabled=move || underway().then_some("true") on:click=send>
            {button_text}
        </button>
    }
}
