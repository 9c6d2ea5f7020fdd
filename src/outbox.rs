//! The referral on its way to the service. It lives beside the journey, not
//! on a page, so it survives moving between pages, and it is kept in memory
//! until it is delivered: never in the browser's storage.

use crate::submission::{Progress, deliver, new_referral_id};
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
#[derive(Clone, Copy, PartialEq)]
pub struct Outbox {
    delivery: RwSignal<Delivery>,
    /// One id per referral, kept across every attempt and every "Try again",
    /// even if the person changes an answer in between: if an earlier attempt
    /// did arrive, the endpoint then refuses the changed copy (409) instead of
    /// storing the person twice.
    referral_id: StoredValue<String>,
    /// What is being sent, kept until it is delivered so that "Try again"
    /// sends exactly the same bytes; dropped once delivered.
    parcel: StoredValue<Option<Parcel>>,
}

/// One referral and where it goes.
#[derive(Clone)]
struct Parcel {
    endpoint: String,
    payload: ReferralPayload,
    policy: RetryPolicy,
}

impl Default for Outbox {
    /// An empty outbox.
    fn default() -> Self {
        Outbox {
            delivery: RwSignal::new(Delivery::Ready),
            referral_id: StoredValue::new(new_referral_id()),
            parcel: StoredValue::new(None),
        }
    }
}

impl Outbox {
    /// Whether a referral in it has not been delivered yet: leaving the page
    /// now would lose it.
    pub fn holds_unsent(&self) -> bool {
        matches!(
            self.delivery.get_untracked(),
            Delivery::Underway(_) | Delivery::NotSent(_)
        )
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
        let parcel = Parcel {
            endpoint,
            payload,
            policy,
        };
        self.parcel.set_value(Some(parcel.clone()));
        let outbox = *self;
        outbox.delivery.set(Delivery::Underway(Progress::Sending));
        leptos::task::spawn_local(async move {
            let report = move |progress| outbox.delivery.set(Delivery::Underway(progress));
            match deliver(&parcel.endpoint, &parcel.payload, parcel.policy, report).await {
                Ok(reference) => {
                    outbox.delivery.set(Delivery::Ready);
                    outbox.parcel.set_value(None);
                    outbox.referral_id.set_value(new_referral_id());
                    delivered(reference);
                }
                Err(why) => outbox.delivery.set(Delivery::NotSent(why)),
            }
        });
    }

    /// Sends the undelivered referral again, exactly as before. For a
    /// referral whose page has gone (an earlier patient's, in clinic mode).
    pub fn retry(&self) {
        if let Some(Parcel {
            endpoint,
            payload,
            policy,
        }) = self.parcel.get_value()
        {
            self.send(endpoint, payload, policy, |_| {});
        }
    }
}
