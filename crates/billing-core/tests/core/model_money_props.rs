//! Property tests for money rendering, timestamp parsing and decoding.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use billing_core::dates::Timestamp;
use billing_core::model::{Invoice, InvoiceStatus, decode_billing_details};
use billing_core::money::{Currency, format_major, format_major_wide, parse_major};
use chrono::{DateTime, Utc};
use proptest::prelude::*;

fn currency() -> impl Strategy<Value = Currency> {
    prop_oneof![
        Just(Currency::new("usd")),
        Just(Currency::new("jpy")),
        Just(Currency::new("kwd")),
        Just(Currency::new("eur")),
        Just(Currency::new("bhd")),
        Just(Currency::new("xof")),
        "[a-z]{3}".prop_map(|code| Currency::new(&code)),
    ]
}

/// Reads a rendered amount back with integer arithmetic only, checking its shape on the way.
fn read_back(text: &str, exponent: u32) -> i128 {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = if exponent == 0 {
        assert!(
            !unsigned.contains('.'),
            "{text}: zero-decimal amounts have no point"
        );
        (unsigned, "")
    } else {
        unsigned.split_once('.').expect("a decimal point")
    };
    assert_eq!(
        fraction.len(),
        exponent as usize,
        "{text}: exactly `exponent` decimals"
    );
    assert!(
        !whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit()),
        "{text}"
    );
    assert!(
        whole == "0" || !whole.starts_with('0'),
        "{text}: no leading zeros"
    );
    assert!(fraction.bytes().all(|b| b.is_ascii_digit()), "{text}");
    let mut value: i128 = 0;
    for digit in whole.bytes().chain(fraction.bytes()) {
        value = value * 10 + i128::from(digit - b'0');
    }
    assert!(!(negative && value == 0), "{text}: no negative zero");
    if negative { -value } else { value }
}

proptest! {
    #[test]
    fn format_major_reads_back_exactly(minor in any::<i64>(), currency in currency()) {
        let text = format_major(minor, &currency);
        let back = read_back(&text, currency.exponent());
        prop_assert_eq!(back, i128::from(minor), "{} renders {} exactly", minor, text);
        prop_assert_eq!(parse_major(&text, &currency), Ok(minor), "parse_major inverts it");
    }

    #[test]
    fn format_major_wide_reads_back_exactly(minor in any::<i128>(), currency in currency()) {
        // i128::MIN's magnitude does not fit i128; the reader would overflow, not the renderer.
        prop_assume!(minor != i128::MIN);
        let text = format_major_wide(minor, &currency);
        prop_assert_eq!(read_back(&text, currency.exponent()), minor);
    }

    #[test]
    fn timestamps_agree_with_chrono(
        year in 0u32..10000, month in 0u32..14, day in 0u32..33,
        hour in 0u32..26, minute in 0u32..61, second in 0u32..62,
        fraction in proptest::option::of("[0-9]{0,11}"),
        zone in prop_oneof![Just("Z".to_owned()), Just("z".to_owned()), Just("+01:30".to_owned()), Just("-00:00".to_owned()), Just("".to_owned())],
    ) {
        let fraction = fraction.map(|f| format!(".{f}")).unwrap_or_default();
        let text = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{fraction}{zone}");
        let expected = DateTime::parse_from_rfc3339(&text).ok().map(|d| d.with_timezone(&Utc));
        let parsed = Timestamp::parse(&text);
        prop_assert_eq!(parsed.valid(), expected, "{} parses as chrono does", text);
        if expected.is_none() {
            prop_assert_eq!(parsed, Timestamp::Invalid(text.clone()), "kept raw");
        }
    }

    #[test]
    fn decode_reads_what_the_server_wrote(
        invoices in proptest::collection::vec(wire_invoice(), 0..8),
    ) {
        let body = serde_json::json!({ "invoices": invoices.iter().map(|(json, _)| json.clone()).collect::<Vec<_>>() });
        let details = decode_billing_details(body.to_string().as_bytes()).unwrap();
        let expected: Vec<Invoice> = invoices.into_iter().map(|(_, invoice)| invoice).collect();
        prop_assert_eq!(details.invoices, expected);
    }
}

/// A wire invoice (fields present, null or absent at random) and the invoice it must become.
fn wire_invoice() -> impl Strategy<Value = (serde_json::Value, Invoice)> {
    use proptest::option::of;
    let text = || of(of("[ -~é\"\\\\]{0,12}"));
    let amount = || of(of(any::<i64>()));
    (
        text(),
        of(of(prop_oneof![
            Just("open".to_owned()),
            Just("PAID".to_owned()),
            "[a-z_]{1,10}".prop_map(|s| s)
        ])),
        of(of("[a-zA-Z]{3}")),
        (amount(), amount()),
        of(of(prop_oneof![
            Just("2024-02-29T12:00:00Z".to_owned()),
            Just("2024-01-01T00:00:00+05:00".to_owned()),
            "[a-z ]{0,8}".prop_map(|s| s)
        ])),
    )
        .prop_map(|(id, status, currency, (total, remaining), due)| {
            // Outer None: field absent; Some(None): field null; Some(Some(v)): value.
            let mut json = serde_json::Map::new();
            let mut put = |key: &str, value: &Option<Option<serde_json::Value>>| {
                if let Some(value) = value {
                    json.insert(key.into(), value.clone().unwrap_or(serde_json::Value::Null));
                }
            };
            let to_json =
                |v: &Option<Option<String>>| v.clone().map(|v| v.map(serde_json::Value::from));
            let num_json = |v: &Option<Option<i64>>| v.map(|v| v.map(serde_json::Value::from));
            put("id", &to_json(&id));
            put("status", &to_json(&status));
            put("currency", &to_json(&currency));
            put("total", &num_json(&total));
            put("amountRemaining", &num_json(&remaining));
            put("dueAt", &to_json(&due));
            let invoice = Invoice {
                id: id.flatten(),
                status: status.flatten().map(|s| InvoiceStatus::parse(&s)),
                currency: currency.flatten().map(|c| Currency::new(&c)),
                total: total.flatten(),
                amount_remaining: remaining.flatten(),
                due_at: due.flatten().map(|d| Timestamp::parse(&d)),
                ..Invoice::default()
            };
            (serde_json::Value::Object(json), invoice)
        })
}
