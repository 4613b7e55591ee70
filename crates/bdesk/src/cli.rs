//! The command line as clap sees it: commands, options and the help text.

use std::path::PathBuf;

use billing_core::client::MAX_RESPONSE_MB;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Shown after `--help`: the exit codes scripts branch on, and where the token comes from.
const AFTER_HELP: &str = "\
Exit codes:
  0    success
  1    the output could not be written (file or folder problem)
  2    usage: a bad option, value, date or organization ID (also one the API refuses, HTTP 400)
  3    the API token was refused (HTTP 401 or 403)
  4    not found: an organization (HTTP 404), or the export `changes` compares with
  5    another API or network error (server error, timeout, unreadable answer)
  6    partial: --keep-going with failed organizations, or PDFs that could not be archived
  7    keyring or settings: no token, keyring locked or missing, damaged or newer settings file
  8    `changes --fail-on-change` found changes, or `history verify` found an edited history or
       a changed file
  130  interrupted (Ctrl-C)

The API token comes from --token-stdin, else the BDESK_TOKEN environment variable, else the
OS keyring entry of the connection (`bdesk token set`). It is never a command-line argument.
Settings live in BDESK_CONFIG_DIR when set. Logs go to standard error; RUST_LOG=debug shows more.";

/// Billing Desk on the command line: invoices and payment methods of one or many
/// organizations, exports to CSV, Excel or JSON, and a local archive of invoice PDFs.
#[derive(Debug, Parser)]
#[command(name = "bdesk", version, about, after_help = AFTER_HELP, propagate_version = true)]
pub struct Cli {
    /// Use demo data from a stub started inside bdesk (invoices, payment-methods, export,
    /// pdfs); the same as --demo after the command.
    // Also accepted before the command, where people write it first (`bdesk --demo invoices`).
    #[arg(long = "demo")]
    pub demo: bool,
    /// Also write the log to this file (appended, created owner-only), at info level or as
    /// RUST_LOG says; standard error keeps its warnings. For scheduled jobs.
    #[arg(long, value_name = "PATH", global = true)]
    pub log_file: Option<std::path::PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The command, with a `--demo` given before it moved to the command's own options.
    ///
    /// # Errors
    /// A usage message when `--demo` comes before a command that reads no billing data, or
    /// with an option it excludes.
    pub fn into_command(self) -> Result<Command, String> {
        let mut command = self.command;
        if !self.demo {
            return Ok(command);
        }
        let source = match &mut command {
            Command::Invoices(args) => &mut args.source,
            Command::PaymentMethods(args) => &mut args.source,
            Command::Export(args) => &mut args.source,
            Command::Pdfs(args) => &mut args.source,
            Command::History(args) => &mut args.source,
            Command::Changes(args) => &mut args.source,
            Command::View(view) => {
                let owner = match view {
                    ViewCommand::List { owner, .. }
                    | ViewCommand::Show { owner, .. }
                    | ViewCommand::Save { owner, .. }
                    | ViewCommand::Rm { owner, .. } => owner,
                };
                if owner.connection.is_some() {
                    return Err("--demo cannot be combined with --connection.".to_owned());
                }
                owner.demo = true;
                return Ok(command);
            }
            Command::Connection(_) | Command::Token(_) | Command::DemoServer(_) => {
                return Err(
                    "--demo applies to invoices, payment-methods, export, pdfs, history, \
                     changes and view."
                        .to_owned(),
                );
            }
        };
        if source.connection.is_some() || source.token_stdin {
            return Err("--demo cannot be combined with --connection or --token-stdin.".to_owned());
        }
        source.demo = true;
        Ok(command)
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add, list, remove or select API connections.
    #[command(subcommand)]
    Connection(ConnectionCommand),
    /// Store, check or remove a connection's API token in the OS keyring.
    #[command(subcommand)]
    Token(TokenCommand),
    /// List invoices: a table on a terminal, tab-separated when piped, or --json.
    #[command(after_help = AFTER_HELP)]
    Invoices(InvoicesArgs),
    /// List payment methods: a table on a terminal, tab-separated when piped, or --json.
    #[command(after_help = AFTER_HELP)]
    PaymentMethods(PaymentMethodsArgs),
    /// Export invoices to a CSV, Excel or JSON file (or standard output).
    #[command(after_help = AFTER_HELP)]
    Export(ExportArgs),
    /// Download invoice PDFs into a folder, with an index.json of what came from where.
    #[command(after_help = AFTER_HELP)]
    Pdfs(PdfsArgs),
    /// Run the stub billing API with demo data on this computer until Ctrl-C.
    DemoServer(DemoServerArgs),
    /// List the exports made from a connection, or `verify` that nobody edited the list.
    #[command(after_help = AFTER_HELP)]
    History(HistoryArgs),
    /// What changed since an export: new, newly paid, voided, uncollectible, other status,
    /// amount and due-date changes and gone invoices, and per currency the totals' change.
    #[command(after_help = AFTER_HELP)]
    Changes(ChangesArgs),
    /// List, show, save or remove saved views (the app's views: filters, sort,
    /// organizations), used with --view NAME.
    #[command(subcommand)]
    View(ViewCommand),
}

/// `bdesk view …`
#[derive(Debug, Subcommand)]
pub enum ViewCommand {
    /// List the saved views of a connection (or the demo's with --demo).
    List {
        #[command(flatten)]
        owner: ViewOwner,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print one view as JSON.
    Show {
        /// The view's name.
        name: String,
        #[command(flatten)]
        owner: ViewOwner,
    },
    /// Save a view under NAME from the organization, filter and sort options (the same as
    /// `bdesk export`); a view of that name is replaced.
    Save {
        /// The view's name.
        name: String,
        #[command(flatten)]
        owner: ViewOwner,
        /// An organization ID; repeat for several (default: every saved organization).
        #[arg(long = "org", value_name = "ID")]
        orgs: Vec<String>,
        /// A file with one organization ID per line.
        #[arg(long, value_name = "FILE")]
        orgs_file: Option<PathBuf>,
        #[command(flatten)]
        filters: Box<FilterArgs>,
    },
    /// Remove a view.
    Rm {
        /// The view's name.
        name: String,
        #[command(flatten)]
        owner: ViewOwner,
    },
}

/// Whose views.
#[derive(Debug, Args, Clone, Default)]
pub struct ViewOwner {
    /// The connection (default: the active one).
    #[arg(long, value_name = "NAME")]
    pub connection: Option<String>,
    /// The demo data's views.
    #[arg(long, conflicts_with = "connection")]
    pub demo: bool,
}

/// `bdesk connection …`
#[derive(Debug, Subcommand)]
pub enum ConnectionCommand {
    /// Add a connection (the first one becomes the active one).
    Add {
        /// A name of your choice, e.g. Production.
        name: String,
        /// The API's base URL (https; plain http only for this computer, with
        /// --allow-plain-http).
        #[arg(long, value_name = "URL")]
        base_url: String,
        /// Let the token travel unencrypted to a plain http address on this computer (a
        /// local test server).
        #[arg(long)]
        allow_plain_http: bool,
        /// Export snapshots its history keeps, 1 to 10000 [default: 50]; older ones are
        /// pruned, never the newest.
        #[arg(long, value_name = "N")]
        keep_snapshots: Option<u32>,
        /// Where its aging buckets split, in days past due, ascending [default: 30,60,90]:
        /// 15,30,60 gives Current, 1-15, 16-30, 31-60 and 60+ days.
        #[arg(long, value_name = "DAYS,...")]
        aging_buckets: Option<String>,
    },
    /// List the connections; the active one is marked with *.
    List,
    /// Remove a connection and its token from the keyring.
    Remove {
        /// The connection's name.
        name: String,
    },
    /// Make a connection the active one.
    Use {
        /// The connection's name.
        name: String,
    },
}

/// `bdesk token …`
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Store the API token in the OS keyring: asked without echo on a terminal, read from
    /// standard input otherwise.
    Set(TokenTarget),
    /// Say where the token of a run would come from; exits 7 when there is none.
    Status(TokenTarget),
    /// Remove the token from the OS keyring.
    Clear(TokenTarget),
}

/// Which connection's token.
#[derive(Debug, Args)]
pub struct TokenTarget {
    /// The connection (default: the active one).
    #[arg(long, value_name = "NAME")]
    pub connection: Option<String>,
}

/// Where the data comes from.
#[derive(Debug, Args, Clone)]
pub struct SourceArgs {
    /// Use this connection instead of the active one.
    #[arg(long, value_name = "NAME")]
    pub connection: Option<String>,
    /// Use this API base URL (overrides the connection's).
    #[arg(long, value_name = "URL", env = "BDESK_BASE_URL")]
    pub base_url: Option<String>,
    /// Read the API token from standard input.
    #[arg(long)]
    pub token_stdin: bool,
    /// The largest answer accepted from one organization, in MB, 1 to 4096 [default: 1200,
    /// or the connection's maxResponseMb setting]. A million invoices take about 520 MB.
    #[arg(
        long,
        value_name = "MB",
        value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_RESPONSE_MB))
    )]
    pub max_response_mb: Option<u32>,
    /// Use demo data from a stub started inside bdesk; no connection or token needed
    /// (BDESK_BASE_URL and BDESK_TOKEN are ignored).
    // Not in conflict with --base-url: its value may come from BDESK_BASE_URL, which a demo
    // run should not have to unset.
    #[arg(long, conflicts_with_all = ["connection", "token_stdin"])]
    pub demo: bool,
}

