//! Where a patient's referral is, in words for the clinician; and, for
//! referrals of earlier patients, how many are still on their way.

use crate::context::{use_config, use_locale};
use crate::locale::Locale;
use crate::outbox::{Delivery, Outbox};
use leptos::prelude::*;
use screening::GaveUp;

/// The sentence for one referral: on its way, sent with its reference, or
/// not sent and why.
pub fn status_text(
    locale: &Locale,
    phone: &str,
    delivery: &Delivery,
    reference: Option<String>,
) -> String {
    match (delivery, reference) {
        (_, Some(reference)) => {
            locale.text_with("clinic.status.sent", &[("reference", &reference)])
        }
        (Delivery::Underway(_), None) => locale.text("clinic.status.sending"),
        (Delivery::NotSent(GaveUp::StillFailing), None) => {
            locale.text_with("clinic.status.failed", &[("phone", phone)])
        }
        (Delivery::NotSent(GaveUp::Refused(code)), None) => locale.text_with(
            "clinic.status.refused",
            &[("phone", phone), ("code", &code.to_string())],
        ),
        (Delivery::Ready, None) => locale.text("clinic.status.not_referred"),
    }
}

/// Earlier patients' referrals not delivered yet: how many, with "Try again"
/// for those that stopped. Nothing about the patients is shown: their
/// answers have gone from the page.
#[component]
pub fn EarlierReferrals(referrals: Signal<Vec<Outbox>>) -> impl IntoView {
    let locale = use_locale();
    let phone = use_config().service.phone.clone();
    let count = move |stopped: bool| {
        referrals.with(|all| {
            all.iter()
                .filter(|o| match o.delivery().get() {
                    Delivery::Underway(_) => !stopped,
                    Delivery::NotSent(_) => stopped,
                    Delivery::Ready => false,
                })
                .count()
        })
    };
    let retry_all = move |_| {
        referrals.with_untracked(|all| {
            all.iter()
                .filter(|o| matches!(o.delivery().get_untracked(), Delivery::NotSent(_)))
                .for_each(Outbox::retry)
        })
    };
    let sending_text = {
        let locale = locale.clone();
        move || {
            let n = count(false);
            (n > 0)
                .then(|| locale.text_with("clinic.earlier.sending", &[("count", &n.to_string())]))
        }
    };
    let stopped_text = move || {
        let n = count(true);
        (n > 0).then(|| {
            locale.text_with(
                "clinic.earlier.stopped",
                &[("count", &n.to_string()), ("phone", &phone)],
            )
        })
    };
    let try_again = use_locale().text("check.try_again");
    view! {
        <p class="th-body th-send-progress" role="status">{sending_text}</p>
        {move || stopped_text().map(|text| view! {
            <div class="th-error-summary" role="alert">
                <p class="th-body">{text}</p>
                <button class="th-button" type="button" on:click=retry_all>{try_again.clone()}</button>
            </div>
        })}
    }
}
