//! The journey's state: one store for the answers, the current page, and the
//! browser history. History entries hold only a page number, never an answer,
//! and pages are not in the URL, so a reload starts clean.

use crate::flow::{FlowAnswers, Step, next_step};
use crate::outbox::Outbox;
use leptos::ev;
use leptos::prelude::*;
use screening::fields::CalendarDate;
use screening::{Catalogue, ReferralForm, ServiceConfig};
use std::sync::Arc;
use wasm_bindgen::JsValue;

/// Handed to every page through context. Copy: it holds only signal handles.
#[derive(Clone, Copy)]
pub struct Journey {
    pub answers: RwSignal<FlowAnswers>,
    step: RwSignal<Step>,
    /// Pages visited, in order; a history entry's state is an index into this.
    visited: StoredValue<Vec<Step>>,
    position: StoredValue<usize>,
    /// Set when the person came from "Check your answers" to change something.
    returning: RwSignal<bool>,
    config: StoredValue<Arc<ServiceConfig>>,
    /// The service's reference once the referral has been received.
    pub reference: RwSignal<Option<String>>,
    /// The referral on its way to the service.
    pub outbox: Outbox,
}

impl Journey {
    /// Starts at the first page and follows the browser's back and forward buttons.
    pub fn start(catalogue: &Catalogue, config: Arc<ServiceConfig>) -> Self {
        let journey = Journey {
            answers: RwSignal::new(FlowAnswers::new(catalogue)),
            step: RwSignal::new(Step::Start),
            visited: StoredValue::new(vec![Step::Start]),
            position: StoredValue::new(0),
            returning: RwSignal::new(false),
            config: StoredValue::new(config),
            reference: RwSignal::new(None),
            outbox: Outbox::start(),
        };
        if let Ok(history) = window().history() {
            let _ = history.replace_state(&JsValue::from(0), "");
        }
        let listener = window_event_listener(ev::popstate, move |event| {
            // Once sent, Back does not reopen the form.
            if journey.step.get_untracked() == Step::Sent {
                return;
            }
            let Some(index) = event.state().as_f64().map(|i| i as usize) else {
                return;
            };
            if let Some(step) = journey.visited.with_value(|v| v.get(index).copied()) {
                journey.position.set_value(index);
                journey.step.set(step);
            }
        });
        on_cleanup(move || listener.remove());
        journey
    }

    /// Whether the person has gone on from the first page.
    pub fn has_moved(&self) -> bool {
        self.position.get_value() > 0
    }

    /// The page showing now.
    pub fn step(&self) -> Signal<Step> {
        self.step.into()
    }

    /// Goes to `step` as a new browser history entry (forward entries are dropped).
    pub fn go_to(&self, step: Step) {
        let index = self.position.get_value() + 1;
        self.visited.update_value(|visited| {
            visited.truncate(index);
            visited.push(step);
        });
        self.position.set_value(index);
        if step == Step::CheckAnswers {
            self.returning.set(false);
        }
        if let Ok(history) = window().history() {
            let _ = history.push_state(&JsValue::from(index as f64), "");
        }
        self.step.set(step);
    }

    /// Goes to the page after `current`.
    pub fn continue_from(&self, current: Step) {
        let next = self.config.with_value(|config| {
            self.answers.with_untracked(|answers| {
                next_step(
                    current,
                    answers,
                    config,
                    today(),
                    self.returning.get_untracked(),
                )
            })
        });
        self.go_to(next);
    }

    /// From "Check your answers": change the answer on `step`, then come back.
    pub fn change(&self, step: Step) {
        self.returning.set(true);
        self.go_to(step);
    }

    /// The value of one text field of the referral form, and a setter for it,
    /// for binding an input to the store.
    pub fn text_field(
        &self,
        read: fn(&ReferralForm) -> &String,
        write: fn(&mut ReferralForm) -> &mut String,
    ) -> (Signal<String>, Callback<String>) {
        let answers = self.answers;
        let value = Signal::derive(move || answers.with(|a| read(&a.form).clone()));
        let set = Callback::new(move |text| answers.update(|a| *write(&mut a.form) = text));
        (value, set)
    }
}

/// Today's date in the person's time zone, for ages and "not in the future".
pub fn today() -> CalendarDate {
    let now = js_sys::Date::new_0();
    CalendarDate::new(
        now.get_full_year() as u16,
        now.get_month() as u8 + 1,
        now.get_date() as u8,
    )
    .expect("the browser's date is a real date")
}
