//! Where the service's configuration comes from: the mount element's
//! attributes, either `data-config` naming a same-origin JSON file or
//! `data-config-json` holding the JSON itself (for a page that cannot serve a
//! second file). Never from the page's URL, so a link cannot change the
//! endpoint or a cut-off.

use screening::{Catalogue, Mode, ServiceConfig};
use std::fmt;

/// The configuration's file path or inline JSON, as the page set them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConfigSource {
    path: Option<String>,
    inline: Option<String>,
}

/// Why the widget has no usable configuration. Shown to the service's admin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigProblem {
    /// The mount element has neither `data-config` nor `data-config-json`.
    NotSet,
    /// The mount element has both, so which one is meant is unclear.
    SetTwice,
    /// The path is not a same-origin relative path.
    NotSameOrigin(String),
    /// The file could not be fetched.
    Unreachable { path: String, reason: String },
    /// The file was fetched but is not a valid configuration.
    Invalid { path: String, reason: String },
    /// The built-in instrument files are broken (a build defect).
    Instruments(String),
    /// The configuration sets a mode (clinic or embed) on a page built
    /// without it.
    ModeNotBuilt { path: String, mode: Mode },
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigProblem::NotSet => write!(
                f,
                "The page does not say where the configuration is. Add data-config=\"config.json\" (or data-config-json with the configuration itself) to the element with id \"{}\".",
                crate::MOUNT_ID
            ),
            ConfigProblem::SetTwice => write!(
                f,
                "The element with id \"{}\" has both data-config and data-config-json. Keep one of them.",
                crate::MOUNT_ID
            ),
            ConfigProblem::NotSameOrigin(path) => write!(
                f,
                "data-config is \"{path}\". It must be a path on this site (such as \"config.json\" or \"/widget/config.json\"), not an address on another site."
            ),
            ConfigProblem::Unreachable { path, reason } => write!(
                f,
                "The configuration file \"{path}\" could not be loaded: {reason}."
            ),
            ConfigProblem::Invalid { path, reason } => write!(
                f,
                "The configuration file \"{path}\" has a problem: {reason}."
            ),
            ConfigProblem::Instruments(reason) => write!(
                f,
                "The widget's questionnaires failed their checks: {reason}."
            ),
            ConfigProblem::ModeNotBuilt { path, mode } => write!(
                f,
                "The configuration \"{path}\" sets \"mode\": \"{}\", but this page is built without that mode. Use {} (each mode's code is kept out of the other pages so that phones download less).",
                mode.name(),
                page_for(*mode)
            ),
        }
    }
}

impl ConfigSource {
    /// Reads `data-config` and `data-config-json` from the mount element.
    pub fn from_mount_element(element: &web_sys::HtmlElement) -> Self {
        let dataset = element.dataset();
        ConfigSource {
            path: dataset.get("config"),
            inline: dataset.get("configJson"),
        }
    }

    /// A source with the given path (for tests).
    pub fn at(path: &str) -> Self {
        ConfigSource {
            path: Some(path.to_owned()),
            inline: None,
        }
    }

    /// A source with the configuration's JSON itself (for tests).
    pub fn inline(json: &str) -> Self {
        ConfigSource {
            path: None,
            inline: Some(json.to_owned()),
        }
    }

    /// Whether the page holds the configuration itself (`data-config-json`),
    /// as the build writes it, rather than naming a file to fetch.
    pub fn is_inline(&self) -> bool {
        self.inline.is_some() && self.path.is_none()
    }

    /// The checked path: relative, or absolute on this origin.
    pub fn same_origin_path(&self) -> Result<&str, ConfigProblem> {
        let path = self
            .path
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .ok_or(ConfigProblem::NotSet)?;
        let other_origin = path.starts_with("//") || screening::text::has_any(path, b":\\");
        if other_origin {
            return Err(ConfigProblem::NotSameOrigin(path.to_owned()));
        }
        Ok(path)
    }

