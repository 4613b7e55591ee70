//! The columns of the tabular exports (CSV and XLSX) and the typed value of each cell.
//!
//! Both writers walk the same column lists and ask [`invoice_cell`] / [`method_cell`] for a
//! [`Cell`]; only the rendering differs (text in CSV, typed cells in XLSX). So the two formats
//! cannot drift apart on what a column holds.

use chrono::{DateTime, Utc};

use super::render::exponent_of;
use crate::dates::{AgingBucket, CardState, Timestamp};
use crate::ids::OrgId;
use crate::model::{Invoice, PaymentMethod};
use crate::money::Currency;

/// A column of the invoice exports, in header order. `Org` is present only when the context
/// asks for it ([`super::ExportContext::has_org_column`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvoiceColumn {
    /// Organization ID.
    Org,
    /// Invoice number.
    Number,
    /// Invoice ID.
    Id,
    /// Status text.
    Status,
    /// Uppercase currency code.
    Currency,
    /// Total, major units.
    Total,
    /// Amount due, major units.
    AmountDue,
    /// Amount paid, major units.
    AmountPaid,
    /// Amount remaining, major units.
    AmountRemaining,
    /// Creation date.
    CreatedAt,
    /// Due date.
    DueAt,
    /// Start of the billed period.
    PeriodStart,
    /// End of the billed period.
    PeriodEnd,
    /// Hosted invoice page.
    HostedInvoiceUrl,
    /// Invoice PDF link.
    InvoicePdf,
    /// Whether overdue at `now`.
    Overdue,
    /// Days overdue at `now`, empty when not overdue.
    DaysOverdue,
    /// Aging bucket at `now`.
    AgingBucket,
}

impl InvoiceColumn {
    /// Every column in header order: `org`, then the API's fields in the endpoint doc's order,
    /// then the derived ones.
    pub const ALL: [InvoiceColumn; 18] = [
        InvoiceColumn::Org,
        InvoiceColumn::Number,
        InvoiceColumn::Id,
        InvoiceColumn::Status,
        InvoiceColumn::Currency,
        InvoiceColumn::Total,
        InvoiceColumn::AmountDue,
        InvoiceColumn::AmountPaid,
        InvoiceColumn::AmountRemaining,
        InvoiceColumn::CreatedAt,
        InvoiceColumn::DueAt,
        InvoiceColumn::PeriodStart,
        InvoiceColumn::PeriodEnd,
        InvoiceColumn::HostedInvoiceUrl,
        InvoiceColumn::InvoicePdf,
        InvoiceColumn::Overdue,
        InvoiceColumn::DaysOverdue,
        InvoiceColumn::AgingBucket,
    ];

    /// The columns of one export: [`InvoiceColumn::ALL`], without `Org` unless asked for.
    pub fn for_export(with_org: bool) -> &'static [InvoiceColumn] {
        if with_org {
            &Self::ALL
        } else {
            &Self::ALL[1..]
        }
    }

    /// The header name (the API's camelCase field name for API fields).
    pub fn name(self) -> &'static str {
        match self {
            InvoiceColumn::Org => "org",
            InvoiceColumn::Number => "number",
            InvoiceColumn::Id => "id",
            InvoiceColumn::Status => "status",
            InvoiceColumn::Currency => "currency",
            InvoiceColumn::Total => "total",
            InvoiceColumn::AmountDue => "amountDue",
            InvoiceColumn::AmountPaid => "amountPaid",
            InvoiceColumn::AmountRemaining => "amountRemaining",
            InvoiceColumn::CreatedAt => "createdAt",
            InvoiceColumn::DueAt => "dueAt",
            InvoiceColumn::PeriodStart => "periodStart",
            InvoiceColumn::PeriodEnd => "periodEnd",
            InvoiceColumn::HostedInvoiceUrl => "hostedInvoiceUrl",
            InvoiceColumn::InvoicePdf => "invoicePdf",
            InvoiceColumn::Overdue => "overdue",
            InvoiceColumn::DaysOverdue => "daysOverdue",
            InvoiceColumn::AgingBucket => "agingBucket",
        }
    }
}

