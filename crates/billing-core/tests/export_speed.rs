//! The CSV writer on 100k invoices: must be well under 100 ms in an optimized build.
//!
//! Run the timed check with `cargo test -p billing-core --release --test export_speed`; in a
//! debug build the test only checks the output size (timings there mean nothing).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod export_common;

use std::time::{Duration, Instant};

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
fn csv_of_100k_invoices_is_fast() {
    let (fixture, rows) = rows(100_000);
    let ctx = ExportContext::new(&fixture.orgs, now());
    let mut out = Vec::with_capacity(64 << 20);
    // Best of three, so a busy machine does not fail the check by accident.
    let mut best = Duration::MAX;
    for _ in 0..3 {
        out.clear();
        let start = Instant::now();
        let written = write_invoices_csv(&mut out, &ctx, &rows, CsvOptions::default()).unwrap();
        best = best.min(start.elapsed());
        assert_eq!(written, 100_000);
    }
    let lines = out.windows(2).filter(|w| w == b"\r\n").count();
    assert!(
        lines > 100_000,
        "a header and 100k records ({lines} line ends)"
    );
    eprintln!(
        "CSV: 100k invoices, {:.1} MB in {:.1} ms",
        out.len() as f64 / 1e6,
        best.as_secs_f64() * 1e3
    );
    if !cfg!(debug_assertions) {
        assert!(
            best < Duration::from_millis(100),
            "100k rows must take well under 100 ms, took {best:?}"
        );
    }
}

/// The XLSX of 100k invoices: time reported, not asserted (the issue asks for the figure).
/// Slow in a debug build, hence ignored; run with `--release -- --ignored --nocapture`.
#[test]
#[ignore = "timing figure; run in an optimized build"]
fn xlsx_of_100k_invoices_reports_time() {
    let (fixture, rows) = rows(100_000);
    let ctx = ExportContext::new(&fixture.orgs, now());
    let totals =
        billing_core::query::run_query(&rows, &billing_core::query::InvoiceQuery::default(), now())
            .by_currency;
    let methods: Vec<(billing_core::ids::OrgId, billing_core::model::PaymentMethod)> =
        fixture.methods.clone();
    let mut out = Vec::with_capacity(16 << 20);
    let start = Instant::now();
    let summary =
        billing_core::export::write_xlsx(&mut out, &ctx, &rows, &methods, &totals).unwrap();
    let elapsed = start.elapsed();
    assert_eq!(summary.invoices, 100_000, "every row on the invoices sheet");
    eprintln!(
        "XLSX: 100k invoices, {:.1} MB in {:.0} ms",
        out.len() as f64 / 1e6,
        elapsed.as_secs_f64() * 1e3
    );
}
