//! Reads a configuration file into the model ([`ServiceConfig`]): each
//! `read` takes exactly the settings its group may have, and each `validate`
//! checks their values. A bad file yields an error that names the field and
//! says what is wrong, for the service's admin.

use super::settings::{Problems, Settings};
use super::{
    CONFIG_VERSION_MAX_CHARS, ConfigError, ConfigurableField, CrisisLine, EligibilityRules,
    EmbedOrigins, FieldRule, FieldRules, Link, MinimumAge, Mode, Origin, Practice, ServiceConfig,
    ServiceDetails, invalid,
};
use crate::branding::{Branding, Colour, Logo, PAGE_BACKGROUND, WHITE, check_contrast};
use crate::catalogue::Catalogue;
use crate::clinic::InactivitySettings;
use crate::delivery::RetryPolicy;
use crate::fields::PhoneNumber;
use crate::instrument_id::{Condition, InstrumentId};
use crate::json::{self, Value};
use crate::scoring::Score;
use crate::web_address::WebAddress;
use std::time::Duration;

impl ServiceConfig {
    /// Parses and checks a configuration file against the instruments' ranges.
    pub fn from_json(json: &str, catalogue: &Catalogue) -> Result<Self, ConfigError> {
        let tree = json::parse(json).map_err(|e| ConfigError::Unreadable(e.to_string()))?;
        RawConfig::read(tree)?.validate(catalogue)
    }
}

impl CrisisLine {
    /// The line, if its number is a UK one (otherwise the problem is noted).
    /// Checked as it is read rather than in `validate`: a raw copy of each
    /// line to check later cost every page about 600 bytes of wasm.
    fn read(mut line: Settings) -> Option<CrisisLine> {
        let phone = line.text("phone");
        let number = match PhoneNumber::parse(&phone) {
            Ok(number) => Some(number),
            Err(_) => {
                line.refuse("phone", format!("\"{phone}\" is not a UK phone number"));
                None
            }
        };
        let read = number.map(|number| CrisisLine {
            name: line.text("name"),
            phone,
            number,
            hours: line.optional_text("hours"),
        });
        line.finish();
        read
    }
}

struct RawService {
    name: String,
    phone: String,
    email: Option<String>,
    contact_within_working_days: Option<u64>,
}

impl RawService {
    fn read(mut service: Settings) -> RawService {
        let read = RawService {
            name: service.text("name"),
            phone: service.text("phone"),
            email: service.optional_text("email"),
            contact_within_working_days: service.optional_number("contact_within_working_days"),
        };
        service.finish();
        read
    }
}

/// Two weeks: what the confirmation page promised before it was a setting.
const DEFAULT_CONTACT_WITHIN_WORKING_DAYS: u64 = 10;
/// Up to six weeks: a first contact promised later than that is a mistake in
/// the file (the NHS Talking Therapies waiting-time standard has three in
/// four people starting treatment within six weeks). From 2: the page says
/// "within 10 working days", which would not read right for one.
const CONTACT_WITHIN_WORKING_DAYS: std::ops::RangeInclusive<u64> = 2..=30;

struct RawEligibility {
    minimum_age: MinimumAge,
    practices: Vec<RawPractice>,
    out_of_area_url: String,
}

impl RawEligibility {
    fn read(mut eligibility: Settings) -> RawEligibility {
        let minimum_age = match eligibility.optional_group("minimum_age") {
            Some(mut age) => {
                let read = MinimumAge {
                    years: age.number("years"),
                    months: age.optional_number("months").unwrap_or(0),
                };
                age.finish();
                read
            }
            None => DEFAULT_MINIMUM_AGE,
        };
        let practices = eligibility
            .groups("practices", true)
            .into_iter()
            .map(RawPractice::read)
            .collect();
        let read = RawEligibility {
            minimum_age,
            practices,
            out_of_area_url: eligibility.text("out_of_area_url"),
        };
        eligibility.finish();
        read
    }
}

