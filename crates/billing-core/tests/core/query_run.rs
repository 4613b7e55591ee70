//! The invoice query: every filter, sort and total rule from the `query` module docs.
#![allow(clippy::unwrap_used, clippy::expect_used)]
// Every sample row ends in `..BASE`, even when complete, so the table reads uniformly.
#![allow(clippy::needless_update)]

use billing_core::dates::Timestamp;
use billing_core::fields::InvoiceField;
use billing_core::ids::OrgId;
use billing_core::model::{Invoice, InvoiceStatus};
use billing_core::money::{Currency, MajorAmount};
use billing_core::query::{
    InvoiceQuery, OrgInvoice, QueryResult, Sort, SortColumn, SortDirection, run_query, status_facet,
};
use chrono::{DateTime, Utc};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn now() -> DateTime<Utc> {
    at("2024-06-01T00:00:00Z")
}

fn org(id: &str) -> OrgId {
    OrgId::parse(id).unwrap()
}

struct Row {
    org: &'static str,
    id: Option<&'static str>,
    number: Option<&'static str>,
    status: Option<&'static str>,
    currency: Option<&'static str>,
    total: Option<i64>,
    paid: Option<i64>,
    remaining: Option<i64>,
    created: Option<&'static str>,
    due: Option<&'static str>,
}

const BASE: Row = Row {
    org: "acme",
    id: None,
    number: None,
    status: None,
    currency: None,
    total: None,
    paid: None,
    remaining: None,
    created: None,
    due: None,
};

fn build(rows: &[Row]) -> Vec<OrgInvoice> {
    rows.iter()
        .map(|r| OrgInvoice {
            org: org(r.org),
            invoice: Invoice {
                id: r.id.map(Into::into),
                number: r.number.map(Into::into),
                status: r.status.map(InvoiceStatus::parse),
                currency: r.currency.map(Currency::new),
                total: r.total,
                amount_due: r.remaining,
                amount_paid: r.paid,
                amount_remaining: r.remaining,
                created_at: r.created.map(Timestamp::parse),
                due_at: r.due.map(Timestamp::parse),
                ..Invoice::default()
            }
            .into(),
        })
        .collect()
}

