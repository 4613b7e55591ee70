//! `changes_export`: every change since an export to CSV, XLSX or JSON, through the save
//! dialog.

use billing_core::desk::{ChangesExported, ExportFormatArg};
use billing_core::export::ExportFormat;
use tauri::{AppHandle, Runtime, State};

use crate::error::CommandError;
use crate::state::AppState;

/// Asks where (`null` when the dialog is cancelled), then writes every change since export
/// `number`, whatever the tab's filter.
#[tauri::command]
#[tracing::instrument(skip_all, fields(number, format = ?format))]
pub async fn changes_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    number: u64,
    format: ExportFormatArg,
) -> Result<Option<ChangesExported>, CommandError> {
    let ext = ExportFormat::from(format).as_str();
    let Some(path) =
        crate::files::export_path(&app, &state.hooks, crate::files::CHANGES, ext).await?
    else {
        return Ok(None);
    };
    let done = state
        .desk
        .changes_export(number, format, &path, chrono::Utc::now())
        .await?;
    Ok(Some(done))
}
