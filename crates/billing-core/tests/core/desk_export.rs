//! The app's export of the current view against the real stub: the whole filtered view, never
//! silently incomplete (organizations that failed, are loading or show a cached answer are
//! listed first, refused unless the user goes ahead, then recorded in the manifest with the
//! answer each organization's rows come from), progress, and a cancel that leaves nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::desk_common;

use std::path::Path;
use std::sync::{Arc, Mutex};

use billing_core::desk::{
    CommandError, Desk, ErrorCode, ExportDone, ExportFormatArg, ExportOptions, ExportProgress,
    OrgState,
};
use billing_core::query::InvoiceQuery;
use chrono::Duration;
use desk_common::*;
use serde_json::{Value, json};

fn options(format: ExportFormatArg, allow_incomplete: bool) -> ExportOptions {
    ExportOptions {
        format,
        manifest: true,
        allow_incomplete,
    }
}

fn manifest_of(done: &ExportDone) -> Value {
    let path = done
        .manifest_path
        .as_deref()
        .expect("a manifest was asked for");
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Names in `dir`, sorted (none when it does not exist).
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn out_dir(root: &tempfile::TempDir) -> std::path::PathBuf {
    let dir = root.path().join("out");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn export_writes_the_whole_filtered_view_not_the_page() {
    let root = tempfile::tempdir().unwrap();
    let desk = demo_desk(&root).await;
    desk.fetch_orgs(None, false, |_| {}).await.unwrap();
    let query = InvoiceQuery {
        statuses: Some(vec![billing_core::model::InvoiceStatus::Open]),
        offset: Some(0),
        limit: Some(3),
        ..InvoiceQuery::default()
    };
    let view = desk.invoices_query(&query, now()).await;
    assert!(view.matched > 3, "more rows match than the page shows");
    let out = out_dir(&root).join("billing-desk-export.csv");
    let done = desk
        .export(
            &query,
            options(ExportFormatArg::Csv, false),
            &out,
            now(),
            |_| {},
        )
        .await
        .unwrap();
    assert_eq!(
        done.rows, view.matched,
        "offset/limit are ignored: the whole view"
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.starts_with('\u{FEFF}'),
        "the app's CSV starts with a BOM so Excel reads it as UTF-8"
    );
    assert_eq!(
        text.lines().count(),
        view.matched + 1,
        "header plus one line per invoice"
    );
    let manifest = manifest_of(&done);
    let sources = manifest["sources"].as_array().unwrap();
    assert_eq!(
        sources.len(),
        manifest["organizations"].as_array().unwrap().len(),
        "one source per organization of the file: {manifest}"
    );
    for source in sources {
        assert_eq!(
            source["origin"], "live",
            "fetched in this session: {source}"
        );
        assert_eq!(
            source["fetchedAt"], "2024-06-01T12:00:00Z",
            "the desk's clock when the answer came"
        );
    }
    let per_org: u64 = sources
        .iter()
        .map(|s| s["rowCount"].as_u64().unwrap())
        .sum();
    assert_eq!(
        per_org as usize, view.matched,
        "the per-organization counts add up to the file's rows"
    );
    assert_eq!(manifest["failedOrganizations"], json!([]));
    assert_eq!(manifest["staleOrganizations"], json!([]));
    assert_eq!((done.missing_orgs, done.stale_orgs), (0, 0));

    let unwritable = desk
        .export(
            &query,
            options(ExportFormatArg::Json, false),
            &root.path().join("missing").join("x.json"),
            now(),
            |_| {},
        )
        .await
        .unwrap_err();
    assert_eq!(CommandError::from(unwritable).code, ErrorCode::Export);
}

#[tokio::test]
async fn a_failed_organization_is_asked_about_refused_then_listed_in_the_manifest() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let desk = connected_desk(&root, &stub, &["acme", "err-404"]).await;
    desk.fetch_orgs(None, false, |_| {}).await.unwrap();
    let all = InvoiceQuery::default();

    let check = desk.export_check(&all).await;
    assert_eq!(
        check.len(),
        1,
        "only the failed one is asked about: {check:?}"
    );
    assert_eq!(check[0].org_id.as_str(), "err-404");
    assert_eq!(check[0].state, OrgState::Failed);
    assert_eq!(check[0].error.as_ref().unwrap().code, ErrorCode::NotFound);
    let one = InvoiceQuery {
        orgs: Some(vec![org("acme")]),
        ..InvoiceQuery::default()
    };
    assert!(
        desk.export_check(&one).await.is_empty(),
        "a view of the healthy organization alone is complete"
    );

    let dir = out_dir(&root);
    let out = dir.join("invoices.csv");
    let refused = desk
        .export(
            &all,
            options(ExportFormatArg::Csv, false),
            &out,
            now(),
            |_| {},
        )
        .await
        .unwrap_err();
    assert_eq!(
        CommandError::from(refused).code,
        ErrorCode::ExportIncomplete,
        "without the user's go-ahead an incomplete view is not exported"
    );
    assert!(
        desk.ensure_exportable(&all, false).await.is_err(),
        "the shell's pre-dialog check says the same"
    );
    assert_eq!(listing(&dir), Vec::<String>::new(), "nothing was written");

    let done = desk
        .export(
            &all,
            options(ExportFormatArg::Csv, true),
            &out,
            now(),
            |_| {},
        )
        .await
        .unwrap();
    assert_eq!((done.missing_orgs, done.stale_orgs), (1, 0));
    let manifest = manifest_of(&done);
    assert_eq!(manifest["organizations"], json!(["acme"]));
    let failed = &manifest["failedOrganizations"];
    assert_eq!(failed.as_array().unwrap().len(), 1, "{manifest}");
    assert_eq!(failed[0]["org"], "err-404");
    assert_eq!(failed[0]["code"], "notFound", "the code the app showed");
    assert!(
        failed[0]["message"].as_str().unwrap().contains("err-404"),
        "the message the app showed: {failed}"
    );
    assert_eq!(
        manifest["sources"],
        json!([{"org": "acme", "fetchedAt": "2024-06-01T12:00:00Z", "origin": "live", "rowCount": done.rows}])
    );
}

#[tokio::test]
async fn answers_from_the_disk_cache_are_marked_stale_with_their_age() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let fetched_at = now() - Duration::hours(3);
    {
        let earlier = connected_desk_at(&root, &stub, &["acme", "globex"], fetched_at).await;
        earlier.fetch_orgs(None, false, |_| {}).await.unwrap();
    }
    let desk = connected_desk(&root, &stub, &["acme", "globex"]).await;
    let globex = InvoiceQuery {
        orgs: Some(vec![org("globex")]),
        ..InvoiceQuery::default()
    };
    desk.fetch_orgs(Some(&["globex".to_owned()]), true, |_| {})
        .await
        .unwrap();
    assert!(
        desk.export_check(&globex).await.is_empty(),
        "refetched: fresh"
    );

    let all = InvoiceQuery::default();
    let check = desk.export_check(&all).await;
    assert_eq!(check.len(), 1, "{check:?}");
    assert_eq!(check[0].org_id.as_str(), "acme");
    assert_eq!(check[0].state, OrgState::Cached);
    assert_eq!(
        check[0].fetched_at,
        Some(fetched_at),
        "the age of the answer"
    );

    let out = out_dir(&root).join("invoices.json");
    let done = desk
        .export(
            &all,
            options(ExportFormatArg::Json, true),
            &out,
            now(),
            |_| {},
        )
        .await
        .unwrap();
    assert_eq!((done.missing_orgs, done.stale_orgs), (0, 1));
    let manifest = manifest_of(&done);
    assert_eq!(manifest["failedOrganizations"], json!([]));
    assert_eq!(
        manifest["staleOrganizations"],
        json!([{"org": "acme", "fetchedAt": "2024-06-01T09:00:00Z", "ageSeconds": 10_800, "reason": "cached"}])
    );
    let sources = &manifest["sources"];
    assert_eq!(sources[0]["org"], "acme");
    assert_eq!(sources[0]["origin"], "cache");
    assert_eq!(sources[0]["fetchedAt"], "2024-06-01T09:00:00Z");
    assert_eq!(sources[1]["org"], "globex");
    assert_eq!(sources[1]["origin"], "live");
    assert_eq!(sources[1]["fetchedAt"], "2024-06-01T12:00:00Z");
    let file: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    for source in sources.as_array().unwrap() {
        let own = file["invoices"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|invoice| invoice["org"] == source["org"])
            .count();
        assert_eq!(
            source["rowCount"], own,
            "rowCount is the organization's rows in the file"
        );
    }
}

