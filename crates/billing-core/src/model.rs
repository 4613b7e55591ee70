//! The response of `GET /v1/organizations/{orgId}/stripe/billing-details`, normalized.
//!
//! The endpoint doc marks no field as required, so every field is an `Option`: a missing or
//! `null` field is `None`, never a failed fetch. Values are normalized on the way in (status
//! to [`InvoiceStatus`], currency to uppercase [`Currency`], dates to [`Timestamp`]); unknown
//! statuses and currencies are kept, not dropped. A value of the wrong JSON type, an integer
//! beyond `i64`, or malformed JSON is a [`DecodeError`] naming the field path or position.
//!
//! The types serialize in camelCase for the UI and JSON exports (TypeScript bindings via
//! ts-rs). That shape is the normalized one (dates as tagged [`Timestamp`] objects), not the
//! wire format: decode server bodies with [`decode_billing_details`] only.

mod budget;
mod decode;
mod status;
mod stream;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use budget::{ItemBudget, ItemLease, MAX_ITEMS_HELD};
pub use decode::{
    DETAIL_MAX_CHARS, DecodeError, ListLimits, MAX_INVOICES, MAX_PAYMENT_METHODS,
    decode_billing_details, decode_billing_details_held, decode_billing_details_within,
};
pub use status::InvoiceStatus;
pub use stream::StreamDecoder;

use crate::dates::{self, AgingBucket, AgingScale, CardState, Timestamp};
use crate::money::{Currency, Money};

/// Everything the endpoint returns for one organization.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BillingDetails {
    /// Invoices in the order the server sent them. Missing or `null` in the body is empty.
    #[serde(default)]
    pub invoices: Vec<Invoice>,
    /// Payment methods in the order the server sent them. Missing or `null` is empty.
    #[serde(default)]
    pub payment_methods: Vec<PaymentMethod>,
}

/// One invoice. Amounts are integer minor units of `currency` (see [`crate::money`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Invoice {
    /// Stripe invoice ID (`in_...`).
    pub id: Option<String>,
    /// Human-facing invoice number.
    pub number: Option<String>,
    /// Lifecycle status; unknown values are kept in [`InvoiceStatus::Unknown`].
    pub status: Option<InvoiceStatus>,
    /// Currency of every amount on this invoice.
    pub currency: Option<Currency>,
    /// Invoice total, minor units.
    #[ts(type = "number | null")]
    pub total: Option<i64>,
    /// Amount due, minor units.
    #[ts(type = "number | null")]
    pub amount_due: Option<i64>,
    /// Amount paid so far, minor units.
    #[ts(type = "number | null")]
    pub amount_paid: Option<i64>,
    /// Amount still owed, minor units.
    #[ts(type = "number | null")]
    pub amount_remaining: Option<i64>,
    /// When the invoice was created.
    pub created_at: Option<Timestamp>,
    /// When payment is due.
    pub due_at: Option<Timestamp>,
    /// Start of the billed period.
    pub period_start: Option<Timestamp>,
    /// End of the billed period.
    pub period_end: Option<Timestamp>,
    /// Stripe-hosted invoice page (validate before opening).
    pub hosted_invoice_url: Option<String>,
    /// Invoice PDF link (validate before opening); `None` until finalized.
    pub invoice_pdf: Option<String>,
}

