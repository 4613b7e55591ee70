//! `orgs_list`: the organizations of the active source with their state.

use billing_core::desk::OrgStatus;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Waits for the start-up cache read, so the first paint has the cached data.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn orgs_list(state: State<'_, AppState>) -> Result<Vec<OrgStatus>, CommandError> {
    Ok(state.desk.org_statuses().await)
}
