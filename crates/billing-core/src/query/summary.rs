//! Per-currency totals and aging of the filtered set.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dates::AgingScale;
use crate::model::Invoice;
use crate::money::Currency;

/// A sum of one amount field over a group of invoices.
///
/// Invoices where the field is missing are left out (not counted as zero): `counted` says how
/// many contributed, so a UI can say "3 invoices have no total". The sum is `i128`, so adding
/// up `i64` amounts cannot overflow; render it with [`crate::money::format_major_wide`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AmountSum {
    /// Sum in minor units of the group's currency.
    #[ts(type = "number")]
    pub minor: i128,
    /// How many invoices had the field.
    #[ts(type = "number")]
    pub counted: u64,
}

impl AmountSum {
    fn add(&mut self, value: Option<i64>) {
        if let Some(value) = value {
            self.minor += i128::from(value);
            self.counted += 1;
        }
    }

    fn absorb(&mut self, other: AmountSum) {
        self.minor += other.minor;
        self.counted += other.counted;
    }
}

/// Outstanding amount in one aging bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AgingSum {
    /// The bucket's identifier (`current`, `days1To30`, …; see [`AgingScale::id`]).
    pub bucket: String,
    /// Its column header (`Current`, `1-30 days`, …; see [`AgingScale::label`]).
    pub label: String,
    /// First day overdue the bucket covers; `None` for Current.
    pub from_days: Option<u32>,
    /// Last day overdue the bucket covers; `None` for Current and the last bucket.
    pub to_days: Option<u32>,
    /// Sum of `amountRemaining`, minor units.
    #[ts(type = "number")]
    pub minor: i128,
    /// How many outstanding invoices fall in the bucket.
    #[ts(type = "number")]
    pub count: u64,
}

/// Totals of the filtered invoices in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CurrencySummary {
    /// The currency; `null` groups invoices that came without one.
    pub currency: Option<Currency>,
    /// Number of invoices in the group.
    #[ts(type = "number")]
    pub count: u64,
    /// Sum of `total`.
    pub total: AmountSum,
    /// Sum of `amountDue`.
    pub amount_due: AmountSum,
    /// Sum of `amountPaid`.
    pub amount_paid: AmountSum,
    /// Sum of `amountRemaining`.
    pub amount_remaining: AmountSum,
    /// Outstanding invoices (open, remaining > 0) by age, one entry per bucket of the
    /// query's [`AgingScale`], Current first.
    pub aging: Vec<AgingSum>,
}

impl CurrencySummary {
    fn new(currency: Option<Currency>, scale: &AgingScale) -> CurrencySummary {
        CurrencySummary {
            currency,
            count: 0,
            total: AmountSum::default(),
            amount_due: AmountSum::default(),
            amount_paid: AmountSum::default(),
            amount_remaining: AmountSum::default(),
            aging: scale
                .buckets()
                .map(|bucket| {
                    let days = scale.days(bucket);
                    AgingSum {
                        bucket: scale.id(bucket).to_owned(),
                        label: scale.label(bucket).to_owned(),
                        from_days: days.map(|d| d.from),
                        to_days: days.and_then(|d| d.to),
                        minor: 0,
                        count: 0,
                    }
                })
                .collect(),
        }
    }

    /// Counts the invoice and adds its amounts: what is the same at any moment.
    fn add_fixed(&mut self, invoice: &Invoice) {
        self.count += 1;
        self.total.add(invoice.total);
        self.amount_due.add(invoice.amount_due);
        self.amount_paid.add(invoice.amount_paid);
        self.amount_remaining.add(invoice.amount_remaining);
    }

    /// Adds what `other`, the same currency's summary on the same scale, counted.
    fn absorb(&mut self, other: &CurrencySummary) {
        self.count += other.count;
        self.total.absorb(other.total);
        self.amount_due.absorb(other.amount_due);
        self.amount_paid.absorb(other.amount_paid);
        self.amount_remaining.absorb(other.amount_remaining);
        for (slot, theirs) in self.aging.iter_mut().zip(&other.aging) {
            slot.minor += theirs.minor;
            slot.count += theirs.count;
        }
    }

    /// Adds `remaining` of an outstanding invoice `days` overdue to its aging bucket.
    fn add_aging(&mut self, days: Option<i64>, remaining: i64, scale: &AgingScale) {
        if let Some(slot) = self.aging.get_mut(scale.bucket(days).index()) {
            slot.minor += i128::from(remaining);
            slot.count += 1;
        }
    }
}

/// An outstanding invoice as its aging and due month need it (see [`Totals::add_owing`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Owing {
    /// The valid due date; without one an invoice is never overdue.
    pub(super) due: Option<DateTime<Utc>>,
    /// Its amount remaining.
    pub(super) remaining: i64,
}

impl Owing {
    /// The invoice's figures when it is outstanding.
    pub(super) fn of(invoice: &Invoice) -> Option<Owing> {
        let remaining = invoice
            .amount_remaining
            .filter(|_| invoice.is_outstanding())?;
        Some(Owing {
            due: invoice.due_instant(),
            remaining,
        })
    }

