//! `bdesk`: Billing Desk on the command line, a thin front over `billing_core`.
//!
//! Each command parses its options (clap), calls the core, and prints. Data goes to standard
//! output; messages, progress and logs to standard error. See `bdesk --help` for the commands
//! and the exit codes.

mod cli;
mod commands;
mod exit;
mod fetch;
mod filters;
mod interrupt;
mod orgs;
mod source;
mod table;
mod views;

use std::process::ExitCode;

use chrono::Utc;
use clap::Parser;
use tracing_subscriber::EnvFilter;

use cli::{Cli, Command};
use exit::{CliError, Exit};

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            // The settings store warns about a damaged file; bdesk reports that itself as its
            // error line, so by default the warning would say it twice.
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("warn,billing_core::settings=error")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .init();
    billing_core::process_guard::disable_core_dumps();
    report_crashes();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("bdesk: cannot start: {error}");
            return Exit::Api.into_exit_code();
        }
    };
    let outcome = runtime.block_on(run(cli));
    // Do not wait for blocked keyring or stdin threads on the way out.
    runtime.shutdown_background();
    match outcome {
        Ok(exit) => exit.into_exit_code(),
        Err(CliError { exit, message }) => {
            if !message.is_empty() {
                eprintln!("bdesk: {message}");
            }
            exit.into_exit_code()
        }
    }
}

/// Says so when the previous run ended on a bug (a scheduled job's standard error may have
/// gone nowhere), then installs the hook that reports this run's, if any. Without folders
/// there is nowhere to keep a report: the command itself says what is missing.
fn report_crashes() {
    let Ok(dirs) = billing_core::settings::AppDirs::from_env() else {
        return;
    };
    if let Some(report) = billing_core::crash_report::take(dirs.data_dir(), PROGRAM) {
        let location = report
            .location
            .map(|at| format!(" ({at})"))
            .unwrap_or_default();
        eprintln!(
            "bdesk: the previous run (version {}, {}) stopped on a bug: {}{location}",
            report.version,
            report.at.format("%Y-%m-%d %H:%M UTC"),
            table::clean(&report.message),
        );
    }
    billing_core::crash_report::install(
        dirs.data_dir().to_path_buf(),
        PROGRAM,
        env!("CARGO_PKG_VERSION"),
    );
}

/// The CLI's name in crash reports.
const PROGRAM: &str = "bdesk";

async fn run(cli: Cli) -> Result<Exit, CliError> {
    // The one place the run's clock is read; everything below takes `now`. (`fetch` also
    // notes when each answer arrives, for the export's manifest.)
    let now = Utc::now();
    let command = cli.into_command().map_err(CliError::usage)?;
    if !matches!(command, Command::DemoServer(_)) {
        interrupt::watch();
    }
    match command {
        Command::Connection(command) => commands::connection::run(command, now),
        Command::Token(command) => commands::token::run(command, now).await,
        Command::Invoices(args) => commands::invoices::run_invoices(args, now).await,
        Command::PaymentMethods(args) => commands::payment_methods::run(args, now).await,
        Command::Export(args) => commands::export::run(args, now).await,
        Command::Pdfs(args) => commands::pdfs::run(args, now).await,
        Command::DemoServer(args) => commands::demo_server::run(args).await,
        Command::History(args) => commands::history::run(args, now),
        Command::Changes(args) => commands::changes::run(args, now).await,
        Command::View(command) => commands::view::run(command, now),
    }
}
