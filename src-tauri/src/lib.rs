//! Billing Desk's Tauri shell: the window, the plugins, and thin commands over `billing-core`.
//!
//! # Adding a command
//! 1. One file in `src/commands/`, a few lines: a `#[tauri::command]` (async when it does I/O)
//!    with `#[tracing::instrument(skip_all)]`, taking `State<'_, …>` and plain arguments,
//!    calling one `billing_core` function and returning `Result<T, CommandError>` (`?` through a
//!    `From<CoreError> for CommandError`). No logic here beyond wiring: logic lives in the core,
//!    where it is tested without a window.
//! 2. Types the UI sees derive `Serialize` + `ts_rs::TS` with `#[ts(export)]` and
//!    `#[serde(rename_all = "camelCase")]`; `cargo test` writes them to `ui/src/bindings/`.
//!    Errors cross as [`CommandError`] `{code, message}`; add an [`ErrorCode`] only when the UI
//!    branches on it. Never return the API token.
//! 3. Register it in [`with_commands`], list its name in `build.rs` (`COMMANDS`) and grant
//!    `allow-<name-with-dashes>` in `capabilities/default.json`; the UI calls it through
//!    `ui/src/ipc.ts` only. Add a `tests/shell/commands.rs` case through `tauri::test`.

// Without `embedded-ui` Tauri loads `devUrl`, the Vite dev server's address: a release build
// like that would show whatever listens on that port. Only `cargo tauri dev` (a debug build)
// may leave it out.
#[cfg(all(not(debug_assertions), not(feature = "embedded-ui")))]
compile_error!(
    "a release build of billing-desk must embed the UI: keep the default `embedded-ui` feature"
);

mod commands;
mod confirm;
mod demo_launcher;
mod display;
mod error;
mod files;
mod launch;
mod navigation;
mod open;
mod rendering;
mod reveal;
mod state;
mod updates;

pub use commands::app_info::AppInfo;
pub use commands::export_invoices::EXPORT_PROGRESS_EVENT;
pub use commands::fetch_orgs::FETCH_PROGRESS_EVENT;
pub use commands::names::COMMANDS;
pub use commands::pdfs_download::PDF_PROGRESS_EVENT;
pub use demo_launcher::launcher as demo_launcher;
pub use display::NO_DISPLAY_MESSAGE;
pub use error::{CommandError, ErrorCode};
pub use files::{CHANGES_STEM, EXPORT_STEM};
pub use rendering::webkit_env_override;
pub use state::{AppState, Hooks};
#[cfg(feature = "test-hooks")]
pub use state::{CONFIRM_ENV, OPENER_LOG_ENV, SAVE_DIR_ENV};
#[cfg(feature = "test-hooks")]
pub use updates::{TEST_ENDPOINT_ENV, TEST_POLICY_ENV, TEST_PUBKEY_ENV};
pub use updates::{UPDATE_STATUS_EVENT, UpdateSource, Updates};

use tauri::{AppHandle, Builder, Manager, Runtime};

/// The app's name in crash reports (see [`billing_core::crash_report`]).
pub const PROGRAM: &str = "billing-desk";
use tauri_plugin_window_state::StateFlags;

/// Starts the app and blocks until its last window closes. Exits the process with status 1,
/// after saying why, when there is no display to open a window on, or when Tauri reports that
/// the window cannot be created.
pub fn run() {
    launch::start();
    let dirs = billing_core::settings::AppDirs::from_env();
    init_tracing(
        dirs.as_ref()
            .ok()
            .map(billing_core::settings::AppDirs::log_dir),
    );
    billing_core::process_guard::disable_core_dumps();
    // Without folders the start fails below with its own message; there is nothing to report.
    if let Ok(dirs) = dirs {
        billing_core::crash_report::install(
            dirs.data_dir().to_path_buf(),
            PROGRAM,
            env!("CARGO_PKG_VERSION"),
        );
    }
    if let Err(message) = display::check() {
        // stderr, not only the log: this is the whole output a user in a terminal sees.
        eprintln!("{message}");
        std::process::exit(1);
    }
    rendering::log_mode();
    // single-instance first: a second launch must hand over before any other plugin starts.
    let builder = Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            focus_main_window(app);
        }))
        // Not VISIBLE: restoring "was visible" would show the window before its page exists
        // (see `reveal`).
        .plugin(
            tauri_plugin_window_state::Builder::default()
                .with_state_flags(StateFlags::all() & !StateFlags::VISIBLE)
                .build(),
        )
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(navigation::guard());
    let updates = std::sync::Arc::new(Updates::from_env());
    let mut context = context();
    let builder = updates.register(builder, &mut context);
    // Settings and the demo stub are ready before the window asks for them; the disk cache
    // is read in the background (queries wait for it), so this takes milliseconds.
    let state = match tauri::async_runtime::block_on(AppState::from_env(updates.clone())) {
        Ok(state) => state,
        Err(message) => {
            tracing::error!("{message}");
            eprintln!("{message}");
            std::process::exit(1);
        }
    };
    // The launch timeline at debug (ms since `run`), for the window benchmark's split of
    // "start to first rows".
    let since = || launch::since_start().as_millis();
    tracing::debug!(ms = since(), "settings and connection ready");
    let result = with_commands(builder)
        .manage(state)
        .setup(move |app| {
            tracing::debug!(ms = since(), "window created");
            reveal::fallback(app.handle());
            if updates.enabled() {
                let app = app.handle().clone();
                let updates = updates.clone();
                tauri::async_runtime::spawn(async move { updates.check(&app).await });
            }
            Ok(())
        })
        .on_page_load(move |webview, payload| {
            tracing::debug!(ms = since(), event = ?payload.event(), "page load");
            reveal::on_page_load(webview, payload.event());
        })
        .run(context);
    if let Err(error) = result {
        tracing::error!(%error, "Billing Desk could not start");
        eprintln!("Billing Desk could not start: {error}");
        std::process::exit(1);
    }
}

