//! The Changes tab's export: every change since an export (the tab's filter aside, as a
//! finance user expects "export the changes" to mean all of them), in CSV (with the BOM
//! Excel needs, in the CSV layout the settings choose), XLSX or the JSON `bdesk changes
//! --json` prints, written atomically.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::app::Desk;
use super::error::DeskError;
use super::outcomes::ExportFormatArg;
use crate::export::{AtomicFile, CsvOptions, ExportError};
use crate::history::changes_csv::write_changes_csv;
use crate::history::changes_xlsx::write_changes_xlsx;
use crate::history::write_changes_json;

/// What the export of a Changes view wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChangesExported {
    /// The file written.
    pub path: String,
    /// Changed invoices in it.
    pub invoices: usize,
}

impl Desk {
    /// Writes every change since export `number` to `path` in `format`. Nothing is left
    /// half-written: a previous file at `path` stays as it was when writing fails.
    ///
    /// # Errors
    /// As [`Desk::changes_since`]; [`DeskError::Export`] when the file cannot be written.
    pub async fn changes_export(
        &self,
        number: u64,
        format: ExportFormatArg,
        path: &Path,
        now: DateTime<Utc>,
    ) -> Result<ChangesExported, DeskError> {
        let since = self.changes_since(number, now).await?;
        let path = path.to_path_buf();
        let csv = CsvOptions {
            bom: true,
            dialect: self.read_settings(|s| s.ui.csv_dialect),
        };
        let written = tokio::task::spawn_blocking(move || {
            let mut file = AtomicFile::create(&path)?;
            match format {
                ExportFormatArg::Csv => {
                    write_changes_csv(&mut file, &since.changes, csv).map(|_| ())?;
                }
                ExportFormatArg::Json => {
                    write_changes_json(&mut file, &since.since, &since.changes)?
                }
                ExportFormatArg::Xlsx => {
                    write_changes_xlsx(&mut file, &since.since, &since.changes, now).map(|_| ())?;
                }
            }
            let file = file.commit()?;
            Ok::<_, ExportError>(ChangesExported {
                path: file.path.display().to_string(),
                invoices: since.changes.invoices.len(),
            })
        })
        .await
        .map_err(|e| DeskError::Internal(e.to_string()))??;
        Ok(written)
    }
}