/// Which organizations, and how to fetch them.
#[derive(Debug, Args, Clone)]
pub struct BatchArgs {
    /// An organization ID; repeat for several. Without --org and --orgs-file: the saved
    /// organizations of the connection (the demo's three with --demo), named on standard error.
    #[arg(long = "org", value_name = "ID")]
    pub orgs: Vec<String>,
    /// A file with one organization ID per line (# starts a comment; blank lines are ignored).
    #[arg(long, value_name = "FILE")]
    pub orgs_file: Option<PathBuf>,
    /// Organizations fetched (or PDFs downloaded) at the same time, 1 to 64 [default: 8, or
    /// the connection's setting].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: Option<u16>,
    /// Go on when some organizations fail: list them on standard error (and in the
    /// manifest), use the rest, and exit with 6.
    #[arg(long)]
    pub keep_going: bool,
}

/// Which invoices.
#[derive(Debug, Args, Clone, Default)]
pub struct FilterArgs {
    /// Only this status (draft, open, paid, uncollectible, void, or any other the API sends,
    /// as it sends it); repeat for several.
    #[arg(long = "status", value_name = "S")]
    pub statuses: Vec<String>,
    /// Created at or after this date (YYYY-MM-DD, UTC) or time (RFC 3339).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Created on or before this date (YYYY-MM-DD, the whole day, UTC), or before this time
    /// (RFC 3339).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Only overdue invoices (open, something still owed, past the due date).
    #[arg(long)]
    pub overdue: bool,
    /// Only invoices overdue this many days, both ends included: 31-60, or 91- for 91 and
    /// more (an aging bucket's days).
    #[arg(long, value_name = "MIN-MAX")]
    pub days_overdue: Option<String>,
    /// Only this currency (e.g. EUR).
    #[arg(long, value_name = "C")]
    pub currency: Option<String>,
    /// Only invoices whose number or ID contains this text (any case).
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Only invoices whose total is at least this much, in major units of each invoice's own
    /// currency: 10 means USD 10.00, JPY 10 and KWD 10.000.
    #[arg(long, value_name = "AMOUNT", allow_negative_numbers = true)]
    pub amount_min: Option<String>,
    /// Only invoices whose total is at most this much, in major units of each invoice's own
    /// currency.
    #[arg(long, value_name = "AMOUNT", allow_negative_numbers = true)]
    pub amount_max: Option<String>,
    /// Due at or after this date (YYYY-MM-DD, UTC) or time (RFC 3339).
    #[arg(long, value_name = "DATE")]
    pub due_from: Option<String>,
    /// Due on or before this date (YYYY-MM-DD, the whole day, UTC), or before this time
    /// (RFC 3339).
    #[arg(long, value_name = "DATE")]
    pub due_until: Option<String>,
    /// Order by this column, ascending, or descending with :desc (e.g. total:desc). The
    /// columns are named as in the CSV header: org, number, id, status, currency, total,
    /// amountDue, amountPaid, amountRemaining, createdAt, dueAt, periodStart, periodEnd,
    /// daysOverdue. Amounts sort currency by currency, never mixed.
    #[arg(long, value_name = "COLUMN[:desc]")]
    pub sort: Option<String>,
    /// Report as of the end of this day (YYYY-MM-DD, in this computer's time zone):
    /// overdue, days overdue and aging are computed then, and invoices created after it are
    /// left out. Recorded in the manifest.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Start from this saved view (`bdesk view list`): its filters, sort and organizations;
    /// the options given beside it replace the view's.
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,
}

