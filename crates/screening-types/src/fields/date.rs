//! Calendar dates, date of birth and age.

use std::fmt;

use serde::{Deserialize, Serialize, Serializer};

use crate::field_error::FieldError;

/// A date of birth this far back or more is taken to be a typing mistake
/// (the oldest verified person lived to 122).
pub const MAX_AGE_YEARS: u16 = 130;

/// A real day in the Gregorian calendar, from year 1 to 9999.
///
/// Ordered chronologically. Serialized as "YYYY-MM-DD".
// Field order matters: the derived `Ord` compares year, then month, then day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
#[cfg_attr(
    feature = "json-schema",
    derive(schemars::JsonSchema),
    schemars(with = "String", extend("format" = "date"))
)]
pub struct CalendarDate {
    year: u16,
    month: u8,
    day: u8,
}

impl CalendarDate {
    /// The date, if it exists: `new(2023, 2, 29)` and `new(2024, 4, 31)` are
    /// `None`. Years are limited to 1..=9999 so that "YYYY-MM-DD" always fits.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        let exists = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day);
        exists.then_some(Self { year, month, day })
    }

    /// Parses exactly "YYYY-MM-DD", the form used in payloads (not a form a
    /// person types).
    pub fn parse_iso(input: &str) -> Result<Self, FieldError> {
        let bytes = input.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes.iter().enumerate().all(|(i, b)| match i {
                4 | 7 => *b == b'-',
                _ => b.is_ascii_digit(),
            });
        if !shape_ok {
            return Err(FieldError::DateNotNumbers);
        }
        // The shape check makes these parses infallible.
        let year = input[..4].parse().map_err(|_| FieldError::DateNotNumbers)?;
        let month = input[5..7]
            .parse()
            .map_err(|_| FieldError::DateNotNumbers)?;
        let day = input[8..].parse().map_err(|_| FieldError::DateNotNumbers)?;
        Self::new(year, month, day).ok_or(FieldError::DateNotReal)
    }

    /// The year (1..=9999).
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month (1..=12).
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month (1..=31).
    pub fn day(self) -> u8 {
        self.day
    }

    /// Months since the start of year 0, for counting whole months between dates.
    fn month_index(self) -> u32 {
        u32::from(self.year) * 12 + u32::from(self.month)
    }
}

/// Gregorian rule: every 4th year, except centuries not divisible by 400.
fn is_leap_year(year: u16) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A date of birth that is a real date, not in the future, and gives an age
/// under 130 (as checked on the day it was entered).
///
/// Serialized as "YYYY-MM-DD".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
#[cfg_attr(
    feature = "json-schema",
    derive(schemars::JsonSchema),
    schemars(with = "String", extend("format" = "date"))
)]
pub struct DateOfBirth(CalendarDate);

impl DateOfBirth {
    /// Parses the three boxes of a date input (clinical-reference.md §9:
    /// "three fields (day, month, year)... reject impossible dates and future
    /// dates; compute age against today's date").
    ///
    /// Each box is trimmed and must hold only digits; the year must have four
    /// digits so "90" is not silently read as year 90.
    pub fn parse(
        day: &str,
        month: &str,
        year: &str,
        today: CalendarDate,
    ) -> Result<Self, FieldError> {
        let parts = [day.trim(), month.trim(), year.trim()];
        match parts.iter().filter(|part| !part.is_empty()).count() {
            0 => return Err(FieldError::Required),
            3 => {}
            _ => return Err(FieldError::DateIncomplete),
        }
        if !parts
            .iter()
            .all(|part| part.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(FieldError::DateNotNumbers);
        }
        let [day, month, year] = parts;
        if year.len() != 4 {
            return Err(FieldError::DateYearNotFourDigits);
        }
        // A day or month too big for a u8 is as unreal as 31 April.
        let date = match (year.parse(), month.parse(), day.parse()) {
            (Ok(year), Ok(month), Ok(day)) => CalendarDate::new(year, month, day),
            _ => None,
        }
        .ok_or(FieldError::DateNotReal)?;
        if date > today {
            return Err(FieldError::DateInFuture);
        }
        let date_of_birth = Self(date);
        if date_of_birth.age_on(today).years >= MAX_AGE_YEARS {
            return Err(FieldError::DateTooOld);
        }
        Ok(date_of_birth)
    }

    /// The date itself.
    pub fn date(self) -> CalendarDate {
        self.0
    }

    /// Age in completed years and months on `today` (zero if `today` is
    /// before the birth, which a date of birth loaded from storage and
    /// compared with a wrong clock could be).
    ///
    /// A monthly anniversary that falls on a day the month lacks is reached
    /// on the 1st of the next month: someone born on 31 January is one month
    /// old on 1 March, and someone born on 29 February has their birthday on
    /// 1 March in non-leap years. 1 March rather than 28 February because
    /// age decides eligibility ("18 or over", clinical-reference.md §7): this
    /// way no one is counted a year older before a full year has passed.
    pub fn age_on(self, today: CalendarDate) -> Age {
        let born = self.0;
        if today < born {
            return Age::default();
        }
        // Whole months, less one if this month's anniversary has not come
        // yet. `today >= born` keeps this from going below zero.
        let months = today.month_index() - born.month_index() - u32::from(today.day < born.day);
        Age {
            // At most 9999 years, so these fit.
            years: (months / 12) as u16,
            months: (months % 12) as u8,
        }
    }
}

/// Completed years and months of age.
///
/// Ordered by years, then months.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Age {
    years: u16,
    months: u8,
}

impl Age {
    /// Completed years.
    pub fn years(self) -> u16 {
        self.years
    }

    /// Completed months since the last birthday (0..=11).
    pub fn months(self) -> u8 {
        self.months
    }

    /// Whether this age is at least `years` years and `months` months, e.g.
    /// `is_at_least(17, 9)` for services that accept referrals from 17 years
    /// 9 months (clinical-reference.md §7).
    pub fn is_at_least(self, years: u16, months: u8) -> bool {
        (self.years, self.months) >= (years, months)
    }
}

impl fmt::Display for CalendarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for DateOfBirth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for CalendarDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Serialize for DateOfBirth {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl TryFrom<String> for CalendarDate {
    type Error = FieldError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse_iso(&value)
    }
}

/// Checks only that the date is real: whether it is in the future, too long
/// ago or under the minimum age depends on a day, which the referral's rules
/// check (`screening::referral::rules`).
impl TryFrom<String> for DateOfBirth {
    type Error = FieldError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        CalendarDate::parse_iso(&value).map(Self)
    }
}
