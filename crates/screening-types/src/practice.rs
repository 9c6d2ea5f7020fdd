//! GP practices and a service's minimum age.

use serde::Serialize;

/// A GP practice in the service's area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Practice {
    pub name: String,
    /// ODS code, normalised to upper case ("F83004").
    pub ods: String,
}

/// A minimum age in years and months (some services accept 17 years 9 months:
/// clinical-reference.md §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MinimumAge {
    pub years: u16,
    pub months: u8,
}
