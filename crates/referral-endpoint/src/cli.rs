//! The command line's arguments: `serve`, and the staff commands `list`,
//! `export`, `delete` and `purge` (run by [`crate::commands`]).

use crate::config::{
    DEFAULT_AUDIT_LOG, DEFAULT_DATABASE, EndpointConfig, FileConfig, Overrides, inside,
};
use crate::store::Database;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "referral-endpoint",
    version,
    about = "Receives Talking Health referrals, checks them and stores each once in SQLite or PostgreSQL."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP server. Flags override the configuration file.
    Serve(ServeArgs),
    /// Show stored referrals, those with a risk answer first, with the reason
    /// (given or withdrawn) and PHQ-9 item 9's answers.
    List(DatabaseArgs),
    /// Write every stored referral as CSV or JSON, those with a risk answer
    /// first, with the risk flag, reason and item 9 answers.
    Export {
        #[arg(long, value_enum)]
        format: Format,
        #[command(flatten)]
        database: DatabaseArgs,
        /// Write here instead of standard output: a new file, readable by you
        /// only (refused inside the --config file's static_dir).
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Delete one referral (a person's request for erasure, or one sent in
    /// error), and record it in the audit log.
    Delete {
        /// The referral's reference, such as TH-7K3Q-9D.
        #[arg(long, value_name = "REFERENCE")]
        reference: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Delete referrals older than the retention period (`retention_days` in
    /// the --config file, or --older-than), and record it in the audit log.
    Purge {
        /// Delete referrals received more than this many days ago.
        #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..=36_500))]
        older_than: Option<u32>,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// A TOML file with the settings (see endpoint.example.toml).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Address and port to listen on [default: 127.0.0.1:8080].
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<String>,
    /// The database: a SQLite file, or a postgres:// URL (one with a password
    /// is better in the --config file, which other users cannot read, than
    /// here, where they can) [default: referrals.sqlite3].
    #[arg(long, value_name = "PATH|URL")]
    pub database: Option<String>,
    /// An origin whose pages may POST referrals (repeat for more); replaces the file's list.
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    pub allow_origin: Vec<String>,
    /// Serve the widget's built files (Trunk's dist/) at /.
    #[arg(long, value_name = "DIR")]
    pub static_dir: Option<PathBuf>,
    /// The service configuration referrals are checked against [default: public/config.json].
    #[arg(long, value_name = "FILE")]
    pub service_config: Option<PathBuf>,
    /// The embed-mode service configuration: lets its practices' embed_origins frame /embed.html.
    #[arg(long, value_name = "FILE")]
    pub embed_config: Option<PathBuf>,
    /// The clinic-mode service configuration (clinic.html's): clinic referrals are checked against it.
    #[arg(long, value_name = "FILE")]
    pub clinic_config: Option<PathBuf>,
}

impl ServeArgs {
    /// The settings from the file and flags, checked.
    pub fn endpoint_config(&self) -> Result<EndpointConfig, crate::ConfigError> {
        EndpointConfig::load(
            self.config.as_deref(),
            &Overrides {
                listen: self.listen.clone(),
                database: self.database.clone(),
                allowed_origins: self.allow_origin.clone(),
                static_dir: self.static_dir.clone(),
                service_config: self.service_config.clone(),
                embed_config: self.embed_config.clone(),
                clinic_config: self.clinic_config.clone(),
            },
        )
    }
}

/// Where a staff command finds the referrals and records what it did.
#[derive(Debug, Args)]
pub struct DatabaseArgs {
    /// Take the settings (database, audit_log, retention_days) from this TOML file.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The database: a SQLite file or a postgres:// URL [default: referrals.sqlite3].
    #[arg(long, value_name = "PATH|URL")]
    pub database: Option<String>,
    /// The audit log to append to [default: referrals-audit.log].
    #[arg(long, value_name = "FILE")]
    pub audit_log: Option<PathBuf>,
}

/// A staff command's settings: the flags over the file's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffSettings {
    pub database: Database,
    pub audit_log: PathBuf,
    pub retention_days: Option<u32>,
    /// Files a command writes must not be put here, where anyone can download them.
    pub static_dir: Option<PathBuf>,
}

impl DatabaseArgs {
    pub fn settings(&self) -> Result<StaffSettings, String> {
        let file = match &self.config {
            Some(path) => FileConfig::read(path).map_err(|e| e.to_string())?,
            None => FileConfig::default(),
        };
        let database = Database::parse(
            &self
                .database
                .clone()
                .or(file.database)
                .unwrap_or_else(|| DEFAULT_DATABASE.to_owned()),
        );
        database
            .check()
            .map_err(|problem| format!("database: {problem}"))?;
        if let Database::Sqlite(path) = &database
            && !path.is_file()
        {
            // Never created by a staff command: a mistyped path is reported
            // rather than shown as "no referrals".
            return Err(format!("database: no database at {}", path.display()));
        }
        let settings = StaffSettings {
            database,
            audit_log: self
                .audit_log
                .clone()
                .or(file.audit_log)
                .unwrap_or_else(|| DEFAULT_AUDIT_LOG.into()),
            retention_days: file.retention_days,
            static_dir: file.static_dir,
        };
        settings.refuse_in_static_dir("--audit-log", &settings.audit_log)?;
        Ok(settings)
    }
}

impl StaffSettings {
    /// Refuses a file a command would write inside `static_dir`.
    pub fn refuse_in_static_dir(
        &self,
        setting: &str,
        path: &std::path::Path,
    ) -> Result<(), String> {
        match &self.static_dir {
            Some(dir) if inside(path, dir) => Err(format!(
                "{setting}: {} is inside static_dir ({}), which is served to anyone",
                path.display(),
                dir.display()
            )),
            _ => Ok(()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Csv,
    Json,
    /// NDJSON: one FHIR R4 transaction Bundle per referral (docs/fhir.md).
    Fhir,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Fhir => "fhir",
        }
    }
}
