//! `update_install`: install the verified download and restart.

use tauri::{AppHandle, Runtime, State};

use crate::error::CommandError;
use crate::state::AppState;

/// Installs the verified update through the package manager (after a password prompt) and
/// restarts into the new version; see `Updates::install` for the refusals.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn update_install<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<(), CommandError> {
    state.updates.install(&app).await
}
