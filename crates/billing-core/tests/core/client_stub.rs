//! The client against the real stub: data, URLs, the token header, and what each error
//! scenario looks like to a user.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::client_common::{ClientKit, org};

use std::time::Duration;

use billing_core::client::{ApiError, BillingClient, ClientConfig};
use billing_core::secret::ApiToken;
use billing_stub::StubHandle;

/// Short pauses keep the suite fast; the policy itself is tested in client_retry.rs.
const KIT: ClientKit = ClientKit {
    token: "test-token-7f3a9c",
    base_delay: Duration::from_millis(10),
    max_delay: Duration::from_millis(50),
};
const TOKEN: &str = KIT.token;

// A request that hangs fails its test after 10 s instead of the default minute; only this
// file shortens that limit, so it keeps its own builder.
fn client(base: &str) -> BillingClient {
    let mut config = KIT.config(base);
    config.request_timeout = Duration::from_secs(10);
    KIT.client(config)
}

async fn fetch_err(id: &str) -> (ApiError, StubHandle) {
    let stub = KIT.stub().await;
    let err = client(&stub.base_url())
        .billing_details(&org(id))
        .await
        .expect_err("this scenario fails");
    assert!(
        !err.to_string().contains(TOKEN),
        "no message may contain the token: {err}"
    );
    (err, stub)
}

#[tokio::test]
async fn demo_data_decodes() {
    let stub = KIT.stub().await;
    let details = client(&stub.base_url())
        .billing_details(&org("acme"))
        .await
        .unwrap();
    assert!(!details.invoices.is_empty(), "demo orgs have invoices");
    assert!(
        !details.payment_methods.is_empty(),
        "demo orgs have payment methods"
    );
    let currencies: std::collections::BTreeSet<String> = details
        .invoices
        .iter()
        .filter_map(|i| i.currency.as_ref().map(|c| c.as_str().to_owned()))
        .collect();
    assert!(
        currencies.len() > 1,
        "demo data spans currencies: {currencies:?}"
    );
}

#[tokio::test]
async fn the_token_reaches_the_stub_exactly_as_a_bearer_header() {
    let stub = KIT.stub().await;
    client(&stub.base_url())
        .billing_details(&org("acme"))
        .await
        .unwrap();
    let requests = stub.requests();
    assert_eq!(requests.len(), 1, "one successful request, no retry");
    assert_eq!(requests[0].method, "GET");
    assert_eq!(
        requests[0].path,
        "/v1/organizations/acme/stripe/billing-details"
    );
    assert_eq!(
        requests[0].authorization.as_deref(),
        Some(format!("Bearer {TOKEN}").as_str()),
        "the header is exactly `Bearer <token>`"
    );
}

#[tokio::test]
async fn a_path_prefix_is_kept() {
    let stub = KIT.stub().await;
    for base in [
        format!("{}/prefix", stub.base_url()),
        format!("{}/prefix/", stub.base_url()),
    ] {
        client(&base).billing_details(&org("acme")).await.unwrap();
    }
    let paths: Vec<String> = stub.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        vec!["/prefix/v1/organizations/acme/stripe/billing-details"; 2],
        "with or without a trailing slash, the prefix comes first"
    );
}

#[tokio::test]
async fn org_ids_with_reserved_characters_travel_as_one_segment() {
    let stub = KIT.stub().await;
    let tricky = "team/a b?c#d%e";
    client(&stub.base_url())
        .billing_details(&org(tricky))
        .await
        .expect("the stub reads the id back as one segment and serves demo data");
    assert_eq!(
        stub.requests()[0].path,
        "/v1/organizations/team%2Fa%20b%3Fc%23d%25e/stripe/billing-details"
    );
}

#[tokio::test]
async fn a_token_the_server_does_not_know_is_refused_with_a_settings_hint() {
    let stub = KIT.stub().await;
    let config = ClientConfig::from_base_url(&stub.base_url()).unwrap();
    let other = BillingClient::new(config, ApiToken::new("not-the-token").unwrap()).unwrap();
    let err = other.billing_details(&org("acme")).await.unwrap_err();
    assert_eq!(err.code(), "unauthorized", "{err}");
    assert_eq!(err.http_status(), Some(401));
    let text = err.to_string();
    assert!(text.contains("token was refused"), "{text}");
    assert!(text.contains("Connections screen"), "{text}");
    assert!(text.contains("bdesk token set"), "{text}");
    assert_eq!(stub.requests().len(), 1, "401 is never retried");
}

#[tokio::test]
async fn err_400_shows_the_servers_json_message() {
    let (err, _stub) = fetch_err("err-400").await;
    assert_eq!(err.code(), "bad_request");
    assert_eq!(err.http_status(), Some(400));
    assert!(
        err.to_string().contains(billing_stub::ERR_400_MESSAGE),
        "the server's own words are shown: {err}"
    );
}

