//! JSON exports: the normalized model, written as it streams.
//!
//! # Invoices (`schemaVersion` 1)
//!
//! ```json
//! {
//!   "schemaVersion": 1,
//!   "kind": "invoices",
//!   "generatedAt": "2024-06-01T12:00:00Z",
//!   "organizations": ["org_a", "org_b"],
//!   "invoices": [
//!     {"org": "org_a", "id": "in_1", "number": "INV-1", "status": "open", "currency": "USD",
//!      "total": 12900, "amountDue": 12900, "amountPaid": 0, "amountRemaining": 12900,
//!      "createdAt": {"kind": "valid", "value": "2024-05-01T10:00:00Z"},
//!      "dueAt": {"kind": "invalid", "raw": "soon"}, "periodStart": null, "periodEnd": null,
//!      "hostedInvoiceUrl": "https://…", "invoicePdf": null,
//!      "overdue": true, "daysOverdue": 12, "agingBucket": "days1To30"}
//!   ],
//!   "totals": [
//!     {"currency": "USD", "count": 1,
//!      "total": {"minor": 12900, "counted": 1}, "amountDue": {"minor": 12900, "counted": 1},
//!      "amountPaid": {"minor": 0, "counted": 1}, "amountRemaining": {"minor": 12900, "counted": 1},
//!      "aging": [{"bucket": "current", "label": "Current", "fromDays": null,
//!                 "toDays": null, "minor": 0, "count": 0},
//!                {"bucket": "days1To30", "label": "1-30 days", "fromDays": 1,
//!                 "toDays": 30, "minor": 12900, "count": 1}, …],
//!      "exponent": 2}
//!   ]
//! }
//! ```
//!
//! - `organizations`: the organizations whose data is in the file, in the order asked.
//! - Each invoice is `org` followed by every field of [`Invoice`] in its normalized JSON form:
//!   amounts are integers in the currency's **minor units** (cents, yen, fils; the
//!   `exponent` of the matching `totals` entry says how many are decimals), the currency is
//!   the uppercase code, a status this version does not know is kept as sent, dates are
//!   tagged objects (`{"kind":"valid","value":RFC 3339 UTC}` or `{"kind":"invalid","raw":…}`
//!   for text that is not a date), and a missing value is `null` (never absent). Then the
//!   derived facts at `generatedAt`: `overdue`, `daysOverdue` (`null` when not overdue) and
//!   `agingBucket`: `current`, `days1To30`, `days31To60`, `days61To90`, `over90` on the
//!   default buckets; a connection's own boundaries name theirs by their days the same way
//!   (15, 45: `current`, `days1To15`, `days16To45`, `over45`).
//! - `totals`: the invoice query's per-currency totals and aging of these invoices
//!   ([`CurrencySummary`], one entry per currency sorted by code, invoices without a currency
//!   in a last entry with `"currency": null`), each with the currency's `exponent` added. A
//!   sum leaves out invoices missing that amount; `counted` says how many it includes. Aging
//!   covers outstanding invoices (open, something remaining) by bucket at `generatedAt`, one
//!   entry per bucket with its days (`fromDays`, `toDays`; `null` when open-ended).
//! - Text is written as received: JSON is not a spreadsheet, so no formula neutralizing.
//!
//! One invoice per line inside the array, so the file can be followed or split with line
//! tools; `totals` come last, after the stream of invoices.
//! New fields may be added in later versions; existing ones keep their meaning while
//! `schemaVersion` stays 1.
//!
//! # Payment methods (`schemaVersion` 1)
//!
//! `{"schemaVersion": 1, "kind": "paymentMethods", "generatedAt", "organizations",
//! "paymentMethods": [{"org", …every field of PaymentMethod (`type` for the kind,
//! `createdAt` as a tagged date)…, "cardState": "valid" | "expiringSoon" | "expired" |
//! "unknown"}]}`.

use std::io::{BufWriter, Write};

use serde::Serialize;

use super::ExportError;
use super::columns::Derived;
use super::rows::{ExportContext, InvoiceRecord, PaymentMethodRecord};
use crate::dates::Timestamp;
use crate::ids::OrgId;
use crate::model::{Invoice, PaymentMethod};
use crate::query::CurrencySummary;

/// Version of the JSON shapes documented above.
pub const JSON_SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonInvoice<'a> {
    org: &'a OrgId,
    #[serde(flatten)]
    invoice: &'a Invoice,
    overdue: bool,
    days_overdue: Option<i64>,
    aging_bucket: &'a str,
}

/// A query summary as the JSON export and the manifest write it: the summary's own fields,
/// then the currency's `exponent` so readers can turn minor units into amounts.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct JsonTotals<'a> {
    #[serde(flatten)]
    summary: &'a CurrencySummary,
    exponent: u32,
}

