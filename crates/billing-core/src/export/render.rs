//! Text forms of amounts, numbers and dates for CSV, appended to a reusable buffer.
//!
//! A 100k-row CSV renders 400k amounts and 400k dates; the general formatters allocate a
//! `String` for each, which made them most of the export's time. These write digits straight
//! into the output buffer and are tested to give exactly the text of the general ones
//! ([`format_major`], [`Timestamp::to_rfc3339`]).

use chrono::{DateTime, Datelike, Timelike, Utc};

use crate::dates::Timestamp;
#[cfg(test)]
use crate::money::format_major;

/// Appends an amount in major units with `exponent` decimals after `decimal_mark`: with
/// `b'.'` the same text as [`crate::money::format_major`] (`129.00`, `1500`, `1.234`,
/// `-0.05`), without allocating.
pub(crate) fn push_amount(out: &mut Vec<u8>, minor: i64, exponent: u32, decimal_mark: u8) {
    if minor < 0 {
        out.push(b'-');
    }
    let magnitude = minor.unsigned_abs();
    let Some(scale) = 10u64.checked_pow(exponent) else {
        // No currency has 20 decimals; render such a case like the general formatter would
        // rather than guess.
        out.extend_from_slice(magnitude.to_string().as_bytes());
        return;
    };
    push_u64(out, magnitude / scale);
    if exponent > 0 {
        out.push(decimal_mark);
        push_padded(out, magnitude % scale, exponent as usize);
    }
}

/// Appends a signed integer in decimal.
pub(crate) fn push_i64(out: &mut Vec<u8>, value: i64) {
    if value < 0 {
        out.push(b'-');
    }
    push_u64(out, value.unsigned_abs());
}

fn push_u64(out: &mut Vec<u8>, value: u64) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    let mut rest = value;
    loop {
        at -= 1;
        buf[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[at..]);
}

/// Appends the last `width` (at most 20) decimal digits of `value`, zero-padded.
fn push_padded(out: &mut Vec<u8>, value: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let width = width.min(buf.len());
    let mut rest = value;
    for slot in buf[..width].iter_mut().rev() {
        *slot = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    out.extend_from_slice(&buf[..width]);
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
    // Work on the naive UTC value: `DateTime` accessors re-apply the (zero) offset each call.
    let naive = instant.naive_utc();
    let (date, time) = (naive.date(), naive.time());
    let year = date.year();
    let nanos = time.nanosecond();
    if !(0..=9999).contains(&year) || nanos >= 1_000_000_000 {
        out.extend_from_slice(Timestamp::Valid(instant).to_rfc3339().as_bytes());
        return;
    }
    let seconds = time.num_seconds_from_midnight();
    let digits = push_digits;
    // `year` is in 0..=9999 here, so the conversion is lossless.
    digits(out, year.unsigned_abs(), 4);
    out.push(b'-');
    digits(out, date.month(), 2);
    out.push(b'-');
    digits(out, date.day(), 2);
    out.push(b'T');
    digits(out, seconds / 3600, 2);
    out.push(b':');
    digits(out, seconds / 60 % 60, 2);
    out.push(b':');
    digits(out, seconds % 60, 2);
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

fn push_digits(out: &mut Vec<u8>, value: u32, width: usize) {
    push_padded(out, u64::from(value), width);
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
    fn amounts_match_format_major_for_every_exponent() {
        let values = [
            0,
            1,
            -1,
            5,
            -5,
            99,
            100,
            -100,
            1234,
            12900,
            -500,
            1_000_000_007,
            i64::MAX,
            i64::MIN,
            i64::MIN + 1,
        ];
        for code in ["usd", "jpy", "kwd", "xyz"] {
            let currency = crate::money::Currency::new(code);
            // A spread of magnitudes besides the edge cases above.
            let spread = (0..63).map(|shift| (1i64 << shift) - 3);
            for minor in values.into_iter().chain(spread) {
                let mut out = Vec::new();
                push_amount(
                    &mut out,
                    minor,
                    crate::money::exponent_of(Some(&currency)),
                    b'.',
                );
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    format_major(minor, &currency),
                    "{minor} {code} must render as money::format_major does"
                );
            }
        }
    }

    #[test]
    fn missing_currency_means_two_decimals_and_integers_render_plainly() {
        let mut out = Vec::new();
        push_amount(&mut out, -500, crate::money::exponent_of(None), b'.');
        out.push(b' ');
        push_i64(&mut out, -76);
        out.push(b' ');
        push_i64(&mut out, i64::MIN);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("-5.00 -76 {}", i64::MIN),
            "no currency: two decimals, like an unknown code"
        );
    }
}
