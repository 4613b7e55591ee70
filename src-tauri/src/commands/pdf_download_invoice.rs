//! `pdf_download_invoice`: one invoice's PDF into the archive folder, without a question.

use billing_core::desk::PdfDownloadOutcome;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Downloads the PDF of exactly this invoice (by ID and row) into the archive folder of the
/// data source on screen.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn pdf_download_invoice(
    state: State<'_, AppState>,
    org_id: String,
    invoice_id: String,
    row: Option<usize>,
) -> Result<PdfDownloadOutcome, CommandError> {
    Ok(state
        .desk
        .download_invoice_pdf(&org_id, &invoice_id, row, chrono::Utc::now())
        .await?)
}