impl Invoice {
    /// Open, something still owed, and a valid due date strictly before `now`.
    ///
    /// An invoice with a missing or unparsable due date, or no `amountRemaining`, is never
    /// overdue: the app does not guess.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.overdue_since(now).is_some()
    }

    fn overdue_since(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if !self.is_outstanding() {
            return None;
        }
        let due = self.due_instant()?;
        (due < now).then_some(due)
    }

    /// Days past due when overdue (see [`Invoice::is_overdue`]), counting a started day as a
    /// day, so an overdue invoice is always at least 1 day overdue. `None` when not overdue.
    pub fn days_overdue(&self, now: DateTime<Utc>) -> Option<i64> {
        self.overdue_since(now)
            .and_then(|due| Invoice::days_past_due(due, now))
    }

    /// [`Invoice::days_overdue`] of an outstanding invoice due at `due`: `None` until `due`
    /// has passed.
    pub fn days_past_due(due: DateTime<Utc>, now: DateTime<Utc>) -> Option<i64> {
        (due < now).then(|| dates::started_days_between(due, now).max(1))
    }

    /// The valid due date, the one overdue facts are computed from.
    pub fn due_instant(&self) -> Option<DateTime<Utc>> {
        self.due_at.as_ref().and_then(Timestamp::valid)
    }

    /// Aging bucket on `scale` by [`Invoice::days_overdue`]; anything not overdue is current.
    pub fn aging_bucket(&self, now: DateTime<Utc>, scale: &AgingScale) -> AgingBucket {
        scale.bucket(self.days_overdue(now))
    }

    /// Open with a positive `amountRemaining`: what aging reports add up.
    pub fn is_outstanding(&self) -> bool {
        self.status == Some(InvoiceStatus::Open) && self.amount_remaining.is_some_and(|a| a > 0)
    }

    fn money(&self, minor: Option<i64>) -> Option<Money> {
        Some(Money::new(minor?, self.currency.clone()?))
    }

    /// `total` with its currency, when both are present.
    pub fn total_money(&self) -> Option<Money> {
        self.money(self.total)
    }

    /// `amountDue` with its currency, when both are present.
    pub fn amount_due_money(&self) -> Option<Money> {
        self.money(self.amount_due)
    }

    /// `amountPaid` with its currency, when both are present.
    pub fn amount_paid_money(&self) -> Option<Money> {
        self.money(self.amount_paid)
    }

    /// `amountRemaining` with its currency, when both are present.
    pub fn amount_remaining_money(&self) -> Option<Money> {
        self.money(self.amount_remaining)
    }
}

/// One payment method (usually a card).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PaymentMethod {
    /// Stripe payment method ID (`pm_...`).
    pub id: Option<String>,
    /// Kind of method, such as `card` (wire and JSON name `type`).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Card brand, such as `visa`.
    pub brand: Option<String>,
    /// Last four digits of the card number.
    pub last4: Option<String>,
    /// Expiry month, 1-12.
    #[ts(type = "number | null")]
    pub exp_month: Option<i64>,
    /// Expiry year, four digits.
    #[ts(type = "number | null")]
    pub exp_year: Option<i64>,
    /// Whether this is the organization's default method.
    pub is_default: Option<bool>,
    /// Name on the billing details.
    pub billing_name: Option<String>,
    /// Email on the billing details.
    pub billing_email: Option<String>,
    /// When the method was added.
    pub created_at: Option<Timestamp>,
}

impl PaymentMethod {
    /// Expired, expiring within 60 days, valid, or unknown (missing or odd expiry); a card is
    /// valid through the last day of its expiry month, UTC. See [`dates::card_state`].
    pub fn card_state(&self, now: DateTime<Utc>) -> CardState {
        dates::card_state(self.exp_month, self.exp_year, now)
    }

