//! The typed value of each cell of the tabular exports (CSV and XLSX).
//!
//! Both writers walk the same field lists ([`crate::fields`]) and ask [`invoice_cell`] /
//! [`method_cell`] for a [`Cell`]; only the rendering differs (text in CSV, typed cells in
//! XLSX). So the two formats cannot drift apart on what a column holds.

use chrono::{DateTime, Utc};

use crate::dates::{AgingBucket, AgingScale, CardState, Timestamp};
use crate::fields::{InvoiceField, MethodField};
use crate::ids::OrgId;
use crate::model::{Invoice, PaymentMethod};
use crate::money::Currency;
use crate::money::exponent_of;

/// The typed value of one cell, borrowed from the row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cell<'a> {
    /// Missing value: an empty CSV field, a blank XLSX cell.
    Empty,
    /// Text from API data: neutralized in CSV, a string cell in XLSX.
    Text(&'a str),
    /// A link from API data: text in CSV, a hyperlink in XLSX when it is a safe link.
    Link(&'a str),
    /// An amount in minor units with its currency's exponent (two when the invoice has no
    /// currency).
    Amount { minor: i64, exponent: u32 },
    /// A valid instant.
    Date(DateTime<Utc>),
    /// A whole number (days, months, years).
    Integer(i64),
    /// A yes/no value.
    Flag(bool),
    /// An aging bucket: its identifier (CSV) and label (XLSX).
    Bucket {
        /// See [`AgingScale::id`].
        id: &'a str,
        /// See [`AgingScale::label`].
        label: &'a str,
    },
    /// A card state.
    Card(CardState),
}

fn text(value: Option<&str>) -> Cell<'_> {
    value.map_or(Cell::Empty, Cell::Text)
}

fn date(value: Option<&Timestamp>) -> Cell<'_> {
    match value {
        None => Cell::Empty,
        Some(Timestamp::Valid(instant)) => Cell::Date(*instant),
        // The raw text is what the server sent; shown as text (neutralized in CSV).
        Some(Timestamp::Invalid(raw)) => Cell::Text(raw),
    }
}

fn integer(value: Option<i64>) -> Cell<'static> {
    value.map_or(Cell::Empty, Cell::Integer)
}

/// What is derived from one invoice at `now`, computed once per row.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Derived<'s> {
    pub(crate) days_overdue: Option<i64>,
    pub(crate) bucket: AgingBucket,
    scale: &'s AgingScale,
    /// Decimal places of the invoice's amounts.
    pub(crate) exponent: u32,
}

impl<'s> Derived<'s> {
    pub(crate) fn of(invoice: &Invoice, now: DateTime<Utc>, scale: &'s AgingScale) -> Derived<'s> {
        let days_overdue = invoice.days_overdue(now);
        Derived {
            days_overdue,
            bucket: scale.bucket(days_overdue),
            scale,
            exponent: exponent_of(invoice.currency.as_ref()),
        }
    }

    pub(crate) fn overdue(self) -> bool {
        self.days_overdue.is_some()
    }
}

/// The value of `column` for one invoice.
pub(crate) fn invoice_cell<'a>(
    column: InvoiceField,
    org: &'a OrgId,
    invoice: &'a Invoice,
    derived: Derived<'a>,
) -> Cell<'a> {
    let amount = |minor: Option<i64>| match minor {
        Some(minor) => Cell::Amount {
            minor,
            exponent: derived.exponent,
        },
        None => Cell::Empty,
    };
    match column {
        InvoiceField::Org => Cell::Text(org.as_str()),
        InvoiceField::Number => text(invoice.number.as_deref()),
        InvoiceField::Id => text(invoice.id.as_deref()),
        InvoiceField::Status => text(invoice.status.as_ref().map(|s| s.as_str())),
        InvoiceField::Currency => text(invoice.currency.as_ref().map(Currency::as_str)),
        InvoiceField::Total => amount(invoice.total),
        InvoiceField::AmountDue => amount(invoice.amount_due),
        InvoiceField::AmountPaid => amount(invoice.amount_paid),
        InvoiceField::AmountRemaining => amount(invoice.amount_remaining),
        InvoiceField::CreatedAt => date(invoice.created_at.as_ref()),
        InvoiceField::DueAt => date(invoice.due_at.as_ref()),
        InvoiceField::PeriodStart => date(invoice.period_start.as_ref()),
        InvoiceField::PeriodEnd => date(invoice.period_end.as_ref()),
        InvoiceField::HostedInvoiceUrl => invoice
            .hosted_invoice_url
            .as_deref()
            .map_or(Cell::Empty, Cell::Link),
        InvoiceField::InvoicePdf => invoice
            .invoice_pdf
            .as_deref()
            .map_or(Cell::Empty, Cell::Link),
        InvoiceField::Overdue => Cell::Flag(derived.overdue()),
        InvoiceField::DaysOverdue => integer(derived.days_overdue),
        InvoiceField::AgingBucket => Cell::Bucket {
            id: derived.scale.id(derived.bucket),
            label: derived.scale.label(derived.bucket),
        },
    }
}

/// The value of `column` for one payment method at `now`.
pub(crate) fn method_cell<'a>(
    column: MethodField,
    org: &'a OrgId,
    method: &'a PaymentMethod,
    now: DateTime<Utc>,
) -> Cell<'a> {
    match column {
        MethodField::Org => Cell::Text(org.as_str()),
        MethodField::Id => text(method.id.as_deref()),
        MethodField::Type => text(method.kind.as_deref()),
        MethodField::Brand => text(method.brand.as_deref()),
        MethodField::Last4 => text(method.last4.as_deref()),
        MethodField::ExpMonth => integer(method.exp_month),
        MethodField::ExpYear => integer(method.exp_year),
        MethodField::IsDefault => method.is_default.map_or(Cell::Empty, Cell::Flag),
        MethodField::BillingName => text(method.billing_name.as_deref()),
        MethodField::BillingEmail => text(method.billing_email.as_deref()),
        MethodField::CreatedAt => date(method.created_at.as_ref()),
        MethodField::CardState => Cell::Card(method.card_state(now)),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn identifiers_match_the_serde_names() {
        for state in [
            CardState::Valid,
            CardState::ExpiringSoon,
            CardState::Expired,
            CardState::Unknown,
        ] {
            let json = serde_json::to_value(state).unwrap();
            assert_eq!(json.as_str(), Some(state.id()), "{state:?}");
        }
    }
}
