//! Text forms of amounts and dates for CSV, appended to a reusable buffer.

use std::sync::LazyLock;

use chrono::{DateTime, Datelike, Timelike, Utc};

use crate::dates::Timestamp;
use crate::money::{Currency, format_major};

/// Stands in for a missing currency: a code on neither exponent list, so amounts get two
/// decimals, the default for any currency the tables do not name.
static NO_CURRENCY: LazyLock<Currency> = LazyLock::new(|| Currency::new(""));

/// The currency to format an amount with: its own, or two decimals when it has none.
pub(crate) fn currency_or_default(currency: Option<&Currency>) -> &Currency {
    currency.unwrap_or(&NO_CURRENCY)
}

/// Appends an amount in major units, exactly as [`format_major`] renders it.
pub(crate) fn push_amount(out: &mut Vec<u8>, minor: i64, currency: Option<&Currency>) {
    out.extend_from_slice(format_major(minor, currency_or_default(currency)).as_bytes());
}

/// Appends `instant` in RFC 3339 UTC, the same text as [`Timestamp::to_rfc3339`]
/// (`2024-05-01T10:00:00Z`, fractional seconds only when present, in groups of 3, 6 or 9
/// digits).
///
/// Exports write four dates per invoice; chrono's formatter allocates and interprets a format
/// each time, which made it the largest cost of a 100k-row CSV. This writes the digits
/// directly and falls back to chrono for the rare cases it does not cover (years outside
/// 0000-9999, leap seconds). A test checks both agree.
pub(crate) fn push_date(out: &mut Vec<u8>, instant: DateTime<Utc>) {
    let year = instant.year();
    let nanos = instant.nanosecond();
    if !(0..=9999).contains(&year) || nanos >= 1_000_000_000 {
        out.extend_from_slice(Timestamp::Valid(instant).to_rfc3339().as_bytes());
        return;
    }
    let digits = push_digits;
    // `year` is in 0..=9999 here, so the conversion is lossless.
    digits(out, year.unsigned_abs(), 4);
    out.push(b'-');
    digits(out, instant.month(), 2);
    out.push(b'-');
    digits(out, instant.day(), 2);
    out.push(b'T');
    digits(out, instant.hour(), 2);
    out.push(b':');
    digits(out, instant.minute(), 2);
    out.push(b':');
    digits(out, instant.second(), 2);
    if nanos != 0 {
        out.push(b'.');
        if nanos.is_multiple_of(1_000_000) {
            digits(out, nanos / 1_000_000, 3);
        } else if nanos.is_multiple_of(1_000) {
            digits(out, nanos / 1_000, 6);
        } else {
            digits(out, nanos, 9);
        }
    }
    out.push(b'Z');
}

/// Appends the last `width` (at most 9) decimal digits of `value`, zero-padded.
fn push_digits(out: &mut Vec<u8>, value: u32, width: usize) {
    let mut buf = [b'0'; 9];
    let mut rest = value;
    for slot in buf[..width].iter_mut().rev() {
        *slot = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    out.extend_from_slice(&buf[..width]);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use chrono::TimeZone;

    fn date_text(instant: DateTime<Utc>) -> String {
        let mut out = Vec::new();
        push_date(&mut out, instant);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn dates_match_the_timestamp_rendering() {
        let base = Utc.with_ymd_and_hms(2024, 2, 29, 23, 59, 59).unwrap();
        let samples = [
            base,
            Utc.with_ymd_and_hms(1, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap(),
            Utc.with_ymd_and_hms(10000, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(-1, 1, 1, 0, 0, 0).unwrap(),
            base + chrono::Duration::milliseconds(250),
            base + chrono::Duration::microseconds(250),
            base + chrono::Duration::nanoseconds(1),
            base + chrono::Duration::nanoseconds(123_456_789),
            DateTime::<Utc>::UNIX_EPOCH,
        ];
        for instant in samples {
            assert_eq!(
                date_text(instant),
                Timestamp::Valid(instant).to_rfc3339(),
                "the fast path must agree with Timestamp::to_rfc3339 for {instant:?}"
            );
        }
        // A leap second, which chrono stores as nanoseconds past one billion.
        let leap = Timestamp::parse("2016-12-31T23:59:60Z");
        if let Some(instant) = leap.valid() {
            assert_eq!(date_text(instant), leap.to_rfc3339(), "leap second");
        }
    }

    #[test]
    fn amounts_use_the_currency_exponent_and_default_to_two() {
        let mut out = Vec::new();
        push_amount(&mut out, 12900, Some(&Currency::new("usd")));
        out.push(b' ');
        push_amount(&mut out, 1500, Some(&Currency::new("jpy")));
        out.push(b' ');
        push_amount(&mut out, 1234, Some(&Currency::new("kwd")));
        out.push(b' ');
        push_amount(&mut out, -500, None);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "129.00 1500 1.234 -5.00",
            "missing currency falls back to two decimals"
        );
    }
}
