//! `token_status`: whether a connection has a token (never the token).

use billing_core::desk::TokenStatus;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Yes or no.
#[tauri::command]
#[tracing::instrument(skip_all, fields(connection = %connection))]
pub async fn token_status(
    state: State<'_, AppState>,
    connection: String,
) -> Result<TokenStatus, CommandError> {
    Ok(state.desk.token_status(&connection).await?)
}