/// A column of the payment-method exports, in header order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodColumn {
    /// Organization ID.
    Org,
    /// Payment method ID.
    Id,
    /// Kind of method (`card`…), wire name `type`.
    Type,
    /// Card brand.
    Brand,
    /// Last four digits, as text (leading zeros matter).
    Last4,
    /// Expiry month.
    ExpMonth,
    /// Expiry year.
    ExpYear,
    /// Default method of the organization.
    IsDefault,
    /// Billing name.
    BillingName,
    /// Billing email.
    BillingEmail,
    /// When the method was added.
    CreatedAt,
    /// Card state at `now`.
    CardState,
}

impl MethodColumn {
    /// Every column in header order.
    pub const ALL: [MethodColumn; 12] = [
        MethodColumn::Org,
        MethodColumn::Id,
        MethodColumn::Type,
        MethodColumn::Brand,
        MethodColumn::Last4,
        MethodColumn::ExpMonth,
        MethodColumn::ExpYear,
        MethodColumn::IsDefault,
        MethodColumn::BillingName,
        MethodColumn::BillingEmail,
        MethodColumn::CreatedAt,
        MethodColumn::CardState,
    ];

    /// The columns of one export, without `Org` unless asked for.
    pub fn for_export(with_org: bool) -> &'static [MethodColumn] {
        if with_org {
            &Self::ALL
        } else {
            &Self::ALL[1..]
        }
    }

    /// The header name.
    pub fn name(self) -> &'static str {
        match self {
            MethodColumn::Org => "org",
            MethodColumn::Id => "id",
            MethodColumn::Type => "type",
            MethodColumn::Brand => "brand",
            MethodColumn::Last4 => "last4",
            MethodColumn::ExpMonth => "expMonth",
            MethodColumn::ExpYear => "expYear",
            MethodColumn::IsDefault => "isDefault",
            MethodColumn::BillingName => "billingName",
            MethodColumn::BillingEmail => "billingEmail",
            MethodColumn::CreatedAt => "createdAt",
            MethodColumn::CardState => "cardState",
        }
    }
}

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
    /// An aging bucket.
    Bucket(AgingBucket),
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
pub(crate) struct Derived {
    pub(crate) days_overdue: Option<i64>,
    /// Decimal places of the invoice's amounts.
    pub(crate) exponent: u32,
}

impl Derived {
    pub(crate) fn of(invoice: &Invoice, now: DateTime<Utc>) -> Derived {
        Derived {
            days_overdue: invoice.days_overdue(now),
            exponent: exponent_of(invoice.currency.as_ref()),
        }
    }

    pub(crate) fn overdue(self) -> bool {
        self.days_overdue.is_some()
    }

    pub(crate) fn bucket(self) -> AgingBucket {
        AgingBucket::from_days_overdue(self.days_overdue)
    }
}

/// The value of `column` for one invoice.
pub(crate) fn invoice_cell<'a>(
    column: InvoiceColumn,
    org: &'a OrgId,
    invoice: &'a Invoice,
    derived: Derived,
) -> Cell<'a> {
    let amount = |minor: Option<i64>| match minor {
        Some(minor) => Cell::Amount {
            minor,
            exponent: derived.exponent,
        },
        None => Cell::Empty,
    };
    match column {
        InvoiceColumn::Org => Cell::Text(org.as_str()),
        InvoiceColumn::Number => text(invoice.number.as_deref()),
        InvoiceColumn::Id => text(invoice.id.as_deref()),
        InvoiceColumn::Status => text(invoice.status.as_ref().map(|s| s.as_str())),
        InvoiceColumn::Currency => text(invoice.currency.as_ref().map(Currency::as_str)),
        InvoiceColumn::Total => amount(invoice.total),
        InvoiceColumn::AmountDue => amount(invoice.amount_due),
        InvoiceColumn::AmountPaid => amount(invoice.amount_paid),
        InvoiceColumn::AmountRemaining => amount(invoice.amount_remaining),
        InvoiceColumn::CreatedAt => date(invoice.created_at.as_ref()),
        InvoiceColumn::DueAt => date(invoice.due_at.as_ref()),
        InvoiceColumn::PeriodStart => date(invoice.period_start.as_ref()),
        InvoiceColumn::PeriodEnd => date(invoice.period_end.as_ref()),
        InvoiceColumn::HostedInvoiceUrl => invoice
            .hosted_invoice_url
            .as_deref()
            .map_or(Cell::Empty, Cell::Link),
        InvoiceColumn::InvoicePdf => invoice
            .invoice_pdf
            .as_deref()
            .map_or(Cell::Empty, Cell::Link),
        InvoiceColumn::Overdue => Cell::Flag(derived.overdue()),
        InvoiceColumn::DaysOverdue => integer(derived.days_overdue),
        InvoiceColumn::AgingBucket => Cell::Bucket(derived.bucket()),
    }
}

