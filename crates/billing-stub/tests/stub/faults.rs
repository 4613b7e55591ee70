use std::time::{Duration, Instant};

use billing_stub::StubConfig;
use billing_stub::demo::billing_details_json;

use crate::common::{client, details_url, fixed_now, get, stub, stub_with};

#[tokio::test]
async fn slow_headers_does_not_answer_within_a_client_timeout() {
    let stub = stub().await;
    let started = Instant::now();
    let error = reqwest::Client::builder()
        .timeout(Duration::from_millis(400))
        .build()
        .unwrap()
        .get(details_url(&stub.base_url(), "slow-headers"))
        .send()
        .await
        .expect_err("slow-headers waits 10 s, far past a 400 ms timeout");
    assert!(
        error.is_timeout(),
        "the client must see a timeout, not another error: {error}"
    );
    assert!(started.elapsed() >= Duration::from_millis(400));
}

#[tokio::test]
async fn slow_headers_with_a_delay_answers_after_it() {
    let stub = stub().await;
    let started = Instant::now();
    let response = get(&stub, "slow-headers-300").await;
    assert_eq!(response.status(), 200, "the delayed answer is demo data");
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "slow-headers-300 waits 300 ms"
    );
}

#[tokio::test]
async fn slow_body_sends_headers_at_once_and_trickles_the_body() {
    let stub = stub().await;
    stub.set_now(Some(fixed_now()));
    let started = Instant::now();
    let mut response = get(&stub, "slow-body").await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "headers arrive at once"
    );
    let expected = billing_details_json("slow-body", fixed_now(), &stub.base_url());
    assert_eq!(
        response.content_length(),
        Some(expected.len() as u64),
        "the full length is declared up front"
    );
    let mut received = 0;
    let _ = tokio::time::timeout(Duration::from_millis(1_000), async {
        while let Ok(Some(chunk)) = response.chunk().await {
            received += chunk.len();
        }
    })
    .await;
    assert!(
        (3..=15).contains(&received),
        "about one byte per 100 ms should arrive in one second, got {received}"
    );
}

#[tokio::test]
async fn slow_body_with_a_fast_rate_delivers_the_whole_demo() {
    let stub = stub().await;
    stub.set_now(Some(fixed_now()));
    let body = get(&stub, "slow-body-0").await.bytes().await.unwrap();
    assert_eq!(
        body.as_ref(),
        billing_details_json("slow-body-0", fixed_now(), &stub.base_url()).as_slice(),
        "trickling must not change the bytes"
    );
}

#[tokio::test]
async fn truncated_declares_more_than_it_sends_then_closes() {
    let stub = stub().await;
    let mut response = get(&stub, "truncated").await;
    assert_eq!(response.status(), 200);
    let declared = response
        .content_length()
        .expect("a Content-Length is declared");
    let mut received = 0u64;
    let outcome = loop {
        match response.chunk().await {
            Ok(Some(chunk)) => received += chunk.len() as u64,
            Ok(None) => break Ok(()),
            Err(error) => break Err(error),
        }
    };
    assert!(
        outcome.is_err(),
        "a body shorter than its Content-Length is an error for the client"
    );
    assert!(
        received < declared,
        "fewer bytes ({received}) than declared ({declared})"
    );
    assert!(
        received > 0,
        "half of the body is sent before the connection closes"
    );
}

#[tokio::test]
async fn latency_delays_every_answer() {
    let stub = stub_with(StubConfig {
        latency: Duration::from_millis(150),
        ..Default::default()
    })
    .await;
    let started = Instant::now();
    assert_eq!(get(&stub, "acme").await.status(), 200);
    let pdf = client()
        .get(format!("{}/pdf/in_1.pdf", stub.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), 200);
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "both requests wait the configured 150 ms"
    );
}
