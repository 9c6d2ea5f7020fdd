//! The service's configuration: a typed, validated model. A bad file yields an
//! error that names the field and says what is wrong, for the service's admin.

use crate::branding::{Branding, Colour, Logo, PAGE_BACKGROUND, WHITE, check_contrast};
use crate::catalogue::Catalogue;
use crate::clinic::InactivitySettings;
use crate::delivery::RetryPolicy;
use crate::embed::{EmbedOrigins, RawPractice};
use crate::fields::PhoneNumber;
use crate::instrument_id::{Condition, InstrumentId};
use crate::scoring::Score;
use crate::web_address::WebAddress;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::time::Duration;

/// Why a configuration was refused. Shown to the service's admin, never to patients.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("the configuration is not valid: {0}")]
    Unreadable(String),
    #[error("{field}: {problem}")]
    Invalid { field: String, problem: String },
}

fn invalid(field: impl Into<String>, problem: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        field: field.into(),
        problem: problem.into(),
    }
}

/// How the widget is used (developers' guide, "Its three kinds of users").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// A patient refers themselves from the service's website.
    #[serde(rename = "self")]
    SelfReferral,
    /// A nurse screens patients on a shared tablet.
    Clinic,
    /// Embedded on a GP practice's website.
    Embed,
}

impl Mode {
    /// As the configuration writes it: `self`, `clinic` or `embed`.
    pub fn name(self) -> &'static str {
        match self {
            Mode::SelfReferral => "self",
            Mode::Clinic => "clinic",
            Mode::Embed => "embed",
        }
    }
}

/// Whether a referral field is asked, and whether it must be answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldRule {
    Required,
    Optional,
    Hidden,
}

/// The referral fields a service may make required, optional or hidden
/// (clinical-reference.md §8). Names, date of birth, GP practice, a way to
/// contact and consent to contact are always required: without them the service
/// cannot reach the person, so they are not in this list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfigurableField {
    Postcode,
    GpConsent,
    NhsNumber,
    PreferredName,
    Gender,
    Ethnicity,
    Interpreter,
    BestTimeToCall,
    AnythingElse,
}

impl ConfigurableField {
    /// Postcode and consent to inform the GP are required by default; the rest optional
    /// (clinical-reference.md §8).
    fn default_rule(self) -> FieldRule {
        match self {
            ConfigurableField::Postcode | ConfigurableField::GpConsent => FieldRule::Required,
            _ => FieldRule::Optional,
        }
    }
}

/// The rule for each configurable field, with defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldRules(BTreeMap<ConfigurableField, FieldRule>);

impl FieldRules {
    pub fn rule(&self, field: ConfigurableField) -> FieldRule {
        self.0.get(&field).copied().unwrap_or(field.default_rule())
    }

    pub fn with(mut self, field: ConfigurableField, rule: FieldRule) -> Self {
        self.0.insert(field, rule);
        self
    }
}

/// A GP practice in the service's area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Practice {
    pub name: String,
    /// ODS code, normalised to upper case ("F83004").
    pub ods: String,
}

/// A minimum age in years and months (some services accept 17 years 9 months:
/// clinical-reference.md §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MinimumAge {
    pub years: u16,
    #[serde(default)]
    pub months: u8,
}

/// Who may use this service (clinical-reference.md §7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EligibilityRules {
    pub minimum_age: MinimumAge,
    pub practices: Vec<Practice>,
    /// Where people from outside the area are sent instead.
    pub out_of_area_url: WebAddress,
}

impl EligibilityRules {
    /// The listed practice with this ODS code, in any case.
    pub fn practice(&self, ods: &str) -> Option<&Practice> {
        self.practices
            .iter()
            .find(|p| p.ods.eq_ignore_ascii_case(ods.trim()))
    }
}

/// A crisis line the service adds to the default urgent-help content
/// (clinical-reference.md §6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrisisLine {
    pub name: String,
    pub phone: String,
    #[serde(default)]
    pub hours: Option<String>,
}

/// A self-help link offered below the cut-offs (clinical-reference.md §7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub title: String,
    pub url: WebAddress,
}

/// The service's name and how to reach it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceDetails {
    pub name: String,
    /// As the service writes it; checked to be a UK number.
    pub phone: String,
    pub email: Option<String>,
}

