//! One property check per fuzz target. Every function takes the fuzzer's raw bytes, never
//! fails on uninteresting input (it returns), and panics with a message saying which
//! property broke. Structured inputs are built with `arbitrary`.
//!
//! This file is also compiled into `crates/billing-core/tests/core/fuzz_regressions.rs` (with
//! `#[path]`), so it may only use crates that test has: billing-core, arbitrary, calamine,
//! chrono, csv, percent-encoding, serde_json, url.

use std::io::Cursor;

use arbitrary::{Arbitrary, Unstructured};
use billing_core::dates::{AgingBucket, AgingScale, CardState, Timestamp};
use billing_core::export::cells::neutralize;
use billing_core::export::xlsx::{INVOICES_SHEET, PAYMENT_METHODS_SHEET, TOTALS_SHEET};
use billing_core::export::xlsx_text::xlsx_cell_text;
use billing_core::export::{
    CsvOptions, ExportContext, OrgColumn, write_invoices_csv, write_payment_methods_csv, write_xlsx,
};
use billing_core::fields::{InvoiceField, MethodField};
use billing_core::ids::OrgId;
use billing_core::link::{billing_details_url, validate_base_url, validate_external_link};
use billing_core::model::{
    BillingDetails, DecodeError, Invoice, InvoiceStatus, PaymentMethod, StreamDecoder,
    decode_billing_details,
};
use billing_core::money::{Currency, format_major, format_major_wide, parse_major};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

// ---------------------------------------------------------------------------------------
// (a) decode: the response decoder never panics, and what it accepts survives a round trip
// through the wire format.

/// `decode_billing_details` never panics; an accepted body, written back in the wire format
/// and decoded again, gives the same value; a refused one has a readable message. The
/// streamed decode, fed the body in chunks whose size the first byte picks, agrees: the same
/// value, or an error of the same kind (for a body that is not UTF-8: an error).
pub fn decode(data: &[u8]) {
    let whole = decode_billing_details(data);
    let step = 1 + usize::from(data.first().copied().unwrap_or(0) % 17);
    let mut decoder = StreamDecoder::new(Some(data.len() as u64));
    let streamed = data
        .chunks(step)
        .try_for_each(|chunk| decoder.push(chunk))
        .and_then(|()| decoder.finish().map(|(details, _)| details));
    match (&whole, &streamed) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "the streamed decode reads the same details"),
        // A body that is not UTF-8 fails both ways; which problem is named first may differ.
        (Err(_), Err(_)) if std::str::from_utf8(data).is_err() => {}
        (Err(a), Err(b)) => assert!(
            same_kind(a, b),
            "the streamed decode fails the same way: whole {a:?}, streamed {b:?}"
        ),
        _ => panic!("the streamed decode disagrees: whole {whole:?}, streamed {streamed:?}"),
    }
    let first = match whole {
        Ok(details) => details,
        Err(error) => {
            assert!(
                !error.to_string().is_empty(),
                "a decode error must say something"
            );
            return;
        }
    };
    let wire = serde_json::to_vec(&to_wire(&first)).expect("a decoded value serializes");
    let second = decode_billing_details(&wire).unwrap_or_else(|error| {
        panic!(
            "re-encoded body must decode again: {error}\nbody: {}",
            String::from_utf8_lossy(&wire)
        )
    });
    assert_eq!(
        first,
        second,
        "decode(encode(decode(x))) must equal decode(x)\nbody: {}",
        String::from_utf8_lossy(&wire)
    );
}

