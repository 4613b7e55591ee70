//! `connection_test`: fetch one organization once with what the form holds; store nothing.

use billing_core::desk::{ConnectionTest, token_from_input};
use tauri::{AppHandle, Runtime, State};

use crate::error::CommandError;
use crate::state::AppState;

/// Tests a base URL, token and organization. The token is wrapped at once and dropped after.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn connection_test<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    base_url: String,
    token: String,
    org_id: String,
) -> Result<ConnectionTest, CommandError> {
    let token = token_from_input(token)?;
    crate::confirm::origin(&app, &state, &base_url).await?;
    Ok(state
        .desk
        .connection_test(&base_url, token, &org_id)
        .await?)
}
