//! Money as integer minor units plus a currency; never a float.
//!
//! The API sends amounts in the currency's minor unit (cents for USD, yen for JPY, fils for
//! KWD) and currency codes in lowercase. [`Currency`] keeps the code in uppercase, and
//! [`Currency::exponent`] says how many of the minor unit's digits are decimals.
//!
//! # Why a table and not an ISO 4217 crate
//! The amounts come from Stripe, whose notion of a currency's minor unit is what the integers
//! mean. It differs from the ISO 4217 table for a few codes (ISO gives ISK and UGX other
//! exponents, and IQD, LYD, CLF others again), so an ISO crate such as `iso_currency` would
//! render some amounts wrong by a factor of ten or more. [`ZERO_DECIMAL`] and [`THREE_DECIMAL`]
//! are the lists this product agreed on; every other code, known or not, has two
//! decimals.

mod major;

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;
use ts_rs::TS;

pub use major::MajorAmount;

/// Currencies whose amounts have no decimals: the integer is already in major units.
pub const ZERO_DECIMAL: [&str; 16] = [
    "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV",
    "XAF", "XOF", "XPF",
];

/// Currencies whose amounts have three decimals (1 KWD = 1000 fils).
pub const THREE_DECIMAL: [&str; 5] = ["BHD", "JOD", "KWD", "OMR", "TND"];

/// A currency code, held in uppercase.
///
/// Any code is accepted and kept, including ones this table does not know (they render with
/// two decimals), so a new currency never makes a fetch fail. Surrounding whitespace is
/// dropped; only ASCII letters change case. Serialized as the uppercase string. Ordered by
/// the code's text.
///
/// Codes of up to [`INLINE_CODE_BYTES`] bytes (every real one) are stored inline: decoding
/// 100k invoices then allocates nothing for currencies, and comparing two currencies (as the
/// per-currency totals do for every row) is a fixed-size comparison.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(from = "String", into = "String")]
#[ts(export, type = "string")]
pub struct Currency(Code);

/// Longest code stored without a heap allocation.
pub const INLINE_CODE_BYTES: usize = 15;

/// Invariant: `Inline` exactly when the code has at most `INLINE_CODE_BYTES` bytes, with the
/// unused bytes zero, so the derived equality and hash compare codes.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Code {
    Inline {
        len: u8,
        bytes: [u8; INLINE_CODE_BYTES],
    },
    Heap(Box<str>),
}

impl Currency {
    /// Normalizes a code as sent by the API (`"usd"` becomes `USD`).
    pub fn new(code: &str) -> Currency {
        let code = code.trim();
        if code.len() <= INLINE_CODE_BYTES {
            let mut bytes = [0u8; INLINE_CODE_BYTES];
            bytes[..code.len()].copy_from_slice(code.as_bytes());
            bytes.make_ascii_uppercase();
            // Fits: at most INLINE_CODE_BYTES.
            let len = code.len() as u8;
            Currency(Code::Inline { len, bytes })
        } else {
            Currency(Code::Heap(code.to_ascii_uppercase().into_boxed_str()))
        }
    }

    /// The uppercase code.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // The bytes are a whole `&str` with ASCII letters uppercased, so still UTF-8.
            Code::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            Code::Heap(code) => code,
        }
    }

    /// Number of decimal digits in the minor unit: 0, 3 or 2 (see the module docs).
    pub fn exponent(&self) -> u32 {
        let code = self.as_str();
        if ZERO_DECIMAL.contains(&code) {
            0
        } else if THREE_DECIMAL.contains(&code) {
            3
        } else {
            2
        }
    }
}

impl PartialOrd for Currency {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Currency {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Currency").field(&self.as_str()).finish()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<String> for Currency {
    fn from(value: String) -> Self {
        Currency::new(&value)
    }
}

impl From<&str> for Currency {
    fn from(value: &str) -> Self {
        Currency::new(value)
    }
}

impl From<Currency> for String {
    fn from(value: Currency) -> Self {
        value.as_str().to_owned()
    }
}

/// An amount: integer minor units of a currency.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Money {
    /// Amount in minor units (cents, yen, fils). JSON number; exact in JavaScript up to 2^53.
    #[ts(type = "number")]
    pub minor: i64,
    /// The currency the amount is in.
    pub currency: Currency,
}

impl Money {
    /// Pairs an amount in minor units with its currency.
    pub fn new(minor: i64, currency: Currency) -> Money {
        Money { minor, currency }
    }

    /// The plain decimal in major units, as [`format_major`] gives it (`"129.00"`).
    pub fn format_major(&self) -> String {
        format_major(self.minor, &self.currency)
    }
}

