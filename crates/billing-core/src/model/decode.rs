//! Decoding a server body into [`BillingDetails`].
//!
//! Speed matters (a large organization sends 100k invoices, about 52 MB): the body is read
//! once with plain `serde_json` straight into the normalized types, borrowing the strings that
//! are only looked at (status, currency, dates) instead of copying them. Only when that fails
//! is the body read a second time with `serde_path_to_error`, to name the offending field.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use thiserror::Error;

use super::budget::{ItemBudget, ItemLease};
use super::{BillingDetails, Invoice, InvoiceStatus, PaymentMethod};
use crate::dates::Timestamp;
use crate::money::Currency;

/// Why a server body could not be read as billing details.
///
/// Messages are shown to finance users; they say where the problem is (a field path such as
/// `invoices[3].amountDue`, or a line and column) so support can find it in the raw body.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecodeError {
    /// The body is not JSON (or has text after the JSON value).
    #[error("The server's answer is not valid JSON: {detail} (line {line}, column {column}).")]
    Malformed {
        /// What the JSON reader objected to.
        detail: String,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
    },
    /// The body stops in the middle of the JSON, usually a cut-off download.
    #[error(
        "The server's answer ended before it was complete (line {line}, column {column}); \
         the download may have been cut off. Try again."
    )]
    Truncated {
        /// 1-based line where the body ends.
        line: usize,
        /// 1-based column where the body ends.
        column: usize,
    },
    /// A list longer than Billing Desk reads for one organization ([`ListLimits`]).
    #[error(
        "The server's answer lists more than {limit} {what} for one organization; Billing Desk \
         stops reading there so that it cannot run out of memory."
    )]
    TooMany {
        /// `invoices` or `payment methods`.
        what: &'static str,
        /// The limit that was reached.
        limit: usize,
    },
    /// A streamed answer lists far more items than its size can hold real ones: a body of
    /// minimal objects (`{},` is 3 bytes) decodes to a hundred times its size.
    #[error(
        "The server's answer lists {items} invoices and payment methods in only {bytes} bytes, \
         far more than real ones take; Billing Desk stops reading there so that it cannot run \
         out of memory."
    )]
    Inflated {
        /// Items decoded when the decode stopped.
        items: usize,
        /// Bytes of the body read by then.
        bytes: u64,
    },
    /// The answer would take the data held at once past the data source's [`ItemBudget`].
    #[error(
        "This organization's answer lists up to {items} invoices and payment methods, and \
         {held} are loaded already; Billing Desk holds at most {limit} at once so that it \
         cannot run out of memory. Look at fewer organizations at once."
    )]
    OverBudget {
        /// Items the answer may hold (an upper bound counted before decoding).
        items: usize,
        /// Items held when it arrived.
        held: usize,
        /// The budget's limit.
        limit: usize,
    },
    /// Valid JSON, but a field has a value of the wrong kind (text where a number belongs, a
    /// number beyond the 64-bit range, a fraction where a whole number belongs...).
    #[error(
        "The server's answer has an unexpected value at {path}: {detail} \
         (line {line}, column {column})."
    )]
    UnexpectedValue {
        /// Where in the body: `invoices[3].amountDue`, or `the top level`.
        path: String,
        /// What was found and what was expected.
        detail: String,
        /// 1-based line of the value.
        line: usize,
        /// 1-based column of the value.
        column: usize,
    },
}

/// The most invoices one organization's answer may list. A body of minimal objects (`{},`)
/// takes 3 bytes an invoice on the wire and hundreds in memory, so the body cap alone
/// let a hostile server make a decode take tens of GiB; reading stops at this count instead.
pub const MAX_INVOICES: usize = 2_000_000;

/// The most payment methods one organization's answer may list.
pub const MAX_PAYMENT_METHODS: usize = 100_000;

/// How many items of each list a decode accepts ([`decode_billing_details_within`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListLimits {
    /// Invoices of one organization.
    pub invoices: usize,
    /// Payment methods of one organization.
    pub payment_methods: usize,
}

impl Default for ListLimits {
    fn default() -> Self {
        ListLimits {
            invoices: MAX_INVOICES,
            payment_methods: MAX_PAYMENT_METHODS,
        }
    }
}

