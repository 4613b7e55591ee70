//! CSV exports of invoices and payment methods.
//!
//! Format decisions:
//! - RFC 4180: comma separator, fields quoted only when needed (a comma, double quote, CR or
//!   LF inside, or a neutralized formula), double quotes doubled, and **CRLF** after every
//!   record including the last: RFC 4180's line break, and what Excel writes itself.
//! - [`CsvDialect::ExcelSemicolon`] is the form Excel opens without its import wizard where
//!   the decimal separator is a comma (most of continental Europe): a semicolon between
//!   fields (a field with a semicolon is quoted), a decimal comma in amounts (`129,00`), and
//!   always a byte-order mark. Everything else (CRLF, quoting, neutralizing) is the same.
//! - UTF-8, with an optional byte-order mark ([`CsvOptions::bom`]) so Excel on Windows detects
//!   the encoding; the app turns it on, the CLI with `--bom`.
//! - Amounts are decimal strings in major units by the currency's exponent (USD 12900 →
//!   `129.00`, JPY 1500 → `1500`, KWD 1234 → `1.234`); a currency the tables do not know has
//!   two decimals, and so has an amount whose invoice has no currency at all (the currency
//!   column is then empty).
//! - Dates are RFC 3339 in UTC (`2024-05-01T10:00:00Z`); a date the server sent in another
//!   shape is written as received, as text.
//! - Missing values are empty fields. `overdue` and `isDefault` are `true`/`false`;
//!   `daysOverdue` is empty when not overdue; `agingBucket` and `cardState` are the
//!   identifiers of the JSON export (`days1To30`, `expiringSoon`…).
//! - Every text cell from API data goes through formula neutralizing (see [`super::cells`]);
//!   numbers, booleans and the identifiers above are never altered.
//!
//! The writers buffer internally and write in large blocks, so `out` need not be buffered.

use std::io::Write;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ExportError;
use super::cells::push_text_field;
use super::columns::{Cell, Derived, invoice_cell, method_cell};
use super::render::{push_amount, push_date, push_i64};
use super::rows::{ExportContext, InvoiceRecord, PaymentMethodRecord};
use crate::fields::{InvoiceField, MethodField};

/// The layout of a CSV file, for the program that opens it (see the module docs).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum CsvDialect {
    /// Comma separator, decimal point (RFC 4180).
    #[default]
    Standard,
    /// Semicolon separator, decimal comma, byte-order mark: Excel with a comma as decimal
    /// separator.
    ExcelSemicolon,
}

impl CsvDialect {
    /// Its name in settings, manifests and `--csv-dialect`.
    pub fn as_str(self) -> &'static str {
        match self {
            CsvDialect::Standard => "standard",
            CsvDialect::ExcelSemicolon => "excel-semicolon",
        }
    }

    pub(crate) fn separator(self) -> u8 {
        match self {
            CsvDialect::Standard => b',',
            CsvDialect::ExcelSemicolon => b';',
        }
    }

    fn decimal_mark(self) -> u8 {
        match self {
            CsvDialect::Standard => b'.',
            CsvDialect::ExcelSemicolon => b',',
        }
    }
}

/// Options of the CSV writers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CsvOptions {
    /// Start the file with a UTF-8 byte-order mark (EF BB BF), for Excel. The semicolon
    /// dialect always has one.
    pub bom: bool,
    /// The layout.
    pub dialect: CsvDialect,
}

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";
/// How much is gathered before one write to `out`.
const BLOCK: usize = 64 * 1024;

/// Rows gathered in one buffer and written in blocks.
struct Records<W: Write> {
    out: W,
    buf: Vec<u8>,
    fields_in_record: usize,
    dialect: CsvDialect,
}

impl CsvOptions {
    /// Whether the file starts with a byte-order mark.
    pub(crate) fn writes_bom(self) -> bool {
        self.bom || self.dialect == CsvDialect::ExcelSemicolon
    }
}

impl<W: Write> Records<W> {
    fn new(out: W, options: CsvOptions) -> Records<W> {
        let mut buf = Vec::with_capacity(BLOCK + 4096);
        if options.writes_bom() {
            buf.extend_from_slice(BOM);
        }
        Records {
            out,
            buf,
            fields_in_record: 0,
            dialect: options.dialect,
        }
    }

