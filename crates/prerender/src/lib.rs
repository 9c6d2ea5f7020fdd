//! Writes a service's configuration into a page Trunk built, as the mount
//! element's `data-config-json`, and fills the mount element with what a
//! person sees before the widget's code arrives, made from that
//! configuration by the widget's own texts (`talking_health::start_text`): on
//! a self-referral or embedded page the start page and the date-of-birth page
//! after it, on a clinic page a loading message and the clinician's details.
//! All have a no-script message with the service's number.
//!
//! So the widget starts without fetching its configuration (one round trip
//! less on a slow phone), and the start page can never say something other
//! than the configuration: the widget keeps it in place instead of drawing
//! it again. The build runs this on every page (scripts/build.sh); a
//! service that edits its configuration runs the build again. A page can
//! instead fetch its configuration at start ([`fetching_page`]), at the
//! cost of that round trip.

mod inline;

pub use inline::inline_assets;

use askama::Template;
use lol_html::html_content::ContentType;
use lol_html::{RewriteStrSettings, element, rewrite_str};
use screening::branding::Logo;
use screening::fields::PhoneNumber;
use screening::{Catalogue, Mode, ServiceConfig};
use talking_health::MOUNT_ID;
use talking_health::components::date_input::{PARTS, input_ids};
use talking_health::locale::Locale;
use talking_health::start_text::{
    ClinicianDetailsText, DateOfBirthText, StartText, UrgentLine, UrgentText,
};

/// Why a page could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PrerenderError {
    #[error("the configuration has a problem: {0}")]
    Config(String),
    #[error("the page has no element with id \"{MOUNT_ID}\" to put the widget in")]
    NoMountElement,
    #[error("the page could not be rewritten: {0}")]
    Rewrite(String),
    #[error("the page's stylesheet or loader could not be written into it: {0}")]
    Inline(String),
}

/// What goes inside the mount element.
#[derive(Template)]
#[template(path = "mount.html")]
struct MountContent {
    logo: Option<Logo>,
    start: Option<StartText>,
    /// The page after the start page, shown if Start is pressed before the
    /// widget arrives.
    date_of_birth: Option<DateOfBirthText>,
    field_id: &'static str,
    /// Each date input's id, `autocomplete` and width class, as `DateInput`
    /// draws them.
    date_inputs: Vec<(String, &'static str, &'static str)>,
    /// Clinic mode's first page, shown as soon as the page's loader runs.
    clinician_details: Option<ClinicianDetailsText>,
    urgent: UrgentText,
    noscript: UrgentLine,
}

/// `page` with the configuration `config_json` written into its mount
/// element, and the content made from it. Fails, saying why, if the
/// configuration is not one the widget would accept, so that a service
/// learns of a mistake when it builds rather than from a patient.
pub fn render_page(page: &str, config_json: &str) -> Result<String, PrerenderError> {
    let catalogue = Catalogue::load().map_err(|e| PrerenderError::Config(e.to_string()))?;
    let config = ServiceConfig::from_json(config_json, &catalogue)
        .map_err(|e| PrerenderError::Config(e.to_string()))?;
    let locale = Locale::for_language(&page_language(page));
    let content = mount_content(&config, &locale)?;
    let title = opens_on_start_page(&config)
        .then(|| format!("{} – {}", locale.text("start.heading"), config.service.name));
    let compact = serde_json::from_str::<serde_json::Value>(config_json)
        .map_err(|e| PrerenderError::Config(e.to_string()))?
        .to_string();
    rewrite_mount(page, title.as_deref(), |mount| {
        mount.remove_attribute("data-config");
        mount.set_attribute("data-config-json", &compact)?;
        mount.set_inner_content(&content, ContentType::Html);
        Ok(())
    })
}

/// `page` made to fetch its configuration from `path` (relative to the
/// page, on its own site) when the widget starts, with a loading message
/// until then: a service can then change the configuration without
/// building again, and every person waits one round trip longer.
pub fn fetching_page(page: &str, path: &str) -> Result<String, PrerenderError> {
    let loading = r#"<p class="th-loading" role="status">Loading…</p>"#;
    rewrite_mount(page, None, |mount| {
        mount.remove_attribute("data-config-json");
        mount.set_attribute("data-config", path)?;
        mount.set_inner_content(loading, ContentType::Html);
        Ok(())
    })
}

/// Whether the page opens on the start page: self-referral, and embed mode
/// (whose widget shows the journey after it only on a practice's website
/// the service listed); clinic mode opens on the clinician's details.
fn opens_on_start_page(config: &ServiceConfig) -> bool {
    matches!(config.mode, Mode::SelfReferral | Mode::Embed)
}

fn mount_content(config: &ServiceConfig, locale: &Locale) -> Result<String, PrerenderError> {
    let start = opens_on_start_page(config).then(|| StartText::new(config, locale));
    let service = &config.service;
    // Checked to be a UK number when the configuration was read.
    let phone = PhoneNumber::parse(&service.phone)
        .map_err(|_| PrerenderError::Config(format!("service.phone {:?}", service.phone)))?;
    let noscript = locale.text_with("page.noscript", &[("service", &service.name)]);
    let (before, after) = noscript.split_once("{phone}").unwrap_or((&noscript, ""));
    let content = MountContent {
        logo: config.branding.logo.clone(),
        date_of_birth: start.is_some().then(|| DateOfBirthText::new(locale)),
        field_id: DateOfBirthText::FIELD_ID,
        date_inputs: input_ids(DateOfBirthText::FIELD_ID)
            .into_iter()
            .zip(PARTS)
            .map(|(id, (_, _, autocomplete, width))| (id, autocomplete, width))
            .collect(),
        start,
        clinician_details: (config.mode == Mode::Clinic).then(|| ClinicianDetailsText::new(locale)),
        urgent: UrgentText::new(config, locale, false),
        noscript: UrgentLine {
            before: before.to_owned(),
            number: service.phone.clone(),
            href: format!("tel:{}", phone.as_e164()),
            after: after.to_owned(),
        },
    };
    content
        .render()
        .map_err(|e| PrerenderError::Rewrite(e.to_string()))
}

type HandlerResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// `page` with `change` made to its mount element (which must be there, once)
/// and, if given, its title replaced.
fn rewrite_mount(
    page: &str,
    title: Option<&str>,
    change: impl Fn(&mut lol_html::html_content::Element) -> HandlerResult,
) -> Result<String, PrerenderError> {
    let mut mounts = 0;
    let mount_selector = format!("#{MOUNT_ID}");
    let mut handlers = vec![element!(mount_selector, |mount| {
        mounts += 1;
        change(mount)
    })];
    if let Some(title) = title {
        handlers.push(element!("head > title", move |element| {
            element.set_inner_content(title, ContentType::Text);
            Ok(())
        }));
    }
    let rewritten = rewrite_str(
        page,
        RewriteStrSettings {
            element_content_handlers: handlers,
            ..RewriteStrSettings::new()
        },
    )
    .map_err(|e| PrerenderError::Rewrite(e.to_string()))?;
    if mounts != 1 {
        return Err(PrerenderError::NoMountElement);
    }
    Ok(rewritten)
}

/// The page's language (`<html lang>`), for its texts.
fn page_language(page: &str) -> String {
    let mut lang = String::new();
    let _ = rewrite_str(
        page,
        RewriteStrSettings {
            element_content_handlers: vec![element!("html[lang]", |html| {
                lang = html.get_attribute("lang").unwrap_or_default();
                Ok(())
            })],
            ..RewriteStrSettings::new()
        },
    );
    lang
}