/// Whether two decode errors are of one kind: the same variant, and the same field path for
/// a value of the wrong kind.
fn same_kind(a: &DecodeError, b: &DecodeError) -> bool {
    match (a, b) {
        (
            DecodeError::UnexpectedValue { path: pa, .. },
            DecodeError::UnexpectedValue { path: pb, .. },
        ) => pa == pb,
        _ => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

/// The wire shape of the endpoint doc (camelCase, dates as text), written independently of
/// the model's own serde (which is the normalized shape for the UI, not the wire).
fn to_wire(details: &BillingDetails) -> Value {
    let date = |t: &Option<Timestamp>| t.as_ref().map(Timestamp::to_rfc3339);
    let invoices: Vec<Value> = details
        .invoices
        .iter()
        .map(|i| {
            json!({
                "id": i.id,
                "number": i.number,
                "status": i.status.as_ref().map(InvoiceStatus::as_str),
                "currency": i.currency.as_ref().map(Currency::as_str),
                "total": i.total,
                "amountDue": i.amount_due,
                "amountPaid": i.amount_paid,
                "amountRemaining": i.amount_remaining,
                "createdAt": date(&i.created_at),
                "dueAt": date(&i.due_at),
                "periodStart": date(&i.period_start),
                "periodEnd": date(&i.period_end),
                "hostedInvoiceUrl": i.hosted_invoice_url,
                "invoicePdf": i.invoice_pdf,
            })
        })
        .collect();
    let methods: Vec<Value> = details
        .payment_methods
        .iter()
        .map(|m| {
            json!({
                "id": m.id,
                "type": m.kind,
                "brand": m.brand,
                "last4": m.last4,
                "expMonth": m.exp_month,
                "expYear": m.exp_year,
                "isDefault": m.is_default,
                "billingName": m.billing_name,
                "billingEmail": m.billing_email,
                "createdAt": date(&m.created_at),
            })
        })
        .collect();
    let mut top = Map::new();
    top.insert("invoices".into(), Value::Array(invoices));
    top.insert("paymentMethods".into(), Value::Array(methods));
    Value::Object(top)
}

// ---------------------------------------------------------------------------------------
// (b) money: rendering and parsing agree for every exponent.

/// Currency codes covering each exponent (0, 2, 3), unknown codes, case and whitespace.
const CODES: [&str; 10] = [
    "usd", "jpy", "kwd", "BHD", " eur ", "xyz", "", "clp", "tnd", "ugx",
];

#[derive(Debug, Arbitrary)]
struct MoneyInput {
    minor: i64,
    wide: i128,
    code: u8,
    own_code: Option<String>,
    text: String,
}

/// `parse_major(format_major(x)) == x` for every `i64` and currency; `format_major_wide`
/// agrees with `format_major` on `i64` and has the documented shape for every `i128`; any
/// text `parse_major` accepts renders back to the same amount.
pub fn money(data: &[u8]) {
    let Ok(input) = MoneyInput::arbitrary(&mut Unstructured::new(data)) else {
        return;
    };
    let code = input
        .own_code
        .clone()
        .unwrap_or_else(|| CODES[usize::from(input.code) % CODES.len()].to_owned());
    let currency = Currency::new(&code);
    let exponent = currency.exponent();
    assert!(
        matches!(exponent, 0 | 2 | 3),
        "exponent {exponent} of {code:?}"
    );

    let text = format_major(input.minor, &currency);
    assert_shape(&text, exponent, input.minor < 0);
    assert_eq!(
        parse_major(&text, &currency),
        Ok(input.minor),
        "{text:?} ({code:?}) must parse back to {}",
        input.minor
    );
    assert_eq!(
        format_major_wide(i128::from(input.minor), &currency),
        text,
        "wide and narrow renderings of {} must agree",
        input.minor
    );

    let wide = format_major_wide(input.wide, &currency);
    assert_shape(&wide, exponent, input.wide < 0);
    let digits: String = wide.chars().filter(char::is_ascii_digit).collect();
    assert_eq!(
        digits.parse::<u128>().ok(),
        Some(input.wide.unsigned_abs()),
        "{wide:?} must hold the digits of {}",
        input.wide
    );

    if let Ok(value) = parse_major(&input.text, &currency) {
        let again = format_major(value, &currency);
        assert_eq!(
            parse_major(&again, &currency),
            Ok(value),
            "{:?} parsed to {value}, which renders as {again:?}",
            input.text
        );
        let typed: String = input.text.trim().chars().filter(|c| *c != '+').collect();
        assert_eq!(
            decimal_value(&typed, exponent),
            decimal_value(&again, exponent),
            "{:?} and {again:?} must be the same amount",
            input.text
        );
    }
}

/// Optional `-`, a whole part without leading zeros, then exactly `exponent` decimals.
fn assert_shape(text: &str, exponent: u32, negative: bool) {
    let unsigned = match text.strip_prefix('-') {
        Some(rest) => {
            assert!(
                negative,
                "{text:?} has a minus but the amount is not negative"
            );
            rest
        }
        None => {
            assert!(!negative, "{text:?} lacks the minus of a negative amount");
            text
        }
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    assert!(
        !whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit()),
        "{text:?}: whole part must be digits"
    );
    assert!(
        whole == "0" || !whole.starts_with('0'),
        "{text:?}: no leading zeros"
    );
    assert_eq!(
        fraction.len(),
        exponent as usize,
        "{text:?} must have {exponent} decimals"
    );
    assert_eq!(
        unsigned.contains('.'),
        exponent > 0,
        "{text:?}: a point exactly when there are decimals"
    );
}

/// A decimal's value as (negative, digits without leading zeros), scaled to `exponent`
/// decimals; `None` when it is not a plain decimal. Independent of `money`.
fn decimal_value(text: &str, exponent: u32) -> Option<(bool, String)> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let mut digits = whole.to_owned();
    digits.push_str(fraction);
    for _ in fraction.len()..exponent as usize {
        digits.push('0');
    }
    let trimmed = digits.trim_start_matches('0');
    let magnitude = if trimmed.is_empty() { "0" } else { trimmed };
    Some((negative && magnitude != "0", magnitude.to_owned()))
}

// ---------------------------------------------------------------------------------------
// Arbitrary invoices and payment methods for the export targets.

#[derive(Debug, Arbitrary)]
enum ArbTime {
    /// Seconds and nanoseconds from the epoch, folded into chrono's range.
    Instant(i64, u32),
    /// Text as a server might send it.
    Text(String),
    /// A common shape with arbitrary digits.
    Shaped(u16, u8, u8, u8, u8, u8),
}

impl ArbTime {
    fn timestamp(&self) -> Timestamp {
        match self {
            ArbTime::Instant(secs, nanos) => {
                // Years -9999..=9999 or so: chrono's range is larger, Excel's much smaller.
                let secs = secs.rem_euclid(630_000_000_000) - 315_000_000_000;
                DateTime::from_timestamp(secs, nanos % 1_000_000_000)
                    .map_or_else(|| Timestamp::parse("bad"), Timestamp::Valid)
            }
            ArbTime::Text(text) => Timestamp::parse(text),
            ArbTime::Shaped(y, mo, d, h, mi, s) => Timestamp::parse(&format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                y % 10_000,
                mo % 13,
                d % 32,
                h % 25,
                mi % 61,
                s % 62
            )),
        }
    }
}

