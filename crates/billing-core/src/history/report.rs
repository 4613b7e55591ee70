//! The changes since an export as one document: which export they start from, then the
//! comparison. `bdesk changes --json` prints it and the app's JSON export of a Changes view
//! writes it, so scripts read one shape.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::changes::Changes;
use super::log::HistoryEntry;

/// The export a comparison starts from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportRef {
    /// Its number in the history (`seq`).
    #[ts(type = "number")]
    pub export: u64,
    /// When it was made (RFC 3339).
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// Its snapshot's ID.
    pub snapshot: String,
}

impl ExportRef {
    /// The reference to `entry`.
    pub fn of(entry: &HistoryEntry) -> ExportRef {
        ExportRef {
            export: entry.seq,
            at: entry.at,
            snapshot: entry.snapshot.clone(),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ChangesReport<'a> {
    since: &'a ExportRef,
    #[serde(flatten)]
    changes: &'a Changes,
}

/// Writes `{"since": …, "invoices": […], "counts": {…}, "byCurrency": […]}`, pretty-printed,
/// with a final newline.
///
/// # Errors
/// The writer's.
pub fn write_changes_json(
    out: &mut dyn Write,
    since: &ExportRef,
    changes: &Changes,
) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &ChangesReport { since, changes })?;
    writeln!(out)
}
