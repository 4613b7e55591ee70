//! Load on the app's engine: a batch of 1,000 organizations through
//! [`billing_core::desk::Desk::fetch_orgs`] against the real stub, with progress, and the same
//! batch cancelled in the middle (`Desk::fetch_cancel` from the progress callback, as the
//! window's Cancel button does while `fetch-progress` events arrive).
//!
//! No timing is asserted here; `scripts/bench-load.sh` prints the figures.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::client_common::spawn_stub;
use crate::desk_common;

use std::collections::HashMap;
use std::time::Duration;

use billing_core::desk::{Desk, ErrorCode, OrgState, OrgStatus};
use billing_core::progress::Progress;
use billing_core::query::InvoiceQuery;
use billing_stub::{StubConfig, StubHandle};
use desk_common::{TOKEN, connected_desk, now, requests_for};

/// Organizations in the batch.
const ORGS: usize = 1_000;
/// Progress reports after which the second batch is cancelled.
const CANCEL_AFTER: usize = 300;

/// The stub with a little latency per request, so a cancel finds fetches in flight.
async fn slow_stub() -> StubHandle {
    let stub = spawn_stub(StubConfig {
        token: Some(TOKEN.into()),
        latency: Duration::from_millis(5),
        ..StubConfig::default()
    })
    .await;
    stub.set_now(Some(now()));
    stub
}

fn org_ids() -> Vec<String> {
    (0..ORGS).map(|i| format!("load-{i:04}")).collect()
}

/// Invoices and payment methods the stub serves for each organization.
fn expected(stub: &StubHandle, ids: &[String]) -> HashMap<String, (usize, usize)> {
    ids.iter()
        .map(|id| {
            let details = billing_stub::demo::billing_details(id, now(), &stub.base_url());
            (
                id.clone(),
                (details.invoices.len(), details.payment_methods.len()),
            )
        })
        .collect()
}

/// Asserts the reports of one batch: one per organization, `done` counting up by one to the
/// total, `failed` never above `done` and never going down.
fn assert_progress_consistent(reports: &[Progress]) {
    assert_eq!(reports.len(), ORGS, "one progress report per organization");
    let mut failed = 0;
    for (i, report) in reports.iter().enumerate() {
        assert_eq!(
            report.total, ORGS,
            "report {i}: the total is the batch size"
        );
        assert_eq!(report.done, i + 1, "report {i}: done counts up by one");
        assert!(
            report.failed >= failed && report.failed <= report.done,
            "report {i}: failures only accumulate and never exceed done: {report:?}"
        );
        failed = report.failed;
    }
}

/// Asserts `status` shows the organization's complete data, fetched now.
fn assert_complete(status: &OrgStatus, expected: &HashMap<String, (usize, usize)>) {
    let (invoices, methods) = expected[status.org_id.as_str()];
    assert_eq!(
        status.state,
        OrgState::Fresh,
        "{}: loaded in this session",
        status.org_id
    );
    assert_eq!(
        (status.invoices, status.payment_methods),
        (invoices, methods),
        "{}: every invoice and payment method the API sent, not part of them",
        status.org_id
    );
    assert!(status.fetched_at.is_some(), "{}: has a time", status.org_id);
}

