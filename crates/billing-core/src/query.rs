//! The invoice query: the one model behind the app's table, the exports and the CLI.
//!
//! Rows are [`OrgInvoice`]s (an invoice with the organization it came from). [`run_query`]
//! filters them with an [`InvoiceQuery`], sorts, pages, and adds up the whole filtered set per
//! currency. It returns row indices, so callers keep their rows where they are.
//!
//! # Rules
//! - Every filter is optional; `None` (and an empty list or blank text) means "no filter".
//!   Filters combine with AND.
//! - A row without the value a filter looks at (no status, no due date, an unparsable date,
//!   no total...) does not match that filter.
//! - Date ranges are half-open: `from` inclusive, `to` exclusive, compared in UTC. To include
//!   a whole last day, pass the next midnight as `to`.
//! - The amount range applies to `total`, both ends inclusive, in major units of each
//!   invoice's own currency ([`MajorAmount`]): a minimum of 10 keeps USD 10.00 and JPY 10 and
//!   up. An invoice without a currency has no amount to compare, so it does not match.
//! - Sorting is stable and deterministic: ties are broken by organization, then invoice ID
//!   (missing IDs last), then input order. Missing values sort last in both directions;
//!   unparsable dates sort after valid ones (by their text) and before missing ones. Without
//!   a sort, rows keep their input order.
//! - Sorting by an amount column ([`SortColumn::is_amount`]) never interleaves currencies:
//!   rows are grouped by currency code (A to Z in both directions, no currency last), and
//!   ordered by the amount within each group, missing amounts last in their group.
//! - [`status_facet`] lists the statuses a status filter offers: the five known ones, then
//!   every other status the rows have.
//! - Totals are per currency and never summed across currencies; invoices without a currency
//!   form their own group (`currency: null`). A missing amount is absent from that sum, not
//!   zero: each [`AmountSum`] says how many invoices it counted. Sums are `i128`, so they
//!   cannot overflow.
//! - Aging adds up `amountRemaining` of outstanding invoices (open, remaining > 0) by the
//!   query's [`AgingScale`] at `now`. A days-overdue range (an aging bucket's days) keeps
//!   only overdue invoices in it, both ends inclusive.

mod due_months;
mod facets;
mod filter;
mod fnv;
mod kept;
mod match_cache;
mod query_cache;
mod rank;
mod refine;
mod reverse;
mod sort;
mod summary;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dates::AgingScale;
use crate::fields::{FieldKind, InvoiceField};
use crate::ids::OrgId;
use crate::model::{Invoice, InvoiceStatus};
use crate::money::{Currency, MajorAmount};

pub use due_months::{CurrencyDueMonths, DueMonth, MONTHS as DUE_MONTHS};
pub use facets::status_facet;
pub use query_cache::QueryCache;
pub use summary::{AgingSum, AmountSum, CurrencySummary};

/// One table row: an invoice and the organization it belongs to.
///
/// Both parts are shared, so a clone costs two reference counts: "All organizations"
/// concatenates every organization's rows into one row set each time one of them changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgInvoice {
    /// The organization the invoice was fetched for.
    pub org: OrgId,
    /// The invoice.
    pub invoice: Arc<Invoice>,
}

impl OrgInvoice {
    /// Rows for all invoices of one organization, in the order given.
    pub fn rows_for(org: &OrgId, invoices: impl IntoIterator<Item = Invoice>) -> Vec<OrgInvoice> {
        invoices
            .into_iter()
            .map(|invoice| OrgInvoice {
                org: org.clone(),
                invoice: Arc::new(invoice),
            })
            .collect()
    }

    /// Moves `invoices` onto the end of `rows` as rows of `org`, in order. They are taken from
    /// the back and the list's buffer shrinks as it empties, so the invoices are never all
    /// held twice (in the list and behind their `Arc`s): at a million invoices that is
    /// hundreds of megabytes.
    pub fn append(rows: &mut Vec<OrgInvoice>, org: &OrgId, mut invoices: Vec<Invoice>) {
        let start = rows.len();
        rows.reserve(invoices.len());
        while let Some(invoice) = invoices.pop() {
            rows.push(OrgInvoice {
                org: org.clone(),
                invoice: Arc::new(invoice),
            });
            if invoices.len() < invoices.capacity() / 4 * 3 {
                invoices.shrink_to_fit();
            }
        }
        rows[start..].reverse();
    }
}

