//! Property tests for the invoice query: totals equal the sum of the matched rows per
//! currency, a sort is an ordered permutation of the filtered set, pages are slices of it, and
//! a query answered from a kept sort order equals one that sorts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::cmp::Ordering;
use std::collections::BTreeMap;

use billing_core::dates::Timestamp;
use billing_core::ids::OrgId;
use billing_core::model::{Invoice, InvoiceStatus};
use billing_core::money::{Currency, MajorAmount, format_major};
use billing_core::query::{
    InvoiceQuery, OrgInvoice, Sort, SortColumn, SortDirection, run_query, run_query_in_order,
    sorted_order, sorted_order_ranked, tiebreak_ranks,
};
use chrono::{DateTime, TimeZone, Utc};
use proptest::option::of;
use proptest::prelude::*;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 1, 0, 0, 0).unwrap()
}

fn timestamp() -> impl Strategy<Value = Option<Timestamp>> {
    of(prop_oneof![
        8 => (0i64..400).prop_map(|days| Timestamp::Valid(now() - chrono::Duration::days(days - 100))),
        1 => "[a-z]{0,4}".prop_map(Timestamp::Invalid),
    ])
}

fn amount() -> impl Strategy<Value = Option<i64>> {
    of(
        prop_oneof![8 => -1_000i64..100_000, 1 => any::<i64>(), 1 => Just(i64::MIN), 1 => Just(i64::MAX)],
    )
}

fn row() -> impl Strategy<Value = OrgInvoice> {
    (
        prop_oneof![Just("acme"), Just("beta"), Just("gamma")],
        of("[a-c]{1,2}"),
        of(prop_oneof![
            Just(InvoiceStatus::Draft),
            Just(InvoiceStatus::Open),
            Just(InvoiceStatus::Open),
            Just(InvoiceStatus::Paid),
            Just(InvoiceStatus::Void),
            Just(InvoiceStatus::Uncollectible),
            Just(InvoiceStatus::Unknown("odd".into())),
        ]),
        of(prop_oneof![Just("usd"), Just("jpy"), Just("kwd")]),
        (amount(), amount(), amount(), amount()),
        (timestamp(), timestamp(), timestamp()),
    )
        .prop_map(|(org, id, status, currency, amounts, dates)| OrgInvoice {
            org: OrgId::parse(org).unwrap(),
            invoice: Invoice {
                number: id.as_ref().map(|i| format!("N-{i}")),
                id,
                status,
                currency: currency.map(Currency::new),
                total: amounts.0,
                amount_due: amounts.1,
                amount_paid: amounts.2,
                amount_remaining: amounts.3,
                created_at: dates.0,
                due_at: dates.1,
                period_end: dates.2,
                ..Invoice::default()
            }
            .into(),
        })
}

fn query() -> impl Strategy<Value = InvoiceQuery> {
    (
        of(proptest::sample::subsequence(
            vec!["acme", "beta", "gamma"],
            0..=3,
        )),
        of(proptest::sample::subsequence(
            vec![
                InvoiceStatus::Open,
                InvoiceStatus::Paid,
                InvoiceStatus::Draft,
            ],
            0..=3,
        )),
        of(prop_oneof![Just("usd"), Just("JPY")]),
        (of(-1_000i64..50_000), of(0i64..100_000)),
        of(any::<bool>()),
        of("[a-c]{0,1}"),
        (of(-150i64..150), of(-150i64..150)),
        of((
            proptest::sample::select(SortColumn::ALL.to_vec()),
            any::<bool>(),
        )),
    )
        .prop_map(
            |(orgs, statuses, currency, (min, max), overdue, text, (from, to), sort)| {
                let day = |d: i64| now() + chrono::Duration::days(d);
                InvoiceQuery {
                    orgs: orgs.map(|o| o.into_iter().map(|o| OrgId::parse(o).unwrap()).collect()),
                    statuses,
                    currency: currency.map(Currency::new),
                    amount_min: min.map(major),
                    amount_max: max.map(major),
                    overdue_only: overdue,
                    text,
                    due_from: from.map(day),
                    created_to: to.map(day),
                    sort: sort.map(|(column, desc)| Sort {
                        column,
                        direction: if desc {
                            SortDirection::Desc
                        } else {
                            SortDirection::Asc
                        },
                    }),
                    ..InvoiceQuery::default()
                }
            },
        )
}

