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
use tracing_subscriber::EnvFilter;

use cli::{Cli, Command};
use exit::{CliError, Exit};

/// Logs to standard error (warnings; `RUST_LOG` overrides) and, with `--log-file`, to that
/// file (info; `RUST_LOG` overrides).
///
/// # Errors
/// The message when the log file cannot be opened.
fn init_tracing(log_file: Option<&std::path::Path>) -> Result<(), String> {
    use tracing_subscriber::Layer as _;
    use tracing_subscriber::layer::SubscriberExt as _;
    use tracing_subscriber::util::SubscriberInitExt as _;
    // The settings store warns about a damaged file; bdesk reports that itself as its error
    // line, so by default the warning would say it twice.
    let filter = |default: &str| {
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default))
    };
    let file = log_file
        .map(billing_core::log_files::open_log_file)
        .transpose()
        .map_err(|error| error.to_string())?;
    let to_file = file.map(|file| {
        tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .with_writer(std::sync::Mutex::new(file))
            .with_filter(filter("info"))
    });
    let to_stderr = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .with_filter(filter(
            "warn,billing_core::settings=error,bdesk::outcome=off",
        ));
    tracing_subscriber::registry()
        .with(to_stderr)
        .with(to_file)
        .init();
    Ok(())
}

/// Events of this target go to the log file only: standard error has the same words from
/// `main` already.
const OUTCOME: &str = "bdesk::outcome";

fn main() -> ExitCode {
    let matches = <Cli as clap::CommandFactory>::command().get_matches();
    let command = matches.subcommand_name().unwrap_or_default().to_owned();
    let cli = match <Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    if let Err(message) = init_tracing(cli.log_file.as_deref()) {
        eprintln!("bdesk: {message}");
        return Exit::Output.into_exit_code();
    }
    tracing::info!(target: OUTCOME, %command, version = env!("CARGO_PKG_VERSION"), "started");
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
        Ok(exit) => {
            tracing::info!(target: OUTCOME, %command, exit = exit.code(), "finished");
            exit.into_exit_code()
        }
        Err(CliError { exit, message }) => {
            if !message.is_empty() {
                eprintln!("bdesk: {message}");
            }
            tracing::error!(target: OUTCOME, %command, exit = exit.code(), "{message}");
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
