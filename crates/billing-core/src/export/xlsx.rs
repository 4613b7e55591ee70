//! The Excel workbook export (rust_xlsxwriter).
//!
//! Three sheets:
//! 1. **Invoices**: the CSV's columns and rows, typed: amounts are numbers shown with the
//!    currency's decimal places (`#,##0`, `#,##0.00`, `#,##0.000`), dates are real Excel
//!    date-times (UTC, shown `yyyy-mm-dd hh:mm:ss`), `overdue` is a boolean, `daysOverdue` a
//!    number, the aging bucket its label (`1-30 days`…). `hostedInvoiceUrl` and `invoicePdf`
//!    are hyperlinks when they pass [`validate_external_link`] (https, or http on this
//!    computer) and plain text otherwise, so a `javascript:` or `file:` link is never
//!    clickable; a link to this computer or a private network is clickable only when the
//!    API itself is on this computer ([`ExportContext::with_local_links`], as for opening
//!    links in the app). Excel accepts about 65,530 hyperlinks per sheet; links past
//!    [`MAX_HYPERLINKS_PER_SHEET`] are written as plain text.
//! 2. **Payment methods**: the payment-method CSV's columns, card state as a label.
//! 3. **Totals**: the invoice query's per-currency totals of the same rows: invoice count,
//!    total, amount due, paid, remaining, and outstanding amounts by aging bucket, each
//!    amount a number in the currency's format; under the table, an "Aging" bar chart per
//!    currency (at most [`MAX_AGING_CHARTS`]) drawn from those cells.
//!
//! Text reaches the writer through [`xlsx_cell_text`] (the one sequence XLSX cannot hold
//! exactly, see [`super::xlsx_text`]). Every text cell is written with `write_string`, so text that looks like a formula
//! (`=1+1`, `@SUM(…)`) stays a plain string and no cell holds a formula. Header rows are
//! bold and frozen, each data sheet has an autofilter, and columns have fixed widths that
//! suit their content. The invoices sheet is written in rust_xlsxwriter's constant-memory
//! mode (row by row, spilled to a temp file), so memory stays flat for 100k invoices. The
//! workbook's creation time is `now`, and zip entries carry a fixed date, so the same input
//! gives the same bytes.

use std::io::Write;

use chrono::{DateTime, Datelike, Utc};
use rust_xlsxwriter::{
    Chart, ChartType, DocProperties, Format, Url, Workbook, Worksheet, XlsxError,
};

use super::ExportError;
use super::columns::{Cell, Derived, invoice_cell, method_cell};
use super::rows::{ExportContext, InvoiceRecord, PaymentMethodRecord};
use super::xlsx_text::xlsx_cell_text;
use crate::dates::{AgingScale, CardState, Timestamp};
use crate::fields::{FieldDef, FieldKind, InvoiceField, MethodField};
use crate::link::{refuse_local_target, validate_external_link};
use crate::query::CurrencySummary;

/// Name of the first sheet.
pub const INVOICES_SHEET: &str = "Invoices";
/// Name of the second sheet.
pub const PAYMENT_METHODS_SHEET: &str = "Payment methods";
/// Name of the third sheet.
pub const TOTALS_SHEET: &str = "Totals";

/// Hyperlinks written per sheet at most (Excel's documented limit is about 65,530).
pub const MAX_HYPERLINKS_PER_SHEET: usize = 65_530;

/// Data rows one sheet can hold: Excel's 1,048,576 rows minus the header.
pub const MAX_XLSX_ROWS: u64 = 1_048_575;

/// The workbook's deflate level. Deflating the invoices sheet is the largest part of a large
/// export's time, and level 2 takes far less of it than the default 6 for a somewhat larger
/// file (the README's benchmark notes have the figures).
const ZIP_LEVEL: u8 = 2;

/// Excel's longest text in one cell, in UTF-16 units.
const MAX_CELL_TEXT: usize = 32_767;

