//! The filter half of a query, prepared once so the per-row test allocates nothing.

use chrono::{DateTime, Utc};

use super::fnv::FnvSet;
use super::{InvoiceQuery, OrgInvoice};
use crate::dates::Timestamp;
use crate::model::{Invoice, InvoiceStatus};
use crate::money::{Currency, MajorAmount};

/// Above this many organizations, membership is checked with a hash set instead of a scan.
const ORG_SCAN_LIMIT: usize = 8;

enum OrgFilter<'q> {
    Any,
    Few(Vec<&'q str>),
    Many(FnvSet<&'q str>),
}

/// Needle for the case-insensitive text filter, lowercased once.
struct Needle {
    lower: String,
    ascii: bool,
}

impl Needle {
    fn found_in(&self, haystack: &str) -> bool {
        if self.ascii {
            // An ASCII needle can only match ASCII bytes, so a byte-wise comparison is exact
            // even when the haystack has multi-byte characters.
            let needle = self.lower.as_bytes();
            haystack
                .as_bytes()
                .windows(needle.len())
                .any(|window| window.eq_ignore_ascii_case(needle))
        } else {
            haystack.to_lowercase().contains(&self.lower)
        }
    }
}

pub(super) struct Filter<'q> {
    orgs: OrgFilter<'q>,
    statuses: Option<&'q [InvoiceStatus]>,
    text: Option<Needle>,
    created: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    due: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    amount: (Option<&'q MajorAmount>, Option<&'q MajorAmount>),
    currency: Option<&'q Currency>,
    overdue_only: bool,
    /// Days overdue, both ends inclusive; either end set means "overdue, in this range".
    days_overdue: (Option<u32>, Option<u32>),
    /// Invoices created after it did not exist yet "as of" then.
    as_of: Option<DateTime<Utc>>,
}

impl<'q> Filter<'q> {
    pub(super) fn new(query: &'q InvoiceQuery) -> Filter<'q> {
        let orgs = match query.orgs.as_deref() {
            None | Some([]) => OrgFilter::Any,
            Some(orgs) if orgs.len() <= ORG_SCAN_LIMIT => {
                OrgFilter::Few(orgs.iter().map(|o| o.as_str()).collect())
            }
            Some(orgs) => OrgFilter::Many(orgs.iter().map(|o| o.as_str()).collect()),
        };
        let text = query
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| Needle {
                lower: t.to_lowercase(),
                ascii: t.is_ascii(),
            });
        Filter {
            orgs,
            statuses: query.statuses.as_deref().filter(|s| !s.is_empty()),
            text,
            created: (query.created_from, query.created_to),
            due: (query.due_from, query.due_to),
            amount: (query.amount_min.as_ref(), query.amount_max.as_ref()),
            currency: query.currency.as_ref(),
            overdue_only: query.overdue_only.unwrap_or(false),
            days_overdue: (query.days_overdue_min, query.days_overdue_max),
            as_of: query.as_of,
        }
    }

    pub(super) fn matches(&self, row: &OrgInvoice, now: DateTime<Utc>) -> bool {
        // The clock's part first: it is cheap, and rules out most rows when it is set.
        self.matches_at(&row.invoice, now) && self.matches_fixed(row)
    }

    /// Whether the filter has a part that moves with the clock (overdue, days overdue).
    pub(super) fn has_timed_part(&self) -> bool {
        self.overdue_only || self.days_overdue != (None, None)
    }

    /// The part of [`Filter::matches`] that reads the clock: overdue only, days overdue. Only
    /// an outstanding invoice ([`crate::model::Invoice::is_outstanding`]) can pass it when
    /// [`Filter::has_timed_part`]; every invoice passes it when not.
    pub(super) fn matches_at(&self, invoice: &Invoice, now: DateTime<Utc>) -> bool {
        !self.has_timed_part() || self.matches_days(invoice.days_overdue(now))
    }

    /// The timed part for an invoice `days` overdue (`None`: not overdue).
    pub(super) fn matches_days(&self, days: Option<i64>) -> bool {
        (!self.overdue_only || days.is_some())
            && (self.days_overdue == (None, None) || in_days_range(days, self.days_overdue))
    }

    /// The part of [`Filter::matches`] that gives the same answer at any moment.
    pub(super) fn matches_fixed(&self, row: &OrgInvoice) -> bool {
        let invoice = &row.invoice;
        let org_ok = match &self.orgs {
            OrgFilter::Any => true,
            OrgFilter::Few(orgs) => orgs.contains(&row.org.as_str()),
            OrgFilter::Many(orgs) => orgs.contains(row.org.as_str()),
        };
        if !org_ok {
            return false;
        }
        if let Some(statuses) = self.statuses
            && !invoice
                .status
                .as_ref()
                .is_some_and(|s| statuses.contains(s))
        {
            return false;
        }
        if let Some(currency) = self.currency
            && invoice.currency.as_ref() != Some(currency)
        {
            return false;
        }
        if !in_amount_range(invoice.total, invoice.currency.as_ref(), self.amount)
            || !in_date_range(invoice.created_at.as_ref(), self.created)
            || !in_date_range(invoice.due_at.as_ref(), self.due)
        {
            return false;
        }
        // An invoice whose creation date is unknown stays: nothing says it is newer.
        if let Some(as_of) = self.as_of
            && invoice
                .created_at
                .as_ref()
                .and_then(Timestamp::valid)
                .is_some_and(|created| created > as_of)
        {
            return false;
        }
        if let Some(needle) = &self.text {
            let hit = |field: &Option<String>| field.as_deref().is_some_and(|f| needle.found_in(f));
            if !hit(&invoice.number) && !hit(&invoice.id) {
                return false;
            }
        }
        true
    }
}

/// Whether an invoice `days` overdue (`None`: not overdue) lies in the inclusive range.
fn in_days_range(days: Option<i64>, (min, max): (Option<u32>, Option<u32>)) -> bool {
    days.is_some_and(|days| {
        min.is_none_or(|min| days >= i64::from(min)) && max.is_none_or(|max| days <= i64::from(max))
    })
}

/// Whether `value` minor units of `currency` lie in the range, read in that currency's major
/// units; without a currency the value has no known size, so it matches no range.
fn in_amount_range(
    value: Option<i64>,
    currency: Option<&Currency>,
    (min, max): (Option<&MajorAmount>, Option<&MajorAmount>),
) -> bool {
    if min.is_none() && max.is_none() {
        return true;
    }
    let (Some(value), Some(currency)) = (value, currency) else {
        return false;
    };
    min.is_none_or(|min| min.amount_cmp(value, currency).is_ge())
        && max.is_none_or(|max| max.amount_cmp(value, currency).is_le())
}

fn in_date_range(
    value: Option<&Timestamp>,
    (from, to): (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
) -> bool {
    if from.is_none() && to.is_none() {
        return true;
    }
    let Some(value) = value.and_then(Timestamp::valid) else {
        return false;
    };
    from.is_none_or(|from| value >= from) && to.is_none_or(|to| value < to)
}
