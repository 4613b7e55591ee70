//! `views_list`: the saved views of the data source on screen.

use billing_core::settings::SavedView;
use tauri::State;

use crate::state::AppState;

/// The views of the connection (or demo) on screen, in the order they were saved.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn views_list(state: State<'_, AppState>) -> Vec<SavedView> {
    state.desk.views()
}