/// What [`write_xlsx`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XlsxSummary {
    /// Invoice rows (sheet 1).
    pub invoices: u64,
    /// Payment-method rows (sheet 2).
    pub payment_methods: u64,
}

/// The formats of one workbook.
pub(crate) struct Formats {
    header: Format,
    date: Format,
    /// Amount formats by exponent, created on first use.
    amounts: Vec<(u32, Format)>,
}

impl Formats {
    pub(crate) fn new() -> Formats {
        Formats {
            header: Format::new().set_bold(),
            date: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
            amounts: Vec::new(),
        }
    }

    pub(crate) fn amount(&mut self, exponent: u32) -> &Format {
        let index = match self.amounts.iter().position(|(e, _)| *e == exponent) {
            Some(index) => index,
            None => {
                let pattern = if exponent == 0 {
                    "#,##0".to_owned()
                } else {
                    format!("#,##0.{}", "0".repeat(exponent as usize))
                };
                self.amounts
                    .push((exponent, Format::new().set_num_format(pattern)));
                self.amounts.len() - 1
            }
        };
        &self.amounts[index].1
    }
}

/// Minor units as the number a spreadsheet shows: `minor / 10^exponent`. Division of two
/// exactly representable values rounds once, to the double nearest the true decimal.
pub(crate) fn major_value(minor: i128, exponent: u32) -> f64 {
    // Precision beyond 2^53 minor units is lost, as Excel keeps 15 significant digits anyway.
    minor as f64 / 10f64.powi(exponent as i32)
}

/// Decimal places of the amount format a money column carries (most currencies have two).
const COLUMN_AMOUNT_EXPONENT: u32 = 2;

/// The number format a column carries itself ([`Worksheet::set_column_format`]), so that
/// most of its cells are written without one: rust_xlsxwriter finds a cell's format by
/// hashing the whole [`Format`], a large share of a big export's time when every amount and
/// date cell brings one. A cell written without a format takes its column's in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ColumnFormat {
    /// Cells bring their own format, if any.
    Plain,
    /// Dates: [`Formats::date`].
    Date,
    /// Amounts with this many decimal places; others bring their own.
    Amount(u32),
}

impl ColumnFormat {
    fn of(def: &FieldDef) -> ColumnFormat {
        match def.kind {
            FieldKind::Date => ColumnFormat::Date,
            FieldKind::Money => ColumnFormat::Amount(COLUMN_AMOUNT_EXPONENT),
            _ => ColumnFormat::Plain,
        }
    }
}

/// Writes one sheet's cells and counts its hyperlinks.
struct SheetWriter<'w> {
    sheet: &'w mut Worksheet,
    links: usize,
    /// Links to this computer or a private network may be clickable (the API is local).
    local_links: bool,
    /// The format each column carries, by column number (none past the end).
    columns: Vec<ColumnFormat>,
}