/// Registers every command of the app. Tests call this on `tauri::test::mock_builder()`, so
/// the list here is the list the tests exercise.
pub fn with_commands<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    use commands::*;
    builder.invoke_handler(tauri::generate_handler![
        app_info::app_info,
        settings_get::settings_get,
        connection_test::connection_test,
        connection_add::connection_add,
        connection_use::connection_use,
        connection_remove::connection_remove,
        connection_update::connection_update,
        connection_check::connection_check,
        connections_overview::connections_overview,
        token_set::token_set,
        token_clear::token_clear,
        token_status::token_status,
        orgs_add::orgs_add,
        org_remove::org_remove,
        org_label::org_label,
        orgs_list::orgs_list,
        fetch_orgs::fetch_orgs,
        fetch_cancel::fetch_cancel,
        invoices_query::invoices_query,
        payment_methods::payment_methods,
        invoice_open::invoice_open,
        invoice_link::invoice_link,
        pdfs_download::pdfs_download,
        pdfs_cancel::pdfs_cancel,
        pdf_download_invoice::pdf_download_invoice,
        archive_folder_open::archive_folder_open,
        export_check::export_check,
        export_invoices::export_invoices,
        export_cancel::export_cancel,
        export_history::export_history,
        history_verify::history_verify,
        export_folder_open::export_folder_open,
        changes_view::changes_view,
        changes_export::changes_export,
        views_list::views_list,
        view_save::view_save,
        view_rename::view_rename,
        view_remove::view_remove,
        prefs_set::prefs_set,
        first_rows_shown::first_rows_shown,
        about_info::about_info,
        folder_open::folder_open,
        update_check::update_check,
        update_download::update_download,
        update_install::update_install,
    ])
}

/// The app's compiled configuration, capabilities and bundled UI (`tauri.conf.json`).
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// A second launch brings the running window to the front instead of opening another one.
fn focus_main_window<R: Runtime>(app: &AppHandle<R>) {
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    // Best effort: a window manager may refuse focus; the first instance keeps running.
    if let Err(error) = window.unminimize().and_then(|()| window.set_focus()) {
        tracing::warn!(%error, "could not bring the Billing Desk window to the front");
    }
}

/// Logs to stderr and to the daily files in `log_dir` (see `billing_core::log_files`);
/// `RUST_LOG` overrides the default `info` level of both. A log folder that cannot be written
/// is said on stderr at the first line, and the app goes on with stderr alone.
fn init_tracing(log_dir: Option<&std::path::Path>) {
    use tracing_subscriber::Layer as _;
    use tracing_subscriber::layer::SubscriberExt as _;
    use tracing_subscriber::util::SubscriberInitExt as _;
    let filter = || {
        tracing_subscriber::EnvFilter::try_from_default_env()
            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"))
    };
    let to_files = log_dir.map(|dir| {
        let log = billing_core::log_files::DailyLog::new(dir, PROGRAM);
        tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .with_writer(move || log.clone())
            .with_filter(filter())
    });
    let to_stderr = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_filter(filter());
    // Already set (e.g. by an embedding test harness): keep that one.
    let _ = tracing_subscriber::registry()
        .with(to_stderr)
        .with(to_files)
        .try_init();
}
