use std::collections::BTreeSet;

use billing_stub::demo::{billing_details, billing_details_json};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde_json::Value;

use crate::common::{fixed_now, get_ok_bytes, get_ok_json, invoices, payment_methods, stub};

const BASE: &str = "http://127.0.0.1:9";

fn date(value: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(value.as_str().expect("dates are strings"))
        .expect("demo dates are RFC 3339")
        .with_timezone(&Utc)
}

#[test]
fn demo_is_a_pure_function_of_org_and_day() {
    let now = fixed_now();
    assert_eq!(
        billing_details("acme", now, BASE),
        billing_details("acme", now, BASE),
        "the same org at the same instant must give the same data"
    );
    assert_eq!(
        billing_details_json("acme", now, BASE),
        billing_details_json("acme", now + Duration::hours(9), BASE),
        "dates hang off the start of the UTC day, so the bytes hold for the whole day"
    );
    assert_ne!(
        billing_details("acme", now, BASE),
        billing_details("globex", now, BASE),
        "different orgs should get different data"
    );
}

#[test]
fn the_next_day_moves_dates_but_keeps_the_set() {
    let today = billing_details("acme", fixed_now(), BASE);
    let tomorrow = billing_details("acme", fixed_now() + Duration::days(1), BASE);
    let key = |d: &billing_stub::BillingDetails| -> Vec<_> {
        d.invoices
            .iter()
            .map(|i| {
                (
                    i.id.clone(),
                    i.number.clone(),
                    i.status.clone(),
                    i.currency.clone(),
                    i.total,
                )
            })
            .collect()
    };
    assert_eq!(
        key(&today),
        key(&tomorrow),
        "ids, statuses and amounts depend on the orgId only"
    );
    assert_ne!(
        today.invoices[0].created_at, tomorrow.invoices[0].created_at,
        "dates follow the clock so overdue invoices stay overdue"
    );
}

#[tokio::test]
async fn http_body_equals_the_pure_function_with_a_frozen_clock() {
    let stub = stub().await;
    stub.set_now(Some(fixed_now()));
    let first = get_ok_bytes(&stub, "acme").await;
    let second = get_ok_bytes(&stub, "acme").await;
    assert_eq!(
        first, second,
        "repeated requests must return identical bytes"
    );
    assert_eq!(
        first,
        billing_details_json("acme", fixed_now(), &stub.base_url()),
        "the server must send exactly what the documented generator produces"
    );
}

#[tokio::test]
async fn every_status_currency_and_aging_bucket_is_present() {
    let stub = stub().await;
    let now = fixed_now();
    stub.set_now(Some(now));
    for org in ["acme", "globex", "org_123", "x"] {
        let body = get_ok_json(&stub, org).await;
        let invoices = invoices(&body);
        let statuses: BTreeSet<&str> = invoices
            .iter()
            .map(|i| i["status"].as_str().unwrap())
            .collect();
        for status in ["draft", "open", "paid", "uncollectible", "void"] {
            assert!(
                statuses.contains(status),
                "{org} should have a {status} invoice"
            );
        }
        let currencies: BTreeSet<&str> = invoices
            .iter()
            .map(|i| i["currency"].as_str().unwrap())
            .collect();
        for currency in ["usd", "eur", "jpy", "kwd"] {
            assert!(
                currencies.contains(currency),
                "{org} should have a {currency} invoice"
            );
        }
        assert!(
            currencies
                .iter()
                .all(|c| c.chars().all(|ch| ch.is_ascii_lowercase())),
            "the API sends lowercase codes: {currencies:?}"
        );
        let days_overdue: Vec<i64> = invoices
            .iter()
            .filter(|i| i["status"] == "open" && i["amountRemaining"].as_i64().unwrap() > 0)
            .filter(|i| !i["dueAt"].is_null())
            .map(|i| (now - date(&i["dueAt"])).num_days())
            .filter(|days| *days >= 1)
            .collect();
        for (low, high) in [(1, 30), (31, 60), (61, 90), (91, i64::MAX)] {
            assert!(
                days_overdue.iter().any(|d| (low..=high).contains(d)),
                "{org} should have an invoice {low}-{high} days overdue, got {days_overdue:?}"
            );
        }
        let drafts: Vec<&Value> = invoices.iter().filter(|i| i["status"] == "draft").collect();
        assert!(
            drafts.iter().all(|d| d["invoicePdf"].is_null()),
            "drafts have no PDF yet, as in Stripe"
        );
        let ids: BTreeSet<&str> = invoices.iter().map(|i| i["id"].as_str().unwrap()).collect();
        assert_eq!(
            ids.len(),
            invoices.len(),
            "invoice ids are unique within an org"
        );
    }
}

