//! Invoice links: looked up by (organization, invoice ID) in the loaded data and validated
//! before anything opens them; the local archive copy of a PDF when its link is unusable.

use std::path::PathBuf;

use url::Url;

use super::app::{DEFAULT_PDF_DIR, Desk};
use super::error::DeskError;
use super::outcomes::{OpenOutcome, OpenTarget};
use super::session::{SourceKind, lock};
use crate::ids::OrgId;
use crate::link::{link_host_known, validate_link_from};
use crate::model::Invoice;
use crate::pdf_archive::ArchiveIndex;

/// Whether one of `archives` holds `invoice`'s PDF, judged by the file's name, kind and size
/// (the table's mark; opening it checks it whole, see [`verified_copy`]).
pub fn has_archived_copy(archives: &[ArchiveIndex], org: &OrgId, invoice: &Invoice) -> bool {
    let Some(key) = invoice.id.as_deref().or(invoice.number.as_deref()) else {
        return false;
    };
    archives.iter().any(|index| {
        index
            .lookup(org, key)
            .is_some_and(|entry| index.has_copy(entry))
    })
}

/// The archived PDF of an invoice, only when it is still the file the archive wrote (see
/// [`ArchiveIndex::verified_copy`]): this path goes to the OS opener.
fn verified_copy(archives: &[ArchiveIndex], org: &OrgId, key: &str) -> Option<PathBuf> {
    archives.iter().find_map(|index| {
        let entry = index.lookup(org, key)?;
        let path = index.verified_copy(entry);
        if path.is_none() {
            tracing::warn!(%org, "the archived PDF is not the file the archive wrote; not opening it");
        }
        path
    })
}

impl Desk {
    /// Runs `f` over the archive indexes known to this session, reading the default
    /// archive's index on first use. A damaged index is skipped with a warning.
    pub(super) fn with_archives<R>(&self, f: impl FnOnce(&[ArchiveIndex]) -> R) -> R {
        let mut archives = lock(&self.archives);
        let archives = archives.get_or_insert_with(|| {
            let dir = self.dirs.data_dir().join(DEFAULT_PDF_DIR);
            load_index(dir).into_iter().collect()
        });
        f(archives)
    }

    /// Reads (again) the index of the archive in `dir`, after a download into it.
    pub(super) fn refresh_archive(&self, dir: PathBuf) {
        let Some(index) = load_index(dir) else {
            return;
        };
        self.with_archives(|_| ());
        let mut archives = lock(&self.archives);
        let archives = archives.get_or_insert_with(Vec::new);
        archives.retain(|known| known.dir() != index.dir());
        archives.insert(0, index);
    }

    /// The invoice `invoice_id` of `org`: the one at `row` (its place in the organization's
    /// rows, from [`super::InvoiceRow::key`]) when that row still holds this ID, so that of
    /// two invoices sharing an ID the one the user clicked opens; else the first with the ID.
    fn invoice(&self, org: &OrgId, invoice_id: &str, row: Option<usize>) -> Option<Invoice> {
        let data = self.session().with_table(|t| t.data(org))?;
        let has_id = |candidate: &&crate::query::OrgInvoice| {
            candidate.invoice.id.as_deref() == Some(invoice_id)
        };
        row.and_then(|index| data.rows.get(index))
            .filter(has_id)
            .or_else(|| data.rows.iter().find(has_id))
            .map(|found| Invoice::clone(&found.invoice))
    }

    /// The validated link of an invoice (for "copy link" and for opening).
    ///
    /// # Errors
    /// [`DeskError::InvoiceNotLoaded`], [`DeskError::LinkMissing`], or
    /// [`DeskError::LinkRefused`] for anything but https (or http to this computer).
    pub fn invoice_link(
        &self,
        org: &str,
        invoice_id: &str,
        row: Option<usize>,
        target: OpenTarget,
    ) -> Result<Url, DeskError> {
        let org = OrgId::parse(org)?;
        if !self.org_ids_of(&self.session()).contains(&org) {
            return Err(DeskError::OrgNotSaved { org });
        }
        let invoice =
            self.invoice(&org, invoice_id, row)
                .ok_or_else(|| DeskError::InvoiceNotLoaded {
                    org: org.clone(),
                    invoice: invoice_id.to_owned(),
                })?;
        link_of(&invoice, invoice_id, target, self.session().base_url())
    }

