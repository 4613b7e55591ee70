//! `invoice_link`: the validated link, for "copy link".

use billing_core::desk::OpenTarget;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Only https (or this computer's http) links come back.
#[tauri::command]
#[tracing::instrument(skip_all, fields(target = ?target))]
pub fn invoice_link(
    state: State<'_, AppState>,
    org_id: String,
    invoice_id: String,
    target: OpenTarget,
) -> Result<String, CommandError> {
    Ok(state
        .desk
        .invoice_link(&org_id, &invoice_id, target)?
        .to_string())
}