/// 18 or over by default (clinical-reference.md §7).
const DEFAULT_MINIMUM_AGE: MinimumAge = MinimumAge {
    years: 18,
    months: 0,
};

/// The service's colours, `#rrggbb`, and its logo; any may be left out.
struct RawBranding {
    link_colour: Option<String>,
    button_colour: Option<String>,
    logo: Option<RawLogo>,
}

struct RawLogo {
    src: String,
    alt: String,
}

impl RawBranding {
    fn read(mut branding: Settings) -> RawBranding {
        let logo = branding.optional_group("logo").map(|mut logo| {
            let read = RawLogo {
                src: logo.text("src"),
                alt: logo.text("alt"),
            };
            logo.finish();
            read
        });
        let read = RawBranding {
            link_colour: branding.optional_text("link_colour"),
            button_colour: branding.optional_text("button_colour"),
            logo,
        };
        branding.finish();
        read
    }
}

impl RawBranding {
    fn validate(&self) -> Result<Branding, ConfigError> {
        let mut branding = Branding::default();
        let colour = |field: &str, text: &str, background, role| {
            let colour = Colour::parse(text).ok_or_else(|| {
                invalid(field, format!("\"{text}\" is not a colour written #rrggbb"))
            })?;
            check_contrast(colour, background, role).map_err(|p| invalid(field, p))?;
            Ok::<_, ConfigError>(colour)
        };
        if let Some(text) = &self.link_colour {
            branding.link = colour(
                "branding.link_colour",
                text,
                PAGE_BACKGROUND,
                "links on the page background",
            )?;
        }
        if let Some(text) = &self.button_colour {
            branding.button = colour("branding.button_colour", text, WHITE, "white button text")?;
        }
        if let Some(RawLogo { src, alt }) = &self.logo {
            let logo = Logo::parse(src, alt)
                .map_err(|(part, problem)| invalid(format!("branding.logo.{part}"), problem))?;
            branding.logo = Some(logo);
        }
        Ok(branding)
    }
}

/// Clinic mode's inactivity timer, in seconds.
struct RawClinic {
    inactivity_seconds: Option<u64>,
    warning_seconds: Option<u64>,
}

impl RawClinic {
    fn read(mut clinic: Settings) -> RawClinic {
        let read = RawClinic {
            inactivity_seconds: clinic.optional_number("inactivity_seconds"),
            warning_seconds: clinic.optional_number("warning_seconds"),
        };
        clinic.finish();
        read
    }
}

/// Up to 30 minutes of quiet: longer leaves a patient's answers on a
/// tablet in a busy clinic. From 2 seconds, so tests can wait for it.
const QUIET_SECONDS: std::ops::RangeInclusive<u64> = 2..=1800;
/// A countdown long enough to read and react to, short enough to matter.
const WARNING_SECONDS: std::ops::RangeInclusive<u64> = 2..=120;

impl RawClinic {
    fn validate(&self) -> Result<InactivitySettings, ConfigError> {
        let mut settings = InactivitySettings::default();
        if let Some(seconds) = self.inactivity_seconds {
            settings.quiet = seconds_in("clinic.inactivity_seconds", seconds, QUIET_SECONDS)?;
        }
        if let Some(seconds) = self.warning_seconds {
            settings.warning = seconds_in("clinic.warning_seconds", seconds, WARNING_SECONDS)?;
        }
        Ok(settings)
    }
}

/// `seconds` as a duration, or an error naming `field` if outside `range`.
fn seconds_in(
    field: &str,
    seconds: u64,
    range: std::ops::RangeInclusive<u64>,
) -> Result<Duration, ConfigError> {
    within(field, seconds, range, "seconds").map(Duration::from_secs)
}

/// `value`, or an error naming `field` if outside `range` (of `unit`s).
fn within(
    field: &str,
    value: u64,
    range: std::ops::RangeInclusive<u64>,
    unit: &str,
) -> Result<u64, ConfigError> {
    if range.contains(&value) {
        Ok(value)
    } else {
        Err(invalid(
            field,
            format!(
                "{value} is outside {} to {} {unit}",
                range.start(),
                range.end()
            ),
        ))
    }
}

