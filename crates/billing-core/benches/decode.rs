//! Decode and normalize 100k invoices (about 52 MB of JSON). Target: under 150 ms.
//!
//! `cargo bench -p billing-core --bench decode` (add `-- --quick` for a short run).

use std::fmt::Write as _;
use std::hint::black_box;

use billing_core::model::decode_billing_details;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const INVOICES: usize = 100_000;

/// A body shaped like the real endpoint's: every field present, realistic lengths (about
/// 520 bytes per invoice), a mix of statuses and currencies.
fn body(invoices: usize) -> String {
    let statuses = [
        "paid",
        "open",
        "draft",
        "void",
        "uncollectible",
        "paid",
        "paid",
    ];
    let currencies = ["usd", "eur", "jpy", "kwd", "gbp"];
    let mut out = String::with_capacity(invoices * 540 + 1024);
    out.push_str("{\"invoices\":[");
    for i in 0..invoices {
        if i > 0 {
            out.push(',');
        }
        let status = statuses[i % statuses.len()];
        let currency = currencies[i % currencies.len()];
        let total = 1_000 + (i as i64 * 7_919) % 5_000_000;
        let paid = if status == "paid" { total } else { 0 };
        let month = 1 + i % 12;
        let day = 1 + i % 28;
        let _ = write!(
            out,
            concat!(
                "{{\"id\":\"in_1P{i:010}AbCdEf\",\"number\":\"ACME-{i:08}\",",
                "\"status\":\"{status}\",\"currency\":\"{currency}\",\"total\":{total},",
                "\"amountDue\":{total},\"amountPaid\":{paid},\"amountRemaining\":{rem},",
                "\"createdAt\":\"2024-{month:02}-{day:02}T10:15:30Z\",",
                "\"dueAt\":\"2024-{month:02}-{day:02}T23:59:59Z\",",
                "\"periodStart\":\"2024-{month:02}-01T00:00:00Z\",",
                "\"periodEnd\":\"2024-{month:02}-{day:02}T00:00:00Z\",",
                "\"hostedInvoiceUrl\":\"https://invoice.stripe.com/i/acct_1Nv0FGQ9RKHgCVdK/",
                "test_YWNjdF8xTnYwRkdROVJLSGd{i:010}\",",
                "\"invoicePdf\":\"https://pay.stripe.com/invoice/acct_1Nv0FGQ9RKHgCVdK/",
                "test_YWNjdF8xTnYwRkdROVJLSGd{i:010}/pdf\"}}"
            ),
            i = i,
            status = status,
            currency = currency,
            total = total,
            paid = paid,
            rem = total - paid,
            month = month,
            day = day,
        );
    }
    out.push_str("],\"paymentMethods\":[{\"id\":\"pm_1\",\"type\":\"card\",\"brand\":\"visa\",");
    out.push_str("\"last4\":\"4242\",\"expMonth\":12,\"expYear\":2030,\"isDefault\":true}]}");
    out
}

fn decode(c: &mut Criterion) {
    let body = body(INVOICES);
    eprintln!(
        "decode bench: {INVOICES} invoices, {:.1} MB of JSON",
        body.len() as f64 / 1_000_000.0
    );
    let check = decode_billing_details(body.as_bytes());
    assert!(
        check.as_ref().is_ok_and(|d| d.invoices.len() == INVOICES),
        "the generated body must decode fully: {:?}",
        check.err()
    );
    let mut group = c.benchmark_group("decode");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(body.len() as u64));
    // Freeing 100k invoices is not decoding; keep it out of the timing.
    group.bench_function("billing_details_100k_invoices", |b| {
        b.iter_with_large_drop(|| decode_billing_details(black_box(body.as_bytes())))
    });
    // Baseline: the cheapest possible full read of the same bytes (syntax check only), to
    // show how much of the time is JSON parsing itself.
    group.bench_function("baseline_json_syntax_only", |b| {
        b.iter(|| serde_json::from_slice::<serde::de::IgnoredAny>(black_box(body.as_bytes())))
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
