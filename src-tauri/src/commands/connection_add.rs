//! `connection_add`: save a connection, its token (keyring) and organizations; make it active.

use billing_core::desk::token_from_input;
use billing_core::settings::Settings;
use tauri::{AppHandle, Runtime, State};

use crate::error::CommandError;
use crate::state::AppState;

/// Adds and activates a connection.
#[tauri::command]
#[tracing::instrument(skip_all, fields(name = %name))]
pub async fn connection_add<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    name: String,
    base_url: String,
    token: String,
    org_ids: Vec<String>,
) -> Result<Settings, CommandError> {
    let token = token_from_input(token)?;
    crate::confirm::origin(&app, &state, &base_url).await?;
    Ok(state
        .desk
        .connection_add(&name, &base_url, token, &org_ids)
        .await?)
}
