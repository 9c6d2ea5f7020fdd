//! Shown instead of the flow when the configuration is missing or invalid, so the
//! service's admin sees what to fix rather than a blank page.

use crate::config_source::ConfigProblem;
use leptos::prelude::*;

#[component]
pub fn ConfigProblemPage(problem: ConfigProblem) -> impl IntoView {
    view! {
        <div class="th-page" role="alert">
            <h1 class="th-heading-l" tabindex="-1">"This referral form is not set up correctly"</h1>
            <p class="th-body">"If you want to refer yourself, please contact the service by phone or come back later."</p>
            <h2 class="th-heading-s">"For the service's administrator"</h2>
            <p class="th-body th-config-problem">{problem.to_string()}</p>
        </div>
    }
}
