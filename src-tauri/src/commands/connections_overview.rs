//! `connections_overview`: the Connections screen's list.

use billing_core::desk::ConnectionInfo;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Each saved connection with whether its token is stored (never the token) and when it
/// last fetched.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn connections_overview(
    state: State<'_, AppState>,
) -> Result<Vec<ConnectionInfo>, CommandError> {
    Ok(state.desk.connections_overview().await)
}
