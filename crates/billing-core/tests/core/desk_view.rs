//! What the window shows and does over loaded data: paging across organizations, links
//! validated before opening, PDFs and their archive fallback, organizations pasted as text.
//! (Exports of the view are in `desk_export.rs`.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::desk_common;

use std::collections::HashSet;

use billing_core::desk::{DEMO_ORGS, ErrorCode, OpenTarget, OrgState, token_from_input};
use billing_core::ids::OrgId;
use billing_core::query::{InvoiceQuery, Sort, SortColumn, SortDirection};
use desk_common::*;

fn page(offset: usize, limit: usize) -> InvoiceQuery {
    InvoiceQuery {
        offset: Some(offset),
        limit: Some(limit),
        sort: Some(Sort {
            column: SortColumn::Total,
            direction: SortDirection::Desc,
        }),
        ..InvoiceQuery::default()
    }
}

#[tokio::test]
async fn all_organizations_are_paged_as_one_list() {
    let root = tempfile::tempdir().unwrap();
    let desk = demo_desk(&root).await;
    assert!(desk.info().demo, "no settings: the demo");
    let statuses = desk.fetch_orgs(None, false, |_| {}).await.unwrap();
    assert_eq!(statuses.len(), DEMO_ORGS.len(), "every demo org is listed");
    let total: usize = statuses.iter().map(|s| s.invoices).sum();
    assert!(
        statuses.iter().all(|s| s.state == OrgState::Fresh),
        "{statuses:?}"
    );

    let mut keys = HashSet::new();
    let mut orgs_seen = HashSet::new();
    let mut offset = 0;
    loop {
        let page = desk.invoices_query(&page(offset, 7), now()).await;
        assert_eq!(page.loaded, total, "loaded counts every org's invoices");
        assert_eq!(page.matched, total, "no filter: everything matches");
        assert!(page.rows.len() <= 7, "the UI gets only the rows it shows");
        for row in &page.rows {
            assert!(
                keys.insert(row.key.clone()),
                "row keys are unique: {}",
                row.key
            );
            orgs_seen.insert(row.org.clone());
            assert!(
                row.key.starts_with(&format!("{}/", row.org)),
                "a key is org/index: {}",
                row.key
            );
            assert!(row.org_label.is_some(), "demo orgs carry their labels");
            if let Some(currency) = &row.invoice.currency {
                assert_eq!(
                    page.currencies.get(currency.as_str()),
                    Some(&currency.exponent()),
                    "every currency shown comes with its Stripe exponent"
                );
            }
        }
        if page.rows.is_empty() {
            break;
        }
        offset += page.rows.len();
    }
    assert_eq!(
        keys.len(),
        total,
        "paging visits every invoice exactly once"
    );
    assert_eq!(
        orgs_seen.len(),
        DEMO_ORGS.len(),
        "rows of every organization appear"
    );

    let last = desk.invoices_query(&page(total - 2, 5), now()).await;
    assert_eq!(last.rows.len(), 2, "the last page is short, not padded");
    let jpy = desk.invoices_query(&page(0, 500), now()).await;
    assert_eq!(jpy.currencies.get("JPY"), Some(&0), "JPY has no decimals");
    assert_eq!(jpy.currencies.get("KWD"), Some(&3), "KWD has three");
    let overdue = jpy.rows.iter().filter(|r| r.overdue).count();
    assert!(
        overdue > 0,
        "the demo has overdue invoices at the fixed now"
    );
    assert!(
        jpy.rows
            .iter()
            .all(|r| r.overdue == r.days_overdue.is_some()),
        "daysOverdue is set exactly for overdue rows"
    );
}

#[tokio::test]
async fn one_organization_and_filters_narrow_the_page() {
    let root = tempfile::tempdir().unwrap();
    let desk = demo_desk(&root).await;
    desk.fetch_orgs(None, false, |_| {}).await.unwrap();
    let first = OrgId::parse(DEMO_ORGS[0].0).unwrap();
    let query = InvoiceQuery {
        orgs: Some(vec![first.clone()]),
        overdue_only: Some(true),
        ..InvoiceQuery::default()
    };
    let page = desk.invoices_query(&query, now()).await;
    assert!(page.matched > 0 && page.matched < page.loaded, "{page:?}");
    assert!(
        page.rows.iter().all(|r| r.org == first && r.overdue),
        "only that org, overdue"
    );
    let methods = desk
        .payment_methods(Some(first.as_str()), now())
        .await
        .unwrap();
    assert!(
        methods.iter().all(|m| m.org == first),
        "payment methods of that org only"
    );
    assert!(
        methods
            .iter()
            .any(|m| m.card_state == billing_core::dates::CardState::Expired),
        "the demo has an expired card, flagged for the UI"
    );
}

