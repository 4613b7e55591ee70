//! The PDFs of the current view's invoices, archived into a folder the user picks. (The
//! view's export is in [`super::export`].)

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::app::Desk;
use super::error::DeskError;
use super::outcomes::{PdfDownloadOutcome, PdfProgress};
use super::select;
use crate::pdf_archive::{ArchiveOptions, PdfArchive, PdfRequest};
use crate::query::InvoiceQuery;

impl Desk {
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
        let run = self.pdf_run.start().ok_or(DeskError::Busy)?;
        let cancel = run.token().clone();
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
        self.pdf_run.cancel();
    }
}