#[tokio::test]
async fn an_export_during_a_fetch_of_the_same_organization_is_not_done_silently() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let slow = "slow-headers-1500~export";
    let desk = connected_desk(&root, &stub, &["acme", slow]).await;
    desk.fetch_orgs(Some(&["acme".to_owned()]), false, |_| {})
        .await
        .unwrap();
    let running = desk.session().fetch(&org(slow));
    let all = InvoiceQuery::default();
    let check = desk.export_check(&all).await;
    assert_eq!(check.len(), 1, "{check:?}");
    assert_eq!(check[0].state, OrgState::Loading, "the fetch still runs");
    assert_eq!(check[0].fetched_at, None, "nothing of it is loaded yet");

    let dir = out_dir(&root);
    let refused = desk
        .export(
            &all,
            options(ExportFormatArg::Csv, false),
            &dir.join("a.csv"),
            now(),
            |_| {},
        )
        .await
        .unwrap_err();
    assert_eq!(
        CommandError::from(refused).code,
        ErrorCode::ExportIncomplete
    );
    let anyway = desk
        .export(
            &all,
            options(ExportFormatArg::Csv, true),
            &dir.join("b.csv"),
            now(),
            |_| {},
        )
        .await
        .unwrap();
    let manifest = manifest_of(&anyway);
    assert_eq!(manifest["failedOrganizations"][0]["org"], slow);
    assert_eq!(manifest["failedOrganizations"][0]["code"], "loading");

    running.await.unwrap();
    assert!(
        desk.export_check(&all).await.is_empty(),
        "once the fetch has ended, the view is complete"
    );
}

