//! The endpoint's own settings: a TOML file, then command-line flags on top.
//! Every error names the setting (as the file or the flag spells it) and says
//! what is wrong, for whoever runs the service.

use crate::fhir_forward::{FhirForward, FhirForwardSettings};
use crate::https::HttpsSettings;
use crate::limits::Limits;
use crate::risk_notify::{RiskWebhook, RiskWebhookSettings};
use crate::store::Database;
use screening::{Catalogue, Mode, ServiceConfig};
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
pub const DEFAULT_DATABASE: &str = "referrals.sqlite3";
pub const DEFAULT_SERVICE_CONFIG: &str = "public/config.json";
pub const DEFAULT_AUDIT_LOG: &str = "referrals-audit.log";
/// `retention_days` and `purge --older-than`: a day to a hundred years.
pub const RETENTION_DAYS: std::ops::RangeInclusive<u32> = 1..=36_500;
/// A real referral is a few kilobytes; 64 KiB leaves room for long free text
/// and refuses anything that is plainly not a referral.
pub const DEFAULT_MAX_BODY_BYTES: usize = 64 * 1024;

/// Everything the server needs to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointConfig {
    /// Where to listen; port 0 picks a free port (tests).
    pub listen: SocketAddr,
    /// The SQLite file (created if missing), or a PostgreSQL URL.
    pub database: Database,
    /// Web origins (`scheme://host[:port]`) whose pages may POST referrals.
    pub allowed_origins: Vec<String>,
    /// The widget's built files (Trunk's `dist/`), served at `/` when set.
    pub static_dir: Option<PathBuf>,
    /// The service configuration that referrals are checked against.
    pub service_config: PathBuf,
    /// The embed-mode service configuration (`"mode": "embed"`) served to GP
    /// practices' iframes, if the service offers embedding: its
    /// `embed_origins` may frame `/embed.html`, and embedded referrals are
    /// checked against it. Without it no page may frame the widget.
    pub embed_config: Option<PathBuf>,
    /// The clinic-mode service configuration (`"mode": "clinic"`) that
    /// clinic.html is served with, if the service screens in clinics:
    /// clinic referrals are checked against it. Without it (and with a
    /// service configuration in another mode) clinic referrals are refused.
    pub clinic_config: Option<PathBuf>,
    pub max_body_bytes: usize,
    /// Referrals older than this many days are deleted (`purge`, and the
    /// server once an hour); `None` keeps them until someone purges.
    pub retention_days: Option<u32>,
    /// Where `list`, `export`, `delete` and `purge` record what they did.
    pub audit_log: PathBuf,
    /// Where to tell a duty team about each new referral with a risk answer.
    pub risk_webhook: Option<RiskWebhook>,
    /// The FHIR server each referral's Bundle is forwarded to.
    pub fhir_forward: Option<FhirForward>,
    /// Rate limits, caps and timeouts: the `[limits]` table.
    pub limits: Limits,
    /// Set when browsers reach the service over https (`[https]`): every
    /// response then carries Strict-Transport-Security, and pages name a
    /// Reporting API endpoint (security_headers.rs).
    pub https: Option<HttpsSettings>,
}

impl Default for EndpointConfig {
    fn default() -> Self {
        EndpointConfig {
            listen: DEFAULT_LISTEN.parse().expect("the default address parses"),
            database: Database::parse(DEFAULT_DATABASE),
            allowed_origins: Vec::new(),
            static_dir: None,
            service_config: DEFAULT_SERVICE_CONFIG.into(),
            embed_config: None,
            clinic_config: None,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            retention_days: None,
            audit_log: DEFAULT_AUDIT_LOG.into(),
            risk_webhook: None,
            fhir_forward: None,
            limits: Limits::default(),
            https: None,
        }
    }
}

/// Values given on the command line; each replaces the file's. Origins given
/// on the command line replace the file's whole list, so a flag never
/// silently widens what the file allows.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub listen: Option<String>,
    /// A SQLite path or a `postgres://` URL.
    pub database: Option<String>,
    pub allowed_origins: Vec<String>,
    pub static_dir: Option<PathBuf>,
    pub service_config: Option<PathBuf>,
    pub embed_config: Option<PathBuf>,
    pub clinic_config: Option<PathBuf>,
}

/// The TOML file. Unknown keys are refused: a misspelt key would otherwise
/// fall back to a default without anyone noticing.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub listen: Option<String>,
    /// A SQLite path or a `postgres://` URL.
    pub database: Option<String>,
    pub allowed_origins: Option<Vec<String>>,
    pub static_dir: Option<PathBuf>,
    pub service_config: Option<PathBuf>,
    pub embed_config: Option<PathBuf>,
    pub clinic_config: Option<PathBuf>,
    pub max_body_bytes: Option<usize>,
    pub retention_days: Option<u32>,
    pub audit_log: Option<PathBuf>,
    pub risk_webhook: Option<RiskWebhookSettings>,
    pub fhir_forward: Option<FhirForwardSettings>,
    #[serde(default)]
    pub limits: Limits,
    pub https: Option<HttpsSettings>,
}

