//! Watching an export as it runs: how many rows it wrote (in all, for progress, and per
//! organization, for the manifest), and a cancel that takes effect in the middle of the work.
//!
//! The writers know about neither: [`RowTally::watch`] wraps the rows they read, and
//! [`CancelSink`] the file they write to. Once a file export is cancelled, its rows end early
//! (so the XLSX writer, which keeps rows in a temp file of its own until it saves, stops
//! reading them) and its next write fails (so a workbook being zipped into the file stops
//! there). `deliver` then reports [`super::ExportError::Cancelled`] whatever the writer made
//! of it, and the atomic file removes its temp file.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::io::{self, Write};

use super::rows::ExportContext;
use crate::ids::OrgId;

/// Rows between two progress reports: often enough for a bar to move smoothly over 100k
/// rows, rare enough that reporting costs nothing next to writing.
pub const PROGRESS_EVERY: u64 = 1_000;

/// Rows handed to a writer, in all and per organization.
#[derive(Debug, Default)]
pub(crate) struct RowTally {
    rows: Cell<u64>,
    by_org: RefCell<HashMap<OrgId, u64>>,
    /// The rows end once the export is cancelled (a file export; standard output is never
    /// cut short, see [`ExportContext::with_cancel`]).
    stops_on_cancel: bool,
}

impl RowTally {
    /// A tally whose watched rows end at a cancel when `stops_on_cancel`.
    pub(crate) fn new(stops_on_cancel: bool) -> RowTally {
        RowTally {
            stops_on_cancel,
            ..RowTally::default()
        }
    }

    /// `rows` as the writer reads them: each is counted under `org_of(row)`, `ctx` hears the
    /// count every [`PROGRESS_EVERY`] rows and once at the end, and the rows end early once
    /// `ctx` is cancelled (when the tally stops on cancel).
    pub(crate) fn watch<'t, I: 't>(
        &'t self,
        rows: impl IntoIterator<Item = I> + 't,
        org_of: fn(&I) -> &OrgId,
        ctx: ExportContext<'t>,
    ) -> impl Iterator<Item = I> + 't {
        let mut rows = rows.into_iter();
        let mut ended = false;
        std::iter::from_fn(move || {
            if ended {
                return None;
            }
            if self.stops_on_cancel && ctx.is_cancelled() {
                ended = true;
                return None;
            }
            let Some(row) = rows.next() else {
                ended = true;
                ctx.report(self.rows.get());
                return None;
            };
            let done = self.count(org_of(&row));
            if done.is_multiple_of(PROGRESS_EVERY) {
                ctx.report(done);
            }
            Some(row)
        })
    }

    fn count(&self, org: &OrgId) -> u64 {
        let done = self.rows.get() + 1;
        self.rows.set(done);
        let mut by_org = self.by_org.borrow_mut();
        match by_org.get_mut(org) {
            Some(count) => *count += 1,
            None => {
                by_org.insert(org.clone(), 1);
            }
        }
        done
    }

    /// Rows counted per organization (an organization with none is absent).
    pub(crate) fn by_org(&self) -> HashMap<OrgId, u64> {
        self.by_org.borrow().clone()
    }
}

/// A writer that fails its first write after `ctx` is cancelled, so a long write stops at the
/// next block instead of running to its end. Later writes are dropped unwritten: a zip writer
/// abandoned by that error tries to finish its archive as it is dropped, and prints to
/// standard error when that fails too. The file is discarded either way.
pub(crate) struct CancelSink<'c, W> {
    inner: W,
    ctx: ExportContext<'c>,
    stopped: bool,
}

impl<'c, W: Write> CancelSink<'c, W> {
    /// `inner`, watched for `ctx`'s cancel.
    pub(crate) fn new(inner: W, ctx: ExportContext<'c>) -> CancelSink<'c, W> {
        CancelSink {
            inner,
            ctx,
            stopped: false,
        }
    }

    /// `Ok(true)` while writes go through; the one error that stops the writer; then
    /// `Ok(false)`.
    fn open(&mut self) -> io::Result<bool> {
        if self.stopped {
            return Ok(false);
        }
        if self.ctx.is_cancelled() {
            self.stopped = true;
            // Never shown: `deliver` sees the cancel itself and reports that instead.
            return Err(io::Error::other("the export was cancelled"));
        }
        Ok(true)
    }
}

impl<W: Write> Write for CancelSink<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.open()? {
            self.inner.write(buf)
        } else {
            Ok(buf.len())
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.open()? {
            self.inner.flush()
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use std::sync::Mutex;

    use chrono::{DateTime, Utc};
    use tokio_util::sync::CancellationToken;

    use super::*;

    fn org(id: &str) -> OrgId {
        OrgId::parse(id).unwrap()
    }

    fn first(pair: &(OrgId, u32)) -> &OrgId {
        &pair.0
    }

    #[test]
    fn rows_are_counted_per_organization_and_reported_in_steps_and_at_the_end() {
        let (a, b) = (org("a"), org("b"));
        let rows: Vec<(OrgId, u32)> = (0..2_500)
            .map(|i| (if i % 5 == 0 { b.clone() } else { a.clone() }, i))
            .collect();
        let reports = Mutex::new(Vec::new());
        let hook = |n: u64| reports.lock().unwrap().push(n);
        let ctx = ExportContext::new(&[], DateTime::<Utc>::UNIX_EPOCH).with_progress(&hook);
        let tally = RowTally::new(true);
        let read = tally.watch(rows, first, ctx).count();
        assert_eq!(read, 2_500, "an uncancelled export reads every row");
        assert_eq!(
            *reports.lock().unwrap(),
            [1_000, 2_000, 2_500],
            "every PROGRESS_EVERY rows, then the total"
        );
        let by_org = tally.by_org();
        assert_eq!((by_org[&a], by_org[&b]), (2_000, 500));
    }

    #[test]
    fn a_cancel_ends_the_rows_of_a_file_export_but_not_of_standard_output() {
        let rows = || (0..100u32).map(|i| (org("a"), i));
        let cancel = CancellationToken::new();
        let ctx = ExportContext::new(&[], DateTime::<Utc>::UNIX_EPOCH).with_cancel(&cancel);
        let file = RowTally::new(true);
        let mut watched = file.watch(rows(), first, ctx);
        assert!(watched.by_ref().take(10).count() == 10);
        cancel.cancel();
        assert_eq!(
            watched.next(),
            None,
            "the next row after the cancel is none"
        );
        assert_eq!(file.by_org()[&org("a")], 10, "only rows read count");
        let stdout = RowTally::new(false);
        assert_eq!(
            stdout.watch(rows(), first, ctx).count(),
            100,
            "what standard output started, it finishes"
        );
    }

    #[test]
    fn a_cancelled_sink_refuses_the_next_write() {
        let cancel = CancellationToken::new();
        let ctx = ExportContext::new(&[], DateTime::<Utc>::UNIX_EPOCH).with_cancel(&cancel);
        let mut sink = CancelSink::new(Vec::new(), ctx);
        sink.write_all(b"before").unwrap();
        cancel.cancel();
        assert!(
            sink.write_all(b"after").is_err(),
            "the first write after the cancel fails, which stops the writer"
        );
        assert!(
            sink.write_all(b"finishing").is_ok(),
            "what a dropped writer still sends is swallowed"
        );
        assert_eq!(
            sink.inner, b"before",
            "nothing after the cancel reaches the file"
        );
    }
}
