//! `token_clear`: delete a connection's token from the OS keyring.

use billing_core::desk::TokenStatus;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Deletes the token.
#[tauri::command]
#[tracing::instrument(skip_all, fields(connection = %connection))]
pub async fn token_clear(
    state: State<'_, AppState>,
    connection: String,
) -> Result<TokenStatus, CommandError> {
    Ok(state.desk.token_clear(&connection).await?)
}