/// A column to sort by; every column of the invoice table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SortColumn {
    /// Organization ID.
    Org,
    /// Invoice number.
    Number,
    /// Invoice ID.
    Id,
    /// Status, in lifecycle order (draft, open, paid, uncollectible, void), unknown ones after.
    Status,
    /// Currency code.
    Currency,
    /// Total (grouped by currency, like every amount column).
    Total,
    /// Amount due.
    AmountDue,
    /// Amount paid.
    AmountPaid,
    /// Amount remaining.
    AmountRemaining,
    /// Creation date.
    CreatedAt,
    /// Due date.
    DueAt,
    /// Period start.
    PeriodStart,
    /// Period end.
    PeriodEnd,
    /// Days overdue at `now`; invoices that are not overdue count as missing.
    DaysOverdue,
}

impl SortColumn {
    /// Every column, in table order.
    pub const ALL: [SortColumn; 14] = [
        SortColumn::Org,
        SortColumn::Number,
        SortColumn::Id,
        SortColumn::Status,
        SortColumn::Currency,
        SortColumn::Total,
        SortColumn::AmountDue,
        SortColumn::AmountPaid,
        SortColumn::AmountRemaining,
        SortColumn::CreatedAt,
        SortColumn::DueAt,
        SortColumn::PeriodStart,
        SortColumn::PeriodEnd,
        SortColumn::DaysOverdue,
    ];

    /// The field this column sorts by (see [`crate::fields`]).
    pub const fn field(self) -> InvoiceField {
        match self {
            SortColumn::Org => InvoiceField::Org,
            SortColumn::Number => InvoiceField::Number,
            SortColumn::Id => InvoiceField::Id,
            SortColumn::Status => InvoiceField::Status,
            SortColumn::Currency => InvoiceField::Currency,
            SortColumn::Total => InvoiceField::Total,
            SortColumn::AmountDue => InvoiceField::AmountDue,
            SortColumn::AmountPaid => InvoiceField::AmountPaid,
            SortColumn::AmountRemaining => InvoiceField::AmountRemaining,
            SortColumn::CreatedAt => InvoiceField::CreatedAt,
            SortColumn::DueAt => InvoiceField::DueAt,
            SortColumn::PeriodStart => InvoiceField::PeriodStart,
            SortColumn::PeriodEnd => InvoiceField::PeriodEnd,
            SortColumn::DaysOverdue => InvoiceField::DaysOverdue,
        }
    }

    /// The column's name: its field's, the header of the same column in CSV exports.
    pub const fn name(self) -> &'static str {
        self.field().name()
    }

    /// The column with this [`SortColumn::name`], ignoring case.
    pub fn from_name(name: &str) -> Option<SortColumn> {
        SortColumn::ALL
            .into_iter()
            .find(|column| column.name().eq_ignore_ascii_case(name.trim()))
    }

    /// Whether the column holds an amount, which sorts currency by currency.
    pub fn is_amount(self) -> bool {
        self.field().def().kind == FieldKind::Money
    }
}

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SortDirection {
    /// Smallest, earliest, A first.
    #[default]
    Asc,
    /// Largest, latest, Z first.
    Desc,
}

/// A column and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Sort {
    /// The column.
    pub column: SortColumn,
    /// The direction; ascending when omitted.
    #[serde(default)]
    #[ts(as = "Option<SortDirection>", optional)]
    pub direction: SortDirection,
}

