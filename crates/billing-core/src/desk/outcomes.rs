//! Small results and arguments of the desk's actions, as the UI sees them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use url::Url;

use crate::export::ExportFormat;
use crate::ids::OrgId;

/// "Test connection" worked: what the organization holds. Nothing was stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConnectionTest {
    /// The organization fetched.
    pub org_id: OrgId,
    /// Its invoices.
    pub invoices: usize,
    /// Its payment methods.
    pub payment_methods: usize,
}

/// Whether a connection has a token in the keyring. Never the token itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TokenStatus {
    /// The connection (keyring account).
    pub connection: String,
    /// A token is stored.
    pub stored: bool,
}

/// Whether the keyring holds a connection's token, as far as it could be asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum TokenState {
    /// A token is stored.
    Stored,
    /// No token is stored.
    Missing,
    /// The keyring could not be asked (locked or not running).
    Unknown,
}

/// One saved connection as the Connections screen lists it. Never the token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConnectionInfo {
    /// The connection's name (also its keyring account).
    pub name: String,
    /// Its API base URL.
    pub base_url: String,
    /// Per-request timeout override in seconds; `None` = the default.
    pub timeout_secs: Option<u32>,
    /// Parallel request override; `None` = the default.
    pub concurrency: Option<u32>,
    /// Its address is plain `http` (to this computer): the token travels unencrypted.
    pub plain_http: bool,
    /// The user allowed plain `http` for it; without it a plain `http` address is refused.
    pub allow_plain_http: bool,
    /// Its PDF archive folder: the one set for it, or the default.
    pub archive_dir: String,
    /// The default archive folder (under the OS data directory), shown when none is set.
    pub default_archive_dir: String,
    /// Saved organizations.
    pub organizations: usize,
    /// It is the connection on screen.
    pub active: bool,
    /// Whether its token is in the keyring.
    pub token: TokenState,
    /// The newest successful answer kept for it (RFC 3339), if any.
    pub last_fetched_at: Option<String>,
}

/// What editing a connection did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConnectionUpdated {
    /// The settings after the edit.
    pub settings: crate::settings::Settings,
    /// The base URL moved to another origin, so the token (given for the old one) was
    /// deleted and must be entered again.
    pub token_cleared: bool,
}

/// What "add organizations" did with pasted text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OrgsAdded {
    /// Newly saved, in the order pasted.
    pub added: Vec<String>,
    /// Saved before (or pasted twice); left as they were.
    pub already_saved: Vec<String>,
    /// Not organization IDs; nothing saved for them.
    pub invalid: Vec<String>,
}

/// Which link of an invoice to open or copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum OpenTarget {
    /// The Stripe-hosted invoice page.
    Hosted,
    /// The invoice PDF (its archived copy when the link fails).
    Pdf,
    /// The invoice PDF's archived copy.
    ArchivedPdf,
}

/// What `invoice_open` opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OpenOutcome {
    /// The URL handed to the browser (a `file://` URL for an archived PDF).
    pub url: String,
    /// The local archive copy was opened (asked for, or because the link failed).
    pub archived: bool,
    /// Why the archived copy opened instead of the link (the link's failure), if it did.
    pub reason: Option<String>,
}

impl OpenOutcome {
    /// The live link, opened as it is.
    pub fn live(url: Url) -> OpenOutcome {
        OpenOutcome {
            url: url.to_string(),
            archived: false,
            reason: None,
        }
    }
}

/// What a bulk PDF download did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PdfDownloadOutcome {
    /// The archive folder.
    pub dir: String,
    /// PDFs newly saved.
    pub downloaded: usize,
    /// PDFs already there with the same content, and invoices without a PDF.
    pub skipped: usize,
    /// Invoices whose PDF could not be saved (cancelled ones included).
    pub failed: usize,
    /// The user cancelled before the end.
    pub cancelled: bool,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportDone {
    /// The file written.
    pub path: String,
    /// Invoice rows in it.
    pub rows: usize,
    /// The manifest next to it, when one was asked for.
    pub manifest_path: Option<String>,
    /// Organizations of the view with no rows in the file (failed, loading or never loaded):
    /// the user chose to export anyway.
    pub missing_orgs: usize,
    /// Organizations whose rows come from an older answer (the disk cache, or the answer
    /// before a failed or still running refresh).
    pub stale_orgs: usize,
    /// The export's number in the data source's export history (shared with `bdesk
    /// history`); `None` when it could not be recorded (the file is written; the reason is
    /// logged).
    #[ts(type = "number | null")]
    pub history_number: Option<u64>,
}

/// Export progress, sent as the `export-progress` event while the rows are written (every
/// [`crate::export::PROGRESS_EVERY`] rows and at the end). An XLSX is still being packed
/// for a moment after `done` reaches `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportProgress {
    /// Invoice rows written so far.
    pub done: usize,
    /// Invoice rows the export holds.
    pub total: usize,
}

/// The file format the UI asks an export in (`"csv" | "xlsx" | "json"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export, rename = "ExportFormat")]
pub enum ExportFormatArg {
    /// Comma-separated values.
    Csv,
    /// Excel workbook.
    Xlsx,
    /// JSON document.
    Json,
}

impl From<ExportFormatArg> for ExportFormat {
    fn from(format: ExportFormatArg) -> Self {
        match format {
            ExportFormatArg::Csv => ExportFormat::Csv,
            ExportFormatArg::Xlsx => ExportFormat::Xlsx,
            ExportFormatArg::Json => ExportFormat::Json,
        }
    }
}
