//! `pdfs_cancel`: stop the PDF download running now.
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// PDFs saved so far stay, with their index.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn pdfs_cancel(state: State<'_, AppState>) -> Result<(), CommandError> {
    state.desk.pdfs_cancel();
    Ok(())
}