/// What to show: filters, sort and page. Every field is optional (see the module docs for
/// the exact rules); `InvoiceQuery::default()` matches everything in input order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export, optional_fields = nullable)]
pub struct InvoiceQuery {
    /// Only these organizations.
    pub orgs: Option<Vec<OrgId>>,
    /// Only these statuses (an unknown status matches by its exact text).
    pub statuses: Option<Vec<InvoiceStatus>>,
    /// Case-insensitive substring of the invoice number or ID.
    pub text: Option<String>,
    /// Created at or after.
    #[ts(type = "string | null", optional)]
    pub created_from: Option<DateTime<Utc>>,
    /// Created before.
    #[ts(type = "string | null", optional)]
    pub created_to: Option<DateTime<Utc>>,
    /// Due at or after.
    #[ts(type = "string | null", optional)]
    pub due_from: Option<DateTime<Utc>>,
    /// Due before.
    #[ts(type = "string | null", optional)]
    pub due_to: Option<DateTime<Utc>>,
    /// Total at least this much, in major units of the invoice's currency.
    pub amount_min: Option<MajorAmount>,
    /// Total at most this much, in major units of the invoice's currency.
    pub amount_max: Option<MajorAmount>,
    /// Only this currency.
    pub currency: Option<Currency>,
    /// Only overdue invoices (see [`Invoice::is_overdue`]).
    pub overdue_only: Option<bool>,
    /// Only invoices overdue at least this many days (an aging bucket's first day).
    pub days_overdue_min: Option<u32>,
    /// Only invoices overdue at most this many days (an aging bucket's last day).
    pub days_overdue_max: Option<u32>,
    /// Order of the rows; input order when absent.
    pub sort: Option<Sort>,
    /// The view "as of" this time instead of now: overdue, days overdue and aging are
    /// computed at it, and invoices created after it are left out (they did not exist yet).
    /// Amounts are today's: a payment made after it is not undone.
    #[ts(type = "string | null", optional)]
    pub as_of: Option<DateTime<Utc>>,
    /// Rows to skip before the page.
    #[ts(type = "number | null", optional)]
    pub offset: Option<usize>,
    /// Page size; everything after `offset` when absent.
    #[ts(type = "number | null", optional)]
    pub limit: Option<usize>,
    /// The aging buckets totals are split by: the connection's, set by whoever runs the
    /// query (the app's session, `bdesk`), never by the UI or a saved view.
    #[serde(skip)]
    #[ts(skip)]
    pub aging: AgingScale,
}

impl InvoiceQuery {
    /// Whether `row` passes every filter of this query at `now` (sort and paging aside).
    pub fn matches(&self, row: &OrgInvoice, now: DateTime<Utc>) -> bool {
        filter::Filter::new(self).matches(row, self.facts_at(now))
    }

    /// The moment this query's derived facts (overdue, aging) are computed at: its "as of"
    /// time, else `now`.
    pub fn facts_at(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.as_of.unwrap_or(now)
    }
}

/// What [`run_query`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QueryResult {
    /// Indices into the rows given to [`run_query`], for the requested page, in sort order.
    #[ts(type = "number[]")]
    pub page: Vec<usize>,
    /// How many rows matched the filters, over all pages.
    #[ts(type = "number")]
    pub matched: usize,
    /// Totals and aging of all matched rows, one entry per currency, ordered by code with
    /// invoices without a currency last.
    pub by_currency: Vec<CurrencySummary>,
    /// Outstanding amounts of all matched rows by due month, per currency (the chart).
    pub due_months: Vec<CurrencyDueMonths>,
}

impl QueryResult {
    /// The page's rows, in order.
    pub fn page_rows<'a>(
        &'a self,
        rows: &'a [OrgInvoice],
    ) -> impl Iterator<Item = &'a OrgInvoice> + Clone + Send {
        self.page.iter().filter_map(|&index| rows.get(index))
    }
}

/// The query's page as a range of matched positions, once `matched` is known.
fn page_of(query: &InvoiceQuery, matched: usize) -> std::ops::Range<usize> {
    let offset = query.offset.unwrap_or(0).min(matched);
    let end = match query.limit {
        Some(limit) => offset.saturating_add(limit).min(matched),
        None => matched,
    };
    offset..end
}

/// Whether `sort` orders rows the same at any `now`, so its [`sorted_order`] can be kept and
/// reused while the rows stay the same (days overdue change with the clock).
pub fn order_is_timeless(sort: Sort) -> bool {
    sort.column != SortColumn::DaysOverdue
}

/// The indices of all `rows` in `sort`'s order (the order [`run_query`] gives them).
///
/// The order is total (ties end on input order), so filtering rows taken in this order gives
/// exactly the order [`run_query`] sorts the filtered rows into: a caller that keeps this
/// order can answer any filter with [`run_query_in_order`], one pass and no sort.
pub fn sorted_order(rows: &[OrgInvoice], sort: Sort, now: DateTime<Utc>) -> Vec<usize> {
    sorter_over(rows, sort, now, None).finish(rows, rows.len())
}

