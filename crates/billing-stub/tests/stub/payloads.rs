use billing_stub::{
    BIG_INT, FORMULA_TEXT, MALFORMED_JSON, UNICODE_TEXT, UNSAFE_LINKS, UNSAFE_TEXT,
};
use serde_json::Value;

use crate::common::{get_ok_bytes, get_ok_json, invoices, payment_methods, stub};

const INVOICE_FIELDS: [&str; 14] = [
    "amountDue",
    "amountPaid",
    "amountRemaining",
    "createdAt",
    "currency",
    "dueAt",
    "hostedInvoiceUrl",
    "id",
    "invoicePdf",
    "number",
    "periodEnd",
    "periodStart",
    "status",
    "total",
];
const METHOD_FIELDS: [&str; 10] = [
    "billingEmail",
    "billingName",
    "brand",
    "createdAt",
    "expMonth",
    "expYear",
    "id",
    "isDefault",
    "last4",
    "type",
];

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

#[tokio::test]
async fn demo_objects_carry_exactly_the_documented_fields() {
    let stub = stub().await;
    let body = get_ok_json(&stub, "acme").await;
    assert_eq!(keys(&body), ["invoices", "paymentMethods"]);
    for invoice in invoices(&body) {
        assert_eq!(
            keys(invoice),
            INVOICE_FIELDS,
            "camelCase names as in the endpoint doc"
        );
    }
    for method in payment_methods(&body) {
        assert_eq!(
            keys(method),
            METHOD_FIELDS,
            "camelCase names as in the endpoint doc"
        );
    }
}

#[tokio::test]
async fn malformed_is_not_json() {
    let stub = stub().await;
    let body = get_ok_bytes(&stub, "malformed").await;
    assert_eq!(body, MALFORMED_JSON.as_bytes());
    let error = serde_json::from_slice::<Value>(&body).expect_err("malformed must not parse");
    assert!(
        error.is_syntax(),
        "a syntax error with a position, not an early EOF only: {error}"
    );
}

#[tokio::test]
async fn wrong_type_sends_one_amount_as_a_string() {
    let stub = stub().await;
    let body = get_ok_json(&stub, "wrong-type").await;
    assert_eq!(
        body["invoices"][1]["amountDue"], "1200",
        "invoices[1].amountDue is a JSON string"
    );
    assert!(
        body["invoices"][0]["amountDue"].is_i64(),
        "the others stay integers"
    );
}

#[tokio::test]
async fn big_int_exceeds_every_integer_type() {
    let stub = stub().await;
    let text = String::from_utf8(get_ok_bytes(&stub, "big-int").await).unwrap();
    assert!(
        text.contains(&format!("\"total\":{BIG_INT}")),
        "the literal digits are on the wire"
    );
    let body: Value = serde_json::from_str(&text).unwrap();
    let total = &body["invoices"][0]["total"];
    assert!(
        total.as_i64().is_none() && total.as_u64().is_none(),
        "{BIG_INT} fits no integer: {total}"
    );
}

#[tokio::test]
async fn missing_fields_are_absent_not_null() {
    let stub = stub().await;
    let body = get_ok_json(&stub, "missing-fields").await;
    assert_eq!(keys(&invoices(&body)[0]), ["id"], "only the id is present");
    assert!(
        invoices(&body).iter().any(|i| keys(i).is_empty()),
        "one invoice is an empty object"
    );
    assert!(payment_methods(&body).iter().any(|m| keys(m).is_empty()));
}

#[tokio::test]
async fn null_fields_are_present_and_null() {
    let stub = stub().await;
    let body = get_ok_json(&stub, "null-fields").await;
    let invoice = &invoices(&body)[0];
    assert_eq!(
        keys(invoice),
        INVOICE_FIELDS,
        "every documented field is present"
    );
    assert!(
        INVOICE_FIELDS.iter().all(|f| invoice[f].is_null()),
        "and null: {invoice}"
    );
    let method = &payment_methods(&body)[0];
    assert_eq!(keys(method), METHOD_FIELDS);
    assert!(
        METHOD_FIELDS.iter().all(|f| method[f].is_null()),
        "and null: {method}"
    );
}

#[tokio::test]
async fn list_level_edge_cases() {
    let stub = stub().await;
    assert_eq!(
        get_ok_json(&stub, "missing-lists").await,
        serde_json::json!({})
    );
    assert_eq!(
        get_ok_json(&stub, "null-lists").await,
        serde_json::json!({"invoices": null, "paymentMethods": null})
    );
    assert_eq!(
        get_ok_json(&stub, "empty").await,
        serde_json::json!({"invoices": [], "paymentMethods": []})
    );
}

#[tokio::test]
async fn unknown_values_keep_the_rest_of_the_demo() {
    let stub = stub().await;
    let body = get_ok_json(&stub, "unknown-values").await;
    assert_eq!(body["invoices"][0]["status"], "in_review");
    assert_eq!(body["invoices"][1]["currency"], "xyz");
    assert_eq!(body["paymentMethods"][0]["type"], "crypto_wallet");
    assert!(
        invoices(&body).len() > 10,
        "everything else is ordinary demo data"
    );
}

fn strings(body: &Value, field: &str) -> Vec<String> {
    invoices(body)
        .iter()
        .filter_map(|i| i[field].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn unsafe_links_and_text_arrive_verbatim() {
    let stub = stub().await;
    let body = get_ok_json(&stub, "unsafe-links").await;
    let pdfs = strings(&body, "invoicePdf");
    let hosted = strings(&body, "hostedInvoiceUrl");
    for link in UNSAFE_LINKS {
        assert!(
            pdfs.iter().any(|l| l == link),
            "{link} arrives as an invoicePdf"
        );
        assert!(
            hosted.iter().any(|l| l == link),
            "{link} arrives as a hostedInvoiceUrl"
        );
    }
    for prefix in ["javascript:", "data:", "file:", "http://example.com"] {
        assert!(
            pdfs.iter().any(|l| l.starts_with(prefix)),
            "a {prefix} link is sent"
        );
    }
    let numbers = strings(&body, "number");
    for text in UNSAFE_TEXT {
        assert!(
            numbers.iter().any(|n| n == text),
            "{text:?} arrives as an invoice number"
        );
    }
    assert!(
        body["paymentMethods"][0]["billingName"]
            .as_str()
            .unwrap()
            .contains("<script>")
    );
}

#[tokio::test]
async fn formula_text_starts_with_every_dangerous_character() {
    let stub = stub().await;
    let numbers = strings(&get_ok_json(&stub, "formula-text").await, "number");
    for text in FORMULA_TEXT {
        assert!(
            numbers.iter().any(|n| n == text),
            "{text:?} arrives as an invoice number"
        );
    }
    for first in ['=', '+', '-', '@', '\t', '\r'] {
        assert!(
            numbers.iter().any(|n| n.starts_with(first)),
            "a number starts with {first:?}"
        );
    }
}

#[tokio::test]
async fn unicode_text_survives_the_wire() {
    let stub = stub().await;
    let body = get_ok_json(&stub, "unicode").await;
    let numbers = strings(&body, "number");
    for text in UNICODE_TEXT {
        assert!(numbers.iter().any(|n| n == text), "{text:?} arrives intact");
    }
    let names: Vec<&str> = payment_methods(&body)
        .iter()
        .filter_map(|m| m["billingName"].as_str())
        .collect();
    assert!(
        names.contains(&"山田太郎"),
        "non-Latin billing names: {names:?}"
    );
}
