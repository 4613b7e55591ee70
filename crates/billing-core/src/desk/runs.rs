//! Work the user starts one at a time and may cancel from another command: a PDF download,
//! an export. Each kind has its own [`OneAtATime`] slot.

use std::sync::Mutex;

use tokio_util::sync::CancellationToken;

use crate::sync::lock;

/// At most one run of a kind of work, and the way to cancel it.
#[derive(Debug, Default)]
pub(super) struct OneAtATime(Mutex<Option<CancellationToken>>);

/// A run in progress; the slot is free again when this is dropped, however the run ends.
#[derive(Debug)]
pub(super) struct Running<'a> {
    slot: &'a OneAtATime,
    cancel: CancellationToken,
}

impl Running<'_> {
    /// Fires when [`OneAtATime::cancel`] is called during this run.
    pub(super) fn token(&self) -> &CancellationToken {
        &self.cancel
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        *lock(&self.slot.0) = None;
    }
}

impl OneAtATime {
    /// Starts a run; `None` while another one is running.
    pub(super) fn start(&self) -> Option<Running<'_>> {
        let mut running = lock(&self.0);
        if running.is_some() {
            return None;
        }
        let cancel = CancellationToken::new();
        *running = Some(cancel.clone());
        Some(Running { slot: self, cancel })
    }

    /// Cancels the run in progress, if any.
    pub(super) fn cancel(&self) {
        if let Some(cancel) = lock(&self.0).as_ref() {
            cancel.cancel();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_run_at_a_time_and_the_slot_frees_when_it_ends() {
        let slot = OneAtATime::default();
        let first = slot.start();
        assert!(first.is_some(), "a free slot starts a run");
        assert!(slot.start().is_none(), "a second run waits its turn");
        slot.cancel();
        assert!(
            first.as_ref().is_some_and(|run| run.token().is_cancelled()),
            "cancel reaches the running one"
        );
        drop(first);
        let second = slot.start();
        assert!(
            second.is_some_and(|run| !run.token().is_cancelled()),
            "the next run starts uncancelled"
        );
    }
}
