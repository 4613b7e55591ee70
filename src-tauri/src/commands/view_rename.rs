//! `view_rename`: give a saved view another name.

use billing_core::settings::SavedView;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Renames the view `from` to `to`; answers the views.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn view_rename(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<Vec<SavedView>, CommandError> {
    Ok(state.desk.view_rename(&from, &to)?)
}
