//! Decoding `billing-details` bodies: every rule of the response model, against fixtures.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use billing_core::dates::{AgingScale, CardState, Timestamp};
use billing_core::model::{
    BillingDetails, DecodeError, Invoice, InvoiceStatus, ItemBudget, ListLimits, PaymentMethod,
    decode_billing_details, decode_billing_details_held, decode_billing_details_within,
};
use billing_core::money::format_major;
use chrono::{DateTime, Utc};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/core/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {path}: {e}"))
}

fn decode(name: &str) -> BillingDetails {
    decode_billing_details(&fixture(name)).unwrap_or_else(|e| panic!("{name} should decode: {e}"))
}

fn decode_err(name: &str) -> DecodeError {
    match decode_billing_details(&fixture(name)) {
        Ok(details) => panic!("{name} should fail, decoded {details:?}"),
        Err(error) => error,
    }
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

#[test]
fn doc_example_decodes_with_placeholders_kept() {
    let details = decode("doc_example.json");
    assert_eq!(details.invoices.len(), 1, "the example has one invoice");
    let invoice = &details.invoices[0];
    assert_eq!(invoice.amount_due, Some(123));
    assert_eq!(invoice.total, Some(123));
    assert_eq!(
        invoice.status,
        Some(InvoiceStatus::Unknown("<string>".into())),
        "an unknown status is kept, not rejected"
    );
    assert_eq!(invoice.currency.as_ref().unwrap().as_str(), "<STRING>");
    assert_eq!(
        invoice.created_at,
        Some(Timestamp::Invalid("<string>".into())),
        "an unparsable date is kept raw and flagged"
    );
    let method = &details.payment_methods[0];
    assert_eq!(
        method.kind.as_deref(),
        Some("<string>"),
        "wire `type` lands in kind"
    );
    assert_eq!(method.is_default, Some(true));
    assert_eq!(method.exp_month, Some(123));
    assert_eq!(
        method.card_state(at("2024-01-01T00:00:00Z")),
        CardState::Unknown,
        "month 123 is not a month"
    );
}

#[test]
fn realistic_body_decodes_every_field() {
    let details = decode("realistic.json");
    assert_eq!(details.invoices.len(), 3);
    let paid = &details.invoices[0];
    let expected = Invoice {
        id: Some("in_1001".into()),
        number: Some("ACME-0001".into()),
        status: Some(InvoiceStatus::Paid),
        currency: Some("usd".into()),
        total: Some(12900),
        amount_due: Some(12900),
        amount_paid: Some(12900),
        amount_remaining: Some(0),
        created_at: Some(Timestamp::Valid(at("2024-04-01T09:30:00Z"))),
        due_at: Some(Timestamp::Valid(at("2024-05-01T00:00:00Z"))),
        period_start: Some(Timestamp::Valid(at("2024-03-01T00:00:00Z"))),
        period_end: Some(Timestamp::Valid(at("2024-04-01T00:00:00Z"))),
        hosted_invoice_url: Some("https://invoice.stripe.com/i/acct_1/in_1001".into()),
        invoice_pdf: Some("https://pay.stripe.com/invoice/acct_1/in_1001/pdf".into()),
    };
    assert_eq!(paid, &expected, "every field of the doc is read");

    let open = &details.invoices[1];
    assert_eq!(
        open.currency.as_ref().unwrap().as_str(),
        "JPY",
        "codes are uppercased"
    );
    assert_eq!(
        open.created_at.as_ref().unwrap().valid(),
        Some(at("2024-05-01T00:30:00Z")),
        "+09:00 is converted to UTC"
    );
    assert_eq!(open.invoice_pdf, None, "null PDF link is None");
    let now = at("2024-06-15T00:00:00Z");
    assert!(open.is_overdue(now), "open, owing, due 2024-05-31");
    assert_eq!(
        open.days_overdue(now),
        Some(15),
        "15 started days after the due instant"
    );
    let scale = AgingScale::default();
    assert_eq!(scale.id(open.aging_bucket(now, &scale)), "days1To30");
    assert_eq!(
        format_major(open.total.unwrap(), open.currency.as_ref().unwrap()),
        "150000"
    );

    let kwd = &details.invoices[2];
    assert_eq!(
        kwd.total_money().unwrap().to_string(),
        "KWD -1.234",
        "negative three-decimal amounts render exactly"
    );

    let card = &details.payment_methods[0];
    assert_eq!(card.billing_name.as_deref(), Some("Acme Finance équipe"));
    assert_eq!(card.card_state(now), CardState::Valid);
    let sepa = &details.payment_methods[1];
    assert_eq!(sepa.kind.as_deref(), Some("sepa_debit"));
    assert_eq!(
        sepa.card_state(now),
        CardState::Unknown,
        "no expiry, no guess"
    );
}

#[test]
fn missing_fields_and_arrays_are_none_or_empty() {
    let details = decode("missing_fields.json");
    assert!(
        details.payment_methods.is_empty(),
        "missing paymentMethods is empty"
    );
    assert_eq!(details.invoices[0], Invoice::default(), "{{}} is all None");
    assert_eq!(details.invoices[1].id.as_deref(), Some("in_only_id"));
    assert_eq!(details.invoices[1].total, None);
    assert_eq!(details.invoices[2].total, Some(500));

    let empty = decode_billing_details(b"{}").unwrap();
    assert_eq!(
        empty,
        BillingDetails::default(),
        "an empty object is no data, not an error"
    );
}

#[test]
fn nulls_are_none() {
    let details = decode("nulls.json");
    assert_eq!(
        details.invoices,
        vec![Invoice::default()],
        "every null field is None"
    );
    assert_eq!(details.payment_methods, vec![PaymentMethod::default()]);
    let details = decode("null_arrays.json");
    assert_eq!(details, BillingDetails::default(), "null arrays are empty");
}

#[test]
fn unknown_values_and_fields_are_kept_or_ignored() {
    let details = decode("unknown_values.json");
    let first = &details.invoices[0];
    assert_eq!(
        first.status,
        Some(InvoiceStatus::Unknown("partially_refunded".into()))
    );
    assert_eq!(
        first.currency.as_ref().unwrap().as_str(),
        "XTS",
        "unknown currency kept"
    );
    assert_eq!(first.currency.as_ref().unwrap().exponent(), 2);
    assert_eq!(
        first.created_at,
        Some(Timestamp::Invalid("last tuesday".into()))
    );
    let second = &details.invoices[1];
    assert_eq!(
        second.status,
        Some(InvoiceStatus::Open),
        "status case is normalized"
    );
    assert_eq!(second.currency.as_ref().unwrap().as_str(), "USD");
    assert_eq!(
        details.payment_methods[0].kind.as_deref(),
        Some("crypto_wallet")
    );
}

#[test]
fn escaped_strings_decode_like_plain_ones() {
    let details = decode("escaped_strings.json");
    let invoice = &details.invoices[0];
    assert_eq!(invoice.id.as_deref(), Some("in_1"));
    assert_eq!(
        invoice.status,
        Some(InvoiceStatus::Open),
        "escaped status still known"
    );
    assert_eq!(invoice.currency.as_ref().unwrap().as_str(), "USD");
    assert_eq!(
        invoice.due_at.as_ref().unwrap().valid(),
        Some(at("2024-05-01T00:00:00Z")),
        "escaped date still parses"
    );
    assert_eq!(invoice.number.as_deref(), Some("A\"B"));
}

#[test]
fn wrong_type_names_the_field_path() {
    let error = decode_err("wrong_type_amount.json");
    assert_eq!(error.path(), Some("invoices[3].amountDue"));
    let message = error.to_string();
    assert!(
        message.contains(r#"invoices[3].amountDue: invalid type: string "12", expected i64"#),
        "message names the path, what was found and what was expected: {message}"
    );
    assert!(message.contains("line "), "and the position: {message}");

    let error = decode_err("wrong_type_payment_method.json");
    assert_eq!(error.path(), Some("paymentMethods[0].isDefault"));
    assert!(error.to_string().contains("expected a boolean"), "{error}");
}

#[test]
fn integers_beyond_i64_are_errors_not_wraps() {
    for (name, path) in [
        ("big_int.json", "invoices[0].total"),
        ("huge_int.json", "invoices[0].amountPaid"),
        ("negative_big_int.json", "invoices[0].amountRemaining"),
        ("float_amount.json", "invoices[0].total"),
    ] {
        let error = decode_err(name);
        assert!(
            matches!(error, DecodeError::UnexpectedValue { .. }),
            "{name} is a value error: {error:?}"
        );
        assert_eq!(error.path(), Some(path), "{name} names its field");
    }
    let details = decode("i64_extremes.json");
    assert_eq!(
        details.invoices[0].total,
        Some(i64::MAX),
        "i64::MAX itself is fine"
    );
    assert_eq!(
        details.invoices[0].amount_due,
        Some(i64::MIN),
        "and i64::MIN"
    );
}

#[test]
fn malformed_json_names_line_and_column() {
    let error = decode_err("malformed.json");
    let DecodeError::Malformed { line, column, .. } = &error else {
        panic!("a trailing comma is malformed JSON: {error:?}");
    };
    let body = fixture("malformed.json");
    let brace = body.windows(3).position(|w| w == b", }").unwrap() + 3;
    assert_eq!(
        (*line, *column),
        (1, brace),
        "points at the brace after the stray comma"
    );
    assert!(error.to_string().contains("not valid JSON"), "{error}");

    let error = decode_err("trailing_garbage.json");
    assert!(matches!(error, DecodeError::Malformed { .. }), "{error:?}");
    let error = decode_billing_details(b"").unwrap_err();
    assert!(
        matches!(error, DecodeError::Truncated { .. }),
        "empty body: {error:?}"
    );
    let error = decode_billing_details(b"\xff\xfe").unwrap_err();
    assert!(
        matches!(error, DecodeError::Malformed { .. }),
        "binary: {error:?}"
    );
}

#[test]
fn truncated_body_says_it_was_cut_off() {
    let error = decode_err("truncated.json");
    assert!(matches!(error, DecodeError::Truncated { .. }), "{error:?}");
    assert!(error.to_string().contains("cut off"), "{error}");
}

#[test]
fn top_level_of_the_wrong_kind_is_a_value_error() {
    let error = decode_err("top_level_array.json");
    assert_eq!(error.path(), Some("the top level"), "{error:?}");
    let error = decode_billing_details(br#"{"invoices": {"id": 1}}"#).unwrap_err();
    assert_eq!(
        error.path(),
        Some("invoices"),
        "an object where an array belongs"
    );
    assert!(error.to_string().contains("expected an array"), "{error}");
    let error = decode_billing_details(br#"{"invoices": [[1, 2]]}"#).unwrap_err();
    assert_eq!(
        error.path(),
        Some("invoices[0]"),
        "an array where an invoice belongs"
    );
    assert!(error.to_string().contains("expected an object"), "{error}");
    let error = decode_billing_details(br#"{"paymentMethods": ["pm_1"]}"#).unwrap_err();
    assert_eq!(error.path(), Some("paymentMethods[0]"), "{error:?}");
}

#[test]
fn normalized_json_round_trips_for_the_ui() {
    let details = decode("realistic.json");
    let json = serde_json::to_value(&details).unwrap();
    assert_eq!(
        json["invoices"][0]["amountDue"], 12900,
        "camelCase for the UI"
    );
    assert_eq!(json["invoices"][1]["currency"], "JPY");
    assert_eq!(json["invoices"][0]["status"], "paid");
    assert_eq!(
        json["invoices"][1]["createdAt"],
        serde_json::json!({"kind": "valid", "value": "2024-05-01T00:30:00Z"}),
        "dates as tagged objects in UTC"
    );
    let back: BillingDetails = serde_json::from_value(json).unwrap();
    assert_eq!(back, details, "the normalized shape reads back identically");
}

#[test]
fn an_error_quotes_at_most_a_short_part_of_a_huge_offending_value() {
    // A 1 MB string where a number belongs: serde_json's message quotes the value whole.
    let huge = "9".repeat(1_000_000);
    let body = format!(r#"{{"invoices":[{{"total":"{huge}"}}]}}"#);
    let error = decode_billing_details(body.as_bytes()).unwrap_err();
    let DecodeError::UnexpectedValue { path, detail, .. } = &error else {
        panic!("a wrong type: {error:?}");
    };
    assert_eq!(path, "invoices[0].total");
    assert!(
        detail.chars().count() <= billing_core::model::DETAIL_MAX_CHARS + 1,
        "cut to the limit: {} characters",
        detail.chars().count()
    );
    assert!(detail.ends_with('…'), "and says it was cut: {detail}");
    assert!(error.to_string().len() < 500, "{error}");
}

#[test]
fn a_list_longer_than_its_limit_stops_the_decode_with_a_clear_error() {
    let limits = ListLimits {
        invoices: 1_000,
        payment_methods: 10,
    };
    let minimal = |n: usize| vec!["{}"; n].join(",");
    let body = |invoices: usize, methods: usize| {
        format!(
            r#"{{"invoices":[{}],"paymentMethods":[{}]}}"#,
            minimal(invoices),
            minimal(methods)
        )
    };
    let at_limit = decode_billing_details_within(body(1_000, 10).as_bytes(), limits).unwrap();
    assert_eq!(
        (at_limit.invoices.len(), at_limit.payment_methods.len()),
        (1_000, 10)
    );
    assert_eq!(
        decode_billing_details_within(body(1_001, 0).as_bytes(), limits).unwrap_err(),
        DecodeError::TooMany {
            what: "invoices",
            limit: 1_000
        }
    );
    let error = decode_billing_details_within(body(0, 11).as_bytes(), limits).unwrap_err();
    assert_eq!(
        error,
        DecodeError::TooMany {
            what: "payment methods",
            limit: 10
        }
    );
    assert!(
        error.to_string().contains("more than 10 payment methods"),
        "{error}"
    );
    // The limit is the decode's own: the next decode on this thread has the defaults again.
    let defaults = decode_billing_details(body(1_001, 11).as_bytes()).unwrap();
    assert_eq!(defaults.invoices.len(), 1_001);
}

#[test]
fn braces_inside_text_do_not_count_as_invoices() {
    let limits = ListLimits {
        invoices: 3,
        payment_methods: 10,
    };
    // Far more `{` than the limit, all inside strings: the exact count finds 3 invoices.
    let number = "{".repeat(50);
    let body = format!(
        r#"{{"invoices":[{{"number":"{number}"}},{{}},{{"id":"{{{{"}}],"paymentMethods":null}}"#
    );
    let details = decode_billing_details_within(body.as_bytes(), limits).unwrap();
    assert_eq!(details.invoices.len(), 3);
    assert_eq!(details.invoices[0].number.as_deref(), Some(number.as_str()));
}

#[test]
fn a_held_decode_counts_its_items_until_the_lease_is_dropped() {
    let budget = ItemBudget::new(10);
    let body = br#"{"invoices":[{},{},{}],"paymentMethods":[{}]}"#;
    let (details, lease) = decode_billing_details_held(body, &budget).unwrap();
    assert_eq!(details.invoices.len() + details.payment_methods.len(), 4);
    assert_eq!(
        (lease.items(), budget.held()),
        (4, 4),
        "the upper bound shrinks to the count"
    );
    let (_, second) = decode_billing_details_held(body, &budget).unwrap();
    assert_eq!(budget.held(), 8);
    // The third needs up to 5 (four objects and the body's own braces): refused, nothing held.
    let refused = decode_billing_details_held(body, &budget).unwrap_err();
    assert_eq!(
        refused,
        DecodeError::OverBudget {
            items: 5,
            held: 8,
            limit: 10
        }
    );
    assert_eq!(budget.held(), 8);
    drop((lease, second));
    assert_eq!(budget.held(), 0);
    assert!(decode_billing_details_held(body, &budget).is_ok());
}

#[test]
fn a_held_decode_that_fails_holds_nothing() {
    let budget = ItemBudget::new(100);
    let error = decode_billing_details_held(br#"{"invoices":[{},{"total":"x"}]}"#, &budget);
    assert!(error.is_err());
    assert_eq!(budget.held(), 0);
}