impl DecodeError {
    /// The field path of an unexpected value, if the error is about one.
    pub fn path(&self) -> Option<&str> {
        match self {
            DecodeError::UnexpectedValue { path, .. } => Some(path),
            _ => None,
        }
    }
}

/// Reads a `billing-details` response body.
///
/// Missing or `null` top-level arrays are empty; missing or `null` fields are `None`; unknown
/// fields are ignored; unknown statuses and currencies are kept; unparsable dates are kept as
/// [`Timestamp::Invalid`].
///
/// # Errors
/// [`DecodeError`] for malformed or truncated JSON, or a value of the wrong JSON type
/// (including integers beyond `i64` and non-integral numbers for integer fields).
pub fn decode_billing_details(body: &[u8]) -> Result<BillingDetails, DecodeError> {
    decode_billing_details_within(body, ListLimits::default())
}

/// [`decode_billing_details`] with other list limits (tests use small ones).
///
/// # Errors
/// As [`decode_billing_details`], and [`DecodeError::TooMany`] as soon as a list passes its
/// limit (nothing after it is decoded).
pub fn decode_billing_details_within(
    body: &[u8],
    limits: ListLimits,
) -> Result<BillingDetails, DecodeError> {
    decode_counted(body, limits, item_upper_bound(body))
}

/// The decode, given [`item_upper_bound`] of `body`.
fn decode_counted(
    body: &[u8],
    limits: ListLimits,
    upper_bound: usize,
) -> Result<BillingDetails, DecodeError> {
    // Checking UTF-8 once for the whole body is much cheaper than string by string, which is
    // what reading from bytes does.
    let Ok(text) = std::str::from_utf8(body) else {
        return Err(explain(body));
    };
    if upper_bound > limits.invoices
        && let Some(too_many) = too_many_before_decoding(text, limits)
    {
        return Err(too_many);
    }
    let _hint = CapacityHint::set(body.len() / WIRE_INVOICE_BYTES_GUESS);
    let _limits = LimitGuard::set(limits);
    match serde_json::from_str::<Object<WireDetails>>(text) {
        Ok(Object(wire)) => Ok(wire.into_details()),
        Err(_) => Err(LimitGuard::reached().unwrap_or_else(|| explain(body))),
    }
}

/// [`decode_billing_details`] counted against `budget`: the decode reserves an upper bound of
/// the answer's items before it allocates anything, and the returned lease holds what was
/// decoded until it is dropped (keep it with the data).
///
/// # Errors
/// As [`decode_billing_details`], and [`DecodeError::OverBudget`] (nothing decoded) when the
/// answer could pass what is left of the budget.
pub fn decode_billing_details_held(
    body: &[u8],
    budget: &ItemBudget,
) -> Result<(BillingDetails, ItemLease), DecodeError> {
    let limits = ListLimits::default();
    let upper_bound = item_upper_bound(body);
    let items = upper_bound.min(limits.invoices + limits.payment_methods);
    let Some(mut lease) = budget.reserve(items) else {
        return Err(DecodeError::OverBudget {
            items,
            held: budget.held(),
            limit: budget.limit(),
        });
    };
    let details = decode_counted(body, limits, upper_bound)?;
    lease.shrink_to(details.invoices.len() + details.payment_methods.len());
    Ok((details, lease))
}

/// At most how many invoices and payment methods `body` can decode to: each is a JSON object,
/// so each takes a `{`. A counting pass over bytes, far cheaper than the decode; for a real
/// answer (flat objects, no braces in text) it is the exact count plus one.
fn item_upper_bound(body: &[u8]) -> usize {
    body.iter().filter(|&&byte| byte == b'{').count()
}

/// [`DecodeError::TooMany`] for a body whose lists pass `limits`, found without building a
/// single invoice, by a pass that allocates nothing per element. Only bodies with more `{`
/// than the invoice limit need it: without it a body of minimal objects (`{},` is 3
/// bytes) made the decode allocate the whole limit's worth of invoices before failing.
fn too_many_before_decoding(text: &str, limits: ListLimits) -> Option<DecodeError> {
    // A body that does not even parse is left to the decode, which names the problem.
    let ListCounts(invoices, payment_methods) = serde_json::from_str(text).ok()?;
    if invoices > limits.invoices {
        Some(DecodeError::TooMany {
            what: Invoice::WHAT,
            limit: limits.invoices,
        })
    } else if payment_methods > limits.payment_methods {
        Some(DecodeError::TooMany {
            what: PaymentMethod::WHAT,
            limit: limits.payment_methods,
        })
    } else {
        None
    }
}