#[tokio::test]
async fn of_two_invoices_sharing_an_id_the_clicked_row_opens() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let desk = connected_desk(&root, &stub, &["duplicate-ids"]).await;
    desk.fetch_orgs(None, false, |_| {}).await.unwrap();
    let query = InvoiceQuery {
        orgs: Some(vec![org("duplicate-ids")]),
        ..InvoiceQuery::default()
    };
    let rows = desk.invoices_query(&query, now()).await.rows;
    // The row's place in its organization's rows: the end of its key.
    let index_of = |row: &billing_core::desk::InvoiceRow| -> usize {
        row.key.rsplit('/').next().unwrap().parse().unwrap()
    };
    let mut by_index: Vec<_> = rows.iter().map(|r| (index_of(r), r)).collect();
    by_index.sort_by_key(|(index, _)| *index);
    let shared: Vec<_> = by_index
        .iter()
        .filter(|(_, r)| {
            let id = r.invoice.id.as_deref();
            rows.iter()
                .filter(|o| o.invoice.id.as_deref() == id)
                .count()
                == 2
        })
        .copied()
        .collect();
    let [(first_index, first), (second_index, second)] = shared[..] else {
        panic!("two rows share an ID: {shared:?}");
    };
    let id = first.invoice.id.clone().unwrap();
    assert_ne!(
        first.invoice.hosted_invoice_url, second.invoice.hosted_invoice_url,
        "their links differ"
    );
    for (index, row) in [(first_index, first), (second_index, second)] {
        let plan = desk
            .open_plan("duplicate-ids", &id, Some(index), OpenTarget::Hosted)
            .await
            .unwrap();
        assert_eq!(
            Some(plan.url.as_str()),
            row.invoice.hosted_invoice_url.as_deref(),
            "row {index} opens its own link"
        );
        let copied = desk
            .invoice_link("duplicate-ids", &id, Some(index), OpenTarget::Pdf)
            .unwrap();
        assert_eq!(Some(copied.as_str()), row.invoice.invoice_pdf.as_deref());
    }
    // A row index that no longer holds the ID (the data changed under the click) falls back to
    // the first invoice with it, never to whatever sits at that index now.
    let (other_index, _) = by_index
        .iter()
        .find(|(_, r)| r.invoice.id.as_deref() != Some(id.as_str()))
        .unwrap();
    let plan = desk
        .open_plan("duplicate-ids", &id, Some(*other_index), OpenTarget::Hosted)
        .await
        .unwrap();
    assert_eq!(
        Some(plan.url.as_str()),
        first.invoice.hosted_invoice_url.as_deref()
    );
}

#[tokio::test]
async fn unsafe_links_are_refused_and_safe_ones_validated() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let desk = connected_desk(&root, &stub, &["unsafe-links", "acme"]).await;
    desk.fetch_orgs(None, false, |_| {}).await.unwrap();
    let query = InvoiceQuery {
        orgs: Some(vec![org("unsafe-links")]),
        ..InvoiceQuery::default()
    };
    let rows = desk.invoices_query(&query, now()).await.rows;
    let mut refused = 0;
    for row in &rows {
        let (Some(id), Some(raw)) = (&row.invoice.id, &row.invoice.invoice_pdf) else {
            continue;
        };
        let result = desk.invoice_link("unsafe-links", id, None, OpenTarget::Pdf);
        let lower = raw.trim().to_ascii_lowercase();
        let dangerous = [
            "javascript:",
            "data:",
            "file:",
            "vbscript:",
            "http://example.com",
        ]
        .iter()
        .any(|p| lower.starts_with(p))
            || lower.starts_with("//")
            || raw.chars().any(char::is_control);
        if dangerous {
            refused += 1;
            let error = result.expect_err(&format!("{raw} must never be opened"));
            let error = billing_core::desk::CommandError::from(error);
            assert_eq!(error.code, ErrorCode::LinkRefused, "{raw}: {error:?}");
            let plan = desk
                .open_plan("unsafe-links", id, None, OpenTarget::Pdf)
                .await;
            assert!(
                plan.is_err(),
                "no archive copy: opening {raw} is refused too"
            );
        } else {
            let url = result.unwrap_or_else(|e| panic!("{raw} is safe: {e}"));
            assert!(
                url.scheme() == "https" || billing_core::link::is_loopback_host(&url),
                "only https or loopback http: {url}"
            );
        }
    }
    assert!(
        refused >= 6,
        "the scenario's dangerous links were all tried: {refused}"
    );

    let acme = desk
        .invoices_query(
            &InvoiceQuery {
                orgs: Some(vec![org("acme")]),
                ..InvoiceQuery::default()
            },
            now(),
        )
        .await;
    let with_hosted = acme.rows.iter().find(|r| r.has_hosted).unwrap();
    let id = with_hosted.invoice.id.clone().unwrap();
    let plan = desk
        .open_plan("acme", &id, None, OpenTarget::Hosted)
        .await
        .unwrap();
    assert_eq!(
        Some(plan.url.as_str()),
        with_hosted.invoice.hosted_invoice_url.as_deref(),
        "the exact link from the data is opened"
    );
    assert!(!plan.archived);
    let missing = desk
        .invoice_link("acme", "in_nope", None, OpenTarget::Hosted)
        .unwrap_err();
    assert_eq!(
        billing_core::desk::CommandError::from(missing).code,
        ErrorCode::NotFound,
        "an invoice not loaded is not found"
    );
}

