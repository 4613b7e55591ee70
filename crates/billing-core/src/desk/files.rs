//! Files the user asks for: an export of the current view, and the PDFs of its invoices.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use tokio_util::sync::CancellationToken;

use super::app::Desk;
use super::error::DeskError;
use super::outcomes::{ExportDone, ExportFormatArg, PdfDownloadOutcome, PdfProgress};
use super::select;
use super::session::lock;
use crate::export::{
    CsvOptions, Destination, ExportContext, ExportRequest, ManifestSource, export_invoices,
};
use crate::pdf_archive::{ArchiveOptions, PdfArchive, PdfRequest};
use crate::query::InvoiceQuery;

/// Clears the "PDF download running" mark however the download ends.
struct PdfRun<'a>(&'a Desk);

impl Drop for PdfRun<'_> {
    fn drop(&mut self) {
        *lock(&self.0.pdf_cancel) = None;
    }
}

impl Desk {
    /// Writes every invoice of the current view (`query`'s filters and sort; its offset and
    /// limit are ignored) to `path` in `format`, with `path.manifest.json` when `manifest`.
    /// The XLSX also gets the payment methods of the same organizations.
    ///
    /// # Errors
    /// [`DeskError::Export`] when the file cannot be written (nothing is left half-written).
    pub async fn export(
        &self,
        query: &InvoiceQuery,
        format: ExportFormatArg,
        manifest: bool,
        path: &Path,
        now: DateTime<Utc>,
    ) -> Result<ExportDone, DeskError> {
        self.ready().await;
        let selection = self.selection(query.orgs.as_deref());
        let base_url = self.session().base_url().clone();
        let mut query = query.clone();
        query.offset = None;
        query.limit = None;
        let path = path.to_path_buf();
        // Writing 100k rows takes a while: off the async threads.
        let outcome = tokio::task::spawn_blocking(move || {
            let result = select::run_over(&selection, &query, now);
            let orgs = selection.orgs();
            let ctx = ExportContext::new(&orgs, now).with_local_links(&base_url);
            let filters = serde_json::to_value(&query).unwrap_or(serde_json::Value::Null);
            let request = ExportRequest {
                destination: Destination::File(path),
                format: format.into(),
                // Finance users open the app's CSV in Excel, which needs the BOM to read UTF-8.
                csv: CsvOptions { bom: true },
                manifest: manifest.then_some(ManifestSource {
                    base_url: &base_url,
                    filters,
                    failed: &[],
                }),
            };
            let invoices = result
                .page_rows(&selection.rows)
                .map(|r| (&r.org, &*r.invoice));
            let methods = selection
                .methods
                .iter()
                .flat_map(|(org, methods)| methods.iter().map(move |m| (org, m)));
            export_invoices(&request, &ctx, invoices, methods, &result.by_currency)
        })
        .await
        .map_err(|e| DeskError::Internal(e.to_string()))??;
        let file = outcome
            .file
            .ok_or_else(|| DeskError::Internal("the export wrote no file".to_owned()))?;
        Ok(ExportDone {
            path: file.path.display().to_string(),
            rows: usize::try_from(outcome.rows).unwrap_or(usize::MAX),
            manifest_path: outcome.manifest.map(|m| m.path.display().to_string()),
        })
    }

    /// Archives the PDFs of every invoice of the current view into `dir` (see
    /// [`PdfArchive::run`]), calling `progress` after each; [`Desk::pdfs_cancel`] stops it.
    /// Afterwards, "open PDF" falls back to these copies.
    ///
    /// # Errors
    /// [`DeskError::Busy`] when a download is already running; [`DeskError::Pdf`] when the
    /// folder or its index cannot be used.
    pub async fn download_pdfs(
        &self,
        query: &InvoiceQuery,
        dir: &Path,
        now: DateTime<Utc>,
        mut progress: impl FnMut(PdfProgress) + Send + 'static,
    ) -> Result<PdfDownloadOutcome, DeskError> {
        let cancel = {
            let mut running = lock(&self.pdf_cancel);
            if running.is_some() {
                return Err(DeskError::Busy);
            }
            let cancel = CancellationToken::new();
            *running = Some(cancel.clone());
            cancel
        };
        let _run = PdfRun(self);
        self.ready().await;
        let selection = self.selection(query.orgs.as_deref());
        let mut all = query.clone();
        all.offset = None;
        all.limit = None;
        let result = select::run_over(&selection, &all, now);
        let requests: Vec<PdfRequest> = result
            .page_rows(&selection.rows)
            .map(|row| PdfRequest::from_invoice(&row.org, &row.invoice))
            .collect();
        let archive = PdfArchive::new(
            dir,
            ArchiveOptions {
                api: Some(self.session().base_url().clone()),
                ..ArchiveOptions::default()
            },
        )?;
        let run_cancel = cancel.clone();
        // `PdfArchive::run`'s future is not provably `Send` (its download stream borrows
        // across awaits), and the shell runs commands on a multi-threaded runtime: drive it on
        // a blocking-pool thread of its own instead.
        let runtime = tokio::runtime::Handle::current();
        let report = tokio::task::spawn_blocking(move || {
            runtime.block_on(archive.run(
                requests,
                now,
                move |p| {
                    progress(PdfProgress {
                        done: p.done,
                        total: p.total,
                        failed: p.failed,
                    });
                },
                run_cancel,
            ))
        })
        .await
        .map_err(|e| DeskError::Internal(e.to_string()))??;
        self.refresh_archive(PathBuf::from(dir));
        Ok(PdfDownloadOutcome {
            dir: dir.display().to_string(),
            downloaded: report.saved(),
            skipped: report.unchanged() + report.without_pdf(),
            failed: report.failed(),
            cancelled: cancel.is_cancelled(),
        })
    }

    /// Cancels the PDF download running now, if any.
    pub fn pdfs_cancel(&self) {
        if let Some(cancel) = lock(&self.pdf_cancel).as_ref() {
            cancel.cancel();
        }
    }
}
