//! `export_invoices`: the current view to CSV, XLSX or JSON, through the save dialog.

use billing_core::desk::{ExportDone, ExportFormatArg};
use billing_core::export::ExportFormat;
use billing_core::query::InvoiceQuery;
use tauri::State;
use tauri::{AppHandle, Runtime};

use crate::error::CommandError;
use crate::state::AppState;

/// Asks where (`null` when the dialog is cancelled), then writes every matching invoice
/// (offset and limit ignored), with a manifest when asked.
#[tauri::command]
#[tracing::instrument(skip_all, fields(format = ?format, manifest))]
pub async fn export_invoices<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    query: InvoiceQuery,
    format: ExportFormatArg,
    manifest: bool,
) -> Result<Option<ExportDone>, CommandError> {
    let ext = ExportFormat::from(format).as_str();
    let Some(path) = crate::files::export_path(&app, &state.hooks, ext).await? else {
        return Ok(None);
    };
    let done = state
        .desk
        .export(&query, format, manifest, &path, chrono::Utc::now())
        .await?;
    Ok(Some(done))
}