/// `bdesk invoices`
#[derive(Debug, Args)]
pub struct InvoicesArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub batch: BatchArgs,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Print JSON (the export's JSON shape) instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// `bdesk history`
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// `verify`: check that no entry was edited, removed or reordered, and that the exported
    /// files that still exist are unchanged (exit 8 otherwise).
    #[arg(value_enum)]
    pub action: Option<HistoryAction>,
    #[command(flatten)]
    pub source: SourceArgs,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// What `bdesk history` does besides listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HistoryAction {
    /// Check the history's hash chain and the exported files.
    Verify,
}

/// `bdesk changes`
#[derive(Debug, Args)]
pub struct ChangesArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// Organizations to compare (default: the export's own); the export's filters apply.
    #[command(flatten)]
    pub batch: BatchArgs,
    /// The export to compare with: `last`, an export's number from `bdesk history`, its
    /// snapshot ID, or its manifest file (`--manifest` of `bdesk export`).
    #[arg(long, value_name = "last|N|ID|MANIFEST", default_value = "last")]
    pub since: String,
    /// Compare the invoices of this saved view (its filters and organizations) instead of
    /// the export's own.
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,
    /// Print JSON instead of a summary (the same as --format json).
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// Write the changes as csv (one record per field that moved, for Excel), xlsx (the same
    /// records and a sheet of totals per currency; needs -o) or json.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Output file for --format, or - for standard output (the default).
    #[arg(
        short = 'o',
        long = "output",
        value_name = "PATH|-",
        default_value = "-"
    )]
    pub output: String,
    /// Start a CSV with a byte-order mark, so Excel reads it as UTF-8.
    #[arg(long)]
    pub bom: bool,
    /// CSV layout, as for export: standard (comma) or excel-semicolon (semicolon, byte-order
    /// mark).
    #[arg(long, value_enum, default_value_t = CsvDialectArg::Standard, value_name = "DIALECT")]
    pub csv_dialect: CsvDialectArg,
    /// Exit 8 when something changed (for scheduled jobs).
    #[arg(long)]
    pub fail_on_change: bool,
}

