//! How long this launch took to show data: `run` starts the clock, and the UI says once when
//! the first invoice rows are on screen (`first_rows_shown`). The log line this gives is what
//! a user can send with a "slow start" report, and what the launch benchmark reads: it times
//! launches the way a user makes them, the binary alone, with no WebDriver session polling the
//! page.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

static STARTED: OnceLock<Instant> = OnceLock::new();
static ROWS_SHOWN: AtomicBool = AtomicBool::new(false);

/// Starts the launch clock (the top of `run`); later calls change nothing.
pub fn start() {
    STARTED.get_or_init(Instant::now);
}

/// Time since [`start`] (or since this first call, had nothing started the clock).
pub fn since_start() -> Duration {
    STARTED.get_or_init(Instant::now).elapsed()
}

/// [`since_start`] the first time the UI reports rows on screen; `None` on every later call,
/// so a page that reports again (a reload) does not log a second, meaningless launch time.
pub fn first_rows_shown() -> Option<Duration> {
    let first = !ROWS_SHOWN.swap(true, Ordering::Relaxed);
    first.then(since_start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_report_gives_a_time() {
        start();
        let first = first_rows_shown();
        assert!(first.is_some(), "the first report is timed");
        assert!(first <= Some(since_start()), "measured on the launch clock");
        assert_eq!(first_rows_shown(), None, "a second report is not");
    }
}
