//! `referral-endpoint`: see `referral-endpoint --help`.

use clap::Parser;
use referral_endpoint::cli::{self, Cli, Command};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Serve(args) => serve(args),
        Command::List(args) => cli::list(args),
        Command::Export {
            format,
            database,
            output,
        } => cli::export(*format, database, output.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("referral-endpoint: error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: &cli::ServeArgs) -> Result<(), String> {
    let config = args.endpoint_config().map_err(|e| e.to_string())?;
    referral_endpoint::init_logging();
    let runtime = tokio::runtime::Runtime::new()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    runtime
        .block_on(referral_endpoint::serve(config))
        .map_err(|e| e.to_string())
}
