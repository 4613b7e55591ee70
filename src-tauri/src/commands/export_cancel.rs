//! `export_cancel`: stop the export running now.
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// The export ends with code `cancelled`, leaving neither its file nor a temp file.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn export_cancel(state: State<'_, AppState>) -> Result<(), CommandError> {
    state.desk.export_cancel();
    Ok(())
}
