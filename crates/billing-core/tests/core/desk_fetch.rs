//! Fetching through the desk against the real stub: overlapping fetches join, an older
//! response never overwrites a newer one, cancel leaves a consistent state, and every API
//! failure reaches the UI with the right code.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::desk_common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use billing_core::desk::{
    CommandError, DataOrigin, ErrorCode, LoadOutcome, OrgData, OrgState, OrgTable,
};
use billing_core::model::BillingDetails;
use chrono::TimeZone;
use desk_common::*;

#[tokio::test]
async fn a_second_fetch_of_an_org_in_flight_joins_the_first() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let slow = "slow-headers-300~join";
    let desk = connected_desk(&root, &stub, &[slow]).await;
    desk.ready().await;
    let session = desk.session();
    let first = session.fetch(&org(slow));
    let second = session.fetch(&org(slow));
    let (a, b) = tokio::join!(first, second);
    let (a, b) = (a.unwrap(), b.unwrap());
    assert!(Arc::ptr_eq(&a, &b), "both callers get the very same result");
    assert_eq!(
        requests_for(&stub, slow),
        1,
        "the API sees ONE request for the two fetches"
    );

    // Two whole batches at once (e.g. start-up refresh and a click on Refresh) join too.
    stub.clear_requests();
    let (x, y) = tokio::join!(
        desk.fetch_orgs(None, true, |_| {}),
        desk.fetch_orgs(None, true, |_| {})
    );
    assert_eq!(x.unwrap()[0].state, OrgState::Fresh);
    assert_eq!(y.unwrap()[0].state, OrgState::Fresh);
    assert_eq!(
        requests_for(&stub, slow),
        1,
        "forced batches in flight together still join"
    );
}

#[tokio::test]
async fn a_refresh_replaces_a_background_fetch_instead_of_joining_it() {
    // The start-up refresh may have begun before the server came back: a Refresh clicked
    // while it still runs must ask again, not hand back that fetch's (stale) failure.
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let slow = "slow-headers-300~replace";
    let desk = connected_desk(&root, &stub, &[slow]).await;
    desk.ready().await;
    let session = desk.session();
    let background = session.fetch(&org(slow));
    tokio::time::sleep(Duration::from_millis(50)).await;
    let refresh = session.refetch(&org(slow));
    let (background, refresh) = tokio::join!(background, refresh);
    assert_eq!(
        background.unwrap_err().code,
        ErrorCode::Cancelled,
        "the background fetch was replaced"
    );
    assert!(refresh.is_ok(), "the user's refresh asks the server again");
    assert_eq!(
        requests_for(&stub, slow),
        2,
        "the refresh sent its own request"
    );
    let statuses = desk.fetch_orgs(None, false, |_| {}).await.unwrap();
    assert_eq!(
        statuses[0].state,
        OrgState::Fresh,
        "the cancelled fetch records no failure: {statuses:?}"
    );
}

#[tokio::test]
async fn a_fresh_org_is_not_fetched_again_unless_forced() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let desk = connected_desk(&root, &stub, &["acme"]).await;
    desk.fetch_orgs(None, false, |_| {}).await.unwrap();
    desk.fetch_orgs(None, false, |_| {}).await.unwrap();
    assert_eq!(
        requests_for(&stub, "acme"),
        1,
        "force=false serves fresh in-memory data"
    );
    desk.fetch_orgs(None, true, |_| {}).await.unwrap();
    assert_eq!(requests_for(&stub, "acme"), 2, "force=true fetches again");
}

fn data(invoices: usize, hour: u32) -> Arc<OrgData> {
    let details = BillingDetails {
        invoices: vec![Default::default(); invoices],
        payment_methods: Vec::new(),
    };
    let at = chrono::Utc
        .with_ymd_and_hms(2024, 6, 1, hour, 0, 0)
        .unwrap();
    Arc::new(OrgData::new(&org("acme"), details, at, DataOrigin::Fetched))
}

