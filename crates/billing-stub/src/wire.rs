//! The endpoint's wire format, written here on purpose instead of borrowed from billing-core:
//! the stub must be free to send what the real API sends (camelCase JSON, lowercase currency
//! codes, `null` where a value is absent) without sharing the client's idea of a valid payload.
//!
//! Every field is an `Option` and serializes as `null` when `None`, because the endpoint doc
//! marks no field as required. Scenarios that need a field to be *absent* or of the wrong JSON
//! type build `serde_json::Value`s instead (see `adversarial.rs`).

use serde::Serialize;

/// The body of `GET /v1/organizations/{orgId}/stripe/billing-details`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BillingDetails {
    /// Newest first, as Stripe lists them.
    pub invoices: Vec<WireInvoice>,
    /// The default method first.
    pub payment_methods: Vec<WirePaymentMethod>,
}

/// One invoice as the API sends it; amounts are integer minor units of `currency`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireInvoice {
    pub amount_due: Option<i64>,
    pub amount_paid: Option<i64>,
    pub amount_remaining: Option<i64>,
    pub created_at: Option<String>,
    pub currency: Option<String>,
    pub due_at: Option<String>,
    pub hosted_invoice_url: Option<String>,
    pub id: Option<String>,
    pub invoice_pdf: Option<String>,
    pub number: Option<String>,
    pub period_end: Option<String>,
    pub period_start: Option<String>,
    pub status: Option<String>,
    pub total: Option<i64>,
}

/// One payment method as the API sends it; card fields are `null` for non-card types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WirePaymentMethod {
    pub billing_email: Option<String>,
    pub billing_name: Option<String>,
    pub brand: Option<String>,
    pub created_at: Option<String>,
    pub exp_month: Option<i64>,
    pub exp_year: Option<i64>,
    pub id: Option<String>,
    pub is_default: Option<bool>,
    pub last4: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

/// Where the hosted page and the PDF of an invoice live: a listener of the stub itself,
/// so the demo works offline.
pub(crate) fn hosted_url(link_base: &str, invoice_id: &str) -> String {
    format!("{link_base}/hosted/{invoice_id}")
}

/// See [`hosted_url`].
pub(crate) fn pdf_url(link_base: &str, invoice_id: &str) -> String {
    format!("{link_base}/pdf/{invoice_id}.pdf")
}

/// RFC 3339 in UTC with whole seconds and a `Z`, the shape the API uses.
pub(crate) fn rfc3339(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
