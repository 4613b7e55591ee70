//! The order of one direction worked out from the order of the other, in one pass instead of
//! a sort: a second click on a column header over a million rows.
//!
//! In both directions (see `sort.rs`) present values come first, then unparsable dates by
//! their text, then missing values, and ties keep the tie-break order; an amount column keeps
//! its currencies A to Z and reverses only the amounts inside each. So the other direction is
//! the same order with the runs of equal present values taken back to front, each run as it
//! was, and everything else where it was.

use chrono::{DateTime, Utc};

use super::OrgInvoice;
use super::SortColumn;
use super::sort::{Class, value};

/// `order` (a [`super::sorted_order`] of `rows` by the timeless `column`, either direction, as
/// `u32` indices) in the other direction. Indices not in `rows` are kept where they are.
pub(super) fn flipped(rows: &[OrgInvoice], column: SortColumn, order: &[u32]) -> Vec<u32> {
    let row = |index: u32| rows.get(index as usize);
    let mut out = Vec::with_capacity(order.len());
    let mut rest = order;
    while let Some(&first) = rest.first() {
        // One group at a time: a currency of an amount column, else the whole order.
        let group = rest
            .iter()
            .position(|&index| !same_group(column, row(first), row(index)))
            .unwrap_or(rest.len());
        let (current, after) = rest.split_at(group);
        let present = current
            .iter()
            .position(|&index| !is_present(column, row(index)))
            .unwrap_or(current.len());
        let (values, others) = current.split_at(present);
        // Runs of equal values, taken back to front.
        let mut end = values.len();
        while end > 0 {
            let last = values[end - 1];
            let start = values[..end]
                .iter()
                .rposition(|&index| !same_value(column, row(last), row(index)))
                .map_or(0, |at| at + 1);
            out.extend_from_slice(&values[start..end]);
            end = start;
        }
        out.extend_from_slice(others);
        rest = after;
    }
    out
}

/// The moment the timeless columns' values are read at: they do not read it.
const ANY_TIME: DateTime<Utc> = DateTime::<Utc>::UNIX_EPOCH;

fn same_group(column: SortColumn, a: Option<&OrgInvoice>, b: Option<&OrgInvoice>) -> bool {
    if !column.is_amount() {
        return true;
    }
    match (a, b) {
        (Some(a), Some(b)) => a.invoice.currency == b.invoice.currency,
        _ => false,
    }
}

fn is_present(column: SortColumn, row: Option<&OrgInvoice>) -> bool {
    row.is_some_and(|row| value(row, column, ANY_TIME).class == Class::Present)
}

fn same_value(column: SortColumn, a: Option<&OrgInvoice>, b: Option<&OrgInvoice>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return false;
    };
    if column == SortColumn::Org {
        return a.org == b.org;
    }
    let (x, y) = (value(a, column, ANY_TIME), value(b, column, ANY_TIME));
    x.primary == y.primary && x.text == y.text
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use std::sync::Arc;

    use super::*;
    use crate::dates::Timestamp;
    use crate::ids::OrgId;
    use crate::model::{Invoice, InvoiceStatus};
    use crate::money::Currency;
    use crate::query::{Sort, SortDirection, order_is_timeless, sorted_order};

    /// Rows with equal values in every column, missing ones, unparsable dates, unknown
    /// statuses, text that shares more than the 16 bytes a sort compares as a number, three
    /// organizations and several currencies.
    fn rows() -> Vec<OrgInvoice> {
        let orgs = ["org_b", "org_a", "org_c"].map(|o| OrgId::parse(o).unwrap());
        let statuses = [
            Some("open"),
            Some("paid"),
            Some("in_review"),
            None,
            Some("void"),
        ];
        let currencies = [Some("usd"), None, Some("eur"), Some("usd"), Some("jpy")];
        let dates = [
            Some("2024-05-01T00:00:00Z"),
            Some("yesterday"),
            None,
            Some("2024-05-01T00:00:00Z"),
            Some("2023-01-01T10:00:00.5Z"),
            Some("soon"),
        ];
        (0..120usize)
            .map(|i| {
                let amount = |modulo: usize| (i % modulo != 2).then(|| (i % 4) as i64 * 100 - 100);
                let text = |modulo: usize| {
                    (i % modulo != 1)
                        .then(|| format!("INV-2024-000000000000-{:02}", i % (modulo + 3)))
                };
                let date = |shift: usize| dates[(i + shift) % dates.len()].map(Timestamp::parse);
                OrgInvoice {
                    org: orgs[i % 3].clone(),
                    invoice: Arc::new(Invoice {
                        id: (i % 13 != 5).then(|| format!("in_{:03}", i % 50)),
                        number: text(7),
                        status: statuses[i % statuses.len()].map(InvoiceStatus::parse),
                        currency: currencies[(i / 2) % currencies.len()].map(Currency::new),
                        total: amount(5),
                        amount_due: amount(6),
                        amount_paid: amount(7),
                        amount_remaining: amount(3),
                        created_at: date(0),
                        due_at: date(1),
                        period_start: date(2),
                        period_end: date(3),
                        ..Invoice::default()
                    }),
                }
            })
            .collect()
    }

    fn order(rows: &[OrgInvoice], column: SortColumn, direction: SortDirection) -> Vec<u32> {
        sorted_order(rows, Sort { column, direction }, ANY_TIME)
            .into_iter()
            .map(|index| u32::try_from(index).unwrap())
            .collect()
    }

    #[test]
    fn each_direction_is_the_other_flipped_for_every_timeless_column() {
        let rows = rows();
        for column in SortColumn::ALL {
            if !order_is_timeless(Sort {
                column,
                direction: SortDirection::Asc,
            }) {
                continue;
            }
            let ascending = order(&rows, column, SortDirection::Asc);
            let descending = order(&rows, column, SortDirection::Desc);
            assert_ne!(
                ascending, descending,
                "{column:?}: the rows tell the two apart"
            );
            assert_eq!(
                flipped(&rows, column, &ascending),
                descending,
                "{column:?}: descending from ascending"
            );
            assert_eq!(
                flipped(&rows, column, &descending),
                ascending,
                "{column:?}: ascending from descending"
            );
        }
    }

    #[test]
    fn an_empty_order_stays_empty() {
        assert!(flipped(&rows(), SortColumn::Total, &[]).is_empty());
    }
}
