//! Small results and arguments of the desk's actions, as the UI sees them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
    /// The invoice PDF.
    Pdf,
}

/// What `invoice_open` opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OpenOutcome {
    /// The URL handed to the browser (a `file://` URL for an archived PDF).
    pub url: String,
    /// The local archive copy was opened because the link was missing, expired or unsafe.
    pub archived: bool,
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
}

/// Batch fetch progress, sent as the `fetch-progress` event after each organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FetchProgress {
    /// Organizations finished, failures included.
    pub done: usize,
    /// Organizations in the batch.
    pub total: usize,
    /// Of those finished, how many failed.
    pub failed: usize,
}

/// PDF download progress, sent as the `pdf-progress` event after each invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PdfProgress {
    /// Invoices finished, failures included.
    pub done: usize,
    /// Invoices in the run.
    pub total: usize,
    /// Of those finished, how many failed.
    pub failed: usize,
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
