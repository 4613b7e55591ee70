//! The app's saved views: kept per data source (the demo's apart from a connection's), saved
//! through the settings file so `bdesk` reads the same ones, refused whole when broken.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::desk_common;

use billing_core::desk::{CommandError, ErrorCode};
use billing_core::query::InvoiceQuery;
use billing_core::settings::{SavedView, SettingsStore};
use desk_common::*;

fn view(name: &str) -> SavedView {
    SavedView {
        name: name.to_owned(),
        query: InvoiceQuery {
            overdue_only: Some(true),
            ..InvoiceQuery::default()
        },
        columns: Vec::new(),
    }
}

#[tokio::test]
async fn views_belong_to_the_source_on_screen_and_reach_the_settings_file() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let desk = connected_desk(&root, &stub, &["acme"]).await;
    assert!(desk.views().is_empty());
    let listed = desk.view_save(view("Overdue")).unwrap();
    assert_eq!(listed.len(), 1);
    desk.view_save(view("Paid")).unwrap();
    let listed = desk.view_rename("paid", "Paid in full").unwrap();
    let names: Vec<&str> = listed.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["Overdue", "Paid in full"]);
    let mut broken = view("Broken");
    broken.query.amount_min = Some(billing_core::money::MajorAmount::parse("10").unwrap());
    broken.query.amount_max = Some(billing_core::money::MajorAmount::parse("1").unwrap());
    let refused = desk.view_save(broken).unwrap_err();
    assert_eq!(CommandError::from(&refused).code, ErrorCode::InvalidInput);
    assert_eq!(desk.views().len(), 2, "nothing half saved");

    // What another process (bdesk) reads from the file.
    let on_disk = SettingsStore::at(root.path().join("config"))
        .load(now())
        .unwrap()
        .settings;
    assert_eq!(
        on_disk.views(Some(CONNECTION)).unwrap(),
        desk.views().as_slice()
    );

    desk.view_remove("OVERDUE").unwrap();
    let missing = desk.view_remove("Overdue").unwrap_err();
    assert_eq!(CommandError::from(&missing).code, ErrorCode::InvalidInput);

    desk.connection_use(None).await.unwrap();
    assert!(desk.views().is_empty(), "the demo has its own views");
    desk.view_save(view("Demo view")).unwrap();
    assert_eq!(desk.views().len(), 1);
}
