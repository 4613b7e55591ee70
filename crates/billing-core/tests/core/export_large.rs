//! Exports of 100k invoices are complete: every row reaches the file, as CSV and as XLSX.
//! Their speed is measured by `benches/export.rs` (`cargo bench -p billing-core --bench export`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::export_common;

use billing_core::export::{CsvOptions, ExportContext, write_invoices_csv};
use billing_core::query::OrgInvoice;
use export_common::{Fixture, now};

/// 100k realistic rows: the fixture's invoices repeated with distinct IDs.
fn rows(count: usize) -> (Fixture, Vec<OrgInvoice>) {
    let fixture = Fixture::load();
    let rows = (0..count)
        .map(|i| {
            let mut row = fixture.rows[i % fixture.rows.len()].clone();
            std::sync::Arc::make_mut(&mut row.invoice).id = Some(format!("in_{i:08}"));
            row
        })
        .collect();
    (fixture, rows)
}

#[test]
fn csv_of_100k_invoices_has_every_row() {
    let (fixture, rows) = rows(100_000);
    let ctx = ExportContext::new(&fixture.orgs, now());
    let mut out = Vec::with_capacity(64 << 20);
    let written = write_invoices_csv(&mut out, &ctx, &rows, CsvOptions::default()).unwrap();
    assert_eq!(written, 100_000);
    let lines = out.windows(2).filter(|w| w == b"\r\n").count();
    assert_eq!(lines, 100_001, "a header and 100k records");
}

#[test]
fn xlsx_of_100k_invoices_has_every_row() {
    let (fixture, rows) = rows(100_000);
    let ctx = ExportContext::new(&fixture.orgs, now());
    let totals =
        billing_core::query::run_query(&rows, &billing_core::query::InvoiceQuery::default(), now())
            .by_currency;
    let mut out = Vec::with_capacity(16 << 20);
    let summary =
        billing_core::export::write_xlsx(&mut out, &ctx, &rows, &fixture.methods, &totals).unwrap();
    assert_eq!(summary.invoices, 100_000, "every row on the invoices sheet");
}
