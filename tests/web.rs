//! Component tests in headless Chromium (wasm-bindgen-test): the form building
//! blocks, the journey's transitions, and the admin page for a bad configuration.
//! Elements are found by id, role and label, never by comparing whole HTML.
#![cfg(target_arch = "wasm32")]

use leptos::{mount::mount_to, prelude::*, task::tick};
use screening::{Catalogue, ServiceConfig};
use talking_health::app::{App, Journeyed};
use talking_health::components::{
    DateInput, ErrorSummary, PageError, RadioOption, Radios, TextInput,
};
use talking_health::config_source::ConfigSource;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const EXAMPLE_CONFIG: &str = include_str!("../public/config.json");

/// A fresh element in the test page to mount into.
fn container() -> web_sys::HtmlElement {
    let document = document();
    let element = document.create_element("section").unwrap();
    document.body().unwrap().append_child(&element).unwrap();
    element.unchecked_into()
}

fn find(root: &web_sys::HtmlElement, selector: &str) -> web_sys::HtmlElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("{selector} not found in: {}", root.inner_html()))
        .unchecked_into()
}

async fn pause() {
    tick().await;
    let pause = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(pause).await.unwrap();
}

/// Waits, yielding to the browser, until `selector` matches inside `root`.
async fn wait_for(root: &web_sys::HtmlElement, selector: &str) -> web_sys::HtmlElement {
    for _ in 0..200 {
        if root.query_selector(selector).unwrap().is_some() {
            return find(root, selector);
        }
        pause().await;
    }
    panic!("{selector} never appeared in: {}", root.inner_html());
}

