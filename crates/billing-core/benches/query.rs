//! Filter + sort + totals over 100k invoice rows. Target: under 20 ms.
//!
//! `cargo bench -p billing-core --bench query` (add `-- --quick` for a short run).

use std::hint::black_box;
use std::sync::Arc;

use billing_core::dates::Timestamp;
use billing_core::ids::OrgId;
use billing_core::model::{Invoice, InvoiceStatus};
use billing_core::money::{Currency, MajorAmount};
use billing_core::query::{
    InvoiceQuery, OrgInvoice, QueryCache, Sort, SortColumn, SortDirection, order_is_timeless,
    run_query, run_query_in_order, sorted_order, tiebreak_ranks,
};
use chrono::{DateTime, Duration, TimeZone, Utc};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

const ROWS: usize = 100_000;
const ORGS: usize = 200;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 1, 0, 0, 0)
        .single()
        .unwrap_or_default()
}

/// 100k rows over 200 organizations, 5 currencies, every status, due dates spread over a year.
fn rows() -> Vec<OrgInvoice> {
    let statuses = InvoiceStatus::KNOWN;
    let currencies: Vec<Currency> = ["usd", "eur", "jpy", "kwd", "gbp"]
        .iter()
        .map(|c| Currency::new(c))
        .collect();
    let orgs: Vec<OrgId> = (0..ORGS)
        .filter_map(|i| OrgId::parse(&format!("org_{i:04}")).ok())
        .collect();
    (0..ROWS)
        .map(|i| {
            // Scatter values so sorting is not handed presorted input.
            let scatter = (i as i64).wrapping_mul(2_654_435_761) % 1_000_003;
            let status = statuses[i % statuses.len()].clone();
            let total = 1_000 + scatter % 5_000_000;
            let remaining = if status == InvoiceStatus::Open {
                total / 2
            } else {
                0
            };
            let created =
                now() - Duration::days(scatter % 365) - Duration::minutes(i as i64 % 1440);
            OrgInvoice {
                org: orgs[i % orgs.len()].clone(),
                invoice: Invoice {
                    id: Some(format!("in_{scatter:08}{i:06}")),
                    number: Some(format!("INV-{:08}", scatter)),
                    status: Some(status),
                    currency: Some(currencies[i % currencies.len()].clone()),
                    total: Some(total),
                    amount_due: Some(total),
                    amount_paid: Some(total - remaining),
                    amount_remaining: Some(remaining),
                    created_at: Some(Timestamp::Valid(created)),
                    due_at: Some(Timestamp::Valid(created + Duration::days(30))),
                    period_start: Some(Timestamp::Valid(created - Duration::days(30))),
                    period_end: Some(Timestamp::Valid(created)),
                    hosted_invoice_url: None,
                    invoice_pdf: None,
                }
                .into(),
            }
        })
        .collect()
}

fn sort(column: SortColumn, direction: SortDirection) -> Option<Sort> {
    Some(Sort { column, direction })
}

fn query(c: &mut Criterion) {
    let rows = rows();
    let cases = [
        (
            "totals_only_all_rows_no_sort",
            InvoiceQuery {
                limit: Some(100),
                ..InvoiceQuery::default()
            },
        ),
        (
            "table_page_all_rows_sort_amount_remaining_desc",
            InvoiceQuery {
                sort: sort(SortColumn::AmountRemaining, SortDirection::Desc),
                limit: Some(100),
                ..InvoiceQuery::default()
            },
        ),
        (
            "filter_open_paid_2024_sort_due_full",
            InvoiceQuery {
                statuses: Some(vec![InvoiceStatus::Open, InvoiceStatus::Paid]),
                created_from: Some(now() - Duration::days(200)),
                amount_min: MajorAmount::parse("100").ok(),
                sort: sort(SortColumn::DueAt, SortDirection::Asc),
                ..InvoiceQuery::default()
            },
        ),
        (
            "export_all_rows_sort_number_full",
            InvoiceQuery {
                sort: sort(SortColumn::Number, SortDirection::Asc),
                ..InvoiceQuery::default()
            },
        ),
        (
            "export_all_rows_sort_status_full",
            InvoiceQuery {
                sort: sort(SortColumn::Status, SortDirection::Asc),
                ..InvoiceQuery::default()
            },
        ),
        (
            "overdue_text_search_sort_days_overdue",
            InvoiceQuery {
                overdue_only: Some(true),
                text: Some("inv-00".into()),
                sort: sort(SortColumn::DaysOverdue, SortDirection::Desc),
                limit: Some(100),
                ..InvoiceQuery::default()
            },
        ),
    ];
    let mut group = c.benchmark_group("query_100k");
    for (name, case) in &cases {
        let result = run_query(&rows, case, now());
        eprintln!("{name}: {} of {ROWS} rows matched", result.matched);
        group.bench_function(*name, |b| {
            b.iter(|| run_query(black_box(&rows), black_box(case), now()))
        });
    }
    group.finish();

    // What the app does for the same cases once the sort's order is kept (desk::orders): one
    // pass in that order, no sort. The order itself costs one full sort, made once per sort
    // the user picks on one row set.
    let mut group = c.benchmark_group("query_100k_kept_order");
    for (name, case) in &cases {
        let Some(order) = case
            .sort
            .filter(|sort| order_is_timeless(*sort))
            .map(|sort| sorted_order(&rows, sort, now()))
        else {
            continue;
        };
        group.bench_function(*name, |b| {
            b.iter(|| {
                run_query_in_order(black_box(&rows), black_box(&order), black_box(case), now())
            })
        });
    }
    group.finish();

    // The second click on a header, through the app's cache (QueryCache): the descending
    // order worked out from the kept ascending one, against a sort when no order is kept.
    // Both start from a cache that holds the filter's answer already.
    let rows = Arc::new(rows);
    let ranks = tiebreak_ranks(&rows);
    let mut group = c.benchmark_group("query_100k_second_click");
    for column in [SortColumn::Total, SortColumn::Number, SortColumn::CreatedAt] {
        let first = InvoiceQuery {
            sort: sort(column, SortDirection::Asc),
            limit: Some(100),
            ..InvoiceQuery::default()
        };
        let second = InvoiceQuery {
            sort: sort(column, SortDirection::Desc),
            ..first.clone()
        };
        let unsorted = InvoiceQuery {
            sort: None,
            ..first.clone()
        };
        let name = column.name();
        for (label, before) in [("flipped", &first), ("sorted", &unsorted)] {
            group.bench_function(format!("{name}_desc_{label}"), |b| {
                b.iter_batched(
                    || {
                        let cache = Arc::new(QueryCache::default());
                        cache.run(&rows, &ranks, before, now());
                        cache
                    },
                    |cache| cache.run(black_box(&rows), &ranks, black_box(&second), now()),
                    BatchSize::LargeInput,
                )
            });
        }
    }
    group.finish();
}

criterion_group!(benches, query);
criterion_main!(benches);
