//! `org_label`: set or clear an organization's label.

use billing_core::settings::Settings;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Labels a saved organization (`null` or blank clears it).
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn org_label(
    state: State<'_, AppState>,
    org_id: String,
    label: Option<String>,
) -> Result<Settings, CommandError> {
    Ok(state.desk.org_label(&org_id, label.as_deref())?)
}