    fn separator(&mut self) {
        if self.fields_in_record > 0 {
            self.buf.push(self.dialect.separator());
        }
        self.fields_in_record += 1;
    }

    fn header(&mut self, name: &str) {
        self.separator();
        push_text_field(&mut self.buf, name, self.dialect.separator());
    }

    fn cell(&mut self, cell: Cell<'_>) {
        self.separator();
        let buf = &mut self.buf;
        let dialect = self.dialect;
        match cell {
            Cell::Empty => {}
            Cell::Text(text) | Cell::Link(text) => push_text_field(buf, text, dialect.separator()),
            Cell::Amount { minor, exponent } => {
                push_amount(buf, minor, exponent, dialect.decimal_mark());
            }
            Cell::Date(instant) => push_date(buf, instant),
            Cell::Integer(value) => push_i64(buf, value),
            Cell::Flag(value) => buf.extend_from_slice(if value { b"true" } else { b"false" }),
            Cell::Bucket { id, .. } => buf.extend_from_slice(id.as_bytes()),
            Cell::Card(state) => buf.extend_from_slice(state.id().as_bytes()),
        }
    }

    fn end_record(&mut self) -> Result<(), ExportError> {
        self.buf.extend_from_slice(b"\r\n");
        self.fields_in_record = 0;
        if self.buf.len() >= BLOCK {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    fn finish(mut self) -> Result<(), ExportError> {
        self.out.write_all(&self.buf)?;
        self.out.flush()?;
        Ok(())
    }
}

/// Writes invoice rows as CSV (header, then one record per row) and returns the number of
/// rows written.
///
/// The `org` column is first when [`ExportContext::has_org_column`]; derived columns use
/// `ctx.now`. See the module docs for the exact format.
///
/// # Errors
/// [`ExportError::Io`] when writing to `out` fails (nothing is retried; what was written stays
/// written, so write files through [`super::AtomicFile`]).
pub fn write_invoices_csv<W, R>(
    out: W,
    ctx: &ExportContext<'_>,
    rows: impl IntoIterator<Item = R>,
    options: CsvOptions,
) -> Result<u64, ExportError>
where
    W: Write,
    R: InvoiceRecord,
{
    let columns = InvoiceField::for_export(ctx.has_org_column());
    let names = columns.iter().map(|c| c.name());
    write_table(out, options, names, rows, |row, records| {
        let (org, invoice) = (row.org(), row.invoice());
        let derived = Derived::of(invoice, ctx.facts_at(), ctx.aging());
        for &column in columns {
            records.cell(invoice_cell(column, org, invoice, derived));
        }
    })
}

/// Writes payment-method rows as CSV and returns the number of rows written.
///
/// Columns: `org` (when [`ExportContext::has_org_column`]), `id, type, brand, last4, expMonth,
/// expYear, isDefault, billingName, billingEmail, createdAt, cardState` (card state at
/// `ctx.now`). Same format rules as [`write_invoices_csv`].
///
/// # Errors
/// [`ExportError::Io`] when writing to `out` fails.
pub fn write_payment_methods_csv<W, R>(
    out: W,
    ctx: &ExportContext<'_>,
    rows: impl IntoIterator<Item = R>,
    options: CsvOptions,
) -> Result<u64, ExportError>
where
    W: Write,
    R: PaymentMethodRecord,
{
    let columns = MethodField::for_export(ctx.has_org_column());
    let names = columns.iter().map(|c| c.name());
    write_table(out, options, names, rows, |row, records| {
        let (org, method) = (row.org(), row.method());
        for &column in columns {
            records.cell(method_cell(column, org, method, ctx.facts_at()));
        }
    })
}

/// A header of `names`, then one record per row, whose cells `cells` writes; returns the
/// number of rows written.
fn write_table<W: Write, T>(
    out: W,
    options: CsvOptions,
    names: impl Iterator<Item = &'static str>,
    rows: impl IntoIterator<Item = T>,
    mut cells: impl FnMut(&T, &mut Records<W>),
) -> Result<u64, ExportError> {
    let mut records = Records::new(out, options);
    for name in names {
        records.header(name);
    }
    records.end_record()?;
    let mut count = 0u64;
    for row in rows {
        cells(&row, &mut records);
        records.end_record()?;
        count += 1;
    }
    records.finish()?;
    Ok(count)
}
