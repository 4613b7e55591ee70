//! `fetch_cancel`: stop the fetches running now.
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Cancelled organizations keep what they showed.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn fetch_cancel(state: State<'_, AppState>) -> Result<(), CommandError> {
    state.desk.fetch_cancel();
    Ok(())
}
