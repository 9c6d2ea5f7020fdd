//! The words and links of the pages the widget opens with: the start page
//! (index.html's and embed.html's), its urgent-help card and the
//! date-of-birth page after it, and clinic.html's clinician's details, made
//! from the service's configuration and the locale. The widget's pages draw
//! them (`StartPage`, `UrgentHelp`, `DateOfBirthPage`,
//! `ClinicianDetailsPage`), and the build writes the same ones into the pages
//! as plain HTML (crates/prerender), so the two can never say different
//! things. Plain Rust: nothing here touches the browser.

use crate::locale::Locale;
use screening::{ClinicianField, ServiceConfig};

/// Everything the start page says, in page order, its urgent-help card
/// ([`UrgentText`]) after `what_happens`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartText {
    /// The service's name, above the heading.
    pub caption: String,
    pub heading: String,
    pub intro: String,
    pub what_happens: String,
    pub privacy_url: String,
    pub privacy: String,
    pub button: String,
}

impl StartText {
    pub fn new(config: &ServiceConfig, locale: &Locale) -> Self {
        let service = config.service.name.as_str();
        StartText {
            caption: service.to_owned(),
            heading: locale.text("start.heading"),
            intro: locale.text_with("start.intro", &[("service", service)]),
            what_happens: locale.text("start.what_happens"),
            privacy_url: config.privacy_notice_url.to_string(),
            privacy: locale.text("start.privacy"),
            button: locale.text("start.button"),
        }
    }
}

/// The urgent-help card (clinical-reference.md §6): on the start page, and at
/// once on the page where a risk answer is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrgentText {
    pub heading: String,
    /// Said first when the card is shown because of a risk answer.
    pub risk_intro: Option<String>,
    pub lines: Vec<UrgentLine>,
    pub not_emergency: String,
}

/// One line of the card: `before`, then `number` as a link to `href` (every
/// number is one a phone can call or text, §6), then `after`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrgentLine {
    pub before: String,
    pub number: String,
    pub href: String,
    pub after: String,
}

impl UrgentLine {
    fn new(text: &str, href: String, number: &str) -> Self {
        let (before, after) = screening::text::split_once(text, "{number}").unwrap_or((text, ""));
        UrgentLine {
            before: before.to_owned(),
            number: number.to_owned(),
            href,
            after: after.to_owned(),
        }
    }
}

impl UrgentText {
    /// `because_of_answer`: shown because of a risk answer; the heading says so.
    pub fn new(config: &ServiceConfig, locale: &Locale, because_of_answer: bool) -> Self {
        let fixed = |key: &str, href: &str, number: &str| {
            UrgentLine::new(&locale.text(key), href.to_owned(), number)
        };
        let service_lines = config.crisis_lines.iter().map(|l| {
            let hours = l
                .hours
                .as_ref()
                .map(|h| format!(", {h}"))
                .unwrap_or_default();
            let text = locale.text_with(
                "urgent.service_line",
                &[("name", &l.name), ("hours", &hours)],
            );
            UrgentLine::new(&text, format!("tel:{}", l.number.as_e164()), &l.phone)
        });
        let mut lines = vec![
            fixed("urgent.999", "tel:999", "999"),
            fixed("urgent.111", "tel:111", "111"),
        ];
        lines.extend(service_lines);
        lines.push(fixed("urgent.samaritans", "tel:116123", "116 123"));
        lines.push(fixed("urgent.shout", "sms:85258?body=SHOUT", "85258"));
        UrgentText {
            heading: locale.text(if because_of_answer {
                "urgent.heading_risk"
            } else {
                "urgent.heading"
            }),
            risk_intro: because_of_answer.then(|| locale.text("urgent.risk_intro")),
            lines,
            not_emergency: locale.text("urgent.not_emergency"),
        }
    }
}

/// The date-of-birth page, the first question after Start
/// (clinical-reference.md §7: the age check comes first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateOfBirthText {
    /// The back link's words (the widget's `BackLink` reads the same key).
    pub back: String,
    pub heading: String,
    pub hint: String,
    /// Labels for day, month and year.
    pub labels: [String; 3],
    pub button: String,
}

impl DateOfBirthText {
    /// The date fieldset's id, and its inputs' prefix: the same on both
    /// copies, so that what was typed on one can be found when the other
    /// takes over.
    pub const FIELD_ID: &str = "date_of_birth";

    pub fn new(locale: &Locale) -> Self {
        DateOfBirthText {
            back: locale.text("common.back"),
            heading: locale.text("dob.heading"),
            hint: locale.text("dob.hint"),
            labels: ["dob.day", "dob.month", "dob.year"].map(|key| locale.text(key)),
            button: locale.text("common.continue"),
        }
    }
}

/// Clinic mode's first page, the clinician's own details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClinicianDetailsText {
    pub caption: String,
    pub heading: String,
    pub body: String,
    /// Each input's id (the same on both copies) and label, in page order.
    pub fields: [(&'static str, String); 3],
    pub button: String,
}

impl ClinicianDetailsText {
    /// The fields in page order.
    pub const FIELDS: [ClinicianField; 3] = [
        ClinicianField::Name,
        ClinicianField::Role,
        ClinicianField::Team,
    ];

    pub fn new(locale: &Locale) -> Self {
        ClinicianDetailsText {
            caption: locale.text("clinic.caption"),
            heading: locale.text("clinic.details.heading"),
            body: locale.text("clinic.details.body"),
            fields: Self::FIELDS.map(|field| {
                let id = field.name();
                (id, locale.text(&format!("clinic.{id}.label")))
            }),
            button: locale.text("clinic.details.button"),
        }
    }
}
