//! The first page: what this is, how long it takes, that it is not an emergency
//! service, and the privacy notice.

use crate::components::UrgentHelp;
use crate::context::{use_config, use_journey, use_locale};
use crate::flow::Step;
use leptos::prelude::*;

#[component]
pub fn StartPage() -> impl IntoView {
    let locale = use_locale();
    let config = use_config();
    let journey = use_journey();
    let service = config.service.name.as_str();
    view! {
        <div class="th-page">
            <span class="th-caption">{service.to_owned()}</span>
            <h1 class="th-heading-l" tabindex="-1">{locale.text("start.heading")}</h1>
            <p class="th-body">{locale.text_with("start.intro", &[("service", service)])}</p>
            <p class="th-body">{locale.text("start.what_happens")}</p>
            <UrgentHelp/>
            <p class="th-body">
                <a href=config.privacy_notice_url.to_string() target="_blank" rel="noopener noreferrer">
                    {locale.text("start.privacy")}
                </a>
            </p>
            <button class="th-button th-button--start" type="button" on:click=move |_| journey.continue_from(Step::Start)>
                {locale.text("start.button")}
            </button>
        </div>
    }
}