#[tokio::test]
async fn err_400_text_shows_the_text_body() {
    let (err, _stub) = fetch_err("err-400-text").await;
    assert_eq!(err.code(), "bad_request");
    assert!(
        err.to_string().contains(billing_stub::ERR_400_TEXT),
        "a text body is the message: {err}"
    );
}

#[tokio::test]
async fn err_401_and_403_say_the_token_was_refused_and_where_to_change_it() {
    for (id, code, status) in [
        ("err-401", "unauthorized", 401),
        ("err-403", "forbidden", 403),
    ] {
        let (err, stub) = fetch_err(id).await;
        assert_eq!(err.code(), code, "{err}");
        assert_eq!(err.http_status(), Some(status));
        let text = err.to_string();
        assert!(text.contains("token was refused"), "{text}");
        assert!(text.contains("Connections screen"), "{text}");
        assert_eq!(stub.requests().len(), 1, "{id} is never retried");
    }
}

#[tokio::test]
async fn err_404_names_the_organization() {
    let (err, stub) = fetch_err("err-404").await;
    assert_eq!(err.code(), "not_found");
    let text = err.to_string();
    assert!(
        text.contains("err-404") && text.contains("not found"),
        "{text}"
    );
    assert_eq!(stub.requests().len(), 1, "404 is never retried");
}

#[tokio::test]
async fn err_500_is_a_server_error_tried_once() {
    let (err, stub) = fetch_err("err-500").await;
    assert_eq!(err.code(), "server_error");
    assert_eq!(err.http_status(), Some(500));
    assert!(err.to_string().contains("after 1 try"), "{err}");
    assert_eq!(
        stub.requests().len(),
        1,
        "500 is not retried (see retry.rs)"
    );
}

#[tokio::test]
async fn malformed_json_is_reported_with_its_position() {
    let (err, _stub) = fetch_err("malformed").await;
    assert_eq!(err.code(), "malformed");
    let text = err.to_string();
    assert!(text.contains("line") && text.contains("column"), "{text}");
}

#[tokio::test]
async fn a_wrong_type_names_the_field() {
    let (err, _stub) = fetch_err("wrong-type").await;
    assert_eq!(err.code(), "malformed");
    assert!(
        err.to_string().contains("invoices[1].amountDue"),
        "the field path is shown: {err}"
    );
}

#[tokio::test]
async fn an_integer_beyond_i64_is_an_error_naming_the_field() {
    let (err, _stub) = fetch_err("big-int").await;
    assert_eq!(err.code(), "malformed");
    assert!(err.to_string().contains("invoices[0].total"), "{err}");
}

#[tokio::test]
async fn missing_null_unknown_and_empty_data_are_not_errors() {
    let stub = KIT.stub().await;
    let client = client(&stub.base_url());
    for id in [
        "missing-fields",
        "null-fields",
        "missing-lists",
        "null-lists",
        "unknown-values",
        "empty",
        "unicode",
        "unsafe-links",
        "formula-text",
    ] {
        let result = client.billing_details(&org(id)).await;
        assert!(result.is_ok(), "{id} must decode: {:?}", result.err());
    }
    let empty = client.billing_details(&org("empty")).await.unwrap();
    assert!(empty.invoices.is_empty() && empty.payment_methods.is_empty());
}

#[tokio::test]
async fn fetch_raw_returns_the_body_as_sent() {
    let stub = KIT.stub().await;
    let raw = client(&stub.base_url())
        .fetch_raw(&org("empty"))
        .await
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&raw).unwrap();
    assert_eq!(
        value,
        serde_json::json!({"invoices": [], "paymentMethods": []})
    );
}

#[tokio::test]
async fn https_is_required_except_on_loopback() {
    let token = || ApiToken::new(TOKEN).unwrap();
    let remote = ClientConfig::from_base_url("http://billing.example.com");
    assert_eq!(remote.unwrap_err().code(), "insecure_base_url");
    for local in ["http://127.0.0.1:9", "http://localhost:9", "http://[::1]:9"] {
        let config = ClientConfig::from_base_url(local).unwrap();
        assert!(
            BillingClient::new(config, token()).is_ok(),
            "{local} is this computer"
        );
    }
}

#[tokio::test]
async fn debug_output_of_client_and_config_has_no_token() {
    let stub = KIT.stub().await;
    let client = client(&stub.base_url());
    let printed = format!("{client:?} {:?}", client.config());
    assert!(!printed.contains(TOKEN), "{printed}");
    assert!(
        printed.contains("<redacted>"),
        "the token's place is visibly redacted"
    );
}
