//! The client's limits against the stub: body size cap, time limits, broken downloads,
//! redirects (and that the token never reaches another origin), and TLS failures.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::client_common::{ClientKit, org};

use std::time::{Duration, Instant};

use billing_core::client::ApiError;
use billing_core::ids::OrgId;
use billing_core::model::{DecodeError, ItemBudget};
use billing_core::retry::RetryPolicy;

const KIT: ClientKit = ClientKit {
    token: "limits-token-90d1",
    base_delay: Duration::from_millis(10),
    max_delay: Duration::from_millis(50),
};

#[tokio::test]
async fn a_body_announced_above_the_cap_is_refused_before_reading() {
    let stub = KIT.stub().await;
    let mut config = KIT.config(&stub.base_url());
    config.max_body_bytes = 100_000;
    let err = KIT
        .client(config)
        .billing_details(&org("huge-1000"))
        .await
        .unwrap_err();
    let ApiError::TooLarge { limit, announced } = &err else {
        panic!("expected TooLarge, got {err:?}");
    };
    assert_eq!(*limit, 100_000);
    assert!(
        announced.is_some_and(|n| n > 100_000),
        "Content-Length is checked first: {announced:?}"
    );
    assert_eq!(err.code(), "too_large");
    assert!(err.to_string().contains("larger than"), "{err}");
    assert_eq!(stub.requests().len(), 1, "too large is not retried");
}

#[tokio::test]
async fn a_streamed_body_is_cut_off_at_the_cap_while_it_arrives() {
    let stub = KIT.stub().await;
    let mut config = KIT.config(&stub.base_url());
    config.max_body_bytes = 1_000_000;
    // Beyond the stub's cache, huge-N is streamed without a Content-Length (~520 MB in all).
    let id = format!("huge-{}", billing_stub::HUGE_CACHE_UP_TO + 1);
    let err = KIT.client(config).fetch_raw(&org(&id)).await.unwrap_err();
    assert!(
        matches!(
            err,
            ApiError::TooLarge {
                announced: None,
                limit: 1_000_000
            }
        ),
        "counted while streaming: {err:?}"
    );
    // The stub generates the body only as fast as the client reads: what it made is what the
    // client took, plus socket and channel buffers (a few MB), not the 520 MB of the body.
    let generated = stub.streamed_bytes();
    assert!(
        (1_000_000..64 * 1024 * 1024).contains(&generated),
        "stops at the cap instead of downloading everything: the stub generated {generated} bytes"
    );
}

