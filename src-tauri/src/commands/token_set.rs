//! `token_set`: store a connection's token in the OS keyring.

use billing_core::desk::{TokenStatus, token_from_input};
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Stores the token; returns only whether one is stored.
#[tauri::command]
#[tracing::instrument(skip_all, fields(connection = %connection))]
pub async fn token_set(
    state: State<'_, AppState>,
    connection: String,
    token: String,
) -> Result<TokenStatus, CommandError> {
    let token = token_from_input(token)?;
    Ok(state.desk.token_set(&connection, token).await?)
}
