//! The referral on its way to the service. It lives beside the journey, not
//! on a page, so it survives moving between pages, and it is kept in memory
//! until it is delivered: never in the browser's storage.

use crate::submission::{Progress, deliver, new_referral_id};
use leptos::ev;
use leptos::prelude::*;
use screening::{GaveUp, ReferralPayload, RetryPolicy};

/// Where the referral is, for the page to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Not sent yet.
    Ready,
    Underway(Progress),
    /// Stopped without delivering; the person can try again or phone.
    NotSent(GaveUp),
}

/// Handed round through the journey. Copy: it holds only signal handles.
#[derive(Clone, Copy)]
pub struct Outbox {
    delivery: RwSignal<Delivery>,
    /// One id per referral, kept across every attempt and every "Try again",
    /// even if the person changes an answer in between: if an earlier attempt
    /// did arrive, the endpoint then refuses the changed copy (409) instead of
    /// storing the person twice.
    referral_id: StoredValue<String>,
}

impl Outbox {
    /// An empty outbox. While a referral in it is unsent, leaving the page
    /// asks first.
    pub fn start() -> Self {
        let outbox = Outbox {
            delivery: RwSignal::new(Delivery::Ready),
            referral_id: StoredValue::new(new_referral_id()),
        };
        let listener = window_event_listener(ev::beforeunload, move |event| {
            if matches!(
                outbox.delivery.get_untracked(),
                Delivery::Underway(_) | Delivery::NotSent(_)
            ) {
                event.prevent_default();
                // Older browsers need this as well to show their prompt.
                event.set_return_value("");
            }
        });
        on_cleanup(move || listener.remove());
        outbox
    }

    pub fn delivery(&self) -> Signal<Delivery> {
        self.delivery.into()
    }

    pub fn referral_id(&self) -> String {
        self.referral_id.get_value()
    }

    /// Sends `payload` unless a send is already underway (a second click on
    /// "Confirm and send" does nothing). `delivered` gets the reference.
    pub fn send(
        &self,
        endpoint: String,
        payload: ReferralPayload,
        policy: RetryPolicy,
        delivered: impl FnOnce(String) + 'static,
    ) {
        if matches!(self.delivery.get_untracked(), Delivery::Underway(_)) {
            return;
        }
        let outbox = *self;
        outbox.delivery.set(Delivery::Underway(Progress::Sending));
        leptos::task::spawn_local(async move {
            let report = move |progress| outbox.delivery.set(Delivery::Underway(progress));
            match deliver(&endpoint, &payload, policy, report).await {
                Ok(reference) => {
                    outbox.delivery.set(Delivery::Ready);
                    outbox.referral_id.set_value(new_referral_id());
                    delivered(reference);
                }
                Err(why) => outbox.delivery.set(Delivery::NotSent(why)),
            }
        });
    }
}
