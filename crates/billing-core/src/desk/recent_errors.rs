//! The last errors the app reported, for the About dialog's diagnostics: every
//! [`super::CommandError`] is recorded when it is made, so nothing that reaches the window (a
//! command's answer, an organization's failed fetch) is missed. The same error made again
//! (a status read twice) moves to the front with its count raised instead of filling the list.
//!
//! Messages are what the window shows, which never holds a token.

use std::collections::VecDeque;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::error_code::ErrorCode;
use crate::sync::lock;

/// How many distinct errors are kept.
pub const RECENT_ERRORS: usize = 20;

/// One error of this run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RecentError {
    /// When it was last made.
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// Its code.
    pub code: ErrorCode,
    /// Its message.
    pub message: String,
    /// How many times it was made.
    #[ts(type = "number")]
    pub count: u64,
}

static RECENT: Mutex<VecDeque<RecentError>> = Mutex::new(VecDeque::new());

/// Records an error with `code` and `message`, made now.
pub(super) fn record(code: ErrorCode, message: &str) {
    let mut recent = lock(&RECENT);
    let count = match recent
        .iter()
        .position(|seen| seen.code == code && seen.message == message)
    {
        Some(index) => recent.remove(index).map_or(1, |seen| seen.count + 1),
        None => 1,
    };
    recent.push_front(RecentError {
        at: Utc::now(),
        code,
        message: message.to_owned(),
        count,
    });
    recent.truncate(RECENT_ERRORS);
}

/// The errors of this run, newest first, at most [`RECENT_ERRORS`].
pub fn recent_errors() -> Vec<RecentError> {
    lock(&RECENT).iter().cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_twenty_distinct_errors_and_counts_repeats() {
        // Other tests of this binary make errors too: only this test's messages are looked at.
        let mine = |message: &str| message.starts_with("recent-errors test ");
        for i in 0..25 {
            record(ErrorCode::Network, &format!("recent-errors test {i}"));
        }
        record(ErrorCode::Network, "recent-errors test 24");
        let seen: Vec<RecentError> = recent_errors()
            .into_iter()
            .filter(|e| mine(&e.message))
            .collect();
        assert!(seen.len() <= RECENT_ERRORS);
        let newest = seen.first().unwrap();
        assert_eq!(
            (newest.message.as_str(), newest.count),
            ("recent-errors test 24", 2)
        );
        assert!(
            !seen.iter().any(|e| e.message == "recent-errors test 0"),
            "the oldest fell off"
        );
        assert_eq!(
            seen.iter()
                .filter(|e| e.message == "recent-errors test 24")
                .count(),
            1,
            "a repeat is one entry"
        );
    }
}