/// Ten rows over three orgs and three currencies (plus one without), with gaps on purpose.
fn sample() -> Vec<OrgInvoice> {
    build(&[
        // 0: overdue 31 days
        Row {
            id: Some("in_a1"),
            number: Some("ACME-001"),
            status: Some("open"),
            currency: Some("usd"),
            total: Some(10_000),
            paid: Some(0),
            remaining: Some(10_000),
            created: Some("2024-04-01T00:00:00Z"),
            due: Some("2024-05-01T00:00:00Z"),
            ..BASE
        },
        // 1: paid
        Row {
            id: Some("in_a2"),
            number: Some("ACME-002"),
            status: Some("paid"),
            currency: Some("usd"),
            total: Some(5_000),
            paid: Some(5_000),
            remaining: Some(0),
            created: Some("2024-05-01T00:00:00Z"),
            due: Some("2024-05-31T00:00:00Z"),
            ..BASE
        },
        // 2: open, not yet due
        Row {
            org: "beta",
            id: Some("in_b1"),
            number: Some("BETA-Ünï"),
            status: Some("open"),
            currency: Some("jpy"),
            total: Some(150_000),
            paid: Some(0),
            remaining: Some(150_000),
            created: Some("2024-05-20T00:00:00Z"),
            due: Some("2024-06-20T00:00:00Z"),
            ..BASE
        },
        // 3: open, overdue 100 days, KWD
        Row {
            org: "beta",
            id: Some("in_b2"),
            number: Some("BETA-002"),
            status: Some("open"),
            currency: Some("kwd"),
            total: Some(1_234),
            paid: Some(0),
            remaining: Some(1_234),
            created: Some("2024-01-01T00:00:00Z"),
            due: Some("2024-02-22T00:00:00Z"),
            ..BASE
        },
        // 4: unknown status, missing amounts, invalid created date
        Row {
            org: "beta",
            id: Some("in_b3"),
            number: Some("BETA-003"),
            status: Some("refunded_partially"),
            currency: Some("usd"),
            created: Some("not a date"),
            ..BASE
        },
        // 5: no currency, no status
        Row {
            org: "gamma",
            id: Some("in_c1"),
            number: Some("G-1"),
            total: Some(700),
            paid: Some(0),
            remaining: Some(700),
            created: Some("2024-05-15T00:00:00Z"),
            ..BASE
        },
        // 6: void, usd, no id
        Row {
            org: "gamma",
            number: Some("G-2"),
            status: Some("void"),
            currency: Some("usd"),
            total: Some(300),
            paid: Some(0),
            remaining: Some(0),
            created: Some("2024-03-01T00:00:00Z"),
            ..BASE
        },
        // 7: open, overdue 61 days, usd
        Row {
            org: "gamma",
            id: Some("in_c3"),
            number: Some("G-3"),
            status: Some("open"),
            currency: Some("usd"),
            total: Some(2_000),
            paid: Some(500),
            remaining: Some(1_500),
            created: Some("2024-02-01T00:00:00Z"),
            due: Some("2024-04-01T00:00:00Z"),
            ..BASE
        },
        // 8: draft with the same total as row 1 (tie on total)
        Row {
            id: Some("in_a0"),
            number: Some("ACME-000"),
            status: Some("draft"),
            currency: Some("usd"),
            total: Some(5_000),
            created: Some("2024-05-25T00:00:00Z"),
            ..BASE
        },
        // 9: uncollectible, open amounts but not outstanding
        Row {
            org: "beta",
            id: Some("in_b4"),
            number: Some("BETA-004"),
            status: Some("uncollectible"),
            currency: Some("jpy"),
            total: Some(9_000),
            paid: Some(0),
            remaining: Some(9_000),
            created: Some("2023-12-01T00:00:00Z"),
            due: Some("2024-01-01T00:00:00Z"),
            ..BASE
        },
    ])
}

fn run(query: &InvoiceQuery) -> QueryResult {
    run_query(&sample(), query, now())
}

fn ids(rows: &[OrgInvoice], result: &QueryResult) -> Vec<String> {
    result
        .page_rows(rows)
        .map(|r| r.invoice.id.clone().unwrap_or_else(|| "-".into()))
        .collect()
}

fn sorted(column: SortColumn, direction: SortDirection) -> Vec<String> {
    let rows = sample();
    let query = InvoiceQuery {
        sort: Some(Sort { column, direction }),
        ..InvoiceQuery::default()
    };
    ids(&rows, &run_query(&rows, &query, now()))
}

#[test]
fn default_query_returns_everything_in_input_order() {
    let result = run(&InvoiceQuery::default());
    assert_eq!(result.matched, 10);
    assert_eq!(
        result.page,
        (0..10).collect::<Vec<_>>(),
        "no sort keeps input order"
    );
}

#[test]
fn org_filter_and_empty_lists_mean_no_filter() {
    let query = InvoiceQuery {
        orgs: Some(vec![org("beta"), org("gamma")]),
        ..InvoiceQuery::default()
    };
    assert_eq!(run(&query).page, vec![2, 3, 4, 5, 6, 7, 9]);
    let empty = InvoiceQuery {
        orgs: Some(vec![]),
        statuses: Some(vec![]),
        text: Some("   ".into()),
        ..InvoiceQuery::default()
    };
    assert_eq!(
        run(&empty).matched,
        10,
        "empty lists and blank text do not filter"
    );
    let many: Vec<OrgId> = (0..50)
        .map(|i| org(&format!("org{i}")))
        .chain([org("gamma")])
        .collect();
    let query = InvoiceQuery {
        orgs: Some(many),
        ..InvoiceQuery::default()
    };
    assert_eq!(
        run(&query).page,
        vec![5, 6, 7],
        "large org lists work the same"
    );
}

