//! The service's configuration: a typed, validated model. A bad file yields an
//! error that names the field and says what is wrong, for the service's admin.

use crate::branding::Branding;
use crate::clinic::InactivitySettings;
use crate::delivery::RetryPolicy;
use crate::fields::PhoneNumber;
use crate::instrument_id::{Condition, InstrumentId};
use crate::scoring::Score;
use crate::web_address::WebAddress;
pub use embed_origins::{EmbedOrigins, Origin};
pub use error::ConfigError;
pub(crate) use error::invalid;
pub use screening_types::field_rules::{ConfigurableField, FieldRule, FieldRules};
pub use screening_types::mode::Mode;
pub use screening_types::practice::{MinimumAge, Practice};
use serde::Serialize;

mod embed_origins;
mod error;
mod reader;
mod settings;

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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CrisisLine {
    pub name: String,
    /// As the service writes it: the link's text.
    pub phone: String,
    /// The same number, checked to be a UK one: its E.164 form is the link's
    /// `tel:` address, which a phone can call (clinical-reference.md §6).
    pub number: PhoneNumber,
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
    /// How many working days after a referral arrives the service promises
    /// to contact the person (`service.contact_within_working_days`, 2 to 30;
    /// default 10, two weeks). Shown on the confirmation page.
    pub contact_within_working_days: u8,
}

/// Longest `config_version`: every referral carries it, and a receiver
/// holds payloads to the same length.
pub const CONFIG_VERSION_MAX_CHARS: usize = 100;

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
    /// The cut-off in force for `instrument`: the service's own, or the instrument's default.
    pub fn cutoff(&self, instrument: InstrumentId) -> Score {
        self.cutoffs[instrument as usize]
    }
}
