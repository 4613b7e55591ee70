use billing_stub::{StubConfig, hosted_page, invoice_pdf};

use crate::common::{client, get_ok_json, invoices, stub_with};

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Checks what a PDF reader relies on: header, trailer, and an xref table whose every
/// offset lands on the object it names.
fn assert_valid_pdf(pdf: &[u8]) {
    assert!(
        pdf.starts_with(b"%PDF-1."),
        "a PDF starts with its version header"
    );
    assert!(pdf.ends_with(b"%%EOF\n"), "a PDF ends with %%EOF");
    let text = std::str::from_utf8(pdf).expect("the stub's PDF is plain ASCII");
    let startxref = text.rfind("startxref\n").unwrap() + "startxref\n".len();
    let xref_at: usize = text[startxref..].lines().next().unwrap().parse().unwrap();
    assert!(
        text[xref_at..].starts_with("xref\n0 "),
        "startxref must point at the xref table"
    );
    let mut lines = text[xref_at..].lines().skip(1);
    let count: usize = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let entries = &text[xref_at..][text[xref_at..].find("0000000000 65535 f").unwrap()..];
    for object in 1..count {
        let entry = &entries[object * 20..object * 20 + 20];
        assert!(
            entry.ends_with(" 00000 n \n"),
            "xref entries are 20 bytes: {entry:?}"
        );
        let offset: usize = entry[..10].parse().unwrap();
        assert!(
            text[offset..].starts_with(&format!("{object} 0 obj\n")),
            "xref entry {object} must point at object {object}"
        );
    }
    let length_at = find(pdf, b"/Length ").unwrap() + "/Length ".len();
    let length: usize = text[length_at..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let stream_at = find(pdf, b"stream\n").unwrap() + "stream\n".len();
    assert!(
        text[stream_at + length..].starts_with("endstream"),
        "the content stream's /Length must be exact"
    );
}

#[test]
fn invoice_pdf_is_structurally_valid_and_stable() {
    let pdf = invoice_pdf("in_123");
    assert_valid_pdf(&pdf);
    assert!(
        find(&pdf, b"(in_123)").is_some(),
        "the page shows the invoice id"
    );
    assert_eq!(
        pdf,
        invoice_pdf("in_123"),
        "the same invoice gives identical bytes (archives skip duplicates)"
    );
    assert_ne!(
        pdf,
        invoice_pdf("in_124"),
        "each invoice has its own document"
    );
}

#[test]
fn pdf_text_escapes_parentheses_and_drops_non_ascii() {
    let pdf = invoice_pdf("a(b)c\\d é");
    assert_valid_pdf(&pdf);
    assert!(
        find(&pdf, b"(a\\(b\\)c\\\\d ?)").is_some(),
        "special characters must be escaped"
    );
}

#[test]
fn hosted_page_escapes_the_id() {
    let page = hosted_page("<script>alert(1)</script>", "http://x/pdf");
    assert!(
        !page.contains("<script>"),
        "an id from the URL must not become markup"
    );
    assert!(page.contains("&lt;script&gt;"), "the id is shown, escaped");
}

#[tokio::test]
async fn pdf_and_hosted_links_are_served_without_a_token() {
    let stub = stub_with(StubConfig {
        token: Some("s3cret".into()),
        ..Default::default()
    })
    .await;
    let api = client()
        .get(crate::common::details_url(&stub.base_url(), "acme"))
        .bearer_auth("s3cret")
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&api.bytes().await.unwrap()).unwrap();
    let invoice = invoices(&body)
        .iter()
        .find(|i| i["invoicePdf"].is_string())
        .unwrap();
    let pdf = client()
        .get(invoice["invoicePdf"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(
        pdf.status(),
        200,
        "PDF links work without the API token, like Stripe's"
    );
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let bytes = pdf.bytes().await.unwrap();
    assert_valid_pdf(&bytes);
    assert_eq!(
        bytes.as_ref(),
        invoice_pdf(invoice["id"].as_str().unwrap()).as_slice()
    );

    let hosted = client()
        .get(invoice["hostedInvoiceUrl"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(
        hosted.status(),
        200,
        "hosted pages work without the API token"
    );
    assert!(
        hosted.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = hosted.text().await.unwrap();
    assert!(
        html.contains(invoice["id"].as_str().unwrap()),
        "the hosted page names the invoice"
    );
}

#[tokio::test]
async fn demo_pdf_links_of_a_frozen_org_all_open() {
    let stub = stub_with(StubConfig::default()).await;
    let body = get_ok_json(&stub, "globex").await;
    let links: Vec<&str> = invoices(&body)
        .iter()
        .filter_map(|i| i["invoicePdf"].as_str())
        .collect();
    assert!(links.len() >= 10, "most demo invoices have a PDF");
    for link in links {
        let bytes = client()
            .get(link)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{link} must serve a PDF");
    }
}
