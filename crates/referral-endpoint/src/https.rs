//! The settings file's `[https]` table: browsers reach the service over
//! https, so every response may tell them to use nothing else
//! (Strict-Transport-Security), and pages may name a Reporting API endpoint
//! for their policy's violations, which browsers use over https only
//! (security_headers.rs).
//!
//! The endpoint speaks plain HTTP behind a TLS-terminating proxy and cannot
//! see the scheme browsers used, so only the settings can say so. The header
//! is never sent without them: a browser that got it from a service not
//! wholly on https would refuse the service's plain-http addresses for
//! `hsts_max_age_seconds`, with no way for a person to click through.

use axum::http::HeaderValue;
use serde::Deserialize;

/// One year: what browsers' HSTS preload lists ask for, and long enough that
/// a person's phone remembers between visits.
pub const DEFAULT_HSTS_MAX_AGE_SECONDS: u64 = 365 * 24 * 60 * 60;

/// `[https]`: present when browsers reach the service over https. Unknown
/// keys are refused, as in the rest of the file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HttpsSettings {
    /// How long a browser must use only https for this host, in seconds.
    /// 0 tells browsers to forget an earlier header (to move off https).
    pub hsts_max_age_seconds: u64,
    /// The same for every subdomain of the service's host
    /// (`includeSubDomains`). Turn it off only if a subdomain still has to
    /// be reached over plain http.
    pub include_subdomains: bool,
}

impl Default for HttpsSettings {
    fn default() -> Self {
        HttpsSettings {
            hsts_max_age_seconds: DEFAULT_HSTS_MAX_AGE_SECONDS,
            include_subdomains: true,
        }
    }
}

impl HttpsSettings {
    /// The `Strict-Transport-Security` header value these settings ask for.
    pub fn strict_transport_security(&self) -> HeaderValue {
        let subdomains = if self.include_subdomains {
            "; includeSubDomains"
        } else {
            ""
        };
        let value = format!("max-age={}{subdomains}", self.hsts_max_age_seconds);
        HeaderValue::from_str(&value).expect("digits and ASCII letters are a valid header value")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_says_how_long_and_whether_subdomains_are_covered() {
        let default = HttpsSettings::default();
        assert_eq!(
            default.strict_transport_security(),
            "max-age=31536000; includeSubDomains"
        );
        let this_host_only = HttpsSettings {
            hsts_max_age_seconds: 600,
            include_subdomains: false,
        };
        assert_eq!(this_host_only.strict_transport_security(), "max-age=600");
    }
}
