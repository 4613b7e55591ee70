//! Timestamps from the API and the facts derived from them.
//!
//! The API sends dates as RFC 3339 strings. [`Timestamp`] holds a parsed value in UTC, or the
//! raw text flagged as invalid when it does not parse, so a bad date is shown as such instead
//! of failing the whole fetch. Every derived fact takes `now` as a parameter; nothing here
//! reads the clock.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

mod aging;

pub use aging::{
    AgingBucket, AgingScale, AgingScaleError, BucketDays, DEFAULT_AGING_BOUNDS, MAX_AGING_BOUNDS,
    MAX_AGING_DAYS,
};

/// A date-time as received: valid (held in UTC) or the raw text that did not parse.
///
/// Serialized for the UI and JSON exports as `{"kind":"valid","value":"2024-05-01T10:00:00Z"}`
/// or `{"kind":"invalid","raw":"yesterday"}` (TypeScript type `Timestamp`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(into = "TimestampJson", from = "TimestampJson")]
#[ts(as = "TimestampJson")]
pub enum Timestamp {
    /// Parsed and converted to UTC.
    Valid(DateTime<Utc>),
    /// The text as received; it is not RFC 3339.
    Invalid(String),
}

/// A date-time as received: valid (held in UTC) or the raw text that did not parse.
///
/// Serialized for the UI and JSON exports as `{"kind":"valid","value":"2024-05-01T10:00:00Z"}`
/// or `{"kind":"invalid","raw":"yesterday"}` (TypeScript type `Timestamp`).
// The doc above repeats `Timestamp`'s on purpose: ts-rs writes Timestamp.ts from either type,
// and identical docs keep the generated file stable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export, rename = "Timestamp")]
pub enum TimestampJson {
    /// A valid instant, rendered as RFC 3339 in UTC (`Z` suffix).
    Valid {
        /// The instant.
        #[ts(type = "string")]
        value: DateTime<Utc>,
    },
    /// Text that did not parse, kept as received.
    Invalid {
        /// The text.
        raw: String,
    },
}

impl From<Timestamp> for TimestampJson {
    fn from(value: Timestamp) -> Self {
        match value {
            Timestamp::Valid(value) => TimestampJson::Valid { value },
            Timestamp::Invalid(raw) => TimestampJson::Invalid { raw },
        }
    }
}

impl From<TimestampJson> for Timestamp {
    fn from(value: TimestampJson) -> Self {
        match value {
            TimestampJson::Valid { value } => Timestamp::Valid(value),
            TimestampJson::Invalid { raw } => Timestamp::Invalid(raw),
        }
    }
}

impl Timestamp {
    /// Parses RFC 3339 text (any offset, converted to UTC); anything else is kept as
    /// [`Timestamp::Invalid`]. Never fails.
    ///
    /// An offset can carry a date at the edge of RFC 3339's years past them in UTC
    /// (`9999-12-31T23:59:59-01:00` is in the year 10000): such an instant could not be written
    /// back as RFC 3339 (exports, [`Timestamp::to_rfc3339`]), so it is kept as invalid text too.
    pub fn parse(text: &str) -> Timestamp {
        if let Some(valid) = parse_utc_fast(text.as_bytes()) {
            return Timestamp::Valid(valid);
        }
        match DateTime::parse_from_rfc3339(text) {
            Ok(parsed) if (0..=9999).contains(&parsed.with_timezone(&Utc).year()) => {
                Timestamp::Valid(parsed.with_timezone(&Utc))
            }
            _ => Timestamp::Invalid(text.to_owned()),
        }
    }

    /// The instant, when valid.
    pub fn valid(&self) -> Option<DateTime<Utc>> {
        match self {
            Timestamp::Valid(value) => Some(*value),
            Timestamp::Invalid(_) => None,
        }
    }

    /// Whether the text parsed.
    pub fn is_valid(&self) -> bool {
        matches!(self, Timestamp::Valid(_))
    }