/// Shorter than 2 seconds fails on any slow connection; longer than 2 minutes
/// leaves a person watching "Sending" with no news.
const TIMEOUT_SECONDS: std::ops::RangeInclusive<u64> = 2..=120;

struct RawLink {
    title: String,
    url: String,
}

struct RawConfig {
    config_version: String,
    service: RawService,
    endpoint: String,
    mode: Mode,
    conditions: Vec<Condition>,
    cutoffs: Vec<(InstrumentId, Score)>,
    pre_screens: bool,
    referral_below_cutoff: bool,
    eligibility: RawEligibility,
    fields: FieldRules,
    crisis_lines: Vec<CrisisLine>,
    privacy_notice_url: String,
    self_help_links: Vec<RawLink>,
    /// How long one attempt to send a referral may take before it is
    /// abandoned and tried again (`submission.timeout_seconds`).
    timeout_seconds: Option<u64>,
    branding: Option<RawBranding>,
    clinic: Option<RawClinic>,
}

impl RawConfig {
    fn read(tree: Value) -> Result<RawConfig, ConfigError> {
        let problems = Problems::default();
        let mut top = Settings::group(&problems, String::new(), tree);
        let conditions = top
            .texts("conditions", true)
            .iter()
            .enumerate()
            .map(|(i, name)| {
                top.named(
                    &format!("conditions[{i}]"),
                    name,
                    &Condition::ALL,
                    Condition::name,
                )
            })
            .collect();
        let mut cutoffs = Vec::new();
        if let Some(mut given) = top.optional_group("cutoffs") {
            for (key, value) in given.take_members() {
                let id = given.named(&key, &key, &InstrumentId::ALL, InstrumentId::as_str);
                cutoffs.push((id, Score::new(given.as_number(&key, value))));
            }
        }
        let mut fields = FieldRules::default();
        if let Some(mut given) = top.optional_group("fields") {
            for (key, value) in given.take_members() {
                let field =
                    given.named(&key, &key, &ConfigurableField::ALL, ConfigurableField::name);
                let rule = given.as_text(&key, value);
                fields = fields.with(
                    field,
                    given.named(&key, &rule, &FieldRule::ALL, FieldRule::name),
                );
            }
        }
        let crisis_lines = top
            .groups("crisis_lines", false)
            .into_iter()
            .filter_map(CrisisLine::read)
            .collect();
        let self_help_links = top
            .groups("self_help_links", false)
            .into_iter()
            .map(|mut link| {
                let read = RawLink {
                    title: link.text("title"),
                    url: link.text("url"),
                };
                link.finish();
                read
            })
            .collect();
        let timeout_seconds = top.optional_group("submission").map(|mut submission| {
            let seconds = submission.number("timeout_seconds");
            submission.finish();
            seconds
        });
        let read = RawConfig {
            config_version: top.text("config_version"),
            service: RawService::read(top.group_of("service")),
            endpoint: top.text("endpoint"),
            mode: top.choice("mode", &Mode::ALL, Mode::name),
            conditions,
            cutoffs,
            pre_screens: top.optional_flag("pre_screens").unwrap_or(false),
            // On by default: clinical-reference.md §7.
            referral_below_cutoff: top.optional_flag("referral_below_cutoff").unwrap_or(true),
            eligibility: RawEligibility::read(top.group_of("eligibility")),
            fields,
            crisis_lines,
            privacy_notice_url: top.text("privacy_notice_url"),
            self_help_links,
            timeout_seconds,
            branding: top.optional_group("branding").map(RawBranding::read),
            clinic: top.optional_group("clinic").map(RawClinic::read),
        };
        top.finish();
        problems.result(read)
    }
}

