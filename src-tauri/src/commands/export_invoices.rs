//! `export_invoices`: the current view to CSV, XLSX or JSON, through the save dialog, with
//! `export-progress`.

use billing_core::desk::{ExportDone, ExportFormatArg, ExportOptions, ExportProgress};
use billing_core::export::ExportFormat;
use billing_core::query::InvoiceQuery;
use tauri::State;
use tauri::{AppHandle, Emitter, Runtime};

use crate::error::CommandError;
use crate::state::AppState;

/// The event carrying [`ExportProgress`].
pub const EXPORT_PROGRESS_EVENT: &str = "export-progress";

/// Refuses an incomplete view (code `exportIncomplete`) unless `allow_incomplete`, before
/// asking where; then asks (`null` when the dialog is cancelled) and writes every matching
/// invoice (offset and limit ignored), with a manifest when asked. `export_cancel` stops it
/// (code `cancelled`, nothing written).
#[tauri::command]
#[tracing::instrument(skip_all, fields(format = ?format, manifest, allow_incomplete))]
pub async fn export_invoices<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    query: InvoiceQuery,
    format: ExportFormatArg,
    manifest: bool,
    allow_incomplete: bool,
) -> Result<Option<ExportDone>, CommandError> {
    state
        .desk
        .ensure_exportable(&query, allow_incomplete)
        .await?;
    let ext = ExportFormat::from(format).as_str();
    let Some(path) =
        crate::files::export_path(&app, &state.hooks, crate::files::INVOICES, ext).await?
    else {
        return Ok(None);
    };
    let progress = move |p: ExportProgress| {
        if let Err(error) = app.emit(EXPORT_PROGRESS_EVENT, p) {
            tracing::warn!(%error, "could not send export progress to the window");
        }
    };
    let options = ExportOptions {
        format,
        manifest,
        allow_incomplete,
    };
    let done = state
        .desk
        .export(&query, options, &path, chrono::Utc::now(), progress)
        .await?;
    Ok(Some(done))
}