#[tokio::test]
async fn a_cancelled_export_stops_mid_write_and_leaves_no_file_and_no_temp_file() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let huge = "huge-20000";
    let desk = Arc::new(connected_desk(&root, &stub, &[huge]).await);
    desk.fetch_orgs(None, false, |_| {}).await.unwrap();
    let dir = out_dir(&root);
    let all = InvoiceQuery::default();

    for format in [ExportFormatArg::Xlsx, ExportFormatArg::Csv] {
        let reports = Arc::new(Mutex::new(Vec::<ExportProgress>::new()));
        let progress = {
            let (desk, reports) = (Arc::clone(&desk), Arc::clone(&reports));
            move |p: ExportProgress| {
                reports.lock().unwrap().push(p);
                if p.done >= 5_000 {
                    desk.export_cancel();
                }
            }
        };
        let out = dir.join("invoices.out");
        let error = desk
            .export(&all, options(format, false), &out, now(), progress)
            .await
            .unwrap_err();
        assert_eq!(
            CommandError::from(error).code,
            ErrorCode::Cancelled,
            "{format:?}: the cancel is reported as such"
        );
        assert_eq!(
            listing(&dir),
            Vec::<String>::new(),
            "{format:?}: neither the file, its manifest nor a temp file is left"
        );
        let history = billing_core::history::History::of(&root.path().join("data"), CONNECTION);
        assert_eq!(
            listing(history.dir()),
            Vec::<String>::new(),
            "{format:?}: no snapshot of the cancelled export, not even its temp file"
        );
        let reports = reports.lock().unwrap();
        let last = reports.last().copied().unwrap();
        assert_eq!(last.total, 20_000, "progress counts towards the whole view");
        assert!(
            last.done < 10_000,
            "{format:?}: the rows stop being written soon after the cancel, not at the end: {reports:?}"
        );
    }

    let done_reports = Arc::new(Mutex::new(Vec::new()));
    let progress = {
        let reports = Arc::clone(&done_reports);
        move |p: ExportProgress| reports.lock().unwrap().push(p.done)
    };
    let out = dir.join("invoices.xlsx");
    let done = desk
        .export(
            &all,
            options(ExportFormatArg::Xlsx, false),
            &out,
            now(),
            progress,
        )
        .await
        .expect("the slot is free again after a cancel, and a new export is not cancelled");
    assert_eq!(done.rows, 20_000);
    let reports = done_reports.lock().unwrap();
    assert_eq!(
        reports.first().copied(),
        Some(1_000),
        "progress comes in steps while writing"
    );
    assert_eq!(
        reports.last().copied(),
        Some(20_000),
        "and ends at the total"
    );
}