/// The value of `column` for one payment method at `now`.
pub(crate) fn method_cell<'a>(
    column: MethodColumn,
    org: &'a OrgId,
    method: &'a PaymentMethod,
    now: DateTime<Utc>,
) -> Cell<'a> {
    match column {
        MethodColumn::Org => Cell::Text(org.as_str()),
        MethodColumn::Id => text(method.id.as_deref()),
        MethodColumn::Type => text(method.kind.as_deref()),
        MethodColumn::Brand => text(method.brand.as_deref()),
        MethodColumn::Last4 => text(method.last4.as_deref()),
        MethodColumn::ExpMonth => integer(method.exp_month),
        MethodColumn::ExpYear => integer(method.exp_year),
        MethodColumn::IsDefault => method.is_default.map_or(Cell::Empty, Cell::Flag),
        MethodColumn::BillingName => text(method.billing_name.as_deref()),
        MethodColumn::BillingEmail => text(method.billing_email.as_deref()),
        MethodColumn::CreatedAt => date(method.created_at.as_ref()),
        MethodColumn::CardState => Cell::Card(method.card_state(now)),
    }
}

/// The identifier of an aging bucket in CSV and JSON: its serde name (`current`, `days1To30`,
/// `days31To60`, `days61To90`, `over90`), so both formats and the UI's TypeScript type agree.
pub(crate) fn bucket_id(bucket: AgingBucket) -> &'static str {
    match bucket {
        AgingBucket::Current => "current",
        AgingBucket::Days1To30 => "days1To30",
        AgingBucket::Days31To60 => "days31To60",
        AgingBucket::Days61To90 => "days61To90",
        AgingBucket::Over90 => "over90",
    }
}

/// The identifier of a card state in CSV and JSON: its serde name (`valid`, `expiringSoon`,
/// `expired`, `unknown`).
pub(crate) fn card_state_id(state: CardState) -> &'static str {
    match state {
        CardState::Valid => "valid",
        CardState::ExpiringSoon => "expiringSoon",
        CardState::Expired => "expired",
        CardState::Unknown => "unknown",
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn identifiers_match_the_serde_names() {
        for bucket in AgingBucket::ALL {
            let json = serde_json::to_value(bucket).unwrap();
            assert_eq!(
                json.as_str(),
                Some(bucket_id(bucket)),
                "CSV and JSON must name {bucket:?} alike"
            );
        }
        for state in [
            CardState::Valid,
            CardState::ExpiringSoon,
            CardState::Expired,
            CardState::Unknown,
        ] {
            let json = serde_json::to_value(state).unwrap();
            assert_eq!(json.as_str(), Some(card_state_id(state)), "{state:?}");
        }
    }

    #[test]
    fn header_order_follows_the_issue() {
        let names: Vec<&str> = InvoiceColumn::for_export(true)
            .iter()
            .map(|c| c.name())
            .collect();
        assert_eq!(
            names.join(","),
            "org,number,id,status,currency,total,amountDue,amountPaid,amountRemaining,\
             createdAt,dueAt,periodStart,periodEnd,hostedInvoiceUrl,invoicePdf,\
             overdue,daysOverdue,agingBucket"
        );
        assert_eq!(
            InvoiceColumn::for_export(false)[0],
            InvoiceColumn::Number,
            "without org the API fields come first"
        );
        let names: Vec<&str> = MethodColumn::for_export(true)
            .iter()
            .map(|c| c.name())
            .collect();
        assert_eq!(
            names.join(","),
            "org,id,type,brand,last4,expMonth,expYear,isDefault,billingName,billingEmail,\
             createdAt,cardState"
        );
    }
}
