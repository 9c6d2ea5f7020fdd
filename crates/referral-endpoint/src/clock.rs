//! The time as the endpoint records it: UTC, to the second.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Now, to the second: referrals' `received_at` has whole seconds.
pub fn now_whole_seconds() -> OffsetDateTime {
    OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .expect("0 is a valid nanosecond")
}

/// `at` as RFC 3339 in UTC to the second ("2026-11-23T09:41:07Z").
pub fn rfc3339(at: OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .expect("0 is a valid nanosecond")
        .format(&Rfc3339)
        .expect("a UTC time formats as RFC 3339")
}

/// Now, as [`rfc3339`].
pub fn now_rfc3339() -> String {
    rfc3339(OffsetDateTime::now_utc())
}