/// Only one export at a time: a second one while the first runs is refused (`busy`).
#[tokio::test]
async fn a_second_export_while_one_runs_is_refused() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let desk: Arc<Desk> = Arc::new(connected_desk(&root, &stub, &["huge-5000"]).await);
    desk.fetch_orgs(None, false, |_| {}).await.unwrap();
    let dir = out_dir(&root);
    let (started_tx, started_rx) = std::sync::mpsc::channel::<()>();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let (started_tx, release_rx) = (Mutex::new(started_tx), Mutex::new(release_rx));
    let first = {
        let desk = Arc::clone(&desk);
        let out = dir.join("first.csv");
        tokio::spawn(async move {
            let hold = move |_: ExportProgress| {
                // The first report holds the writer until the second export was tried.
                if started_tx.lock().unwrap().send(()).is_ok() {
                    let _ = release_rx.lock().unwrap().recv();
                }
            };
            desk.export(
                &InvoiceQuery::default(),
                options(ExportFormatArg::Csv, false),
                &out,
                now(),
                hold,
            )
            .await
        })
    };
    tokio::task::spawn_blocking(move || started_rx.recv())
        .await
        .unwrap()
        .unwrap();
    let second = desk
        .export(
            &InvoiceQuery::default(),
            options(ExportFormatArg::Csv, false),
            &dir.join("second.csv"),
            now(),
            |_| {},
        )
        .await
        .unwrap_err();
    assert_eq!(CommandError::from(second).code, ErrorCode::Busy);
    release_tx.send(()).unwrap();
    drop(release_tx);
    first.await.unwrap().expect("the first export completes");
}

/// The app's exports go into the same history as `bdesk`'s: one entry per export with the
/// file's SHA-256 and a snapshot of its rows; after the server's data changes, comparing the
/// data now with that snapshot finds exactly the changed invoices.
#[tokio::test]
async fn an_app_export_is_recorded_and_the_next_changes_are_found_against_it() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let desk = connected_desk(&root, &stub, &["evolving"]).await;
    desk.fetch_orgs(None, false, |_| {}).await.unwrap();
    let out = out_dir(&root).join("view.csv");
    let all = InvoiceQuery::default();
    let done = desk
        .export(
            &all,
            options(ExportFormatArg::Csv, false),
            &out,
            now(),
            |_| {},
        )
        .await
        .unwrap();
    assert_eq!(done.history_number, Some(1), "{done:?}");
    let history = billing_core::history::History::of(&root.path().join("data"), CONNECTION);
    let entries = history.entries().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].rows, done.rows as u64);
    assert_eq!(entries[0].connection.as_deref(), Some(CONNECTION));
    assert!(history.verify().unwrap().is_clean());

    // The second answer of `evolving` changes five invoices.
    desk.fetch_orgs(None, true, |_| {}).await.unwrap();
    let page = desk.invoices_query(&all, now()).await;
    let current: Vec<_> = page
        .rows
        .iter()
        .filter_map(|row| billing_core::history::SnapRow::of(&row.org, &row.invoice))
        .collect();
    let (_, snapshot) = history.snapshot_since("last").unwrap();
    let changes = billing_core::history::compare(&snapshot.rows, &current);
    assert_eq!(changes.invoices.len(), 5, "{:?}", changes.invoices);
}

/// The CSV layout chosen in the export menu is saved with the display preferences and used
/// by every CSV export after it, and the manifest names it.
#[tokio::test]
async fn the_app_exports_csv_in_the_dialect_the_user_chose() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let desk = connected_desk(&root, &stub, &["acme"]).await;
    desk.fetch_orgs(None, false, |_| {}).await.unwrap();
    let mut ui = desk.settings().ui;
    ui.csv_dialect = billing_core::export::CsvDialect::ExcelSemicolon;
    desk.prefs_set(ui).unwrap();
    let out = out_dir(&root).join("semi.csv");
    let done = desk
        .export(
            &InvoiceQuery::default(),
            options(ExportFormatArg::Csv, false),
            &out,
            now(),
            |_| {},
        )
        .await
        .unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.starts_with("\u{feff}number;id;status;"),
        "{}",
        &text[..40]
    );
    assert_eq!(manifest_of(&done)["csvDialect"], "excel-semicolon");
}
