use billing_stub::{ERR_400_MESSAGE, ERR_400_TEXT, StubConfig};

use crate::common::{error_message, get, stub, stub_with};

#[tokio::test]
async fn error_scenarios_answer_their_status_with_a_json_message() {
    let stub = stub().await;
    for (org, status) in [
        ("err-400", 400),
        ("err-401", 401),
        ("err-403", 403),
        ("err-404", 404),
        ("err-500", 500),
        ("err-502", 502),
        ("err-503", 503),
        ("err-504", 504),
        ("err-404~tagged", 404),
    ] {
        let response = get(&stub, org).await;
        assert_eq!(response.status(), status, "{org} answers {status}");
        assert_eq!(
            response.headers()["content-type"],
            "application/json",
            "{org} is a JSON error"
        );
        assert!(
            !error_message(response).await.is_empty(),
            "{org} carries a message"
        );
    }
}

#[tokio::test]
async fn err_400_carries_the_documented_message() {
    let stub = stub().await;
    assert_eq!(
        error_message(get(&stub, "err-400").await).await,
        ERR_400_MESSAGE
    );
}

#[tokio::test]
async fn err_400_text_is_a_plain_text_body() {
    let stub = stub().await;
    let response = get(&stub, "err-400-text").await;
    assert_eq!(response.status(), 400);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    assert_eq!(
        response.text().await.unwrap(),
        ERR_400_TEXT,
        "clients show this text as the message"
    );
}

#[tokio::test]
async fn err_401_refuses_even_the_right_token() {
    let stub = stub_with(StubConfig {
        token: Some("t".into()),
        ..Default::default()
    })
    .await;
    let response = crate::common::client()
        .get(crate::common::details_url(&stub.base_url(), "err-401"))
        .bearer_auth("t")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401, "err-401 simulates a revoked token");
}

#[tokio::test]
async fn err_429_always_says_retry_after_one_second() {
    let stub = stub().await;
    for attempt in 0..3 {
        let response = get(&stub, "err-429").await;
        assert_eq!(
            response.status(),
            429,
            "attempt {attempt} is rate limited too"
        );
        assert_eq!(response.headers()["retry-after"], "1");
    }
    assert_eq!(
        get(&stub, "err-429-long").await.headers()["retry-after"],
        "3600"
    );
}

async fn statuses(stub: &billing_stub::StubHandle, org: &str, count: usize) -> Vec<u16> {
    let mut out = Vec::new();
    for _ in 0..count {
        out.push(get(stub, org).await.status().as_u16());
    }
    out
}

#[tokio::test]
async fn rate_limit_once_then_data_until_reset() {
    let stub = stub().await;
    let first = get(&stub, "rate-limit-once").await;
    assert_eq!(first.status(), 429);
    assert_eq!(first.headers()["retry-after"], "1");
    assert_eq!(
        statuses(&stub, "rate-limit-once", 2).await,
        [200, 200],
        "then it succeeds"
    );
    stub.reset_counters();
    assert_eq!(
        statuses(&stub, "rate-limit-once", 2).await,
        [429, 200],
        "a reset restarts it"
    );
}

#[tokio::test]
async fn flaky_scenarios_fail_twice_then_succeed() {
    let stub = stub().await;
    for (org, status) in [
        ("flaky-503", 503),
        ("flaky-502", 502),
        ("flaky-500", 500),
        ("flaky-504", 504),
    ] {
        assert_eq!(
            statuses(&stub, org, 4).await,
            [status, status, 200, 200],
            "{org}"
        );
    }
    stub.reset_counters();
    assert_eq!(
        statuses(&stub, "flaky-503", 3).await,
        [503, 503, 200],
        "reset_counters restarts the count"
    );
}

#[tokio::test]
async fn tagged_orgs_count_separately() {
    let stub = stub().await;
    assert_eq!(statuses(&stub, "flaky-503~a", 3).await, [503, 503, 200]);
    assert_eq!(
        statuses(&stub, "flaky-503~b", 3).await,
        [503, 503, 200],
        "another tag has its own counter, so batches can mix flaky orgs"
    );
}
