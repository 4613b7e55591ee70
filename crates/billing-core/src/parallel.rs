//! Blocking work over many items spread over the machine's cores, answers in input order.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// `work` applied to every item, on up to one thread per core (the calling thread is one of
/// them), in input order. Threads take the next item as they finish one, so a few large
/// items next to many small ones still spread. When no extra thread can be started the
/// calling thread does all of it.
pub(crate) fn map_in_order<T, R, F>(items: &[T], work: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    let threads = cores.min(items.len());
    if threads <= 1 {
        return items.iter().map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else {
                break done;
            };
            done.push((index, work(item)));
        }
    };
    let mut all = thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| thread::Builder::new().spawn_scoped(scope, worker).ok())
            .collect();
        let mut all = worker();
        for helper in helpers {
            match helper.join() {
                Ok(done) => all.extend(done),
                // The work itself panicked: the same as it would on this thread.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    all.sort_unstable_by_key(|(index, _)| *index);
    all.into_iter().map(|(_, answer)| answer).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_come_in_input_order_whatever_thread_made_them() {
        let items: Vec<u64> = (0..1_000).collect();
        // Uneven work, so threads finish items out of order.
        let answers = map_in_order(&items, |n| {
            if n % 7 == 0 {
                thread::sleep(std::time::Duration::from_micros(200));
            }
            n * 2
        });
        assert_eq!(answers, items.iter().map(|n| n * 2).collect::<Vec<_>>());
    }

    #[test]
    fn no_items_and_one_item() {
        assert_eq!(map_in_order(&[] as &[u8], |n| *n), Vec::<u8>::new());
        assert_eq!(map_in_order(&[5u8], |n| n + 1), vec![6]);
    }

    #[test]
    fn items_spread_over_more_than_one_thread() {
        if thread::available_parallelism().map_or(1, |n| n.get()) < 2 {
            return;
        }
        let items: Vec<u32> = (0..64).collect();
        let threads = map_in_order(&items, |_| {
            thread::sleep(std::time::Duration::from_millis(2));
            thread::current().id()
        });
        let mut distinct = threads.clone();
        distinct.sort_by_key(|id| format!("{id:?}"));
        distinct.dedup();
        assert!(distinct.len() > 1, "all 64 items ran on one thread");
    }
}
