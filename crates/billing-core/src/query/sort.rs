//! Sorting matched rows by a column, with the documented tie-breakers.
//!
//! Each matched row gets a small precomputed key (so the comparison does not re-derive facts
//! such as days overdue), then the keys are sorted. The comparison ends with the input index,
//! so it is a total order and an unstable sort gives the same result as a stable one. When
//! only the first rows are needed (a page), only those are fully sorted.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};

use super::{OrgInvoice, Sort, SortColumn, SortDirection};
use crate::dates::Timestamp;
use crate::model::InvoiceStatus;

/// A sort key: a present value (ordered by the direction), a raw unparsable text (after
/// present values, by text), or nothing (last).
enum Key<'a, K> {
    Present(K),
    Raw(&'a str),
    Missing,
}

impl<K: Ord> Key<'_, K> {
    fn compare(&self, other: &Self, direction: SortDirection) -> Ordering {
        match (self, other) {
            (Key::Present(a), Key::Present(b)) => match direction {
                SortDirection::Asc => a.cmp(b),
                SortDirection::Desc => b.cmp(a),
            },
            (Key::Present(_), _) => Ordering::Less,
            (_, Key::Present(_)) => Ordering::Greater,
            (Key::Raw(a), Key::Raw(b)) => a.cmp(b),
            (Key::Raw(_), Key::Missing) => Ordering::Less,
            (Key::Missing, Key::Raw(_)) => Ordering::Greater,
            (Key::Missing, Key::Missing) => Ordering::Equal,
        }
    }
}

fn option<K>(value: Option<K>) -> Key<'static, K> {
    value.map_or(Key::Missing, Key::Present)
}

fn timestamp(value: Option<&Timestamp>) -> Key<'_, DateTime<Utc>> {
    match value {
        Some(Timestamp::Valid(instant)) => Key::Present(*instant),
        Some(Timestamp::Invalid(raw)) => Key::Raw(raw),
        None => Key::Missing,
    }
}

/// Sorts `matched` (indices into `rows`) so that its first `needed` entries are the first
/// `needed` rows in `order`, in order. Entries after `needed` are left in no particular order.
pub(super) fn sort_prefix(
    rows: &[OrgInvoice],
    matched: &mut [usize],
    order: Sort,
    now: DateTime<Utc>,
    needed: usize,
) {
    let direction = order.direction;
    match order.column {
        SortColumn::Org => by(rows, matched, needed, direction, |r| {
            Key::Present(r.org.as_str())
        }),
        SortColumn::Number => by(rows, matched, needed, direction, |r| {
            option(r.invoice.number.as_deref())
        }),
        SortColumn::Id => by(rows, matched, needed, direction, |r| {
            option(r.invoice.id.as_deref())
        }),
        SortColumn::Status => by(rows, matched, needed, direction, |r| {
            status(r.invoice.status.as_ref())
        }),
        SortColumn::Currency => by(rows, matched, needed, direction, |r| {
            option(r.invoice.currency.as_ref().map(|c| c.as_str()))
        }),
        SortColumn::Total => by(rows, matched, needed, direction, |r| {
            option(r.invoice.total)
        }),
        SortColumn::AmountDue => by(rows, matched, needed, direction, |r| {
            option(r.invoice.amount_due)
        }),
        SortColumn::AmountPaid => by(rows, matched, needed, direction, |r| {
            option(r.invoice.amount_paid)
        }),
        SortColumn::AmountRemaining => by(rows, matched, needed, direction, |r| {
            option(r.invoice.amount_remaining)
        }),
        SortColumn::CreatedAt => by(rows, matched, needed, direction, |r| {
            timestamp(r.invoice.created_at.as_ref())
        }),
        SortColumn::DueAt => by(rows, matched, needed, direction, |r| {
            timestamp(r.invoice.due_at.as_ref())
        }),
        SortColumn::PeriodStart => by(rows, matched, needed, direction, |r| {
            timestamp(r.invoice.period_start.as_ref())
        }),
        SortColumn::PeriodEnd => by(rows, matched, needed, direction, |r| {
            timestamp(r.invoice.period_end.as_ref())
        }),
        SortColumn::DaysOverdue => by(rows, matched, needed, direction, |r| {
            option(r.invoice.days_overdue(now))
        }),
    }
}

/// Lifecycle order for known statuses, then unknown ones by text.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct StatusKey<'a>(usize, &'a str);

fn status(value: Option<&InvoiceStatus>) -> Key<'_, StatusKey<'_>> {
    let Some(value) = value else {
        return Key::Missing;
    };
    let rank = InvoiceStatus::KNOWN
        .iter()
        .position(|known| known == value)
        .unwrap_or(InvoiceStatus::KNOWN.len());
    Key::Present(StatusKey(rank, value.as_str()))
}

fn by<'a, K: Ord>(
    rows: &'a [OrgInvoice],
    matched: &mut [usize],
    needed: usize,
    direction: SortDirection,
    key: impl Fn(&'a OrgInvoice) -> Key<'a, K>,
) {
    let mut keyed: Vec<(Key<'a, K>, usize)> = matched
        .iter()
        .filter_map(|&index| rows.get(index).map(|row| (key(row), index)))
        .collect();
    let compare = |a: &(Key<'a, K>, usize), b: &(Key<'a, K>, usize)| {
        a.0.compare(&b.0, direction)
            .then_with(|| tie_break(rows, a.1, b.1))
    };
    if needed == 0 {
        return;
    }
    // Sorting only the page is much cheaper than sorting everything when the page is small.
    if needed < keyed.len() / 2 {
        keyed.select_nth_unstable_by(needed - 1, compare);
        keyed[..needed].sort_unstable_by(compare);
    } else {
        keyed.sort_unstable_by(compare);
    }
    for (slot, (_, index)) in matched.iter_mut().zip(keyed) {
        *slot = index;
    }
}

/// Organization, then invoice ID (missing last), then input order: a total order.
fn tie_break(rows: &[OrgInvoice], a: usize, b: usize) -> Ordering {
    let (Some(row_a), Some(row_b)) = (rows.get(a), rows.get(b)) else {
        return a.cmp(&b);
    };
    row_a
        .org
        .cmp(&row_b.org)
        .then_with(|| {
            option(row_a.invoice.id.as_deref())
                .compare(&option(row_b.invoice.id.as_deref()), SortDirection::Asc)
        })
        .then_with(|| a.cmp(&b))
}
