use std::time::Duration;

use billing_stub::demo::billing_details_json;

use crate::common::{client, details_url, error_message, fixed_now, get_ok_bytes, stub};

#[tokio::test]
async fn the_route_works_under_any_prefix() {
    let stub = stub().await;
    stub.set_now(Some(fixed_now()));
    let plain = get_ok_bytes(&stub, "acme").await;
    for prefix in ["/prefix", "/api", "/a/b/c"] {
        let url = format!(
            "{}{prefix}/v1/organizations/acme/stripe/billing-details",
            stub.base_url()
        );
        let body = client()
            .get(&url)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        assert_eq!(
            body.as_ref(),
            plain.as_slice(),
            "{prefix} serves the same data"
        );
    }
}

#[tokio::test]
async fn the_org_segment_is_percent_decoded_after_splitting() {
    let stub = stub().await;
    stub.set_now(Some(fixed_now()));
    let body = get_ok_bytes(&stub, "a%2Fb%20c").await;
    assert_eq!(
        body,
        billing_details_json("a/b c", fixed_now(), &stub.base_url()),
        "an encoded slash stays inside the orgId"
    );
    let scenario = client()
        .get(details_url(&stub.base_url(), "err-404%7Ex"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        scenario.status(),
        404,
        "encoded scenario ids are decoded too"
    );
}

#[tokio::test]
async fn unmatched_routes_are_a_loud_json_404() {
    let stub = stub().await;
    for path in [
        "/",
        "/v1/organizations/acme",
        "/v1/organizations//stripe/billing-details",
        "/v1/organizations/acme/stripe/billing-details/",
        "/pdf/in_1.txt",
    ] {
        let response = client()
            .get(format!("{}{path}", stub.base_url()))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404, "{path} is not a route");
        assert!(
            error_message(response).await.contains("no route"),
            "the 404 says why"
        );
    }
}

#[tokio::test]
async fn other_methods_are_refused() {
    let stub = stub().await;
    let response = client()
        .post(details_url(&stub.base_url(), "acme"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405, "the endpoint is GET only");
}

#[tokio::test]
async fn requests_record_path_and_query_and_can_be_cleared() {
    let stub = stub().await;
    client()
        .get(format!(
            "{}?a=1&b=%20",
            details_url(&stub.base_url(), "acme")
        ))
        .send()
        .await
        .unwrap();
    let recorded = stub.requests();
    assert_eq!(recorded.len(), 1);
    assert_eq!(
        recorded[0].path,
        "/v1/organizations/acme/stripe/billing-details?a=1&b=%20"
    );
    stub.clear_requests();
    assert!(stub.requests().is_empty(), "clear_requests forgets them");
}

#[tokio::test]
async fn shutdown_closes_both_listeners() {
    let stub = stub().await;
    let (main, other) = (stub.addr(), stub.other_origin_addr());
    assert!(
        tokio::net::TcpStream::connect(main).await.is_ok(),
        "listening before shutdown"
    );
    stub.shutdown();
    for addr in [main, other] {
        let mut refused = false;
        for _ in 0..50 {
            if tokio::net::TcpStream::connect(addr).await.is_err() {
                refused = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(refused, "{addr} must refuse connections after shutdown");
    }
}

#[tokio::test]
async fn two_stubs_run_side_by_side() {
    let (a, b) = (stub().await, stub().await);
    assert_ne!(a.addr(), b.addr(), "port 0 gives each stub its own port");
    assert!(
        a.base_url().starts_with("http://127.0.0.1:"),
        "{}",
        a.base_url()
    );
}