impl RawConfig {
    /// Checks every value first, by reference, and only then moves them into
    /// the configuration: an early return that had to drop a half-moved
    /// `RawConfig` cost the wasm a drop path each.
    fn validate(self, catalogue: &Catalogue) -> Result<ServiceConfig, ConfigError> {
        let address =
            |field: &str, value: &str| WebAddress::parse(value).map_err(|p| invalid(field, p));
        require_text("config_version", &self.config_version)?;
        if self.config_version.chars().count() > CONFIG_VERSION_MAX_CHARS {
            return Err(invalid(
                "config_version",
                format!("must be {CONFIG_VERSION_MAX_CHARS} characters or fewer"),
            ));
        }
        require_text("service.name", &self.service.name)?;
        uk_phone("service.phone", &self.service.phone)?;
        let contact_within_working_days = within(
            "service.contact_within_working_days",
            self.service
                .contact_within_working_days
                .unwrap_or(DEFAULT_CONTACT_WITHIN_WORKING_DAYS),
            CONTACT_WITHIN_WORKING_DAYS,
            "working days",
        )? as u8;
        let endpoint = address("endpoint", &self.endpoint)?;
        check_unique(&self.conditions)?;
        let mut cutoffs = [Score::new(0); InstrumentId::ALL.len()];
        for id in InstrumentId::ALL {
            let instrument = catalogue.get(id);
            let cutoff = self
                .cutoffs
                .iter()
                .find(|(given, _)| *given == id)
                .map_or(instrument.default_cutoff, |(_, cutoff)| *cutoff);
            instrument
                .check_cutoff(cutoff, "the cut-off")
                .map_err(|p| invalid(format!("cutoffs.{id}"), p))?;
            cutoffs[id as usize] = cutoff;
        }
        let embed_origins = embed_origins(&self.eligibility.practices, self.mode)?;
        let eligibility = self.eligibility.validate()?;
        let mut retry = RetryPolicy::default();
        if let Some(timeout_seconds) = self.timeout_seconds {
            retry.attempt_timeout = seconds_in(
                "submission.timeout_seconds",
                timeout_seconds,
                TIMEOUT_SECONDS,
            )?;
        }
        for (i, line) in self.crisis_lines.iter().enumerate() {
            require_text(&format!("crisis_lines[{i}].name"), &line.name)?;
        }
        let mut self_help_links = Vec::with_capacity(self.self_help_links.len());
        for (i, link) in self.self_help_links.iter().enumerate() {
            require_text(&format!("self_help_links[{i}].title"), &link.title)?;
            self_help_links.push(Link {
                url: address(&format!("self_help_links[{i}].url"), &link.url)?,
                title: link.title.clone(),
            });
        }
        let privacy_notice_url = address("privacy_notice_url", &self.privacy_notice_url)?;
        let branding = match &self.branding {
            Some(branding) => branding.validate()?,
            None => Branding::default(),
        };
        let inactivity = match &self.clinic {
            Some(clinic) => clinic.validate()?,
            None => InactivitySettings::default(),
        };
        Ok(ServiceConfig {
            config_version: self.config_version,
            service: ServiceDetails {
                name: self.service.name,
                phone: self.service.phone,
                email: self.service.email,
                contact_within_working_days,
            },
            endpoint,
            mode: self.mode,
            conditions: self.conditions,
            cutoffs,
            pre_screens: self.pre_screens,
            referral_below_cutoff: self.referral_below_cutoff,
            eligibility,
            fields: self.fields,
            crisis_lines: self.crisis_lines,
            privacy_notice_url,
            self_help_links,
            retry,
            branding,
            inactivity,
            embed_origins,
        })
    }
}