#[test]
fn status_filter_matches_known_and_unknown_and_skips_missing() {
    let query = InvoiceQuery {
        statuses: Some(vec![
            InvoiceStatus::Open,
            InvoiceStatus::Unknown("refunded_partially".into()),
        ]),
        ..InvoiceQuery::default()
    };
    assert_eq!(run(&query).page, vec![0, 2, 3, 4, 7], "row 5 has no status");
}

#[test]
fn text_filter_is_case_insensitive_on_number_or_id() {
    let query = |text: &str| InvoiceQuery {
        text: Some(text.into()),
        ..InvoiceQuery::default()
    };
    assert_eq!(
        run(&query("acme-00")).page,
        vec![0, 1, 8],
        "number, any case"
    );
    assert_eq!(run(&query("IN_C")).page, vec![5, 7], "id, any case");
    assert_eq!(
        run(&query("üNÏ")).page,
        vec![2],
        "non-ASCII text folds case too"
    );
    assert_eq!(
        run(&query("g-2")).page,
        vec![6],
        "a row without id still matches its number"
    );
    assert_eq!(run(&query("nothing")).matched, 0);
}

#[test]
fn date_ranges_are_half_open_and_skip_missing_or_invalid() {
    let query = InvoiceQuery {
        created_from: Some(at("2024-05-01T00:00:00Z")),
        created_to: Some(at("2024-05-25T00:00:00Z")),
        ..InvoiceQuery::default()
    };
    assert_eq!(
        run(&query).page,
        vec![1, 2, 5],
        "from inclusive, to exclusive; row 4 invalid"
    );
    let query = InvoiceQuery {
        due_to: Some(at("2024-04-01T00:00:01Z")),
        ..InvoiceQuery::default()
    };
    assert_eq!(
        run(&query).page,
        vec![3, 7, 9],
        "rows without a due date never match"
    );
}

fn amount(text: &str) -> Option<MajorAmount> {
    Some(MajorAmount::parse(text).unwrap())
}

