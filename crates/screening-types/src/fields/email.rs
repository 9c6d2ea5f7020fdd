//! Email address, checked permissively.

use std::fmt;

use serde::{Deserialize, Serialize, Serializer};

use crate::field_error::FieldError;

/// The longest address that fits in an SMTP forward-path (RFC 5321).
const MAX_CHARS: usize = 254;

/// An email address that looks deliverable: `local@domain.tld`.
///
/// Deliberately permissive (clinical-reference.md §9: "a simple, permissive
/// check (one @, a dot in the domain), no regex engine in the wasm"): the
/// only proof an address works is sending to it, and refusing a real one
/// would leave a person without a way to be contacted.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
#[cfg_attr(
    feature = "json-schema",
    derive(schemars::JsonSchema),
    schemars(with = "String")
)]
pub struct Email(String);

impl Email {
    /// Parses what a person typed, ignoring spaces around it. Needs exactly
    /// one `@`, something before it, and a domain of two or more non-empty
    /// dot-separated labels; no whitespace or control characters anywhere.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let email = input.trim();
        if email.is_empty() {
            return Err(FieldError::Required);
        }
        if email.chars().count() > MAX_CHARS {
            return Err(FieldError::TooLong);
        }
        if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(FieldError::EmailFormat);
        }
        let mut parts = email.split('@');
        let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(FieldError::EmailFormat);
        };
        let domain_ok =
            crate::text::has_any(domain, b".") && domain.split('.').all(|label| !label.is_empty());
        if local.is_empty() || !domain_ok {
            return Err(FieldError::EmailFormat);
        }
        Ok(Self(email.to_owned()))
    }

    /// The address as typed, without surrounding spaces.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Email {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl TryFrom<String> for Email {
    type Error = FieldError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}