/// The lengths of the `invoices` and `paymentMethods` arrays of a body, read without keeping
/// any element.
struct ListCounts(usize, usize);

impl<'de> Deserialize<'de> for ListCounts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Len(usize);
        impl<'de> Deserialize<'de> for Len {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct LenVisitor;
                impl<'de> Visitor<'de> for LenVisitor {
                    type Value = Len;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("an array or null")
                    }
                    fn visit_unit<E: de::Error>(self) -> Result<Len, E> {
                        Ok(Len(0))
                    }
                    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Len, A::Error> {
                        let mut len = 0;
                        while seq.next_element::<de::IgnoredAny>()?.is_some() {
                            len += 1;
                        }
                        Ok(Len(len))
                    }
                }
                deserializer.deserialize_any(LenVisitor)
            }
        }
        struct CountsVisitor;
        impl<'de> Visitor<'de> for CountsVisitor {
            type Value = ListCounts;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ListCounts, A::Error> {
                let mut counts = ListCounts(0, 0);
                while let Some(key) = map.next_key::<Str<'de>>()? {
                    match key.0.as_ref() {
                        "invoices" => counts.0 = counts.0.max(map.next_value::<Len>()?.0),
                        "paymentMethods" => counts.1 = counts.1.max(map.next_value::<Len>()?.0),
                        _ => {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(counts)
            }
        }
        deserializer.deserialize_map(CountsVisitor)
    }
}

thread_local! {
    static LIMITS: std::cell::Cell<ListLimits> = std::cell::Cell::new(ListLimits::default());
    static REACHED: std::cell::Cell<Option<(&'static str, usize)>> = const { std::cell::Cell::new(None) };
}

/// Sets the list limits of the current decode (thread-local, like [`CapacityHint`]) and puts
/// the defaults back when dropped.
struct LimitGuard;

impl LimitGuard {
    fn set(limits: ListLimits) -> LimitGuard {
        LIMITS.with(|cell| cell.set(limits));
        REACHED.with(|cell| cell.set(None));
        LimitGuard
    }

    fn limits() -> ListLimits {
        LIMITS.with(std::cell::Cell::get)
    }

    /// Records that a list passed its limit; the decode then fails with this.
    fn reach(what: &'static str, limit: usize) {
        REACHED.with(|cell| cell.set(Some((what, limit))));
    }

    fn reached() -> Option<DecodeError> {
        REACHED
            .with(std::cell::Cell::take)
            .map(|(what, limit)| DecodeError::TooMany { what, limit })
    }
}

impl Drop for LimitGuard {
    fn drop(&mut self) {
        LIMITS.with(|cell| cell.set(ListLimits::default()));
        REACHED.with(|cell| cell.set(None));
    }
}

/// A typical invoice takes about 520 bytes on the wire; guessing a little low means the
/// invoice vector is sized once for a typical body instead of doubling its way up (copying
/// tens of megabytes), and an overestimate is given back by `shrink_to_fit`.
pub(super) const WIRE_INVOICE_BYTES_GUESS: usize = 400;

thread_local! {
    static INVOICE_CAPACITY: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Sets the invoice capacity guess for the current decode and clears it when dropped, so a
/// guess never leaks into another decode on the same thread.
struct CapacityHint;

impl CapacityHint {
    fn set(capacity: usize) -> CapacityHint {
        INVOICE_CAPACITY.with(|cell| cell.set(capacity.min(1 << 21)));
        CapacityHint
    }

    fn take() -> usize {
        INVOICE_CAPACITY.with(|cell| cell.replace(0))
    }
}

impl Drop for CapacityHint {
    fn drop(&mut self) {
        INVOICE_CAPACITY.with(|cell| cell.set(0));
    }
}

/// Re-reads a failed body tracking the path, to say where the problem is.
fn explain(body: &[u8]) -> DecodeError {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let (path, error) =
        match serde_path_to_error::deserialize::<_, Object<WireDetails>>(&mut deserializer) {
            Ok(_) => match deserializer.end() {
                // Trailing text after a valid value.
                Err(error) => (None, error),
                // Only bytes outside any string can be invalid UTF-8 and still read this far.
                Ok(()) => return not_utf8(body),
            },
            Err(error) => {
                let path = error.path().to_string();
                (Some(path), error.into_inner())
            }
        };
    classify(path.as_deref(), &error, error.line(), error.column())
}

/// The [`DecodeError`] of a serde_json `error` found at `path` (`None` or `.` for the top
/// level), placed at `line` and `column` of the whole body.
pub(super) fn classify(
    path: Option<&str>,
    error: &serde_json::Error,
    line: usize,
    column: usize,
) -> DecodeError {
    let detail = without_position(error);
    match error.classify() {
        serde_json::error::Category::Eof => DecodeError::Truncated { line, column },
        serde_json::error::Category::Data => DecodeError::UnexpectedValue {
            path: match path {
                None | Some(".") => "the top level".to_owned(),
                Some(path) => path.to_owned(),
            },
            detail,
            line,
            column,
        },
        serde_json::error::Category::Syntax | serde_json::error::Category::Io => {
            DecodeError::Malformed {
                detail,
                line,
                column,
            }
        }
    }
}

fn not_utf8(body: &[u8]) -> DecodeError {
    let valid = std::str::from_utf8(body).map_or_else(|e| e.valid_up_to(), |_| body.len());
    let before = body.get(..valid).unwrap_or_default();
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    DecodeError::Malformed {
        detail: "the text is not valid UTF-8".to_owned(),
        line,
        column: valid - line_start + 1,
    }
}

/// serde_json appends " at line L column C" to its messages; the variants carry those apart.
/// Its messages quote the offending value whole (`invalid type: string "…"`), which a hostile
/// server can make as long as the body: the detail is cut to [`DETAIL_MAX_CHARS`], as it goes
/// to the window, logs and standard error.
fn without_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let text = match text.strip_suffix(&suffix) {
        Some(stripped) => stripped,
        None => text.as_str(),
    };
    match text.char_indices().nth(DETAIL_MAX_CHARS) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or_default()),
        None => text.to_owned(),
    }
}

