//! `history_verify`: whether the export history was edited, and the exported files changed.

use billing_core::history::VerifyReport;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Checks the hash chain of the history on screen and every exported file still there.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn history_verify(state: State<'_, AppState>) -> Result<VerifyReport, CommandError> {
    Ok(state.desk.history_verify()?)
}
