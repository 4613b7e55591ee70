//! What was exported, and what changed since: every export records a [`Snapshot`] of its rows
//! and appends one entry to an append-only, hash-chained log ([`log`]); [`changes::compare`]
//! compares a snapshot with the data now. One history per data source (a connection, a
//! one-off address, the demo), in the OS data directory, owner-only.

pub mod changes;
pub mod changes_csv;
pub mod changes_xlsx;
pub mod log;
pub mod report;
pub mod snapshot;
pub mod snapshot_write;
pub mod view_text;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

pub use changes::{ChangeKind, Changes, CurrencyDelta, FieldChange, InvoiceChange, compare};
pub use log::{HistoryEntry, VerifyReport};
pub use report::{ExportRef, write_changes_json};
pub use snapshot::{DueAt, SnapRow, SnapRowRef, Snapshot};
pub use snapshot_write::PendingSnapshot;
pub use view_text::describe_view;

/// Folder under the data directory that holds one history folder per data source.
pub const HISTORY_DIR: &str = "history";
/// Snapshots kept per history unless configured otherwise; older ones are pruned, never the
/// newest.
pub const DEFAULT_SNAPSHOTS_KEPT: usize = 50;

/// Why the history could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// A file of the history could not be written.
    #[error("The export history could not be written to {path}: {detail}")]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// The system's reason.
        detail: String,
    },
    /// The log could not be read.
    #[error("The export history {path} could not be read: {detail}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The system's reason.
        detail: String,
    },
    /// No snapshot has this ID (pruned, or never taken).
    #[error(
        "There is no snapshot of export {id}: it was pruned (a connection keeps the last \
         {DEFAULT_SNAPSHOTS_KEPT} unless set otherwise) or never taken. See `bdesk history` for \
         the exports that have one."
    )]
    SnapshotMissing {
        /// The ID asked for.
        id: String,
    },
    /// A snapshot file is not what the history wrote.
    #[error("The snapshot {path} cannot be read: {detail}")]
    SnapshotDamaged {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// The history has no export yet.
    #[error("Nothing has been exported from here yet, so there is nothing to compare with.")]
    NoExportYet,
}

/// Where one data source's history lives: `history/<key>` under the data directory.
#[derive(Debug, Clone)]
pub struct History {
    dir: PathBuf,
    keep: usize,
}

/// What one export did, as its history entry records it.
#[derive(Debug, Clone)]
pub struct ExportRecord {
    /// When.
    pub at: DateTime<Utc>,
    /// The connection's name, if the data came through one.
    pub connection: Option<String>,
    /// The API's base URL.
    pub base_url: String,
    /// The view: filters, sort, organizations, as the query took them.
    pub view: serde_json::Value,
    /// The organizations exported.
    pub organizations: Vec<String>,
    /// `csv`, `xlsx` or `json`.
    pub format: String,
    /// The file; `None` for standard output.
    pub path: Option<PathBuf>,
    /// Invoice rows written.
    pub rows: u64,
    /// The file's SHA-256; `None` for standard output.
    pub sha256: Option<String>,
}

impl History {
    /// The history of the data source `key` (a connection's name, `demo`, or an address)
    /// under `data_dir`; its folder name is made safe for every OS.
    pub fn of(data_dir: &Path, key: &str) -> History {
        History {
            dir: data_dir
                .join(HISTORY_DIR)
                .join(crate::pdf_archive::names::folder_name(key)),
            keep: DEFAULT_SNAPSHOTS_KEPT,
        }
    }

    /// The same history keeping `keep` snapshots (at least one).
    pub fn keeping(mut self, keep: usize) -> History {
        self.keep = keep.max(1);
        self
    }

    /// Its folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Records an export: puts its snapshot in place, then appends one log entry naming it;
    /// old snapshots beyond [`History::keeping`] are pruned.
    ///
    /// # Errors
    /// [`HistoryError::Write`] / [`HistoryError::Read`].
    pub fn record(
        &self,
        export: ExportRecord,
        snapshot: PendingSnapshot,
    ) -> Result<HistoryEntry, HistoryError> {
        let snapshot = snapshot.commit()?;
        let entry = HistoryEntry {
            seq: 0,
            at: export.at,
            user: os_user(),
            connection: export.connection,
            base_url: export.base_url,
            view: export.view,
            organizations: export.organizations,
            format: export.format,
            path: export.path.map(|p| absolute(&p).display().to_string()),
            rows: export.rows,
            sha256: export.sha256,
            snapshot,
            prev: String::new(),
        };
        let written = log::append(&self.dir, entry)?;
        Snapshot::prune(&self.dir, self.keep);
        Ok(written)
    }

    /// Every recorded export, oldest first.
    ///
    /// # Errors
    /// [`HistoryError::Read`].
    pub fn entries(&self) -> Result<Vec<HistoryEntry>, HistoryError> {
        log::entries(&self.dir)
    }

    /// Checks the log's chain and the exported files (see [`log::verify`]).
    ///
    /// # Errors
    /// [`HistoryError::Read`].
    pub fn verify(&self) -> Result<VerifyReport, HistoryError> {
        log::verify(&self.dir)
    }

    /// The snapshot of the export `since`: `last` (the newest export), an export's number
    /// (`seq`), its snapshot ID, or the path of its manifest (`<file>.manifest.json`; the
    /// export whose file has the manifest's SHA-256).
    ///
    /// # Errors
    /// [`HistoryError::NoExportYet`], [`HistoryError::SnapshotMissing`],
    /// [`HistoryError::SnapshotDamaged`], [`HistoryError::Read`].
    pub fn snapshot_since(&self, since: &str) -> Result<(HistoryEntry, Snapshot), HistoryError> {
        let entries = self.entries()?;
        let entry = if since == "last" {
            entries.last().cloned().ok_or(HistoryError::NoExportYet)?
        } else {
            let manifest_sha = manifest_sha256(Path::new(since));
            entries
                .iter()
                .rev()
                .find(|e| {
                    e.seq.to_string() == since
                        || e.snapshot == since
                        || (manifest_sha.is_some() && e.sha256 == manifest_sha)
                })
                .cloned()
                .ok_or_else(|| HistoryError::SnapshotMissing {
                    id: since.to_owned(),
                })?
        };
        let snapshot = Snapshot::load(&self.dir, &entry.snapshot)?;
        Ok((entry, snapshot))
    }
}

/// The `sha256` a manifest file names, when `path` is one (read with a size limit).
fn manifest_sha256(path: &Path) -> Option<String> {
    if !path.to_string_lossy().ends_with(".json") {
        return None;
    }
    let bytes = crate::private_file::read_limited(path, 1024 * 1024).ok()?;
    let manifest: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    manifest["sha256"].as_str().map(str::to_owned)
}

/// The user the OS runs this as, for the record (`USER`, or `USERNAME` on Windows).
fn os_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".to_owned())
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