#[test]
fn an_older_response_never_overwrites_a_newer_one() {
    let mut table = OrgTable::new();
    let older = table.begin(&org("acme"));
    let newer = table.begin(&org("acme"));
    assert!(
        table.finish(newer, LoadOutcome::Loaded(data(2, 10))),
        "the newest load applies"
    );
    assert!(
        !table.finish(older, LoadOutcome::Loaded(data(5, 9))),
        "a load started earlier and finished later is dropped"
    );
    let status = table.status(&org("acme"), None);
    assert_eq!(
        status.invoices, 2,
        "the newer data is still shown: {status:?}"
    );
    assert_eq!(status.state, OrgState::Fresh, "no load is left running");

    // An old failure must not flag newer data as failed either.
    let old = table.begin(&org("acme"));
    let new = table.begin(&org("acme"));
    assert!(table.finish(new, LoadOutcome::Loaded(data(3, 11))));
    let error = CommandError::new(ErrorCode::Network, "down");
    assert!(
        !table.finish(old, LoadOutcome::Failed(error)),
        "stale failure dropped"
    );
    assert_eq!(table.status(&org("acme"), None).state, OrgState::Fresh);
}

#[test]
fn a_failure_keeps_the_older_data_visible() {
    let mut table = OrgTable::new();
    let first = table.begin(&org("acme"));
    table.finish(first, LoadOutcome::Loaded(data(4, 8)));
    let second = table.begin(&org("acme"));
    table.finish(
        second,
        LoadOutcome::Failed(CommandError::new(ErrorCode::Server, "HTTP 500")),
    );
    let status = table.status(&org("acme"), None);
    assert_eq!(status.state, OrgState::Failed, "the failure is shown");
    assert!(
        status.fetched_at.is_some(),
        "with the older data's time: the stale banner"
    );
    assert_eq!(status.invoices, 4, "the older data stays");
}

#[tokio::test]
async fn a_cache_read_finishing_after_a_fetch_does_not_replace_it() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let earlier = now() - chrono::Duration::days(2);
    {
        let desk = connected_desk_at(&root, &stub, &["acme"], earlier).await;
        desk.fetch_orgs(None, false, |_| {}).await.unwrap();
    }
    // Restart: the cache read is registered at open; a fetch starts right after. Whichever
    // ends last, the fetched data must win.
    let desk = connected_desk(&root, &stub, &["acme"]).await;
    let session = desk.session();
    let cache_read = session.load_cached(&[org("acme")]);
    session.fetch(&org("acme")).await.unwrap();
    // The cache read ends after the fetch here: the worst order.
    cache_read.await;
    desk.ready().await;
    let status = session.with_table(|t| t.status(&org("acme"), None));
    assert_eq!(
        status.state,
        OrgState::Fresh,
        "the fetch is newer than any cache read: {status:?}"
    );
    assert_eq!(
        status.fetched_at,
        Some(now()),
        "fetchedAt is the fetch's, not the cache's"
    );
}

#[tokio::test]
async fn cancel_mid_batch_returns_promptly_and_leaves_no_org_loading() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let ids = [
        "acme",
        "globex",
        "slow-headers-5000~1",
        "slow-headers-5000~2",
        "slow-headers-5000~3",
    ];
    let desk = Arc::new(connected_desk(&root, &stub, &ids).await);
    desk.ready().await;
    let canceller = Arc::clone(&desk);
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(400)).await;
        canceller.fetch_cancel();
    });
    let started = Instant::now();
    let mut last = None;
    let statuses = desk
        .fetch_orgs(None, false, |p| last = Some(p))
        .await
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "cancel ends the batch long before the 5 s answers: {:?}",
        started.elapsed()
    );
    let last = last.expect("progress was reported");
    assert_eq!(
        (last.done, last.total),
        (5, 5),
        "every org is accounted for"
    );
    assert_eq!(
        last.failed, 3,
        "the three cancelled ones count as not done well"
    );
    for status in &statuses {
        let slow = status.org_id.as_str().starts_with("slow");
        let expected = if slow {
            OrgState::NotLoaded
        } else {
            OrgState::Fresh
        };
        assert_eq!(
            status.state, expected,
            "consistent after cancel: {status:?}"
        );
        assert!(
            status.error.is_none(),
            "cancelling is not a failure to report: {status:?}"
        );
    }
    // The next batch is not cancelled by the old token.
    let again = desk
        .fetch_orgs(Some(&["acme".to_owned()]), true, |_| {})
        .await
        .unwrap();
    assert_eq!(
        again[0].state,
        OrgState::Fresh,
        "fetching works again after a cancel"
    );
}