/// The longest detail a decode error quotes from the body, in characters.
pub const DETAIL_MAX_CHARS: usize = 200;

/// A string that borrows from the body when it has no escapes.
pub(super) struct Str<'a>(pub(super) Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StrVisitor;
        impl<'de> Visitor<'de> for StrVisitor {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(StrVisitor)
    }
}

/// Accepts only a JSON object for `T`.
///
/// Serde's derived structs also accept an array of the fields in order, which would let
/// `[[], []]` pass as a body; an array where an object belongs is a wrong type here.
pub(super) struct Object<T>(pub(super) T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
            type Value = T;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map))
            }
        }
        deserializer
            .deserialize_map(ObjectVisitor(std::marker::PhantomData))
            .map(Object)
    }
}

fn timestamp(text: Option<Str<'_>>) -> Option<Timestamp> {
    text.map(|text| Timestamp::parse(&text.0))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireDetails {
    #[serde(default)]
    invoices: Option<List<Invoice>>,
    #[serde(default)]
    payment_methods: Option<List<PaymentMethod>>,
}

impl WireDetails {
    fn into_details(self) -> BillingDetails {
        BillingDetails {
            invoices: self.invoices.map(|list| list.0).unwrap_or_default(),
            payment_methods: self.payment_methods.map(|list| list.0).unwrap_or_default(),
        }
    }
}

/// Normalizes each element as it is read, so no intermediate vector of wire records exists.
struct List<T>(Vec<T>);

pub(super) trait FromWire: Sized {
    /// What the list holds, for [`DecodeError::TooMany`].
    const WHAT: &'static str;
    /// How many elements to make room for before reading the list.
    fn capacity_guess() -> usize {
        0
    }
    /// The most elements read.
    fn limit() -> usize;
    fn read<'de, A: SeqAccess<'de>>(seq: &mut A) -> Result<Option<Self>, A::Error>;
}

impl<'de, T: FromWire> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: FromWire> Visitor<'de> for ListVisitor<T> {
            type Value = List<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let limit = T::limit();
                let guess = seq.size_hint().unwrap_or_else(T::capacity_guess);
                let mut items = Vec::with_capacity(guess.min(1 << 21).min(limit));
                while let Some(item) = T::read(&mut seq)? {
                    if items.len() >= limit {
                        LimitGuard::reach(T::WHAT, limit);
                        return Err(de::Error::custom("too many items"));
                    }
                    if items.len() == items.capacity() {
                        // Doubling, but never past the limit: the vector's memory stays
                        // within what the limit allows.
                        let more = items.len().max(16).min(limit - items.len());
                        items.reserve_exact(more);
                    }
                    items.push(item);
                }
                items.shrink_to_fit();
                Ok(List(items))
            }
        }
        deserializer.deserialize_seq(ListVisitor(std::marker::PhantomData))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct WireInvoice<'a> {
    id: Option<String>,
    number: Option<String>,
    #[serde(borrow)]
    status: Option<Str<'a>>,
    #[serde(borrow)]
    currency: Option<Str<'a>>,
    total: Option<i64>,
    amount_due: Option<i64>,
    amount_paid: Option<i64>,
    amount_remaining: Option<i64>,
    #[serde(borrow)]
    created_at: Option<Str<'a>>,
    #[serde(borrow)]
    due_at: Option<Str<'a>>,
    #[serde(borrow)]
    period_start: Option<Str<'a>>,
    #[serde(borrow)]
    period_end: Option<Str<'a>>,
    hosted_invoice_url: Option<String>,
    invoice_pdf: Option<String>,
}

