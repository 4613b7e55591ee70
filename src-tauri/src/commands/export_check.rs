//! `export_check`: what an export of the view would leave out or take from an older answer.

use billing_core::desk::OrgStatus;
use billing_core::query::InvoiceQuery;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// The view's organizations that failed, are loading, were never loaded or show a cached
/// answer; empty when the view is complete.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn export_check(
    state: State<'_, AppState>,
    query: InvoiceQuery,
) -> Result<Vec<OrgStatus>, CommandError> {
    Ok(state.desk.export_check(&query).await)
}
