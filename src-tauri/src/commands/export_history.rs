//! `export_history`: the exports made from the data source on screen, newest first.

use billing_core::desk::ExportEntry;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Every recorded export of the connection (or demo) on screen, newest first.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn export_history(state: State<'_, AppState>) -> Result<Vec<ExportEntry>, CommandError> {
    Ok(state.desk.export_history()?)
}