fn type_into(input: &web_sys::HtmlElement, text: &str) {
    let input: &web_sys::HtmlInputElement = input.unchecked_ref();
    input.set_value(text);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn radios_link_legend_hint_and_error_and_report_the_choice() {
    let root = container();
    let chosen = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let _mounted = mount_to(root.clone(), move || {
        view! {
            <Radios
                id="q".to_owned()
                legend="How often?".to_owned()
                hint="Over the last 2 weeks".to_owned()
                options=vec![RadioOption::new("0", "Never"), RadioOption::new("1", "Sometimes")]
                selected=chosen
                on_select=Callback::new(move |v| chosen.set(Some(v)))
                error=error
            />
        }
    });
    assert_eq!(find(&root, "legend").text_content().unwrap(), "How often?");
    assert_eq!(
        find(&root, "#q").get_attribute("value").unwrap(),
        "0",
        "the first radio's id has no suffix"
    );
    assert_eq!(
        find(&root, "label[for='q-2']").text_content().unwrap(),
        "Sometimes"
    );
    assert_eq!(
        find(&root, "fieldset")
            .get_attribute("aria-describedby")
            .unwrap(),
        "q-hint"
    );
    find(&root, "#q-2").click();
    pause().await;
    assert_eq!(chosen.get_untracked().as_deref(), Some("1"));
    error.set(Some("Select an answer".into()));
    pause().await;
    assert_eq!(
        find(&root, "fieldset")
            .get_attribute("aria-describedby")
            .unwrap(),
        "q-hint q-error"
    );
    let message = find(&root, "#q-error").text_content().unwrap();
    assert!(
        message.starts_with("Error:") && message.ends_with("Select an answer"),
        "{message}"
    );
}

#[wasm_bindgen_test]
async fn the_error_summary_is_titled_links_to_each_field_and_takes_focus() {
    let root = container();
    let errors = RwSignal::new(Vec::<PageError>::new());
    let _mounted = mount_to(root.clone(), move || {
        view! {
            <ErrorSummary errors=errors/>
            <input id="first_name"/>
        }
    });
    assert!(
        root.query_selector("[role=alert]").unwrap().is_none(),
        "hidden without errors"
    );
    errors.set(vec![PageError {
        id: "first_name".into(),
        message: "Enter your first name".into(),
    }]);
    let summary = wait_for(&root, "[role=alert]").await;
    pause().await;
    assert_eq!(
        find(&root, "h2").text_content().unwrap(),
        "There is a problem"
    );
    assert_eq!(
        document().active_element().unwrap(),
        summary.clone().unchecked_into::<web_sys::Element>()
    );
    let link = find(&root, "[role=alert] a");
    assert_eq!(link.get_attribute("href").unwrap(), "#first_name");
    link.click();
    assert_eq!(
        document().active_element().unwrap().id(),
        "first_name",
        "the link moves focus to the field"
    );
}

#[wasm_bindgen_test]
async fn a_text_input_keeps_what_is_typed_and_describes_its_hint_and_error() {
    let root = container();
    let value = RwSignal::new(String::from("N1"));
    let _mounted = mount_to(root.clone(), move || {
        view! {
            <TextInput
                id="postcode".to_owned()
                label="Postcode".to_owned()
                hint="For example, AA1 1AA".to_owned()
                value=value
                on_input=Callback::new(move |v| value.set(v))
                error=Signal::derive(|| Some("Enter a full UK postcode".to_owned()))
                autocomplete="postal-code"
            />
        }
    });
    pause().await;
    let input = find(&root, "input#postcode");
    assert_eq!(
        find(&root, "label[for='postcode']").text_content().unwrap(),
        "Postcode"
    );
    assert_eq!(
        input.get_attribute("aria-describedby").unwrap(),
        "postcode-hint postcode-error"
    );
    assert_eq!(input.get_attribute("autocomplete").unwrap(), "postal-code");
    assert_eq!(
        input.unchecked_ref::<web_sys::HtmlInputElement>().value(),
        "N1"
    );
    type_into(&input, "N1 9AB");
    pause().await;
    assert_eq!(value.get_untracked(), "N1 9AB");
}

#[wasm_bindgen_test]
async fn a_date_input_has_three_labelled_fields_with_birthday_autocomplete() {
    let root = container();
    let _mounted = mount_to(root.clone(), move || {
        view! {
            <DateInput
                id="dob".to_owned()
                legend="What is your date of birth?".to_owned()
                labels=["Day".to_owned(), "Month".to_owned(), "Year".to_owned()]
                values=Signal::derive(|| ["7".to_owned(), "3".to_owned(), "1980".to_owned()])
                on_input=Callback::new(|_| {})
                error=Signal::derive(|| None::<String>)
            />
        }
    });
    pause().await;
    for (part, autocomplete, value) in [
        ("day", "bday-day", "7"),
        ("month", "bday-month", "3"),
        ("year", "bday-year", "1980"),
    ] {
        let input = find(&root, &format!("#dob-{part}"));
        assert_eq!(input.get_attribute("autocomplete").unwrap(), autocomplete);
        assert_eq!(input.get_attribute("inputmode").unwrap(), "numeric");
        assert_eq!(
            input.unchecked_ref::<web_sys::HtmlInputElement>().value(),
            value
        );
        assert!(
            root.query_selector(&format!("label[for='dob-{part}']"))
                .unwrap()
                .is_some()
        );
    }
}

#[wasm_bindgen_test]
async fn the_journey_moves_on_shows_errors_and_keeps_answers_on_the_way_back() {
    let catalogue = Catalogue::load().unwrap();
    let config = ServiceConfig::from_json(EXAMPLE_CONFIG, &catalogue).unwrap();
    let root = container();
    let _mounted = mount_to(
        root.clone(),
        move || view! { <Journeyed catalogue config/> },
    );
    assert!(
        find(&root, "h1")
            .text_content()
            .unwrap()
            .contains("Refer yourself")
    );
    find(&root, "button.th-button--start").click();
    let day = wait_for(&root, "#date_of_birth-day").await;

    // An impossible date: the summary and the inline error, and the answer kept.
    type_into(&day, "31");
    type_into(&find(&root, "#date_of_birth-month"), "4");
    type_into(&find(&root, "#date_of_birth-year"), "1990");
    find(&root, "button[type=submit]").click();
    let summary = wait_for(&root, ".th-error-summary").await;
    assert!(summary.text_content().unwrap().contains("real date"));
    assert_eq!(
        day.unchecked_ref::<web_sys::HtmlInputElement>().value(),
        "31"
    );

    type_into(&find(&root, "#date_of_birth-day"), "30");
    find(&root, "button[type=submit]").click();
    wait_for(&root, "#gp_practice").await;
    assert!(
        find(&root, "h1")
            .text_content()
            .unwrap()
            .contains("GP practice")
    );

    // The practice search ignores case, in a name or an ODS code.
    let practices = [
        "Riverside Medical Centre",
        "Hilltop Surgery",
        "Market Street Health Centre",
    ];
    for (query, found) in [
        ("HILLTOP", "Hilltop Surgery"),
        ("market street", "Market Street Health Centre"),
        ("f83004", "Riverside Medical Centre"),
    ] {
        type_into(&find(&root, "#practice-search"), query);
        pause().await;
        let listed = find(&root, "form").text_content().unwrap();
        for practice in practices {
            assert_eq!(
                listed.contains(practice),
                practice == found,
                "{query}: {listed}"
            );
        }
    }
}

#[wasm_bindgen_test]
async fn a_page_without_data_config_shows_the_admin_what_to_add() {
    let root = container();
    let source = ConfigSource::from_mount_element(&root);
    let _mounted = mount_to(root.clone(), move || view! { <App source/> });
    let text = wait_for(&root, "[role=alert]")
        .await
        .text_content()
        .unwrap();
    assert!(text.contains("not set up correctly"), "{text}");
    assert!(text.contains("data-config"), "{text}");
}

#[wasm_bindgen_test]
async fn a_configuration_on_another_site_is_refused() {
    let root = container();
    let source = ConfigSource::at("https://elsewhere.example/config.json");
    let _mounted = mount_to(root.clone(), move || view! { <App source/> });
    let text = wait_for(&root, "[role=alert]")
        .await
        .text_content()
        .unwrap();
    assert!(text.contains("not an address on another site"), "{text}");
}

#[wasm_bindgen_test]
async fn a_configuration_file_that_is_not_there_is_reported_with_its_path() {
    let root = container();
    let source = ConfigSource::at("no-such-config.json");
    let _mounted = mount_to(root.clone(), move || view! { <App source/> });
    let text = wait_for(&root, "[role=alert]")
        .await
        .text_content()
        .unwrap();
    assert!(
        text.contains("\"no-such-config.json\" could not be loaded"),
        "{text}"
    );
}

#[wasm_bindgen_test]
async fn the_configuration_can_be_given_in_the_mount_elements_data_attribute() {
    let root = container();
    let json = include_str!("../public/config.json")
        .replace("Anytown Talking Therapies", "Inline Talking Therapies");
    root.dataset().set("configJson", &json).unwrap();
    let source = ConfigSource::from_mount_element(&root);
    let _mounted = mount_to(root.clone(), move || view! { <App source/> });
    let start = wait_for(&root, "button.th-button--start").await;
    assert!(start.text_content().unwrap().contains("Start"));
    let text = root.text_content().unwrap();
    assert!(text.contains("Inline Talking Therapies"), "{text}");
}

#[wasm_bindgen_test]
async fn a_file_and_inline_configuration_together_are_refused() {
    let root = container();
    root.dataset().set("config", "public/config.json").unwrap();
    root.dataset()
        .set("configJson", include_str!("../public/config.json"))
        .unwrap();
    let source = ConfigSource::from_mount_element(&root);
    let _mounted = mount_to(root.clone(), move || view! { <App source/> });
    let text = wait_for(&root, "[role=alert]")
        .await
        .text_content()
        .unwrap();
    assert!(
        text.contains("both data-config and data-config-json"),
        "{text}"
    );
}

/// What the admin is told when `config` is loaded on this build.
#[cfg(not(all(feature = "clinic", feature = "embed")))]
async fn configuration_problem(config: &'static str) -> String {
    let root = container();
    let source = ConfigSource::inline(config);
    let _mounted = mount_to(root.clone(), move || view! { <App source/> });
    wait_for(&root, "[role=alert]")
        .await
        .text_content()
        .unwrap()
}

/// index.html's build has no clinic pages: a clinic configuration on it is
/// refused with directions, not shown as blank pages.
#[cfg(not(feature = "clinic"))]
#[wasm_bindgen_test]
async fn a_clinic_configuration_on_the_self_referral_build_names_clinic_html() {
    let text = configuration_problem(include_str!("../public/clinic-config.json")).await;
    assert!(text.contains("not set up correctly"), "{text}");
    assert!(text.contains("Use clinic.html"), "{text}");
}

/// Nor has it embed mode's handshake.
#[cfg(not(feature = "embed"))]
#[wasm_bindgen_test]
async fn an_embed_configuration_on_the_self_referral_build_names_embed_html() {
    let text = configuration_problem(include_str!("../public/embed-config.json")).await;
    assert!(text.contains("not set up correctly"), "{text}");
    assert!(text.contains("Use embed.html"), "{text}");
}
