//! The Connections screen's actions on the desk, against the real stub: edit, test, remove,
//! replace a token, and what each leaves in the keyring and the on-disk cache.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::client_common::spawn_stub;
use crate::desk_common;

use billing_core::desk::{Desk, DeskConfig, ErrorCode, TokenState, token_from_input};
use billing_core::secret::ApiToken;
use billing_core::settings::ConnectionEdit;
use billing_core::token_store::TokenStore;
use desk_common::*;

/// A desk connected to `stub` with `orgs`, and its keyring (shared with the desk).
async fn desk_with_tokens(
    root: &tempfile::TempDir,
    stub: &billing_stub::StubHandle,
    orgs: &[&str],
) -> (Desk, TokenStore) {
    let dirs = dirs(root);
    dirs.settings_store()
        .save(&settings_for(stub, orgs))
        .unwrap();
    let tokens = mock_tokens();
    tokens
        .set(CONNECTION, &origin(stub), &ApiToken::new(TOKEN).unwrap())
        .unwrap();
    let desk = Desk::open(DeskConfig {
        dirs,
        tokens: tokens.clone(),
        demo: Some(demo_launcher()),
        clock: clock_at(now()),
    })
    .await;
    (desk, tokens)
}

/// The Edit form's values with the default archive folder.
fn edit(
    base_url: &str,
    timeout_secs: Option<u32>,
    concurrency: Option<u32>,
    allow_plain_http: bool,
) -> ConnectionEdit {
    ConnectionEdit {
        base_url: base_url.to_owned(),
        timeout_secs,
        concurrency,
        allow_plain_http,
        archive_dir: None,
        aging_buckets: None,
    }
}

/// Cached response files on disk.
fn cached_files(root: &tempfile::TempDir) -> usize {
    std::fs::read_dir(root.path().join("cache/responses"))
        .map(|dir| dir.count())
        .unwrap_or(0)
}

async fn fetched(desk: &Desk) {
    let statuses = desk.fetch_orgs(None, false, |_| {}).await.unwrap();
    assert!(statuses.iter().all(|s| s.error.is_none()), "{statuses:?}");
}

#[tokio::test]
async fn the_overview_shows_token_state_and_last_fetch_never_the_token() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let (desk, tokens) = desk_with_tokens(&root, &stub, &["acme", "globex"]).await;
    let before = desk.connections_overview().await;
    assert_eq!(before.len(), 1);
    assert_eq!(before[0].token, TokenState::Stored);
    assert!(before[0].active);
    assert_eq!(before[0].organizations, 2);
    assert_eq!(before[0].last_fetched_at, None, "nothing fetched yet");
    fetched(&desk).await;
    let after = desk.connections_overview().await;
    assert_eq!(
        after[0].last_fetched_at.as_deref(),
        Some("2024-06-01T12:00:00Z"),
        "the newest cached answer's time"
    );
    let json = serde_json::to_string(&after).unwrap();
    assert!(!json.contains(TOKEN), "{json}");
    tokens.delete(CONNECTION).unwrap();
    assert_eq!(
        desk.connections_overview().await[0].token,
        TokenState::Missing
    );
}

#[tokio::test]
async fn a_new_origin_deletes_the_token_and_the_old_cache_and_sends_nothing() {
    let stub = stub().await;
    let other = spawn_stub(billing_stub::StubConfig::default()).await;
    let root = tempfile::tempdir().unwrap();
    let (desk, tokens) = desk_with_tokens(&root, &stub, &["acme"]).await;
    fetched(&desk).await;
    assert_eq!(cached_files(&root), 1);

    let same = desk
        .connection_update(CONNECTION, &edit(&stub.base_url(), Some(30), Some(4), true))
        .await
        .unwrap();
    assert!(!same.token_cleared, "same origin: the token stays");
    assert!(tokens.has(CONNECTION).unwrap());
    let saved = same.settings.connection(CONNECTION).unwrap().clone();
    assert_eq!((saved.timeout_secs, saved.concurrency), (Some(30), Some(4)));

    let moved = desk
        .connection_update(CONNECTION, &edit(&other.base_url(), None, None, true))
        .await
        .unwrap();
    assert!(moved.token_cleared);
    assert!(
        !tokens.has(CONNECTION).unwrap(),
        "the old origin's token is gone"
    );
    assert_eq!(cached_files(&root), 0, "the old origin's answers are gone");
    let err = desk.fetch_orgs(None, true, |_| {}).await.unwrap()[0]
        .error
        .clone()
        .unwrap();
    assert_eq!(err.code, ErrorCode::NoToken, "asks for a token: {err:?}");
    assert!(
        other.requests().is_empty(),
        "the token was never sent to the new origin"
    );
}

