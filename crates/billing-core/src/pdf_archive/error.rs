//! What can go wrong while archiving invoice PDFs, in words a finance user can act on.

use std::io;
use std::path::PathBuf;

use thiserror::Error;

use crate::link::LinkError;

/// Errors of the PDF archive. Most concern one invoice and are reported in its
/// [`super::ArchivedPdf`] while the others carry on; the folder and index errors stop a run.
///
/// Messages never contain the API token (the archive never has it) nor a link's query string,
/// which for hosted files often is an access key.
#[derive(Debug, Error)]
pub enum PdfArchiveError {
    /// The PDF link is not one Billing Desk downloads (not https, a `javascript:` link, …).
    #[error("The PDF link was not downloaded because it is not a safe address: {0}")]
    UnsafeLink(LinkError),

    /// A redirect pointed somewhere Billing Desk does not download from.
    #[error(
        "The PDF host redirected to an address that is not safe ({to}), so the download was \
         stopped. Open the invoice in the browser instead."
    )]
    UnsafeRedirect {
        /// Where it pointed: `scheme://host:port`, or why it could not be read.
        to: String,
    },

    /// More redirects than are followed.
    #[error("The PDF host redirected too many times; the download was stopped. Try again later.")]
    TooManyRedirects,

    /// 403, 404 or 410: links to invoice PDFs expire some weeks after an invoice is issued.
    #[error(
        "The PDF link no longer works (HTTP {status}); such links expire 30 to 120 days after \
         an invoice is issued. Fetch the invoices again for a fresh link, or download the PDF \
         from the billing provider's dashboard."
    )]
    LinkExpired {
        /// The HTTP status.
        status: u16,
    },

    /// Any other status than 200.
    #[error("The PDF host answered with HTTP {status} instead of the document. Try again later.")]
    HttpStatus {
        /// The HTTP status.
        status: u16,
    },

    /// The body does not start with `%PDF-`: an error page, a login page, or something else.
    #[error(
        "The PDF link returned something that is not a PDF document, so it was not kept. Open \
         the invoice in the browser to check it."
    )]
    NotPdf,

    /// The run already saved as many new files or bytes as one run may.
    #[error(
        "This download already saved the most Billing Desk saves in one run ({files} PDFs or \
         {mib} MiB), so this one was not downloaded. Start the download again to continue."
    )]
    RunBudget {
        /// The run's file limit.
        files: usize,
        /// The run's byte limit, in MiB (rounded down).
        mib: u64,
    },

    /// The body is larger than the cap.
    #[error("The PDF is larger than the {limit_mib} MiB Billing Desk accepts, so it was not kept.")]
    TooLarge {
        /// The cap, in MiB (rounded down).
        limit_mib: u64,
    },

    /// No connection, a broken connection, or another transport failure.
    #[error(
        "Could not download the PDF from {origin}: {detail}. Check the internet connection and try again."
    )]
    Network {
        /// `scheme://host:port` of the PDF host.
        origin: String,
        /// What went wrong, without the URL.
        detail: String,
    },

    /// The download took longer than allowed.
    #[error("The PDF host did not deliver the document in time ({limit_secs} s). Try again later.")]
    Timeout {
        /// The limit, in seconds.
        limit_secs: u64,
    },

    /// The archive folder cannot be created or written.
    #[error(
        "Cannot write to the PDF folder {}: {source}. Choose a folder you may write to.",
        path.display()
    )]
    FolderUnwritable {
        /// The folder.
        path: PathBuf,
        /// What the operating system reported.
        source: io::Error,
    },

    /// Writing one PDF failed (disk full, permissions); nothing partial was left behind.
    #[error("Could not save the PDF as {}: {source}. Free some disk space or check the folder's permissions.", path.display())]
    Write {
        /// The file concerned.
        path: PathBuf,
        /// What the operating system reported.
        source: io::Error,
    },

    /// The index file is not readable JSON of the expected shape.
    #[error(
        "The archive index {} is damaged ({detail}). Move it aside or delete it and run the \
         archive again; the PDFs themselves are kept.",
        path.display()
    )]
    IndexDamaged {
        /// The index file.
        path: PathBuf,
        /// What is wrong with it.
        detail: String,
    },

    /// The index file was written by a newer Billing Desk.
    #[error(
        "The archive index {} was written by a newer version of Billing Desk (format {found}, \
         this version reads up to {supported}). Update Billing Desk, or archive into another folder.",
        path.display()
    )]
    IndexNewer {
        /// The index file.
        path: PathBuf,
        /// Its `schemaVersion`.
        found: u32,
        /// The newest this build reads.
        supported: u32,
    },

    /// The index could not be read or written.
    #[error("Could not {action} the archive index {}: {source}. Check the folder's permissions.", path.display())]
    IndexIo {
        /// `read` or `write`.
        action: &'static str,
        /// The index file.
        path: PathBuf,
        /// What the operating system reported.
        source: io::Error,
    },

    /// An invoice with neither ID nor number cannot be recorded in the index.
    #[error("The invoice has neither an ID nor a number, so its PDF cannot be archived.")]
    NoInvoiceId,

    /// The run was cancelled before this invoice was done.
    #[error("Cancelled before the PDF was archived.")]
    Cancelled,

    /// The HTTP machinery could not be set up.
    #[error(
        "Billing Desk could not prepare its network connection ({detail}). Restart it; if this keeps happening, report it."
    )]
    Setup {
        /// What failed.
        detail: String,
    },
}

