//! The export history's two costs an export of 100k invoices adds: writing the snapshot of its
//! rows, and later comparing 100k rows now with it. Each is measured beside a peer from the
//! same run: the snapshot next to writing the same rows as the CSV export does, the comparison
//! next to the 100k query (filter, sort, totals) the app runs for every view. Targets: 100 ms
//! each.
//!
//! `cargo bench -p billing-core --bench history` (add `-- --quick` for a short run).

use std::hint::black_box;

use billing_core::export::{CsvOptions, ExportContext, write_invoices_csv};
use billing_core::history::{History, SnapRow, SnapRowRef, compare};
use billing_core::ids::OrgId;
use billing_core::model::Invoice;
use billing_core::query::{InvoiceQuery, OrgInvoice, run_query};
use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};

const ROWS: usize = 100_000;

fn invoices() -> Vec<(OrgId, Invoice)> {
    let now = Utc
        .with_ymd_and_hms(2024, 6, 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    let json = billing_stub::huge_json(ROWS, now, "http://127.0.0.1");
    let Ok(details) = billing_core::model::decode_billing_details(&json) else {
        std::process::abort()
    };
    assert_eq!(
        details.invoices.len(),
        ROWS,
        "the bench measures 100k invoices"
    );
    let orgs: Vec<OrgId> = (0..200)
        .filter_map(|i| OrgId::parse(&format!("org_{i:04}")).ok())
        .collect();
    details
        .invoices
        .into_iter()
        .enumerate()
        .map(|(i, invoice)| (orgs[i % orgs.len()].clone(), invoice))
        .collect()
}

fn bench(c: &mut Criterion) {
    let invoices = invoices();
    let rows: Vec<SnapRow> = invoices
        .iter()
        .filter_map(|(org, invoice)| SnapRow::of(org, invoice))
        .collect();
    // One in twenty paid since, one in a hundred gone, a thousand new.
    let mut later = rows.clone();
    for (i, row) in later.iter_mut().enumerate() {
        if i % 20 == 0 {
            row.status = Some("paid".to_owned());
            row.amount_remaining = Some(0);
        }
    }
    later.retain(|row| !row.id.ends_with("00"));
    later.extend(rows.iter().take(1_000).map(|row| SnapRow {
        id: format!("{}_new", row.id),
        ..row.clone()
    }));
    let now = Utc
        .with_ymd_and_hms(2024, 6, 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    let dir = tempfile::tempdir().unwrap_or_else(|_| std::process::abort());
    let history = History::of(dir.path(), "bench");

    let mut write = c.benchmark_group("history_write_100k");
    write.sample_size(10);
    write.bench_function("snapshot", |b| {
        b.iter(|| {
            // As an export writes it: borrowed from the invoices, never copied.
            let snapshot_rows = invoices
                .iter()
                .filter_map(|(org, invoice)| SnapRowRef::of(org, invoice));
            black_box(history.snapshot(now, snapshot_rows).is_ok())
        });
    });
    let orgs: Vec<OrgId> = invoices.iter().map(|(org, _)| org.clone()).collect();
    write.bench_function("csv_export_peer", |b| {
        b.iter(|| {
            let ctx = ExportContext::new(&orgs, now);
            let mut out = Vec::with_capacity(32 * 1024 * 1024);
            let rows = invoices.iter().map(|(org, invoice)| (org, invoice));
            black_box(write_invoices_csv(&mut out, &ctx, rows, CsvOptions::default()).is_ok())
        });
    });
    write.finish();

    let table: Vec<OrgInvoice> = invoices
        .iter()
        .flat_map(|(org, invoice)| OrgInvoice::rows_for(org, [invoice.clone()]))
        .collect();
    let mut compare_group = c.benchmark_group("history_compare_100k");
    compare_group.sample_size(10);
    compare_group.bench_function("compare", |b| {
        b.iter(|| black_box(compare(&rows, &later).invoices.len()));
    });
    compare_group.bench_function("query_peer", |b| {
        let query = InvoiceQuery::default();
        b.iter(|| black_box(run_query(&table, &query, now).matched));
    });
    compare_group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
