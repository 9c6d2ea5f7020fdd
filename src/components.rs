//! Form building blocks shared by every page, after the NHS and GOV.UK design
//! systems: each composes label, hint and error message, and ids `{id}-hint` and
//! `{id}-error` feed `aria-describedby`.

mod back_link;
mod checkbox;
pub mod date_input;
mod error_message;
mod error_summary;
mod field;
mod page_form;
mod radios;
mod service_logo;
mod text_input;
mod urgent_help;

pub use back_link::BackLink;
pub use checkbox::Checkbox;
pub use date_input::DateInput;
pub use error_message::ErrorMessage;
pub use error_summary::{ErrorSummary, PageError};
pub(crate) use field::described_by;
pub use page_form::PageForm;
pub use radios::{RadioOption, Radios};
pub use service_logo::ServiceLogo;
pub use text_input::TextInput;
pub use urgent_help::UrgentHelp;