#[derive(Debug, Arbitrary)]
struct ArbInvoice {
    org: u8,
    id: Option<String>,
    number: Option<String>,
    status: Option<String>,
    currency: Option<u8>,
    own_currency: Option<String>,
    total: Option<i64>,
    amount_due: Option<i64>,
    amount_paid: Option<i64>,
    amount_remaining: Option<i64>,
    created_at: Option<ArbTime>,
    due_at: Option<ArbTime>,
    period_start: Option<ArbTime>,
    period_end: Option<ArbTime>,
    hosted_invoice_url: Option<String>,
    invoice_pdf: Option<String>,
}

impl ArbInvoice {
    fn invoice(&self) -> Invoice {
        let currency = match (&self.own_currency, self.currency) {
            (Some(own), _) => Some(Currency::new(own)),
            (None, Some(pick)) => Some(Currency::new(CODES[usize::from(pick) % CODES.len()])),
            (None, None) => None,
        };
        let time = |t: &Option<ArbTime>| t.as_ref().map(ArbTime::timestamp);
        Invoice {
            id: self.id.clone(),
            number: self.number.clone(),
            status: self.status.as_deref().map(InvoiceStatus::parse),
            currency,
            total: self.total,
            amount_due: self.amount_due,
            amount_paid: self.amount_paid,
            amount_remaining: self.amount_remaining,
            created_at: time(&self.created_at),
            due_at: time(&self.due_at),
            period_start: time(&self.period_start),
            period_end: time(&self.period_end),
            hosted_invoice_url: self.hosted_invoice_url.clone(),
            invoice_pdf: self.invoice_pdf.clone(),
        }
    }
}