/// A sorter holding every row of `rows`, its ties settled by `ranks` when given.
fn sorter_over<'a>(
    rows: &'a [OrgInvoice],
    sort: Sort,
    now: DateTime<Utc>,
    ranks: Option<&'a [u32]>,
) -> sort::Sorter<'a> {
    let mut sorter = sort::Sorter::new(sort, now, rows.len());
    if let Some(ranks) = ranks {
        sorter = sorter.with_ranks(ranks);
    }
    for (index, row) in rows.iter().enumerate() {
        sorter.push(row, index);
    }
    sorter
}

/// The tie-break rank of every row (see [`sorted_order_ranked`]): one sort by organization
/// and invoice ID, made once per row set.
pub fn tiebreak_ranks(rows: &[OrgInvoice]) -> Vec<u32> {
    sort::tiebreak_ranks(rows)
}

/// [`sorted_order`], with ties settled by `ranks` ([`tiebreak_ranks`] of the same rows): the
/// same order, faster when several columns of one row set are sorted.
pub fn sorted_order_ranked(
    rows: &[OrgInvoice],
    sort: Sort,
    now: DateTime<Utc>,
    ranks: &[u32],
) -> Vec<usize> {
    sorter_over(rows, sort, now, Some(ranks)).finish(rows, rows.len())
}

/// [`sorted_order_ranked`] (or [`sorted_order`] without `ranks`), and where the order's runs
/// of equal values begin, for working out the other direction without a sort.
fn sorted_order_runs(
    rows: &[OrgInvoice],
    sort: Sort,
    now: DateTime<Utc>,
    ranks: Option<&[u32]>,
) -> (Vec<usize>, reverse::Runs) {
    sorter_over(rows, sort, now, ranks).finish_with_runs(rows)
}

/// [`run_query`] for rows already in the query's sort order: `order` must be
/// [`sorted_order`] of the same rows for `query.sort` (or the input order when there is no
/// sort). Gives the same result as [`run_query`] without sorting. Indices in `order` that are
/// not in `rows` are skipped.
pub fn run_query_in_order(
    rows: &[OrgInvoice],
    order: &[usize],
    query: &InvoiceQuery,
    now: DateTime<Utc>,
) -> QueryResult {
    // The filter and the totals read every row, in memory order (a walk in sort order jumps
    // around the heap and was twice as slow); the page then walks the order only as far as
    // its last row, looking at one flag per row.
    let now = query.facts_at(now);
    let filter = filter::Filter::new(query);
    let mut totals = summary::Totals::new(&query.aging);
    let mut hit = vec![false; rows.len()];
    let mut matched = 0;
    for (row, flag) in rows.iter().zip(hit.iter_mut()) {
        if filter.matches(row, now) {
            totals.add(&row.invoice, now);
            *flag = true;
            matched += 1;
        }
    }
    let range = page_of(query, matched);
    let page = order
        .iter()
        .copied()
        .filter(|&index| hit.get(index).copied().unwrap_or(false))
        .take(range.end)
        .skip(range.start)
        .collect();
    QueryResult {
        page,
        matched,
        due_months: totals.due_months(now),
        by_currency: totals.finish(),
    }
}

/// Filters, sorts, pages and totals `rows` as `query` asks, at `now` (for overdue facts).
///
/// Pure: the same rows, query and `now` always give the same result.
pub fn run_query(rows: &[OrgInvoice], query: &InvoiceQuery, now: DateTime<Utc>) -> QueryResult {
    let now = query.facts_at(now);
    let filter = filter::Filter::new(query);
    let mut totals = summary::Totals::new(&query.aging);
    let page_of = |matched: usize| page_of(query, matched);
    let (page, matched) = match query.sort {
        Some(order) => {
            let mut sorter = sort::Sorter::new(order, now, rows.len());
            for (index, row) in rows.iter().enumerate() {
                if filter.matches(row, now) {
                    totals.add(&row.invoice, now);
                    sorter.push(row, index);
                }
            }
            let matched = sorter.len();
            let range = page_of(matched);
            let mut page = sorter.finish(rows, range.end);
            page.drain(..range.start);
            (page, matched)
        }
        None => {
            let mut page = Vec::new();
            let mut matched = 0;
            for (index, row) in rows.iter().enumerate() {
                if filter.matches(row, now) {
                    totals.add(&row.invoice, now);
                    page.push(index);
                    matched += 1;
                }
            }
            let range = page_of(matched);
            page.truncate(range.end);
            page.drain(..range.start);
            (page, matched)
        }
    };
    QueryResult {
        page,
        matched,
        due_months: totals.due_months(now),
        by_currency: totals.finish(),
    }
}
