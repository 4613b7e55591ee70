//! One call per export for the fronts: pick the writer for the format, send it to a file
//! (atomically, with an optional manifest) or to standard output.

use std::io::{self, BufWriter, Write};

use super::atomic::{Destination, WrittenFile, write_file_atomically};
use super::csv::{CsvOptions, write_invoices_csv, write_payment_methods_csv};
use super::json::{write_invoices_json, write_payment_methods_json};
use super::manifest::{ManifestFacts, ManifestSource, write_manifest};
use super::rows::{ExportContext, InvoiceRecord, PaymentMethodRecord};
use super::watch::{CancelSink, RowTally};
use super::xlsx::write_xlsx;
use super::{ExportContent, ExportError, ExportFormat};
use crate::query::CurrencySummary;

/// Where and how to export.
#[derive(Debug, Clone)]
pub struct ExportRequest<'a> {
    /// A file (written atomically) or standard output.
    pub destination: Destination,
    /// The file format.
    pub format: ExportFormat,
    /// CSV options (ignored by the other formats).
    pub csv: CsvOptions,
    /// Write `<file>.manifest.json` too, with these facts; files only.
    pub manifest: Option<ManifestSource<'a>>,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOutcome {
    /// Rows written: invoices, or payment methods for a payment-method export.
    pub rows: u64,
    /// Payment methods on the XLSX's second sheet; `None` for other exports.
    pub payment_methods: Option<u64>,
    /// The file, its size and SHA-256; `None` when written to standard output.
    pub file: Option<WrittenFile>,
    /// The manifest, when one was asked for.
    pub manifest: Option<WrittenFile>,
}

/// A writer the XLSX writer accepts (it needs `Send`).
pub(crate) trait SendWrite: Write + Send {}
impl<T: Write + Send + ?Sized> SendWrite for T {}

/// Rows written, and the XLSX payment-method count.
type Wrote = (u64, Option<u64>);

/// Sends a writer's output where `request` says; writes the manifest once a file is in place.
/// `write` reads its rows through the [`RowTally`] it is given (see [`RowTally::watch`]).
fn deliver(
    request: &ExportRequest<'_>,
    ctx: &ExportContext<'_>,
    content: ExportContent,
    totals: &[CurrencySummary],
    write: impl FnOnce(&mut (dyn SendWrite + '_), &RowTally) -> Result<Wrote, ExportError>,
) -> Result<ExportOutcome, ExportError> {
    if ctx.is_cancelled() {
        return Err(ExportError::Cancelled);
    }
    let (tally, ((rows, payment_methods), file)) = match &request.destination {
        Destination::Stdout => {
            if request.manifest.is_some() {
                return Err(ExportError::ManifestNeedsFile);
            }
            let tally = RowTally::new(false);
            let mut out = BufWriter::with_capacity(64 * 1024, io::stdout());
            let wrote = write(&mut out, &tally)?;
            out.flush()?;
            (tally, (wrote, None))
        }
        Destination::File(path) => {
            let tally = RowTally::new(true);
            let (wrote, written) = write_file_atomically(path, |file| {
                let wrote = write(&mut CancelSink::new(file, *ctx), &tally);
                // A cancel cuts the rows short or fails a write; whatever the writer made of
                // that, and up to this last moment, the previous file stays in place.
                if ctx.is_cancelled() {
                    return Err(ExportError::Cancelled);
                }
                wrote
            })?;
            (tally, (wrote, Some(written)))
        }
    };
    let manifest = match (&request.manifest, &file) {
        (Some(source), Some(written)) => {
            let org_rows = tally.by_org();
            let facts = ManifestFacts {
                format: request.format,
                csv_dialect: (request.format == ExportFormat::Csv).then_some(request.csv.dialect),
                content,
                rows,
                payment_methods,
                totals,
                org_rows: &org_rows,
            };
            Some(write_manifest(ctx, source, written, &facts)?)
        }
        _ => None,
    };
    Ok(ExportOutcome {
        rows,
        payment_methods,
        file,
        manifest,
    })
}

/// Exports invoices as `request` says.
///
/// - `payment_methods` fill the XLSX's second sheet; CSV and JSON ignore them (export them
///   with [`export_payment_methods`]).
/// - `totals` are the invoice query's totals of the same rows at `ctx.now`
///   ([`crate::query::QueryResult::by_currency`]): the JSON's `totals`, the XLSX's Totals sheet
///   and the manifest's totals.
/// - A file is written atomically ([`super::AtomicFile`]); the manifest, if asked for, is
///   written once the file is in place, with the invoice rows counted per organization.
/// - `ctx`'s progress hook ([`ExportContext::with_progress`]) hears how many invoice rows were
///   written so far.
///
/// # Errors
/// [`ExportError::ManifestNeedsFile`] (before anything is written) when a manifest is asked
/// for standard output; [`ExportError::Cancelled`] when `ctx`'s cancel token
/// ([`ExportContext::with_cancel`]) fired before the file was complete (the rows then stop
/// being read, and the file being written, at once); otherwise the
/// writers' and [`super::AtomicFile`]'s errors. A failure while writing the manifest leaves
/// the finished export file in place.
pub fn export_invoices<I, P>(
    request: &ExportRequest<'_>,
    ctx: &ExportContext<'_>,
    invoices: impl IntoIterator<Item = I>,
    payment_methods: impl IntoIterator<Item = P>,
    totals: &[CurrencySummary],
) -> Result<ExportOutcome, ExportError>
where
    I: InvoiceRecord,
    P: PaymentMethodRecord,
{
    let content = ExportContent::Invoices;
    deliver(request, ctx, content, totals, |out, tally| {
        let invoices = tally.watch(invoices, <I as InvoiceRecord>::org, *ctx);
        match request.format {
            ExportFormat::Csv => Ok((write_invoices_csv(out, ctx, invoices, request.csv)?, None)),
            ExportFormat::Json => Ok((write_invoices_json(out, ctx, invoices, totals)?, None)),
            ExportFormat::Xlsx => {
                let summary = write_xlsx(out, ctx, invoices, payment_methods, totals)?;
                Ok((summary.invoices, Some(summary.payment_methods)))
            }
        }
    })
}

/// Exports payment methods as CSV or JSON, as `request` says (manifest included, with no
/// totals).
///
/// # Errors
/// [`ExportError::FormatNotAvailable`] for XLSX (payment methods are the second sheet of the
/// invoice workbook); otherwise as [`export_invoices`].
pub fn export_payment_methods<P>(
    request: &ExportRequest<'_>,
    ctx: &ExportContext<'_>,
    payment_methods: impl IntoIterator<Item = P>,
) -> Result<ExportOutcome, ExportError>
where
    P: PaymentMethodRecord,
{
    let format = request.format;
    if format == ExportFormat::Xlsx {
        return Err(ExportError::FormatNotAvailable { format });
    }
    let content = ExportContent::PaymentMethods;
    deliver(request, ctx, content, &[], |out, tally| {
        let payment_methods = tally.watch(payment_methods, <P as PaymentMethodRecord>::org, *ctx);
        let rows = match format {
            ExportFormat::Json => write_payment_methods_json(out, ctx, payment_methods)?,
            _ => write_payment_methods_csv(out, ctx, payment_methods, request.csv)?,
        };
        Ok((rows, None))
    })
}
