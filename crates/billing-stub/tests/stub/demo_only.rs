//! The desktop app's in-process demo (`StubConfig::demo_only`): demo data for every orgId,
//! no fault scenarios or PDF faults, no request log, and only its own `Host`.

use billing_stub::StubConfig;

use crate::common::{client, details_url, stub_with};

const TOKEN: &str = "demo-4f1c";

async fn demo_stub() -> billing_stub::StubHandle {
    stub_with(StubConfig {
        token: Some(TOKEN.into()),
        demo_only: true,
        ..Default::default()
    })
    .await
}

#[tokio::test]
async fn scenario_names_get_plain_demo_data_and_nothing_is_recorded() {
    let stub = demo_stub().await;
    for org in [
        "err-500",
        "huge-100000",
        "slow-headers",
        "malformed",
        "unsafe-links",
    ] {
        let response = client()
            .get(details_url(&stub.base_url(), org))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{org}");
        let json: serde_json::Value =
            serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
        let invoices = json["invoices"].as_array().unwrap().len();
        assert!(
            (1..1000).contains(&invoices),
            "{org}: {invoices} demo invoices"
        );
    }
    let pdf = client()
        .get(format!("{}/pdf/in_1.pdf?fault=big&mib=64", stub.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), 200);
    assert!(
        pdf.bytes().await.unwrap().starts_with(b"%PDF-"),
        "no PDF fault"
    );
    let refused = client()
        .get(details_url(&stub.base_url(), "acme"))
        .bearer_auth("guess")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401, "the token is still required");
    assert!(stub.requests().is_empty(), "nothing is kept per request");
}

#[tokio::test]
async fn a_request_for_another_host_is_refused() {
    let stub = demo_stub().await;
    let url = details_url(&stub.base_url(), "acme");
    for (host, status) in [
        ("evil.example", 421),
        ("evil.example:80", 421),
        (&*stub.addr().to_string(), 200),
        (&*format!("localhost:{}", stub.addr().port()), 200),
    ] {
        let response = client()
            .get(&url)
            .header("host", host)
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "Host: {host}");
    }
}
