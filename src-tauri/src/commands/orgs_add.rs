//! `orgs_add`: save one organization ID or many pasted ones.

use billing_core::desk::OrgsAdded;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Splits `text` on whitespace, commas and semicolons and saves the new IDs.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn orgs_add(
    state: State<'_, AppState>,
    text: String,
    label: Option<String>,
) -> Result<OrgsAdded, CommandError> {
    Ok(state.desk.orgs_add(&text, label.as_deref())?)
}
