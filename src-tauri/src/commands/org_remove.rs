//! `org_remove`: remove an organization from the list (and its cached data).

use billing_core::settings::Settings;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Removes a saved organization.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn org_remove(state: State<'_, AppState>, org_id: String) -> Result<Settings, CommandError> {
    Ok(state.desk.org_remove(&org_id)?)
}
