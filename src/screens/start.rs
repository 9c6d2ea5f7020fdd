//! The first page: what this is, how long it takes, that it is not an emergency
//! service, and the privacy notice.
//!
//! index.html arrives with this page already in it, as plain HTML written by
//! the build from the same [`StartText`]: while that page is showing, the
//! widget draws nothing over it and only answers its Start button. The
//! widget draws the page itself when the person comes back to it.

use crate::components::UrgentHelp;
use crate::context::{use_config, use_journey, use_locale};
use crate::flow::Step;
use crate::plain_pages::PlainPages;
use crate::start_text::StartText;
use leptos::prelude::*;

#[component]
pub fn StartPage() -> impl IntoView {
    let journey = use_journey();
    let start = move || journey.continue_from(Step::Start);
    // Still showing only if the widget kept it (see `App`).
    if PlainPages.is_showing() {
        let listener = PlainPages.on_start(start);
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
