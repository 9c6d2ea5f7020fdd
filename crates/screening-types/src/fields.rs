//! Validated form fields: each type can only hold a value that passed the
//! UK input rules in clinical-reference.md §9, and each deserializes through
//! the same check, so the server re-validates exactly what the browser did.

mod date;
mod email;
mod nhs_number;
mod person_name;
mod phone;
mod postcode;

pub use date::{Age, CalendarDate, DateOfBirth, MAX_AGE_YEARS};
pub use email::Email;
pub use nhs_number::NhsNumber;
pub use person_name::PersonName;
pub use phone::PhoneNumber;
pub use postcode::Postcode;
