//! The retry policy as the stub sees it: which failures are tried again, how often, how far
//! apart, and that the overall deadline holds. Requests are counted on the stub's side.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::client_common::{ClientKit, org};

use std::time::{Duration, Instant};

use billing_core::client::BillingClient;
use billing_stub::StubHandle;

/// The default policy with short backoff pauses (Retry-After is still honoured in full); the
/// pauses stay longer than elsewhere, so the gaps between tries can be measured.
const KIT: ClientKit = ClientKit {
    token: "retry-token-51c2",
    base_delay: Duration::from_millis(20),
    max_delay: Duration::from_millis(100),
};

// A test here shortens the overall deadline, so this file keeps its own builder.
fn client_with(base: &str, deadline: Duration) -> BillingClient {
    let mut config = KIT.config(base);
    config.deadline = deadline;
    KIT.client(config)
}

fn client(base: &str) -> BillingClient {
    client_with(base, Duration::from_secs(120))
}

fn gaps(stub: &StubHandle) -> Vec<Duration> {
    let times: Vec<_> = stub.requests().iter().map(|r| r.at).collect();
    times.windows(2).map(|w| w[1] - w[0]).collect()
}

#[tokio::test]
async fn gateway_failures_are_retried_until_success() {
    for id in ["flaky-503", "flaky-502", "flaky-504"] {
        let stub = KIT.stub().await;
        let details = client(&stub.base_url()).billing_details(&org(id)).await;
        assert!(
            details.is_ok(),
            "{id}: the third try succeeds: {:?}",
            details.err()
        );
        assert_eq!(
            stub.requests().len(),
            3,
            "{id}: two failures, then the success"
        );
    }
}

#[tokio::test]
async fn a_500_is_not_retried() {
    let stub = KIT.stub().await;
    let err = client(&stub.base_url())
        .billing_details(&org("flaky-500"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "server_error");
    assert_eq!(
        stub.requests().len(),
        1,
        "500 would fail the same way again"
    );
}

#[tokio::test]
async fn a_gateway_failure_that_persists_gives_up_after_three_tries() {
    let stub = KIT.stub().await;
    let err = client(&stub.base_url())
        .billing_details(&org("err-503"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "server_error");
    assert_eq!(err.http_status(), Some(503));
    assert!(
        err.to_string().contains("gave up after 3 tries"),
        "the message says what was tried: {err}"
    );
    assert_eq!(stub.requests().len(), 3, "at most 3 tries");
}

#[tokio::test]
async fn err_401_is_exactly_one_request() {
    let stub = KIT.stub().await;
    let err = client(&stub.base_url())
        .billing_details(&org("err-401"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "unauthorized");
    assert_eq!(stub.requests().len(), 1, "a refused token is never retried");
}

#[tokio::test]
async fn err_400_403_404_are_never_retried() {
    for id in ["err-400", "err-403", "err-404"] {
        let stub = KIT.stub().await;
        client(&stub.base_url())
            .billing_details(&org(id))
            .await
            .unwrap_err();
        assert_eq!(stub.requests().len(), 1, "{id} is not retried");
    }
}

#[tokio::test]
async fn rate_limit_once_waits_the_retry_after_then_succeeds() {
    let stub = KIT.stub().await;
    let details = client(&stub.base_url())
        .billing_details(&org("rate-limit-once"))
        .await;
    assert!(details.is_ok(), "{:?}", details.err());
    assert_eq!(stub.requests().len(), 2);
    let gap = gaps(&stub)[0];
    assert!(
        gap >= Duration::from_millis(950),
        "Retry-After: 1 is honoured, waited {gap:?}"
    );
}

#[tokio::test]
async fn persistent_429_gives_up_after_three_tries_spaced_by_retry_after() {
    let stub = KIT.stub().await;
    let started = Instant::now();
    let err = client(&stub.base_url())
        .billing_details(&org("err-429"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "rate_limited");
    assert_eq!(err.http_status(), Some(429));
    assert!(err.to_string().contains("gave up after 3 tries"), "{err}");
    assert_eq!(stub.requests().len(), 3);
    for gap in gaps(&stub) {
        assert!(
            gap >= Duration::from_millis(950),
            "each pause honours Retry-After: {gap:?}"
        );
    }
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "no extra waiting"
    );
}

#[tokio::test]
async fn a_429_stops_when_the_retry_after_would_pass_the_deadline() {
    let stub = KIT.stub().await;
    let started = Instant::now();
    let err = client_with(&stub.base_url(), Duration::from_millis(1500))
        .billing_details(&org("err-429"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "rate_limited");
    assert_eq!(
        stub.requests().len(),
        2,
        "after the second 429 only ~0.5 s is left, less than the 1 s asked for"
    );
    assert!(err.to_string().contains("time limit"), "{err}");
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "gives up at once instead of sleeping past the deadline: {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_retry_after_above_the_cap_is_reported_without_waiting() {
    let stub = KIT.stub().await;
    let started = Instant::now();
    let err = client(&stub.base_url())
        .billing_details(&org("err-429-long"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "rate_limited");
    assert_eq!(stub.requests().len(), 1, "an hour's wait is not attempted");
    let text = err.to_string();
    assert!(text.contains("3600 s") && text.contains("30 s"), "{text}");
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported() {
    // A port that was free a moment ago: nothing listens there now.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let err = client(&format!("http://127.0.0.1:{port}"))
        .billing_details(&org("acme"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "network", "{err}");
    let text = err.to_string();
    assert!(text.contains("refused"), "{text}");
    assert!(
        text.contains("gave up after 3 tries"),
        "connection errors are retried: {text}"
    );
    assert!(
        text.contains(&format!("127.0.0.1:{port}")),
        "names the address: {text}"
    );
}