/// `bdesk payment-methods`
#[derive(Debug, Args)]
pub struct PaymentMethodsArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub batch: BatchArgs,
    /// Only cards that have expired, or expire within --within days.
    #[arg(long)]
    pub expiring: bool,
    /// With --expiring: how many days ahead count as expiring, 0 to 3650 [default: 60, as in
    /// the app]. The cardState field keeps the app's 60 days.
    #[arg(
        long,
        value_name = "DAYS",
        requires = "expiring",
        value_parser = clap::value_parser!(u16).range(0..=3650)
    )]
    pub within: Option<u16>,
    /// Print JSON (the export's JSON shape) instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Export file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Comma-separated values (RFC 4180, UTF-8).
    Csv,
    /// Excel workbook with invoices, payment methods and totals.
    Xlsx,
    /// JSON document.
    Json,
}

/// `bdesk export`
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub batch: BatchArgs,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// File format.
    #[arg(long, value_enum)]
    pub format: FormatArg,
    /// Output file, or - for standard output (the default).
    #[arg(
        short = 'o',
        long = "output",
        value_name = "PATH|-",
        default_value = "-"
    )]
    pub output: String,
    /// Also write <file>.manifest.json: source, organizations, filters, failures, row count,
    /// totals and the file's SHA-256.
    #[arg(long)]
    pub manifest: bool,
    /// Start a CSV with a byte-order mark, so Excel reads it as UTF-8.
    #[arg(long)]
    pub bom: bool,
    /// CSV layout: standard (comma, decimal point) or excel-semicolon (semicolon, decimal
    /// comma, byte-order mark: Excel where the decimal separator is a comma).
    #[arg(long, value_enum, default_value_t = CsvDialectArg::Standard, value_name = "DIALECT")]
    pub csv_dialect: CsvDialectArg,
}

