//! `prefs_set`: save the display preferences (columns, theme).

use billing_core::settings::{Settings, UiPrefs};
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Saves the preferences.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn prefs_set(state: State<'_, AppState>, ui: UiPrefs) -> Result<Settings, CommandError> {
    Ok(state.desk.prefs_set(ui)?)
}
