//! An amount in major units of no particular currency, for filters that apply to every
//! currency at once: "at least 10" means USD 10.00, JPY 10 and KWD 10.000.
//!
//! The value is exact (an integer and a count of decimals, never a float), and it compares
//! exactly with any invoice amount: `10.005` lies between USD 10.00 and USD 10.01.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Currency, MoneyError, split_decimal};

/// Most decimals a [`MajorAmount`] keeps (trailing zeros do not count).
pub const MAX_DECIMALS: u32 = 18;

/// Most significant digits a [`MajorAmount`] has, before and after the point together.
///
/// With these two limits no comparison overflows an `i128`: an `i64` amount times 10^18 and
/// a 30-digit value times 10^3 (the largest exponent) both stay below 2^127.
pub const MAX_DIGITS: usize = 30;

/// A decimal in major units, as typed: `10`, `129.50`, `-0.5`.
///
/// Held normalized (no leading zeros, no trailing decimal zeros, no negative zero), so equal
/// values are equal. Serialized as that normal text (`"129.5"`); deserialized by
/// [`MajorAmount::parse`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(try_from = "String", into = "String")]
#[ts(export, type = "string")]
pub struct MajorAmount {
    /// The value times 10^`decimals`.
    scaled: i128,
    /// Decimals in the value, 0 to [`MAX_DECIMALS`].
    decimals: u32,
}

impl MajorAmount {
    /// Reads a plain decimal: an optional sign, digits, an optional point and decimals, with no
    /// grouping and no exponent (the same text [`super::parse_major`] reads).
    ///
    /// # Errors
    /// [`MoneyError::NotAnAmount`] for anything else, [`MoneyError::TooPrecise`] for more than
    /// [`MAX_DECIMALS`] decimals, [`MoneyError::TooLarge`] for more than [`MAX_DIGITS`] digits.
    pub fn parse(text: &str) -> Result<MajorAmount, MoneyError> {
        let (negative, whole, fraction) =
            split_decimal(text).ok_or_else(|| MoneyError::NotAnAmount(text.to_owned()))?;
        let whole = whole.trim_start_matches('0');
        let fraction = fraction.trim_end_matches('0');
        if fraction.len() > MAX_DECIMALS as usize {
            return Err(MoneyError::TooPrecise {
                text: text.to_owned(),
                max: MAX_DECIMALS,
            });
        }
        if whole.len() + fraction.len() > MAX_DIGITS {
            return Err(MoneyError::TooLarge(text.to_owned()));
        }
        // At most MAX_DIGITS digits: below 10^30, far inside an i128.
        let magnitude = whole
            .bytes()
            .chain(fraction.bytes())
            .fold(0i128, |value, digit| value * 10 + i128::from(digit - b'0'));
        Ok(MajorAmount {
            scaled: if negative { -magnitude } else { magnitude },
            // At most MAX_DECIMALS, checked above.
            decimals: fraction.len() as u32,
        })
    }

    /// How `minor` units of `currency` compare with this amount: `Less` when the invoice
    /// amount is smaller. Exact for every `i64` and every currency.
    pub fn amount_cmp(&self, minor: i64, currency: &Currency) -> Ordering {
        // minor / 10^exponent against scaled / 10^decimals, both sides brought to the same
        // denominator; the limits on MAX_DECIMALS and MAX_DIGITS keep both products in range.
        let left = i128::from(minor).saturating_mul(10i128.pow(self.decimals));
        let right = self.scaled.saturating_mul(10i128.pow(currency.exponent()));
        left.cmp(&right)
    }
}

/// Ordered by value.
impl Ord for MajorAmount {
    fn cmp(&self, other: &Self) -> Ordering {
        // Whole units, then the decimals brought to MAX_DECIMALS places: bringing both values
        // to one denominator instead could overflow.
        let magnitude = |a: &MajorAmount| {
            let scale = 10u128.pow(a.decimals);
            let abs = a.scaled.unsigned_abs();
            (
                abs / scale,
                (abs % scale) * 10u128.pow(MAX_DECIMALS - a.decimals),
            )
        };
        match self.scaled.signum().cmp(&other.scaled.signum()) {
            Ordering::Equal if self.scaled < 0 => magnitude(other).cmp(&magnitude(self)),
            Ordering::Equal => magnitude(self).cmp(&magnitude(other)),
            unequal => unequal,
        }
    }
}

impl PartialOrd for MajorAmount {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The normal text: `129.5`, `-0.05`, `10`, `0`.
impl fmt::Display for MajorAmount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.scaled < 0 { "-" } else { "" };
        let digits = self.scaled.unsigned_abs().to_string();
        let decimals = self.decimals as usize;
        if decimals == 0 {
            return write!(f, "{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = decimals + 1);
        let (whole, fraction) = padded.split_at(padded.len() - decimals);
        write!(f, "{sign}{whole}.{fraction}")
    }
}

impl std::str::FromStr for MajorAmount {
    type Err = MoneyError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        MajorAmount::parse(text)
    }
}

impl TryFrom<String> for MajorAmount {
    type Error = MoneyError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        MajorAmount::parse(&text)
    }
}

