//! The response cache on disk: round trip, owner-only permissions, hashed names, no token,
//! and damaged files ignored rather than failing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::desk_common;

use billing_core::desk::{FetchCache, OrgState};
use chrono::{Duration, TimeZone, Utc};
use desk_common::*;

const BODY: &[u8] = br#"{"invoices":[{"id":"in_1","number":"A-1","status":"open","currency":"eur","total":1200}],"paymentMethods":[{"id":"pm_1","type":"card"}]}"#;

#[test]
fn a_stored_response_comes_back_decoded_with_its_fetch_time() {
    let root = tempfile::tempdir().unwrap();
    let cache = FetchCache::new(root.path(), "Production\nhttps://billing.example.com/");
    let at = Utc.with_ymd_and_hms(2024, 5, 31, 8, 30, 0).unwrap();
    cache.store(&org("acme"), BODY, at).unwrap();
    let loaded = cache
        .load(&org("acme"))
        .expect("the file just written is usable");
    assert_eq!(loaded.fetched_at, at, "fetchedAt is kept exactly");
    assert_eq!(
        loaded.details,
        billing_core::model::decode_billing_details(BODY).unwrap(),
        "the raw body goes through the one decoder again on load"
    );
    assert!(
        cache.load(&org("other")).is_none(),
        "an organization never stored has no cache"
    );
}

#[cfg(unix)]
#[test]
fn files_are_owner_only_and_named_by_a_hash() {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().unwrap();
    let cache = FetchCache::new(root.path(), "Production\nhttps://billing.example.com/");
    cache.store(&org("acme-secret-org"), BODY, now()).unwrap();
    let dir_mode = std::fs::metadata(cache.dir()).unwrap().permissions().mode() & 0o777;
    assert_eq!(
        dir_mode, 0o700,
        "the folder lists financial data: owner only"
    );
    let path = cache.path(&org("acme-secret-org"));
    let file_mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(
        file_mode, 0o600,
        "cached invoices are readable by the owner only"
    );
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    assert!(
        !name.contains("acme") && !name.contains("Production"),
        "names reveal neither org nor connection: {name}"
    );
    let entries: Vec<_> = std::fs::read_dir(cache.dir()).unwrap().collect();
    assert_eq!(
        entries.len(),
        1,
        "the atomic write leaves no temp file behind"
    );
}

#[test]
fn damaged_or_foreign_files_are_ignored() {
    let root = tempfile::tempdir().unwrap();
    let cache = FetchCache::new(root.path(), "c");
    cache.store(&org("acme"), BODY, now()).unwrap();
    std::fs::write(cache.path(&org("acme")), b"{\"version\":1,\"org\":\"acme\"").unwrap();
    assert!(
        cache.load(&org("acme")).is_none(),
        "a truncated header is ignored, not an error"
    );
    cache
        .store(&org("acme"), b"{\"invoices\": [", now())
        .unwrap();
    assert!(
        cache.load(&org("acme")).is_none(),
        "a body that does not decode is ignored"
    );
    // A file renamed by hand must not show one organization's data as another's.
    cache.store(&org("globex"), BODY, now()).unwrap();
    std::fs::copy(cache.path(&org("globex")), cache.path(&org("acme"))).unwrap();
    assert!(
        cache.load(&org("acme")).is_none(),
        "the header names another organization"
    );
}

#[tokio::test]
async fn a_restart_shows_the_cached_data_at_once_without_a_request_and_without_the_token() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let fetched_at = now() - Duration::hours(3);
    {
        let desk = connected_desk_at(&root, &stub, &["acme"], fetched_at).await;
        let statuses = desk.fetch_orgs(None, false, |_| {}).await.unwrap();
        assert_eq!(statuses[0].state, OrgState::Fresh, "{statuses:?}");
    }
    stub.clear_requests();
    let desk = connected_desk(&root, &stub, &["acme"]).await;
    let statuses = desk.org_statuses().await;
    assert_eq!(
        statuses[0].state,
        OrgState::Cached,
        "restart shows the disk cache: {statuses:?}"
    );
    assert_eq!(
        statuses[0].fetched_at,
        Some(fetched_at),
        "marked with its age"
    );
    assert!(statuses[0].invoices > 0, "the cached invoices are loaded");
    assert_eq!(
        requests_for(&stub, "acme"),
        0,
        "painting from cache needs no request"
    );
    for entry in walk(root.path()) {
        let bytes = std::fs::read(&entry).unwrap();
        assert!(
            !bytes.windows(TOKEN.len()).any(|w| w == TOKEN.as_bytes()),
            "{} holds the token",
            entry.display()
        );
    }
}