    /// Text for display and exports: RFC 3339 in UTC (`2024-05-01T10:00:00Z`, with fractional
    /// seconds only when present) when valid, the raw text otherwise.
    pub fn to_rfc3339(&self) -> String {
        match self {
            Timestamp::Valid(value) => value.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
            Timestamp::Invalid(raw) => raw.clone(),
        }
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(value: DateTime<Utc>) -> Self {
        Timestamp::Valid(value)
    }
}

/// The fast path for the shape servers send almost always: `YYYY-MM-DDTHH:MM:SS[.frac]Z`.
///
/// Decoding 100k invoices parses 400k timestamps, and chrono's general RFC 3339 parser is a
/// noticeable share of the decode budget. Anything this does not recognise (offsets, leap
/// seconds, lowercase `t`/`z`) returns `None` and goes to chrono, so results agree with
/// chrono by construction; a test checks that.
fn parse_utc_fast(bytes: &[u8]) -> Option<DateTime<Utc>> {
    if bytes.len() < 20 || bytes[4] != b'-' || bytes[7] != b'-' || bytes[10] != b'T' {
        return None;
    }
    if bytes[13] != b':' || bytes[16] != b':' || bytes[bytes.len() - 1] != b'Z' {
        return None;
    }
    let year = two_digits(bytes, 0)? * 100 + two_digits(bytes, 2)?;
    let month = two_digits(bytes, 5)?;
    let day = two_digits(bytes, 8)?;
    let hour = two_digits(bytes, 11)?;
    let minute = two_digits(bytes, 14)?;
    let second = two_digits(bytes, 17)?;
    let rest = &bytes[19..bytes.len() - 1];
    let nanos = match rest {
        [] => 0,
        [b'.', fraction @ ..] if !fraction.is_empty() && fraction.len() <= 9 => {
            let mut value = 0u32;
            for &b in fraction {
                let digit = b.wrapping_sub(b'0');
                if digit > 9 {
                    return None;
                }
                value = value * 10 + u32::from(digit);
            }
            value * 10u32.pow(9 - fraction.len() as u32)
        }
        _ => return None,
    };
    if second > 59 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
    Some(Utc.from_utc_datetime(&date.and_time(time)))
}

/// The two ASCII digits at `at` and `at + 1` as a number; the caller checked the length.
fn two_digits(bytes: &[u8], at: usize) -> Option<u32> {
    let tens = bytes.get(at)?.wrapping_sub(b'0');
    let ones = bytes.get(at + 1)?.wrapping_sub(b'0');
    (tens <= 9 && ones <= 9).then(|| u32::from(tens) * 10 + u32::from(ones))
}

/// Whole days from `since` to `now`, where a started day counts as a day: one second late is
/// one day late. Zero or negative when `since` is not before `now`.
pub fn started_days_between(since: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    let elapsed = now - since;
    let whole = elapsed.num_days();
    if elapsed > Duration::days(whole) {
        whole + 1
    } else {
        whole
    }
}

/// Whether a card can still be charged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum CardState {
    /// Valid for more than [`EXPIRING_SOON_DAYS`] days.
    Valid,
    /// Still valid, but expires within [`EXPIRING_SOON_DAYS`] days.
    ExpiringSoon,
    /// Past its expiry month.
    Expired,
    /// Expiry month or year missing or out of range.
    Unknown,
}

impl CardState {
    /// Its name in exports and `bdesk`'s piped output: the serde name (`valid`,
    /// `expiringSoon`, `expired`, `unknown`), so every output and the UI's type agree.
    pub const fn id(self) -> &'static str {
        match self {
            CardState::Valid => "valid",
            CardState::ExpiringSoon => "expiringSoon",
            CardState::Expired => "expired",
            CardState::Unknown => "unknown",
        }
    }
}

/// How close to its expiry a card is flagged as expiring soon.
pub const EXPIRING_SOON_DAYS: i64 = 60;

/// The first instant a card is no longer valid: a card is valid through the last day of its
/// expiry month (UTC), so this is midnight UTC starting the following month. `None` when the
/// month is not 1-12 or the year is not 1000-9999 (two-digit years are not guessed at).
pub fn card_expiry_instant(exp_month: i64, exp_year: i64) -> Option<DateTime<Utc>> {
    if !(1..=12).contains(&exp_month) || !(1000..=9999).contains(&exp_year) {
        return None;
    }
    let (year, month) = if exp_month == 12 {
        (exp_year + 1, 1)
    } else {
        (exp_year, exp_month + 1)
    };
    let first = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, u32::try_from(month).ok()?, 1)?;
    Some(Utc.from_utc_datetime(&first.and_time(NaiveTime::MIN)))
}