impl PdfArchiveError {
    /// A stable identifier for the front ends and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            PdfArchiveError::UnsafeLink(_) => "pdf_unsafe_link",
            PdfArchiveError::UnsafeRedirect { .. } => "pdf_unsafe_redirect",
            PdfArchiveError::TooManyRedirects => "pdf_too_many_redirects",
            PdfArchiveError::LinkExpired { .. } => "pdf_link_expired",
            PdfArchiveError::HttpStatus { .. } => "pdf_http_status",
            PdfArchiveError::NotPdf => "pdf_not_a_pdf",
            PdfArchiveError::TooLarge { .. } => "pdf_too_large",
            PdfArchiveError::RunBudget { .. } => "pdf_run_budget",
            PdfArchiveError::Network { .. } => "pdf_network",
            PdfArchiveError::Timeout { .. } => "pdf_timeout",
            PdfArchiveError::FolderUnwritable { .. } => "pdf_folder_unwritable",
            PdfArchiveError::Write { .. } => "pdf_write",
            PdfArchiveError::IndexDamaged { .. } => "pdf_index_damaged",
            PdfArchiveError::IndexNewer { .. } => "pdf_index_newer",
            PdfArchiveError::IndexIo { .. } => "pdf_index_io",
            PdfArchiveError::NoInvoiceId => "pdf_no_invoice_id",
            PdfArchiveError::Cancelled => "pdf_cancelled",
            PdfArchiveError::Setup { .. } => "pdf_client_setup",
        }
    }

    /// Whether the error is about the archive as a whole (folder or index) rather than one
    /// invoice: such an error stops the run.
    pub fn is_archive_wide(&self) -> bool {
        matches!(
            self,
            PdfArchiveError::FolderUnwritable { .. }
                | PdfArchiveError::IndexDamaged { .. }
                | PdfArchiveError::IndexNewer { .. }
                | PdfArchiveError::IndexIo { .. }
                | PdfArchiveError::Setup { .. }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_messages_are_sentences() {
        let io = || io::Error::other("boom");
        let errors = vec![
            PdfArchiveError::UnsafeLink(
                crate::link::validate_external_link("javascript:alert(1)").unwrap_err(),
            ),
            PdfArchiveError::UnsafeRedirect { to: "x".into() },
            PdfArchiveError::TooManyRedirects,
            PdfArchiveError::LinkExpired { status: 404 },
            PdfArchiveError::HttpStatus { status: 500 },
            PdfArchiveError::NotPdf,
            PdfArchiveError::TooLarge { limit_mib: 50 },
            PdfArchiveError::Network {
                origin: "https://a".into(),
                detail: "reset".into(),
            },
            PdfArchiveError::Timeout { limit_secs: 60 },
            PdfArchiveError::FolderUnwritable {
                path: "d".into(),
                source: io(),
            },
            PdfArchiveError::Write {
                path: "f".into(),
                source: io(),
            },
            PdfArchiveError::IndexDamaged {
                path: "i".into(),
                detail: "x".into(),
            },
            PdfArchiveError::IndexNewer {
                path: "i".into(),
                found: 9,
                supported: 1,
            },
            PdfArchiveError::IndexIo {
                action: "read",
                path: "i".into(),
                source: io(),
            },
            PdfArchiveError::NoInvoiceId,
            PdfArchiveError::Cancelled,
            PdfArchiveError::Setup { detail: "x".into() },
        ];
        let mut codes: Vec<&str> = errors.iter().map(PdfArchiveError::code).collect();
        let count = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), count, "every variant has its own code");
        for error in &errors {
            let text = error.to_string();
            assert!(text.ends_with('.'), "messages are full sentences: {text}");
            assert!(!text.contains('\n'), "messages are one line: {text}");
        }
    }
}
