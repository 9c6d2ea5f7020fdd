//! The journey's state: one store for the answers, the current page, and the
//! browser history. History entries hold only a patient and a page number,
//! never an answer, and pages are not in the URL, so a reload starts clean.
//! In clinic mode one journey serves patient after patient: see
//! [`Journey::next_patient`].

use crate::flow::{FlowAnswers, History, Step, leads_to, next_step};
use crate::outbox::Outbox;
use leptos::ev;
use leptos::prelude::*;
use screening::fields::CalendarDate;
use screening::{Catalogue, Mode, ReferralForm, ServiceConfig};
use std::sync::Arc;
use wasm_bindgen::{JsCast, JsValue, UnwrapThrowExt};

/// Handed to every page through context. Copy: it holds only signal handles.
#[derive(Clone, Copy)]
pub struct Journey {
    pub answers: RwSignal<FlowAnswers>,
    step: RwSignal<Step>,
    /// Pages visited; a browser history entry's state is a patient and page
    /// number in it.
    history: StoredValue<History>,
    /// Set when the person came from "Check your answers" to change something.
    returning: RwSignal<bool>,
    config: StoredValue<Arc<ServiceConfig>>,
    catalogue: StoredValue<Arc<Catalogue>>,
    /// The service's reference once the referral has been received.
    pub reference: RwSignal<Option<String>>,
    /// Whether the referral delivered carried a risk answer: the confirmation
    /// page says what happens next differently (clinical-reference.md §6).
    pub sent_with_risk: RwSignal<bool>,
    /// The referral of the patient now on the page.
    outbox: RwSignal<Outbox>,
    /// Earlier patients' referrals not delivered yet (clinic mode): their
    /// answers are gone from the page, but the referrals are still sent.
    earlier: RwSignal<Vec<Outbox>>,
    /// The owner that outlives every patient, for each new patient's outbox.
    owner: StoredValue<Owner>,
}

impl Journey {
    /// Starts at the service's first page and follows the browser's back and
    /// forward buttons. While a referral is unsent, leaving the page asks first.
    pub fn start(catalogue: Arc<Catalogue>, config: Arc<ServiceConfig>) -> Self {
        let first = Step::first(&config);
        let journey = Journey {
            answers: RwSignal::new(FlowAnswers::new(&catalogue)),
            step: RwSignal::new(first),
            history: StoredValue::new(History::new(first)),
            returning: RwSignal::new(false),
            config: StoredValue::new(config),
            catalogue: StoredValue::new(catalogue),
            reference: RwSignal::new(None),
            sent_with_risk: RwSignal::new(false),
            outbox: RwSignal::new(Outbox::default()),
            earlier: RwSignal::new(Vec::new()),
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
        };
        journey.record_in_history();
        let listener = window_event_listener(ev::popstate, move |event| {
            if journey.has_sent() {
                return;
            }
            let Some(entry) = history_entry(&event.state()) else {
                return;
            };
            let restored = journey.config.with_value(|config| {
                journey.answers.with_untracked(|answers| {
                    let today = today();
                    journey.history.try_update_value(|history| {
                        history
                            .restore(entry, |from, to| leads_to(from, to, answers, config, today))
                    })
                })
            });
            if let Some(step) = restored.flatten() {
                if journey.history.with_value(History::entry) != entry {
                    // Forward stopped short: this entry now stands for the page shown.
                    journey.record_in_history();
                }
                journey.step.set(step);
            }
        });
        let unload = window_event_listener(ev::beforeunload, move |event| {
            let unsent = journey.outbox.get_untracked().holds_unsent()
                || journey
                    .earlier
                    .with_untracked(|e| e.iter().any(Outbox::holds_unsent));
            if unsent {
                event.prevent_default();
                // Older browsers need this as well to show their prompt.
                event.set_return_value("");
            }
        });
        on_cleanup(move || {
            listener.remove();
            unload.remove();
        });
        journey
    }

    /// Once a referral is sent (or on its way, in clinic mode), Back does not
    /// reopen the form.
    fn has_sent(&self) -> bool {
        let step = self.step.get_untracked();
        step == Step::Sent
            || (matches!(step, Step::HandBack | Step::ClinicSummary)
                && (self.reference.get_untracked().is_some()
                    || self.outbox.get_untracked().holds_unsent()))
    }