#[derive(Debug, Arbitrary)]
struct ArbMethod {
    org: u8,
    id: Option<String>,
    kind: Option<String>,
    brand: Option<String>,
    last4: Option<String>,
    exp_month: Option<i64>,
    exp_year: Option<i64>,
    is_default: Option<bool>,
    billing_name: Option<String>,
    billing_email: Option<String>,
    created_at: Option<ArbTime>,
}

impl ArbMethod {
    fn method(&self) -> PaymentMethod {
        PaymentMethod {
            id: self.id.clone(),
            kind: self.kind.clone(),
            brand: self.brand.clone(),
            last4: self.last4.clone(),
            exp_month: self.exp_month,
            exp_year: self.exp_year,
            is_default: self.is_default,
            billing_name: self.billing_name.clone(),
            billing_email: self.billing_email.clone(),
            created_at: self.created_at.as_ref().map(ArbTime::timestamp),
        }
    }
}

#[derive(Debug, Arbitrary)]
struct ExportInput {
    orgs: Vec<String>,
    invoices: Vec<ArbInvoice>,
    methods: Vec<ArbMethod>,
    now: (i64, u32),
    org_column_always: bool,
    bom: bool,
}

/// What the export targets write: organizations, rows and the moment of the export.
#[derive(Debug, Clone)]
pub struct ExportCase {
    /// The organizations of the export (the `org` column appears when several).
    pub orgs: Vec<OrgId>,
    /// Invoice rows.
    pub invoices: Vec<(OrgId, Invoice)>,
    /// Payment-method rows.
    pub methods: Vec<(OrgId, PaymentMethod)>,
    /// The moment of the export.
    pub now: DateTime<Utc>,
    /// The `org` column policy.
    pub org_column: OrgColumn,
    /// CSV byte-order mark.
    pub bom: bool,
}

impl ExportCase {
    fn from_bytes(data: &[u8]) -> Option<ExportCase> {
        let input = ExportInput::arbitrary(&mut Unstructured::new(data)).ok()?;
        let mut orgs: Vec<OrgId> = input
            .orgs
            .iter()
            .filter_map(|text| OrgId::parse(text).ok())
            .collect();
        if orgs.is_empty() {
            orgs.push(OrgId::parse("org").ok()?);
        }
        let pick = |index: u8| orgs[usize::from(index) % orgs.len()].clone();
        let invoices = input
            .invoices
            .iter()
            .map(|i| (pick(i.org), i.invoice()))
            .collect();
        let methods = input
            .methods
            .iter()
            .map(|m| (pick(m.org), m.method()))
            .collect();
        // Around 1970-2100.
        let now = DateTime::from_timestamp(
            input.now.0.rem_euclid(4_102_444_800),
            input.now.1 % 1_000_000_000,
        )?;
        Some(ExportCase {
            orgs,
            invoices,
            methods,
            now,
            org_column: if input.org_column_always {
                OrgColumn::Always
            } else {
                OrgColumn::WhenSeveral
            },
            bom: input.bom,
        })
    }

    fn context(&self) -> ExportContext<'_> {
        ExportContext::new(&self.orgs, self.now).with_org_column(self.org_column)
    }
}

/// A cell as the exports should hold it, computed from the model without the export code.
#[derive(Debug, Clone, PartialEq)]
enum Expected {
    Empty,
    Text(String),
    Link(String),
    Amount { minor: i64, currency: Currency },
    Date(DateTime<Utc>),
    Integer(i64),
    Flag(bool),
    Bucket(AgingBucket),
    Card(CardState),
}

fn text_cell(value: Option<&str>) -> Expected {
    value.map_or(Expected::Empty, |t| Expected::Text(t.to_owned()))
}

fn date_cell(value: Option<&Timestamp>) -> Expected {
    match value {
        None => Expected::Empty,
        Some(Timestamp::Valid(instant)) => Expected::Date(*instant),
        Some(Timestamp::Invalid(raw)) => Expected::Text(raw.clone()),
    }
}

