//! `app_info`: what the header shows about the running app.

use billing_core::crash_report::CrashReport;
use billing_core::updates::UpdateStatus;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use crate::state::AppState;

/// The app's version, whether it shows demo data, and what the header must warn about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppInfo {
    /// The package version, e.g. `0.1.0`.
    pub version: String,
    /// True when the app shows the built-in demo data instead of a real connection; the UI
    /// then labels everything "Demo".
    pub demo: bool,
    /// The active connection's name; `null` in demo mode.
    pub connection: Option<String>,
    /// Set when the settings file was damaged and defaults are in use: the sentence to show.
    pub settings_warning: Option<String>,
    /// Set when the previous run ended on a bug (a panic): what it was, to show once.
    pub last_crash: Option<CrashReport>,
    /// Where update checking stands; later changes come as `update-status` events.
    pub updates: UpdateStatus,
}

/// Returns [`AppInfo`]. Cannot fail.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn app_info<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> AppInfo {
    let info = state.desk.info();
    AppInfo {
        version: app.package_info().version.to_string(),
        demo: info.demo,
        connection: info.connection,
        settings_warning: info.settings_warning,
        last_crash: state.last_crash.clone(),
        updates: state.updates.status(),
    }
}
