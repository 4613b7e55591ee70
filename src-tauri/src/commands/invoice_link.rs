//! `invoice_link`: the validated link, for "copy link".

use billing_core::desk::OpenTarget;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Only https (or this computer's http) links come back. `row` is the invoice's place in its
/// organization's rows (the end of the row key), so a duplicated ID gives the clicked row's link.
#[tauri::command]
#[tracing::instrument(skip_all, fields(target = ?target))]
pub fn invoice_link(
    state: State<'_, AppState>,
    org_id: String,
    invoice_id: String,
    row: Option<usize>,
    target: OpenTarget,
) -> Result<String, CommandError> {
    Ok(state
        .desk
        .invoice_link(&org_id, &invoice_id, row, target)?
        .to_string())
}