#[tokio::test]
async fn a_body_exactly_at_the_cap_is_accepted_and_one_byte_less_is_not() {
    let stub = KIT.stub().await;
    let size = KIT
        .client(KIT.config(&stub.base_url()))
        .fetch_raw(&org("acme"))
        .await
        .unwrap()
        .len() as u64;
    let mut at_cap = KIT.config(&stub.base_url());
    at_cap.max_body_bytes = size;
    assert!(
        KIT.client(at_cap)
            .billing_details(&org("acme"))
            .await
            .is_ok()
    );
    let mut below = KIT.config(&stub.base_url());
    below.max_body_bytes = size - 1;
    let err = KIT
        .client(below)
        .billing_details(&org("acme"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "too_large", "{err}");
}

#[tokio::test]
async fn slow_headers_hit_the_per_try_timeout_and_are_retried() {
    let stub = KIT.stub().await;
    let mut config = KIT.config(&stub.base_url());
    config.request_timeout = Duration::from_millis(300);
    config.retry.max_tries = 2;
    let started = Instant::now();
    let err = KIT
        .client(config)
        .billing_details(&org("slow-headers-5000"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "timeout", "{err}");
    assert!(err.to_string().contains("300 ms"), "names the limit: {err}");
    assert_eq!(stub.requests().len(), 2, "a timeout is retried");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_slow_body_hits_the_per_try_timeout() {
    let stub = KIT.stub().await;
    let mut config = KIT.config(&stub.base_url());
    config.request_timeout = Duration::from_millis(500);
    config.retry = RetryPolicy::single_try();
    let started = Instant::now();
    let err = KIT
        .client(config)
        .billing_details(&org("slow-body"))
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        "timeout",
        "the limit covers the body too: {err}"
    );
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn the_overall_deadline_bounds_a_single_long_try() {
    let stub = KIT.stub().await;
    let mut config = KIT.config(&stub.base_url());
    config.request_timeout = Duration::from_secs(30);
    config.deadline = Duration::from_millis(700);
    let started = Instant::now();
    let err = KIT
        .client(config)
        .billing_details(&org("slow-headers-5000"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "timeout", "{err}");
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(650) && elapsed < Duration::from_millis(1500),
        "ends at the deadline, not the 30 s per-try limit: {elapsed:?}"
    );
    assert_eq!(stub.requests().len(), 1, "no time is left for another try");
}

#[tokio::test]
async fn a_truncated_download_is_retried_then_reported_as_a_network_failure() {
    let stub = KIT.stub().await;
    let err = KIT
        .client(KIT.config(&stub.base_url()))
        .billing_details(&org("truncated"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "network", "{err}");
    assert!(
        err.to_string()
            .contains("broke while the answer was downloading"),
        "{err}"
    );
    assert_eq!(stub.requests().len(), 3, "a broken download is transient");
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_refused_and_the_token_stays_home() {
    let stub = KIT.stub().await;
    let err = KIT
        .client(KIT.config(&stub.base_url()))
        .billing_details(&org("redirect-other-origin"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "redirect_refused", "{err}");
    assert_eq!(
        err,
        ApiError::Redirect {
            to: stub.other_origin_base_url()
        },
        "the error names the foreign origin"
    );
    assert!(
        stub.other_origin_requests().is_empty(),
        "the other origin never receives a request, with or without the token"
    );
    assert_eq!(stub.requests().len(), 1);
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed_with_the_token() {
    let stub = KIT.stub().await;
    let base = format!("{}/prefix", stub.base_url());
    let details = KIT
        .client(KIT.config(&base))
        .billing_details(&org("redirect-same-origin"))
        .await;
    assert!(details.is_ok(), "{:?}", details.err());
    let requests = stub.requests();
    assert_eq!(requests.len(), 2, "the redirect and its target");
    assert_eq!(
        requests[1].path,
        "/prefix/v1/organizations/demo-redirected/stripe/billing-details"
    );
    let bearer = format!("Bearer {}", KIT.token);
    assert_eq!(
        requests[1].authorization.as_deref(),
        Some(bearer.as_str()),
        "the same origin still gets the token (it is the same service)"
    );
    assert!(stub.other_origin_requests().is_empty());
}

#[tokio::test]
async fn https_to_a_plain_http_port_is_a_tls_error_not_retried() {
    let stub = KIT.stub().await;
    let base = format!("https://{}", stub.addr());
    let err = KIT
        .client(KIT.config(&base))
        .billing_details(&org("acme"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "tls", "{err:?}");
    let text = err.to_string();
    assert!(text.contains("secure connection"), "{text}");
}

/// The body (6 MB) is decoded as it streams in, so its length is not counted up front: the
/// decode stops once the items decoded take far more memory than the body's size accounts
/// for, long before the invoice limit.
#[tokio::test]
async fn minimal_objects_past_the_invoice_limit_fail_the_organization_with_a_clear_error() {
    let stub = KIT.stub().await;
    let limit = billing_core::model::MAX_INVOICES;
    let client = KIT.client(KIT.config(&stub.base_url()));
    let err = client
        .billing_details(&org(&format!("minimal-{}", limit + 1)))
        .await
        .unwrap_err();
    let ApiError::Malformed(DecodeError::Inflated { items, bytes }) = err else {
        panic!("{err:?}");
    };
    assert!(items < limit / 4, "stopped early: {items} items");
    assert!(bytes <= 3 * (limit as u64 + 1) + 100, "{bytes} bytes read");
}

#[tokio::test]
async fn a_budgeted_client_stops_decoding_once_a_batch_holds_its_budget() {
    let stub = KIT.stub().await;
    let budget = ItemBudget::new(2_500);
    let client = KIT
        .client(KIT.config(&stub.base_url()))
        .with_item_budget(budget.clone());
    let orgs: Vec<OrgId> = (0..3).map(|i| org(&format!("minimal-1000~{i}"))).collect();
    let results = billing_core::batch::fetch_batch(
        &client,
        orgs,
        billing_core::batch::BatchOptions { concurrency: 1 },
        |_, _: &_| {},
        tokio_util::sync::CancellationToken::new(),
    )
    .await;
    let outcomes: Vec<Result<usize, String>> = results
        .iter()
        .map(|r| match &r.result {
            Ok(details) => Ok(details.invoices.len()),
            Err(error) => Err(error.to_string()),
        })
        .collect();
    assert_eq!(outcomes[0], Ok(1_000));
    assert_eq!(outcomes[1], Ok(1_000));
    let refused = outcomes[2].as_ref().unwrap_err();
    assert!(
        refused.contains("holds at most 2500") && refused.contains("2000 are loaded"),
        "{refused}"
    );
    assert!(
        matches!(
            results[2].result,
            Err(ApiError::Malformed(DecodeError::OverBudget { .. }))
        ),
        "the third organization is refused before it is decoded"
    );
    assert_eq!(budget.held(), 2_000, "what the run keeps stays counted");
}

/// A body past the streaming threshold (4 MB) is decoded while it arrives; it must give what
/// the whole body decodes to, both when the server sends its length and when it streams in
/// chunks without one (past the stub's cache limit).
#[tokio::test]
async fn a_large_answer_decoded_as_it_arrives_equals_the_whole_body_decoded() {
    let stub = KIT
        .stub_with(billing_stub::StubConfig {
            huge_cache_up_to: 10_000,
            ..billing_stub::StubConfig::default()
        })
        .await;
    stub.set_now(Some(chrono::Utc::now()));
    let client = KIT.client(KIT.config(&stub.base_url()));
    for name in ["huge-10000", "huge-10001"] {
        let streamed = client.billing_details(&org(name)).await.unwrap();
        let body = client.fetch_raw(&org(name)).await.unwrap();
        assert!(body.len() > 4 * 1024 * 1024, "{name} is past the threshold");
        let whole = billing_core::model::decode_billing_details(&body).unwrap();
        assert_eq!(streamed.invoices.len(), whole.invoices.len(), "{name}");
        assert!(streamed == whole, "{name}: the same details");
    }
}

/// A large body refused while it streams in (no length announced) is refused as too large,
/// not as malformed, and is not tried again.
#[tokio::test]
async fn a_streamed_body_past_the_cap_is_refused_while_it_arrives() {
    let stub = KIT
        .stub_with(billing_stub::StubConfig {
            huge_cache_up_to: 1_000,
            ..billing_stub::StubConfig::default()
        })
        .await;
    let mut config = KIT.config(&stub.base_url());
    config.max_body_bytes = 5_000_000;
    let err = KIT
        .client(config)
        .billing_details(&org("huge-20000"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            ApiError::TooLarge {
                announced: None,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(stub.requests().len(), 1, "too large is not retried");
}
