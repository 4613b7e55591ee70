//! Network faults against the real stub: connection refused, a reset in the
//! middle of the body, a body at one byte a second, a 2 GiB body, a storm of 429s and a host
//! name that does not resolve. Each ends in its documented [`ApiError`] code and message,
//! within the configured time limits and the retry policy.
//!
//! Time limits are set small through [`ClientConfig`] so the suite stays quick; the only time
//! assertions are "it ended with the timeout error" and the counts of tries.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::client_common::{ClientKit, org};

use std::time::Duration;

use billing_core::client::{ApiError, ClientConfig};
use billing_core::retry::{Attempts, GiveUpReason};
use billing_stub::faults::{UNRESOLVABLE_BASE_URL, refused_base_url, spawn_reset_mid_body};

const KIT: ClientKit = ClientKit {
    token: "faults-token-5e21",
    base_delay: Duration::from_millis(10),
    max_delay: Duration::from_millis(50),
};

/// Short pauses between tries, three tries, generous time limits (tests lower them). The
/// tests count tries and hit these limits, so they are set here, not taken from the defaults.
fn config(base: &str) -> ClientConfig {
    let mut config = KIT.config(base);
    config.retry.max_tries = 3;
    config.connect_timeout = Duration::from_secs(5);
    config.request_timeout = Duration::from_secs(10);
    config.deadline = Duration::from_secs(20);
    config
}

async fn fetch(config: ClientConfig, id: &str) -> ApiError {
    KIT.client(config)
        .billing_details(&org(id))
        .await
        .expect_err("the fault must end the fetch with an error")
}

fn attempts(error: &ApiError) -> Attempts {
    match error {
        ApiError::Network { attempts, .. }
        | ApiError::Timeout { attempts, .. }
        | ApiError::RateLimited { attempts }
        | ApiError::Server { attempts, .. } => *attempts,
        other => panic!("{other:?} carries no attempts"),
    }
}

fn assert_not_leaking(error: &ApiError) {
    let text = format!("{error} {error:?}");
    assert!(
        !text.contains(KIT.token),
        "no error text may hold the token: {text}"
    );
}

#[tokio::test]
async fn connection_refused_is_a_network_error_after_every_try() {
    let base = refused_base_url().unwrap();
    let error = fetch(config(&base), "acme").await;
    assert_eq!(error.code(), "network", "{error:?}");
    let text = error.to_string();
    assert!(
        text.contains("the connection was refused"),
        "says what happened: {text}"
    );
    assert!(
        text.contains(&base),
        "names the origin it tried, so a wrong port is visible: {text}"
    );
    let attempts = attempts(&error);
    assert_eq!(
        attempts.tries, 3,
        "a refused connection is transient: every try of the policy is used"
    );
    assert_eq!(attempts.gave_up, Some(GiveUpReason::OutOfTries));
    assert!(text.contains("gave up after 3 tries"), "{text}");
    assert_not_leaking(&error);
}

#[tokio::test]
async fn a_reset_in_the_middle_of_the_body_is_a_network_error_retried_within_the_policy() {
    let server = spawn_reset_mid_body().await.unwrap();
    let error = fetch(config(&server.base_url()), "acme").await;
    assert_eq!(error.code(), "network", "{error:?}");
    let text = error.to_string();
    assert!(
        text.to_lowercase().contains("reset"),
        "the reset is named, not reported as a clean end of the body: {text}"
    );
    assert_eq!(
        server.requests(),
        3,
        "a broken download is transient: exactly the policy's three tries"
    );
    assert_eq!(attempts(&error).tries, 3);
    assert_not_leaking(&error);
}

#[tokio::test]
async fn a_body_at_one_byte_a_second_hits_the_per_try_timeout() {
    let stub = KIT.stub().await;
    let mut config = config(&stub.base_url());
    config.request_timeout = Duration::from_millis(700);
    config.retry.max_tries = 2;
    let error = fetch(config, "slow-body-1000").await;
    assert_eq!(
        error.code(),
        "timeout",
        "the per-try limit covers the body, so a trickle cannot hang the fetch: {error:?}"
    );
    let ApiError::Timeout { limit, attempts } = &error else {
        unreachable!()
    };
    assert_eq!(
        *limit,
        Duration::from_millis(700),
        "the per-try limit is named"
    );
    assert_eq!(attempts.tries, 2, "a timeout is retried up to max_tries");
    assert_eq!(stub.requests().len(), 2, "the stub saw exactly those tries");
    assert!(
        error.to_string().contains("did not answer in time"),
        "{error}"
    );
}

