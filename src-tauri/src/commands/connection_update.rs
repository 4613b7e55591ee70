//! `connection_update`: apply a connection's Edit form (address, timeout, concurrency, the
//! plain-http opt-in, the archive folder).

use billing_core::desk::ConnectionUpdated;
use billing_core::settings::ConnectionEdit;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Edits a connection; a new origin deletes its token (asked again, never sent unasked).
#[tauri::command]
#[tracing::instrument(skip_all, fields(name = %name))]
pub async fn connection_update(
    state: State<'_, AppState>,
    name: String,
    edit: ConnectionEdit,
) -> Result<ConnectionUpdated, CommandError> {
    Ok(state.desk.connection_update(&name, &edit).await?)
}