impl<'a> JsonTotals<'a> {
    pub(crate) fn of(summary: &'a CurrencySummary) -> JsonTotals<'a> {
        JsonTotals {
            summary,
            exponent: summary.currency.as_ref().map_or(2, |c| c.exponent()),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonMethod<'a> {
    org: &'a OrgId,
    #[serde(flatten)]
    method: &'a PaymentMethod,
    card_state: &'static str,
}

/// Writes the opening object up to and including `"<array>": [`.
fn open<W: Write>(
    out: &mut W,
    ctx: &ExportContext<'_>,
    kind: &'static str,
    array: &'static str,
) -> Result<(), ExportError> {
    let generated_at = Timestamp::Valid(ctx.now).to_rfc3339();
    write!(
        out,
        "{{\n  \"schemaVersion\": {JSON_SCHEMA_VERSION},\n  \"kind\": \"{kind}\",\n  \
         \"generatedAt\": \"{generated_at}\",\n  "
    )?;
    if let Some(as_of) = ctx.as_of() {
        let as_of = Timestamp::Valid(as_of).to_rfc3339();
        write!(out, "\"asOf\": \"{as_of}\",\n  ")?;
    }
    write!(out, "\"organizations\": ")?;
    serde_json::to_writer(&mut *out, ctx.organizations)?;
    write!(out, ",\n  \"{array}\": [")?;
    Ok(())
}

/// Writes one array element on its own line.
fn element<W: Write, T: Serialize>(out: &mut W, first: bool, value: &T) -> Result<(), ExportError> {
    out.write_all(if first { b"\n    " } else { b",\n    " })?;
    serde_json::to_writer(&mut *out, value)?;
    Ok(())
}

/// Closes an array; `empty` keeps `[]` on one line.
fn close_array<W: Write>(out: &mut W, empty: bool) -> Result<(), ExportError> {
    out.write_all(if empty { b"]" } else { b"\n  ]" })?;
    Ok(())
}

/// Writes invoice rows as the JSON document described in the module docs and returns the row
/// count.
///
/// `totals` are the invoice query's totals of the same rows at the same `now`
/// ([`crate::query::QueryResult::by_currency`]); they are written as given.
///
/// # Errors
/// [`ExportError::Io`] when writing to `out` fails.
pub fn write_invoices_json<W, R>(
    out: W,
    ctx: &ExportContext<'_>,
    rows: impl IntoIterator<Item = R>,
    totals: &[CurrencySummary],
) -> Result<u64, ExportError>
where
    W: Write,
    R: InvoiceRecord,
{
    let mut out = BufWriter::with_capacity(64 * 1024, out);
    open(&mut out, ctx, "invoices", "invoices")?;
    let mut rows_written = 0u64;
    for row in rows {
        let invoice = row.invoice();
        let derived = Derived::of(invoice, ctx.facts_at(), ctx.aging());
        let value = JsonInvoice {
            org: row.org(),
            invoice,
            overdue: derived.overdue(),
            days_overdue: derived.days_overdue,
            aging_bucket: ctx.aging().id(derived.bucket),
        };
        element(&mut out, rows_written == 0, &value)?;
        rows_written += 1;
    }
    close_array(&mut out, rows_written == 0)?;
    out.write_all(b",\n  \"totals\": [")?;
    for (index, summary) in totals.iter().enumerate() {
        element(&mut out, index == 0, &JsonTotals::of(summary))?;
    }
    close_array(&mut out, totals.is_empty())?;
    out.write_all(b"\n}\n")?;
    out.flush()?;
    Ok(rows_written)
}

/// Writes payment-method rows as the JSON document described in the module docs; returns the
/// row count.
///
/// # Errors
/// [`ExportError::Io`] when writing to `out` fails.
pub fn write_payment_methods_json<W, R>(
    out: W,
    ctx: &ExportContext<'_>,
    rows: impl IntoIterator<Item = R>,
) -> Result<u64, ExportError>
where
    W: Write,
    R: PaymentMethodRecord,
{
    let mut out = BufWriter::with_capacity(64 * 1024, out);
    open(&mut out, ctx, "paymentMethods", "paymentMethods")?;
    let mut rows_written = 0u64;
    for row in rows {
        let method = row.method();
        let value = JsonMethod {
            org: row.org(),
            method,
            card_state: method.card_state(ctx.facts_at()).id(),
        };
        element(&mut out, rows_written == 0, &value)?;
        rows_written += 1;
    }
    close_array(&mut out, rows_written == 0)?;
    out.write_all(b"\n}\n")?;
    out.flush()?;
    Ok(rows_written)
}