/// Shows the code and the decimal: `USD 129.00`, `JPY 1500`, `KWD -1.234`.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.currency, self.format_major())
    }
}

/// Renders `minor` as a plain decimal in major units: no grouping, no symbol, `.` as the
/// decimal separator, a leading `-` when negative, exactly [`Currency::exponent`] decimals.
///
/// USD 12900 gives `"129.00"`, JPY 1500 gives `"1500"`, KWD 1234 gives `"1.234"`, USD -5 gives
/// `"-0.05"`. This is the form exports use, so spreadsheets read it as an exact number. Works
/// for every `i64` including `i64::MIN` (integer arithmetic on the magnitude, never floats).
pub fn format_major(minor: i64, currency: &Currency) -> String {
    format_major_wide(i128::from(minor), currency)
}

/// Decimal places of an amount whose invoice has `currency`: its exponent, or two when the
/// invoice has no currency (the default for any code the money tables do not name).
pub fn exponent_of(currency: Option<&Currency>) -> u32 {
    currency.map_or(2, Currency::exponent)
}

/// [`format_major`] of an invoice's amount whose currency may be missing: then with two
/// decimals, as the exports write it (`500` minor units are `5.00`).
pub fn format_amount(minor: i64, currency: Option<&Currency>) -> String {
    format_with_exponent(i128::from(minor), exponent_of(currency))
}

/// [`format_major`] for sums, which are `i128` so that adding up many `i64` amounts never
/// overflows (see [`crate::query`]). Same output rules; works for every `i128`.
pub fn format_major_wide(minor: i128, currency: &Currency) -> String {
    format_with_exponent(minor, currency.exponent())
}

fn format_with_exponent(minor: i128, exponent: u32) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let magnitude = minor.unsigned_abs();
    if exponent == 0 {
        return format!("{sign}{magnitude}");
    }
    let scale = 10u128.pow(exponent);
    let whole = magnitude / scale;
    let fraction = magnitude % scale;
    let width = exponent as usize;
    format!("{sign}{whole}.{fraction:0width$}")
}

/// Why a typed amount could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MoneyError {
    /// Not a plain decimal such as `129.00` or `-5`.
    #[error("\"{0}\" is not an amount. Write it like 129.00 (digits, one optional point).")]
    NotAnAmount(String),
    /// More decimals than the currency has.
    #[error("{currency} amounts have at most {max} decimals; \"{text}\" has more.")]
    TooManyDecimals {
        /// What was typed.
        text: String,
        /// The currency.
        currency: Currency,
        /// Its exponent.
        max: u32,
    },
    /// Does not fit in the range of amounts this app handles.
    #[error("\"{0}\" is too large an amount.")]
    TooLarge(String),
    /// More decimals than any amount filter needs (see [`MajorAmount`]).
    #[error("\"{text}\" has more than {max} decimals.")]
    TooPrecise {
        /// What was typed.
        text: String,
        /// The most decimals accepted.
        max: u32,
    },
}

/// A plain decimal split into its parts: whether it is negative, the digits before the point
/// and the digits after it. `None` unless the text (trimmed) is an optional sign, digits, and
/// at most one point with digits on at least one side of it.
fn split_decimal(text: &str) -> Option<(bool, &str, &str)> {
    let trimmed = text.trim();
    let (negative, unsigned) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, trimmed.strip_prefix('+').unwrap_or(trimmed)),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits_only(whole) || !digits_only(fraction) {
        return None;
    }
    Some((negative, whole, fraction))
}

