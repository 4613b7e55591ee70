//! The changes as CSV, for Excel like every export: one record per field that moved (one
//! for a new or gone invoice), each cell neutralized against formulas, CRLF line ends, an
//! optional byte-order mark.

use std::io::{self, Write};

use super::changes::{ChangeKind, Changes, InvoiceChange};
use crate::export::CsvOptions;
use crate::export::cells::push_text_field;

/// The columns of [`write_changes_csv`].
pub const CHANGES_CSV_COLUMNS: [&str; 8] = [
    "kind", "org", "id", "number", "currency", "field", "from", "to",
];

/// The name of a category in CSV and JSON (its serde name).
pub fn kind_id(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::New => "new",
        ChangeKind::NewlyPaid => "newlyPaid",
        ChangeKind::Voided => "voided",
        ChangeKind::MarkedUncollectible => "markedUncollectible",
        ChangeKind::StatusChanged => "statusChanged",
        ChangeKind::AmountChanged => "amountChanged",
        ChangeKind::DueDateChanged => "dueDateChanged",
        ChangeKind::Gone => "gone",
    }
}

/// The invoice's cells of a record: `kind,org,id,number,currency`.
pub(crate) fn invoice_cells(change: &InvoiceChange) -> [&str; 5] {
    [
        kind_id(change.kind),
        change.org.as_str(),
        change.id.as_str(),
        change.number.as_deref().unwrap_or(""),
        change.currency.as_deref().unwrap_or(""),
    ]
}

/// Writes `changes` as CSV (see the module docs) in the layout of `options`, like the
/// invoice exports, and returns the records written. Amounts are whole minor units, so the
/// dialect's decimal mark does not apply.
///
/// # Errors
/// The writer's.
pub fn write_changes_csv(
    out: &mut dyn Write,
    changes: &Changes,
    options: CsvOptions,
) -> io::Result<u64> {
    let separator = options.dialect.separator();
    let mut buf: Vec<u8> = Vec::with_capacity(64 * 1024);
    if options.writes_bom() {
        buf.extend_from_slice(b"\xEF\xBB\xBF");
    }
    for (index, name) in CHANGES_CSV_COLUMNS.iter().enumerate() {
        if index > 0 {
            buf.push(separator);
        }
        buf.extend_from_slice(name.as_bytes());
    }
    buf.extend_from_slice(b"\r\n");
    let mut records = 0u64;
    for (change, field) in changes.records() {
        let moved = field.map_or(["", "", ""], |f| {
            [
                f.field,
                f.from.as_deref().unwrap_or(""),
                f.to.as_deref().unwrap_or(""),
            ]
        });
        for (index, cell) in invoice_cells(change).iter().chain(&moved).enumerate() {
            if index > 0 {
                buf.push(separator);
            }
            push_text_field(&mut buf, cell, separator);
        }
        buf.extend_from_slice(b"\r\n");
        records += 1;
        if buf.len() > 48 * 1024 {
            out.write_all(&buf)?;
            buf.clear();
        }
    }
    out.write_all(&buf)?;
    Ok(records)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::history::{SnapRow, compare};

    #[test]
    fn one_record_per_moved_field_with_formulas_neutralized() {
        let row = |id: &str, status: &str| SnapRow {
            org: "acme".to_owned(),
            id: id.to_owned(),
            number: Some("=HYPERLINK(\"x\")".to_owned()),
            status: Some(status.to_owned()),
            currency: Some("USD".to_owned()),
            total: Some(100),
            amount_due: Some(100),
            amount_paid: Some(0),
            amount_remaining: Some(100),
            due_at: None,
        };
        let mut paid = row("a", "paid");
        paid.amount_paid = Some(100);
        paid.amount_remaining = Some(0);
        let changes = compare(&[row("a", "open"), row("b", "open")], &[paid]);
        let mut out = Vec::new();
        let bom = CsvOptions {
            bom: true,
            ..CsvOptions::default()
        };
        let records = write_changes_csv(&mut out, &changes, bom).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            records, 4,
            "three fields of a, one line for gone b:\n{text}"
        );
        assert!(text.starts_with("\u{feff}kind,org,id,number,currency,field,from,to\r\n"));
        assert!(
            text.contains("newlyPaid,acme,a,\"'=HYPERLINK(\"\"x\"\")\",USD,status,open,paid\r\n"),
            "{text}"
        );
        assert!(text.contains("gone,acme,b,"), "{text}");
        let serde_names: Vec<String> = changes
            .invoices
            .iter()
            .map(|c| {
                serde_json::to_value(c.kind)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(
            serde_names,
            ["newlyPaid", "gone"],
            "CSV and JSON name kinds alike"
        );
    }
}
