//! The rows a query runs over, and the page the invoice table receives.
//!
//! One organization's rows are used in place (shared, never copied). "Several organizations"
//! is their rows concatenated in list order; that copy is kept and rebuilt only when an
//! organization's data or the selection changes, so sorting and filtering 100k rows does not
//! copy them on every keystroke.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::orders::SortOrders;
use super::session::{Session, lock};
use super::view::{InvoicePage, InvoiceRow, PaymentMethodRow};
use crate::ids::OrgId;
use crate::model::{Invoice, PaymentMethod};
use crate::query::{InvoiceQuery, OrgInvoice, QueryResult};

/// The concatenated rows of several organizations, with what they were built from.
#[derive(Debug)]
pub(super) struct Combined {
    /// Each organization and the generation of its data.
    inputs: Vec<(OrgId, u64)>,
    rows: Arc<Vec<OrgInvoice>>,
}

/// The loaded data of the organizations a query covers.
#[derive(Debug, Clone)]
pub struct Selection {
    /// All their invoice rows, organization after organization.
    pub rows: Arc<Vec<OrgInvoice>>,
    /// Where each organization's rows start in `rows`, in order.
    pub segments: Vec<(usize, OrgId)>,
    /// Each organization's payment methods, in the same order.
    pub methods: Vec<(OrgId, Arc<Vec<PaymentMethod>>)>,
    /// The session's kept sort orders, which queries over these rows reuse.
    orders: Arc<SortOrders>,
}

impl Selection {
    /// The organizations that have data, in order.
    pub fn orgs(&self) -> Vec<OrgId> {
        self.segments.iter().map(|(_, org)| org.clone()).collect()
    }

    /// `org/index-within-org` of the row at `index` of [`Selection::rows`].
    fn key(&self, index: usize) -> String {
        let segment = self.segments.partition_point(|(start, _)| *start <= index);
        match segment.checked_sub(1).and_then(|s| self.segments.get(s)) {
            Some((start, org)) => format!("{org}/{}", index - start),
            None => index.to_string(),
        }
    }
}

impl Session {
    /// The data of `orgs` (those without data are left out), in the order given.
    pub fn select(&self, orgs: &[OrgId]) -> Selection {
        let loaded: Vec<(OrgId, u64, Arc<super::table::OrgData>)> = self.with_table(|t| {
            orgs.iter()
                .filter_map(|org| {
                    let data = t.data(org)?;
                    Some((org.clone(), t.data_generation(org), data))
                })
                .collect()
        });
        let mut segments = Vec::with_capacity(loaded.len());
        let mut start = 0;
        for (org, _, data) in &loaded {
            segments.push((start, org.clone()));
            start += data.rows.len();
        }
        let methods = loaded
            .iter()
            .map(|(org, _, data)| (org.clone(), Arc::clone(&data.payment_methods)))
            .collect();
        let rows = match loaded.as_slice() {
            [] => Arc::new(Vec::new()),
            [(_, _, only)] => Arc::clone(&only.rows),
            several => self.combined_rows(several, start),
        };
        Selection {
            rows,
            segments,
            methods,
            orders: Arc::clone(&self.orders),
        }
    }

    fn combined_rows(
        &self,
        loaded: &[(OrgId, u64, Arc<super::table::OrgData>)],
        total: usize,
    ) -> Arc<Vec<OrgInvoice>> {
        let inputs: Vec<(OrgId, u64)> = loaded.iter().map(|(o, g, _)| (o.clone(), *g)).collect();
        let mut memo = lock(&self.combined);
        if let Some(combined) = memo.as_ref().filter(|c| c.inputs == inputs) {
            return Arc::clone(&combined.rows);
        }
        let mut rows = Vec::with_capacity(total);
        for (_, _, data) in loaded {
            rows.extend(data.rows.iter().cloned());
        }
        let rows = Arc::new(rows);
        *memo = Some(Combined {
            inputs,
            rows: Arc::clone(&rows),
        });
        rows
    }
}

/// Runs `query` over the selection with its org filter already applied by the selection.
pub fn run_over(selection: &Selection, query: &InvoiceQuery, now: DateTime<Utc>) -> QueryResult {
    let mut query = query.clone();
    // The selection holds exactly the organizations asked for; checking each row again
    // would only cost time.
    query.orgs = None;
    selection.orders.warm(&selection.rows);
    selection.orders.run(&selection.rows, &query, now)
}

/// The page the table shows: the query's rows with the facts derived at `now`.
///
/// `labels` gives each organization's label; `archived` says whether an invoice's PDF is in
/// the local archive.
pub fn invoice_page(
    selection: &Selection,
    query: &InvoiceQuery,
    labels: &HashMap<OrgId, Option<String>>,
    archived: impl Fn(&OrgId, &Invoice) -> bool,
    now: DateTime<Utc>,
) -> InvoicePage {
    let result = run_over(selection, query, now);
    let mut currencies = BTreeMap::new();
    let rows: Vec<InvoiceRow> = result
        .page
        .iter()
        .filter_map(|&index| Some((index, selection.rows.get(index)?)))
        .map(|(index, row)| {
            let invoice = &row.invoice;
            if let Some(currency) = &invoice.currency {
                currencies.insert(currency.as_str().to_owned(), currency.exponent());
            }
            InvoiceRow {
                key: selection.key(index),
                org: row.org.clone(),
                org_label: labels.get(&row.org).cloned().flatten(),
                invoice: invoice.clone(),
                overdue: invoice.is_overdue(now),
                days_overdue: invoice.days_overdue(now),
                aging: invoice.aging_bucket(now),
                has_hosted: invoice.hosted_invoice_url.is_some(),
                has_pdf: invoice.invoice_pdf.is_some(),
                archived: archived(&row.org, invoice),
            }
        })
        .collect();
    for summary in &result.by_currency {
        if let Some(currency) = &summary.currency {
            currencies.insert(currency.as_str().to_owned(), currency.exponent());
        }
    }
    InvoicePage {
        rows,
        matched: result.matched,
        loaded: selection.rows.len(),
        by_currency: result.by_currency,
        currencies,
    }
}

/// The payment methods of the selection, with their card state at `now`.
pub fn payment_method_rows(
    selection: &Selection,
    labels: &HashMap<OrgId, Option<String>>,
    now: DateTime<Utc>,
) -> Vec<PaymentMethodRow> {
    selection
        .methods
        .iter()
        .flat_map(|(org, methods)| {
            methods.iter().map(move |method| PaymentMethodRow {
                org: org.clone(),
                org_label: labels.get(org).cloned().flatten(),
                method: method.clone(),
                card_state: method.card_state(now),
            })
        })
        .collect()
}
