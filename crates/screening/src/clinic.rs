//! Clinic mode: a nurse screens patients on a shared tablet. The rules here
//! are the ones that protect the next patient from the last one's answers.

use std::time::Duration;

/// When a screening left alone on a shared tablet is cleared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InactivitySettings {
    /// Time with no input before the warning shows.
    pub quiet: Duration,
    /// How long the warning counts down before the answers are cleared.
    pub warning: Duration,
}

impl Default for InactivitySettings {
    /// Three minutes, then a 30-second countdown: long enough to reach the
    /// tablet from across a clinic room.
    fn default() -> Self {
        InactivitySettings {
            quiet: Duration::from_secs(180),
            warning: Duration::from_secs(30),
        }
    }
}

/// Where a screening stands after some time without input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inactivity {
    /// Recent enough: nothing to show.
    Active,
    /// The warning shows, with whole seconds left (at least 1).
    Warning { seconds_left: u64 },
    /// Time is up: clear the screening now.
    Expired,
}

impl InactivitySettings {
    /// Where a screening stands after `idle` without input.
    pub fn after(&self, idle: Duration) -> Inactivity {
        if idle < self.quiet {
            return Inactivity::Active;
        }
        let end = self.quiet + self.warning;
        if idle >= end {
            return Inactivity::Expired;
        }
        // Rounded up: the countdown shows 1, never 0, before the wipe.
        let left = end - idle;
        let seconds_left = left.as_secs() + u64::from(left.subsec_nanos() > 0);
        Inactivity::Warning { seconds_left }
    }
}
