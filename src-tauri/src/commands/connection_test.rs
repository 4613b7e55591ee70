//! `connection_test`: fetch one organization once with what the form holds; store nothing.

use billing_core::desk::DeskError;
use billing_core::desk::{ConnectionTest, token_from_input};
use billing_core::settings::check_plain_http;
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
    allow_plain_http: bool,
    token: String,
    org_id: String,
) -> Result<ConnectionTest, CommandError> {
    let token = token_from_input(token)?;
    // Refused before the user is asked to confirm an address the token may not go to anyway.
    check_plain_http(&base_url, allow_plain_http).map_err(DeskError::from)?;
    crate::confirm::origin(&app, &state, &base_url).await?;
    Ok(state
        .desk
        .connection_test(&base_url, allow_plain_http, token, &org_id)
        .await?)
}
