//! Exports of invoices and payment methods: CSV, XLSX and JSON, a manifest, atomic files.
//!
//! Every writer is a pure function of its rows, an [`ExportContext`] (the organizations and
//! `now`) and options, writing to any [`std::io::Write`], so the CLI can stream to standard
//! output and tests can write to memory. Rows are any iterator of [`InvoiceRecord`] /
//! [`PaymentMethodRecord`] (the query's [`crate::query::OrgInvoice`]s, or `(&OrgId, &Invoice)`
//! pairs), read exactly once. Totals are not recomputed here: JSON, the XLSX Totals sheet and
//! the manifest take the invoice query's per-currency totals
//! ([`crate::query::QueryResult::by_currency`]) of the same rows.
//!
//! | function | writes |
//! |---|---|
//! | [`write_invoices_csv`], [`write_payment_methods_csv`] | CSV, see [`csv`] for the format |
//! | [`write_invoices_json`], [`write_payment_methods_json`] | JSON, shape documented in [`json`] |
//! | [`write_xlsx`] | workbook with Invoices, Payment methods and Totals sheets, see [`xlsx`] |
//! | [`write_manifest`] | `<file>.manifest.json`, see [`manifest`] |
//! | [`export_invoices`], [`export_payment_methods`] | one call: format + file or stdout + manifest |
//!
//! Files are written through [`AtomicFile`]: a temp file in the target folder, renamed over
//! the target only when complete, so a failure leaves any previous file untouched and no
//! partial file behind. A running export reports its progress and stops mid-write when
//! cancelled ([`ExportContext::with_progress`], [`ExportContext::with_cancel`]; see `watch`),
//! leaving nothing either.
//!
//! Formula injection: CSV text cells starting with `=`, `+`, `-`, `@`, tab or CR are
//! neutralized ([`cells`]); XLSX writes text as string cells; numbers stay numbers.
//!
//! The `org` column leads the tabular formats when the export covers several organizations
//! ([`OrgColumn`]); JSON rows always carry `org`.

pub mod atomic;
pub mod cells;
pub mod columns;
pub mod csv;
mod deliver;
mod error;
pub mod json;
pub mod manifest;
mod render;
mod rows;
mod watch;
pub mod xlsx;
pub mod xlsx_text;

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

pub use atomic::{AtomicFile, Destination, WrittenFile, write_file_atomically};
pub use csv::{CsvDialect, CsvOptions, write_invoices_csv, write_payment_methods_csv};
pub use deliver::{ExportOutcome, ExportRequest, export_invoices, export_payment_methods};
pub use error::ExportError;
pub use json::{write_invoices_json, write_payment_methods_json};
pub use manifest::{
    AnswerOrigin, FailedOrganization, ManifestFacts, ManifestSource, OrgSource, StaleOrganization,
    StaleReason, manifest_path, write_manifest,
};
pub use rows::{ExportContext, InvoiceRecord, OrgColumn, PaymentMethodRecord, ProgressHook};
pub use watch::PROGRESS_EVERY;
pub use xlsx::{XlsxSummary, write_xlsx};

/// A file format of the exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// Comma-separated values.
    Csv,
    /// Excel workbook.
    Xlsx,
    /// JSON document.
    Json,
}

impl ExportFormat {
    /// The lowercase name (`csv`, `xlsx`, `json`), also the usual file extension.
    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Json => "json",
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ExportFormat::Csv => "CSV",
            ExportFormat::Xlsx => "Excel (XLSX)",
            ExportFormat::Json => "JSON",
        })
    }
}

/// Text that names no export format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not an export format; use csv, xlsx or json.")]
pub struct UnknownFormat(pub String);

impl FromStr for ExportFormat {
    type Err = UnknownFormat;

    /// Reads `csv`, `xlsx` or `json`, in any case.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.to_ascii_lowercase().as_str() {
            "csv" => Ok(ExportFormat::Csv),
            "xlsx" => Ok(ExportFormat::Xlsx),
            "json" => Ok(ExportFormat::Json),
            _ => Err(UnknownFormat(text.to_owned())),
        }
    }
}

/// What an export file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ExportContent {
    /// Invoices (and, in XLSX, payment methods and totals too).
    Invoices,
    /// Payment methods only.
    PaymentMethods,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_in_any_case() {
        assert_eq!("CSV".parse(), Ok(ExportFormat::Csv));
        assert_eq!("xlsx".parse(), Ok(ExportFormat::Xlsx));
        assert_eq!("Json".parse(), Ok(ExportFormat::Json));
        assert!("pdf".parse::<ExportFormat>().is_err(), "only three formats");
    }
}
