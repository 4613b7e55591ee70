//! Test support for `tests/core/desk_crash.rs`: the desktop app's own code paths in a child process
//! that the test SIGKILLs at random moments. It is not the GUI: it calls
//! [`billing_core::desk::Desk`] the way the app's Tauri commands do (`prefs_set` for the
//! display preferences, `export` for "Export the current view").
//!
//! The desk is opened as `src-tauri`'s `AppState::from_env` opens it (folders from
//! `BDESK_CONFIG_DIR`, `BDESK_CACHE_DIR`, `BDESK_DATA_DIR`, the system clock), except for
//! the keyring: the token of the active connection comes from `BDESK_TOKEN` into an in-memory
//! store, so no OS keyring is touched.
//!
//! Usage:
//! - `desk_crash_child prefs`: saves new display preferences over and over. Before each save
//!   it prints `saving <the UiPrefs as JSON>`, after it `saved`.
//! - `desk_crash_child export <csv|xlsx> <path>`: loads the organizations (from the disk
//!   cache, else fetched), prints `ready`, then exports the current view (every invoice) to
//!   `path` over and over, printing `exporting <n>` before and `exported <n> <rows>` after each.
//!
//! Every line is flushed at once. It stops with an error when standard output is closed.

use std::error::Error;
use std::io::Write;

use billing_core::desk::{Desk, DeskConfig, ExportFormatArg, ExportOptions, OrgState};
use billing_core::export::CsvDialect;
use billing_core::query::InvoiceQuery;
use billing_core::secret::ApiToken;
use billing_core::settings::{AppDirs, ColumnPref, Theme, UiPrefs};
use billing_core::token_store::TokenStore;
use chrono::Utc;

/// Column ids the preferences cycle through (those of the app's invoice table).
const COLUMNS: [&str; 6] = [
    "number",
    "status",
    "total",
    "amountDue",
    "createdAt",
    "dueAt",
];

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let desk = open().await?;
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["prefs"] => save_prefs_forever(&desk),
        ["export", format, path] => export_forever(&desk, format, path).await,
        _ => Err("usage: desk_crash_child prefs | export <csv|xlsx> <path>".into()),
    }
}

/// The desk over the folders of the environment, with the active connection's token from
/// `BDESK_TOKEN` in an in-memory keyring.
async fn open() -> Result<Desk, Box<dyn Error>> {
    let dirs = AppDirs::from_env()?;
    let tokens = TokenStore::with_store(keyring_core::mock::Store::new()?);
    let settings = dirs.settings_store().load(Utc::now())?.settings;
    if let (Some(connection), Some(token)) = (
        settings.active_connection.as_deref(),
        std::env::var("BDESK_TOKEN").ok().and_then(ApiToken::new),
    ) {
        let base_url = settings
            .connection(connection)
            .map(|c| c.base_url.as_str())
            .unwrap_or_default();
        let origin = billing_core::link::validate_base_url(base_url)?;
        tokens.set(
            connection,
            &billing_core::link::origin_text(&origin),
            &token,
        )?;
    }
    Ok(Desk::open(DeskConfig {
        dirs,
        tokens,
        demo: None,
        clock: std::sync::Arc::new(Utc::now),
    })
    .await)
}

/// Prints one line and flushes it, so the parent sees it even if a kill follows at once.
fn say(line: &str) -> Result<(), Box<dyn Error>> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}")?;
    out.flush()?;
    Ok(())
}

/// The `n`-th preferences: every theme, CSV layout, column order and visibility in turn.
fn prefs(n: usize) -> UiPrefs {
    let theme = [Theme::System, Theme::Light, Theme::Dark][n % 3];
    let columns = (0..COLUMNS.len())
        .map(|i| ColumnPref {
            id: COLUMNS[(i + n) % COLUMNS.len()].to_owned(),
            visible: (n >> i) & 1 == 0,
        })
        .collect();
    let csv_dialect = [CsvDialect::Standard, CsvDialect::ExcelSemicolon][n % 2];
    UiPrefs {
        columns,
        theme,
        csv_dialect,
    }
}

fn save_prefs_forever(desk: &Desk) -> Result<(), Box<dyn Error>> {
    // A different start per child (its process ID), so consecutive children save different
    // preferences and the parent can tell old from new.
    let start = std::process::id() as usize;
    for n in start.. {
        let ui = prefs(n);
        say(&format!("saving {}", serde_json::to_string(&ui)?))?;
        desk.prefs_set(ui)?;
        say("saved")?;
    }
    Ok(())
}

async fn export_forever(desk: &Desk, format: &str, path: &str) -> Result<(), Box<dyn Error>> {
    let format = match format {
        "csv" => ExportFormatArg::Csv,
        "xlsx" => ExportFormatArg::Xlsx,
        other => return Err(format!("unknown format {other}").into()),
    };
    let loaded = |state| matches!(state, OrgState::Fresh | OrgState::Cached);
    if !desk
        .org_statuses()
        .await
        .iter()
        .all(|status| loaded(status.state))
    {
        let statuses = desk.fetch_orgs(None, false, |_| {}).await?;
        if let Some(status) = statuses.iter().find(|status| !loaded(status.state)) {
            return Err(
                format!("{} could not be loaded: {:?}", status.org_id, status.error).into(),
            );
        }
    }
    say("ready")?;
    let query = InvoiceQuery::default();
    for n in 0.. {
        say(&format!("exporting {n}"))?;
        // A restarted child exports what its cache holds: older answers are expected here.
        let options = ExportOptions {
            format,
            manifest: false,
            allow_incomplete: true,
        };
        let done = desk
            .export(
                &query,
                options,
                std::path::Path::new(path),
                Utc::now(),
                |_| {},
            )
            .await?;
        say(&format!("exported {n} {}", done.rows))?;
    }
    Ok(())
}