impl SheetWriter<'_> {
    fn header<S: AsRef<str>>(
        &mut self,
        names: impl Iterator<Item = S>,
        formats: &Formats,
    ) -> Result<u16, ExportError> {
        let mut last = 0;
        for (col, name) in names.enumerate() {
            let col = column_number(col);
            self.sheet
                .write_string_with_format(0, col, name.as_ref(), &formats.header)?;
            last = col;
        }
        self.sheet.set_freeze_panes(1, 0)?;
        Ok(last)
    }

    /// Gives each column of `defs` the format its cells share (see [`ColumnFormat`]).
    fn format_columns(
        &mut self,
        defs: &[FieldDef],
        formats: &mut Formats,
    ) -> Result<(), ExportError> {
        self.columns = defs.iter().map(ColumnFormat::of).collect();
        for (index, column) in self.columns.iter().enumerate() {
            let format = match *column {
                ColumnFormat::Plain => continue,
                ColumnFormat::Date => &formats.date,
                ColumnFormat::Amount(exponent) => formats.amount(exponent),
            };
            self.sheet.set_column_format(column_number(index), format)?;
        }
        Ok(())
    }

    fn column(&self, col: u16) -> ColumnFormat {
        self.columns
            .get(usize::from(col))
            .copied()
            .unwrap_or(ColumnFormat::Plain)
    }

    fn text(&mut self, row: u32, col: u16, text: &str) -> Result<(), ExportError> {
        self.sheet
            .write_string(row, col, xlsx_cell_text(fit_cell(text)).as_ref())?;
        Ok(())
    }

    fn cell(
        &mut self,
        row: u32,
        col: u16,
        cell: Cell<'_>,
        formats: &mut Formats,
    ) -> Result<(), ExportError> {
        match cell {
            Cell::Empty => {}
            Cell::Text(text) => self.text(row, col, text)?,
            Cell::Link(text) => self.link(row, col, text)?,
            Cell::Amount { minor, exponent } => {
                let value = major_value(i128::from(minor), exponent);
                if self.column(col) == ColumnFormat::Amount(exponent) {
                    self.sheet.write_number(row, col, value)?;
                } else {
                    let format = formats.amount(exponent);
                    self.sheet
                        .write_number_with_format(row, col, value, format)?;
                }
            }
            Cell::Date(instant) => self.date(row, col, instant, formats)?,
            Cell::Integer(value) => {
                // Day counts, months and years: far below 2^53.
                self.sheet.write_number(row, col, value as f64)?;
            }
            Cell::Flag(value) => {
                self.sheet.write_boolean(row, col, value)?;
            }
            Cell::Bucket { label, .. } => self.text(row, col, label)?,
            Cell::Card(state) => self.text(row, col, card_state_label(state))?,
        }
        Ok(())
    }

    fn date(
        &mut self,
        row: u32,
        col: u16,
        instant: DateTime<Utc>,
        formats: &Formats,
    ) -> Result<(), ExportError> {
        // Excel's calendar runs from 1900 to 9999. rust_xlsxwriter's own range check missed a
        // date before 1900 that carries a leap second (`0127-06-07T13:55:60Z`, found by the
        // xlsx_export fuzz target): it became a negative serial number, which Excel shows as
        // "#####". So the range is checked here, for every date.
        if !(1900..=9999).contains(&instant.year()) {
            return self.text(row, col, &Timestamp::Valid(instant).to_rfc3339());
        }
        let written = if self.column(col) == ColumnFormat::Date {
            self.sheet.write_datetime(row, col, instant.naive_utc())
        } else {
            self.sheet
                .write_datetime_with_format(row, col, instant.naive_utc(), &formats.date)
        };
        match written {
            Ok(_) => Ok(()),
            // Excel dates start in 1900; an earlier (or later than 9999) date stays text.
            Err(XlsxError::DateTimeRangeError(_) | XlsxError::DateTimeParseError(_)) => {
                self.text(row, col, &Timestamp::Valid(instant).to_rfc3339())
            }
            Err(other) => Err(other.into()),
        }
    }

    fn link(&mut self, row: u32, col: u16, text: &str) -> Result<(), ExportError> {
        if self.links < MAX_HYPERLINKS_PER_SHEET
            && let Ok(url) = validate_external_link(text)
            && refuse_local_target(&url, self.local_links).is_ok()
            && survives_xlsx_escaping(url.as_str())
        {
            let link = Url::new(url.as_str()).set_text(xlsx_cell_text(fit_cell(text)).as_ref());
            match self.sheet.write_url(row, col, link) {
                Ok(_) => {
                    self.links += 1;
                    return Ok(());
                }
                // Too long for Excel: fall through to plain text.
                Err(XlsxError::MaxUrlLengthExceeded) => {}
                Err(other) => return Err(other.into()),
            }
        }
        self.text(row, col, text)
    }
}

