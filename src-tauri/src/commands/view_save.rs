//! `view_save`: save the view on screen under a name (replacing one of that name).

use billing_core::settings::SavedView;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Saves `view` whole or refuses it with the reason (code `invalidInput`); answers the views.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn view_save(
    state: State<'_, AppState>,
    view: SavedView,
) -> Result<Vec<SavedView>, CommandError> {
    Ok(state.desk.view_save(view)?)
}
