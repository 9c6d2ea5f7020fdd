//! Embedding on a GP practice's website: which website origins may show the
//! widget as which practice, and the one check the widget makes before it
//! attributes a referral to the practice whose page it is on.
//!
//! A practice is named by its host page, which the service does not control,
//! so the widget believes the name only from an origin the service listed for
//! that practice (`eligibility.practices[i].embed_origins`).

use crate::config::read::Settings;
use crate::config::{ConfigError, Mode, Practice, ServiceConfig};
use crate::web_address::{host_of, is_loopback};
use std::fmt;

/// A practice as the configuration file writes it: the practice, and the
/// website origins allowed to embed the widget as it.
pub(crate) struct RawPractice {
    pub(crate) name: String,
    pub(crate) ods: String,
    pub(crate) embed_origins: Vec<String>,
}

impl RawPractice {
    pub(crate) fn read(mut practice: Settings) -> RawPractice {
        let read = RawPractice {
            name: practice.text("name"),
            ods: practice.text("ods"),
            embed_origins: practice.texts("embed_origins", false),
        };
        practice.finish();
        read
    }
}

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
        let Some((scheme, authority)) = lower.split_once("://") else {
            return not_origin("it has no https://");
        };
        if authority.contains(['/', '?', '#']) {
            return not_origin(
                "remove the path or trailing slash: an origin ends after the host and port",
            );
        }
        let allowed = |c: char| c.is_ascii_alphanumeric() || ".-:[]".contains(c);
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
    fn allows(&self, ods: &str, origin: &str) -> bool {
        self.0
            .iter()
            .any(|(o, allowed)| o == ods && allowed.as_str() == origin)
    }

    /// Checks each practice's `embed_origins`; `mode` is the configuration's,
    /// since embed mode with no origin at all could never be used.
    pub(crate) fn from_practices(
        practices: &[RawPractice],
        mode: Mode,
    ) -> Result<EmbedOrigins, ConfigError> {
        let mut entries = Vec::new();
        for (i, practice) in practices.iter().enumerate() {
            let ods = practice.ods.trim().to_ascii_uppercase();
            let field = format!("eligibility.practices[{i}].embed_origins");
            for text in &practice.embed_origins {
                let origin = Origin::parse(text).map_err(|p| invalid(&field, p))?;
                if entries.iter().any(|(o, x)| *o == ods && *x == origin) {
                    return Err(invalid(&field, format!("{origin} is listed twice")));
                }
                entries.push((ods.clone(), origin));
            }
        }
        if mode == Mode::Embed && entries.is_empty() {
            return Err(invalid(
                "eligibility.practices",
                "in embed mode, give at least one practice the website origins allowed to embed the form (embed_origins)",
            ));
        }
        Ok(EmbedOrigins(entries))
    }
}

fn invalid(field: &str, problem: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        field: field.to_owned(),
        problem: problem.into(),
    }
}

/// Why the widget will not act for the practice a host page named. Shown in
/// the frame for the practice's web administrator; nothing can be sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmbedRefusal {
    /// The ODS code is not one of the service's practices. `ods` is the code
    /// as sent if it looks like one, so a host page cannot write its own text
    /// into the service's page.
    #[error("{ods} is not one of the GP practices this service covers")]
    NotListed { ods: String },
    /// The practice is listed, but not with this website's origin.
    #[error("{ods} has not asked the service to allow the form on {origin}")]
    OriginNotAllowed { ods: String, origin: String },
}

/// What a refusal may show of a code sent by a host page: the code if it
/// could be one, else a description.
fn shown_code(ods: &str) -> String {
    let ods = ods.trim();
    if (1..=10).contains(&ods.len()) && ods.bytes().all(|b| b.is_ascii_alphanumeric()) {
        ods.to_ascii_uppercase()
    } else {
        "The code given".to_owned()
    }
}

impl ServiceConfig {
    /// The practice a page on `origin` may embed the widget as, if `ods` is
    /// one of the service's practices and `origin` is listed for it.
    /// `origin` is compared exactly, as the browser reports it.
    pub fn embedding_practice(&self, ods: &str, origin: &str) -> Result<&Practice, EmbedRefusal> {
        let practice = self
            .eligibility
            .practice(ods)
            .ok_or_else(|| EmbedRefusal::NotListed {
                ods: shown_code(ods),
            })?;
        if self.embed_origins.allows(&practice.ods, origin) {
            Ok(practice)
        } else {
            Err(EmbedRefusal::OriginNotAllowed {
                ods: practice.ods.clone(),
                origin: Origin::parse(origin)
                    .map_or_else(|_| "this website".to_owned(), |o| o.to_string()),
            })
        }
    }
}
