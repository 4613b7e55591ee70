use billing_stub::StubConfig;

use crate::common::{client, details_url, error_message, stub, stub_with};

const TOKEN: &str = "tok_abc123";

async fn guarded() -> billing_stub::StubHandle {
    stub_with(StubConfig {
        token: Some(TOKEN.into()),
        ..Default::default()
    })
    .await
}

async fn status_with(
    stub: &billing_stub::StubHandle,
    authorization: Option<&str>,
) -> reqwest::Response {
    let mut request = client().get(details_url(&stub.base_url(), "acme"));
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn without_a_configured_token_any_request_passes() {
    let stub = stub().await;
    assert_eq!(
        status_with(&stub, None).await.status(),
        200,
        "no header needed"
    );
    assert_eq!(
        status_with(&stub, Some("Bearer anything")).await.status(),
        200,
        "any token accepted"
    );
}

#[tokio::test]
async fn a_missing_token_gets_401_with_a_json_error() {
    let stub = guarded().await;
    let response = status_with(&stub, None).await;
    assert_eq!(response.status(), 401, "a configured token is required");
    assert_eq!(
        response.headers()["www-authenticate"],
        "Bearer",
        "401 names the scheme"
    );
    assert!(
        !error_message(response).await.is_empty(),
        "the 401 explains itself"
    );
}

#[tokio::test]
async fn a_wrong_token_gets_401() {
    let stub = guarded().await;
    for value in [
        "Bearer nope",
        "Bearer tok_abc1234",
        "Basic dG9rX2FiYzEyMw==",
        TOKEN,
        "Bearer ",
    ] {
        assert_eq!(
            status_with(&stub, Some(value)).await.status(),
            401,
            "{value:?} must be refused"
        );
    }
}

#[tokio::test]
async fn the_right_token_passes_in_any_scheme_case() {
    let stub = guarded().await;
    for value in [format!("Bearer {TOKEN}"), format!("bearer {TOKEN}")] {
        assert_eq!(
            status_with(&stub, Some(&value)).await.status(),
            200,
            "the scheme is case-insensitive"
        );
    }
}

#[tokio::test]
async fn the_token_is_checked_before_the_scenario() {
    let stub = guarded().await;
    let response = client()
        .get(details_url(&stub.base_url(), "err-500"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        401,
        "a real API refuses the caller before doing anything"
    );
}

#[tokio::test]
async fn requests_are_recorded_with_their_authorization_but_debug_redacts_it() {
    let stub = guarded().await;
    status_with(&stub, Some(&format!("Bearer {TOKEN}"))).await;
    status_with(&stub, None).await;
    let recorded = stub.requests();
    assert_eq!(
        recorded.len(),
        2,
        "both requests are recorded, refused or not"
    );
    assert_eq!(
        recorded[0].authorization.as_deref(),
        Some("Bearer tok_abc123")
    );
    assert_eq!(
        recorded[1].authorization, None,
        "an absent header is recorded as None"
    );
    assert_eq!(recorded[0].method, "GET");
    assert_eq!(
        recorded[0].path,
        "/v1/organizations/acme/stripe/billing-details"
    );
    let debug = format!(
        "{recorded:?} {stub:?} {:?}",
        StubConfig {
            token: Some(TOKEN.into()),
            ..Default::default()
        }
    );
    assert!(
        !debug.contains(TOKEN),
        "Debug output must never show the token: {debug}"
    );
}