/// Reference ordering of the primary column, written independently of the library: returns
/// (class, value) where class 0 = present, 1 = unparsable date, 2 = missing.
fn primary(row: &OrgInvoice, column: SortColumn) -> (u8, String, i128) {
    let inv = &row.invoice;
    let num =
        |v: Option<i64>| v.map_or((2, String::new(), 0), |v| (0, String::new(), i128::from(v)));
    let text = |v: Option<&str>| v.map_or((2, String::new(), 0), |v| (0, v.to_owned(), 0));
    let date = |v: &Option<Timestamp>| match v {
        Some(Timestamp::Valid(d)) => (0, String::new(), i128::from(d.timestamp())),
        Some(Timestamp::Invalid(raw)) => (1, raw.clone(), 0),
        None => (2, String::new(), 0),
    };
    match column {
        SortColumn::Org => (0, row.org.as_str().to_owned(), 0),
        SortColumn::Number => text(inv.number.as_deref()),
        SortColumn::Id => text(inv.id.as_deref()),
        SortColumn::Status => inv.status.as_ref().map_or((2, String::new(), 0), |s| {
            let rank = InvoiceStatus::KNOWN
                .iter()
                .position(|k| k == s)
                .unwrap_or(5);
            (0, s.as_str().to_owned(), rank as i128)
        }),
        SortColumn::Currency => text(inv.currency.as_ref().map(Currency::as_str)),
        SortColumn::Total => num(inv.total),
        SortColumn::AmountDue => num(inv.amount_due),
        SortColumn::AmountPaid => num(inv.amount_paid),
        SortColumn::AmountRemaining => num(inv.amount_remaining),
        SortColumn::CreatedAt => date(&inv.created_at),
        SortColumn::DueAt => date(&inv.due_at),
        SortColumn::PeriodStart => date(&inv.period_start),
        SortColumn::PeriodEnd => date(&inv.period_end),
        SortColumn::DaysOverdue => num(inv.days_overdue(now())),
    }
}

/// A bound of cents, as the decimal text a user types (`-3.50`).
fn major(cents: i64) -> MajorAmount {
    MajorAmount::parse(&format_major(cents, &Currency::new("usd"))).unwrap()
}

fn in_order(a: &OrgInvoice, b: &OrgInvoice, sort: Sort) -> Ordering {
    // Amount columns sort currency by currency, by code, invoices without one last.
    let group = |r: &OrgInvoice| {
        let code = r.invoice.currency.as_ref().map(|c| c.as_str().to_owned());
        (code.is_none(), code)
    };
    let by_currency = if sort.column.is_amount() {
        group(a).cmp(&group(b))
    } else {
        Ordering::Equal
    };
    let (ka, kb) = (primary(a, sort.column), primary(b, sort.column));
    let value_order = (ka.2, &ka.1).cmp(&(kb.2, &kb.1));
    by_currency
        .then(ka.0.cmp(&kb.0))
        .then(match (ka.0, sort.direction) {
            (0, SortDirection::Desc) => value_order.reverse(),
            (0 | 1, _) => value_order,
            _ => Ordering::Equal,
        })
}

