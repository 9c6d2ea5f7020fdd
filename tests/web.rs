//! Component tests in headless Chromium (wasm-bindgen-test): the form building
//! blocks, the journey's transitions, and the admin page for a bad configuration.
//! Elements are found by id, role and label, never by comparing whole HTML.
#![cfg(target_arch = "wasm32")]

use leptos::{mount::mount_to, prelude::*, task::tick};
use screening::{Catalogue, ServiceConfig};
use std::sync::Arc;
use talking_health::app::{App, Journeyed};
use talking_health::components::{
    DateInput, ErrorSummary, PageError, RadioOption, Radios, TextInput, UrgentHelp,
};
use talking_health::config_source::ConfigSource;
use talking_health::flow::Step;
use talking_health::journey::Journey;
use talking_health::screens::CurrentPage;
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

/// On clinic mode's shared tablet the browser is asked to remember and
/// suggest nothing, so the next patient is not offered the last one's answers.
#[wasm_bindgen_test]
async fn fields_on_a_shared_device_turn_autocomplete_off() {
    let root = container();
    let _mounted = mount_to(root.clone(), move || {
        view! {
            <TextInput
                id="postcode".to_owned()
                label="Postcode".to_owned()
                value=Signal::derive(String::new)
                on_input=Callback::new(|_| {})
                error=Signal::derive(|| None::<String>)
                autocomplete="postal-code"
                shared_device=true
            />
            <DateInput
                id="dob".to_owned()
                legend="What is your date of birth?".to_owned()
                labels=["Day".to_owned(), "Month".to_owned(), "Year".to_owned()]
                values=Signal::derive(|| [String::new(), String::new(), String::new()])
                on_input=Callback::new(|_| {})
                error=Signal::derive(|| None::<String>)
                shared_device=true
            />
        }
    });
    pause().await;
    for id in ["postcode", "dob-day", "dob-month", "dob-year"] {
        let input = find(&root, &format!("#{id}"));
        assert_eq!(input.get_attribute("autocomplete").unwrap(), "off", "{id}");
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

/// The example configuration, checked.
fn example_config(json: &str) -> ServiceConfig {
    ServiceConfig::from_json(json, &Catalogue::load().unwrap()).unwrap()
}

/// The text of `selector` inside `root`, with its whitespace collapsed.
fn text_of(root: &web_sys::HtmlElement, selector: &str) -> String {
    let text = find(root, selector).text_content().unwrap();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// clinical-reference.md §6: every number on the urgent-help card is a link
/// a phone can act on, its text the number as people read it; the service's
/// own crisis line calls its number in E.164.
#[wasm_bindgen_test]
async fn every_number_on_the_urgent_help_card_is_a_link_to_call_or_text_it() {
    let config = example_config(EXAMPLE_CONFIG);
    let catalogue = Catalogue::load().unwrap();
    let root = container();
    let _mounted = mount_to(
        root.clone(),
        move || view! { <Journeyed catalogue config/> },
    );
    let card = wait_for(&root, ".th-care-card--urgent").await;
    for (href, number, line) in [
        (
            "tel:999",
            "999",
            "If your life is at risk right now, call 999 or go to A&E.",
        ),
        (
            "tel:111",
            "111",
            "Call NHS 111 and choose the mental health option (option 2), 24 hours a day.",
        ),
        (
            "tel:+448001234567",
            "0800 123 4567",
            "Anytown 24-hour mental health crisis line: call 0800 123 4567, 24 hours a day.",
        ),
        (
            "tel:116123",
            "116 123",
            "Samaritans: call 116 123, free, any time.",
        ),
        (
            "sms:85258?body=SHOUT",
            "85258",
            "Shout: text SHOUT to 85258.",
        ),
    ] {
        let link = format!("li a[href='{href}']");
        assert_eq!(text_of(&card, &link), number, "{href}");
        let item = find(&card, &link).parent_element().unwrap();
        assert_eq!(item.text_content().unwrap(), line, "{href}");
    }
}

/// Nothing reaches the service unless the referral is sent: the card says so
/// rather than "We will see your answer".
#[wasm_bindgen_test]
async fn the_urgent_help_card_for_a_risk_answer_says_the_service_sees_it_only_if_sent() {
    let config = Arc::new(example_config(EXAMPLE_CONFIG));
    let root = container();
    let _mounted = mount_to(root.clone(), move || {
        provide_context(config);
        view! { <UrgentHelp because_of_answer=true/> }
    });
    assert_eq!(
        text_of(&root, "[role=alert] .th-care-card__content > p"),
        "You can still carry on and refer yourself. If you send the referral, the service \
         will see this answer. But if you need help now, please do not wait:"
    );
    assert_eq!(
        text_of(&root, "[role=alert] li:nth-child(2)"),
        "Call NHS 111 and choose the mental health option (option 2), 24 hours a day."
    );
}

/// Mounts the journey of `config` on `step`, after `before` has set it up.
fn mount_on(
    root: &web_sys::HtmlElement,
    config: ServiceConfig,
    before: impl FnOnce(Journey) + 'static,
    step: Step,
) -> impl Sized {
    mount_to(root.clone(), move || {
        let config = Arc::new(config);
        let catalogue = Arc::new(Catalogue::load().unwrap());
        let journey = Journey::start(Arc::clone(&catalogue), Arc::clone(&config));
        provide_context(config);
        provide_context(catalogue);
        provide_context(journey);
        before(journey);
        journey.go_to(step);
        view! { <CurrentPage clinic=false/> }
    })
}

/// The confirmation page promises the service's own contact time; after a
/// referral with a risk answer it says the service will aim to be sooner
/// and not to wait, above the urgent-help card.
#[wasm_bindgen_test]
async fn the_confirmation_page_gives_the_services_contact_time_or_after_a_risk_answer_says_not_to_wait()
 {
    for (days, promise) in [
        (5, "We will contact you within 5 working days."),
        (10, "We will contact you within 10 working days."),
    ] {
        let json = EXAMPLE_CONFIG.replace(
            "\"contact_within_working_days\": 10",
            &format!("\"contact_within_working_days\": {days}"),
        );
        let root = container();
        let _mounted = mount_on(&root, example_config(&json), |_| (), Step::Sent);
        wait_for(&root, ".th-reference").await;
        assert_eq!(
            text_of(&root, "p.th-body"),
            format!("{promise} If things get worse before then, get help now:")
        );
        // Journey::delivered says whether the referral carried a risk
        // answer before it shows this page.
        let root = container();
        let _mounted = mount_on(
            &root,
            example_config(&json),
            |journey| journey.sent_with_risk.set(true),
            Step::Sent,
        );
        wait_for(&root, ".th-reference").await;
        assert_eq!(
            text_of(&root, "p.th-body"),
            "Because of one of your answers, we will aim to contact you sooner. If you feel you \
             might act on thoughts of harming yourself, do not wait: get help now:"
        );
        find(&root, "p.th-body + .th-care-card--urgent");
    }
}

/// Clinic mode on the example clinic configuration, in which the nurse
/// screens a patient for all three conditions (`clinic` build). The page
/// stays mounted while the second value lives.
#[cfg(feature = "clinic")]
async fn screened_for_every_condition() -> (web_sys::HtmlElement, impl Sized) {
    let catalogue = Catalogue::load().unwrap();
    let config = example_config(include_str!("../public/clinic-config.json"));
    let root = container();
    let mounted = mount_to(
        root.clone(),
        move || view! { <Journeyed catalogue config/> },
    );
    for (id, text) in [
        ("clinician_name", "Sam Patel"),
        ("clinician_role", "Practice nurse"),
        ("clinician_team", "Riverside diabetes clinic"),
    ] {
        type_into(&wait_for(&root, &format!("#{id}")).await, text);
    }
    find(&root, "button[type=submit]").click();
    wait_for(&root, "button.th-button--start").await.click();
    wait_for(&root, "#conditions").await.click();
    find(&root, "#conditions-2").click();
    find(&root, "#conditions-3").click();
    pause().await;
    find(&root, "button[type=submit]").click();
    for question in [
        "diabetes-1",
        "diabetes-2",
        "copd-1",
        "copd-2",
        "cardiac-1",
        "cardiac-2",
    ] {
        // The fifth option: "A serious problem".
        wait_for(&root, &format!("#{question}-5")).await.click();
        pause().await;
        find(&root, "button[type=submit]").click();
    }
    wait_for(&root, ".th-summary-list").await;
    (root, mounted)
}

/// clinical-reference.md §2: the COPD and cardiac screens borrow the DDS2
/// cut-off, validated for diabetes only; the nurse is told under their rows.
#[cfg(feature = "clinic")]
#[wasm_bindgen_test]
async fn the_nurse_is_told_the_copd_and_cardiac_cutoffs_are_not_validated() {
    let (root, _mounted) = screened_for_every_condition().await;
    let note = |row: u32| {
        root.query_selector(&format!(
            ".th-summary-list__row:nth-child({row}) .th-summary-list__value .th-hint"
        ))
        .unwrap()
        .map(|n| n.text_content().unwrap())
    };
    assert_eq!(
        text_of(&root, ".th-summary-list__row:nth-child(1) dt"),
        "Diabetes (DDS2)"
    );
    assert_eq!(note(1), None, "the diabetes cut-off is validated");
    for (row, name, condition) in [
        (2, "COPD", "COPD"),
        (3, "Heart condition", "heart conditions"),
    ] {
        assert_eq!(
            text_of(&root, &format!(".th-summary-list__row:nth-child({row}) dt")),
            name
        );
        assert_eq!(
            note(row).as_deref(),
            Some(
                format!(
                    "This cut-off is validated for diabetes (DDS2) only: the Talking Health \
                     programme gives none for {condition}. Use your clinical judgement."
                )
                .as_str()
            ),
            "{name}"
        );
    }
}

/// The patient is told, before they start, that the nurse sees their scores
/// and any risk answer when the tablet comes back, and what goes to the service.
#[cfg(feature = "clinic")]
#[wasm_bindgen_test]
async fn the_patient_is_told_what_the_nurse_sees_when_the_tablet_comes_back() {
    let (root, _mounted) = screened_for_every_condition().await;
    find(
        &root,
        ".th-button-group .th-button:not(.th-button--secondary)",
    )
    .click();
    wait_for(&root, ".th-hand-over").await;
    assert_eq!(
        text_of(&root, ".th-hand-over p:nth-of-type(2)"),
        "When you hand the tablet back, Sam Patel will see your scores and whether you said \
         you have had thoughts of harming yourself. If you refer yourself, your answers and \
         details are sent to Anytown Talking Therapies. Everything is cleared from this tablet \
         before the next patient."
    );
}