/// A demo desk with everything fetched, the first demo organization, a query of it, and the
/// default archive folder (the one a desk reads at its first query, so a restart finds it).
async fn demo_with_archive_dir(
    root: &tempfile::TempDir,
) -> (
    billing_core::desk::Desk,
    OrgId,
    InvoiceQuery,
    std::path::PathBuf,
) {
    let desk = demo_desk(root).await;
    desk.fetch_orgs(None, false, |_| {}).await.unwrap();
    let first = OrgId::parse(DEMO_ORGS[0].0).unwrap();
    let query = InvoiceQuery {
        orgs: Some(vec![first.clone()]),
        ..InvoiceQuery::default()
    };
    let dir = root
        .path()
        .join("data")
        .join(billing_core::desk::DEFAULT_PDF_DIR);
    (desk, first, query, dir)
}

#[tokio::test]
async fn pdfs_download_with_progress_and_back_an_unusable_link() {
    let root = tempfile::tempdir().unwrap();
    let (desk, first, query, dir) = demo_with_archive_dir(&root).await;
    let reports = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = std::sync::Arc::clone(&reports);
    let outcome = desk
        .download_pdfs(&query, &dir, now(), move |_| {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        })
        .await
        .unwrap();
    assert!(outcome.downloaded > 0, "{outcome:?}");
    assert_eq!(outcome.failed, 0, "{outcome:?}");
    assert!(!outcome.cancelled);
    assert_eq!(
        reports.load(std::sync::atomic::Ordering::SeqCst),
        outcome.downloaded + outcome.skipped + outcome.failed,
        "one progress report per invoice"
    );
    let page = desk.invoices_query(&query, now()).await;
    assert!(
        page.rows.iter().any(|r| r.archived),
        "rows know their PDF is archived"
    );
    let again = desk
        .download_pdfs(&query, &dir, now(), |_| {})
        .await
        .unwrap();
    assert_eq!(
        again.downloaded, 0,
        "identical PDFs are not downloaded twice"
    );

    // The live link is gone (here: after a restart, before the organization is loaded
    // again): "open PDF" falls back to the archived copy.
    let archived = page.rows.iter().find(|r| r.archived).unwrap();
    let id = archived.invoice.id.clone().unwrap();
    drop(desk);
    let desk = demo_desk(&root).await;
    let plan = desk
        .open_plan(first.as_str(), &id, None, OpenTarget::Pdf)
        .await
        .unwrap();
    assert!(plan.archived, "the archive copy is opened: {plan:?}");
    assert!(
        plan.url.starts_with("file://"),
        "a local file: {}",
        plan.url
    );
    assert!(
        plan.url
            .starts_with(&url::Url::from_file_path(&dir).unwrap().to_string()),
        "inside the archive folder: {}",
        plan.url
    );
    assert!(
        desk.open_plan(first.as_str(), &id, None, OpenTarget::Hosted)
            .await
            .is_err(),
        "hosted pages have no archive fallback"
    );
}

