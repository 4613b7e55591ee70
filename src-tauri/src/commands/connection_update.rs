//! `connection_update`: change a connection's base URL, timeout and concurrency.

use billing_core::desk::ConnectionUpdated;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Edits a connection; a new origin deletes its token (asked again, never sent unasked).
#[tauri::command]
#[tracing::instrument(skip_all, fields(name = %name))]
pub async fn connection_update(
    state: State<'_, AppState>,
    name: String,
    base_url: String,
    timeout_secs: Option<u32>,
    concurrency: Option<u32>,
    allow_plain_http: bool,
) -> Result<ConnectionUpdated, CommandError> {
    Ok(state
        .desk
        .connection_update(
            &name,
            &base_url,
            timeout_secs,
            concurrency,
            allow_plain_http,
        )
        .await?)
}
