//! The command line: `serve`, `list` and `export`.

use crate::config::{DEFAULT_DATABASE, EndpointConfig, FileConfig, Overrides};
use crate::export;
use crate::store::{Database, Store};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

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
        /// Write here instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
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

#[derive(Debug, Args)]
pub struct DatabaseArgs {
    /// Take the database path from this TOML file.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The database: a SQLite file or a postgres:// URL [default: referrals.sqlite3].
    #[arg(long, value_name = "PATH|URL")]
    pub database: Option<String>,
}

impl DatabaseArgs {
    /// Opens an existing database to read only: never creates one, so a
    /// mistyped path is reported rather than shown as "no referrals", and
    /// staff can be given read access alone.
    pub async fn open(&self) -> Result<Store, String> {
        let from_file = match &self.config {
            Some(path) => FileConfig::read(path).map_err(|e| e.to_string())?.database,
            None => None,
        };
        let database = Database::parse(
            &self
                .database
                .clone()
                .or(from_file)
                .unwrap_or_else(|| DEFAULT_DATABASE.to_owned()),
        );
        database
            .check()
            .map_err(|problem| format!("database: {problem}"))?;
        Store::open_read_only(&database)
            .await
            .map_err(|e| format!("database: {e}"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Csv,
    Json,
}

/// Runs `list`: the table on standard output.
pub async fn list(args: &DatabaseArgs) -> Result<(), String> {
    let rows = args.open().await?.list().await.map_err(|e| e.to_string())?;
    print!("{}", export::list_table(&rows));
    Ok(())
}

/// Runs `export`: in the list's order, risk first.
pub async fn export(
    format: Format,
    args: &DatabaseArgs,
    output: Option<&Path>,
) -> Result<(), String> {
    let rows = args.open().await?.list().await.map_err(|e| e.to_string())?;
    let bytes = match format {
        Format::Csv => export::to_csv(&rows).map_err(|e| format!("CSV: {e}"))?,
        Format::Json => export::to_json(&rows).into_bytes(),
    };
    match output {
        Some(path) => std::fs::write(path, bytes)
            .map_err(|e| format!("--output: cannot write {}: {e}", path.display())),
        None => {
            use std::io::Write;
            std::io::stdout()
                .write_all(&bytes)
                .map_err(|e| format!("cannot write to standard output: {e}"))
        }
    }
}