fn expected_invoice(
    column: InvoiceField,
    org: &OrgId,
    i: &Invoice,
    now: DateTime<Utc>,
) -> Expected {
    // An invoice without a currency renders with two decimals, like an unknown code.
    let currency = i.currency.clone().unwrap_or_else(|| Currency::new(""));
    let amount = |minor: Option<i64>| {
        minor.map_or(Expected::Empty, |minor| Expected::Amount {
            minor,
            currency: currency.clone(),
        })
    };
    let link = |value: &Option<String>| {
        value
            .as_ref()
            .map_or(Expected::Empty, |l| Expected::Link(l.clone()))
    };
    match column {
        InvoiceField::Org => Expected::Text(org.as_str().to_owned()),
        InvoiceField::Number => text_cell(i.number.as_deref()),
        InvoiceField::Id => text_cell(i.id.as_deref()),
        InvoiceField::Status => text_cell(i.status.as_ref().map(InvoiceStatus::as_str)),
        InvoiceField::Currency => text_cell(i.currency.as_ref().map(Currency::as_str)),
        InvoiceField::Total => amount(i.total),
        InvoiceField::AmountDue => amount(i.amount_due),
        InvoiceField::AmountPaid => amount(i.amount_paid),
        InvoiceField::AmountRemaining => amount(i.amount_remaining),
        InvoiceField::CreatedAt => date_cell(i.created_at.as_ref()),
        InvoiceField::DueAt => date_cell(i.due_at.as_ref()),
        InvoiceField::PeriodStart => date_cell(i.period_start.as_ref()),
        InvoiceField::PeriodEnd => date_cell(i.period_end.as_ref()),
        InvoiceField::HostedInvoiceUrl => link(&i.hosted_invoice_url),
        InvoiceField::InvoicePdf => link(&i.invoice_pdf),
        InvoiceField::Overdue => Expected::Flag(i.is_overdue(now)),
        InvoiceField::DaysOverdue => i
            .days_overdue(now)
            .map_or(Expected::Empty, Expected::Integer),
        InvoiceField::AgingBucket => Expected::Bucket(i.aging_bucket(now, &AgingScale::default())),
    }
}

fn expected_method(
    column: MethodField,
    org: &OrgId,
    m: &PaymentMethod,
    now: DateTime<Utc>,
) -> Expected {
    match column {
        MethodField::Org => Expected::Text(org.as_str().to_owned()),
        MethodField::Id => text_cell(m.id.as_deref()),
        MethodField::Type => text_cell(m.kind.as_deref()),
        MethodField::Brand => text_cell(m.brand.as_deref()),
        MethodField::Last4 => text_cell(m.last4.as_deref()),
        MethodField::ExpMonth => m.exp_month.map_or(Expected::Empty, Expected::Integer),
        MethodField::ExpYear => m.exp_year.map_or(Expected::Empty, Expected::Integer),
        MethodField::IsDefault => m.is_default.map_or(Expected::Empty, Expected::Flag),
        MethodField::BillingName => text_cell(m.billing_name.as_deref()),
        MethodField::BillingEmail => text_cell(m.billing_email.as_deref()),
        MethodField::CreatedAt => date_cell(m.created_at.as_ref()),
        MethodField::CardState => Expected::Card(m.card_state(now)),
    }
}

/// The serde name of a value (`days1To30`, `expiringSoon`), as CSV writes identifiers.
fn serde_name<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------
// (c) CSV: write, read back with the csv crate, compare field by field.

/// The CSV text of an expected cell: formula neutralizing is the only change to text.
fn csv_text(expected: &Expected) -> String {
    match expected {
        Expected::Empty => String::new(),
        Expected::Text(text) | Expected::Link(text) => neutralize(text).into_owned(),
        Expected::Amount { minor, currency } => format_major(*minor, currency),
        Expected::Date(instant) => Timestamp::Valid(*instant).to_rfc3339(),
        Expected::Integer(value) => value.to_string(),
        Expected::Flag(value) => value.to_string(),
        Expected::Bucket(bucket) => AgingScale::default().id(*bucket).to_owned(),
        Expected::Card(state) => serde_name(state),
    }
}