impl From<MajorAmount> for String {
    fn from(value: MajorAmount) -> Self {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn amount(text: &str) -> MajorAmount {
        MajorAmount::parse(text).unwrap()
    }

    #[test]
    fn parsing_normalizes_the_text() {
        for (typed, normal) in [
            ("10", "10"),
            ("010.500", "10.5"),
            ("+3", "3"),
            ("-0.05", "-0.05"),
            (".5", "0.5"),
            ("7.", "7"),
            ("-0", "0"),
            ("0.000", "0"),
            (" 129.00 ", "129"),
        ] {
            assert_eq!(amount(typed).to_string(), normal, "{typed:?}");
        }
        assert_eq!(amount("10.50"), amount("10.5"), "equal values are equal");
    }

    #[test]
    fn junk_and_extremes_are_refused() {
        for junk in [
            "", "-", ".", "1,00", "1e3", "abc", "1.2.3", "--1", "0x10", "½",
        ] {
            assert_eq!(
                MajorAmount::parse(junk),
                Err(MoneyError::NotAnAmount(junk.into())),
                "{junk:?} is not a decimal"
            );
        }
        let precise = format!("0.{}1", "0".repeat(18));
        assert!(matches!(
            MajorAmount::parse(&precise),
            Err(MoneyError::TooPrecise { max: 18, .. })
        ));
        assert!(
            MajorAmount::parse(&format!("0.{}000", "1".repeat(18))).is_ok(),
            "trailing zeros do not count as decimals"
        );
        let large = "9".repeat(31);
        assert_eq!(
            MajorAmount::parse(&large),
            Err(MoneyError::TooLarge(large.clone()))
        );
        assert!(MajorAmount::parse(&"9".repeat(30)).is_ok());
    }

    #[test]
    fn one_value_means_major_units_of_every_currency() {
        let ten = amount("10");
        let usd = Currency::new("usd");
        let jpy = Currency::new("jpy");
        let kwd = Currency::new("kwd");
        assert_eq!(ten.amount_cmp(1000, &usd), Ordering::Equal, "USD 10.00");
        assert_eq!(ten.amount_cmp(999, &usd), Ordering::Less, "USD 9.99");
        assert_eq!(ten.amount_cmp(10, &jpy), Ordering::Equal, "JPY 10");
        assert_eq!(ten.amount_cmp(1000, &jpy), Ordering::Greater, "JPY 1000");
        assert_eq!(ten.amount_cmp(10_000, &kwd), Ordering::Equal, "KWD 10.000");
        assert_eq!(ten.amount_cmp(9_999, &kwd), Ordering::Less, "KWD 9.999");
    }

    #[test]
    fn comparisons_are_exact_beyond_a_currency_s_decimals() {
        let usd = Currency::new("usd");
        let bound = amount("10.005");
        assert_eq!(bound.amount_cmp(1000, &usd), Ordering::Less);
        assert_eq!(bound.amount_cmp(1001, &usd), Ordering::Greater);
        let negative = amount("-0.05");
        assert_eq!(negative.amount_cmp(-5, &usd), Ordering::Equal);
        assert_eq!(negative.amount_cmp(-6, &usd), Ordering::Less);
        assert_eq!(negative.amount_cmp(0, &usd), Ordering::Greater);
    }

    #[test]
    fn the_extremes_compare_without_overflow() {
        let usd = Currency::new("usd");
        let kwd = Currency::new("kwd");
        let huge = amount(&"9".repeat(30));
        assert_eq!(huge.amount_cmp(i64::MAX, &kwd), Ordering::Less);
        assert_eq!(
            amount(&format!("-{}", "9".repeat(30))).amount_cmp(i64::MIN, &kwd),
            Ordering::Greater
        );
        let tiny = amount(&format!("0.{}1", "0".repeat(17)));
        assert_eq!(tiny.amount_cmp(i64::MAX, &usd), Ordering::Greater);
        assert_eq!(tiny.amount_cmp(i64::MIN, &usd), Ordering::Less);
        assert_eq!(tiny.amount_cmp(0, &usd), Ordering::Less);
    }

    #[test]
    fn amounts_order_by_value() {
        let ordered = [
            format!("-{}", "9".repeat(30)),
            "-10.5".to_owned(),
            "-10.25".to_owned(),
            "-0.000000000000000001".to_owned(),
            "0".to_owned(),
            "0.000000000000000001".to_owned(),
            "9.99".to_owned(),
            "10".to_owned(),
            "10.000000000000000001".to_owned(),
            "9".repeat(30),
        ];
        for (i, a) in ordered.iter().enumerate() {
            for (j, b) in ordered.iter().enumerate() {
                assert_eq!(amount(a).cmp(&amount(b)), i.cmp(&j), "{a} against {b}");
            }
        }
    }

    #[test]
    fn serde_uses_the_normal_text() {
        let json = serde_json::to_string(&amount("0129.50")).unwrap();
        assert_eq!(json, r#""129.5""#);
        let back: MajorAmount = serde_json::from_str(r#""-3.25""#).unwrap();
        assert_eq!(back, amount("-3.25"));
        assert!(
            serde_json::from_str::<MajorAmount>(r#""ten""#).is_err(),
            "text that is no amount is refused"
        );
        assert!(
            serde_json::from_str::<MajorAmount>("10").is_err(),
            "numbers are sent as text, never as floats"
        );
    }
}
