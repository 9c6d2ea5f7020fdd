//! How the widget is used.

use serde::Serialize;

/// How the widget is used (developers' guide, "Its three kinds of users").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
    pub const ALL: [Mode; 3] = [Mode::SelfReferral, Mode::Clinic, Mode::Embed];

    /// As the configuration writes it: `self`, `clinic` or `embed`.
    pub fn name(self) -> &'static str {
        match self {
            Mode::SelfReferral => "self",
            Mode::Clinic => "clinic",
            Mode::Embed => "embed",
        }
    }
}