/// [`CardState`] of a card expiring in `exp_month`/`exp_year`, seen at `now`.
pub fn card_state(exp_month: Option<i64>, exp_year: Option<i64>, now: DateTime<Utc>) -> CardState {
    card_state_within(exp_month, exp_year, now, EXPIRING_SOON_DAYS)
}

/// [`card_state`] with another window: a card still valid at `now` is
/// [`CardState::ExpiringSoon`] when it expires within `soon_days` days (a negative window
/// counts as 0).
pub fn card_state_within(
    exp_month: Option<i64>,
    exp_year: Option<i64>,
    now: DateTime<Utc>,
    soon_days: i64,
) -> CardState {
    let Some(expiry) = exp_month
        .zip(exp_year)
        .and_then(|(month, year)| card_expiry_instant(month, year))
    else {
        return CardState::Unknown;
    };
    // A window longer than chrono can hold covers every card that has an expiry date.
    let soon = Duration::try_days(soon_days.max(0)).unwrap_or(Duration::MAX);
    if now >= expiry {
        CardState::Expired
    } else if expiry - now <= soon {
        CardState::ExpiringSoon
    } else {
        CardState::Valid
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

    #[test]
    fn parses_rfc3339_into_utc() {
        let ts = Timestamp::parse("2024-05-01T12:00:00+02:00");
        assert_eq!(
            ts,
            Timestamp::Valid(at("2024-05-01T10:00:00Z")),
            "offset is applied"
        );
        assert_eq!(ts.to_rfc3339(), "2024-05-01T10:00:00Z");
        let fractional = Timestamp::parse("2024-05-01T10:00:00.250Z");
        assert_eq!(fractional.to_rfc3339(), "2024-05-01T10:00:00.250Z");
    }

    #[test]
    fn keeps_unparsable_text_flagged() {
        for raw in [
            "",
            "<string>",
            "2024-05-01",
            "2024-13-01T00:00:00Z",
            "yesterday",
        ] {
            let ts = Timestamp::parse(raw);
            assert_eq!(
                ts,
                Timestamp::Invalid(raw.into()),
                "{raw:?} is not RFC 3339"
            );
            assert!(!ts.is_valid() && ts.valid().is_none());
            assert_eq!(ts.to_rfc3339(), raw, "the raw text is shown as received");
        }
    }

    #[test]
    fn fast_path_agrees_with_chrono() {
        let samples = [
            "2024-02-29T23:59:59Z",
            "2023-02-29T00:00:00Z",
            "2024-01-01T00:00:00.1Z",
            "2024-01-01T00:00:00.123456789Z",
            "2024-01-01T00:00:00.1234567891Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01T23:60:00Z",
            "2016-12-31T23:59:60Z",
            "2024-01-01t00:00:00z",
            "2024-01-01 00:00:00Z",
            "0000-01-01T00:00:00Z",
            "2024-01-01T00:00:00.Z",
            "2024-01-01T00:00:0xZ",
        ];
        for sample in samples {
            let fast = parse_utc_fast(sample.as_bytes());
            let chrono = DateTime::parse_from_rfc3339(sample)
                .ok()
                .map(|d| d.with_timezone(&Utc));
            if let Some(fast) = fast {
                assert_eq!(
                    Some(fast),
                    chrono,
                    "fast path must agree with chrono on {sample}"
                );
            }
            assert_eq!(
                Timestamp::parse(sample).valid(),
                chrono,
                "overall result must equal chrono's for {sample}"
            );
        }
    }

    #[test]
    fn serde_shape_is_tagged() {
        let valid = Timestamp::parse("2024-05-01T10:00:00Z");
        let json = serde_json::to_string(&valid).unwrap();
        assert_eq!(json, r#"{"kind":"valid","value":"2024-05-01T10:00:00Z"}"#);
        let invalid = Timestamp::Invalid("soon".into());
        let json = serde_json::to_string(&invalid).unwrap();
        assert_eq!(json, r#"{"kind":"invalid","raw":"soon"}"#);
        let back: Timestamp = serde_json::from_str(&json).unwrap();
        assert_eq!(back, invalid, "round trip keeps the raw text");
    }

    #[test]
    fn started_days_count_partial_days() {
        let due = at("2024-05-01T00:00:00Z");
        assert_eq!(started_days_between(due, at("2024-05-01T00:00:00Z")), 0);
        assert_eq!(started_days_between(due, at("2024-05-01T00:00:01Z")), 1);
        assert_eq!(started_days_between(due, at("2024-05-02T00:00:00Z")), 1);
        assert_eq!(started_days_between(due, at("2024-05-02T00:00:01Z")), 2);
        assert!(started_days_between(due, at("2024-04-30T00:00:00Z")) < 1);
    }

    #[test]
    fn card_is_valid_through_the_last_day_of_its_month() {
        let last_moment = at("2024-05-31T23:59:59Z");
        assert_eq!(
            card_state(Some(5), Some(2024), last_moment),
            CardState::ExpiringSoon
        );
        let next_month = at("2024-06-01T00:00:00Z");
        assert_eq!(
            card_state(Some(5), Some(2024), next_month),
            CardState::Expired
        );
        assert_eq!(
            card_expiry_instant(12, 2024),
            Some(at("2025-01-01T00:00:00Z")),
            "December rolls into the next year"
        );
    }

    #[test]
    fn card_expiring_within_sixty_days() {
        // Expires at 2024-07-01T00:00Z.
        assert_eq!(
            card_state(Some(6), Some(2024), at("2024-05-02T00:00:00Z")),
            CardState::ExpiringSoon,
            "exactly 60 days before expiry is expiring soon"
        );
        assert_eq!(
            card_state(Some(6), Some(2024), at("2024-05-01T23:59:59Z")),
            CardState::Valid,
            "just over 60 days before expiry is still valid"
        );
    }

    #[test]
    fn the_expiring_window_can_be_chosen() {
        // Expires at 2024-07-01T00:00Z: 90 days after 2024-04-02.
        let now = at("2024-04-02T00:00:00Z");
        let state = |days| card_state_within(Some(6), Some(2024), now, days);
        assert_eq!(state(60), CardState::Valid, "outside the default window");
        assert_eq!(state(90), CardState::ExpiringSoon, "the last day counts");
        assert_eq!(state(89), CardState::Valid);
        assert_eq!(state(i64::MAX), CardState::ExpiringSoon, "no overflow");
        assert_eq!(state(-5), CardState::Valid, "a negative window is empty");
        assert_eq!(
            card_state_within(Some(1), Some(2024), now, 0),
            CardState::Expired,
            "an expired card is expired whatever the window"
        );
    }

    #[test]
    fn the_ui_words_its_card_count_with_the_same_window() {
        // The sidebar says "N cards expire within 60 days" over states this module decides.
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/src/state/cards.ts");
        let source = std::fs::read_to_string(path).unwrap();
        let line = format!("export const EXPIRING_SOON_DAYS = {EXPIRING_SOON_DAYS};");
        assert!(source.contains(&line), "{path} has `{line}`");
    }

    #[test]
    fn card_with_missing_or_odd_expiry_is_unknown() {
        let now = at("2024-05-01T00:00:00Z");
        assert_eq!(card_state(None, Some(2030), now), CardState::Unknown);
        assert_eq!(card_state(Some(5), None, now), CardState::Unknown);
        assert_eq!(card_state(Some(0), Some(2030), now), CardState::Unknown);
        assert_eq!(card_state(Some(13), Some(2030), now), CardState::Unknown);
        assert_eq!(
            card_state(Some(5), Some(30), now),
            CardState::Unknown,
            "two-digit year"
        );
        assert_eq!(
            card_state(Some(i64::MAX), Some(i64::MIN), now),
            CardState::Unknown
        );
    }
}