async fn desk_over(root: &tempfile::TempDir, stub: &StubHandle, ids: &[String]) -> Desk {
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let desk = connected_desk(root, stub, &refs).await;
    desk.ready().await;
    desk
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_of_1000_organizations_reports_progress_and_loads_every_one() {
    let stub = slow_stub().await;
    let ids = org_ids();
    let expected = expected(&stub, &ids);
    let root = tempfile::tempdir().unwrap();
    let desk = desk_over(&root, &stub, &ids).await;

    let mut reports = Vec::new();
    let statuses = desk
        .fetch_orgs(None, false, |p| reports.push(p))
        .await
        .unwrap();
    assert_progress_consistent(&reports);
    assert_eq!(
        reports.last().unwrap().failed,
        0,
        "no organization fails against a healthy stub"
    );
    let listed: Vec<&str> = statuses.iter().map(|s| s.org_id.as_str()).collect();
    assert_eq!(
        listed, ids,
        "a status for every organization, in list order"
    );
    for status in &statuses {
        assert_complete(status, &expected);
    }
    let all: usize = expected.values().map(|(invoices, _)| invoices).sum();
    let page = desk.invoices_query(&InvoiceQuery::default(), now()).await;
    assert_eq!(
        (page.loaded, page.matched),
        (all, all),
        "the invoice table over all organizations holds every invoice of the 1,000"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_cancelled_in_the_middle_leaves_a_consistent_state_and_a_later_fetch_completes() {
    let stub = slow_stub().await;
    let ids = org_ids();
    let expected = expected(&stub, &ids);
    let root = tempfile::tempdir().unwrap();
    let desk = desk_over(&root, &stub, &ids).await;

    let mut reports = Vec::new();
    let statuses = desk
        .fetch_orgs(None, false, |p| {
            reports.push(p);
            if reports.len() == CANCEL_AFTER {
                desk.fetch_cancel();
            }
        })
        .await
        .unwrap();
    assert_progress_consistent(&reports);

    let session = desk.session();
    let cache = session.cache().expect("a connection caches its responses");
    let mut loaded_invoices = 0;
    let mut cached_anyway = 0;
    let mut loaded = Vec::new();
    for status in &statuses {
        let cached = cache.path(&status.org_id).exists();
        if status.state == OrgState::Fresh {
            assert_complete(status, &expected);
            assert!(cached, "{}: a loaded organization is cached", status.org_id);
            loaded_invoices += status.invoices;
            loaded.push(status.org_id.to_string());
        } else {
            assert!(
                status.state == OrgState::NotLoaded
                    || (status.state == OrgState::Failed
                        && status.error.as_ref().map(|e| e.code) == Some(ErrorCode::Cancelled)),
                "{}: an organization not loaded is reported as cancelled, not half-done: {status:?}",
                status.org_id
            );
            assert_eq!(
                (status.invoices, status.payment_methods, status.fetched_at),
                (0, 0, None),
                "{}: a cancelled organization shows no data at all",
                status.org_id
            );
            // A fetch cancelled while its body was being decoded still finishes writing the
            // cache off the async threads: such a file is a whole response, never a part.
            if cached {
                let (invoices, methods) = expected[status.org_id.as_str()];
                let response = cache
                    .load(&status.org_id)
                    .expect("a cached response of a cancelled organization is a whole one");
                assert_eq!(
                    (
                        response.details.invoices.len(),
                        response.details.payment_methods.len()
                    ),
                    (invoices, methods),
                    "{}: the cached response is complete",
                    status.org_id
                );
                cached_anyway += 1;
            }
        }
    }
    let last = reports.last().unwrap();
    assert!(
        (CANCEL_AFTER..ORGS).contains(&loaded.len()),
        "the organizations reported before the cancel are loaded and the cancel stopped the \
         rest: {} loaded",
        loaded.len()
    );
    assert_eq!(
        last.failed,
        ORGS - loaded.len(),
        "the progress counts every organization not loaded as not done well"
    );
    let page = desk.invoices_query(&InvoiceQuery::default(), now()).await;
    assert_eq!(
        (page.loaded, page.matched),
        (loaded_invoices, loaded_invoices),
        "the invoice table over all organizations holds exactly the loaded ones' invoices"
    );
    eprintln!(
        "cancelled after {CANCEL_AFTER} reports: {} of {ORGS} organizations loaded; \
         {cached_anyway} cancelled ones had their response cached all the same",
        loaded.len()
    );

    // A later fetch (not forced) completes the rest and asks only for what is missing.
    stub.clear_requests();
    let mut again = Vec::new();
    let statuses = desk
        .fetch_orgs(None, false, |p| again.push(p))
        .await
        .unwrap();
    assert_progress_consistent(&again);
    for status in &statuses {
        assert_complete(status, &expected);
    }
    for id in &ids {
        let asked = requests_for(&stub, id);
        let expected_requests = usize::from(!loaded.contains(id));
        assert_eq!(
            asked, expected_requests,
            "{id}: the later fetch asks for an organization only when it was not loaded"
        );
    }
    let all: usize = expected.values().map(|(invoices, _)| invoices).sum();
    let page = desk.invoices_query(&InvoiceQuery::default(), now()).await;
    assert_eq!(
        page.loaded, all,
        "after the later fetch the table holds every invoice of the 1,000"
    );
}