    /// Days overdue at `now` (see [`Invoice::days_overdue`]).
    pub(super) fn days_overdue(&self, now: DateTime<Utc>) -> Option<i64> {
        self.due.and_then(|due| Invoice::days_past_due(due, now))
    }
}

/// Accumulates summaries while rows are filtered.
pub(super) struct Totals<'a> {
    scale: &'a AgingScale,
    groups: Vec<CurrencySummary>,
    /// Due-month sums of each group, at the same index.
    months: Vec<super::due_months::MonthSums>,
    last: usize,
}

/// What [`Totals`] gathered, kept to be added to later ([`Totals::resume`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct TotalsPart {
    groups: Vec<CurrencySummary>,
    months: Vec<super::due_months::MonthSums>,
}

impl<'a> Totals<'a> {
    pub(super) fn new(scale: &'a AgingScale) -> Totals<'a> {
        Totals::resume(scale, TotalsPart::default())
    }

    /// Totals that go on from `part`, gathered on the same `scale`.
    pub(super) fn resume(scale: &'a AgingScale, part: TotalsPart) -> Totals<'a> {
        Totals {
            scale,
            groups: part.groups,
            months: part.months,
            last: 0,
        }
    }

    /// What was gathered so far, to [`Totals::resume`] from.
    pub(super) fn into_part(self) -> TotalsPart {
        TotalsPart {
            groups: self.groups,
            months: self.months,
        }
    }

    /// Adds what `part` gathered (on the same scale, at the same moment) and returns, for
    /// each of its groups in turn, the position of that currency's group here: the parts of
    /// one row set, gathered on several threads and absorbed in row order, give the totals a
    /// single pass gives, groups in the same order.
    pub(super) fn absorb(&mut self, part: TotalsPart) -> Vec<usize> {
        part.groups
            .iter()
            .zip(&part.months)
            .map(|(group, months)| {
                let position = self.position(group.currency.as_ref());
                if let Some(mine) = self.groups.get_mut(position) {
                    mine.absorb(group);
                }
                if let Some(mine) = self.months.get_mut(position) {
                    mine.absorb(months);
                }
                position
            })
            .collect()
    }

    pub(super) fn add(&mut self, invoice: &Invoice, now: DateTime<Utc>) {
        let position = self.add_fixed(invoice);
        if let Some(owing) = Owing::of(invoice) {
            self.add_owing(position, &owing, now);
        }
    }

    /// Counts an invoice and adds its amounts, but not its aging or due month: for an
    /// invoice that is not outstanding, all of [`Totals::add`] at any moment. Returns the
    /// position of its currency's group, for [`Totals::add_owing`].
    pub(super) fn add_fixed(&mut self, invoice: &Invoice) -> usize {
        let position = self.position(invoice.currency.as_ref());
        if let Some(group) = self.groups.get_mut(position) {
            group.add_fixed(invoice);
        }
        position
    }

    /// Adds the aging and due month at `now` of an outstanding invoice in the group at
    /// `position` ([`Totals::position`]) whose count and amounts are in already
    /// ([`Totals::add_fixed`]).
    pub(super) fn add_owing(&mut self, position: usize, owing: &Owing, now: DateTime<Utc>) {
        if let Some(group) = self.groups.get_mut(position) {
            group.add_aging(owing.days_overdue(now), owing.remaining, self.scale);
        }
        if let (Some(months), Some(due)) = (self.months.get_mut(position), owing.due) {
            months.add_due(due, owing.remaining, now);
        }
    }

    /// The index of `currency`'s group, made when it is new.
    fn position(&mut self, currency: Option<&Currency>) -> usize {
        // Rows usually come in runs of one currency, and there are few currencies: check the
        // last group first, then scan.
        let position = match self.groups.get(self.last) {
            Some(group) if group.currency.as_ref() == currency => Some(self.last),
            _ => self
                .groups
                .iter()
                .position(|group| group.currency.as_ref() == currency),
        };
        let position = position.unwrap_or_else(|| {
            self.groups
                .push(CurrencySummary::new(currency.cloned(), self.scale));
            self.months.push(super::due_months::MonthSums::default());
            self.groups.len() - 1
        });
        self.last = position;
        position
    }

    /// Each currency's outstanding amounts by due month at `now`, by code; invoices without a
    /// currency, and currencies with nothing outstanding, are left out.
    pub(super) fn due_months(&self, now: DateTime<Utc>) -> Vec<super::CurrencyDueMonths> {
        let mut out: Vec<super::CurrencyDueMonths> = self
            .groups
            .iter()
            .zip(&self.months)
            .filter(|(_, months)| !months.is_empty())
            .filter_map(|(group, months)| Some(months.finish(group.currency.clone()?, now)))
            .collect();
        out.sort_by(|a, b| a.currency.cmp(&b.currency));
        out
    }

    /// Groups ordered by currency code, the group without a currency last.
    pub(super) fn finish(mut self) -> Vec<CurrencySummary> {
        self.groups
            .sort_by(|a, b| match (&a.currency, &b.currency) {
                (Some(a), Some(b)) => a.cmp(b),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            });
        self.groups
    }
}
