//! `pdfs_download`: archive the PDFs of the current view into a folder, with `pdf-progress`.

use billing_core::desk::PdfDownloadOutcome;
use billing_core::progress::Progress;
use billing_core::query::InvoiceQuery;
use tauri::State;
use tauri::{AppHandle, Emitter, Runtime};

use crate::error::CommandError;
use crate::state::AppState;

/// The event carrying [`PdfProgress`].
pub const PDF_PROGRESS_EVENT: &str = "pdf-progress";

/// Asks for a folder (`null` when the dialog is cancelled), then downloads.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn pdfs_download<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    query: InvoiceQuery,
) -> Result<Option<PdfDownloadOutcome>, CommandError> {
    let Some(dir) = crate::files::pdf_dir(&app, &state.hooks).await? else {
        return Ok(None);
    };
    let progress = move |p: Progress| {
        if let Err(error) = app.emit(PDF_PROGRESS_EVENT, p) {
            tracing::warn!(%error, "could not send PDF progress to the window");
        }
    };
    let outcome = state
        .desk
        .download_pdfs(&query, &dir, chrono::Utc::now(), progress)
        .await?;
    Ok(Some(outcome))
}