/// A validated service configuration. Make one with [`ServiceConfig::from_json`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceConfig {
    /// Goes into every referral, so a result can be traced to the rules in force.
    pub config_version: String,
    pub service: ServiceDetails,
    pub endpoint: WebAddress,
    pub mode: Mode,
    /// Conditions whose Talking Health screen is offered, in order.
    pub conditions: Vec<Condition>,
    /// Indexed by `InstrumentId as usize` (an array rather than a map: less
    /// generic code in the wasm).
    cutoffs: [Score; InstrumentId::ALL.len()],
    /// PHQ-2 and GAD-2 before the full questionnaires (off by default: §5).
    pub pre_screens: bool,
    /// Whether people below every cut-off may still refer (on by default: §7).
    pub referral_below_cutoff: bool,
    pub eligibility: EligibilityRules,
    pub fields: FieldRules,
    pub crisis_lines: Vec<CrisisLine>,
    pub privacy_notice_url: WebAddress,
    pub self_help_links: Vec<Link>,
    /// How referrals are sent: the default policy with the service's timeout.
    pub retry: RetryPolicy,
    pub branding: Branding,
    /// When a clinic-mode screening left alone is cleared.
    pub inactivity: InactivitySettings,
    /// Which websites may embed the widget as which practice (embed.rs).
    pub embed_origins: EmbedOrigins,
}

impl ServiceConfig {
    /// Parses and checks a configuration file against the instruments' ranges.
    pub fn from_json(json: &str, catalogue: &Catalogue) -> Result<Self, ConfigError> {
        let raw: RawConfig =
            serde_json::from_str(json).map_err(|e| ConfigError::Unreadable(e.to_string()))?;
        raw.validate(catalogue)
    }

