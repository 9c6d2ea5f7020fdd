//! The first page: what this is, how long it takes, that it is not an emergency
//! service, and the privacy notice.
//!
//! index.html arrives with this page already in it, as plain HTML written by
//! the build from the same [`StartText`]: while that page is showing, the
//! widget draws nothing over it and only answers its Start button. The
//! widget draws the page itself when the person comes back to it.

use crate::components::UrgentHelp;
use crate::components::date_input::input_ids;
use crate::context::{use_config, use_journey, use_locale};
use crate::flow::Step;
use crate::journey::Journey;
use crate::plain_pages::PlainPages;
use crate::start_text::{DateOfBirthText, StartText};
use leptos::prelude::*;

/// Goes on past the start page, taking over the plain-HTML date-of-birth
/// page if it is showing: what was typed there becomes the journey's
/// answer, and the widget's page is drawn in its place.
pub fn go_past_start(journey: Journey) {
    if let Some([day, month, year]) = PlainPages.take_over(input_ids(DateOfBirthText::FIELD_ID)) {
        journey
            .answers
            .update(|a| (a.form.dob_day, a.form.dob_month, a.form.dob_year) = (day, month, year));
    }
    journey.continue_from(Step::Start);
}

#[component]
pub fn StartPage() -> impl IntoView {
    let journey = use_journey();
    let start = move || journey.continue_from(Step::Start);
    // Still showing only if the widget kept it (see `App`).
    if PlainPages.is_showing() {
        // The page's loader answers the press, with the plain-HTML
        // date-of-birth page, at once, and the widget takes that over once
        // it is on the screen: drawing its own page the first time costs a
        // slow phone about 150 ms, most of it compiling the wasm that draws
        // it, which the person would otherwise wait for on Start.
        let listener = PlainPages.on_start(move || go_past_start(journey));
        on_cleanup(move || {
            listener.remove();
            PlainPages.remove();
        });
        return ().into_any();
    }
    let text = StartText::new(&use_config(), &use_locale());
    view! {
        <div class="th-page">
            <span class="th-caption">{text.caption}</span>
            <h1 class="th-heading-l" tabindex="-1">{text.heading}</h1>
            <p class="th-body">{text.intro}</p>
            <p class="th-body">{text.what_happens}</p>
            <UrgentHelp/>
            <p class="th-body">
                <a href=text.privacy_url target="_blank" rel="noopener noreferrer">{text.privacy}</a>
            </p>
            <button class="th-button th-button--start" type="button" on:click=move |_| start()>
                {text.button}
            </button>
        </div>
    }
    .into_any()
}
