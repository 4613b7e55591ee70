//! `connection_remove`: delete a connection and its keyring entry.

use billing_core::settings::Settings;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Removes a connection.
#[tauri::command]
#[tracing::instrument(skip_all, fields(name = %name))]
pub async fn connection_remove(
    state: State<'_, AppState>,
    name: String,
) -> Result<Settings, CommandError> {
    Ok(state.desk.connection_remove(&name).await?)
}