/// Whether rust_xlsxwriter keeps `url` as the same address.
///
/// It percent-escapes a link's `%` (and `" < > [ ] ^ \` { }` and space) unless the link
/// already holds one of a few escapes it recognises (`%20`, `%25`, `%22`, `%3C`…). A
/// normalized URL with other escapes only, such as `%C3%BC` for `ü`, would become `%25C3%25BC`:
/// a link to a different, broken address. Such links are written as plain text instead; the
/// XLSX tests read the targets back to hold this in place.
fn survives_xlsx_escaping(url: &str) -> bool {
    const RECOGNISED: [&[u8]; 17] = [
        b"%20", b"%25", b"%22", b"%60", b"%3c", b"%3C", b"%3e", b"%3E", b"%5b", b"%5B", b"%5d",
        b"%5D", b"%5e", b"%5E", b"%7b", b"%7B", b"%7d",
    ];
    if !url.contains('%') {
        return true;
    }
    url.as_bytes()
        .windows(3)
        .any(|w| RECOGNISED.contains(&w) || w == b"%7D")
}

/// Text cut to what one Excel cell holds (rare: only absurd API values are that long).
fn fit_cell(text: &str) -> &str {
    if text.len() <= MAX_CELL_TEXT {
        // Bytes bound UTF-16 units from above.
        return text;
    }
    let mut units = 0;
    for (index, ch) in text.char_indices() {
        units += ch.len_utf16();
        if units > MAX_CELL_TEXT {
            tracing::warn!(
                chars = text.chars().count(),
                "a text value is longer than an Excel cell holds; it was cut"
            );
            return &text[..index];
        }
    }
    text
}

fn column_number(index: usize) -> u16 {
    // Our sheets have at most 18 columns.
    u16::try_from(index).unwrap_or(u16::MAX)
}

fn card_state_label(state: CardState) -> &'static str {
    match state {
        CardState::Valid => "Valid",
        CardState::ExpiringSoon => "Expiring soon",
        CardState::Expired => "Expired",
        CardState::Unknown => "Unknown",
    }
}

/// Writes the three-sheet workbook described in the module docs to `out` and returns what it
/// holds.
///
/// `totals` are the invoice query's totals of the same rows at the same `now`
/// ([`crate::query::QueryResult::by_currency`]); they fill the Totals sheet as given.
///
/// The workbook is assembled (the invoices sheet spilled to a temp file in constant-memory
/// mode) and then written to `out` in one go, so nothing reaches `out` when building fails.
///
/// # Errors
/// [`ExportError::TooManyRows`] when there are more invoices or payment methods than an
/// Excel sheet holds; [`ExportError::Io`] when writing fails; [`ExportError::Xlsx`] for
/// anything else the Excel writer refuses.
pub fn write_xlsx<W, I, P>(
    out: W,
    ctx: &ExportContext<'_>,
    invoices: impl IntoIterator<Item = I>,
    payment_methods: impl IntoIterator<Item = P>,
    totals: &[CurrencySummary],
) -> Result<XlsxSummary, ExportError>
where
    W: Write + Send,
    I: InvoiceRecord,
    P: PaymentMethodRecord,
{
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title("Billing Desk export")
            .set_author("Billing Desk")
            .set_creation_datetime(&ctx.now),
    );
    workbook.set_zip_compression_level(ZIP_LEVEL);
    let mut formats = Formats::new();
    let with_org = ctx.has_org_column();

    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name(INVOICES_SHEET)?;
    let invoice_rows = write_invoice_sheet(sheet, ctx, with_org, invoices, &mut formats)?;

    let sheet = workbook.add_worksheet();
    sheet.set_name(PAYMENT_METHODS_SHEET)?;
    let methods = write_method_sheet(sheet, ctx, with_org, payment_methods, &mut formats)?;

    let sheet = workbook.add_worksheet();
    sheet.set_name(TOTALS_SHEET)?;
    write_totals_sheet(sheet, totals, ctx.aging(), &mut formats)?;

    workbook.save_to_writer(out)?;
    Ok(XlsxSummary {
        invoices: invoice_rows,
        payment_methods: methods,
    })
}