impl FromWire for Invoice {
    const WHAT: &'static str = "invoices";

    fn capacity_guess() -> usize {
        // Only the first invoice list of a decode uses the guess.
        CapacityHint::take()
    }

    fn limit() -> usize {
        LimitGuard::limits().invoices
    }

    fn read<'de, A: SeqAccess<'de>>(seq: &mut A) -> Result<Option<Self>, A::Error> {
        let Some(Object(wire)) = seq.next_element::<Object<WireInvoice<'de>>>()? else {
            return Ok(None);
        };
        Ok(Some(wire.into_invoice()))
    }
}

impl WireInvoice<'_> {
    /// The normalized invoice.
    pub(super) fn into_invoice(self) -> Invoice {
        let wire = self;
        Invoice {
            id: wire.id,
            number: wire.number,
            status: wire.status.map(|s| InvoiceStatus::parse(&s.0)),
            currency: wire.currency.map(|c| Currency::new(&c.0)),
            total: wire.total,
            amount_due: wire.amount_due,
            amount_paid: wire.amount_paid,
            amount_remaining: wire.amount_remaining,
            created_at: timestamp(wire.created_at),
            due_at: timestamp(wire.due_at),
            period_start: timestamp(wire.period_start),
            period_end: timestamp(wire.period_end),
            hosted_invoice_url: wire.hosted_invoice_url,
            invoice_pdf: wire.invoice_pdf,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct WirePaymentMethod<'a> {
    id: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    brand: Option<String>,
    last4: Option<String>,
    exp_month: Option<i64>,
    exp_year: Option<i64>,
    is_default: Option<bool>,
    billing_name: Option<String>,
    billing_email: Option<String>,
    #[serde(borrow)]
    created_at: Option<Str<'a>>,
}

impl FromWire for PaymentMethod {
    const WHAT: &'static str = "payment methods";

    fn limit() -> usize {
        LimitGuard::limits().payment_methods
    }

    fn read<'de, A: SeqAccess<'de>>(seq: &mut A) -> Result<Option<Self>, A::Error> {
        let Some(Object(wire)) = seq.next_element::<Object<WirePaymentMethod<'de>>>()? else {
            return Ok(None);
        };
        Ok(Some(wire.into_payment_method()))
    }
}

impl WirePaymentMethod<'_> {
    /// The normalized payment method.
    pub(super) fn into_payment_method(self) -> PaymentMethod {
        let wire = self;
        PaymentMethod {
            id: wire.id,
            kind: wire.kind,
            brand: wire.brand,
            last4: wire.last4,
            exp_month: wire.exp_month,
            exp_year: wire.exp_year,
            is_default: wire.is_default,
            billing_name: wire.billing_name,
            billing_email: wire.billing_email,
            created_at: timestamp(wire.created_at),
        }
    }
}