/// CSV layouts (`--csv-dialect`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CsvDialectArg {
    /// Comma separator, decimal point (RFC 4180).
    Standard,
    /// Semicolon separator, decimal comma, byte-order mark.
    ExcelSemicolon,
}

impl From<CsvDialectArg> for billing_core::export::CsvDialect {
    fn from(arg: CsvDialectArg) -> Self {
        match arg {
            CsvDialectArg::Standard => billing_core::export::CsvDialect::Standard,
            CsvDialectArg::ExcelSemicolon => billing_core::export::CsvDialect::ExcelSemicolon,
        }
    }
}

/// `bdesk pdfs`
#[derive(Debug, Args)]
pub struct PdfsArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub batch: BatchArgs,
    /// Only the PDFs of the invoices these filters (or --view) select.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// The archive folder (created if missing).
    #[arg(long, value_name = "DIR")]
    pub dir: PathBuf,
}

/// `bdesk demo-server`
#[derive(Debug, Args)]
pub struct DemoServerArgs {
    /// Port on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 8787)]
    pub port: u16,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn help_documents_every_exit_code() {
        let help = Cli::command().render_long_help().to_string();
        for code in ["0 ", "1 ", "2 ", "3 ", "4 ", "5 ", "6 ", "7 ", "130"] {
            assert!(
                help.contains(&format!("\n  {code}")),
                "exit code {code} is documented in --help"
            );
        }
    }

    #[test]
    fn demo_is_accepted_before_the_command_too() {
        let before = Cli::try_parse_from(["bdesk", "--demo", "invoices", "--org", "acme-corp"])
            .unwrap()
            .into_command()
            .unwrap();
        let after = Cli::try_parse_from(["bdesk", "invoices", "--demo", "--org", "acme-corp"])
            .unwrap()
            .into_command()
            .unwrap();
        assert_eq!(format!("{before:?}"), format!("{after:?}"));
        let Command::Invoices(args) = before else {
            panic!("invoices: {before:?}");
        };
        assert!(args.source.demo);
        for refused in [
            vec!["bdesk", "--demo", "token", "status"],
            vec!["bdesk", "--demo", "invoices", "--connection", "x"],
        ] {
            let parsed = Cli::try_parse_from(&refused).unwrap();
            assert!(parsed.into_command().is_err(), "{refused:?}");
        }
    }

    #[test]
    fn demo_conflicts_with_a_connection() {
        let parsed = Cli::try_parse_from(["bdesk", "invoices", "--demo", "--connection", "x"]);
        assert!(
            parsed.is_err(),
            "--demo and --connection exclude each other"
        );
    }
}
