//! `referral-endpoint`: see `referral-endpoint --help`.

use clap::Parser;
use referral_endpoint::cli::{self, Cli, Command};
use referral_endpoint::commands;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Serve(args) => serve(args),
        Command::List(args) => block_on(commands::list(args)),
        Command::Export {
            format,
            database,
            output,
        } => block_on(commands::export(*format, database, output.as_deref())),
        Command::Delete {
            reference,
            database,
        } => block_on(commands::delete(reference, database)),
        Command::Purge {
            older_than,
            database,
        } => block_on(commands::purge(*older_than, database)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("referral-endpoint: error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs a staff command (the store is async) on a
/// runtime of one thread: a command needs no more.
fn block_on(command: impl Future<Output = Result<(), String>>) -> Result<(), String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?
        .block_on(command)
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