    /// Fetches (if need be) and validates the configuration.
    pub async fn load(&self) -> Result<(Catalogue, ServiceConfig), ConfigProblem> {
        let catalogue = Catalogue::load().map_err(|e| ConfigProblem::Instruments(e.to_string()))?;
        let (path, text) = match (&self.inline, &self.path) {
            (Some(_), Some(_)) => return Err(ConfigProblem::SetTwice),
            (Some(json), None) => ("data-config-json".to_owned(), json.clone()),
            _ => {
                let path = self.same_origin_path()?.to_owned();
                let text = fetch_text(&path).await?;
                (path, text)
            }
        };
        let config =
            ServiceConfig::from_json(&text, &catalogue).map_err(|e| ConfigProblem::Invalid {
                path: path.clone(),
                reason: e.to_string(),
            })?;
        built_for(config.mode, BUILT_MODES, &path)?;
        Ok((catalogue, config))
    }
}

/// The modes this build can show: self-referral always; clinic and embed
/// with their features (scripts/build.sh builds clinic.html and embed.html
/// with them).
const BUILT_MODES: BuiltModes = BuiltModes {
    clinic: cfg!(feature = "clinic"),
    embed: cfg!(feature = "embed"),
};

#[derive(Debug, Clone, Copy)]
struct BuiltModes {
    clinic: bool,
    embed: bool,
}

/// The page built for a mode.
fn page_for(mode: Mode) -> &'static str {
    match mode {
        Mode::SelfReferral => "index.html",
        Mode::Clinic => "clinic.html for clinic tablets",
        Mode::Embed => "embed.html, through embed.js, for GP practices' websites",
    }
}

/// Refuses a mode this build cannot show, rather than show blank pages.
fn built_for(mode: Mode, built: BuiltModes, path: &str) -> Result<(), ConfigProblem> {
    let has = match mode {
        Mode::SelfReferral => true,
        Mode::Clinic => built.clinic,
        Mode::Embed => built.embed,
    };
    if has {
        return Ok(());
    }
    Err(ConfigProblem::ModeNotBuilt {
        path: path.to_owned(),
        mode,
    })
}

/// The text of a same-origin file.
async fn fetch_text(path: &str) -> Result<String, ConfigProblem> {
    let unreachable = |reason: String| ConfigProblem::Unreachable {
        path: path.to_owned(),
        reason,
    };
    let response = gloo_net::http::Request::get(path)
        .send()
        .await
        .map_err(|e| unreachable(e.to_string()))?;
    if !response.ok() {
        return Err(unreachable(format!(
            "the server answered {}",
            response.status()
        )));
    }
    response
        .text()
        .await
        .map_err(|e| unreachable(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(p: &str) -> Result<&'static str, ConfigProblem> {
        let source = Box::leak(Box::new(ConfigSource::at(p)));
        source.same_origin_path()
    }

    #[test]
    fn paths_on_this_site_are_accepted() {
        for ok in [
            "config.json",
            "/widget/config.json",
            "public/config.json",
            "../config.json",
        ] {
            assert_eq!(path(ok), Ok(ok));
        }
    }

    #[test]
    fn addresses_on_other_sites_or_schemes_are_refused() {
        for bad in [
            "https://elsewhere.example/c.json",
            "//elsewhere.example/c.json",
            "javascript:alert(1)",
            "data:application/json,{}",
            "\\\\elsewhere\\c.json",
        ] {
            assert!(
                matches!(path(bad), Err(ConfigProblem::NotSameOrigin(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_mode_is_refused_on_a_page_built_without_it() {
        for clinic in [false, true] {
            for embed in [false, true] {
                let built = BuiltModes { clinic, embed };
                let ok = |mode| built_for(mode, built, "c.json").is_ok();
                assert!(ok(Mode::SelfReferral));
                assert_eq!(ok(Mode::Clinic), clinic);
                assert_eq!(ok(Mode::Embed), embed);
            }
        }
        let patients = BuiltModes {
            clinic: false,
            embed: false,
        };
        let problem = built_for(Mode::Clinic, patients, "public/clinic-config.json").unwrap_err();
        assert_eq!(
            problem,
            ConfigProblem::ModeNotBuilt {
                path: "public/clinic-config.json".to_owned(),
                mode: Mode::Clinic
            }
        );
        assert!(problem.to_string().contains("Use clinic.html"), "{problem}");
        let problem = built_for(Mode::Embed, patients, "e.json").unwrap_err();
        assert!(problem.to_string().contains("Use embed.html"), "{problem}");
    }

    #[test]
    fn a_missing_or_blank_path_is_reported_as_not_set() {
        assert_eq!(
            ConfigSource::default().same_origin_path(),
            Err(ConfigProblem::NotSet)
        );
        assert_eq!(path("  "), Err(ConfigProblem::NotSet));
    }
}
