//! Aging buckets: how outstanding invoices are split by days past due.
//!
//! A connection chooses its boundaries (settings `agingBuckets`, set by the Connections
//! screen or `bdesk connection add`); the default is 30, 60 and 90 days. Boundaries `[b1, b2, …, bn]` give
//! the buckets Current (not overdue), 1 to b1 days, b1+1 to b2 days, …, and over bn days.
//!
//! A bucket's identifier in CSV, JSON and the UI is derived from its days (`current`,
//! `days1To30`, `days31To60`, `days61To90`, `over90` for the default), so the default keeps
//! the identifiers scripts already read, and a custom scale never reuses a name for other
//! days.

use thiserror::Error;

/// The boundaries used when a connection sets none.
pub const DEFAULT_AGING_BOUNDS: [u32; 3] = [30, 60, 90];
/// Most boundaries a scale takes (buckets are one more than that, plus Current).
pub const MAX_AGING_BOUNDS: usize = 8;
/// Largest boundary, in days (ten years).
pub const MAX_AGING_DAYS: u32 = 3650;

/// Why a list of aging boundaries is refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AgingScaleError {
    /// No boundary at all.
    #[error("give at least one aging boundary in days, e.g. 30,60,90")]
    Empty,
    /// More than [`MAX_AGING_BOUNDS`].
    #[error("at most {MAX_AGING_BOUNDS} aging boundaries are allowed, got {0}")]
    TooMany(usize),
    /// A boundary of 0 or above [`MAX_AGING_DAYS`].
    #[error("an aging boundary is a number of days from 1 to {MAX_AGING_DAYS}, got {0}")]
    OutOfRange(u32),
    /// Not strictly ascending.
    #[error("aging boundaries must go up, each above the one before: {0} follows {1}")]
    NotAscending(u32, u32),
    /// Text that is not a comma-separated list of whole numbers.
    #[error("aging boundaries are whole numbers of days separated by commas, e.g. 30,60,90: {0:?}")]
    Unparsable(String),
}

/// One bucket of an [`AgingScale`]: its position, Current first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AgingBucket(u8);

impl AgingBucket {
    /// Not overdue (not yet due, no due date, or nothing owed).
    pub const CURRENT: AgingBucket = AgingBucket(0);

    /// Position in the scale's buckets.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// The days an overdue bucket covers, both ends inclusive; `to` is `None` for the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BucketDays {
    /// First day.
    pub from: u32,
    /// Last day, if bounded.
    pub to: Option<u32>,
}

/// Validated aging boundaries, with each bucket's identifier and labels worked out once
/// (exports write them per row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgingScale {
    bounds: Vec<u32>,
    ids: Vec<String>,
    labels: Vec<String>,
}

impl Default for AgingScale {
    fn default() -> AgingScale {
        AgingScale::build(DEFAULT_AGING_BOUNDS.to_vec())
    }
}

impl AgingScale {
    /// A scale from its boundaries in days (1 to [`MAX_AGING_BOUNDS`] of them, each 1 to
    /// [`MAX_AGING_DAYS`], strictly ascending).
    ///
    /// # Errors
    /// [`AgingScaleError`] naming the rule broken.
    pub fn new(bounds: &[u32]) -> Result<AgingScale, AgingScaleError> {
        if bounds.is_empty() {
            return Err(AgingScaleError::Empty);
        }
        if bounds.len() > MAX_AGING_BOUNDS {
            return Err(AgingScaleError::TooMany(bounds.len()));
        }
        let mut previous = 0;
        for &bound in bounds {
            if !(1..=MAX_AGING_DAYS).contains(&bound) {
                return Err(AgingScaleError::OutOfRange(bound));
            }
            if bound <= previous {
                return Err(AgingScaleError::NotAscending(bound, previous));
            }
            previous = bound;
        }
        Ok(AgingScale::build(bounds.to_vec()))
    }

    /// A scale from text such as `30,60,90` (spaces allowed).
    ///
    /// # Errors
    /// [`AgingScaleError`], including [`AgingScaleError::Unparsable`].
    pub fn parse(text: &str) -> Result<AgingScale, AgingScaleError> {
        let bounds = text
            .split(',')
            .map(|part| part.trim().parse::<u32>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| AgingScaleError::Unparsable(text.to_owned()))?;
        AgingScale::new(&bounds)
    }

    fn build(bounds: Vec<u32>) -> AgingScale {
        let mut ids = vec!["current".to_owned()];
        let mut labels = vec!["Current".to_owned()];
        let mut from = 1;
        for &to in &bounds {
            ids.push(format!("days{from}To{to}"));
            labels.push(if from == to {
                format!("{to} days")
            } else {
                format!("{from}-{to} days")
            });
            from = to + 1;
        }
        let last = bounds.last().copied().unwrap_or(0);
        ids.push(format!("over{last}"));
        labels.push(format!("{last}+ days"));
        AgingScale {
            bounds,
            ids,
            labels,
        }
    }

    /// The boundaries in days, ascending.
    pub fn bounds(&self) -> &[u32] {
        &self.bounds
    }

    /// Whether this is the default scale.
    pub fn is_default(&self) -> bool {
        self.bounds == DEFAULT_AGING_BOUNDS
    }

