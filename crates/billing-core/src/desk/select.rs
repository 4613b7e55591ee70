//! The rows a query runs over, and the page the invoice table receives.
//!
//! One organization's rows are used in place (shared, never copied). "Several organizations"
//! is their rows concatenated in list order; that row set is kept and rebuilt only when an
//! organization's data or the selection changes, so sorting and filtering 100k rows does not
//! rebuild it on every keystroke. During a batch it changes with every organization that
//! arrives, so a rebuild is cheap: rows are shared (two reference counts each), and the
//! tie-break ranks sorts need are put together from each organization's own ranks in one pass
//! ([`concat_ranks`]) instead of a sort of every row by its IDs.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

use super::table::{DataOrigin, OrgData, OrgTable};
use super::view::{InvoicePage, InvoiceRow, PaymentMethodRow};
use crate::dates::AgingScale;
use crate::ids::OrgId;
use crate::model::{Invoice, InvoiceStatus, PaymentMethod};
use crate::query::{InvoiceQuery, OrgInvoice, QueryCache, QueryResult};
use crate::sync::lock;

/// The concatenated rows of several organizations, with what they were built from.
#[derive(Debug)]
struct Combined {
    /// Each organization and the generation of its data.
    inputs: Vec<(OrgId, u64)>,
    rows: Arc<Vec<OrgInvoice>>,
    ranks: Arc<Vec<u32>>,
}

/// The loaded data of the organizations a query covers.
#[derive(Debug, Clone)]
pub struct Selection {
    /// All their invoice rows, organization after organization.
    pub rows: Arc<Vec<OrgInvoice>>,
    /// The tie-break rank of each row of `rows` ([`crate::query::tiebreak_ranks`]).
    pub ranks: Arc<Vec<u32>>,
    /// Where each organization's rows start in `rows`, in order.
    pub segments: Vec<(usize, OrgId)>,
    /// Each organization's payment methods, in the same order.
    pub methods: Vec<(OrgId, Arc<Vec<PaymentMethod>>)>,
    /// Each organization's answer, in the same order: when it was fetched and where its rows
    /// come from (an export's manifest records them).
    pub answers: Vec<(OrgId, DateTime<Utc>, DataOrigin)>,
    /// The statuses their invoices offer to filter by ([`crate::query::status_facet`]).
    pub statuses: Vec<InvoiceStatus>,
    /// The session's kept sort orders, which queries over these rows reuse.
    orders: Arc<QueryCache>,
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

/// Each organization's loaded data with its generation, in the order asked for.
pub(super) type Loaded = Vec<(OrgId, u64, Arc<OrgData>)>;

/// The data of `orgs` in `table` (those without data are left out), in the order given.
pub(super) fn loaded(table: &OrgTable, orgs: &[OrgId]) -> Loaded {
    orgs.iter()
        .filter_map(|org| {
            let data = table.data(org)?;
            Some((org.clone(), table.data_generation(org), data))
        })
        .collect()
}

/// What makes a repeated selection and query over one session's data cheap: the last
/// "several organizations" row set and the sort orders kept between queries.
#[derive(Debug, Default)]
pub(super) struct Selector {
    /// The last "several organizations" row set, rebuilt only when its inputs change.
    combined: Mutex<Option<Combined>>,
    /// Sort orders kept between queries of the same rows.
    orders: Arc<QueryCache>,
}

impl Selector {
    /// The selection of `loaded`, reusing the last combined row set when it is the same.
    pub(super) fn select(&self, loaded: &[(OrgId, u64, Arc<OrgData>)]) -> Selection {
        let mut segments = Vec::with_capacity(loaded.len());
        let mut start = 0;
        for (org, _, data) in loaded {
            segments.push((start, org.clone()));
            start += data.rows.len();
        }
        let methods = loaded
            .iter()
            .map(|(org, _, data)| (org.clone(), Arc::clone(&data.payment_methods)))
            .collect();
        let answers = loaded
            .iter()
            .map(|(org, _, data)| (org.clone(), data.fetched_at, data.origin))
            .collect();
        let statuses =
            crate::query::status_facet(loaded.iter().flat_map(|(_, _, data)| data.statuses.iter()));
        let (rows, ranks) = match loaded {
            [] => (Arc::new(Vec::new()), Arc::new(Vec::new())),
            [(_, _, only)] => (Arc::clone(&only.rows), Arc::clone(&only.ranks)),
            several => self.combined_rows(several, start),
        };
        Selection {
            rows,
            ranks,
            segments,
            methods,
            answers,
            statuses,
            orders: Arc::clone(&self.orders),
        }
    }

