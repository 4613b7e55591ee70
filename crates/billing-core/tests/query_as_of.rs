//! Aging "as of" a date on the stub's 100k-invoice organization, against a reference
//! computed here from the wire JSON alone (no model, no query code): invoices created after
//! the date are left out, the others are aged at the date, and every bucket of every
//! currency matches to the cent.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use billing_core::ids::OrgId;
use billing_core::query::{InvoiceQuery, OrgInvoice, run_query};
use chrono::{DateTime, Duration, TimeZone, Utc};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

/// Bucket names in the order of the query's aging list.
const BUCKETS: [&str; 5] = ["current", "days1To30", "days31To60", "days61To90", "over90"];

/// Per currency (uppercase), per bucket: (sum of amountRemaining, count), and how many
/// invoices are in the view at all.
fn reference(json: &[u8], as_of: DateTime<Utc>) -> (BTreeMap<String, [(i128, u64); 5]>, usize) {
    let doc: serde_json::Value = serde_json::from_slice(json).unwrap();
    let mut sums: BTreeMap<String, [(i128, u64); 5]> = BTreeMap::new();
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
                match days {
                    1..=30 => 1,
                    31..=60 => 2,
                    61..=90 => 3,
                    _ => 4,
                }
            }
            _ => 0,
        };
        let slot = &mut sums.entry(currency.to_uppercase()).or_default()[bucket];
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
    for as_of in [
        now,
        now - Duration::days(45) + Duration::hours(7),
        Utc.with_ymd_and_hms(2026, 6, 30, 21, 59, 59).unwrap(),
    ] {
        let query = InvoiceQuery {
            as_of: Some(as_of),
            ..InvoiceQuery::default()
        };
        // The query's own clock is ignored once it has an "as of" time.
        let result = run_query(&rows, &query, now + Duration::days(400));
        let (expected, counted) = reference(&json, as_of);
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
        let mut got: BTreeMap<String, [(i128, u64); 5]> = BTreeMap::new();
        for summary in &result.by_currency {
            let Some(currency) = &summary.currency else {
                continue;
            };
            let slots = got.entry(currency.as_str().to_uppercase()).or_default();
            for sum in &summary.aging {
                let name = serde_json::to_value(sum.bucket).unwrap();
                let index = BUCKETS.iter().position(|b| *b == name).unwrap();
                slots[index] = (sum.minor, sum.count);
            }
        }
        got.retain(|_, slots| slots.iter().any(|(_, count)| *count > 0));
        assert!(expected.len() > 1, "several currencies are aged");
        assert_eq!(got, expected, "as of {as_of}");
    }
}
