//! The PDF archive of a connection, against the real stub: "Download" on a row saves exactly
//! that invoice into the connection's own folder, the index is read again after a restart,
//! "Open PDF" prefers the live link while it answers and opens the verified copy when it
//! fails, and the folder can be set per connection.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::desk_common;

use billing_core::desk::{Desk, ErrorCode, InvoiceRow, OpenTarget};
use billing_core::query::InvoiceQuery;
use billing_core::settings::ConnectionEdit;
use desk_common::*;

async fn rows(desk: &Desk) -> Vec<InvoiceRow> {
    desk.invoices_query(&InvoiceQuery::default(), now())
        .await
        .rows
}

#[tokio::test]
async fn a_rows_download_outlives_its_link_and_a_restart() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let desk = connected_desk(&root, &stub, &["acme"]).await;
    desk.fetch_orgs(None, false, |_| {}).await.unwrap();
    let all = rows(&desk).await;
    let row = all.iter().find(|r| r.has_pdf).unwrap();
    let id = row.invoice.id.clone().unwrap();

    let saved = desk
        .download_invoice_pdf("acme", &id, None, now())
        .await
        .unwrap();
    let folder = root.path().join("data/pdfs/connections").join(CONNECTION);
    assert_eq!(saved.dir, folder.display().to_string(), "{saved:?}");
    assert_eq!((saved.downloaded, saved.failed), (1, 0), "{saved:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&folder).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "the archive folder is owner-only");
    }
    let again = desk
        .download_invoice_pdf("acme", &id, None, now())
        .await
        .unwrap();
    assert_eq!((again.downloaded, again.skipped), (0, 1), "not twice");
    let archived: Vec<_> = rows(&desk)
        .await
        .into_iter()
        .filter(|r| r.archived)
        .collect();
    assert_eq!(archived.len(), 1, "exactly the clicked invoice");
    assert_eq!(archived[0].invoice.id.as_deref(), Some(id.as_str()));

    let live = desk
        .open_plan("acme", &id, None, OpenTarget::Pdf)
        .await
        .unwrap();
    assert!(
        !live.archived,
        "the live link answers, so it opens: {live:?}"
    );

    // A restart: the index is read again; the link now fails (the server is down).
    drop(desk);
    let desk = connected_desk(&root, &stub, &["acme"]).await;
    desk.fetch_orgs(None, false, |_| {}).await.unwrap();
    assert!(
        rows(&desk).await.iter().any(|r| r.archived),
        "the mark is back after a restart"
    );
    stub.shutdown();
    let fallback = desk
        .open_plan("acme", &id, None, OpenTarget::Pdf)
        .await
        .unwrap();
    let folder_url = url::Url::from_directory_path(&folder).unwrap().to_string();
    assert!(fallback.archived, "{fallback:?}");
    assert!(fallback.url.starts_with(&folder_url), "{fallback:?}");
    assert!(
        fallback.reason.as_deref().is_some_and(|r| !r.is_empty()),
        "says why the link was not used: {fallback:?}"
    );
    let asked = desk
        .open_plan("acme", &id, None, OpenTarget::ArchivedPdf)
        .await
        .unwrap();
    assert_eq!(
        (asked.url.as_str(), asked.reason),
        (fallback.url.as_str(), None)
    );

    // A copy changed on disk is never opened.
    let file = url::Url::parse(&asked.url).unwrap().to_file_path().unwrap();
    let mut bytes = std::fs::read(&file).unwrap();
    bytes.push(b'\n');
    std::fs::write(&file, bytes).unwrap();
    let refused = desk
        .open_plan("acme", &id, None, OpenTarget::ArchivedPdf)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::LinkRefused, "{refused}");
    assert!(
        refused.to_string().contains("no usable archived copy"),
        "{refused}"
    );
}

#[tokio::test]
async fn each_connection_has_its_folder_which_the_user_can_set_to_a_full_path() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let desk = connected_desk(&root, &stub, &["acme"]).await;
    let default = desk.default_archive_dir(CONNECTION);
    assert_eq!(desk.archive_dir(), default);
    let edit = |dir: Option<&str>| ConnectionEdit {
        base_url: stub.base_url(),
        allow_plain_http: true,
        archive_dir: dir.map(str::to_owned),
        ..ConnectionEdit::default()
    };
    let relative = desk
        .connection_update(CONNECTION, &edit(Some("invoices")))
        .await
        .unwrap_err();
    assert_eq!(relative.code(), ErrorCode::InvalidInput, "{relative}");
    assert!(relative.to_string().contains("complete path"), "{relative}");

    let chosen = root.path().join("My invoices");
    let chosen_text = chosen.display().to_string();
    desk.connection_update(CONNECTION, &edit(Some(&chosen_text)))
        .await
        .unwrap();
    assert_eq!(desk.archive_dir(), chosen);
    let overview = desk.connections_overview().await;
    assert_eq!(overview[0].archive_dir, chosen_text);
    assert_eq!(
        overview[0].default_archive_dir,
        default.display().to_string()
    );
    assert!(!chosen.exists(), "nothing is created before it is used");
    assert_eq!(desk.archive_folder().unwrap(), chosen);
    assert!(chosen.is_dir(), "\"Open archive folder\" creates it");

    // Blank is the default again.
    desk.connection_update(CONNECTION, &edit(Some("  ")))
        .await
        .unwrap();
    assert_eq!(desk.archive_dir(), default);

    let demo = demo_desk(&tempfile::tempdir().unwrap()).await;
    assert!(
        demo.archive_dir().ends_with("pdfs/demo"),
        "{:?}",
        demo.archive_dir()
    );
}