impl FileConfig {
    /// Reads and parses a configuration file.
    pub fn read(path: &Path) -> Result<FileConfig, ConfigError> {
        let file_error = |problem: String| ConfigError::File {
            path: path.to_path_buf(),
            problem,
        };
        let text = std::fs::read_to_string(path).map_err(|e| file_error(e.to_string()))?;
        // The line and its key, not toml's quote of the line: its value may
        // be a database password or the webhook's secret.
        toml::from_str(&text).map_err(|e| {
            let place = e.span().map(|span| {
                let number = text[..span.start].matches('\n').count() + 1;
                let line = text.lines().nth(number - 1).unwrap_or_default();
                match line.split_once('=') {
                    Some((key, _)) => format!("line {number} ({}): ", key.trim()),
                    None => format!("line {number}: "),
                }
            });
            file_error(format!(
                "{}{}",
                place.unwrap_or_default(),
                e.message().trim_end()
            ))
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration file {path}: {problem}")]
    File { path: PathBuf, problem: String },
    #[error("{setting}: {problem}")]
    Invalid { setting: String, problem: String },
    #[error("{setting}: {path} is not a {mode}-mode configuration (\"mode\": \"{mode}\")")]
    WrongMode {
        setting: String,
        path: PathBuf,
        mode: &'static str,
    },
    #[error("{setting}: {path} is not a valid service configuration: {source}")]
    ServiceConfig {
        setting: String,
        path: PathBuf,
        source: screening::ConfigError,
    },
}

/// Where a value came from, to name it in an error as its author wrote it.
fn setting(key: &str, flag: &str, from_flag: bool, file: Option<&Path>) -> String {
    match (from_flag, file) {
        (true, _) => flag.to_owned(),
        (false, Some(file)) => format!("{key} (in {})", file.display()),
        (false, None) => format!("{key} (default)"),
    }
}

impl EndpointConfig {
    /// Reads `file` if given, applies `overrides`, and checks every value,
    /// including that the service configuration is valid, so `serve` fails at
    /// once rather than on the first referral.
    pub fn load(file: Option<&Path>, overrides: &Overrides) -> Result<EndpointConfig, ConfigError> {
        let from_file = match file {
            Some(path) => FileConfig::read(path)?,
            None => FileConfig::default(),
        };
        let name = |key: &str, flag: &str, from_flag: bool| setting(key, flag, from_flag, file);
        let invalid = |setting: String, problem: String| ConfigError::Invalid { setting, problem };

        let listen_text = overrides
            .listen
            .clone()
            .or(from_file.listen)
            .unwrap_or_else(|| DEFAULT_LISTEN.to_owned());
        let listen = listen_text.parse::<SocketAddr>().map_err(|_| {
            invalid(
                name("listen", "--listen", overrides.listen.is_some()),
                format!(
                    "\"{listen_text}\" is not an IP address and port such as 127.0.0.1:8080 (host names are not looked up)"
                ),
            )
        })?;

        let database_setting = name("database", "--database", overrides.database.is_some());
        let database = Database::parse(
            &overrides
                .database
                .clone()
                .or(from_file.database)
                .unwrap_or_else(|| DEFAULT_DATABASE.to_owned()),
        );
        match &database {
            Database::Sqlite(path) => {
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
                    && !parent.is_dir()
                {
                    return Err(invalid(
                        database_setting,
                        format!("the folder {} does not exist", parent.display()),
                    ));
                }
            }
            Database::Postgres(_) => database
                .check()
                .map_err(|problem| invalid(database_setting, problem))?,
        }

        let origins_from_flags = !overrides.allowed_origins.is_empty();
        let allowed_origins = if origins_from_flags {
            overrides.allowed_origins.clone()
        } else {
            from_file.allowed_origins.unwrap_or_default()
        };
        for origin in &allowed_origins {
            check_origin(origin).map_err(|problem| {
                invalid(
                    name("allowed_origins", "--allow-origin", origins_from_flags),
                    problem,
                )
            })?;
        }

        let static_from_flag = overrides.static_dir.is_some();
        let static_dir = overrides.static_dir.clone().or(from_file.static_dir);
        if let Some(dir) = &static_dir
            && !dir.is_dir()
        {
            return Err(invalid(
                name("static_dir", "--static-dir", static_from_flag),
                format!("{} is not a folder", dir.display()),
            ));
        }

        let max_body_bytes = from_file.max_body_bytes.unwrap_or(DEFAULT_MAX_BODY_BYTES);
        if max_body_bytes == 0 {
            return Err(invalid(
                name("max_body_bytes", "max_body_bytes", false),
                "must be more than 0".to_owned(),
            ));
        }

        let limits = from_file.limits;
        limits.check(|key| name(key, key, false))?;
        if from_file
            .retention_days
            .is_some_and(|days| !RETENTION_DAYS.contains(&days))
        {
            return Err(invalid(
                name("retention_days", "retention_days", false),
                format!(
                    "must be from {} to {} days (leave it out to keep referrals until purged)",
                    RETENTION_DAYS.start(),
                    RETENTION_DAYS.end()
                ),
            ));
        }
        let audit_log = from_file
            .audit_log
            .unwrap_or_else(|| DEFAULT_AUDIT_LOG.into());
        let risk_webhook = from_file
            .risk_webhook
            .map(|settings| settings.check())
            .transpose()
            .map_err(|(key, problem)| {
                invalid(name(&format!("risk_webhook.{key}"), "", false), problem)
            })?;
        let fhir_forward = from_file
            .fhir_forward
            .map(|settings| settings.check())
            .transpose()
            .map_err(|(key, problem)| {
                invalid(name(&format!("fhir_forward.{key}"), "", false), problem)
            })?;
        if let Some(dir) = &static_dir {
            let sqlite_file = match &database {
                Database::Sqlite(path) => Some(path),
                Database::Postgres(_) => None,
            };
            let data_files = [
                (
                    "database",
                    "--database",
                    overrides.database.is_some(),
                    sqlite_file,
                ),
                ("audit_log", "audit_log", false, Some(&audit_log)),
            ];
            for (key, flag, from_flag, path) in data_files {
                let Some(path) = path else { continue };
                if inside(path, dir) {
                    return Err(invalid(
                        name(key, flag, from_flag),
                        format!(
                            "{} is inside static_dir ({}), which is served to anyone: keep referrals and logs out of it",
                            path.display(),
                            dir.display()
                        ),
                    ));
                }
            }
        }

        let service_from_flag = overrides.service_config.is_some();
        let config = EndpointConfig {
            listen,
            database,
            allowed_origins,
            static_dir,
            service_config: overrides
                .service_config
                .clone()
                .or(from_file.service_config)
                .unwrap_or_else(|| DEFAULT_SERVICE_CONFIG.into()),
            embed_config: overrides.embed_config.clone().or(from_file.embed_config),
            clinic_config: overrides.clinic_config.clone().or(from_file.clinic_config),
            max_body_bytes,
            retention_days: from_file.retention_days,
            audit_log,
            risk_webhook,
            fhir_forward,
            limits,
            https: from_file.https,
        };
        config.read_service_config_as(
            &name("service_config", "--service-config", service_from_flag),
            &catalogue(),
        )?;
        read_mode_config(
            &name(
                "embed_config",
                "--embed-config",
                overrides.embed_config.is_some(),
            ),
            config.embed_config.as_deref(),
            Mode::Embed,
            &catalogue(),
        )?;
        read_mode_config(
            &name(
                "clinic_config",
                "--clinic-config",
                overrides.clinic_config.is_some(),
            ),
            config.clinic_config.as_deref(),
            Mode::Clinic,
            &catalogue(),
        )?;
        Ok(config)
    }

    /// Reads and validates the embed-mode configuration, if one is set.
    pub fn read_embed_config(
        &self,
        catalogue: &Catalogue,
    ) -> Result<Option<ServiceConfig>, ConfigError> {
        let path = self.embed_config.as_deref();
        read_mode_config("embed_config", path, Mode::Embed, catalogue)
    }

    /// Reads and validates the clinic-mode configuration, if one is set.
    pub fn read_clinic_config(
        &self,
        catalogue: &Catalogue,
    ) -> Result<Option<ServiceConfig>, ConfigError> {
        let path = self.clinic_config.as_deref();
        read_mode_config("clinic_config", path, Mode::Clinic, catalogue)
    }

    /// Reads and validates the service configuration file.
    pub fn read_service_config(&self, catalogue: &Catalogue) -> Result<ServiceConfig, ConfigError> {
        self.read_service_config_as("service_config", catalogue)
    }

    fn read_service_config_as(
        &self,
        setting: &str,
        catalogue: &Catalogue,
    ) -> Result<ServiceConfig, ConfigError> {
        read_config_file(setting, &self.service_config, catalogue)
    }
}

/// Reads the configuration for one mode, if one is set, and refuses a file
/// in another mode: its rules would be applied to the wrong referrals.
fn read_mode_config(
    setting: &str,
    path: Option<&Path>,
    mode: Mode,
    catalogue: &Catalogue,
) -> Result<Option<ServiceConfig>, ConfigError> {
    let Some(path) = path else {
        return Ok(None);
    };
    let config = read_config_file(setting, path, catalogue)?;
    if config.mode != mode {
        return Err(ConfigError::WrongMode {
            setting: setting.to_owned(),
            path: path.to_owned(),
            mode: mode.name(),
        });
    }
    Ok(Some(config))
}

fn read_config_file(
    setting: &str,
    path: &Path,
    catalogue: &Catalogue,
) -> Result<ServiceConfig, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Invalid {
        setting: setting.to_owned(),
        problem: format!("cannot read {}: {e}", path.display()),
    })?;
    ServiceConfig::from_json(&text, catalogue).map_err(|source| ConfigError::ServiceConfig {
        setting: setting.to_owned(),
        path: path.to_path_buf(),
        source,
    })
}

/// Whether `path` (which need not exist yet) is `dir` or inside it, once
/// both are resolved (`..`, symbolic links), so no spelling gets past.
pub fn inside(path: &Path, dir: &Path) -> bool {
    let Ok(dir) = dir.canonicalize() else {
        return false;
    };
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let path = absolute(path);
    // The deepest part of `path` that exists, resolved, with the rest added.
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    let resolved = loop {
        if let Ok(resolved) = existing.canonicalize() {
            break resolved;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break existing.to_path_buf(),
        }
    };
    let full = rest.iter().rev().fold(resolved, |p, name| p.join(name));
    full.starts_with(&dir)
}

/// The instruments compiled into the binary. They are checked by the
/// screening crate's tests, so failing to load them is a bug, not a setting.
pub fn catalogue() -> Catalogue {
    Catalogue::load().expect("the instruments compiled into this binary load")
}

/// Checks that `origin` is exactly what a browser sends in `Origin`:
/// `http` or `https`, `://`, a host and an optional port, nothing else.
/// Anything more (a path, a trailing slash, a wildcard) would never match.
pub fn check_origin(origin: &str) -> Result<(), String> {
    let problem = |why: &str| {
        Err(format!(
            "\"{origin}\" is not an origin (scheme://host[:port], e.g. https://www.example.nhs.uk): {why}"
        ))
    };
    let Some((scheme, rest)) = origin.split_once("://") else {
        return problem("it has no scheme://");
    };
    if scheme != "http" && scheme != "https" {
        return problem("the scheme must be http or https, in lower case");
    }
    if rest.contains(['/', '?', '#']) {
        return problem(
            "remove the path or trailing slash: an origin ends after the host and port",
        );
    }
    let (host, port) = if let Some(bracketed) = rest.strip_prefix('[') {
        // An IPv6 address: [::1] or [::1]:8080.
        let Some((inside, after)) = bracketed.split_once(']') else {
            return problem("an IPv6 address needs its closing ]");
        };
        if inside.parse::<std::net::Ipv6Addr>().is_err() {
            return problem("the IPv6 address does not parse");
        }
        let port = match after.strip_prefix(':') {
            Some(port) => Some(port),
            None if after.is_empty() => None,
            None => return problem("only a port may follow the host"),
        };
        (None, port)
    } else {
        match rest.split_once(':') {
            Some((host, port)) => (Some(host), Some(port)),
            None => (Some(rest), None),
        }
    };
    if let Some(host) = host {
        if host.is_empty() {
            return problem("the host is missing");
        }
        let allowed =
            |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.';
        if !host.chars().all(allowed) {
            return problem(
                "the host may only have lower-case letters, digits, dots and dashes \
                 (no path, no trailing slash, no wildcard)",
            );
        }
    }
    if let Some(port) = port
        && !(port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u16>().is_ok_and(|p| p > 0))
    {
        return problem("the port must be a number from 1 to 65535");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_origin;

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        for good in [
            "https://www.example.nhs.uk",
            "http://localhost:8080",
            "http://127.0.0.1:3000",
            "http://[::1]:8080",
        ] {
            assert_eq!(check_origin(good), Ok(()), "{good}");
        }
        for bad in [
            "*",
            "www.example.nhs.uk",
            "https://www.example.nhs.uk/",
            "https://www.example.nhs.uk/widget",
            "https://*.example.nhs.uk",
            "ftp://example.org",
            "HTTPS://example.org",
            "http://localhost:0",
            "http://localhost:99999",
            "http://localhost:80a",
            "https://",
            "http://[::1",
        ] {
            assert!(check_origin(bad).is_err(), "{bad}");
        }
    }
}