fn write_invoice_sheet<I: InvoiceRecord>(
    sheet: &mut Worksheet,
    ctx: &ExportContext<'_>,
    with_org: bool,
    rows: impl IntoIterator<Item = I>,
    formats: &mut Formats,
) -> Result<u64, ExportError> {
    let columns = InvoiceField::for_export(with_org);
    let defs: Vec<FieldDef> = columns.iter().map(|c| c.def()).collect();
    write_table_sheet(
        sheet,
        ctx,
        &defs,
        rows,
        formats,
        |writer, row, data, formats| {
            let (org, invoice) = (data.org(), data.invoice());
            let derived = Derived::of(invoice, ctx.facts_at(), ctx.aging());
            for (index, &column) in columns.iter().enumerate() {
                let cell = invoice_cell(column, org, invoice, derived);
                writer.cell(row, column_number(index), cell, formats)?;
            }
            Ok(())
        },
    )
}

fn write_method_sheet<P: PaymentMethodRecord>(
    sheet: &mut Worksheet,
    ctx: &ExportContext<'_>,
    with_org: bool,
    rows: impl IntoIterator<Item = P>,
    formats: &mut Formats,
) -> Result<u64, ExportError> {
    let columns = MethodField::for_export(with_org);
    let defs: Vec<FieldDef> = columns.iter().map(|c| c.def()).collect();
    write_table_sheet(
        sheet,
        ctx,
        &defs,
        rows,
        formats,
        |writer, row, data, formats| {
            let (org, method) = (data.org(), data.method());
            for (index, &column) in columns.iter().enumerate() {
                let cell = method_cell(column, org, method, ctx.facts_at());
                writer.cell(row, column_number(index), cell, formats)?;
            }
            Ok(())
        },
    )
}

/// One sheet of rows: a header of `defs` (names and widths), one row per item whose cells
/// `write_row` writes at the row number it is given, and an autofilter; more than
/// [`MAX_XLSX_ROWS`] rows are refused. Returns the number of rows written.
fn write_table_sheet<T>(
    sheet: &mut Worksheet,
    ctx: &ExportContext<'_>,
    defs: &[FieldDef],
    rows: impl IntoIterator<Item = T>,
    formats: &mut Formats,
    mut write_row: impl FnMut(&mut SheetWriter<'_>, u32, &T, &mut Formats) -> Result<(), ExportError>,
) -> Result<u64, ExportError> {
    for (index, def) in defs.iter().enumerate() {
        sheet.set_column_width(column_number(index), def.xlsx_width)?;
    }
    let mut writer = SheetWriter {
        sheet,
        links: 0,
        local_links: ctx.local_links(),
        columns: Vec::new(),
    };
    writer.format_columns(defs, formats)?;
    let last_col = writer.header(defs.iter().map(|d| d.name), formats)?;
    let mut count = 0u64;
    let mut rows = rows.into_iter();
    for data in rows.by_ref() {
        if count >= MAX_XLSX_ROWS {
            let rows = count + 1 + rows.count() as u64;
            return Err(ExportError::TooManyRows {
                rows,
                max: MAX_XLSX_ROWS,
            });
        }
        count += 1;
        // `count` is at most MAX_XLSX_ROWS here, which fits a u32 row number.
        let row = u32::try_from(count).unwrap_or(u32::MAX);
        write_row(&mut writer, row, &data, formats)?;
    }
    let last_row = u32::try_from(count).unwrap_or(u32::MAX);
    writer.sheet.autofilter(0, 0, last_row, last_col)?;
    Ok(count)
}

/// Header of the totals sheet: fixed columns, then one per aging bucket of `scale`
/// (`outstanding, not overdue`, `overdue 1-30 days`, …).
fn totals_header(scale: &AgingScale) -> impl Iterator<Item = String> + '_ {
    [
        "currency",
        "invoices",
        "total",
        "amountDue",
        "amountPaid",
        "amountRemaining",
    ]
    .into_iter()
    .map(str::to_owned)
    .chain(scale.buckets().map(|bucket| match scale.days(bucket) {
        None => "outstanding, not overdue".to_owned(),
        Some(_) => format!("overdue {}", scale.label(bucket)),
    }))
}

