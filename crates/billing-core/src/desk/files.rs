//! PDFs into an archive: the current view's invoices into a folder the user picks, or one
//! invoice into the data source's own archive folder. (The view's export is in
//! [`super::export`].)

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::app::Desk;
use super::error::DeskError;
use super::outcomes::PdfDownloadOutcome;
use super::select;
use crate::pdf_archive::{ArchiveOptions, ArchiveReport, PdfArchive, PdfOutcome, PdfRequest};
use crate::progress::Progress;
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
        progress: impl FnMut(Progress) + Send + 'static,
    ) -> Result<PdfDownloadOutcome, DeskError> {
        let run = self.pdf_run().start().ok_or(DeskError::Busy)?;
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
        let report = run_archive(archive, requests, now, progress, cancel.clone()).await?;
        self.refresh_archive(PathBuf::from(dir));
        Ok(PdfDownloadOutcome {
            dir: dir.display().to_string(),
            downloaded: report.saved(),
            skipped: report.unchanged() + report.without_pdf(),
            failed: report.failed(),
            cancelled: cancel.is_cancelled(),
        })
    }

    /// Downloads exactly one invoice's PDF (by its ID, and its row's place for two invoices
    /// sharing an ID) into the archive folder of the data source on screen
    /// ([`Desk::archive_dir`]), with no question; "Open PDF" and "Open archived copy" then
    /// find it, also after a restart.
    ///
    /// # Errors
    /// As [`Desk::saved_invoice`]; [`DeskError::LinkMissing`] for an invoice without a PDF;
    /// [`DeskError::PdfDownload`] when the PDF could not be saved; [`DeskError::Busy`] while
    /// another PDF download runs.
    pub async fn download_invoice_pdf(
        &self,
        org: &str,
        invoice_id: &str,
        row: Option<usize>,
        now: DateTime<Utc>,
    ) -> Result<PdfDownloadOutcome, DeskError> {
        let run = self.pdf_run().start().ok_or(DeskError::Busy)?;
        let (org, invoice) = self.saved_invoice(org, invoice_id, row)?;
        let dir = self.archive_dir();
        let archive = PdfArchive::new(
            &dir,
            ArchiveOptions {
                concurrency: 1,
                api: Some(self.session().base_url().clone()),
                ..ArchiveOptions::default()
            },
        )?;
        let request = PdfRequest::from_invoice(&org, &invoice);
        let report = run_archive(archive, vec![request], now, |_| {}, run.token().clone()).await?;
        self.refresh_archive(dir.clone());
        let saved = |downloaded: usize| PdfDownloadOutcome {
            dir: dir.display().to_string(),
            downloaded,
            skipped: 1 - downloaded,
            failed: 0,
            cancelled: false,
        };
        match report.items.into_iter().next().map(|item| item.result) {
            Some(Ok(PdfOutcome::Saved { .. })) => Ok(saved(1)),
            Some(Ok(PdfOutcome::Unchanged { .. } | PdfOutcome::AlreadyArchived { .. })) => {
                Ok(saved(0))
            }
            Some(Ok(PdfOutcome::NoPdf)) => Err(DeskError::LinkMissing {
                invoice: invoice_id.to_owned(),
                what: "PDF",
            }),
            Some(Err(source)) => Err(DeskError::PdfDownload {
                invoice: invoice_id.to_owned(),
                source,
            }),
            None => Err(DeskError::Internal(
                "the archive reported no result".to_owned(),
            )),
        }
    }

    /// Cancels the PDF download running now, if any.
    pub fn pdfs_cancel(&self) {
        self.pdf_run().cancel();
    }
}

/// Runs `archive` over `requests`. `PdfArchive::run`'s future is not provably `Send` (its
/// download stream borrows across awaits), and the shell runs commands on a multi-threaded
/// runtime: it is driven on a blocking-pool thread of its own instead.
async fn run_archive(
    archive: PdfArchive,
    requests: Vec<PdfRequest>,
    now: DateTime<Utc>,
    mut progress: impl FnMut(Progress) + Send + 'static,
    cancel: tokio_util::sync::CancellationToken,
) -> Result<ArchiveReport, DeskError> {
    let runtime = tokio::runtime::Handle::current();
    let report = tokio::task::spawn_blocking(move || {
        runtime.block_on(archive.run(requests, now, move |p, _org: &_| progress(p), cancel))
    })
    .await
    .map_err(|e| DeskError::Internal(e.to_string()))??;
    Ok(report)
}
