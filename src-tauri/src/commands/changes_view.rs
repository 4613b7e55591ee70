//! `changes_view`: what changed since an export, for the Changes tab.

use billing_core::desk::{ChangesFilter, ChangesView};
use billing_core::query::InvoiceQuery;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// The changes since export `number`, or, when `number` is `null`, since the newest export
/// of `view`'s filters and organizations (else the newest export); `null` before any export.
#[tauri::command]
#[tracing::instrument(skip_all, fields(number))]
pub async fn changes_view(
    state: State<'_, AppState>,
    number: Option<u64>,
    view: InvoiceQuery,
    filter: ChangesFilter,
) -> Result<Option<ChangesView>, CommandError> {
    let number = match number {
        Some(number) => number,
        None => match state.desk.last_export_of(&view)? {
            Some(number) => number,
            None => return Ok(None),
        },
    };
    let changes = state
        .desk
        .changes_view(number, &filter, chrono::Utc::now())
        .await?;
    Ok(Some(changes))
}
