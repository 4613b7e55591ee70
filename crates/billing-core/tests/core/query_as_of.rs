//! Aging "as of" a date on the stub's 100k-invoice organization, against a reference
//! computed here from the wire JSON alone (no model, no query code): invoices created after
//! the date are left out, the others are aged at the date, and every bucket of every
//! currency matches to the cent, on the default buckets and on a connection's own.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use billing_core::dates::AgingScale;
use billing_core::ids::OrgId;
use billing_core::query::{InvoiceQuery, OrgInvoice, run_query};
use chrono::{DateTime, Duration, TimeZone, Utc};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

/// Bucket names for `bounds`, in the order of the query's aging list, written out as the
/// documentation states them (`current`, `days1To30`, …, `over90`).
fn bucket_names(bounds: &[u32]) -> Vec<String> {
    let mut names = vec!["current".to_owned()];
    let mut from = 1;
    for to in bounds {
        names.push(format!("days{from}To{to}"));
        from = to + 1;
    }
    names.push(format!("over{}", bounds.last().unwrap()));
    names
}

type Sums = BTreeMap<String, Vec<(i128, u64)>>;

/// Per currency (uppercase), per bucket of `bounds`: (sum of amountRemaining, count), and
/// how many invoices are in the view at all.
fn reference(json: &[u8], as_of: DateTime<Utc>, bounds: &[u32]) -> (Sums, usize) {
    let doc: serde_json::Value = serde_json::from_slice(json).unwrap();
    let mut sums: Sums = BTreeMap::new();
    let mut counted = 0;
    for invoice in doc["invoices"].as_array().unwrap() {
        let created = invoice["createdAt"].as_str().map(at);
        if created.is_some_and(|c| c > as_of) {
            continue;
        }
        counted += 1;
        let remaining = invoice["amountRemaining"].as_i64().unwrap_or(0);
        if invoice["status"] != "open" || remaining <= 0 {
            continue;
        }
        let Some(currency) = invoice["currency"].as_str() else {
            continue;
        };
        let bucket = match invoice["dueAt"].as_str().map(at) {
            Some(due) if due < as_of => {
                let seconds = (as_of - due).num_seconds();
                let days = ((seconds + 86_399) / 86_400).max(1);
                1 + bounds
                    .iter()
                    .take_while(|&&bound| days > i64::from(bound))
                    .count()
            }
            _ => 0,
        };
        let slots = sums
            .entry(currency.to_uppercase())
            .or_insert_with(|| vec![(0, 0); bounds.len() + 2]);
        let slot = &mut slots[bucket];
        slot.0 += i128::from(remaining);
        slot.1 += 1;
    }
    (sums, counted)
}

#[test]
fn aging_as_of_a_date_matches_a_reference_to_the_cent_at_100k() {
    let now = Utc.with_ymd_and_hms(2026, 12, 5, 9, 30, 0).unwrap();
    let json = billing_stub::huge_json(100_000, now, "http://127.0.0.1");
    let details = billing_core::model::decode_billing_details(&json).unwrap();
    let org = OrgId::parse("org_big").unwrap();
    let rows: Vec<OrgInvoice> = OrgInvoice::rows_for(&org, details.invoices);
    let cases = [
        (now, vec![30, 60, 90]),
        (
            now - Duration::days(45) + Duration::hours(7),
            vec![30, 60, 90],
        ),
        (
            Utc.with_ymd_and_hms(2026, 6, 30, 21, 59, 59).unwrap(),
            vec![30, 60, 90],
        ),
        (now, vec![15, 45, 120, 365]),
        (
            Utc.with_ymd_and_hms(2026, 6, 30, 21, 59, 59).unwrap(),
            vec![7],
        ),
    ];
    for (as_of, bounds) in cases {
        let query = InvoiceQuery {
            as_of: Some(as_of),
            aging: AgingScale::new(&bounds).unwrap(),
            ..InvoiceQuery::default()
        };
        let names = bucket_names(&bounds);
        // The query's own clock is ignored once it has an "as of" time.
        let result = run_query(&rows, &query, now + Duration::days(400));
        let (expected, counted) = reference(&json, as_of, &bounds);
        assert_eq!(
            result.matched, counted,
            "as of {as_of}: invoices created by then"
        );
        if as_of < now - Duration::days(30) {
            assert!(
                counted < rows.len(),
                "as of {as_of}: later invoices are left out"
            );
        }
        let mut got: Sums = BTreeMap::new();
        for summary in &result.by_currency {
            let Some(currency) = &summary.currency else {
                continue;
            };
            let slots = got
                .entry(currency.as_str().to_uppercase())
                .or_insert_with(|| vec![(0, 0); names.len()]);
            for sum in &summary.aging {
                let index = names.iter().position(|b| *b == sum.bucket).unwrap();
                slots[index] = (sum.minor, sum.count);
            }
        }
        got.retain(|_, slots| slots.iter().any(|(_, count)| *count > 0));
        assert!(expected.len() > 1, "several currencies are aged");
        assert_eq!(got, expected, "as of {as_of}, buckets {bounds:?}");
    }
}
