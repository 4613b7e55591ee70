use billing_stub::demo::billing_details_json;
use billing_stub::{BAD_PDF_FAULTS, StubConfig};

use crate::common::{client, details_url, fixed_now, get, get_ok_json, invoices, stub, stub_with};

const TOKEN: &str = "tok_redirect";

#[tokio::test]
async fn redirect_other_origin_points_at_the_other_listener_and_it_records_no_token() {
    let stub = stub_with(StubConfig {
        token: Some(TOKEN.into()),
        ..Default::default()
    })
    .await;
    let url = format!(
        "{}?from=test",
        details_url(&stub.base_url(), "redirect-other-origin")
    );
    let response = client().get(&url).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(response.status(), 302);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        location,
        format!(
            "{}/v1/organizations/redirect-other-origin/stripe/billing-details?from=test",
            stub.other_origin_base_url()
        ),
        "same path and query, other origin"
    );
    assert_ne!(
        stub.base_url(),
        stub.other_origin_base_url(),
        "two distinct origins"
    );
    // What a well-behaved client does: follow without the token.
    let followed = client().get(&location).send().await.unwrap();
    assert_eq!(
        followed.status(),
        401,
        "the other origin has the same token rule"
    );
    assert_eq!(
        stub.requests().len(),
        1,
        "the main listener saw only the first request"
    );
    let foreign = stub.other_origin_requests();
    assert_eq!(
        foreign.len(),
        1,
        "the other listener recorded the followed request"
    );
    assert_eq!(
        foreign[0].authorization, None,
        "the token never reached the other origin"
    );
}

#[tokio::test]
async fn the_other_origin_records_a_token_when_one_is_sent() {
    // Proves the "no token arrived" assertions above can fail.
    let stub = stub().await;
    client()
        .get(details_url(&stub.other_origin_base_url(), "acme"))
        .bearer_auth("leaked")
        .send()
        .await
        .unwrap();
    assert_eq!(
        stub.other_origin_requests()[0].authorization.as_deref(),
        Some("Bearer leaked")
    );
    assert!(
        stub.requests().is_empty(),
        "each listener keeps its own log"
    );
}

#[tokio::test]
async fn on_the_other_origin_a_redirect_scenario_serves_data() {
    let stub = stub().await;
    let response = client()
        .get(details_url(
            &stub.other_origin_base_url(),
            "redirect-other-origin",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        200,
        "no redirect loop between the two listeners"
    );
}

#[tokio::test]
async fn redirect_same_origin_keeps_the_prefix_and_lands_on_demo_data() {
    let stub = stub().await;
    stub.set_now(Some(fixed_now()));
    let url = format!(
        "{}/prefix/v1/organizations/redirect-same-origin/stripe/billing-details",
        stub.base_url()
    );
    let response = client().get(&url).send().await.unwrap();
    assert_eq!(response.status(), 302);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        location,
        format!(
            "{}/prefix/v1/organizations/demo-redirected/stripe/billing-details",
            stub.base_url()
        )
    );
    let body = client()
        .get(&location)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(
        body.as_ref(),
        billing_details_json("demo-redirected", fixed_now(), &stub.base_url()).as_slice(),
        "the target serves the demo data of demo-redirected"
    );
}

#[tokio::test]
async fn pdf_elsewhere_links_to_the_other_origin_which_serves_pdfs() {
    let stub = stub_with(StubConfig {
        token: Some(TOKEN.into()),
        ..Default::default()
    })
    .await;
    let response = client()
        .get(details_url(&stub.base_url(), "pdf-elsewhere"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    let other = format!("{}/", stub.other_origin_base_url());
    let pdfs: Vec<&str> = invoices(&body)
        .iter()
        .filter_map(|i| i["invoicePdf"].as_str())
        .collect();
    assert!(!pdfs.is_empty());
    assert!(
        pdfs.iter().all(|l| l.starts_with(&other)),
        "every PDF lives on the other origin"
    );
    assert!(
        invoices(&body)
            .iter()
            .filter_map(|i| i["hostedInvoiceUrl"].as_str())
            .all(|l| l.starts_with(&other)),
        "hosted pages too"
    );
    let pdf = client()
        .get(pdfs[0])
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "the other origin serves the PDF");
    assert_eq!(stub.other_origin_requests()[0].authorization, None);
}

#[tokio::test]
async fn bad_pdfs_links_fail_in_each_documented_way() {
    let stub = stub().await;
    let body = get_ok_json(&stub, "bad-pdfs").await;
    let links: Vec<&str> = invoices(&body)
        .iter()
        .filter_map(|i| i["invoicePdf"].as_str())
        .collect();
    for (link, fault) in links.iter().zip(BAD_PDF_FAULTS) {
        assert!(
            link.ends_with(&format!("?fault={fault}")),
            "{link} carries fault {fault}"
        );
    }
    assert!(
        !links[BAD_PDF_FAULTS.len()].contains("fault="),
        "later links are good PDFs"
    );

    let not_pdf = client().get(links[0]).send().await.unwrap();
    assert_eq!(not_pdf.status(), 200);
    assert_eq!(
        not_pdf.headers()["content-type"],
        "application/pdf",
        "it lies about its type"
    );
    assert!(
        !not_pdf.bytes().await.unwrap().starts_with(b"%PDF-"),
        "only the signature tells"
    );
    assert_eq!(client().get(links[1]).send().await.unwrap().status(), 404);
    assert_eq!(client().get(links[2]).send().await.unwrap().status(), 500);

    let mut big = client().get(links[3]).send().await.unwrap();
    assert_eq!(
        big.content_length(),
        Some(64 * 1024 * 1024),
        "64 MiB declared"
    );
    assert!(
        big.chunk().await.unwrap().unwrap().starts_with(b"%PDF-"),
        "it looks like a PDF"
    );
    let mut chunked = client().get(links[4]).send().await.unwrap();
    assert_eq!(
        chunked.content_length(),
        None,
        "big-chunked declares no length"
    );
    assert!(
        chunked
            .chunk()
            .await
            .unwrap()
            .unwrap()
            .starts_with(b"%PDF-")
    );
}

#[tokio::test]
async fn a_big_pdf_has_the_requested_size() {
    let stub = stub().await;
    let url = format!("{}/pdf/in_1.pdf?fault=big-chunked&mib=3", stub.base_url());
    let bytes = client()
        .get(url)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(bytes.len(), 3 * 1024 * 1024, "mib=3 sends exactly 3 MiB");
    assert!(bytes.starts_with(b"%PDF-1.4\n"));
}

#[tokio::test]
async fn redirect_without_following_keeps_the_status() {
    let stub = stub().await;
    assert_eq!(
        get(&stub, "redirect-same-origin~x").await.status(),
        302,
        "tags work for redirects too"
    );
}