/// Per currency: (count, total, counted totals, paid, remaining, aged remaining).
type Expected = (u64, i128, u64, i128, i128, i128);

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn totals_equal_the_sum_of_matched_rows(rows in proptest::collection::vec(row(), 0..60), query in query()) {
        let result = run_query(&rows, &query, now());
        let matched: Vec<&OrgInvoice> = rows.iter().filter(|r| query.matches(r, now())).collect();
        prop_assert_eq!(result.matched, matched.len());

        let mut expected: BTreeMap<Option<String>, Expected> = BTreeMap::new();
        for row in &matched {
            let inv = &row.invoice;
            let entry = expected.entry(inv.currency.as_ref().map(|c| c.as_str().to_owned())).or_default();
            entry.0 += 1;
            entry.1 += inv.total.map_or(0, i128::from);
            entry.2 += u64::from(inv.total.is_some());
            entry.3 += inv.amount_paid.map_or(0, i128::from);
            entry.4 += inv.amount_remaining.map_or(0, i128::from);
            if inv.status == Some(InvoiceStatus::Open) && inv.amount_remaining.is_some_and(|r| r > 0) {
                entry.5 += inv.amount_remaining.map_or(0, i128::from);
            }
        }
        prop_assert_eq!(result.by_currency.len(), expected.len(), "one group per currency present");
        for summary in &result.by_currency {
            let key = summary.currency.as_ref().map(|c| c.as_str().to_owned());
            let want = expected.get(&key).copied().unwrap();
            let aged: i128 = summary.aging.iter().map(|a| a.minor).sum();
            let got = (summary.count, summary.total.minor, summary.total.counted,
                       summary.amount_paid.minor, summary.amount_remaining.minor, aged);
            prop_assert_eq!(got, want, "currency {:?}", key);
        }
    }

    #[test]
    fn sort_is_an_ordered_permutation_and_pages_are_slices(
        rows in proptest::collection::vec(row(), 0..60),
        query in query(),
        offset in 0usize..25,
        limit in 0usize..25,
    ) {
        let full = run_query(&rows, &InvoiceQuery { offset: None, limit: None, ..query.clone() }, now());
        let mut expected: Vec<usize> = (0..rows.len()).filter(|&i| query.matches(&rows[i], now())).collect();
        let mut got = full.page.clone();
        got.sort_unstable();
        expected.sort_unstable();
        prop_assert_eq!(&got, &expected, "the sorted page is a permutation of the filtered set");

        if let Some(sort) = query.sort {
            for pair in full.page.windows(2) {
                let (a, b) = (&rows[pair[0]], &rows[pair[1]]);
                let order = in_order(a, b, sort)
                    .then_with(|| a.org.cmp(&b.org))
                    .then_with(|| match (&a.invoice.id, &b.invoice.id) {
                        (Some(x), Some(y)) => x.cmp(y),
                        (Some(_), None) => Ordering::Less,
                        (None, Some(_)) => Ordering::Greater,
                        (None, None) => Ordering::Equal,
                    })
                    .then(pair[0].cmp(&pair[1]));
                prop_assert_eq!(order, Ordering::Less, "rows {} then {} out of order for {:?}", pair[0], pair[1], sort);
            }
        } else {
            prop_assert!(full.page.windows(2).all(|p| p[0] < p[1]), "no sort keeps input order");
        }

        let paged = run_query(&rows, &InvoiceQuery { offset: Some(offset), limit: Some(limit), ..query }, now());
        let start = offset.min(full.page.len());
        let end = (offset + limit).min(full.page.len());
        prop_assert_eq!(&paged.page[..], &full.page[start..end], "a page is a slice of the full order");
    }

    #[test]
    fn a_kept_sort_order_answers_every_query_like_a_fresh_sort(
        rows in proptest::collection::vec(row(), 0..60),
        query in query(),
        offset in proptest::option::of(0usize..25),
        limit in proptest::option::of(0usize..25),
    ) {
        let query = InvoiceQuery { offset, limit, ..query };
        let order: Vec<usize> = match query.sort {
            Some(sort) => sorted_order(&rows, sort, now()),
            None => (0..rows.len()).collect(),
        };
        if let Some(sort) = query.sort {
            prop_assert_eq!(
                &sorted_order_ranked(&rows, sort, now(), &tiebreak_ranks(&rows)),
                &order,
                "ties settled by ranks give the same order"
            );
        }
        let mut all: Vec<usize> = order.clone();
        all.sort_unstable();
        prop_assert_eq!(all, (0..rows.len()).collect::<Vec<_>>(), "the kept order is a permutation of every row");
        prop_assert_eq!(
            run_query_in_order(&rows, &order, &query, now()),
            run_query(&rows, &query, now()),
            "the same page, count and totals as sorting the filtered rows"
        );
    }
}
