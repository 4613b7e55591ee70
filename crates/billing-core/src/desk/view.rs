//! What the invoice and payment-method tables receive: one page of rows with the facts the
//! UI must not compute itself (overdue at `now`, aging, card state, currency exponents).

use std::collections::BTreeMap;

use serde::Serialize;
use ts_rs::TS;

use crate::dates::CardState;
use crate::ids::OrgId;
use crate::model::{Invoice, InvoiceStatus, PaymentMethod};
use crate::query::CurrencySummary;

/// One page of the invoice table, plus the totals of everything that matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct InvoicePage {
    /// The rows the table shows (the query's `offset`/`limit`), in sort order.
    pub rows: Vec<InvoiceRow>,
    /// Rows that matched the filters, over all pages.
    pub matched: usize,
    /// Rows before filtering (all loaded invoices of the organizations asked for).
    pub loaded: usize,
    /// Totals and aging of all matched rows, per currency.
    pub by_currency: Vec<CurrencySummary>,
    /// Outstanding amounts of all matched rows by due month, per currency (the chart above
    /// the table).
    pub due_months: Vec<crate::query::CurrencyDueMonths>,
    /// Stripe exponent (decimals) of every currency code in `rows` and `byCurrency`: Intl's
    /// ISO digits differ from Stripe's for a few currencies (ISK, UGX…).
    #[ts(type = "Record<string, number>")]
    pub currencies: BTreeMap<String, u32>,
    /// The statuses the status filter offers for these organizations, whatever the filters:
    /// the five known ones, then any other the API sent ([`crate::query::status_facet`]).
    pub statuses: Vec<InvoiceStatus>,
}

/// One invoice table row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct InvoiceRow {
    /// `org + "/" + index`: stable while the organization's data is unchanged.
    pub key: String,
    /// The organization the invoice belongs to.
    pub org: OrgId,
    /// The user's label for the organization.
    pub org_label: Option<String>,
    /// The invoice as the API sent it (normalized).
    pub invoice: Invoice,
    /// Open, owing and past due at the query's `now`.
    pub overdue: bool,
    /// Days past due when overdue.
    #[ts(type = "number | null")]
    pub days_overdue: Option<i64>,
    /// The aging bucket's identifier at `now` (`current`, `days1To30`, …; see
    /// [`crate::dates::AgingScale::id`]).
    pub aging: String,
    /// Has a hosted-page link (not yet validated: opening validates it).
    pub has_hosted: bool,
    /// Has a PDF link (not yet validated).
    pub has_pdf: bool,
    /// A copy of the PDF is in the local archive.
    pub archived: bool,
}

/// One payment-method table row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PaymentMethodRow {
    /// The organization the method belongs to.
    pub org: OrgId,
    /// The user's label for the organization.
    pub org_label: Option<String>,
    /// The method as the API sent it.
    pub method: PaymentMethod,
    /// Expired / expiring soon / valid at `now`.
    pub card_state: CardState,
}