#[tokio::test]
async fn a_body_at_one_byte_a_second_is_stopped_by_the_overall_deadline() {
    let stub = KIT.stub().await;
    let mut config = config(&stub.base_url());
    config.request_timeout = Duration::from_secs(60);
    config.deadline = Duration::from_millis(800);
    let error = fetch(config, "slow-body-1000").await;
    assert_eq!(error.code(), "timeout", "{error:?}");
    let ApiError::Timeout { limit, .. } = &error else {
        unreachable!()
    };
    assert!(
        *limit <= Duration::from_millis(800),
        "the limit hit is what was left of the deadline, not the 60 s per try: {limit:?}"
    );
    assert_eq!(stub.requests().len(), 1, "no time is left for a second try");
}

/// The process's peak resident memory (VmHWM), in bytes; `None` off Linux.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[tokio::test]
async fn a_2_gib_body_stops_at_the_size_cap_with_bounded_memory() {
    const CAP: u64 = 32 * 1024 * 1024;
    let stub = KIT.stub().await;
    let mut config = config(&stub.base_url());
    config.max_body_bytes = CAP;
    let before = peak_rss();
    // ~2.2 GB, streamed without a Content-Length: only counting can stop it.
    let error = fetch(config, "huge-4200000").await;
    let after = peak_rss();
    assert_eq!(
        error,
        ApiError::TooLarge {
            limit: CAP,
            announced: None
        },
        "stopped at the cap while streaming"
    );
    let text = error.to_string();
    assert!(
        text.contains("larger than the 33.6 MB Billing Desk accepts"),
        "names the cap: {text}"
    );
    assert_eq!(stub.requests().len(), 1, "too large is not retried");
    if let (Some(before), Some(after)) = (before, after) {
        let grown = after.saturating_sub(before);
        // The body buffer at the cap, one reallocation while it grows, and the stub's own
        // chunks (it runs in this process): far below the 2.2 GB the server offered.
        assert!(
            grown < 3 * CAP + 64 * 1024 * 1024,
            "peak memory grew by {grown} bytes for a {CAP}-byte cap"
        );
        eprintln!("2 GiB body: peak RSS grew by {} MiB", grown / (1024 * 1024));
    }
}

#[tokio::test]
async fn a_storm_of_429s_uses_exactly_the_policy_s_tries() {
    let stub = KIT.stub().await;
    let error = fetch(config(&stub.base_url()), "err-429").await;
    assert_eq!(error.code(), "rate_limited", "{error:?}");
    let attempts = attempts(&error);
    assert_eq!(attempts.tries, 3, "max_tries of the policy");
    assert_eq!(attempts.gave_up, Some(GiveUpReason::OutOfTries));
    assert_eq!(
        stub.requests().len(),
        3,
        "the stub saw no request beyond the policy"
    );
    let text = error.to_string();
    assert!(
        text.contains("HTTP 429") && text.contains("gave up after 3 tries"),
        "{text}"
    );
}

#[tokio::test]
async fn a_storm_of_429s_stops_before_the_deadline() {
    let stub = KIT.stub().await;
    let mut config = config(&stub.base_url());
    config.retry.max_tries = 10;
    // Retry-After: 1 each time; after the second 429 less than a second is left.
    config.deadline = Duration::from_millis(1_500);
    let error = fetch(config, "err-429").await;
    assert_eq!(error.code(), "rate_limited", "{error:?}");
    let attempts = attempts(&error);
    assert!(
        matches!(
            attempts.gave_up,
            Some(GiveUpReason::DeadlineTooClose { .. })
        ),
        "gave up because the next pause would pass the deadline: {attempts:?}"
    );
    assert_eq!(
        stub.requests().len(),
        2,
        "no try starts once the server's pause would pass the deadline"
    );
}

#[tokio::test]
async fn a_name_that_does_not_resolve_is_a_network_error_not_a_timeout() {
    let mut config = config(UNRESOLVABLE_BASE_URL);
    config.connect_timeout = Duration::from_secs(5);
    config.request_timeout = Duration::from_secs(5);
    config.deadline = Duration::from_secs(12);
    let error = fetch(config, "acme").await;
    assert_eq!(
        error.code(),
        "network",
        ".invalid never resolves (RFC 6761), so the lookup fails instead of hanging: {error:?}"
    );
    let text = error.to_string();
    assert!(
        text.contains("the host name could not be found"),
        "says the name is unknown: {text}"
    );
    assert!(text.contains("billing-desk-fault.invalid"), "{text}");
    assert_eq!(attempts(&error).tries, 3, "a failed lookup is retried");
}