/// A large answer (6 MB, past the 4 MB streaming threshold) is written to the cache from the
/// chunks it is decoded from, and a restart reads back every invoice; no temp
/// file is left beside it.
#[tokio::test]
async fn a_large_answer_is_cached_while_it_streams_and_comes_back_whole() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let org_name = "huge-12000".to_owned();
    let fetched_at = now() - Duration::hours(1);
    let fetched = {
        let desk = connected_desk_at(&root, &stub, &[org_name.as_str()], fetched_at).await;
        let statuses = desk.fetch_orgs(None, false, |_| {}).await.unwrap();
        assert_eq!(statuses[0].state, OrgState::Fresh, "{statuses:?}");
        statuses[0].invoices
    };
    assert_eq!(fetched, 12_000, "every invoice of the answer is shown");
    let desk = connected_desk(&root, &stub, &[org_name.as_str()]).await;
    let statuses = desk.org_statuses().await;
    assert_eq!(statuses[0].state, OrgState::Cached, "{statuses:?}");
    assert_eq!(
        statuses[0].invoices, fetched,
        "the cache holds every invoice"
    );
    assert_eq!(statuses[0].fetched_at, Some(fetched_at));
    let leftovers: Vec<_> = walk(root.path())
        .into_iter()
        .filter(|path| path.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temp file is left: {leftovers:?}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn a_refusal_is_noted_with_the_cached_answer_until_the_next_store() {
    let root = tempfile::tempdir().unwrap();
    let cache = FetchCache::new(root.path(), "Production\nhttps://billing.example.com/");
    let refused_at = now();
    cache.mark_refused(&org("acme"), refused_at).unwrap();
    assert!(
        cache.load(&org("acme")).is_none(),
        "no note without a cached answer to note it on"
    );
    cache
        .store(&org("acme"), BODY, now() - Duration::hours(1))
        .unwrap();
    assert_eq!(cache.load(&org("acme")).unwrap().refused_at, None);
    cache.mark_refused(&org("acme"), refused_at).unwrap();
    assert_eq!(
        cache.load(&org("acme")).unwrap().refused_at,
        Some(refused_at)
    );
    cache.store(&org("acme"), BODY, now()).unwrap();
    assert_eq!(
        cache.load(&org("acme")).unwrap().refused_at,
        None,
        "a newer answer clears the note"
    );
    cache.mark_refused(&org("acme"), refused_at).unwrap();
    cache.remove(&org("acme"));
    assert_eq!(
        walk(root.path()),
        Vec::<std::path::PathBuf>::new(),
        "removing forgets the note too"
    );
}

/// An organization whose answer was cached, then refused (401): the rows stay, marked as from
/// before the refusal, in this session and after a restart from the cache.
#[tokio::test]
async fn rows_cached_before_a_401_are_marked_refused_now_and_after_a_restart() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let refusing = "err-401";
    {
        let desk = connected_desk(&root, &stub, &[refusing]).await;
        desk.ready().await;
        // An answer of an earlier session, when the token was still accepted.
        let session = desk.session();
        let cache = session.cache().unwrap();
        cache
            .store(&org(refusing), BODY, now() - Duration::hours(5))
            .unwrap();
    }
    let desk = connected_desk(&root, &stub, &[refusing]).await;
    let before = desk.org_statuses().await;
    assert_eq!(
        (before[0].state, before[0].refused),
        (OrgState::Cached, false),
        "{before:?}"
    );
    let after = desk.fetch_orgs(None, true, |_| {}).await.unwrap();
    assert_eq!(after[0].state, OrgState::Failed, "{after:?}");
    assert!(
        after[0].refused,
        "the rows still shown are marked: {after:?}"
    );
    assert_eq!(after[0].invoices, 1, "and still shown");
    drop(desk);

    let restarted = connected_desk(&root, &stub, &[refusing]).await;
    let statuses = restarted.org_statuses().await;
    assert_eq!(statuses[0].state, OrgState::Cached, "{statuses:?}");
    assert!(
        statuses[0].refused,
        "the note outlives the session: {statuses:?}"
    );
}
