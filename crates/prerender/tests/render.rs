//! The pages the build writes: each read back with an HTML5 parser, as a
//! browser reads them.

use prerender::{PrerenderError, fetching_page, render_page};
use scraper::{Html, Selector};
use serde_json::{Value, json};

fn workspace_file(path: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn config(patch: Value) -> String {
    let mut config: Value = serde_json::from_str(&workspace_file("public/config.json")).unwrap();
    for (key, value) in patch.as_object().unwrap() {
        config[key] = value.clone();
    }
    config.to_string()
}

fn select<'a>(page: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    page.select(&Selector::parse(css).unwrap()).collect()
}

fn text(page: &Html, css: &str) -> String {
    select(page, css)
        .iter()
        .map(|e| e.text().collect::<String>())
        .collect::<Vec<_>>()
        .join("|")
}

fn mount_attribute(page: &Html, name: &str) -> Option<String> {
    select(page, "#talking-health")[0]
        .value()
        .attr(name)
        .map(str::to_owned)
}

#[test]
fn index_html_gets_the_configuration_and_the_start_page_made_from_it() {
    let config = config(json!({}));
    let written =
        Html::parse_document(&render_page(&workspace_file("index.html"), &config).unwrap());
    let inline: Value =
        serde_json::from_str(&mount_attribute(&written, "data-config-json").unwrap()).unwrap();
    assert_eq!(inline, serde_json::from_str::<Value>(&config).unwrap());
    assert_eq!(
        mount_attribute(&written, "data-config"),
        None,
        "nothing to fetch"
    );
    assert_eq!(
        text(&written, "#talking-health > .th-page h1"),
        "Refer yourself for talking therapies"
    );
    assert_eq!(
        text(&written, "#talking-health > .th-page .th-caption"),
        "Anytown Talking Therapies"
    );
    assert_eq!(
        text(&written, "title"),
        "Refer yourself for talking therapies – Anytown Talking Therapies"
    );
    let links: Vec<_> = select(&written, "#talking-health > .th-page a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_owned())
        .collect();
    assert_eq!(
        links,
        [
            "tel:999",
            "tel:111",
            "tel:+448001234567",
            "tel:116123",
            "sms:85258?body=SHOUT",
            "https://www.example.nhs.uk/privacy"
        ]
    );
    // Without JavaScript the button could not work: the loader shows it.
    let button = select(
        &written,
        "#talking-health > .th-page button.th-button--start",
    );
    assert!(button[0].value().attr("hidden").is_some());
    let logo = select(&written, "#talking-health > .th-service-header img");
    assert_eq!(logo[0].value().attr("src"), Some("public/logo.svg"));
    assert_eq!(
        text(&written, "noscript"),
        "\n  <p>This referral form needs JavaScript turned on. You can also refer yourself by \
         calling Anytown Talking Therapies on <a href=\"tel:+443001234567\">0300 123 4567</a>.</p>\n"
    );
}

/// Each attribute `name` of the elements `css` selects, joined by `|`.
fn attributes(page: &Html, css: &str, name: &str) -> String {
    select(page, css)
        .iter()
        .map(|e| e.value().attr(name).unwrap_or("-"))
        .collect::<Vec<_>>()
        .join("|")
}

#[test]
fn index_html_keeps_the_date_of_birth_page_ready_in_a_template() {
    let page = Html::parse_document(
        &render_page(&workspace_file("index.html"), &config(json!({}))).unwrap(),
    );
    assert_date_of_birth_page(&template(&page).unwrap());
}

/// In a practice's frame the page opens as the self-referral page does: the
/// widget shows the journey after it only on a website the service listed.
#[test]
fn embed_html_opens_on_the_start_page_with_the_date_of_birth_page_ready() {
    let page = Html::parse_document(
        &render_page(
            &workspace_file("embed.html"),
            &workspace_file("public/embed-config.json"),
        )
        .unwrap(),
    );
    assert_eq!(
        text(&page, "#talking-health > .th-page h1"),
        "Refer yourself for talking therapies"
    );
    let start = select(&page, "#talking-health > .th-page button.th-button--start");
    assert!(start[0].value().attr("hidden").is_some());
    assert!(select(&page, "#talking-health > p.th-loading").is_empty());
    assert_date_of_birth_page(&template(&page).unwrap());
}

/// The plain-HTML date-of-birth page, as `DateOfBirthPage` draws it.
fn assert_date_of_birth_page(written: &Html) {
    let page = ".th-plain-page";
    assert_eq!(text(written, &format!("{page} > a.th-back-link")), "Back");
    assert_eq!(
        text(written, &format!("{page} form h1")),
        "What is your date of birth?"
    );
    assert_eq!(
        text(written, &format!("{page} form .th-hint")),
        "For example, 27 3 1985"
    );
    assert_eq!(
        text(written, &format!("{page} form label")),
        "Day|Month|Year"
    );
    let inputs = format!("{page} form input");
    assert_eq!(
        attributes(written, &inputs, "id"),
        "date_of_birth-day|date_of_birth-month|date_of_birth-year"
    );
    assert_eq!(
        attributes(written, &format!("{page} form label"), "for"),
        attributes(written, &inputs, "id"),
        "each label names its input"
    );
    // Clinical-reference.md §9: the birthday's parts, for the browser to fill in.
    assert_eq!(
        attributes(written, &inputs, "autocomplete"),
        "bday-day|bday-month|bday-year"
    );
    assert_eq!(
        attributes(written, &inputs, "inputmode"),
        "numeric|numeric|numeric"
    );
    assert_eq!(
        text(written, &format!("{page} form button[type=submit]")),
        "Continue"
    );
}

/// The contents of `page`'s template in its mount element, if it has one
/// (a template's contents are a document fragment of their own).
fn template(page: &Html) -> Option<Html> {
    let templates = select(page, "#talking-health > template");
    assert!(templates.len() <= 1);
    templates
        .first()
        .map(|template| Html::parse_fragment(&template.inner_html()))
}

#[test]
fn clinic_html_keeps_the_clinicians_details_ready_in_a_template() {
    let written = template(&Html::parse_document(
        &render_page(
            &workspace_file("clinic.html"),
            &workspace_file("public/clinic-config.json"),
        )
        .unwrap(),
    ))
    .unwrap();
    let page = ".th-clinic.th-plain-page";
    assert_eq!(text(&written, &format!("{page} h1")), "Your details");
    assert_eq!(
        text(&written, &format!("{page} label")),
        "Your name|Your role|Your team or clinic"
    );
    let inputs = format!("{page} form input");
    assert_eq!(
        attributes(&written, &inputs, "id"),
        "clinician_name|clinician_role|clinician_team"
    );
    assert_eq!(
        attributes(&written, &format!("{page} label"), "for"),
        attributes(&written, &inputs, "id")
    );
    // A shared tablet: the browser offers nothing typed before.
    assert_eq!(attributes(&written, &inputs, "autocomplete"), "off|off|off");
    assert_eq!(
        text(&written, &format!("{page} button[type=submit]")),
        "Start the clinic session"
    );
}

#[test]
fn what_a_service_writes_is_text_and_its_configuration_comes_back_exactly() {
    let name = r#"Anytown "Talking" <script>alert(1)</script> & Therapies"#;
    let config = config(json!({
        "service": { "name": name, "phone": "0300 123 4567" },
        "branding": { "logo": { "src": "public/logo.svg", "alt": "a \"quoted\" <b>logo</b>" } }
    }));
    let page = render_page(&workspace_file("index.html"), &config).unwrap();
    let written = Html::parse_document(&page);
    assert!(select(&written, "script:not([src])").is_empty(), "{page}");
    assert_eq!(
        text(&written, "#talking-health > .th-page .th-caption"),
        name
    );
    let logo = select(&written, "#talking-health > .th-service-header img");
    assert_eq!(
        logo[0].value().attr("alt"),
        Some("a \"quoted\" <b>logo</b>")
    );
    let inline = mount_attribute(&written, "data-config-json").unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&inline).unwrap(),
        serde_json::from_str::<Value>(&config).unwrap()
    );
}

