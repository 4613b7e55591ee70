//! CSV and XLSX exports of 100k invoice rows, as `bdesk export` and the app write them.
//!
//! `cargo bench -p billing-core --bench export` (add `-- --quick` for a short run).

use std::hint::black_box;
use std::sync::Arc;

use billing_core::export::{CsvOptions, ExportContext, write_invoices_csv, write_xlsx};
use billing_core::ids::OrgId;
use billing_core::model::{BillingDetails, PaymentMethod, decode_billing_details};
use billing_core::query::{InvoiceQuery, OrgInvoice, run_query};
use chrono::{DateTime, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};

const ROWS: usize = 100_000;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 15, 12, 0, 0)
        .single()
        .unwrap_or_default()
}

/// The export tests' two fixture organizations, their invoices repeated to `ROWS` with
/// distinct IDs.
fn fixture() -> (Vec<OrgId>, Vec<OrgInvoice>, Vec<(OrgId, PaymentMethod)>) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/core/fixtures/export");
    let mut orgs = Vec::new();
    let mut base = Vec::new();
    let mut methods = Vec::new();
    for name in ["org_alpha", "org_beta"] {
        let (Ok(body), Ok(org)) = (
            std::fs::read(format!("{dir}/{name}.json")),
            OrgId::parse(name),
        ) else {
            panic!("the export fixture {name} is missing from {dir}");
        };
        let Ok(BillingDetails {
            invoices,
            payment_methods,
        }) = decode_billing_details(&body)
        else {
            panic!("the export fixture {name} does not decode");
        };
        base.extend(OrgInvoice::rows_for(&org, invoices));
        methods.extend(payment_methods.into_iter().map(|m| (org.clone(), m)));
        orgs.push(org);
    }
    let rows = (0..ROWS)
        .map(|i| {
            let mut row = base[i % base.len()].clone();
            Arc::make_mut(&mut row.invoice).id = Some(format!("in_{i:08}"));
            row
        })
        .collect();
    (orgs, rows, methods)
}

fn bench(c: &mut Criterion) {
    let (orgs, rows, methods) = fixture();
    let ctx = ExportContext::new(&orgs, now());
    let totals = run_query(&rows, &InvoiceQuery::default(), now()).by_currency;
    let mut group = c.benchmark_group("export_100k");
    group.sample_size(10);
    group.bench_function("csv", |b| {
        let mut out = Vec::with_capacity(64 << 20);
        b.iter(|| {
            out.clear();
            black_box(write_invoices_csv(&mut out, &ctx, &rows, CsvOptions::default()).ok())
        })
    });
    group.bench_function("xlsx", |b| {
        let mut out = Vec::with_capacity(16 << 20);
        b.iter(|| {
            out.clear();
            black_box(write_xlsx(&mut out, &ctx, &rows, &methods, &totals).ok())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