#[tokio::test]
async fn pasted_org_ids_are_sorted_into_added_already_saved_and_invalid() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let desk = connected_desk(&root, &stub, &["acme"]).await;
    let added = desk
        .orgs_add("acme, globex;\ninitech globex ..", Some("EU"))
        .unwrap();
    assert_eq!(
        added.added,
        ["globex", "initech"],
        "new ones, in paste order"
    );
    assert_eq!(
        added.already_saved,
        ["globex", "acme"],
        "a repeat in the paste, then the one saved before"
    );
    assert_eq!(added.invalid, [".."], "not an org ID");
    let reloaded = billing_core::settings::SettingsStore::at(root.path().join("config"))
        .load(now())
        .unwrap()
        .settings;
    let saved: Vec<_> = reloaded.connections[0]
        .organizations
        .iter()
        .map(|o| (o.org_id.as_str(), o.label.as_deref()))
        .collect();
    assert_eq!(
        saved,
        [
            ("acme", None),
            ("globex", Some("EU")),
            ("initech", Some("EU"))
        ],
        "saved to disk with the label"
    );
    let labelled = desk.org_label("acme", Some("  HQ ")).unwrap();
    assert_eq!(
        labelled.connections[0].organizations[0].label.as_deref(),
        Some("HQ")
    );
    let removed = desk.org_remove("initech").unwrap();
    assert_eq!(
        removed.connections[0].organizations.len(),
        2,
        "removed from the list"
    );
}

#[tokio::test]
async fn adding_a_connection_stores_the_token_and_leaves_the_demo() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let desk = demo_desk(&root).await;
    assert!(desk.info().demo);
    assert_eq!(
        token_from_input("   ".to_owned())
            .map(|_| ())
            .map_err(|e| e.code()),
        Err(ErrorCode::InvalidInput),
        "a blank token is refused"
    );
    let settings = desk
        .connection_add(
            "Production",
            &stub.base_url(),
            true,
            token_from_input(TOKEN.to_owned()).unwrap(),
            &["acme".to_owned(), "globex".to_owned()],
        )
        .await
        .unwrap();
    assert_eq!(settings.active_connection.as_deref(), Some("Production"));
    let info = desk.info();
    assert!(!info.demo, "the demo is left");
    assert_eq!(info.connection.as_deref(), Some("Production"));
    assert!(
        desk.token_status("Production").await.unwrap().stored,
        "token in the keyring"
    );
    let statuses = desk.fetch_orgs(None, false, |_| {}).await.unwrap();
    assert!(
        statuses.iter().all(|s| s.state == OrgState::Fresh),
        "{statuses:?}"
    );
    let bad = desk
        .connection_add(
            "Other",
            "http://example.com",
            true,
            token_from_input("t".to_owned()).unwrap(),
            &[],
        )
        .await
        .unwrap_err();
    assert_eq!(
        bad.code(),
        ErrorCode::InvalidInput,
        "remote plain http is refused: {bad}"
    );
    assert!(
        !desk.token_status("Other").await.unwrap().stored,
        "a refused connection stores no token"
    );
    let cleared = desk.token_clear("Production").await.unwrap();
    assert!(!cleared.stored);
    let back = desk.connection_use(None).await.unwrap();
    assert_eq!(back.active_connection, None);
    assert!(desk.info().demo, "null switches to the demo");
}

/// "Open PDF" on an invoice whose link is gone, after `tamper` changed the archive: the
/// archived copy is opened only while it is still the file the archive wrote.
async fn open_archived_after(
    tamper: impl FnOnce(&std::path::Path, &mut serde_json::Value),
) -> Result<String, String> {
    let root = tempfile::tempdir().unwrap();
    let (desk, first, query, dir) = demo_with_archive_dir(&root).await;
    let outcome = desk
        .download_pdfs(&query, &dir, now(), |_| {})
        .await
        .unwrap();
    assert!(outcome.downloaded > 0, "{outcome:?}");
    let index_path = dir.join("index.json");
    let mut index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&index_path).unwrap()).unwrap();
    let id = index["entries"][0]["invoiceId"]
        .as_str()
        .unwrap()
        .to_owned();
    tamper(&dir, &mut index["entries"][0]);
    std::fs::write(&index_path, serde_json::to_vec(&index).unwrap()).unwrap();
    // A new desk reads the index from disk, as the next start does; the organization is not
    // loaded yet, so its live link is unknown.
    drop(desk);
    let desk = demo_desk(&root).await;
    desk.open_plan(first.as_str(), &id, None, OpenTarget::Pdf)
        .await
        .map(|plan| {
            assert!(plan.archived, "{plan:?}");
            plan.url
        })
        .map_err(|error| error.to_string())
}

#[tokio::test]
async fn the_archived_pdf_opens_while_it_is_the_file_the_archive_wrote() {
    let opened = open_archived_after(|_, _| {}).await.unwrap();
    assert!(
        opened.starts_with("file://") && opened.ends_with(".pdf"),
        "{opened}"
    );
}

