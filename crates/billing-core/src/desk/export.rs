//! The export of the current view: never silently incomplete, with progress, cancellable.
//!
//! Before writing, [`Desk::export_check`] lists the view's organizations that failed, are
//! still loading, were never loaded or show an older answer, so the user decides: fetch them
//! first, or export anyway. [`Desk::export`] refuses an incomplete view unless told to go
//! ahead ([`ExportOptions::allow_incomplete`]), so a page cannot skip the question; going
//! ahead, the manifest lists those organizations (`failedOrganizations`,
//! `staleOrganizations`) and records each organization's answer (`sources`).

use std::path::Path;

use chrono::{DateTime, Utc};

use super::app::Desk;
use super::completeness::ViewStates;
use super::error::DeskError;
use super::outcomes::{ExportDone, ExportFormatArg, ExportProgress};
use super::select;
use super::session::SourceKind;
use super::status::OrgStatus;
use crate::export::ExportFormat;
use crate::export::{
    CsvOptions, Destination, ExportContext, ExportRequest, ManifestSource, export_invoices,
};
use crate::history::{ExportRecord, SnapRowRef};
use crate::query::InvoiceQuery;

/// How the user asked for an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportOptions {
    /// The file format.
    pub format: ExportFormatArg,
    /// Write `<file>.manifest.json` next to the file.
    pub manifest: bool,
    /// The user saw [`Desk::export_check`]'s list and chose to export anyway.
    pub allow_incomplete: bool,
}

impl Desk {
    /// The organizations of `query`'s view (its `orgs`; every saved one when `None`) that an
    /// export would leave out or take from an older answer: failed, loading, never loaded, or
    /// shown from the disk cache, in the view's order, each with its state, when its answer
    /// was fetched and why it failed. Empty when every organization of the view is fresh.
    pub async fn export_check(&self, query: &InvoiceQuery) -> Vec<OrgStatus> {
        self.ready().await;
        let session = self.session();
        let orgs = self.saved_of(&session, query.orgs.as_deref());
        ViewStates::read(&session, &orgs, &self.labels())
            .shortfalls()
            .cloned()
            .collect()
    }

    /// `Ok` when `query`'s view can be exported as asked: every organization is fresh, or
    /// `allow_incomplete`. The shell asks this before its save dialog, so the user is not
    /// asked for a file that would then be refused; [`Desk::export`] checks again.
    ///
    /// # Errors
    /// [`DeskError::ExportIncomplete`].
    pub async fn ensure_exportable(
        &self,
        query: &InvoiceQuery,
        allow_incomplete: bool,
    ) -> Result<(), DeskError> {
        if allow_incomplete {
            return Ok(());
        }
        match self.export_check(query).await.len() {
            0 => Ok(()),
            orgs => Err(DeskError::ExportIncomplete { orgs }),
        }
    }