    fn combined_rows(
        &self,
        loaded: &[(OrgId, u64, Arc<OrgData>)],
        total: usize,
    ) -> (Arc<Vec<OrgInvoice>>, Arc<Vec<u32>>) {
        let inputs: Vec<(OrgId, u64)> = loaded.iter().map(|(o, g, _)| (o.clone(), *g)).collect();
        let mut memo = lock(&self.combined);
        if let Some(combined) = memo.as_ref().filter(|c| c.inputs == inputs) {
            return (Arc::clone(&combined.rows), Arc::clone(&combined.ranks));
        }
        let mut rows = Vec::with_capacity(total);
        for (_, _, data) in loaded {
            rows.extend(data.rows.iter().cloned());
        }
        let segments: Vec<(&OrgId, &[u32])> = loaded
            .iter()
            .map(|(org, _, data)| (org, data.ranks.as_slice()))
            .collect();
        let ranks = Arc::new(
            concat_ranks(&segments).unwrap_or_else(|| crate::query::tiebreak_ranks(&rows)),
        );
        let rows = Arc::new(rows);
        *memo = Some(Combined {
            inputs,
            rows: Arc::clone(&rows),
            ranks: Arc::clone(&ranks),
        });
        (rows, ranks)
    }
}

/// The tie-break ranks of rows made of `segments` one after the other, each the rows of one
/// organization with their own tie-break ranks: equal to [`crate::query::tiebreak_ranks`] of
/// the concatenated rows. That order compares the organization ID first, so a segment's rows
/// stay together and keep their order; a segment's ranks only move up by the number of rows
/// of the segments whose organization sorts before it. `None` when an organization appears
/// twice: its two segments' rows interleave in that order.
pub(super) fn concat_ranks(segments: &[(&OrgId, &[u32])]) -> Option<Vec<u32>> {
    let mut by_org: Vec<usize> = (0..segments.len()).collect();
    let id = |i: usize| segments.get(i).map(|(org, _)| org.as_str());
    by_org.sort_unstable_by(|&a, &b| id(a).cmp(&id(b)));
    if by_org.windows(2).any(|pair| id(pair[0]) == id(pair[1])) {
        return None;
    }
    let mut base = vec![0u32; segments.len()];
    let mut next = 0u32;
    for index in by_org {
        if let (Some(slot), Some((_, ranks))) = (base.get_mut(index), segments.get(index)) {
            *slot = next;
            next = next.saturating_add(u32::try_from(ranks.len()).unwrap_or(u32::MAX));
        }
    }
    Some(
        segments
            .iter()
            .zip(base)
            .flat_map(|((_, ranks), base)| ranks.iter().map(move |rank| base.saturating_add(*rank)))
            .collect(),
    )
}

/// Runs `query` over the selection with its org filter already applied by the selection.
pub fn run_over(selection: &Selection, query: &InvoiceQuery, now: DateTime<Utc>) -> QueryResult {
    let mut query = query.clone();
    // The selection holds exactly the organizations asked for; checking each row again
    // would only cost time.
    query.orgs = None;
    selection.orders.warm(&selection.rows, &selection.ranks);
    selection
        .orders
        .run(&selection.rows, &selection.ranks, &query, now)
}

/// The page the table shows: the rows of `result` (the answer of [`run_over`] on
/// `selection`) with the facts derived at `now`.
///
/// `labels` gives each organization's label; `archived` says whether an invoice's PDF is in
/// the local archive.
pub fn invoice_page(
    selection: &Selection,
    result: QueryResult,
    labels: &HashMap<OrgId, Option<String>>,
    archived: impl Fn(&OrgId, &Invoice) -> bool,
    now: DateTime<Utc>,
    aging: &AgingScale,
) -> InvoicePage {
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
                invoice: Invoice::clone(invoice),
                overdue: invoice.is_overdue(now),
                days_overdue: invoice.days_overdue(now),
                aging: aging.id(invoice.aging_bucket(now, aging)).to_owned(),
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
        due_months: result.due_months,
        by_currency: result.by_currency,
        currencies,
        statuses: selection.statuses.clone(),
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::super::table::LoadOutcome;
    use super::*;
    use crate::query::tiebreak_ranks;

    fn org_rows(org: &str, ids: &[Option<&str>]) -> Vec<OrgInvoice> {
        let org = OrgId::parse(org).unwrap();
        OrgInvoice::rows_for(
            &org,
            ids.iter().map(|id| Invoice {
                id: id.map(str::to_owned),
                ..Invoice::default()
            }),
        )
    }

    fn ranks_of_segments(segments: &[Vec<OrgInvoice>]) -> Option<Vec<u32>> {
        let own: Vec<Vec<u32>> = segments.iter().map(|rows| tiebreak_ranks(rows)).collect();
        let orgs: Vec<OrgId> = segments
            .iter()
            .map(|rows| {
                rows.first()
                    .map_or_else(|| OrgId::parse("org_empty").unwrap(), |r| r.org.clone())
            })
            .collect();
        let parts: Vec<(&OrgId, &[u32])> = orgs
            .iter()
            .zip(&own)
            .map(|(o, r)| (o, r.as_slice()))
            .collect();
        concat_ranks(&parts)
    }

    #[test]
    fn ranks_put_together_per_organization_equal_ranking_all_rows() {
        // Out of ID order, an empty organization, missing and repeated invoice IDs.
        let segments = [
            org_rows("org_m", &[Some("in_2"), None, Some("in_1"), Some("in_2")]),
            org_rows("org_a", &[Some("in_9"), Some("in_3")]),
            org_rows("org_z", &[]),
            org_rows("org_c", &[None, Some("in_0")]),
            org_rows("org_b", &[Some("in_5")]),
        ];
        assert_eq!(
            ranks_of_segments(&segments),
            Some(tiebreak_ranks(&segments.concat()))
        );
    }

    #[test]
    fn an_organization_listed_twice_is_ranked_row_by_row() {
        let segments = [
            org_rows("org_m", &[Some("in_2"), Some("in_1")]),
            org_rows("org_a", &[Some("in_9")]),
            org_rows("org_m", &[Some("in_0")]),
        ];
        assert_eq!(ranks_of_segments(&segments), None);
        let mut table = OrgTable::new();
        let (m, a) = (
            OrgId::parse("org_m").unwrap(),
            OrgId::parse("org_a").unwrap(),
        );
        for (org, ids) in [(&m, vec!["in_2", "in_1", "in_0"]), (&a, vec!["in_9"])] {
            let details = crate::model::BillingDetails {
                invoices: ids
                    .into_iter()
                    .map(|id| Invoice {
                        id: Some(id.to_owned()),
                        ..Invoice::default()
                    })
                    .collect(),
                ..crate::model::BillingDetails::default()
            };
            let data = OrgData::new(org, details, Utc::now(), DataOrigin::Fetched);
            let ticket = table.begin(org);
            table.finish(ticket, LoadOutcome::Loaded(Arc::new(data)));
        }
        let selection = Selector::default().select(&loaded(&table, &[m.clone(), a, m]));
        assert_eq!(
            selection.ranks.as_slice(),
            tiebreak_ranks(&selection.rows).as_slice()
        );
    }
}
