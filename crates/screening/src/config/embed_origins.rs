//! Which website origins may embed the widget as which GP practice.

use crate::web_address::{host_of, is_loopback};
use std::fmt;

/// A web origin as a browser reports it in `MessageEvent.origin`:
/// `scheme://host[:port]`, lower case, without a default port.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Origin(String);

impl Origin {
    /// Accepts `https://host[:port]`, or `http://` for the local machine only
    /// (a host page on plain http elsewhere could be altered in transit).
    /// Case and a default port (`:443`, `:80`) are normalised away so the
    /// origin compares equal to what the browser reports.
    pub fn parse(input: &str) -> Result<Origin, String> {
        let not_origin = |why: &str| {
            Err(format!(
                "\"{input}\" is not a website origin (https://host or https://host:port, e.g. https://www.riverside-surgery.nhs.uk): {why}"
            ))
        };
        let lower = input.trim().to_ascii_lowercase();
        let Some((scheme, authority)) = crate::text::split_once(&lower, "://") else {
            return not_origin("it has no https://");
        };
        if crate::text::has_any(authority, b"/?#") {
            return not_origin(
                "remove the path or trailing slash: an origin ends after the host and port",
            );
        }
        let allowed =
            |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
        if authority.is_empty() || !authority.chars().all(allowed) {
            return not_origin("the host may only have letters, digits, dots and dashes");
        }
        let host = host_of(authority);
        let port = authority[host.len()..].strip_prefix(':');
        if host.is_empty() || port.is_some_and(|p| p.parse::<u16>().map_or(true, |p| p == 0)) {
            return not_origin("the host is missing or the port is not 1 to 65535");
        }
        if authority.len() > host.len() && port.is_none() {
            return not_origin("only a port may follow the host");
        }
        let default_port = match scheme {
            "https" => "443",
            "http" if is_loopback(host) => "80",
            "http" => return not_origin("plain http is allowed only for localhost; use https"),
            _ => return not_origin("use https"),
        };
        Ok(Origin(match port {
            Some(p) if p == default_port => format!("{scheme}://{host}"),
            _ => format!("{scheme}://{authority}"),
        }))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which origins may embed the widget as which practice (ODS code).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EmbedOrigins(Vec<(String, Origin)>);

impl EmbedOrigins {
    /// Every origin allowed to embed the widget, each once, in order: what the
    /// server puts in `Content-Security-Policy: frame-ancestors`.
    pub fn all(&self) -> Vec<&Origin> {
        let mut all: Vec<&Origin> = Vec::new();
        for (_, origin) in &self.0 {
            if !all.contains(&origin) {
                all.push(origin);
            }
        }
        all
    }

    /// Whether any website may embed the widget as the practice `ods`.
    pub fn lists_practice(&self, ods: &str) -> bool {
        let ods = ods.trim();
        self.0.iter().any(|(o, _)| o.eq_ignore_ascii_case(ods))
    }

    /// Whether `origin` may embed the widget as the practice `ods` (upper case).
    pub(crate) fn allows(&self, ods: &str, origin: &str) -> bool {
        self.0
            .iter()
            .any(|(o, allowed)| o == ods && allowed.as_str() == origin)
    }

    /// From checked `(ODS code, origin)` pairs.
    pub(crate) fn new(entries: Vec<(String, Origin)>) -> EmbedOrigins {
        EmbedOrigins(entries)
    }
}
