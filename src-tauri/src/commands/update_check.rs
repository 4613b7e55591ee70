//! `update_check`: ask the update server for a newer version (About's "Check for updates").

use billing_core::updates::UpdateStatus;
use tauri::{AppHandle, Runtime, State};

use crate::error::CommandError;
use crate::state::AppState;

/// Checks now and answers the resulting status; with updates off or not part of the build,
/// answers that without a request. A failed check is a `failed` status, not an error.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn update_check<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<UpdateStatus, CommandError> {
    Ok(state.updates.check(&app).await)
}
