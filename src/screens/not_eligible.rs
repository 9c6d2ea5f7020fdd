//! Kind pages for people this service cannot accept, each with where to go
//! instead: never a dead end (clinical-reference.md §7).

use super::clinic::HandBackButton;
use crate::components::{BackLink, UrgentHelp};
use crate::context::{use_config, use_locale};
use leptos::prelude::*;

/// Where younger people can find support on NHS.UK.
const YOUNG_PEOPLE_URL: &str = "https://www.nhs.uk/mental-health/children-and-young-adults/";

#[component]
pub fn TooYoungPage(
    /// In clinic mode: the patient hands the tablet back to the nurse.
    hand_back: bool,
) -> impl IntoView {
    let locale = use_locale();
    let config = use_config();
    let minimum = config.eligibility.minimum_age;
    let age = if minimum.months == 0 {
        minimum.years.to_string()
    } else {
        format!("{} years {} months", minimum.years, minimum.months)
    };
    view! {
        <BackLink/>
        <div class="th-page">
            <h1 class="th-heading-l" tabindex="-1">{locale.text_with("too_young.heading", &[("age", &age)])}</h1>
            <p class="th-body">{locale.text("too_young.body")}</p>
            <p class="th-body"><a href=YOUNG_PEOPLE_URL>{locale.text("too_young.link")}</a></p>
            <UrgentHelp/>
            {hand_back.then(|| view! { <HandBackButton/> })}
        </div>
    }
}

#[component]
pub fn OutOfAreaPage(
    /// In clinic mode: the patient hands the tablet back to the nurse.
    hand_back: bool,
) -> impl IntoView {
    let locale = use_locale();
    let config = use_config();
    view! {
        <BackLink/>
        <div class="th-page">
            <h1 class="th-heading-l" tabindex="-1">{locale.text("out_of_area.heading")}</h1>
            <p class="th-body">{locale.text_with("out_of_area.body", &[("service", &config.service.name)])}</p>
            <p class="th-body">
                <a class="th-button th-button--link" href=config.eligibility.out_of_area_url.to_string()>
                    {locale.text("out_of_area.link")}
                </a>
            </p>
            <UrgentHelp/>
            {hand_back.then(|| view! { <HandBackButton/> })}
        </div>
    }
}
