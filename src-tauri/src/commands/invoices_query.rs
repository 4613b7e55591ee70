//! `invoices_query`: one page of the invoice table, with totals and aging of all matches.

use billing_core::desk::InvoicePage;
use billing_core::query::InvoiceQuery;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// `query.orgs` null = every organization; `offset`/`limit` = the rows the table shows.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn invoices_query(
    state: State<'_, AppState>,
    query: InvoiceQuery,
) -> Result<InvoicePage, CommandError> {
    Ok(state.desk.invoices_query(&query, chrono::Utc::now()).await)
}
