//! The changes as an Excel workbook: a **Changes** sheet with the CSV's records (one per
//! field that moved), amounts as numbers in the currency's format, and a **By currency**
//! sheet with outstanding and paid totals before, after and their difference. Text is written
//! as text (never a formula) through [`xlsx_cell_text`], like every export.

use std::io::Write;

use chrono::{DateTime, Utc};
use rust_xlsxwriter::{DocProperties, Format, Workbook, Worksheet};

use super::changes::Changes;
use super::changes_csv::{CHANGES_CSV_COLUMNS, invoice_cells};
use super::report::ExportRef;
use crate::export::ExportError;
use crate::export::xlsx::{Formats, major_value};
use crate::export::xlsx_text::xlsx_cell_text;
use crate::money::Currency;

/// Name of the first sheet.
pub const CHANGES_SHEET: &str = "Changes";
/// Name of the second sheet.
pub const BY_CURRENCY_SHEET: &str = "By currency";

const BY_CURRENCY_HEADER: [&str; 7] = [
    "currency",
    "outstandingBefore",
    "outstandingAfter",
    "outstandingChange",
    "paidBefore",
    "paidAfter",
    "paidChange",
];

/// The fields whose values are amounts in minor units.
fn is_amount(field: &str) -> bool {
    matches!(
        field,
        "total" | "amountDue" | "amountPaid" | "amountRemaining"
    )
}

fn exponent(currency: Option<&str>) -> u32 {
    currency.map_or(2, |code| Currency::new(code).exponent())
}

fn header(sheet: &mut Worksheet, names: &[&str]) -> Result<(), ExportError> {
    let bold = Format::new().set_bold();
    for (col, name) in (0u16..).zip(names) {
        sheet.write_string_with_format(0, col, *name, &bold)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Writes the workbook to `out` and returns the records of the Changes sheet. The workbook's
/// creation time is `now`, so the same input gives the same bytes.
///
/// # Errors
/// [`ExportError::Xlsx`] / [`ExportError::Io`].
pub fn write_changes_xlsx<W: Write + Send>(
    out: W,
    since: &ExportRef,
    changes: &Changes,
    now: DateTime<Utc>,
) -> Result<u64, ExportError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "Billing Desk: changes since export {}",
                since.export
            ))
            .set_author("Billing Desk")
            .set_creation_datetime(&now),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name(CHANGES_SHEET)?;
    let names: Vec<&str> = CHANGES_CSV_COLUMNS.to_vec();
    header(sheet, &names)?;
    for (col, width) in (0u16..).zip([20.0, 16.0, 28.0, 16.0, 9.0, 17.0, 22.0, 22.0]) {
        sheet.set_column_width(col, width)?;
    }
    let mut formats = Formats::new();
    let mut row = 0u32;
    for (change, field) in changes.records() {
        row += 1;
        for (col, text) in (0u16..).zip(invoice_cells(change)) {
            sheet.write_string(row, col, xlsx_cell_text(text))?;
        }
        let Some(field) = field else { continue };
        let exp = exponent(change.currency.as_deref());
        sheet.write_string(row, 5, field.field)?;
        for (col, value) in [(6u16, &field.from), (7, &field.to)] {
            let Some(value) = value else { continue };
            match value.parse::<i64>() {
                Ok(minor) if is_amount(field.field) => {
                    let format = formats.amount(exp);
                    sheet.write_number_with_format(
                        row,
                        col,
                        major_value(minor.into(), exp),
                        format,
                    )?;
                }
                _ => {
                    sheet.write_string(row, col, xlsx_cell_text(value))?;
                }
            }
        }
    }
    if row > 0 {
        sheet.autofilter(0, 0, row, 7)?;
    }

    let sheet = workbook.add_worksheet();
    sheet.set_name(BY_CURRENCY_SHEET)?;
    header(sheet, &BY_CURRENCY_HEADER)?;
    sheet.set_column_width(0, 10.0)?;
    for col in 1..7u16 {
        sheet.set_column_width(col, 20.0)?;
    }
    for (line, delta) in (1u32..).zip(&changes.by_currency) {
        let exp = exponent(delta.currency.as_deref());
        sheet.write_string(
            line,
            0,
            xlsx_cell_text(delta.currency.as_deref().unwrap_or("")),
        )?;
        let values = [
            delta.outstanding_before,
            delta.outstanding_after,
            delta.outstanding_after - delta.outstanding_before,
            delta.paid_before,
            delta.paid_after,
            delta.paid_after - delta.paid_before,
        ];
        for (col, value) in (1u16..).zip(values) {
            let format = formats.amount(exp);
            sheet.write_number_with_format(line, col, major_value(value, exp), format)?;
        }
    }
    workbook.save_to_writer(out)?;
    Ok(u64::from(row))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use std::io::Cursor;

    use calamine::{Data, Reader, Xlsx};

    use super::*;
    use crate::history::{SnapRow, compare};

    fn row(id: &str, status: &str, paid: i64) -> SnapRow {
        SnapRow {
            org: "acme".to_owned(),
            id: id.to_owned(),
            number: Some("=1+1".to_owned()),
            status: Some(status.to_owned()),
            currency: Some("JPY".to_owned()),
            total: Some(5_000),
            amount_due: Some(5_000),
            amount_paid: Some(paid),
            amount_remaining: Some(5_000 - paid),
            due_at: None,
        }
    }

    #[test]
    fn the_csv_records_with_amounts_as_numbers_and_formulas_as_text() {
        let changes = compare(
            &[row("a", "open", 0)],
            &[row("a", "paid", 5_000), row("b", "open", 0)],
        );
        let since = ExportRef {
            export: 3,
            at: DateTime::UNIX_EPOCH,
            snapshot: "s".to_owned(),
        };
        let mut bytes = Vec::new();
        let records =
            write_changes_xlsx(&mut bytes, &since, &changes, DateTime::UNIX_EPOCH).unwrap();
        assert_eq!(records, 4, "three fields of a, one line for new b");
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
        let sheet = book.worksheet_range(CHANGES_SHEET).unwrap();
        let header: Vec<String> = sheet
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(header, CHANGES_CSV_COLUMNS);
        let paid: Vec<&Data> = sheet.rows().nth(2).unwrap().iter().collect();
        assert_eq!(paid[0], &Data::String("newlyPaid".to_owned()));
        assert_eq!(
            paid[3],
            &Data::String("=1+1".to_owned()),
            "a formula stays text"
        );
        assert_eq!(paid[5], &Data::String("amountPaid".to_owned()));
        assert_eq!(
            paid[7],
            &Data::Float(5_000.0),
            "JPY has no decimals: 5,000 yen"
        );
        let formulas = book.worksheet_formula(CHANGES_SHEET).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "no cell holds a formula"
        );
        let totals = book.worksheet_range(BY_CURRENCY_SHEET).unwrap();
        let jpy: Vec<&Data> = totals.rows().nth(1).unwrap().iter().collect();
        assert_eq!(jpy[0], &Data::String("JPY".to_owned()));
        assert_eq!(
            jpy[3],
            &Data::Float(0.0),
            "a paid 5,000 and new b 5,000: outstanding unchanged"
        );
        assert_eq!(jpy[6], &Data::Float(5_000.0));
    }
}