    /// The host of `url` when it must be confirmed by the user before it opens (see
    /// [`crate::link::link_host_known`]); `None` for a known host, the demo, or a local file
    /// (an archived copy).
    pub fn link_needs_confirming(&self, url: &str) -> Option<String> {
        let session = self.session();
        let SourceKind::Connection(name) = session.kind() else {
            return None;
        };
        let link = Url::parse(url).ok().filter(|u| u.scheme() != "file")?;
        let confirmed = self
            .settings()
            .connection(name)
            .map(|c| c.link_hosts.clone())
            .unwrap_or_default();
        (!link_host_known(&link, session.base_url(), &confirmed))
            .then(|| link.host_str().unwrap_or_default().to_ascii_lowercase())
    }

    /// Remembers that the user agreed to open links to `host` through the active connection.
    ///
    /// # Errors
    /// [`DeskError::Settings`] when the settings cannot be saved.
    pub fn link_host_allow(&self, host: &str) -> Result<(), DeskError> {
        let SourceKind::Connection(name) = self.session().kind().clone() else {
            return Ok(());
        };
        let host = host.to_ascii_lowercase();
        self.edit(|settings| {
            if let Some(connection) = settings.connections.iter_mut().find(|c| c.name == name)
                && !connection.link_hosts.contains(&host)
            {
                connection.link_hosts.push(host);
            }
            Ok(())
        })?;
        Ok(())
    }

    /// What to open for an invoice: its validated link, or for a PDF whose link is missing
    /// or refused, the archived copy when there is one.
    ///
    /// The archive cannot tell that a link has expired without a request; an expired link
    /// opens the service's own "expired" page, and the user can then use the archive copy
    /// through the PDF folder.
    ///
    /// # Errors
    /// As [`Desk::invoice_link`] when there is no archived copy to fall back to.
    pub fn open_plan(
        &self,
        org: &str,
        invoice_id: &str,
        row: Option<usize>,
        target: OpenTarget,
    ) -> Result<OpenOutcome, DeskError> {
        let live = self.invoice_link(org, invoice_id, row, target);
        let error = match live {
            Ok(url) => {
                return Ok(OpenOutcome {
                    url: url.to_string(),
                    archived: false,
                });
            }
            // Not a saved organization: no archive copy either.
            Err(error @ DeskError::OrgNotSaved { .. }) => return Err(error),
            Err(error) => error,
        };
        if target == OpenTarget::Pdf
            && let Ok(org_id) = OrgId::parse(org)
            && let Some(path) = self.with_archives(|a| verified_copy(a, &org_id, invoice_id))
            && let Ok(url) = Url::from_file_path(&path)
        {
            tracing::info!(%org_id, "PDF link unusable; opening the archived copy");
            return Ok(OpenOutcome {
                url: url.to_string(),
                archived: true,
            });
        }
        Err(error)
    }
}

/// The invoice's link of `target`, validated for data that came from the API at `api`.
fn link_of(
    invoice: &Invoice,
    invoice_id: &str,
    target: OpenTarget,
    api: &Url,
) -> Result<Url, DeskError> {
    let (raw, what) = match target {
        OpenTarget::Hosted => (&invoice.hosted_invoice_url, "hosted invoice page"),
        OpenTarget::Pdf => (&invoice.invoice_pdf, "PDF"),
    };
    let raw = raw.as_deref().ok_or_else(|| DeskError::LinkMissing {
        invoice: invoice_id.to_owned(),
        what,
    })?;
    validate_link_from(raw, api).map_err(|reason| DeskError::LinkRefused {
        invoice: invoice_id.to_owned(),
        reason,
    })
}

fn load_index(dir: PathBuf) -> Option<ArchiveIndex> {
    match ArchiveIndex::load(dir) {
        Ok(index) => Some(index),
        Err(error) => {
            tracing::warn!(%error, "a PDF archive index could not be read; ignored");
            None
        }
    }
}
