//! Batch fetching against the stub: per-org results in input order, progress, bounded
//! concurrency and cancellation.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::client_common::{ClientKit, org};

use std::time::{Duration, Instant};

use billing_core::batch::{BatchOptions, fetch_batch};
use billing_core::client::BillingClient;
use billing_core::ids::OrgId;
use billing_core::progress::Progress;
use billing_stub::{StubConfig, StubHandle};
use tokio_util::sync::CancellationToken;

/// Short pauses keep the batches with flaky orgs quick.
const KIT: ClientKit = ClientKit {
    token: "batch-token-3e77",
    base_delay: Duration::from_millis(5),
    max_delay: Duration::from_millis(20),
};

// The batch tests vary the stub's latency, so fetches overlap; these two wrappers only name
// that and the stub's base URL.
async fn stub(latency: Duration) -> StubHandle {
    KIT.stub_with(StubConfig {
        latency,
        ..StubConfig::default()
    })
    .await
}

fn client(stub: &StubHandle) -> BillingClient {
    KIT.client(KIT.config(&stub.base_url()))
}

fn orgs(ids: impl IntoIterator<Item = String>) -> Vec<OrgId> {
    ids.into_iter().map(|id| org(&id)).collect()
}

/// 50 orgs: every 5th is not found, every 7th malformed, every 11th flaky (recovers), the
/// rest demo data. `~i` tags give each its own stub counter.
fn mixed_ids() -> Vec<String> {
    (0..50u32)
        .map(|i| match i {
            i if i.is_multiple_of(5) => format!("err-404~{i}"),
            i if i.is_multiple_of(7) => format!("malformed~{i}"),
            i if i.is_multiple_of(11) => format!("flaky-503~{i}"),
            i => format!("org-{i}"),
        })
        .collect()
}

fn expected_code(id: &str) -> Option<&'static str> {
    if id.starts_with("err-404") {
        Some("not_found")
    } else if id.starts_with("malformed") {
        Some("malformed")
    } else {
        None
    }
}

#[tokio::test]
async fn a_mixed_batch_keeps_every_result_in_input_order() {
    let stub = stub(Duration::ZERO).await;
    let ids = mixed_ids();
    let mut reports: Vec<(Progress, OrgId)> = Vec::new();
    let results = fetch_batch(
        &client(&stub),
        orgs(ids.clone()),
        BatchOptions::default(),
        |p, org: &OrgId| reports.push((p, org.clone())),
        CancellationToken::new(),
    )
    .await;

    assert_eq!(results.len(), 50, "one result per org");
    let mut expected_failures = 0;
    for (result, id) in results.iter().zip(&ids) {
        assert_eq!(result.org.as_str(), id, "results come back in input order");
        match expected_code(id) {
            Some(code) => {
                expected_failures += 1;
                let err = result.result.as_ref().expect_err(id);
                assert_eq!(err.code(), code, "{id}");
            }
            None => assert!(
                result.result.is_ok(),
                "{id} must succeed despite its neighbours: {:?}",
                result.result.as_ref().err()
            ),
        }
    }

    assert_eq!(reports.len(), 50, "one progress report per org");
    for (n, (report, _)) in reports.iter().enumerate() {
        assert_eq!(report.done, n + 1, "done grows by one per report");
        assert_eq!(report.total, 50);
        assert!(report.failed <= report.done);
    }
    assert!(
        reports.windows(2).all(|w| w[0].0.failed <= w[1].0.failed),
        "failed never goes down"
    );
    let (last, _) = reports.last().unwrap();
    assert_eq!((last.done, last.failed), (50, expected_failures));
    let mut reported: Vec<&str> = reports.iter().map(|(_, org)| org.as_str()).collect();
    let mut all: Vec<&str> = ids.iter().map(String::as_str).collect();
    reported.sort_unstable();
    all.sort_unstable();
    assert_eq!(reported, all, "each org is reported exactly once");
}

#[tokio::test]
async fn concurrency_is_bounded() {
    let latency = Duration::from_millis(100);
    let stub = stub(latency).await;
    let started = Instant::now();
    let results = fetch_batch(
        &client(&stub),
        orgs((0..16).map(|i| format!("org-{i}"))),
        BatchOptions { concurrency: 4 },
        |_, _: &_| {},
        CancellationToken::new(),
    )
    .await;
    let elapsed = started.elapsed();
    assert!(results.iter().all(|r| r.result.is_ok()));
    assert!(
        elapsed >= latency * 4 - Duration::from_millis(20),
        "16 orgs 4 at a time need 4 rounds of {latency:?}, took {elapsed:?}"
    );
    assert!(
        elapsed < latency * 8,
        "but run in parallel, not one by one: {elapsed:?}"
    );
    let arrivals: Vec<Instant> = stub.requests().iter().map(|r| r.at).collect();
    let first = arrivals[0];
    let in_first_round = arrivals
        .iter()
        .filter(|at| at.duration_since(first) < latency / 2)
        .count();
    assert_eq!(in_first_round, 4, "exactly 4 requests start together");
}

#[tokio::test]
async fn cancelling_mid_way_ends_quickly_and_marks_the_rest_cancelled() {
    let latency = Duration::from_millis(200);
    let stub = stub(latency).await;
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    let started = Instant::now();
    let results = fetch_batch(
        &client(&stub),
        orgs((0..40).map(|i| format!("org-{i}"))),
        BatchOptions { concurrency: 4 },
        move |p: billing_core::progress::Progress, _: &_| {
            if p.done == 8 {
                trigger.cancel();
            }
        },
        cancel,
    )
    .await;
    let elapsed = started.elapsed();

    assert_eq!(results.len(), 40, "every org still has a result");
    let ok = results.iter().filter(|r| r.result.is_ok()).count();
    let cancelled = results
        .iter()
        .filter(|r| r.result.as_ref().is_err_and(|e| e.code() == "cancelled"))
        .count();
    assert!(ok >= 8, "what finished before cancelling is kept: {ok}");
    assert_eq!(ok + cancelled, 40, "everything else is cancelled");
    assert!(cancelled >= 28, "most of the batch never ran: {cancelled}");
    assert!(
        elapsed < latency * 4,
        "returns about when cancelled (2 rounds), not after 10 rounds: {elapsed:?}"
    );
    assert!(
        stub.requests().len() < 16,
        "pending orgs are not requested after cancelling: {}",
        stub.requests().len()
    );
}

#[tokio::test]
async fn a_batch_cancelled_before_it_starts_sends_nothing() {
    let stub = stub(Duration::ZERO).await;
    let cancel = CancellationToken::new();
    cancel.cancel();
    let mut reports = 0;
    let results = fetch_batch(
        &client(&stub),
        orgs((0..5).map(|i| format!("org-{i}"))),
        BatchOptions::default(),
        |_, _: &_| reports += 1,
        cancel,
    )
    .await;
    assert!(
        results
            .iter()
            .all(|r| r.result.as_ref().is_err_and(|e| e.code() == "cancelled"))
    );
    assert_eq!(
        reports, 5,
        "cancelled orgs are reported too, so progress reaches total"
    );
    assert!(stub.requests().is_empty(), "no request after cancelling");
}

#[tokio::test]
async fn an_empty_batch_returns_nothing_and_reports_nothing() {
    let stub = stub(Duration::ZERO).await;
    let mut reports = 0;
    let results = fetch_batch(
        &client(&stub),
        Vec::new(),
        BatchOptions::default(),
        |_, _: &_| reports += 1,
        CancellationToken::new(),
    )
    .await;
    assert!(results.is_empty());
    assert_eq!(reports, 0);
}