#[tokio::test]
async fn a_refused_edit_changes_nothing() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let (desk, tokens) = desk_with_tokens(&root, &stub, &["acme"]).await;
    for (url, timeout, concurrency) in [
        ("http://example.com", None, None),
        (stub.base_url().as_str(), Some(0), None),
        (stub.base_url().as_str(), None, Some(65)),
    ] {
        let err = desk
            .connection_update(CONNECTION, &edit(url, timeout, concurrency, true))
            .await
            .unwrap_err();
        assert_eq!(
            err.code(),
            ErrorCode::InvalidInput,
            "{url} {timeout:?} {concurrency:?}: {err}"
        );
    }
    assert!(tokens.has(CONNECTION).unwrap());
    assert_eq!(
        desk.settings().connection(CONNECTION).unwrap().base_url,
        settings_for(&stub, &["acme"]).connections[0].base_url
    );
}

#[tokio::test]
async fn test_uses_the_stored_token_on_the_first_saved_org() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let (desk, tokens) = desk_with_tokens(&root, &stub, &["acme", "globex"]).await;
    let test = desk.connection_check(CONNECTION).await.unwrap();
    assert_eq!(test.org_id.as_str(), "acme");
    assert_eq!(requests_for(&stub, "acme"), 1);
    tokens.delete(CONNECTION).unwrap();
    let err = desk.connection_check(CONNECTION).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::NoToken, "{err}");
    let err = desk.connection_check("Nope").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput, "{err}");
}

#[tokio::test]
async fn removing_a_connection_or_replacing_its_token_deletes_its_cache() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let (desk, tokens) = desk_with_tokens(&root, &stub, &["acme", "globex"]).await;
    fetched(&desk).await;
    assert_eq!(cached_files(&root), 2);
    desk.token_set(CONNECTION, token_from_input(TOKEN.to_owned()).unwrap())
        .await
        .unwrap();
    assert_eq!(
        cached_files(&root),
        0,
        "answers of the replaced token are gone"
    );
    fetched(&desk).await;
    assert_eq!(cached_files(&root), 2);
    desk.connection_remove(CONNECTION).await.unwrap();
    assert_eq!(cached_files(&root), 0);
    assert!(!tokens.has(CONNECTION).unwrap());
    assert!(
        desk.info().demo,
        "the demo is shown after removing the active connection"
    );
}

#[tokio::test]
async fn only_an_origin_no_connection_uses_needs_confirming() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let (desk, _tokens) = desk_with_tokens(&root, &stub, &["acme"]).await;
    let base = stub.base_url();
    let (origin, saved) = desk.origin_saved(&format!("{base}/other/path")).unwrap();
    assert!(saved, "another path on a saved origin");
    assert_eq!(origin, base.trim_end_matches('/'));
    let (origin, saved) = desk.origin_saved("https://billing.example.net/v1").unwrap();
    assert!(!saved);
    assert_eq!(origin, "https://billing.example.net");
    assert!(desk.origin_saved("http://example.com").is_err());
}

/// `bdesk` adds a connection while the app runs; the app's next settings change keeps it.
#[tokio::test]
async fn a_change_bdesk_made_meanwhile_survives_the_app_s_next_edit() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let (desk, _tokens) = desk_with_tokens(&root, &stub, &["acme"]).await;
    let cli = dirs(&root).settings_store();
    cli.update(|s| {
        s.add_connection(
            billing_core::settings::Connection::new("FromCli", "https://cli.example.com").unwrap(),
        )
    })
    .unwrap();
    let mut prefs = desk.settings().ui;
    prefs.theme = billing_core::settings::Theme::Dark;
    let settings = desk.prefs_set(prefs).unwrap();
    assert!(settings.connection("FromCli").is_some(), "{settings:?}");
    assert!(desk.settings().connection("FromCli").is_some());
    let on_disk = cli.load(now()).unwrap().settings;
    assert!(on_disk.connection("FromCli").is_some());
    assert_eq!(on_disk.ui.theme, billing_core::settings::Theme::Dark);
}

