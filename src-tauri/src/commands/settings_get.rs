//! `settings_get`: the settings (never a token).

use billing_core::settings::Settings;
use tauri::State;

use crate::state::AppState;

/// Returns the settings. Cannot fail.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn settings_get(state: State<'_, AppState>) -> Settings {
    state.desk.settings()
}
