//! Work over many items at a bounded concurrency, reported as each finishes: the one loop
//! behind batch fetches (the app's and `bdesk`'s) and PDF runs, and the one progress shape
//! their reports have.

use std::future::Future;

use futures_util::{StreamExt, stream};
use serde::Serialize;
use ts_rs::TS;

/// Where a run over many items stands, reported after each item finishes (the app's
/// `fetch-progress` and `pdf-progress` events).
///
/// Invariants: `failed <= done <= total`; `done` grows by one per report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Progress {
    /// Items finished, failures included.
    pub done: usize,
    /// Of those, how many failed (cancelled ones included).
    pub failed: usize,
    /// Items in the run.
    pub total: usize,
}

/// Counts a run's finished items.
#[derive(Debug, Clone, Copy)]
pub struct Tally(Progress);

impl Tally {
    /// A run of `total` items, none finished.
    pub fn new(total: usize) -> Tally {
        Tally(Progress {
            done: 0,
            failed: 0,
            total,
        })
    }

    /// Records one finished item and answers the progress to report. Never counts past
    /// `total`.
    pub fn finish(&mut self, failed: bool) -> Progress {
        let progress = &mut self.0;
        if progress.done < progress.total {
            progress.done += 1;
            if failed {
                progress.failed += 1;
            }
        }
        *progress
    }
}

/// Runs `tasks`, at most `limit` at a time (0 counts as 1), and hands each output to
/// `finished` in the order they finish, on the task awaiting this function (so `finished`
/// may hold `&mut` state without locks). Cancellation is the tasks' own: a task that sees it
/// answers at once, and the run ends when every task has answered.
pub async fn run_bounded<T, F>(
    tasks: impl IntoIterator<Item = F>,
    limit: usize,
    mut finished: impl FnMut(T),
) where
    F: Future<Output = T>,
{
    let running = stream::iter(tasks).buffer_unordered(limit.max(1));
    futures_util::pin_mut!(running);
    while let Some(output) = running.next().await {
        finished(output);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tally_counts_failures_and_stops_at_the_total() {
        let mut tally = Tally::new(2);
        assert_eq!(
            tally.finish(true),
            Progress {
                done: 1,
                failed: 1,
                total: 2
            }
        );
        assert_eq!(tally.finish(false).done, 2);
        let over = tally.finish(true);
        assert_eq!((over.done, over.failed), (2, 1), "never past the total");
    }

    #[tokio::test]
    async fn at_most_limit_tasks_run_at_once_and_every_output_arrives() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let (running, peak) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let tasks = (0..20).map(|i| {
            let (running, peak) = (&running, &peak);
            async move {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                tokio::task::yield_now().await;
                running.fetch_sub(1, Ordering::SeqCst);
                i
            }
        });
        let mut seen = Vec::new();
        run_bounded(tasks, 3, |i| seen.push(i)).await;
        seen.sort_unstable();
        assert_eq!(seen, (0..20).collect::<Vec<_>>());
        assert!(peak.load(Ordering::SeqCst) <= 3, "{peak:?}");
        assert!(
            peak.load(Ordering::SeqCst) > 1,
            "runs concurrently: {peak:?}"
        );
        let mut one = Vec::new();
        run_bounded((0..2).map(|i| async move { i }), 0, |i| one.push(i)).await;
        assert_eq!(one.len(), 2, "a limit of 0 runs one at a time");
    }

    #[test]
    fn progress_serializes_in_camel_case_for_the_ui() {
        let json = serde_json::to_value(Progress {
            done: 3,
            failed: 1,
            total: 10,
        })
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({"done": 3, "failed": 1, "total": 10})
        );
    }
}