#[test]
fn amount_range_is_inclusive_on_total_in_each_currency_s_major_units() {
    let query = InvoiceQuery {
        amount_min: amount("20"),
        amount_max: amount("50"),
        ..InvoiceQuery::default()
    };
    assert_eq!(
        run(&query).page,
        vec![1, 7, 8],
        "USD 20.00 and 50.00 are in; JPY 9000 and KWD 1.234 are out"
    );
    let query = InvoiceQuery {
        amount_min: amount("1.234"),
        amount_max: amount("9000"),
        ..InvoiceQuery::default()
    };
    assert_eq!(
        run(&query).page,
        vec![0, 1, 3, 6, 7, 8, 9],
        "KWD 1.234 and JPY 9000 are exactly on the bounds; no total or no currency, no match"
    );
    let query = InvoiceQuery {
        amount_min: amount("3.001"),
        ..InvoiceQuery::default()
    };
    assert!(
        !run(&query).page.contains(&6),
        "USD 3.00 is below 3.001: bounds are compared exactly, not rounded to cents"
    );
    let json: InvoiceQuery = serde_json::from_str(r#"{"amountMin":"10.50"}"#).unwrap();
    assert_eq!(json.amount_min, amount("10.5"), "sent as decimal text");
}

#[test]
fn currency_filter_and_overdue_only() {
    let query: InvoiceQuery =
        serde_json::from_str(r#"{"currency":"usd","overdueOnly":true}"#).unwrap();
    assert_eq!(
        query.currency,
        Some(Currency::new("USD")),
        "currency is normalized"
    );
    assert_eq!(run(&query).page, vec![0, 7], "usd and overdue");
    let query = InvoiceQuery {
        overdue_only: Some(true),
        ..InvoiceQuery::default()
    };
    assert_eq!(
        run(&query).page,
        vec![0, 3, 7],
        "uncollectible is not overdue"
    );
}

#[test]
fn sort_by_total_groups_currencies_breaks_ties_by_org_then_id_and_puts_missing_last() {
    assert_eq!(
        sorted(SortColumn::Total, SortDirection::Asc),
        [
            "in_b4", "in_b1", "in_b2", "-", "in_c3", "in_a0", "in_a2", "in_a1", "in_b3", "in_c1"
        ],
        "JPY, KWD, USD, then no currency; ties at USD 50.00: acme in_a0 before acme in_a2; \
         the USD row without a total last among USD"
    );
    assert_eq!(
        sorted(SortColumn::Total, SortDirection::Desc),
        [
            "in_b1", "in_b4", "in_b2", "in_a1", "in_a0", "in_a2", "in_c3", "-", "in_b3", "in_c1"
        ],
        "descending reverses the amounts, not the currencies or the tie-breaker"
    );
}

#[test]
fn sorting_by_any_amount_column_never_interleaves_currencies() {
    let rows = sample();
    for column in SortColumn::ALL.into_iter().filter(|c| c.is_amount()) {
        for direction in [SortDirection::Asc, SortDirection::Desc] {
            let query = InvoiceQuery {
                sort: Some(Sort { column, direction }),
                ..InvoiceQuery::default()
            };
            let result = run_query(&rows, &query, now());
            let order: Vec<&OrgInvoice> = result.page_rows(&rows).collect();
            let currencies: Vec<Option<&str>> = order
                .iter()
                .map(|r| r.invoice.currency.as_ref().map(Currency::as_str))
                .collect();
            let mut groups = currencies.clone();
            groups.dedup();
            assert_eq!(
                groups,
                [Some("JPY"), Some("KWD"), Some("USD"), None],
                "{column:?} {direction:?}: one run per currency, by code, none last"
            );
            let amount = |r: &OrgInvoice| match column {
                SortColumn::Total => r.invoice.total,
                SortColumn::AmountDue => r.invoice.amount_due,
                SortColumn::AmountPaid => r.invoice.amount_paid,
                _ => r.invoice.amount_remaining,
            };
            for pair in order.windows(2) {
                if pair[0].invoice.currency != pair[1].invoice.currency {
                    continue;
                }
                let (a, b) = (amount(pair[0]), amount(pair[1]));
                let in_order = match (a, b, direction) {
                    (Some(a), Some(b), SortDirection::Asc) => a <= b,
                    (Some(a), Some(b), SortDirection::Desc) => a >= b,
                    (_, None, _) => true,
                    (None, Some(_), _) => false,
                };
                assert!(
                    in_order,
                    "{column:?} {direction:?}: {a:?} then {b:?} within one currency"
                );
            }
        }
    }
}

#[test]
fn sort_column_names_are_the_csv_header_names() {
    let header: Vec<&str> = InvoiceField::ALL.iter().map(|c| c.name()).collect();
    for column in SortColumn::ALL {
        assert!(
            header.contains(&column.name()),
            "{column:?} is named as in the CSV header: {}",
            column.name()
        );
        assert_eq!(
            serde_json::to_value(column).unwrap(),
            serde_json::json!(column.name()),
            "and as in the app's queries"
        );
        assert_eq!(SortColumn::from_name(column.name()), Some(column));
        assert_eq!(
            SortColumn::from_name(&column.name().to_uppercase()),
            Some(column),
            "any case"
        );
    }
    assert_eq!(SortColumn::from_name("agingBucket"), None, "not sortable");
}

#[test]
fn status_facet_offers_the_known_statuses_then_every_unknown_one_once() {
    let mut rows = sample();
    rows.extend(build(&[
        Row {
            status: Some("in_review"),
            ..BASE
        },
        Row {
            status: Some("refunded_partially"),
            ..BASE
        },
    ]));
    let facet = status_facet(rows.iter().filter_map(|r| r.invoice.status.as_ref()));
    let mut expected = InvoiceStatus::KNOWN.to_vec();
    expected.push(InvoiceStatus::Unknown("in_review".into()));
    expected.push(InvoiceStatus::Unknown("refunded_partially".into()));
    assert_eq!(
        facet, expected,
        "lifecycle order, then unknown statuses by their text, each once"
    );
    assert_eq!(
        status_facet([]),
        InvoiceStatus::KNOWN.to_vec(),
        "the known statuses are offered even before any row is loaded"
    );
    let unknown = InvoiceStatus::Unknown("in_review".into());
    let query = InvoiceQuery {
        statuses: Some(vec![unknown]),
        ..InvoiceQuery::default()
    };
    let rows_found = run_query(&rows, &query, now());
    assert_eq!(
        rows_found.page,
        vec![10],
        "picking the unknown status from the facet finds its rows"
    );
}

#[test]
fn sort_by_dates_puts_invalid_after_valid_and_missing_last() {
    let asc = sorted(SortColumn::CreatedAt, SortDirection::Asc);
    assert_eq!(
        asc.first().map(String::as_str),
        Some("in_b4"),
        "oldest first"
    );
    assert_eq!(
        asc.last().map(String::as_str),
        Some("in_b3"),
        "invalid date after valid ones"
    );
    let desc = sorted(SortColumn::CreatedAt, SortDirection::Desc);
    assert_eq!(
        desc.first().map(String::as_str),
        Some("in_a0"),
        "newest first"
    );
    assert_eq!(
        desc.last().map(String::as_str),
        Some("in_b3"),
        "invalid stays last"
    );
    let due = sorted(SortColumn::DueAt, SortDirection::Desc);
    assert_eq!(
        due,
        [
            "in_b1", "in_a2", "in_a1", "in_c3", "in_b2", "in_b4", "in_a0", "in_b3", "in_c1", "-"
        ],
        "latest due first; rows without a due date last, by org then id, missing id last"
    );
}

#[test]
fn sort_by_status_follows_lifecycle_then_unknown_then_missing() {
    assert_eq!(
        sorted(SortColumn::Status, SortDirection::Asc),
        [
            "in_a0", "in_a1", "in_b1", "in_b2", "in_c3", "in_a2", "in_b4", "-", "in_b3", "in_c1"
        ],
        "draft, open (by org, id), paid, uncollectible, void, unknown, missing"
    );
}

#[test]
fn days_overdue_range_keeps_overdue_invoices_in_it_both_ends_inclusive() {
    let range = |min: Option<u32>, max: Option<u32>| {
        run(&InvoiceQuery {
            days_overdue_min: min,
            days_overdue_max: max,
            ..InvoiceQuery::default()
        })
        .page
    };
    assert_eq!(range(Some(31), Some(60)), vec![0], "31 days, the first day");
    assert_eq!(range(Some(1), Some(31)), vec![0], "31 days, the last day");
    assert_eq!(range(Some(61), None), vec![3, 7], "61 and 100 days");
    assert_eq!(range(None, Some(61)), vec![0, 7], "never the not-yet-due");
    assert_eq!(range(Some(101), None), Vec::<usize>::new());
    let json: InvoiceQuery =
        serde_json::from_str(r#"{"daysOverdueMin":61,"daysOverdueMax":90}"#).unwrap();
    assert_eq!(run(&json).page, vec![7], "the UI's camelCase names");
}

#[test]
fn sort_by_days_overdue_puts_not_overdue_last() {
    let desc = sorted(SortColumn::DaysOverdue, SortDirection::Desc);
    assert_eq!(desc[..3], ["in_b2", "in_c3", "in_a1"], "100, 61, 31 days");
    let asc = sorted(SortColumn::DaysOverdue, SortDirection::Asc);
    assert_eq!(asc[..3], ["in_a1", "in_c3", "in_b2"]);
}

#[test]
fn every_column_sorts_every_row() {
    for column in SortColumn::ALL {
        for direction in [SortDirection::Asc, SortDirection::Desc] {
            let mut got = sorted(column, direction);
            got.sort();
            let mut all: Vec<String> = sample()
                .iter()
                .map(|r| r.invoice.id.clone().unwrap_or_else(|| "-".into()))
                .collect();
            all.sort();
            assert_eq!(
                got, all,
                "{column:?} {direction:?} is a permutation of the rows"
            );
        }
    }
    assert_eq!(
        sorted(SortColumn::Org, SortDirection::Desc)[..3],
        ["in_c1", "in_c3", "-"],
        "gamma first, then by id within the org, missing id last"
    );
}

#[test]
fn paging_slices_the_sorted_rows() {
    let rows = sample();
    let order = Some(Sort {
        column: SortColumn::Number,
        direction: SortDirection::Asc,
    });
    let full = run_query(
        &rows,
        &InvoiceQuery {
            sort: order,
            ..InvoiceQuery::default()
        },
        now(),
    );
    for offset in 0..11 {
        for limit in 0..11 {
            let query = InvoiceQuery {
                sort: order,
                offset: Some(offset),
                limit: Some(limit),
                ..InvoiceQuery::default()
            };
            let page = run_query(&rows, &query, now());
            let end = (offset + limit).min(10);
            let start = offset.min(10);
            assert_eq!(
                page.page,
                full.page[start..end],
                "offset {offset} limit {limit}"
            );
            assert_eq!(page.matched, 10, "matched counts all pages");
            assert_eq!(page.by_currency, full.by_currency, "totals ignore paging");
        }
    }
}

#[test]
fn totals_are_per_currency_with_missing_amounts_left_out() {
    let result = run(&InvoiceQuery::default());
    let codes: Vec<Option<&str>> = result
        .by_currency
        .iter()
        .map(|s| s.currency.as_ref().map(Currency::as_str))
        .collect();
    assert_eq!(
        codes,
        [Some("JPY"), Some("KWD"), Some("USD"), None],
        "by code, none last"
    );

    let usd = &result.by_currency[2];
    assert_eq!(usd.count, 6, "rows 0, 1, 4, 6, 7, 8");
    assert_eq!(usd.total.minor, 10_000 + 5_000 + 300 + 2_000 + 5_000);
    assert_eq!(
        usd.total.counted, 5,
        "row 4 has no total and is left out, not zero"
    );
    assert_eq!(usd.amount_paid.minor, 5_000 + 500);
    assert_eq!(
        usd.amount_paid.counted, 4,
        "rows 4 and 8 have no paid amount"
    );
    assert_eq!(usd.amount_remaining.minor, 10_000 + 1_500);

    let jpy = &result.by_currency[0];
    assert_eq!(jpy.total.minor, 159_000, "JPY is never added to USD");

    let none = &result.by_currency[3];
    assert_eq!(
        (none.count, none.total.minor),
        (1, 700),
        "currency-less rows stand apart"
    );
}

#[test]
fn aging_adds_outstanding_remaining_by_bucket() {
    let result = run(&InvoiceQuery::default());
    let names = ["current", "days1To30", "days31To60", "days61To90", "over90"];
    let bucket = |code: &str, bucket: &str| {
        let summary = result
            .by_currency
            .iter()
            .find(|s| s.currency.as_ref().map(Currency::as_str) == Some(code))
            .unwrap();
        let index = names.iter().position(|n| *n == bucket).unwrap();
        let slot = &summary.aging[index];
        assert_eq!(
            slot.bucket, bucket,
            "aging entries are in the scale's order"
        );
        (slot.minor, slot.count)
    };
    assert_eq!(bucket("USD", "days31To60"), (10_000, 1), "row 0: 31 days");
    assert_eq!(bucket("USD", "days61To90"), (1_500, 1), "row 7: 61 days");
    assert_eq!(
        bucket("USD", "current"),
        (0, 0),
        "paid and void are not aged"
    );
    assert_eq!(bucket("JPY", "current"), (150_000, 1), "not yet due");
    assert_eq!(bucket("JPY", "over90"), (0, 0), "uncollectible is not aged");
    assert_eq!(bucket("KWD", "over90"), (1_234, 1), "row 3: 100 days");
}

#[test]
fn query_and_result_speak_camel_case_json() {
    let query: InvoiceQuery = serde_json::from_str(
        r#"{"statuses":["open","mystery"],"sort":{"column":"amountDue","direction":"desc"},
            "createdFrom":"2024-01-01T00:00:00Z","limit":2}"#,
    )
    .unwrap();
    assert_eq!(
        query.statuses,
        Some(vec![
            InvoiceStatus::Open,
            InvoiceStatus::Unknown("mystery".into())
        ])
    );
    assert_eq!(query.sort.unwrap().column, SortColumn::AmountDue);
    let bare: Sort = serde_json::from_str(r#"{"column":"daysOverdue"}"#).unwrap();
    assert_eq!(
        bare.direction,
        SortDirection::Asc,
        "direction defaults to ascending"
    );
    let json = serde_json::to_value(run(&query)).unwrap();
    assert_eq!(json["matched"], 4);
    assert_eq!(
        json["page"],
        serde_json::json!([2, 3]),
        "amountDue desc, currency by currency (JPY, KWD, USD): the first two"
    );
    assert!(json["byCurrency"][0]["amountRemaining"]["counted"].is_number());
}

#[test]
fn matches_agrees_with_run_query() {
    let rows = sample();
    let query = InvoiceQuery {
        currency: Some(Currency::new("usd")),
        amount_min: amount("0.01"),
        ..InvoiceQuery::default()
    };
    let expected: Vec<usize> = (0..rows.len())
        .filter(|&i| query.matches(&rows[i], now()))
        .collect();
    assert_eq!(run_query(&rows, &query, now()).page, expected);
}

#[test]
fn long_texts_sharing_a_prefix_still_sort_by_their_full_text() {
    // The sort compares the first 16 bytes as a number and must fall back to the full text.
    let rows = build(&[
        Row {
            id: Some("in_0000000000000000_b"),
            number: Some("INVOICE-2024-000001-B"),
            ..BASE
        },
        Row {
            id: Some("in_0000000000000000_a"),
            number: Some("INVOICE-2024-000001-A"),
            ..BASE
        },
        Row {
            id: Some("in_0000000000000000_c"),
            number: Some("INVOICE-2024-000001"),
            ..BASE
        },
        Row {
            id: Some("in_0000000000000000"),
            number: Some("INVOICE-2024-000001\u{0}"),
            ..BASE
        },
    ]);
    let run_sorted = |column, direction| {
        let query = InvoiceQuery {
            sort: Some(Sort { column, direction }),
            ..InvoiceQuery::default()
        };
        run_query(&rows, &query, now()).page
    };
    assert_eq!(
        run_sorted(SortColumn::Number, SortDirection::Asc),
        [2, 3, 1, 0]
    );
    assert_eq!(
        run_sorted(SortColumn::Number, SortDirection::Desc),
        [0, 1, 3, 2]
    );
    assert_eq!(
        run_sorted(SortColumn::Total, SortDirection::Asc),
        [3, 1, 0, 2],
        "all totals missing: ties fall to the full invoice ID"
    );
}

/// Rows appended from an organization's list keep the list's order, after the rows already
/// there, for every length around the points where the list's buffer shrinks.
#[test]
fn appended_rows_keep_the_order_of_each_list() {
    let list = |prefix: &str, n: usize| -> Vec<Invoice> {
        (0..n)
            .map(|i| Invoice {
                id: Some(format!("{prefix}{i}")),
                ..Invoice::default()
            })
            .collect()
    };
    for n in [0, 1, 2, 3, 4, 5, 7, 8, 9, 100, 1_000, 4_097] {
        let mut rows = Vec::new();
        OrgInvoice::append(&mut rows, &org("first"), list("a", 3));
        OrgInvoice::append(&mut rows, &org("second"), list("b", n));
        let ids: Vec<&str> = rows
            .iter()
            .map(|row| row.invoice.id.as_deref().unwrap())
            .collect();
        let expected: Vec<String> = ["a0", "a1", "a2"]
            .map(str::to_owned)
            .into_iter()
            .chain((0..n).map(|i| format!("b{i}")))
            .collect();
        assert_eq!(ids, expected, "n = {n}");
        assert!(rows[..3].iter().all(|row| row.org == org("first")));
        assert!(rows[3..].iter().all(|row| row.org == org("second")));
    }
}