    /// Writes every invoice of the current view (`query`'s filters and sort; its offset and
    /// limit are ignored) to `path`, with `path.manifest.json` when asked. The XLSX also gets
    /// the payment methods of the same organizations. `progress` hears how many rows are
    /// written; [`Desk::export_cancel`] stops the export at once, leaving neither the file
    /// nor a temp file (a previous file at `path` stays as it was).
    ///
    /// # Errors
    /// [`DeskError::ExportRunning`] while another export runs;
    /// [`DeskError::ExportIncomplete`] (nothing written) when an organization of the view is
    /// not fresh and `options.allow_incomplete` is not set; [`DeskError::Export`] when the
    /// file cannot be written (nothing is left half-written), or with
    /// [`crate::export::ExportError::Cancelled`] after a cancel.
    pub async fn export(
        &self,
        query: &InvoiceQuery,
        options: ExportOptions,
        path: &Path,
        now: DateTime<Utc>,
        progress: impl Fn(ExportProgress) + Send + Sync + 'static,
    ) -> Result<ExportDone, DeskError> {
        let run = self.export_run().start().ok_or(DeskError::ExportRunning)?;
        let cancel = run.token().clone();
        self.ready().await;
        let session = self.session();
        let orgs = self.saved_of(&session, query.orgs.as_deref());
        let selection = session.select(&orgs);
        let states = ViewStates::read(&session, &orgs, &self.labels());
        let shortfalls = states.shortfalls().count();
        if shortfalls > 0 && !options.allow_incomplete {
            return Err(DeskError::ExportIncomplete { orgs: shortfalls });
        }
        let provenance = states.provenance(&selection);
        let base_url = session.base_url().clone();
        let mut query = query.clone();
        query.offset = None;
        query.limit = None;
        query.aging = self.aging_scale();
        let path = path.to_path_buf();
        let (missing_orgs, stale_orgs) = (provenance.failed.len(), provenance.stale.len());
        let connection = match session.kind() {
            SourceKind::Connection(name) => Some(name.clone()),
            SourceKind::Demo => None,
        };
        let history = self.history();
        let snapshots = history.clone();
        let view = serde_json::to_value(&query).unwrap_or(serde_json::Value::Null);
        let format = ExportFormat::from(options.format);
        let csv_dialect = self.read_settings(|s| s.ui.csv_dialect);
        // Writing 100k rows takes a while: off the async threads.
        let outcome = tokio::task::spawn_blocking(move || {
            let result = select::run_over(&selection, &query, now);
            let total = result.matched;
            let report = move |done: u64| {
                let done = usize::try_from(done).unwrap_or(usize::MAX);
                progress(ExportProgress { done, total });
            };
            let orgs = selection.orgs();
            let ctx = ExportContext::new(&orgs, now)
                .with_query(&query)
                .with_local_links(&base_url)
                .with_cancel(&cancel)
                .with_progress(&report);
            let filters = serde_json::to_value(&query).unwrap_or(serde_json::Value::Null);
            let request = ExportRequest {
                destination: Destination::File(path),
                format: options.format.into(),
                // Finance users open the app's CSV in Excel, which needs the BOM to read UTF-8.
                csv: CsvOptions {
                    bom: true,
                    dialect: csv_dialect,
                },
                manifest: options.manifest.then_some(ManifestSource {
                    base_url: &base_url,
                    filters,
                    failed: &provenance.failed,
                    stale: &provenance.stale,
                    sources: &provenance.sources,
                }),
            };
            let invoices = result
                .page_rows(&selection.rows)
                .map(|r| (&r.org, &*r.invoice));
            let methods = selection
                .methods
                .iter()
                .flat_map(|(org, methods)| methods.iter().map(move |m| (org, m)));
            // The snapshot is written on a second thread while the export writes.
            let snapshot_rows = result
                .page_rows(&selection.rows)
                .filter_map(|row| SnapRowRef::of(&row.org, &row.invoice));
            let (outcome, snapshot) = snapshots.snapshot_beside(now, snapshot_rows, || {
                export_invoices(&request, &ctx, invoices, methods, &result.by_currency)
            })?;
            let organizations = orgs.iter().map(ToString::to_string).collect();
            Ok::<_, crate::export::ExportError>((outcome, snapshot, organizations))
        })
        .await
        .map_err(|e| DeskError::Internal(e.to_string()))?;
        let (outcome, snapshot, organizations) = outcome?;
        let file = outcome
            .file
            .ok_or_else(|| DeskError::Internal("the export wrote no file".to_owned()))?;
        let record = ExportRecord {
            at: now,
            connection,
            base_url: self.session().base_url().to_string(),
            view,
            organizations,
            format: format.as_str().to_owned(),
            path: Some(file.path.clone()),
            rows: outcome.rows,
            sha256: Some(file.sha256.clone()),
        };
        // The file is in place: a history that cannot be written is logged, not an error.
        let history_number = match snapshot.and_then(|s| history.record(record, s)) {
            Ok(entry) => Some(entry.seq),
            Err(error) => {
                tracing::warn!(%error, "the export history was not updated");
                None
            }
        };
        Ok(ExportDone {
            path: file.path.display().to_string(),
            rows: usize::try_from(outcome.rows).unwrap_or(usize::MAX),
            manifest_path: outcome.manifest.map(|m| m.path.display().to_string()),
            missing_orgs,
            stale_orgs,
            history_number,
        })
    }

    /// Cancels the export running now, if any.
    pub fn export_cancel(&self) {
        self.export_run().cancel();
    }
}