#[tokio::test]
async fn a_file_planted_in_the_index_is_never_opened() {
    let desktop = b"[Desktop Entry]\nType=Application\nExec=sh -c 'touch /tmp/owned'\n";
    let refused = open_archived_after(|dir, entry| {
        std::fs::write(dir.join("evil.desktop"), desktop).unwrap();
        entry["file"] = "evil.desktop".into();
        entry["bytes"] = desktop.len().into();
        entry["sha256"] = sha256_hex(desktop).into();
    })
    .await;
    assert!(
        refused.is_err(),
        "a .desktop file with matching size and hash: {refused:?}"
    );
}

#[cfg(unix)]
#[tokio::test]
async fn a_symlink_in_place_of_the_archived_pdf_is_never_opened() {
    let refused = open_archived_after(|dir, entry| {
        let file = dir.join(entry["file"].as_str().unwrap());
        let elsewhere = dir.parent().unwrap().join("elsewhere.pdf");
        std::fs::rename(&file, &elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &file).unwrap();
    })
    .await;
    assert!(
        refused.is_err(),
        "a symlink, even to the very same bytes: {refused:?}"
    );
}

#[tokio::test]
async fn an_archived_pdf_whose_bytes_changed_is_never_opened() {
    let refused = open_archived_after(|dir, entry| {
        let file = dir.join(entry["file"].as_str().unwrap());
        let mut bytes = std::fs::read(&file).unwrap();
        let last = bytes.len() - 2;
        bytes[last] ^= 1;
        std::fs::write(&file, bytes).unwrap();
    })
    .await;
    assert!(refused.is_err(), "same size, other bytes: {refused:?}");
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

#[tokio::test]
async fn organizations_that_are_not_saved_are_never_fetched_queried_or_opened() {
    let root = tempfile::tempdir().unwrap();
    let desk = demo_desk(&root).await;
    desk.fetch_orgs(None, false, |_| {}).await.unwrap();
    let saved = OrgId::parse(DEMO_ORGS[0].0).unwrap();
    let page = desk
        .invoices_query(
            &InvoiceQuery {
                orgs: Some(vec![saved.clone()]),
                ..InvoiceQuery::default()
            },
            now(),
        )
        .await;
    let id = page.rows[0].invoice.id.clone().unwrap();

    // An ID the page chose: refused before any request, as a list that holds it.
    let error = desk
        .fetch_orgs(
            Some(&["acme-evil".to_owned(), saved.to_string()]),
            true,
            |_| {},
        )
        .await
        .unwrap_err();
    assert_eq!(
        billing_core::desk::CommandError::from(error).code,
        ErrorCode::InvalidInput
    );
    // A saved organization removed from the list: its rows are no longer read.
    desk.org_remove(saved.as_str()).unwrap();
    let gone = desk
        .invoices_query(
            &InvoiceQuery {
                orgs: Some(vec![saved.clone()]),
                ..InvoiceQuery::default()
            },
            now(),
        )
        .await;
    assert_eq!(
        (gone.matched, gone.loaded),
        (0, 0),
        "no rows of an unsaved organization"
    );
    for target in [OpenTarget::Hosted, OpenTarget::Pdf, OpenTarget::ArchivedPdf] {
        let error = desk
            .open_plan(saved.as_str(), &id, None, target)
            .await
            .unwrap_err();
        assert!(
            error.to_string().contains("not in this connection's list"),
            "{target:?}: {error}"
        );
    }
    assert!(
        desk.payment_methods(Some(saved.as_str()), now())
            .await
            .unwrap()
            .is_empty(),
        "no payment methods of an unsaved organization"
    );
}

#[tokio::test]
async fn one_connection_test_at_a_time() {
    let stub = stub().await;
    let root = tempfile::tempdir().unwrap();
    let desk = demo_desk(&root).await;
    let token = || billing_core::secret::ApiToken::new(desk_common::TOKEN).unwrap();
    let base = stub.base_url();
    // A test whose server takes 10 s to answer, driven until its request has arrived.
    let mut first = Box::pin(desk.connection_test(&base, true, token(), "slow-headers-10000"));
    while requests_for(&stub, "slow-headers-10000") == 0 {
        tokio::select! {
            result = &mut first => panic!("answered before the server did: {result:?}"),
            () = tokio::time::sleep(std::time::Duration::from_millis(10)) => {}
        }
    }
    let refused = desk
        .connection_test(&base, true, token(), "acme")
        .await
        .unwrap_err();
    let refused = billing_core::desk::CommandError::from(refused);
    assert_eq!(refused.code, ErrorCode::Busy, "{refused:?}");
    assert_eq!(requests_for(&stub, "acme"), 0, "the second sent nothing");
    // The user stops waiting for the first: the next test runs.
    drop(first);
    desk.connection_test(&base, true, token(), "acme")
        .await
        .expect("the next test runs once the first is over");
}
