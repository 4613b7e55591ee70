//! The status filter's choices as the window receives them with each page: every status of
//! the organizations in view, one the API added included, whatever the filters.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::desk_common;

use billing_core::model::InvoiceStatus;
use billing_core::query::InvoiceQuery;
use desk_common::*;

#[tokio::test]
async fn every_page_offers_the_statuses_the_api_sent_whatever_the_filters() {
    let root = tempfile::tempdir().unwrap();
    let stub = stub().await;
    // `unknown-values` sends one invoice with the status "in_review".
    let desk = connected_desk(&root, &stub, &["unknown-values", "acme"]).await;
    desk.fetch_orgs(None, false, |_| {}).await.unwrap();
    let mut with_new = InvoiceStatus::KNOWN.to_vec();
    with_new.push(InvoiceStatus::Unknown("in_review".into()));

    let paid_only = InvoiceQuery {
        statuses: Some(vec![InvoiceStatus::Paid]),
        limit: Some(5),
        ..InvoiceQuery::default()
    };
    let page = desk.invoices_query(&paid_only, now()).await;
    assert!(
        page.rows
            .iter()
            .all(|r| r.invoice.status == Some(InvoiceStatus::Paid))
    );
    assert_eq!(
        page.statuses, with_new,
        "all organizations: the known statuses, then in_review, though only paid rows match"
    );

    let unknown_only = InvoiceQuery {
        statuses: Some(vec![InvoiceStatus::Unknown("in_review".into())]),
        ..InvoiceQuery::default()
    };
    let page = desk.invoices_query(&unknown_only, now()).await;
    assert_eq!(page.matched, 1, "picking it finds its invoice");

    let acme = InvoiceQuery {
        orgs: Some(vec![org("acme")]),
        ..InvoiceQuery::default()
    };
    assert_eq!(
        desk.invoices_query(&acme, now()).await.statuses,
        InvoiceStatus::KNOWN.to_vec(),
        "an organization without it offers the known statuses only"
    );
}
