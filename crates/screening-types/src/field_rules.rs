//! Which of the referral form's optional fields a service asks, and whether
//! they must be answered.

use serde::Serialize;

/// Whether a referral field is asked, and whether it must be answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldRule {
    Required,
    Optional,
    Hidden,
}

impl FieldRule {
    pub const ALL: [FieldRule; 3] = [FieldRule::Required, FieldRule::Optional, FieldRule::Hidden];

    /// As the configuration writes it.
    pub fn name(self) -> &'static str {
        match self {
            FieldRule::Required => "required",
            FieldRule::Optional => "optional",
            FieldRule::Hidden => "hidden",
        }
    }
}

/// The referral fields a service may make required, optional or hidden
/// (clinical-reference.md §8). Names, date of birth, GP practice, a way to
/// contact and consent to contact are always required: without them the service
/// cannot reach the person, so they are not in this list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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
    pub const ALL: [ConfigurableField; 9] = [
        ConfigurableField::Postcode,
        ConfigurableField::GpConsent,
        ConfigurableField::NhsNumber,
        ConfigurableField::PreferredName,
        ConfigurableField::Gender,
        ConfigurableField::Ethnicity,
        ConfigurableField::Interpreter,
        ConfigurableField::BestTimeToCall,
        ConfigurableField::AnythingElse,
    ];

    /// As the configuration writes it.
    pub fn name(self) -> &'static str {
        match self {
            ConfigurableField::Postcode => "postcode",
            ConfigurableField::GpConsent => "gp_consent",
            ConfigurableField::NhsNumber => "nhs_number",
            ConfigurableField::PreferredName => "preferred_name",
            ConfigurableField::Gender => "gender",
            ConfigurableField::Ethnicity => "ethnicity",
            ConfigurableField::Interpreter => "interpreter",
            ConfigurableField::BestTimeToCall => "best_time_to_call",
            ConfigurableField::AnythingElse => "anything_else",
        }
    }

    /// Postcode and consent to inform the GP are required by default; the rest optional
    /// (clinical-reference.md §8).
    fn default_rule(self) -> FieldRule {
        match self {
            ConfigurableField::Postcode | ConfigurableField::GpConsent => FieldRule::Required,
            _ => FieldRule::Optional,
        }
    }
}

/// The rule for each configurable field, with defaults filled in. Indexed by
/// `ConfigurableField as usize` (an array rather than a map: less generic code
/// in the wasm).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRules([FieldRule; ConfigurableField::ALL.len()]);

impl Default for FieldRules {
    fn default() -> Self {
        FieldRules(ConfigurableField::ALL.map(ConfigurableField::default_rule))
    }
}

impl FieldRules {
    pub fn rule(&self, field: ConfigurableField) -> FieldRule {
        self.0[field as usize]
    }

    pub fn with(mut self, field: ConfigurableField, rule: FieldRule) -> Self {
        self.0[field as usize] = rule;
        self
    }
}
