//! Web addresses the service configures: the referral endpoint and its links.

use serde::Serialize;
use std::fmt;

/// An absolute https address, or http to the local machine only: patient data
/// must not cross a network in the clear (developers' guide, "Security").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct WebAddress(String);

impl WebAddress {
    /// Checks scheme and host by hand, so no URL library lands in the wasm.
    pub fn parse(input: &str) -> Result<Self, String> {
        let input = input.trim();
        let (scheme, rest) = crate::text::split_once(input, "://")
            .ok_or_else(|| format!("\"{input}\" is not an absolute address (https://...)"))?;
        let authority = crate::text::until_any(rest, b"/?#");
        if authority.is_empty()
            || crate::text::has_any(authority, b"@")
            || input.chars().any(char::is_whitespace)
        {
            return Err(format!("\"{input}\" has no valid host"));
        }
        let host = host_of(authority);
        match scheme {
            "https" => Ok(WebAddress(input.to_owned())),
            "http" if is_loopback(host) => Ok(WebAddress(input.to_owned())),
            "http" => Err(format!(
                "\"{input}\" uses plain http; use https (plain http is allowed only for localhost)"
            )),
            other => Err(format!("\"{input}\" uses {other}; use https")),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for WebAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The host without its port; IPv6 hosts keep their brackets.
pub fn host_of(authority: &str) -> &str {
    if let Some(end) = authority.bytes().position(|b| b == b']') {
        return &authority[..=end];
    }
    authority.split(':').next().unwrap_or_default()
}

pub fn is_loopback(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    host == "localhost"
        || host == "[::1]"
        || host.starts_with("127.") && host.split('.').count() == 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_addresses_are_accepted() {
        for ok in [
            "https://example.nhs.uk/api/referrals",
            "https://a.b:8443/x?y#z",
        ] {
            assert!(WebAddress::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn plain_http_is_accepted_only_for_the_local_machine() {
        for ok in [
            "http://localhost:8080/api",
            "http://127.0.0.1:3000/",
            "http://[::1]:80/a",
        ] {
            assert!(WebAddress::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://example.nhs.uk/api",
            "http://localhost.evil.com/",
            "http://127.0.0.1.evil.com/",
            "http://evil.com@localhost/",
            "ftp://localhost/",
            "javascript:alert(1)",
            "/api/referrals",
            "https://",
            "https://exa mple.com/",
        ] {
            assert!(WebAddress::parse(bad).is_err(), "{bad}");
        }
    }
}
