//! The order of one direction worked out from the order of the other, in one pass over the
//! kept order instead of a sort: a second click on a column header over a million rows.
//!
//! In both directions (see `sort.rs`) present values come first, then unparsable dates by
//! their text, then missing values, and ties keep the tie-break order; an amount column keeps
//! its currencies A to Z and reverses only the amounts inside each. So the other direction is
//! the same order with the runs of equal present values taken back to front, each run as it
//! was, and everything else where it was. The sort marks where those runs begin ([`Runs`]),
//! so flipping reads no row.

/// A growable set of bits, one per position of an order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Bits {
    words: Vec<u64>,
    len: usize,
}

impl Bits {
    fn with_capacity(len: usize) -> Bits {
        Bits {
            words: Vec::with_capacity(len.div_ceil(64)),
            len: 0,
        }
    }

    fn push(&mut self, bit: bool) {
        if self.len.is_multiple_of(64) {
            self.words.push(0);
        }
        if bit && let Some(word) = self.words.last_mut() {
            *word |= 1 << (self.len % 64);
        }
        self.len += 1;
    }

    fn get(&self, at: usize) -> bool {
        self.words
            .get(at / 64)
            .is_some_and(|word| word & (1 << (at % 64)) != 0)
    }
}

/// Where the runs of a sorted order begin: three bits per position (about 0.4 MB for a
/// million rows).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Runs {
    /// The position starts a group: a currency of an amount column; else only the first.
    group: Bits,
    /// The position starts a run of equal present values, or the block of unparsable and
    /// missing values of its group.
    run: Bits,
    /// The position holds a present value.
    present: Bits,
}

impl Runs {
    pub(super) fn with_capacity(len: usize) -> Runs {
        Runs {
            group: Bits::with_capacity(len),
            run: Bits::with_capacity(len),
            present: Bits::with_capacity(len),
        }
    }

    /// Describes the next position of the order.
    pub(super) fn push(&mut self, starts_group: bool, starts_run: bool, present: bool) {
        self.group.push(starts_group);
        self.run.push(starts_run);
        self.present.push(present);
    }

    fn len(&self) -> usize {
        self.run.len
    }
}

/// `order`, with its `runs`, in the other direction, with the runs of the result. An order
/// and runs of different lengths are answered with `None`.
pub(super) fn flipped(order: &[u32], runs: &Runs) -> Option<(Vec<u32>, Runs)> {
    if order.len() != runs.len() {
        return None;
    }
    let mut out = Vec::with_capacity(order.len());
    let mut out_runs = Runs::with_capacity(order.len());
    let mut starts = Vec::new();
    let mut group_start = 0;
    while group_start < order.len() {
        let group_end = (group_start + 1..order.len())
            .find(|&at| runs.group.get(at))
            .unwrap_or(order.len());
        let values_end = (group_start..group_end)
            .find(|&at| !runs.present.get(at))
            .unwrap_or(group_end);
        starts.clear();
        starts.extend((group_start..values_end).filter(|&at| runs.run.get(at)));
        let mut first_in_group = true;
        let mut emit = |slice: &[u32], present: bool| {
            for (at, &index) in slice.iter().enumerate() {
                out.push(index);
                out_runs.push(first_in_group, at == 0, present);
                first_in_group = false;
            }
        };
        let mut end = values_end;
        for &start in starts.iter().rev() {
            emit(&order[start..end], true);
            end = start;
        }
        emit(&order[values_end..group_end], false);
        group_start = group_end;
    }
    Some((out, out_runs))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use std::sync::Arc;

    use chrono::{DateTime, Utc};

    use super::*;
    use crate::dates::Timestamp;
    use crate::ids::OrgId;
    use crate::model::{Invoice, InvoiceStatus};
    use crate::money::Currency;
    use crate::query::{
        OrgInvoice, Sort, SortColumn, SortDirection, order_is_timeless, sorted_order,
        sorted_order_runs, tiebreak_ranks,
    };

    /// Timeless columns do not read the clock.
    const ANY_TIME: DateTime<Utc> = DateTime::<Utc>::UNIX_EPOCH;

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

    /// The order of `column` in `direction` as the cache keeps it, checked against the plain
    /// sort's.
    fn order(
        rows: &[OrgInvoice],
        column: SortColumn,
        direction: SortDirection,
    ) -> (Vec<u32>, Runs) {
        let sort = Sort { column, direction };
        let (order, runs) = sorted_order_runs(rows, sort, ANY_TIME, None);
        assert_eq!(
            order,
            sorted_order(rows, sort, ANY_TIME),
            "{column:?} {direction:?}"
        );
        let ranks = tiebreak_ranks(rows);
        assert_eq!(
            sorted_order_runs(rows, sort, ANY_TIME, Some(&ranks)),
            (order.clone(), runs.clone()),
            "{column:?} {direction:?}: ties settled by ranks, as the cache sorts"
        );
        let order = order
            .into_iter()
            .map(|index| u32::try_from(index).unwrap())
            .collect();
        (order, runs)
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
                ascending.0, descending.0,
                "{column:?}: the rows tell the two apart"
            );
            assert_eq!(
                flipped(&ascending.0, &ascending.1),
                Some(descending.clone()),
                "{column:?}: descending from ascending, with its runs"
            );
            assert_eq!(
                flipped(&descending.0, &descending.1),
                Some(ascending),
                "{column:?}: ascending from descending, with its runs"
            );
        }
    }

    #[test]
    fn an_order_without_its_runs_is_not_flipped() {
        let (order, runs) = order(&rows(), SortColumn::Total, SortDirection::Asc);
        assert_eq!(
            flipped(&[], &Runs::default()),
            Some((Vec::new(), Runs::default()))
        );
        assert_eq!(flipped(&order[1..], &runs), None);
    }
}
