//! `invoices_query`: one page of the invoice table, with totals and aging of all matches.

use std::time::Instant;

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
    let started = Instant::now();
    let page = state.desk.invoices_query(&query, chrono::Utc::now()).await;
    // Rust's share of a repaint, for the window benchmark (RUST_LOG=billing_desk_lib=debug).
    tracing::debug!(
        rows = page.rows.len(),
        matched = page.matched,
        micros = started.elapsed().as_micros(),
        "invoices_query answered"
    );
    Ok(page)
}
