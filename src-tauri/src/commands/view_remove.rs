//! `view_remove`: delete a saved view.

use billing_core::settings::SavedView;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Removes the view `name`; answers the views.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn view_remove(
    state: State<'_, AppState>,
    name: String,
) -> Result<Vec<SavedView>, CommandError> {
    Ok(state.desk.view_remove(&name)?)
}