#[tokio::test]
async fn amounts_are_integers_that_add_up() {
    let stub = stub().await;
    let body = get_ok_json(&stub, "acme").await;
    for invoice in invoices(&body) {
        let due = invoice["amountDue"]
            .as_i64()
            .expect("amountDue is an integer");
        let paid = invoice["amountPaid"]
            .as_i64()
            .expect("amountPaid is an integer");
        let remaining = invoice["amountRemaining"]
            .as_i64()
            .expect("amountRemaining is an integer");
        assert_eq!(
            invoice["total"].as_i64(),
            Some(due),
            "demo invoices have no credits"
        );
        if invoice["status"] != "void" {
            assert_eq!(
                remaining,
                due - paid,
                "remaining = due - paid for {invoice}"
            );
        }
    }
}

/// The last instant a card can be used: the end of its expiry month.
fn card_end(month: i64, year: i64) -> DateTime<Utc> {
    let (next_year, next_month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(
        i32::try_from(next_year).unwrap(),
        u32::try_from(next_month).unwrap(),
        1,
    )
    .unwrap()
    .and_hms_opt(0, 0, 0)
    .unwrap()
    .and_utc()
}

#[tokio::test]
async fn payment_methods_have_a_default_an_expired_and_an_expiring_card() {
    let stub = stub().await;
    // Around a year boundary, where month arithmetic goes wrong first.
    for now in [
        fixed_now(),
        "2027-01-03T08:00:00Z".parse().unwrap(),
        "2026-12-31T23:00:00Z".parse().unwrap(),
    ] {
        stub.set_now(Some(now));
        let body = get_ok_json(&stub, "acme").await;
        let methods = payment_methods(&body);
        assert!(
            methods.len() >= 3,
            "at least three payment methods, got {}",
            methods.len()
        );
        let defaults = methods.iter().filter(|m| m["isDefault"] == true).count();
        assert_eq!(defaults, 1, "exactly one default payment method");
        let card_ends: Vec<DateTime<Utc>> = methods
            .iter()
            .filter(|m| m["type"] == "card")
            .map(|m| {
                card_end(
                    m["expMonth"].as_i64().unwrap(),
                    m["expYear"].as_i64().unwrap(),
                )
            })
            .collect();
        assert!(
            card_ends.iter().any(|end| *end <= now),
            "an expired card at {now}"
        );
        assert!(
            card_ends
                .iter()
                .any(|end| *end > now && *end - now <= Duration::days(60)),
            "a card expiring within 60 days at {now}"
        );
        assert!(
            methods
                .iter()
                .any(|m| m["type"] != "card" && m["expMonth"].is_null()),
            "a non-card method with null card fields"
        );
        let year = i64::from(now.year());
        assert!(
            methods
                .iter()
                .all(|m| m["expYear"].is_null() || m["expYear"].as_i64().unwrap() >= year - 1),
            "expiry years stay plausible"
        );
    }
}

#[tokio::test]
async fn links_point_back_at_the_stub() {
    let stub = stub().await;
    let body = get_ok_json(&stub, "acme").await;
    for invoice in invoices(&body).iter().filter(|i| i["status"] != "draft") {
        for field in ["invoicePdf", "hostedInvoiceUrl"] {
            let link = invoice[field]
                .as_str()
                .expect("finalized invoices have links");
            assert!(
                link.starts_with(&format!("{}/", stub.base_url())),
                "{field} should point at the stub itself so the demo works offline: {link}"
            );
        }
    }
}