#[tokio::test]
async fn every_api_failure_reaches_the_ui_with_its_code() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let cases = [
        ("err-401", ErrorCode::Unauthorized),
        ("err-403", ErrorCode::Unauthorized),
        ("err-404", ErrorCode::NotFound),
        ("err-429", ErrorCode::RateLimited),
        ("err-500", ErrorCode::Server),
        ("malformed", ErrorCode::BadResponse),
    ];
    let ids: Vec<&str> = cases.iter().map(|(id, _)| *id).collect();
    let desk = connected_desk(&root, &stub, &ids).await;
    let statuses = desk.fetch_orgs(None, false, |_| {}).await.unwrap();
    for ((id, code), status) in cases.iter().zip(&statuses) {
        assert_eq!(status.org_id.as_str(), *id, "statuses come in list order");
        assert_eq!(status.state, OrgState::Failed, "{id}: {status:?}");
        let error = status
            .error
            .as_ref()
            .expect("a failed org carries its error");
        assert_eq!(error.code, *code, "{id} maps to {code:?}: {error:?}");
        assert!(
            !error.message.contains(TOKEN),
            "messages never carry the token"
        );
        assert!(!error.message.is_empty(), "{id}: the UI shows a sentence");
    }
}

#[tokio::test]
async fn a_connection_without_token_fails_with_no_token() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let dirs = dirs(&root);
    dirs.settings_store()
        .save(&settings_for(&stub, &["acme"]))
        .unwrap();
    let desk = billing_core::desk::Desk::open(billing_core::desk::DeskConfig {
        dirs,
        tokens: mock_tokens(),
        demo: None,
        clock: clock_at(now()),
    })
    .await;
    let statuses = desk.fetch_orgs(None, false, |_| {}).await.unwrap();
    let error = statuses[0].error.clone().expect("no token, no data");
    assert_eq!(
        error.code,
        ErrorCode::NoToken,
        "the UI offers \"Set token\": {error:?}"
    );
    assert_eq!(
        requests_for(&stub, "acme"),
        0,
        "nothing is sent without a token"
    );
}

#[tokio::test]
async fn a_token_stored_after_start_up_is_picked_up_by_the_next_fetch() {
    // The keyring may be locked when the app starts and unlocked later, or the token set by
    // `bdesk token set`: the next refresh must read it instead of insisting there is none.
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let dirs = dirs(&root);
    dirs.settings_store()
        .save(&settings_for(&stub, &["acme"]))
        .unwrap();
    let tokens = mock_tokens();
    let desk = billing_core::desk::Desk::open(billing_core::desk::DeskConfig {
        dirs,
        tokens: tokens.clone(),
        demo: None,
        clock: clock_at(now()),
    })
    .await;
    tokens
        .set(
            CONNECTION,
            &origin(&stub),
            &billing_core::secret::ApiToken::new(TOKEN).unwrap(),
        )
        .unwrap();
    let statuses = desk.fetch_orgs(None, false, |_| {}).await.unwrap();
    assert_eq!(
        statuses[0].error, None,
        "the token now in the keyring is used: {statuses:?}"
    );
    assert_eq!(requests_for(&stub, "acme"), 1, "one authorized request");
}

/// The connection's concurrency bounds every request the session sends, not each batch: two
/// batches started together, at concurrency 2, take as long as one batch of all their
/// organizations. Only a lower bound on the time is asserted (a busy machine makes it longer,
/// never shorter): 8 answers of at least 400 ms each, 2 at a time, take at least 1.6 s, where
/// each batch alone at 2 at a time would have both done after 0.8 s.
#[tokio::test]
async fn overlapping_batches_share_the_sessions_request_limit() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let orgs: Vec<String> = (0..8)
        .map(|i| format!("slow-headers-400~share{i}"))
        .collect();
    let names: Vec<&str> = orgs.iter().map(String::as_str).collect();
    let mut settings = settings_for(&stub, &names);
    settings.connections[0].concurrency = Some(2);
    dirs(&root).settings_store().save(&settings).unwrap();
    let desk = connected_desk(&root, &stub, &names).await;
    desk.ready().await;
    let started = Instant::now();
    let (first, second) = tokio::join!(
        desk.fetch_orgs(Some(&orgs[..4]), false, |_| {}),
        desk.fetch_orgs(Some(&orgs[4..]), false, |_| {}),
    );
    let elapsed = started.elapsed();
    for status in first.unwrap().iter().chain(second.unwrap().iter()) {
        assert_eq!(status.state, OrgState::Fresh, "{status:?}");
    }
    assert!(
        elapsed >= Duration::from_millis(1_600),
        "8 answers of 400 ms, 2 at a time, took only {elapsed:?}: the batches did not share the limit"
    );
}