    /// Every bucket, Current first; the order of aging columns.
    pub fn buckets(&self) -> impl ExactSizeIterator<Item = AgingBucket> + use<> {
        // At most MAX_AGING_BOUNDS + 2 buckets, far below u8::MAX.
        let count = u8::try_from(self.ids.len()).unwrap_or(u8::MAX);
        (0..count).map(AgingBucket)
    }

    /// How many buckets there are, Current included.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Never true: a scale has Current and at least two overdue buckets.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The bucket of an invoice `days` overdue; `None` or under 1 is Current.
    pub fn bucket(&self, days: Option<i64>) -> AgingBucket {
        let Some(days) = days.filter(|&d| d >= 1) else {
            return AgingBucket::CURRENT;
        };
        let position = self
            .bounds
            .iter()
            .position(|&bound| days <= i64::from(bound))
            .unwrap_or(self.bounds.len());
        AgingBucket(u8::try_from(position + 1).unwrap_or(u8::MAX))
    }

    /// The identifier in CSV, JSON and the UI: `current`, `days1To30`, …, `over90`.
    pub fn id(&self, bucket: AgingBucket) -> &str {
        self.ids.get(bucket.index()).map_or("", String::as_str)
    }

    /// The bucket whose identifier is `id`.
    pub fn by_id(&self, id: &str) -> Option<AgingBucket> {
        self.buckets().find(|&bucket| self.id(bucket) == id)
    }

    /// A short label for column headers: `Current`, `1-30 days`, …, `90+ days`.
    pub fn label(&self, bucket: AgingBucket) -> &str {
        self.labels.get(bucket.index()).map_or("", String::as_str)
    }

    /// The days an overdue bucket covers; `None` for Current.
    pub fn days(&self, bucket: AgingBucket) -> Option<BucketDays> {
        let index = bucket.index().checked_sub(1)?;
        let from = match index {
            0 => 1,
            _ => self.bounds.get(index - 1)? + 1,
        };
        Some(BucketDays {
            from,
            to: self.bounds.get(index).copied(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_scale_keeps_the_documented_buckets() {
        let scale = AgingScale::default();
        let cases = [
            (None, "current"),
            (Some(-3), "current"),
            (Some(0), "current"),
            (Some(1), "days1To30"),
            (Some(30), "days1To30"),
            (Some(31), "days31To60"),
            (Some(60), "days31To60"),
            (Some(61), "days61To90"),
            (Some(90), "days61To90"),
            (Some(91), "over90"),
        ];
        for (days, id) in cases {
            assert_eq!(scale.id(scale.bucket(days)), id, "{days:?} days");
        }
        let labels: Vec<_> = scale.buckets().map(|b| scale.label(b)).collect();
        assert_eq!(
            labels,
            [
                "Current",
                "1-30 days",
                "31-60 days",
                "61-90 days",
                "90+ days"
            ]
        );
        for (i, bucket) in scale.buckets().enumerate() {
            assert_eq!(bucket.index(), i, "index matches the order");
            assert_eq!(scale.by_id(scale.id(bucket)), Some(bucket));
        }
        assert!(scale.is_default());
    }

    #[test]
    fn custom_scale_names_its_own_days() {
        let scale = AgingScale::parse("15, 45,120,365").unwrap();
        let ids: Vec<_> = scale.buckets().map(|b| scale.id(b).to_owned()).collect();
        assert_eq!(
            ids,
            [
                "current",
                "days1To15",
                "days16To45",
                "days46To120",
                "days121To365",
                "over365"
            ]
        );
        assert_eq!(scale.id(scale.bucket(Some(16))), "days16To45");
        assert_eq!(scale.id(scale.bucket(Some(366))), "over365");
        assert_eq!(scale.days(AgingBucket::CURRENT), None);
        assert_eq!(
            scale.days(scale.bucket(Some(100))),
            Some(BucketDays {
                from: 46,
                to: Some(120)
            })
        );
        assert_eq!(
            scale.days(scale.bucket(Some(1000))),
            Some(BucketDays {
                from: 366,
                to: None
            })
        );
        assert_eq!(scale.by_id("days1To30"), None, "not a bucket of this scale");
        assert!(!scale.is_default());
        let one = AgingScale::new(&[1]).unwrap();
        assert_eq!(one.label(one.bucket(Some(1))), "1 days");
    }

    #[test]
    fn bad_boundaries_are_refused_with_the_rule() {
        assert_eq!(AgingScale::new(&[]), Err(AgingScaleError::Empty));
        assert_eq!(
            AgingScale::new(&[30, 30]),
            Err(AgingScaleError::NotAscending(30, 30))
        );
        assert_eq!(
            AgingScale::new(&[60, 30]),
            Err(AgingScaleError::NotAscending(30, 60))
        );
        assert_eq!(
            AgingScale::new(&[0, 30]),
            Err(AgingScaleError::OutOfRange(0))
        );
        assert_eq!(
            AgingScale::new(&[MAX_AGING_DAYS + 1]),
            Err(AgingScaleError::OutOfRange(MAX_AGING_DAYS + 1))
        );
        assert_eq!(
            AgingScale::new(&[1, 2, 3, 4, 5, 6, 7, 8, 9]),
            Err(AgingScaleError::TooMany(9))
        );
        assert!(matches!(
            AgingScale::parse("30;60"),
            Err(AgingScaleError::Unparsable(_))
        ));
        assert!(matches!(
            AgingScale::parse("-30"),
            Err(AgingScaleError::Unparsable(_))
        ));
    }
}
