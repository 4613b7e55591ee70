//! `connection_check`: test a saved connection with its stored token.

use billing_core::desk::ConnectionTest;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Fetches the connection's first saved organization once; stores nothing.
#[tauri::command]
#[tracing::instrument(skip_all, fields(name = %name))]
pub async fn connection_check(
    state: State<'_, AppState>,
    name: String,
) -> Result<ConnectionTest, CommandError> {
    Ok(state.desk.connection_check(&name).await?)
}
