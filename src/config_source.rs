//! Where the service's configuration comes from: a same-origin JSON file named
//! by the mount element's `data-config` attribute. Never from the page's URL, so
//! a link cannot change the endpoint or a cut-off.

use screening::{Catalogue, ServiceConfig};
use std::fmt;

/// The configuration file's path, as the page set it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigSource {
    path: Option<String>,
}

/// Why the widget has no usable configuration. Shown to the service's admin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigProblem {
    /// The mount element has no `data-config` attribute.
    NotSet,
    /// The path is not a same-origin relative path.
    NotSameOrigin(String),
    /// The file could not be fetched.
    Unreachable { path: String, reason: String },
    /// The file was fetched but is not a valid configuration.
    Invalid { path: String, reason: String },
    /// The built-in instrument files are broken (a build defect).
    Instruments(String),
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigProblem::NotSet => write!(
                f,
                "The page does not say where the configuration is. Add data-config=\"config.json\" to the element with id \"{}\".",
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
        }
    }
}

impl ConfigSource {
    /// Reads `data-config` from the mount element.
    pub fn from_mount_element(element: &web_sys::HtmlElement) -> Self {
        ConfigSource {
            path: element.dataset().get("config"),
        }
    }

    /// A source with the given path (for tests).
    pub fn at(path: &str) -> Self {
        ConfigSource {
            path: Some(path.to_owned()),
        }
    }

    /// The checked path: relative, or absolute on this origin.
    pub fn same_origin_path(&self) -> Result<&str, ConfigProblem> {
        let path = self
            .path
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .ok_or(ConfigProblem::NotSet)?;
        let other_origin = path.contains("://")
            || path.starts_with("//")
            || path.contains(':')
            || path.contains('\\');
        if other_origin {
            return Err(ConfigProblem::NotSameOrigin(path.to_owned()));
        }
        Ok(path)
    }

    /// Fetches and validates the configuration.
    pub async fn load(&self) -> Result<(Catalogue, ServiceConfig), ConfigProblem> {
        let path = self.same_origin_path()?.to_owned();
        let catalogue = Catalogue::load().map_err(|e| ConfigProblem::Instruments(e.to_string()))?;
        let unreachable = |reason: String| ConfigProblem::Unreachable {
            path: path.clone(),
            reason,
        };
        let response = gloo_net::http::Request::get(&path)
            .send()
            .await
            .map_err(|e| unreachable(e.to_string()))?;
        if !response.ok() {
            return Err(unreachable(format!(
                "the server answered {}",
                response.status()
            )));
        }
        let text = response
            .text()
            .await
            .map_err(|e| unreachable(e.to_string()))?;
        let config =
            ServiceConfig::from_json(&text, &catalogue).map_err(|e| ConfigProblem::Invalid {
                path: path.clone(),
                reason: e.to_string(),
            })?;
        Ok((catalogue, config))
    }
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
    fn a_missing_or_blank_path_is_reported_as_not_set() {
        assert_eq!(
            ConfigSource { path: None }.same_origin_path(),
            Err(ConfigProblem::NotSet)
        );
        assert_eq!(path("  "), Err(ConfigProblem::NotSet));
    }
}