fn read_csv(bytes: &[u8], bom: bool) -> Vec<Vec<String>> {
    let body = match bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()) {
        Some(rest) => {
            assert!(bom, "a byte-order mark only when asked for");
            rest
        }
        None => {
            assert!(!bom, "the byte-order mark was asked for");
            bytes
        }
    };
    assert!(body.ends_with(b"\r\n"), "every record ends with CRLF");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body);
    reader
        .records()
        .map(|record| {
            record
                .expect("the csv crate reads what the writer wrote")
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

/// Invoices and payment methods written as CSV and read back with the `csv` crate hold
/// exactly the model's values, text changed only by formula neutralizing.
pub fn csv_export(data: &[u8]) {
    if let Some(case) = ExportCase::from_bytes(data) {
        csv_case(&case);
    }
}

/// [`csv_export`]'s property for one export.
pub fn csv_case(case: &ExportCase) {
    let ctx = case.context();
    let options = CsvOptions {
        bom: case.bom,
        ..CsvOptions::default()
    };

    let mut out = Vec::new();
    let written = write_invoices_csv(&mut out, &ctx, &case.invoices, options)
        .expect("writing to memory works");
    assert_eq!(written as usize, case.invoices.len(), "one record per row");
    let records = read_csv(&out, case.bom);
    let columns = InvoiceField::for_export(ctx.has_org_column());
    let header: Vec<&str> = columns.iter().map(|c| c.name()).collect();
    assert_eq!(records[0], header, "the header names the invoice columns");
    assert_eq!(
        records.len(),
        case.invoices.len() + 1,
        "header plus one record per invoice"
    );
    for ((org, invoice), record) in case.invoices.iter().zip(&records[1..]) {
        for (&column, field) in columns.iter().zip(record) {
            let expected = csv_text(&expected_invoice(column, org, invoice, case.now));
            assert_eq!(
                field,
                &expected,
                "invoice column {} changed in CSV: {invoice:?}",
                column.name()
            );
        }
        assert_eq!(record.len(), columns.len(), "every record has every column");
    }

    let mut out = Vec::new();
    write_payment_methods_csv(&mut out, &ctx, &case.methods, options)
        .expect("writing to memory works");
    let records = read_csv(&out, case.bom);
    let columns = MethodField::for_export(ctx.has_org_column());
    let header: Vec<&str> = columns.iter().map(|c| c.name()).collect();
    assert_eq!(records[0], header, "the header names the method columns");
    assert_eq!(records.len(), case.methods.len() + 1);
    for ((org, method), record) in case.methods.iter().zip(&records[1..]) {
        assert_eq!(record.len(), columns.len(), "every record has every column");
        for (&column, field) in columns.iter().zip(record) {
            let expected = csv_text(&expected_method(column, org, method, case.now));
            assert_eq!(
                field,
                &expected,
                "method column {} changed in CSV: {method:?}",
                column.name()
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// (d) XLSX: write, read back with calamine, compare; no cell is a formula.

/// What calamine should read for an expected cell.
fn check_xlsx_cell(expected: &Expected, found: &calamine::Data, what: &str) {
    use calamine::Data;
    let text_ok = |text: &str| match found {
        Data::String(s) => s == text,
        Data::Empty => text.is_empty(),
        _ => false,
    };
    let ok = match expected {
        Expected::Empty => matches!(found, Data::Empty),
        // The one documented change XLSX makes to text (billing_core::export::xlsx_text).
        Expected::Text(text) | Expected::Link(text) => text_ok(&xlsx_cell_text(text)),
        Expected::Amount { minor, currency } => {
            let value = *minor as f64 / 10f64.powi(currency.exponent() as i32);
            matches!(found, Data::Float(f) if *f == value)
        }
        Expected::Date(instant) => match found {
            Data::DateTime(excel) => excel.as_datetime().is_some_and(|read| {
                (read - without_leap_second(*instant).naive_utc())
                    .num_microseconds()
                    .map(i64::abs)
                    < Some(1_000)
            }),
            // Excel has no dates before 1900 or after 9999: those stay RFC 3339 text.
            Data::String(s) => {
                *s == Timestamp::Valid(*instant).to_rfc3339()
                    && !(1900..=9999).contains(&chrono::Datelike::year(instant))
            }
            _ => false,
        },
        Expected::Integer(value) => matches!(found, Data::Float(f) if *f == *value as f64),
        Expected::Flag(value) => matches!(found, Data::Bool(b) if b == value),
        Expected::Bucket(bucket) => text_ok(AgingScale::default().label(*bucket)),
        Expected::Card(state) => text_ok(match state {
            CardState::Valid => "Valid",
            CardState::ExpiringSoon => "Expiring soon",
            CardState::Expired => "Expired",
            CardState::Unknown => "Unknown",
        }),
    };
    assert!(ok, "{what}: expected {expected:?}, calamine read {found:?}");
}

/// Excel has no leap seconds: `23:59:60` can only be the next whole second, `00:00:00`.
/// chrono keeps a leap second as nanoseconds past one billion.
fn without_leap_second(instant: DateTime<Utc>) -> DateTime<Utc> {
    let nanos = chrono::Timelike::nanosecond(&instant);
    if nanos < 1_000_000_000 {
        return instant;
    }
    DateTime::from_timestamp(instant.timestamp() + 1, nanos - 1_000_000_000).unwrap_or(instant)
}

/// Invoices and payment methods written as XLSX and read back with calamine hold the
/// model's values (text unchanged, amounts and dates typed), and no cell is a formula.
pub fn xlsx_export(data: &[u8]) {
    if let Some(case) = ExportCase::from_bytes(data) {
        xlsx_case(&case);
    }
}

/// [`xlsx_export`]'s property for one export.
pub fn xlsx_case(case: &ExportCase) {
    use calamine::{Data, Reader, Xlsx};
    // Past Excel's cell limit text is cut on purpose; the fuzzer's inputs stay far below.
    let ctx = case.context();
    let mut out = Vec::new();
    write_xlsx(&mut out, &ctx, &case.invoices, &case.methods, &[])
        .expect("writing a workbook to memory works");
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(out)).expect("calamine opens the workbook");

    for sheet in [INVOICES_SHEET, PAYMENT_METHODS_SHEET, TOTALS_SHEET] {
        let formulas = book.worksheet_formula(sheet).expect("the sheet exists");
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "no cell of {sheet} may be a formula"
        );
    }

    let range = book
        .worksheet_range(INVOICES_SHEET)
        .expect("invoices sheet");
    let columns = InvoiceField::for_export(ctx.has_org_column());
    let cell = |row: usize, col: usize| {
        range
            .get_value((row as u32, col as u32))
            .cloned()
            .unwrap_or(Data::Empty)
    };
    for (col, column) in columns.iter().enumerate() {
        assert_eq!(
            cell(0, col),
            Data::String(column.name().to_owned()),
            "header"
        );
    }
    for (index, (org, invoice)) in case.invoices.iter().enumerate() {
        for (col, &column) in columns.iter().enumerate() {
            let expected = expected_invoice(column, org, invoice, case.now);
            let what = format!("invoice row {} column {}", index + 1, column.name());
            check_xlsx_cell(&expected, &cell(index + 1, col), &what);
        }
    }

    let range = book
        .worksheet_range(PAYMENT_METHODS_SHEET)
        .expect("methods sheet");
    let columns = MethodField::for_export(ctx.has_org_column());
    let cell = |row: usize, col: usize| {
        range
            .get_value((row as u32, col as u32))
            .cloned()
            .unwrap_or(Data::Empty)
    };
    for (index, (org, method)) in case.methods.iter().enumerate() {
        for (col, &column) in columns.iter().enumerate() {
            let expected = expected_method(column, org, method, case.now);
            let what = format!("method row {} column {}", index + 1, column.name());
            check_xlsx_cell(&expected, &cell(index + 1, col), &what);
        }
    }
}

// ---------------------------------------------------------------------------------------
// (e) org_path: the organization ID is exactly one path segment.

/// Base URLs covering a bare host, a prefix, loopback http and a port.
const BASES: [&str; 4] = [
    "https://api.example.com",
    "https://api.example.com/prefix/v2/",
    "http://127.0.0.1:8787/api",
    "http://[::1]:9/",
];

#[derive(Debug, Arbitrary)]
struct PathInput {
    base: u8,
    own_base: Option<String>,
    org: String,
}

/// For any valid `OrgId` and base URL, the billing-details URL is the base's path, then
/// `v1/organizations/{id}/stripe/billing-details` with the ID as exactly one segment that
/// decodes back to it; no query, no fragment, the base's origin, and a serialization that
/// parses back to the same URL.
pub fn org_path(data: &[u8]) {
    let Ok(input) = PathInput::arbitrary(&mut Unstructured::new(data)) else {
        return;
    };
    let Ok(org) = OrgId::parse(&input.org) else {
        return;
    };
    let base_text = input
        .own_base
        .clone()
        .unwrap_or_else(|| BASES[usize::from(input.base) % BASES.len()].to_owned());
    let Ok(base) = validate_base_url(&base_text) else {
        return;
    };
    let url = billing_details_url(&base, &org);
    assert_eq!(url.origin(), base.origin(), "same origin as the base");
    assert_eq!(url.query(), None, "{org:?} must not start a query");
    assert_eq!(url.fragment(), None, "{org:?} must not start a fragment");
    let mut expected: Vec<String> = base
        .path()
        .trim_end_matches('/')
        .split('/')
        .skip(1)
        .map(str::to_owned)
        .collect();
    let prefix_len = expected.len();
    expected.extend(["v1", "organizations", "?", "stripe", "billing-details"].map(String::from));
    let segments: Vec<String> = url
        .path_segments()
        .expect("an http(s) URL has path segments")
        .map(str::to_owned)
        .collect();
    assert_eq!(
        segments.len(),
        expected.len(),
        "{org:?} under {base} must add exactly one segment: {segments:?}"
    );
    for (index, (found, wanted)) in segments.iter().zip(&expected).enumerate() {
        if index != prefix_len + 2 {
            assert_eq!(found, wanted, "segment {index} of {url}");
        }
    }
    let decoded = percent_encoding::percent_decode_str(&segments[prefix_len + 2])
        .decode_utf8()
        .expect("the segment is UTF-8");
    assert_eq!(decoded, org.as_str(), "the segment decodes back to the ID");
    let reparsed = url::Url::parse(url.as_str()).expect("the URL parses again");
    assert_eq!(reparsed, url, "the URL's text means the same URL");
}

// ---------------------------------------------------------------------------------------
// (f) external_link: only https, or http on loopback, is ever accepted.

fn loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.octets()[0] == 127,
        Some(url::Host::Ipv6(ip)) => ip == std::net::Ipv6Addr::LOCALHOST,
        None => false,
    }
}

/// Whatever `validate_external_link` (and `validate_base_url`) accepts is https, or http on
/// a loopback host, with a host and no user name or password; its text parses back to the
/// same URL, so what is opened is what was checked.
pub fn external_link(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for (what, accepted) in [
        ("link", validate_external_link(&text)),
        ("base URL", validate_base_url(&text)),
    ] {
        let Ok(url) = accepted else {
            continue;
        };
        match url.scheme() {
            "https" => {}
            "http" => assert!(loopback(&url), "{what} {url}: plain http off loopback"),
            other => panic!("{what} {url}: scheme {other:?} accepted"),
        }
        assert!(
            url.username().is_empty() && url.password().is_none(),
            "{what} {url}: credentials accepted"
        );
        assert!(
            url.host_str().is_some_and(|h| !h.is_empty()),
            "{what} {url}: no host"
        );
        let again = url::Url::parse(url.as_str()).expect("an accepted URL's text parses");
        assert_eq!(again, url, "{what}: the text means the same URL");
        let lowered = url.as_str().to_ascii_lowercase();
        for refused in ["javascript:", "data:", "file:", "vbscript:"] {
            assert!(!lowered.starts_with(refused), "{what} {url} accepted");
        }
    }
    if let Ok(base) = validate_base_url(&text) {
        assert!(base.query().is_none() && base.fragment().is_none());
        assert!(base.path().ends_with('/'), "a base ends with one slash");
    }
}

// ---------------------------------------------------------------------------------------
// settings: the settings file decoder never panics (its error messages slice the text by the
// parser's byte spans), and what it accepts is written back and read back unchanged.

pub fn settings(data: &[u8]) {
    let Ok(first) = billing_core::settings::parse_settings(data) else {
        return;
    };
    let text = billing_core::settings::settings_file_text(&first)
        .expect("accepted settings validate and encode");
    let second = billing_core::settings::parse_settings(text.as_bytes())
        .unwrap_or_else(|reason| panic!("written settings must read back: {reason}\n{text}"));
    assert_eq!(
        first, second,
        "parse(write(parse(x))) must equal parse(x)\n{text}"
    );
}
