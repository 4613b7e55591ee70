//! The app's invoice-table query path without the web view: `Desk::invoices_query` over an
//! organization of 100k invoices fetched from the real stub, for the same filter and sort
//! changes the window benchmark (scripts/bench-window.sh) makes, with the UI's page size.
//! Comparing the two separates Rust's share of a repaint from IPC and rendering. The "as of"
//! cases time what picking a day in the "As of" control costs in Rust; `new_search_each_time`
//! a search typed for the first time (the filter's pass over every row).
//!
//! `cargo bench -p billing-core --bench desk_query` (add `-- --quick` for a short run).
//! `DESK_QUERY_ORGS=10000 DESK_QUERY_ORG=huge-100` runs the same over 10,000 organizations of
//! 100 invoices each (a million rows, as the window benchmark's `BDESK_BENCH_ORGS`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/core/desk_common/mod.rs"]
mod desk_common;

use std::hint::black_box;
use std::time::Instant;

use billing_core::query::{InvoiceQuery, Sort, SortColumn, SortDirection};
use criterion::{Criterion, criterion_group, criterion_main};

const ORG: &str = "huge-100000";

/// The organizations queried: `ORG`, or `DESK_QUERY_ORGS` tagged copies of `DESK_QUERY_ORG`.
fn orgs() -> Vec<String> {
    let base = std::env::var("DESK_QUERY_ORG").unwrap_or_else(|_| ORG.to_owned());
    match std::env::var("DESK_QUERY_ORGS")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
    {
        Some(count) if count > 1 => (1..=count).map(|i| format!("{base}~{i:05}")).collect(),
        _ => vec![base],
    }
}

fn sorted(column: SortColumn, direction: SortDirection) -> Option<Sort> {
    Some(Sort { column, direction })
}

fn desk_query(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let root = tempfile::tempdir().unwrap();
    let orgs = orgs();
    let (desk, _stub) = runtime.block_on(async {
        let stub = desk_common::stub().await;
        let ids: Vec<&str> = orgs.iter().map(String::as_str).collect();
        let desk = desk_common::connected_desk(&root, &stub, &ids).await;
        desk.fetch_orgs(None, false, |_| {}).await.unwrap();
        (desk, stub)
    });
    let page = |query: InvoiceQuery| InvoiceQuery {
        offset: Some(0),
        limit: Some(90),
        ..query
    };
    let as_of = desk_common::now() - chrono::Duration::days(35);
    let cases = [
        (
            "sort_total",
            page(InvoiceQuery {
                sort: sorted(SortColumn::Total, SortDirection::Asc),
                ..InvoiceQuery::default()
            }),
        ),
        (
            "sort_created_desc",
            page(InvoiceQuery {
                sort: sorted(SortColumn::CreatedAt, SortDirection::Desc),
                ..InvoiceQuery::default()
            }),
        ),
        (
            "overdue_only_sort_status",
            page(InvoiceQuery {
                overdue_only: Some(true),
                sort: sorted(SortColumn::Status, SortDirection::Asc),
                ..InvoiceQuery::default()
            }),
        ),
        (
            "overdue_search_sort_number",
            page(InvoiceQuery {
                overdue_only: Some(true),
                text: Some("12345".into()),
                sort: sorted(SortColumn::Number, SortDirection::Asc),
                ..InvoiceQuery::default()
            }),
        ),
        (
            "all_rows_sort_number",
            page(InvoiceQuery {
                sort: sorted(SortColumn::Number, SortDirection::Asc),
                ..InvoiceQuery::default()
            }),
        ),
        ("all_rows_no_sort", page(InvoiceQuery::default())),
        // The "As of" control: every day picked recomputes overdue, aging and the due
        // months of all 100k rows; `all_rows_no_sort` is the same pass at now.
        (
            "as_of_month_end",
            page(InvoiceQuery {
                as_of: Some(as_of),
                ..InvoiceQuery::default()
            }),
        ),
        (
            "as_of_month_end_sort_days_overdue",
            page(InvoiceQuery {
                as_of: Some(as_of),
                sort: sorted(SortColumn::DaysOverdue, SortDirection::Desc),
                ..InvoiceQuery::default()
            }),
        ),
    ];
    let mut group = c.benchmark_group(if orgs.len() == 1 {
        "desk_query_100k".to_owned()
    } else {
        format!("desk_query_{}_orgs", orgs.len())
    });
    for (name, query) in &cases {
        // The first query of a sort pays for the sort; later ones reuse the kept order.
        let started = Instant::now();
        let first = runtime.block_on(desk.invoices_query(query, desk_common::now()));
        eprintln!(
            "{name}: first query {:.1} ms, {} matched, {} rows, {} bytes of JSON",
            started.elapsed().as_secs_f64() * 1e3,
            first.matched,
            first.rows.len(),
            serde_json::to_vec(&first).unwrap().len()
        );
        group.bench_function(*name, |b| {
            b.iter(|| runtime.block_on(desk.invoices_query(black_box(query), desk_common::now())))
        });
    }
    // A search not asked before: every iteration types another text, so the filter's pass
    // over every row runs each time (kept answers only help the next sort or page).
    let mut typed = 0u64;
    group.bench_function("new_search_each_time", |b| {
        b.iter(|| {
            typed += 1;
            let query = page(InvoiceQuery {
                text: Some(format!("zz{typed}")),
                ..InvoiceQuery::default()
            });
            runtime.block_on(desk.invoices_query(black_box(&query), desk_common::now()))
        })
    });
    group.bench_function("serialize_one_page_to_json", |b| {
        let page = runtime.block_on(desk.invoices_query(&cases[0].1, desk_common::now()));
        b.iter(|| serde_json::to_vec(black_box(&page)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, desk_query);
criterion_main!(benches);
