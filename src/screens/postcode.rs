//! "What is your postcode?"

use super::form::{continue_referral_page, error_for};
use crate::components::{PageForm, TextInput};
use crate::context::{use_journey, use_locale};
use crate::flow::Step;
use leptos::prelude::*;
use screening::FormField;

#[component]
pub fn PostcodePage(
    /// On clinic mode's shared tablet: the browser offers nothing typed before.
    shared_device: bool,
) -> impl IntoView {
    let locale = use_locale();
    let journey = use_journey();
    let errors = RwSignal::new(Vec::new());
    let (postcode, set_postcode) = journey.text_field(|f| &f.postcode, |f| &mut f.postcode);
    view! {
        <PageForm errors on_continue=continue_referral_page(Step::Postcode, errors)>
            <TextInput
                id="postcode".to_owned()
                label=locale.text("postcode.heading")
                is_page_heading=true
                value=postcode
                on_input=set_postcode
                error=error_for(errors, FormField::Postcode)
                autocomplete="postal-code"
                width="th-input--width-10"
                spellcheck_off=true
                shared_device
            />
        </PageForm>
    }
}