impl RawEligibility {
    fn validate(&self) -> Result<EligibilityRules, ConfigError> {
        let MinimumAge { years, months } = self.minimum_age;
        if !(16..=25).contains(&years) || months > 11 {
            return Err(invalid(
                "eligibility.minimum_age",
                format!(
                    "{years} years {months} months is not a plausible adult-service minimum (16 to 25 years, 0 to 11 months)"
                ),
            ));
        }
        if self.practices.is_empty() {
            return Err(invalid(
                "eligibility.practices",
                "list at least one GP practice in the service's area",
            ));
        }
        let mut practices: Vec<Practice> = Vec::with_capacity(self.practices.len());
        for (i, practice) in self.practices.iter().enumerate() {
            let ods = practice.ods.trim().to_ascii_uppercase();
            require_text(&format!("eligibility.practices[{i}].name"), &practice.name)?;
            if !is_gp_practice_code(&ods) {
                return Err(invalid(
                    format!("eligibility.practices[{i}].ods"),
                    format!(
                        "\"{}\" is not a GP practice ODS code (a letter and five digits, e.g. F83004)",
                        practice.ods
                    ),
                ));
            }
            // A scan rather than a set: one generic collection fewer in the wasm.
            if practices.iter().any(|p| p.ods == ods) {
                return Err(invalid(
                    format!("eligibility.practices[{i}].ods"),
                    format!("{ods} is listed twice"),
                ));
            }
            practices.push(Practice {
                name: practice.name.clone(),
                ods,
            });
        }
        Ok(EligibilityRules {
            minimum_age: self.minimum_age,
            practices,
            out_of_area_url: WebAddress::parse(&self.out_of_area_url)
                .map_err(|p| invalid("eligibility.out_of_area_url", p))?,
        })
    }
}

/// GP practice ODS codes are one letter and five digits ("F83004").
fn is_gp_practice_code(code: &str) -> bool {
    let bytes = code.as_bytes();
    bytes.len() == 6 && bytes[0].is_ascii_uppercase() && bytes[1..].iter().all(u8::is_ascii_digit)
}

/// `text` as a UK phone number, or an error naming `field`.
fn uk_phone(field: &str, text: &str) -> Result<PhoneNumber, ConfigError> {
    PhoneNumber::parse(text)
        .map_err(|_| invalid(field, format!("\"{text}\" is not a UK phone number")))
}

fn require_text(field: &str, value: &str) -> Result<(), ConfigError> {
    if value.trim().is_empty() {
        return Err(invalid(field, "must not be empty"));
    }
    Ok(())
}

fn check_unique(conditions: &[Condition]) -> Result<(), ConfigError> {
    for (i, condition) in conditions.iter().enumerate() {
        if conditions[..i].contains(condition) {
            return Err(invalid(
                "conditions",
                format!("{} is listed twice", condition.screen()),
            ));
        }
    }
    Ok(())
}

/// A practice as the configuration file writes it: the practice, and the
/// website origins allowed to embed the widget as it.
struct RawPractice {
    name: String,
    ods: String,
    embed_origins: Vec<String>,
}

impl RawPractice {
    fn read(mut practice: Settings) -> RawPractice {
        let read = RawPractice {
            name: practice.text("name"),
            ods: practice.text("ods"),
            embed_origins: practice.texts("embed_origins", false),
        };
        practice.finish();
        read
    }
}

/// The origins allowed to embed the widget, from each practice's
/// `embed_origins`. `mode` is the configuration's, since embed mode with no
/// origin at all could never be used.
fn embed_origins(practices: &[RawPractice], mode: Mode) -> Result<EmbedOrigins, ConfigError> {
    let mut entries = Vec::new();
    for (i, practice) in practices.iter().enumerate() {
        let ods = practice.ods.trim().to_ascii_uppercase();
        let field = format!("eligibility.practices[{i}].embed_origins");
        for text in &practice.embed_origins {
            let origin = Origin::parse(text).map_err(|p| invalid(&field, p))?;
            if entries.iter().any(|(o, x)| *o == ods && *x == origin) {
                return Err(invalid(&field, format!("{origin} is listed twice")));
            }
            entries.push((ods.clone(), origin));
        }
    }
    if mode == Mode::Embed && entries.is_empty() {
        return Err(invalid(
            "eligibility.practices",
            "in embed mode, give at least one practice the website origins allowed to embed the form (embed_origins)",
        ));
    }
    Ok(EmbedOrigins::new(entries))
}