/// Reads a plain decimal in major units (`"129.00"`, `"-0.5"`, `"1500"`) into minor units of
/// `currency`: the inverse of [`format_major`], used for typed amount filters.
///
/// # Errors
/// [`MoneyError`] when the text is not a decimal, has more decimals than the currency, or
/// overflows `i64`.
pub fn parse_major(text: &str, currency: &Currency) -> Result<i64, MoneyError> {
    let (negative, whole, fraction) =
        split_decimal(text).ok_or_else(|| MoneyError::NotAnAmount(text.to_owned()))?;
    let exponent = currency.exponent();
    if fraction.len() > exponent as usize {
        return Err(MoneyError::TooManyDecimals {
            text: text.to_owned(),
            currency: currency.clone(),
            max: exponent,
        });
    }
    let too_large = || MoneyError::TooLarge(text.to_owned());
    // Accumulate as a negative number so i64::MIN is reachable, then flip for positives.
    let mut value: i64 = 0;
    let padded = fraction.len()..exponent as usize;
    for digit in whole
        .bytes()
        .chain(fraction.bytes())
        .chain(padded.map(|_| b'0'))
    {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_sub(i64::from(digit - b'0')))
            .ok_or_else(too_large)?;
    }
    if negative {
        Ok(value)
    } else {
        value.checked_neg().ok_or_else(too_large)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn c(code: &str) -> Currency {
        Currency::new(code)
    }

    #[test]
    fn codes_are_uppercased_and_kept_when_unknown() {
        assert_eq!(c("usd").as_str(), "USD");
        assert_eq!(c(" jpy ").as_str(), "JPY", "whitespace is dropped");
        assert_eq!(c("xyz").as_str(), "XYZ", "unknown codes are kept");
        assert_eq!(
            c("xyz").exponent(),
            2,
            "unknown codes default to two decimals"
        );
    }

    #[test]
    fn exponent_table_matches_the_agreed_lists() {
        for code in ZERO_DECIMAL {
            assert_eq!(
                c(&code.to_lowercase()).exponent(),
                0,
                "{code} has no decimals"
            );
        }
        for code in THREE_DECIMAL {
            assert_eq!(c(&code.to_lowercase()).exponent(), 3, "{code} has three");
        }
        for code in ["USD", "EUR", "GBP", "ISK", "IQD", "CHF"] {
            assert_eq!(c(code).exponent(), 2, "{code} is not on either list");
        }
    }

    #[test]
    fn format_major_examples() {
        assert_eq!(format_major(12900, &c("usd")), "129.00");
        assert_eq!(format_major(1500, &c("jpy")), "1500");
        assert_eq!(format_major(1234, &c("kwd")), "1.234");
        assert_eq!(format_major(-5, &c("usd")), "-0.05");
        assert_eq!(format_major(0, &c("usd")), "0.00");
        assert_eq!(format_major(-7, &c("kwd")), "-0.007");
        assert_eq!(format_major(-1500, &c("jpy")), "-1500");
    }

    #[test]
    fn format_major_handles_the_extremes() {
        assert_eq!(format_major(i64::MIN, &c("usd")), "-92233720368547758.08");
        assert_eq!(format_major(i64::MAX, &c("usd")), "92233720368547758.07");
        assert_eq!(format_major(i64::MIN, &c("jpy")), "-9223372036854775808");
        assert_eq!(format_major(i64::MIN, &c("kwd")), "-9223372036854775.808");
        assert_eq!(
            format_major_wide(i128::MIN, &c("usd")),
            "-1701411834604692317316873037158841057.28"
        );
        assert_eq!(
            format_major_wide(i128::from(i64::MAX) * 3, &c("jpy")),
            "27670116110564327421"
        );
    }

    #[test]
    fn display_includes_the_code() {
        assert_eq!(Money::new(12900, c("usd")).to_string(), "USD 129.00");
        assert_eq!(Money::new(-5, c("eur")).to_string(), "EUR -0.05");
    }

    #[test]
    fn parse_major_inverts_format_major() {
        assert_eq!(parse_major("129.00", &c("usd")), Ok(12900));
        assert_eq!(parse_major("129", &c("usd")), Ok(12900));
        assert_eq!(parse_major("129.5", &c("usd")), Ok(12950));
        assert_eq!(parse_major("-0.05", &c("usd")), Ok(-5));
        assert_eq!(parse_major(".5", &c("usd")), Ok(50));
        assert_eq!(parse_major("1500", &c("jpy")), Ok(1500));
        assert_eq!(parse_major("1.234", &c("kwd")), Ok(1234));
        assert_eq!(
            parse_major("-92233720368547758.08", &c("usd")),
            Ok(i64::MIN)
        );
        assert_eq!(
            parse_major("92233720368547758.08", &c("usd")),
            Err(MoneyError::TooLarge("92233720368547758.08".into()))
        );
        assert!(matches!(
            parse_major("1.5", &c("jpy")),
            Err(MoneyError::TooManyDecimals { max: 0, .. })
        ));
        for junk in ["", "-", ".", "1,00", "1e3", "abc", "1.2.3", "--1"] {
            assert_eq!(
                parse_major(junk, &c("usd")),
                Err(MoneyError::NotAnAmount(junk.into())),
                "{junk:?} is not a decimal"
            );
        }
    }

    #[test]
    fn serde_shapes() {
        let money = Money::new(12900, c("usd"));
        let json = serde_json::to_string(&money).unwrap();
        assert_eq!(json, r#"{"minor":12900,"currency":"USD"}"#);
        let back: Money = serde_json::from_str(r#"{"minor":1,"currency":"eur"}"#).unwrap();
        assert_eq!(
            back.currency.as_str(),
            "EUR",
            "deserialization normalizes the code"
        );
    }
}
