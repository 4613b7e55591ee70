//! `update_download`: download the offered version and verify its signature.

use billing_core::updates::UpdateStatus;
use tauri::{AppHandle, Runtime, State};

use crate::error::CommandError;
use crate::state::AppState;

/// Downloads the version the last check offered (progress as `update-status` events) and
/// answers `verified`, or `failed` with why it was refused. Without an offer, answers the
/// current status.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn update_download<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<UpdateStatus, CommandError> {
    Ok(state.updates.download(&app).await)
}