#[tokio::test]
async fn plain_http_is_refused_wherever_a_token_could_go_until_the_user_allows_it() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    // A settings file without the opt-in (by hand, or older): it loads and keeps everything.
    let mut settings = settings_for(&stub, &["acme"]);
    settings.connections[0].allow_plain_http = false;
    let dirs = dirs(&root);
    dirs.settings_store().save(&settings).unwrap();
    let tokens = mock_tokens();
    tokens
        .set(CONNECTION, &origin(&stub), &ApiToken::new(TOKEN).unwrap())
        .unwrap();
    let desk = Desk::open(DeskConfig {
        dirs,
        tokens: tokens.clone(),
        demo: Some(demo_launcher()),
        clock: clock_at(now()),
    })
    .await;
    let info = desk.info();
    assert!(info.demo, "the connection is not opened: {info:?}");
    let warning = info.settings_warning.unwrap_or_default();
    assert!(
        warning.contains(CONNECTION) && warning.contains("Allow plain http"),
        "the start says which connection and how to allow it: {warning}"
    );
    assert_eq!(desk.settings(), settings, "nothing saved is lost");

    let token = || token_from_input(TOKEN.to_owned()).unwrap();
    let refusals = [
        desk.connection_use(Some(CONNECTION)).await.map(|_| ()),
        desk.connection_check(CONNECTION).await.map(|_| ()),
        desk.connection_test(&stub.base_url(), false, token(), "acme")
            .await
            .map(|_| ()),
        desk.connection_add("Local", &stub.base_url(), false, token(), &[])
            .await
            .map(|_| ()),
    ];
    for refusal in refusals {
        let err = refusal.unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{err}");
        assert!(err.to_string().contains("plain http"), "{err}");
    }
    assert!(
        !tokens.has("Local").unwrap(),
        "a refused add stores no token"
    );
    assert!(stub.requests().is_empty(), "no request carried the token");
    let overview = desk.connections_overview().await;
    assert!(overview[0].plain_http && !overview[0].allow_plain_http);

    // Taking the permission back from a plain http address is refused as well.
    desk.connection_update(CONNECTION, &edit(&stub.base_url(), None, None, true))
        .await
        .unwrap();
    let err = desk
        .connection_update(CONNECTION, &edit(&stub.base_url(), None, None, false))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("plain http"), "{err}");
    assert!(desk.settings().connections[0].allow_plain_http);

    // Allowed in the edit form: the connection opens and fetches.
    desk.connection_use(Some(CONNECTION)).await.unwrap();
    fetched(&desk).await;
    assert!(!stub.requests().is_empty());
}