    /// Writes the current page into the browser's history in place of the
    /// current entry.
    fn record_in_history(&self) {
        write_history_entry(true, self.history.with_value(History::entry));
    }

    /// The referral of the patient now on the page.
    pub fn outbox(&self) -> Outbox {
        self.outbox.get_untracked()
    }

    /// Earlier patients' referrals, some perhaps still on their way.
    pub fn earlier_referrals(&self) -> Signal<Vec<Outbox>> {
        self.earlier.into()
    }

    /// Called when `outbox` has delivered its referral. In self-referral the
    /// confirmation page follows and the answers are dropped; in clinic mode
    /// the clinician's summary shows the reference. An earlier patient's
    /// referral changes nothing on the page.
    pub fn delivered(&self, outbox: Outbox, reference: String) {
        if self.outbox.get_untracked() != outbox {
            return;
        }
        self.reference.set(Some(reference));
        let risk = self.answers.with_untracked(FlowAnswers::risk_answer);
        self.sent_with_risk.set(risk.is_some_and(|r| r.flagged()));
        if self.config.with_value(|c| c.mode) != Mode::Clinic {
            self.go_to(Step::Sent);
            // Delivered: the answers are the service's now, not this device's.
            self.answers
                .set(self.catalogue.with_value(|c| FlowAnswers::new(c)));
        }
    }

    /// Clinic mode: forgets everything about this patient (answers, pages,
    /// reference) and shows the page for the next one. History entries of
    /// this patient stop working; a referral still on its way goes on.
    pub fn next_patient(&self) {
        let outbox = self.outbox.get_untracked();
        self.earlier.update(|earlier| {
            earlier.retain(Outbox::holds_unsent);
            if outbox.holds_unsent() {
                earlier.push(outbox);
            }
        });
        if outbox.holds_unsent() {
            self.outbox
                .set(self.owner.with_value(|o| o.with(Outbox::default)));
        }
        self.answers
            .set(self.catalogue.with_value(|c| FlowAnswers::new(c)));
        self.reference.set(None);
        self.returning.set(false);
        self.history.update_value(History::next_patient);
        self.record_in_history();
        self.step.set(Step::NextPatient);
    }

    /// Whether the person has gone on from the first page.
    pub fn has_moved(&self) -> bool {
        self.history.with_value(History::has_moved)
    }

    /// The page showing now.
    pub fn step(&self) -> Signal<Step> {
        self.step.into()
    }

    /// Goes to `step` as a new browser history entry (forward entries are
    /// dropped), written by [`Journey::write_history`] once the new page is
    /// drawn.
    pub fn go_to(&self, step: Step) {
        self.history.update_value(|history| history.push(step));
        if step == Step::CheckAnswers {
            self.returning.set(false);
        }
        self.step.set(step);
    }

    /// Writes the pages gone to since into the browser's history. The page
    /// shown calls it once it is drawn: `pushState` takes 15-45 ms on a
    /// slow phone (4x CPU throttling), which the person would otherwise wait
    /// for on every Continue.
    pub fn write_history(&self) {
        if let Some((patient, pages)) = self.history.try_update_value(History::take_unwritten) {
            for page in pages {
                write_history_entry(false, (patient, page));
            }
        }
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

/// Writes a patient and page number into the browser's history: a new
/// entry, or in place of the current one.
fn write_history_entry(replace: bool, (patient, page): (u32, usize)) {
    let Ok(history) = window().history() else {
        return;
    };
    let state = js_sys::Array::of2(&JsValue::from(patient), &JsValue::from(page as u32));
    let _ = if replace {
        history.replace_state(&state, "")
    } else {
        history.push_state(&state, "")
    };
}

/// The patient and page number of a history entry written by this journey.
fn history_entry(state: &JsValue) -> Option<(u32, usize)> {
    let entry = state.dyn_ref::<js_sys::Array>()?;
    let number = |i| entry.get(i).as_f64().map(|n| n as u32);
    Some((number(0)?, number(1)? as usize))
}

/// Today's date in the person's time zone, for ages and "not in the future".
pub fn today() -> CalendarDate {
    let now = js_sys::Date::new_0();
    CalendarDate::new(
        now.get_full_year() as u16,
        now.get_month() as u8 + 1,
        now.get_date() as u8,
    )
    // Not `expect`, whose message would bring the error's Debug code into the page.
    .expect_throw("the browser's date is a real date")
}