    /// The cut-off in force for `instrument`: the service's own, or the instrument's default.
    pub fn cutoff(&self, instrument: InstrumentId) -> Score {
        self.cutoffs[instrument as usize]
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawService {
    name: String,
    phone: String,
    #[serde(default)]
    email: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEligibility {
    #[serde(default = "default_minimum_age")]
    minimum_age: MinimumAge,
    practices: Vec<RawPractice>,
    out_of_area_url: String,
}

/// 18 or over by default (clinical-reference.md §7).
fn default_minimum_age() -> MinimumAge {
    MinimumAge {
        years: 18,
        months: 0,
    }
}

fn yes() -> bool {
    true
}

/// How long one attempt to send a referral may take before it is abandoned
/// and tried again.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSubmission {
    timeout_seconds: u64,
}

/// The service's colours, `#rrggbb`, and its logo; any may be left out.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBranding {
    link_colour: Option<String>,
    button_colour: Option<String>,
    logo: Option<RawLogo>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLogo {
    src: String,
    alt: String,
}

impl RawBranding {
    fn validate(self) -> Result<Branding, ConfigError> {
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
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClinic {
    inactivity_seconds: Option<u64>,
    warning_seconds: Option<u64>,
}

/// Up to 30 minutes of quiet: longer leaves a patient's answers on a
/// tablet in a busy clinic. From 2 seconds, so tests can wait for it.
const QUIET_SECONDS: std::ops::RangeInclusive<u64> = 2..=1800;
/// A countdown long enough to read and react to, short enough to matter.
const WARNING_SECONDS: std::ops::RangeInclusive<u64> = 2..=120;

impl RawClinic {
    fn validate(self) -> Result<InactivitySettings, ConfigError> {
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
    if range.contains(&seconds) {
        Ok(Duration::from_secs(seconds))
    } else {
        Err(invalid(
            field,
            format!(
                "{seconds} is outside {} to {} seconds",
                range.start(),
                range.end()
            ),
        ))
    }
}

/// Shorter than 2 seconds fails on any slow connection; longer than 2 minutes
/// leaves a person watching "Sending" with no news.
const TIMEOUT_SECONDS: std::ops::RangeInclusive<u64> = 2..=120;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLink {
    title: String,
    url: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    config_version: String,
    service: RawService,
    endpoint: String,
    mode: Mode,
    conditions: Vec<Condition>,
    #[serde(default)]
    cutoffs: BTreeMap<InstrumentId, Score>,
    #[serde(default)]
    pre_screens: bool,
    #[serde(default = "yes")]
    referral_below_cutoff: bool,
    eligibility: RawEligibility,
    #[serde(default)]
    fields: BTreeMap<ConfigurableField, FieldRule>,
    #[serde(default)]
    crisis_lines: Vec<CrisisLine>,
    privacy_notice_url: String,
    #[serde(default)]
    self_help_links: Vec<RawLink>,
    #[serde(default)]
    submission: Option<RawSubmission>,
    #[serde(default)]
    branding: Option<RawBranding>,
    #[serde(default)]
    clinic: Option<RawClinic>,
}

impl RawConfig {
    fn validate(self, catalogue: &Catalogue) -> Result<ServiceConfig, ConfigError> {
        let address =
            |field: &str, value: &str| WebAddress::parse(value).map_err(|p| invalid(field, p));
        require_text("config_version", &self.config_version)?;
        require_text("service.name", &self.service.name)?;
        PhoneNumber::parse(&self.service.phone).map_err(|_| {
            invalid(
                "service.phone",
                format!("\"{}\" is not a UK phone number", self.service.phone),
            )
        })?;
        let endpoint = address("endpoint", &self.endpoint)?;
        let conditions = unique_conditions(self.conditions)?;
        let mut cutoffs = [Score::new(0); InstrumentId::ALL.len()];
        for id in InstrumentId::ALL {
            let instrument = catalogue.get(id);
            let cutoff = self
                .cutoffs
                .get(&id)
                .copied()
                .unwrap_or(instrument.default_cutoff);
            instrument
                .check_cutoff(cutoff, "the cut-off")
                .map_err(|p| invalid(format!("cutoffs.{id}"), p))?;
            cutoffs[id as usize] = cutoff;
        }
        let embed_origins = EmbedOrigins::from_practices(&self.eligibility.practices, self.mode)?;
        let eligibility = self.eligibility.validate()?;
        let mut retry = RetryPolicy::default();
        if let Some(RawSubmission { timeout_seconds }) = self.submission {
            retry.attempt_timeout = seconds_in(
                "submission.timeout_seconds",
                timeout_seconds,
                TIMEOUT_SECONDS,
            )?;
        }
        let crisis_lines = self.crisis_lines;
        for (i, line) in crisis_lines.iter().enumerate() {
            require_text(&format!("crisis_lines[{i}].name"), &line.name)?;
            require_text(&format!("crisis_lines[{i}].phone"), &line.phone)?;
        }
        let self_help_links = self
            .self_help_links
            .into_iter()
            .enumerate()
            .map(|(i, link)| {
                require_text(&format!("self_help_links[{i}].title"), &link.title)?;
                Ok(Link {
                    url: address(&format!("self_help_links[{i}].url"), &link.url)?,
                    title: link.title,
                })
            })
            .collect::<Result<_, ConfigError>>()?;
        Ok(ServiceConfig {
            config_version: self.config_version,
            service: ServiceDetails {
                name: self.service.name,
                phone: self.service.phone,
                email: self.service.email,
            },
            endpoint,
            mode: self.mode,
            conditions,
            cutoffs,
            pre_screens: self.pre_screens,
            referral_below_cutoff: self.referral_below_cutoff,
            eligibility,
            fields: FieldRules(self.fields),
            crisis_lines,
            privacy_notice_url: address("privacy_notice_url", &self.privacy_notice_url)?,
            self_help_links,
            retry,
            branding: self
                .branding
                .map_or(Ok(Branding::default()), RawBranding::validate)?,
            inactivity: self
                .clinic
                .map_or(Ok(InactivitySettings::default()), RawClinic::validate)?,
            embed_origins,
        })
    }
}

impl RawEligibility {
    fn validate(self) -> Result<EligibilityRules, ConfigError> {
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
        for (i, practice) in self.practices.into_iter().enumerate() {
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
                name: practice.name,
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

fn require_text(field: &str, value: &str) -> Result<(), ConfigError> {
    if value.trim().is_empty() {
        return Err(invalid(field, "must not be empty"));
    }
    Ok(())
}

fn unique_conditions(conditions: Vec<Condition>) -> Result<Vec<Condition>, ConfigError> {
    for (i, condition) in conditions.iter().enumerate() {
        if conditions[..i].contains(condition) {
            return Err(invalid(
                "conditions",
                format!("{} is listed twice", condition.screen()),
            ));
        }
    }
    Ok(conditions)
}
