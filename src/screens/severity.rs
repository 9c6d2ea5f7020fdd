//! Severity bands in words: the results page and the nurse's pages name them.

use screening::Severity;

/// The locale key naming a severity band (clinical-reference.md §3-4).
pub fn severity_key(severity: Severity) -> &'static str {
    match severity {
        Severity::Minimal => "severity.minimal",
        Severity::Mild => "severity.mild",
        Severity::Moderate => "severity.moderate",
        Severity::ModeratelySevere => "severity.moderately_severe",
        Severity::Severe => "severity.severe",
    }
}
