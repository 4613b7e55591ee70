//! Invoice links: looked up by (organization, invoice ID) in the loaded data and validated
//! before anything opens them; the local archive copy of a PDF when its link fails.

use std::time::Duration;

use url::Url;

use super::app::Desk;
use super::archive::verified_copy;
use super::error::DeskError;
use super::outcomes::{OpenOutcome, OpenTarget};
use super::session::SourceKind;
use crate::ids::OrgId;
use crate::link::{link_host_known, validate_link_from};
use crate::model::Invoice;
use crate::pdf_archive::{ArchiveOptions, PdfArchive};

/// How long "Open PDF" waits for the live link to answer before it opens the archived copy.
const PROBE_TIMEOUT: Duration = Duration::from_secs(8);

impl Desk {
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

    /// The loaded invoice `invoice_id` of the saved organization `org` (see
    /// [`Desk::invoice`] for `row`).
    ///
    /// # Errors
    /// [`DeskError::InvalidOrgId`], [`DeskError::OrgNotSaved`], [`DeskError::InvoiceNotLoaded`].
    pub(super) fn saved_invoice(
        &self,
        org: &str,
        invoice_id: &str,
        row: Option<usize>,
    ) -> Result<(OrgId, Invoice), DeskError> {
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
        Ok((org, invoice))
    }

    /// The validated link of an invoice (for "copy link" and for opening); the PDF's link for
    /// [`OpenTarget::ArchivedPdf`].
    ///
    /// # Errors
    /// As [`Desk::saved_invoice`], [`DeskError::LinkMissing`], or [`DeskError::LinkRefused`]
    /// for anything but https (or http to this computer).
    pub fn invoice_link(
        &self,
        org: &str,
        invoice_id: &str,
        row: Option<usize>,
        target: OpenTarget,
    ) -> Result<Url, DeskError> {
        let (_, invoice) = self.saved_invoice(org, invoice_id, row)?;
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

    /// What to open for an invoice.
    ///
    /// - [`OpenTarget::Hosted`]: the validated hosted page.
    /// - [`OpenTarget::Pdf`]: the validated PDF link; when the invoice also has a verified
    ///   archived copy, the link is tried first ([`PdfArchive::probe`], no credentials) and
    ///   the copy opens instead when the link is missing, refused, expired, failing or does
    ///   not answer ([`OpenOutcome::reason`] says why).
    /// - [`OpenTarget::ArchivedPdf`]: the verified archived copy, whatever the link.
    ///
    /// # Errors
    /// As [`Desk::invoice_link`] when there is no archived copy to fall back to;
    /// [`DeskError::NoArchivedCopy`] for an archived copy that is missing or changed.
    pub async fn open_plan(
        &self,
        org: &str,
        invoice_id: &str,
        row: Option<usize>,
        target: OpenTarget,
    ) -> Result<OpenOutcome, DeskError> {
        let org_id = OrgId::parse(org)?;
        if !self.org_ids_of(&self.session()).contains(&org_id) {
            return Err(DeskError::OrgNotSaved { org: org_id });
        }
        // After a restart the organization may not be loaded yet: its archived copy is still
        // found by the invoice ID.
        let loaded =
            self.invoice(&org_id, invoice_id, row)
                .ok_or_else(|| DeskError::InvoiceNotLoaded {
                    org: org_id.clone(),
                    invoice: invoice_id.to_owned(),
                });
        let key = loaded
            .as_ref()
            .ok()
            .and_then(|i| i.id.clone().or_else(|| i.number.clone()))
            .unwrap_or_else(|| invoice_id.to_owned());
        let archived = || -> Option<Url> {
            let path = self.with_archives(|a| verified_copy(a, &org_id, &key))?;
            Url::from_file_path(path).ok()
        };
        let from_archive = |url: Url, reason: Option<String>| OpenOutcome {
            url: url.to_string(),
            archived: true,
            reason,
        };
        let base_url = self.session().base_url().clone();
        let live = || loaded.and_then(|invoice| link_of(&invoice, invoice_id, target, &base_url));
        match target {
            OpenTarget::ArchivedPdf => {
                archived()
                    .map(|url| from_archive(url, None))
                    .ok_or_else(|| DeskError::NoArchivedCopy {
                        invoice: invoice_id.to_owned(),
                    })
            }
            OpenTarget::Hosted => live().map(OpenOutcome::live),
            OpenTarget::Pdf => {
                let Some(copy) = archived() else {
                    return live().map(OpenOutcome::live);
                };
                let failure = match live() {
                    Ok(url) => match probe(self.archive_dir(), &base_url, &url).await {
                        Ok(()) => return Ok(OpenOutcome::live(url)),
                        Err(error) => error.to_string(),
                    },
                    Err(error) => error.to_string(),
                };
                tracing::info!(%org_id, "PDF link unusable; opening the archived copy");
                Ok(from_archive(copy, Some(failure)))
            }
        }
    }
}

/// Whether the PDF link `url` of the API at `api` still answers with a PDF (checked by the
/// archive in `dir`, which the probe neither creates nor writes to).
async fn probe(
    dir: std::path::PathBuf,
    api: &Url,
    url: &Url,
) -> Result<(), crate::pdf_archive::PdfArchiveError> {
    let options = ArchiveOptions {
        api: Some(api.clone()),
        download_timeout: PROBE_TIMEOUT,
        connect_timeout: PROBE_TIMEOUT,
        ..ArchiveOptions::default()
    };
    PdfArchive::new(dir, options)?.probe(url.as_str()).await
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
        OpenTarget::Pdf | OpenTarget::ArchivedPdf => (&invoice.invoice_pdf, "PDF"),
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
