//! `connection_add`: save a connection, its token (keyring) and organizations; make it active.

use billing_core::desk::DeskError;
use billing_core::desk::token_from_input;
use billing_core::settings::Settings;
use billing_core::settings::check_plain_http;
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
    allow_plain_http: bool,
    token: String,
    org_ids: Vec<String>,
) -> Result<Settings, CommandError> {
    let token = token_from_input(token)?;
    // Refused before the user is asked to confirm an address the token may not go to anyway.
    check_plain_http(&base_url, allow_plain_http).map_err(DeskError::from)?;
    crate::confirm::origin(&app, &state, &base_url).await?;
    Ok(state
        .desk
        .connection_add(&name, &base_url, allow_plain_http, token, &org_ids)
        .await?)
}
