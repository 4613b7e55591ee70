//! The History and Changes tabs' core against the real stub: the app's exports listed newest
//! first with their view in words, the Changes default (the newest export of the same view),
//! the changes since an export filtered and sorted as the tab asks, organizations not loaded
//! now left out rather than called gone, the export of all changes in every format, the
//! folder of an exported file, and a history that stops verifying once a file is edited.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::desk_common;

use billing_core::desk::{
    ChangesFilter, ChangesSort, CommandError, Desk, ErrorCode, ExportFormatArg, ExportOptions,
};
use billing_core::history::ChangeKind;
use billing_core::query::InvoiceQuery;
use desk_common::*;

async fn export(desk: &Desk, query: &InvoiceQuery, path: &std::path::Path) -> u64 {
    let options = ExportOptions {
        format: ExportFormatArg::Csv,
        manifest: false,
        allow_incomplete: false,
    };
    let done = desk
        .export(query, options, path, now(), |_| {})
        .await
        .unwrap();
    done.history_number.expect("the export is recorded")
}

fn kinds(view: &billing_core::desk::ChangesView) -> Vec<ChangeKind> {
    view.rows.iter().map(|c| c.kind).collect()
}

#[tokio::test]
async fn the_tabs_list_exports_and_show_what_changed_since_one_as_asked() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let desk = connected_desk(&root, &stub, &["evolving", "acme"]).await;
    desk.fetch_orgs(None, false, |_| {}).await.unwrap();
    let out = root.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    assert_eq!(desk.last_export_of(&InvoiceQuery::default()).unwrap(), None);
    assert!(desk.export_history().unwrap().is_empty());

    let all = InvoiceQuery {
        orgs: Some(vec![org("evolving")]),
        ..InvoiceQuery::default()
    };
    let first = export(&desk, &all, &out.join("all.csv")).await;
    let open = InvoiceQuery {
        statuses: Some(vec![billing_core::model::InvoiceStatus::parse("open")]),
        text: Some("in_".to_owned()),
        ..InvoiceQuery::default()
    };
    let second = export(&desk, &open, &out.join("open.csv")).await;

    let listed = desk.export_history().unwrap();
    let numbers: Vec<u64> = listed.iter().map(|e| e.number).collect();
    assert_eq!(numbers, [second, first], "newest first");
    assert_eq!(listed[0].view, "search “in_”; status open");
    assert_eq!(listed[1].view, "all invoices");
    assert_eq!(listed[1].organizations, ["evolving"]);
    assert!(listed.iter().all(|e| e.has_snapshot));
    assert_eq!(
        desk.last_export_of(&all).unwrap(),
        Some(first),
        "the newest export of the same view, not the newest export"
    );
    let unseen = InvoiceQuery {
        overdue_only: Some(true),
        ..InvoiceQuery::default()
    };
    assert_eq!(desk.last_export_of(&unseen).unwrap(), Some(second));
    assert_eq!(desk.export_folder(first).unwrap(), out);

    // Nothing changed yet.
    let view = desk
        .changes_view(first, &ChangesFilter::default(), now())
        .await
        .unwrap();
    assert_eq!((view.total, view.matched), (0, 0), "{view:?}");
    assert_eq!(view.since.export, first);

    // The second answer of `evolving` changes five invoices.
    desk.fetch_orgs(None, true, |_| {}).await.unwrap();
    let view = desk
        .changes_view(first, &ChangesFilter::default(), now())
        .await
        .unwrap();
    assert_eq!(view.total, 5, "{view:?}");
    assert_eq!(view.counts.values().sum::<usize>(), 5);
    assert!(view.not_compared.is_empty());
    assert!(!view.currencies.is_empty(), "amounts can be formatted");
    let paid = ChangesFilter {
        kind: Some(ChangeKind::NewlyPaid),
        ..ChangesFilter::default()
    };
    let only_paid = desk.changes_view(first, &paid, now()).await.unwrap();
    assert_eq!((only_paid.total, only_paid.matched), (5, 1));
    assert_eq!(kinds(&only_paid), [ChangeKind::NewlyPaid]);
    let by_kind_desc = ChangesFilter {
        sort: Some(ChangesSort::Kind),
        descending: true,
        limit: Some(2),
        ..ChangesFilter::default()
    };
    let sorted = desk
        .changes_view(first, &by_kind_desc, now())
        .await
        .unwrap();
    assert_eq!(sorted.matched, 5);
    assert_eq!(
        kinds(&sorted),
        [ChangeKind::Gone, ChangeKind::DueDateChanged]
    );
    let new_id = ChangesFilter {
        text: billing_stub::EVOLVING_NEW_ID.to_uppercase(),
        ..ChangesFilter::default()
    };
    let found = desk.changes_view(first, &new_id, now()).await.unwrap();
    assert_eq!(kinds(&found), [ChangeKind::New], "search ignores case");

    // Every change, whatever the tab's filter, in each format.
    let csv = desk
        .changes_export(first, ExportFormatArg::Csv, &out.join("changes.csv"), now())
        .await
        .unwrap();
    assert_eq!(csv.invoices, 5);
    let text = std::fs::read_to_string(&csv.path).unwrap();
    assert!(text.starts_with("\u{feff}kind,org,id,number,currency,field,from,to\r\n"));
    // In the CSV layout the settings choose, like every export of the app.
    let mut ui = desk.settings().ui;
    ui.csv_dialect = billing_core::export::CsvDialect::ExcelSemicolon;
    desk.prefs_set(ui).unwrap();
    let semicolon = desk
        .changes_export(
            first,
            ExportFormatArg::Csv,
            &out.join("changes-excel.csv"),
            now(),
        )
        .await
        .unwrap();
    let text = std::fs::read_to_string(&semicolon.path).unwrap();
    assert!(
        text.starts_with("\u{feff}kind;org;id;number;currency;field;from;to\r\n"),
        "{text}"
    );
    assert_eq!(
        text.lines().count(),
        std::fs::read_to_string(&csv.path).unwrap().lines().count(),
        "the same records"
    );
    assert!(
        text.lines()
            .skip(1)
            .all(|line| line.matches(';').count() >= 7),
        "{text}"
    );
    let json = desk
        .changes_export(
            first,
            ExportFormatArg::Json,
            &out.join("changes.json"),
            now(),
        )
        .await
        .unwrap();
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json.path).unwrap()).unwrap();
    assert_eq!(report["since"]["export"], first);
    assert_eq!(report["invoices"].as_array().unwrap().len(), 5);
    let xlsx = desk
        .changes_export(
            first,
            ExportFormatArg::Xlsx,
            &out.join("changes.xlsx"),
            now(),
        )
        .await
        .unwrap();
    assert!(std::fs::read(&xlsx.path).unwrap().starts_with(b"PK"));
    assert_eq!(
        desk.export_history().unwrap().len(),
        2,
        "an export of changes is not an export of invoices"
    );

    // An organization of the export that is not loaded now is left out, not called gone.
    desk.org_remove("evolving").unwrap();
    let view = desk
        .changes_view(first, &ChangesFilter::default(), now())
        .await
        .unwrap();
    assert_eq!(view.not_compared, ["evolving"]);
    assert_eq!(view.total, 0, "{view:?}");

    assert!(desk.history_verify().unwrap().is_clean());
    std::fs::write(out.join("all.csv"), "edited").unwrap();
    let report = desk.history_verify().unwrap();
    assert_eq!(report.files_changed.len(), 1, "{report:?}");

    let unknown = desk
        .changes_view(99, &ChangesFilter::default(), now())
        .await
        .unwrap_err();
    assert_eq!(CommandError::from(&unknown).code, ErrorCode::NotFound);
    std::fs::remove_file(out.join("open.csv")).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
    let gone = desk.export_folder(second).unwrap_err();
    assert_eq!(CommandError::from(&gone).code, ErrorCode::NotFound);
}
