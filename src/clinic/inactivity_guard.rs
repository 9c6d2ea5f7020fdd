//! Clears a screening left alone on a shared tablet: after the service's
//! quiet time a warning counts down, and any input (a touch, a key, typing)
//! keeps the screening; at zero the patient's answers are forgotten
//! ([`Journey::next_patient`]), though a referral still being sent goes on,
//! and the nurse's next page tells them of it and of any risk answer.

use crate::context::{use_clinic_session, use_config, use_journey, use_locale};
use crate::flow::ClearedScreening;
use leptos::prelude::*;
use screening::Inactivity;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// What counts as someone using the tablet.
const INPUT_EVENTS: [&str; 5] = ["pointerdown", "keydown", "input", "touchstart", "wheel"];

/// How often the time since the last input is checked: often enough for a
/// countdown in whole seconds.
const TICK: Duration = Duration::from_millis(250);

fn now() -> f64 {
    js_sys::Date::now()
}

#[component]
pub fn InactivityGuard() -> impl IntoView {
    let locale = use_locale();
    let journey = use_journey();
    let settings = use_config().inactivity;
    let session = use_clinic_session();
    // Wall-clock time, so that a tablet that slept through the countdown
    // clears the screening as soon as it wakes.
    let last_input = StoredValue::new(now());
    let phase = RwSignal::new(Inactivity::Active);
    let listeners: Vec<_> = INPUT_EVENTS
        .into_iter()
        .map(|name| {
            window_event_listener_untyped(name, move |_| {
                last_input.set_value(now());
                if phase.get_untracked() != Inactivity::Active {
                    phase.set(Inactivity::Active);
                }
            })
        })
        .collect();
    let tick = set_interval_with_handle(
        move || {
            if !journey.step().get_untracked().is_about_a_patient() {
                last_input.set_value(now());
                return;
            }
            let idle = Duration::from_millis((now() - last_input.get_value()).max(0.0) as u64);
            match settings.after(idle) {
                Inactivity::Expired => {
                    phase.set(Inactivity::Active);
                    // The nurse is told of the cleared screening, with any
                    // risk answer given (clinical-reference.md §6).
                    let confirmed = journey.reference.get_untracked().is_some()
                        || journey.outbox().holds_unsent();
                    let notice = journey.answers.with_untracked(|answers| {
                        ClearedScreening::of(answers, session.started.get_value(), confirmed)
                    });
                    journey.next_patient();
                    session.cleared.set(Some(notice));
                }
                other => {
                    if phase.get_untracked() != other {
                        phase.set(other);
                    }
                }
            }
        },
        TICK,
    )
    .ok();
    on_cleanup(move || {
        listeners.into_iter().for_each(|l| l.remove());
        if let Some(tick) = tick {
            tick.clear();
        }
    });

    let showing = Memo::new(move |_| matches!(phase.get(), Inactivity::Warning { .. }));
    let seconds_left = move || match phase.get() {
        Inactivity::Warning { seconds_left } => seconds_left,
        _ => 0,
    };
    let keep_going = NodeRef::<leptos::html::Button>::new();
    // Focus goes to the warning's button, and back where it was after.
    let focused_before = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |_| {
        if showing.get() {
            focused_before.set_value(
                document()
                    .active_element()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
            );
            request_animation_frame(move || {
                if let Some(button) = keep_going.get_untracked() {
                    let _ = button.focus();
                }
            });
        } else if let Some(element) = focused_before.try_update_value(Option::take).flatten() {
            let _ = element.focus();
        }
    });
    let title = locale.text("clinic.inactivity.heading");
    let button = locale.text("clinic.inactivity.button");
    // Added when it shows, so that screen readers announce it.
    move || {
        showing.get().then(|| {
            let locale = locale.clone();
            view! {
                <div class="th-dialog-backdrop">
                    <div class="th-dialog" role="alertdialog" aria-modal="true"
                        aria-labelledby="th-inactivity-title" aria-describedby="th-inactivity-body">
                        <h2 class="th-heading-m" id="th-inactivity-title">{title.clone()}</h2>
                        <p class="th-body" id="th-inactivity-body">
                            {move || locale.text_with("clinic.inactivity.body", &[("seconds", &seconds_left().to_string())])}
                        </p>
                        // Any input keeps the screening; the button is the obvious one.
                        <button class="th-button" type="button" node_ref=keep_going>{button.clone()}</button>
                    </div>
                </div>
            }
        })
    }
}