#[tokio::test]
async fn a_connection_s_aging_buckets_split_its_totals_and_exports_and_bad_ones_are_refused() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let (desk, _tokens) = desk_with_tokens(&root, &stub, &["acme"]).await;
    fetched(&desk).await;
    let ids = |page: &billing_core::desk::InvoicePage| -> Vec<String> {
        page.by_currency[0]
            .aging
            .iter()
            .map(|sum| sum.bucket.clone())
            .collect()
    };
    let saved_buckets = || {
        desk.settings()
            .connection(CONNECTION)
            .unwrap()
            .aging_buckets
            .clone()
    };
    let query = billing_core::query::InvoiceQuery::default();
    let before = desk.invoices_query(&query, now()).await;
    assert_eq!(
        ids(&before),
        ["current", "days1To30", "days31To60", "days61To90", "over90"]
    );

    for bad in ["60, 30", "0,30", "thirty", "1,2,3,4,5,6,7,8,9"] {
        let mut form = edit(&stub.base_url(), None, None, true);
        form.aging_buckets = Some(bad.to_owned());
        let err = desk.connection_update(CONNECTION, &form).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{bad}: {err}");
        assert!(err.to_string().contains("aging"), "{bad}: {err}");
    }
    assert_eq!(saved_buckets(), None, "a refused edit changes nothing");

    let mut form = edit(&stub.base_url(), None, None, true);
    form.aging_buckets = Some(" 15, 45 ".to_owned());
    desk.connection_update(CONNECTION, &form).await.unwrap();
    assert_eq!(saved_buckets(), Some(vec![15, 45]));
    let after = desk.invoices_query(&query, now()).await;
    assert_eq!(
        ids(&after),
        ["current", "days1To15", "days16To45", "over45"]
    );
    let labels: Vec<&str> = after.by_currency[0]
        .aging
        .iter()
        .map(|sum| sum.label.as_str())
        .collect();
    assert_eq!(labels, ["Current", "1-15 days", "16-45 days", "45+ days"]);
    let (outstanding, aged): (i128, i128) = after
        .by_currency
        .iter()
        .map(|group| {
            let before = before
                .by_currency
                .iter()
                .find(|b| b.currency == group.currency)
                .unwrap();
            (
                before.aging.iter().map(|a| a.minor).sum::<i128>(),
                group.aging.iter().map(|a| a.minor).sum::<i128>(),
            )
        })
        .fold((0, 0), |(a, b), (c, d)| (a + c, b + d));
    assert_eq!(outstanding, aged, "the same money, split differently");
    for row in &after.rows {
        assert!(
            ids(&after).contains(&row.aging),
            "a row's bucket is one of the scale's: {}",
            row.aging
        );
    }

    // The export writes the connection's buckets and records them in the manifest.
    fetched(&desk).await;
    let path = root.path().join("aged.csv");
    let options = billing_core::desk::ExportOptions {
        format: billing_core::desk::ExportFormatArg::Csv,
        manifest: true,
        allow_incomplete: false,
    };
    desk.export(&query, options, &path, now(), |_| {})
        .await
        .unwrap();
    let csv = std::fs::read_to_string(&path).unwrap();
    assert!(
        csv.contains(",days16To45") || csv.contains(",over45"),
        "{csv}"
    );
    assert!(!csv.contains("days31To60"), "{csv}");
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.path().join("aged.csv.manifest.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(manifest["agingBuckets"], serde_json::json!([15, 45]));

    form.aging_buckets = Some("30,60,90".to_owned());
    desk.connection_update(CONNECTION, &form).await.unwrap();
    assert_eq!(saved_buckets(), None, "the default is stored as no setting");
}

#[tokio::test]
async fn about_lists_the_folders_connections_and_last_errors_never_the_token() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let (desk, _tokens) = desk_with_tokens(&root, &stub, &["acme", "err-500"]).await;
    let statuses = desk.fetch_orgs(None, false, |_| {}).await.unwrap();
    assert!(statuses.iter().any(|s| s.error.is_some()), "err-500 fails");
    let build = billing_core::desk::Build {
        version: "9.9.9".into(),
        commit: "abc1234".into(),
        tauri: "2.x".into(),
        webview: "WebKitGTK 2.x".into(),
        os: "Test OS".into(),
        updates: billing_core::updates::UpdateStatus::Off {
            reason: "turned off by IT in /etc/billing-desk/policy.toml".into(),
        },
    };
    let about = desk.about(build).await;
    assert_eq!(about.folders.len(), 4);
    assert!(
        about
            .folders
            .iter()
            .all(|f| f.path.starts_with(&root.path().display().to_string())),
        "{:?}",
        about.folders
    );
    let text = &about.diagnostics;
    for expected in [
        "Billing Desk 9.9.9 (commit abc1234)",
        "Tauri 2.x, web view WebKitGTK 2.x",
        "OS: Test OS",
        "Updates: off: turned off by IT in /etc/billing-desk/policy.toml",
        &format!("* {CONNECTION} {}", stub.base_url()),
        "(2 organizations)",
        "On screen: connection",
        "logs: ",
        "server",
    ] {
        assert!(text.contains(expected), "{expected:?} in:\n{text}");
    }
    let loaded = desk
        .invoices_query(&billing_core::query::InvoiceQuery::default(), now())
        .await
        .loaded;
    assert!(
        text.contains(&format!("{loaded} invoices loaded")),
        "{loaded} in:\n{text}"
    );
    assert!(
        about
            .recent_errors
            .iter()
            .any(|e| e.code == ErrorCode::Server && e.message.contains("HTTP 500")),
        "{:?}",
        about.recent_errors
    );
    assert!(!text.contains(TOKEN), "never the token");
    assert!(!serde_json::to_string(&about).unwrap().contains(TOKEN));
}