    /// [`PaymentMethod::card_state`] with "expiring" meaning within `soon_days` days. See
    /// [`dates::card_state_within`].
    pub fn card_state_within(&self, now: DateTime<Utc>, soon_days: i64) -> CardState {
        dates::card_state_within(self.exp_month, self.exp_year, now, soon_days)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn bucket_id(invoice: &Invoice, now: DateTime<Utc>) -> String {
        let scale = AgingScale::default();
        scale.id(invoice.aging_bucket(now, &scale)).to_owned()
    }

    fn open_invoice(due: &str, remaining: Option<i64>) -> Invoice {
        Invoice {
            status: Some(InvoiceStatus::Open),
            amount_remaining: remaining,
            due_at: Some(Timestamp::parse(due)),
            currency: Some(Currency::new("usd")),
            ..Invoice::default()
        }
    }

    #[test]
    fn overdue_needs_open_positive_remaining_and_past_due() {
        let now = at("2024-06-01T00:00:00Z");
        let overdue = open_invoice("2024-05-01T00:00:00Z", Some(100));
        assert!(overdue.is_overdue(now), "open, owing, due a month ago");
        assert_eq!(overdue.days_overdue(now), Some(31));
        assert_eq!(bucket_id(&overdue, now), "days31To60");

        let not_yet = open_invoice("2024-06-01T00:00:00Z", Some(100));
        assert!(
            !not_yet.is_overdue(now),
            "due exactly now is not before now"
        );
        assert_eq!(bucket_id(&not_yet, now), "current");

        let paid_up = open_invoice("2024-05-01T00:00:00Z", Some(0));
        assert!(!paid_up.is_overdue(now), "nothing remaining");
        let unknown_remaining = open_invoice("2024-05-01T00:00:00Z", None);
        assert!(
            !unknown_remaining.is_overdue(now),
            "missing remaining is not guessed"
        );
        let bad_date = open_invoice("someday", Some(100));
        assert!(!bad_date.is_overdue(now), "invalid due date is not guessed");

        let mut paid = open_invoice("2024-05-01T00:00:00Z", Some(100));
        paid.status = Some(InvoiceStatus::Paid);
        assert!(!paid.is_overdue(now), "only open invoices are overdue");
        assert_eq!(paid.days_overdue(now), None);
    }

    #[test]
    fn one_second_late_is_one_day_overdue() {
        let invoice = open_invoice("2024-05-01T00:00:00Z", Some(1));
        assert_eq!(invoice.days_overdue(at("2024-05-01T00:00:01Z")), Some(1));
        assert_eq!(bucket_id(&invoice, at("2024-05-01T00:00:01Z")), "days1To30");
        assert_eq!(
            bucket_id(&invoice, at("2024-08-15T00:00:00Z")),
            "over90",
            "106 days"
        );
    }

    #[test]
    fn money_accessors_need_amount_and_currency() {
        let mut invoice = Invoice {
            total: Some(12900),
            currency: Some(Currency::new("usd")),
            ..Invoice::default()
        };
        assert_eq!(invoice.total_money().unwrap().to_string(), "USD 129.00");
        assert!(invoice.amount_due_money().is_none(), "amount missing");
        invoice.currency = None;
        assert!(invoice.total_money().is_none(), "currency missing");
    }

    #[test]
    fn card_state_uses_expiry_fields() {
        let card = PaymentMethod {
            exp_month: Some(5),
            exp_year: Some(2024),
            ..PaymentMethod::default()
        };
        assert_eq!(
            card.card_state(at("2024-06-01T00:00:00Z")),
            CardState::Expired
        );
        assert_eq!(
            card.card_state(at("2024-05-15T00:00:00Z")),
            CardState::ExpiringSoon
        );
        assert_eq!(
            card.card_state(at("2023-01-01T00:00:00Z")),
            CardState::Valid
        );
        assert_eq!(
            PaymentMethod::default().card_state(at("2024-01-01T00:00:00Z")),
            CardState::Unknown
        );
    }

    #[test]
    fn serializes_camel_case_with_type_for_kind() {
        let method = PaymentMethod {
            kind: Some("card".into()),
            exp_month: Some(4),
            ..PaymentMethod::default()
        };
        let json = serde_json::to_value(&method).unwrap();
        assert_eq!(json["type"], "card", "kind is called type in JSON");
        assert_eq!(json["expMonth"], 4);
        assert!(
            json["billingEmail"].is_null(),
            "missing is null, not absent"
        );
        let back: PaymentMethod = serde_json::from_value(json).unwrap();
        assert_eq!(back, method, "normalized JSON round-trips");
    }
}