/// First column of the aging amounts on the totals sheet.
const AGING_FIRST_COLUMN: u16 = 6;

fn write_totals_sheet(
    sheet: &mut Worksheet,
    totals: &[CurrencySummary],
    scale: &AgingScale,
    formats: &mut Formats,
) -> Result<(), ExportError> {
    let last_bucket = AGING_FIRST_COLUMN + column_number(scale.len() - 1);
    sheet.set_column_width(0, 12.0)?;
    sheet.set_column_range_width(1, last_bucket, 18.0)?;
    let mut writer = SheetWriter {
        sheet,
        links: 0,
        local_links: false,
        columns: Vec::new(),
    };
    writer.header(totals_header(scale), formats)?;
    for (index, entry) in totals.iter().enumerate() {
        let row = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let sheet = &mut *writer.sheet;
        let code = entry.currency.as_ref().map_or("(none)", |c| c.as_str());
        sheet.write_string(row, 0, xlsx_cell_text(fit_cell(code)).as_ref())?;
        // Invoice counts are far below 2^53.
        sheet.write_number(row, 1, entry.count as f64)?;
        let exponent = entry.currency.as_ref().map_or(2, |c| c.exponent());
        let sums = [
            (2, entry.total.minor),
            (3, entry.amount_due.minor),
            (4, entry.amount_paid.minor),
            (5, entry.amount_remaining.minor),
        ];
        let aging = (AGING_FIRST_COLUMN..=last_bucket)
            .zip(&entry.aging)
            .map(|(col, sum)| (col, sum.minor));
        for (col, minor) in sums.into_iter().chain(aging) {
            let format = formats.amount(exponent);
            sheet.write_number_with_format(row, col, major_value(minor, exponent), format)?;
        }
    }
    aging_charts(writer.sheet, totals, last_bucket)
}

/// Charts placed on the Totals sheet at most: one per currency, in the table's order.
pub const MAX_AGING_CHARTS: usize = 12;
/// Rows between the tops of two charts.
const CHART_ROWS: u32 = 16;

/// One "Aging" bar chart per currency under the totals table (never one axis across
/// currencies): its outstanding amount per bucket, read from the table's own cells, so the
/// chart and the numbers cannot disagree.
fn aging_charts(
    sheet: &mut Worksheet,
    totals: &[CurrencySummary],
    last_bucket: u16,
) -> Result<(), ExportError> {
    let first = u32::try_from(totals.len())
        .unwrap_or(u32::MAX)
        .saturating_add(2);
    let charted = totals
        .iter()
        .enumerate()
        .filter(|(_, entry)| entry.currency.is_some() && entry.aging.iter().any(|a| a.count > 0))
        .take(MAX_AGING_CHARTS);
    for (slot, (index, entry)) in (0u32..).zip(charted) {
        let row = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let code = entry.currency.as_ref().map_or("", |c| c.as_str());
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .add_series()
            .set_categories((TOTALS_SHEET, 0, AGING_FIRST_COLUMN, 0, last_bucket))
            .set_values((TOTALS_SHEET, row, AGING_FIRST_COLUMN, row, last_bucket))
            .set_name(&format!("Outstanding ({code})"));
        chart.title().set_name(&format!("Aging, {code}"));
        chart.legend().set_hidden();
        sheet.insert_chart(first + slot * CHART_ROWS, 0, &chart)?;
    }
    Ok(())
}