#[test]
fn writing_again_replaces_what_was_written() {
    let index = workspace_file("index.html");
    let first = render_page(&index, &config(json!({}))).unwrap();
    let other = config(
        json!({ "service": { "name": "Elsewhere Talking Therapies", "phone": "0300 123 4567" } }),
    );
    let again = render_page(&first, &other).unwrap();
    assert_eq!(again, render_page(&index, &other).unwrap());
    assert!(!again.contains("Anytown Talking Therapies offers"));
}

#[test]
fn clinic_html_gets_a_loading_message_and_no_start_page() {
    let written = Html::parse_document(
        &render_page(
            &workspace_file("clinic.html"),
            &workspace_file("public/clinic-config.json"),
        )
        .unwrap(),
    );
    assert!(mount_attribute(&written, "data-config-json").is_some());
    assert!(
        select(
            &written,
            "#talking-health > .th-page, #talking-health > .th-service-header"
        )
        .is_empty(),
        "no start page"
    );
    assert_eq!(text(&written, "#talking-health > p.th-loading"), "Loading…");
    assert!(text(&written, "noscript").contains("tel:+443001234567"));
}

#[test]
fn a_configuration_the_widget_would_refuse_fails_the_build_saying_why() {
    let refused = config(json!({ "branding": { "button_colour": "#41b6e6" } }));
    let error = render_page(&workspace_file("index.html"), &refused).unwrap_err();
    assert!(matches!(error, PrerenderError::Config(_)), "{error}");
    assert!(
        error.to_string().contains("branding.button_colour"),
        "{error}"
    );
    let error = render_page(&workspace_file("index.html"), "{ not json").unwrap_err();
    assert!(matches!(error, PrerenderError::Config(_)), "{error}");
}

#[test]
fn a_page_without_the_mount_element_is_refused() {
    let error = render_page(
        "<!DOCTYPE html><html><body><main></main></body></html>",
        &config(json!({})),
    )
    .unwrap_err();
    assert!(matches!(error, PrerenderError::NoMountElement), "{error}");
}

#[test]
fn a_page_can_be_made_to_fetch_its_configuration_instead() {
    let index = workspace_file("index.html");
    let rendered = render_page(&index, &config(json!({}))).unwrap();
    let written = Html::parse_document(&fetching_page(&rendered, "public/config.json").unwrap());
    assert_eq!(
        mount_attribute(&written, "data-config").as_deref(),
        Some("public/config.json")
    );
    assert_eq!(mount_attribute(&written, "data-config-json"), None);
    assert!(
        select(&written, ".th-page").is_empty(),
        "no start page it might contradict"
    );
    assert_eq!(text(&written, "#talking-health > p.th-loading"), "Loading…");
}
