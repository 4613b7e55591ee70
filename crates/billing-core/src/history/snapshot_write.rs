//! Writing an export's snapshot: streamed from rows borrowed from the exported data, into a
//! temp file beside its place that [`PendingSnapshot`] holds until the export is recorded, so
//! an export that fails leaves no snapshot behind. [`History::snapshot_beside`] writes it on a
//! second thread while the export itself is written.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use flate2::Compression;
use flate2::write::GzEncoder;
use serde::ser::{Error as _, SerializeSeq as _};
use serde::{Serialize, Serializer};
use sha2::Digest as _;

use super::snapshot::{SNAPSHOT_SCHEMA_VERSION, SnapRowRef, Snapshot};
use super::{History, HistoryError};
use crate::export::AtomicFile;

/// A written snapshot not yet in place: [`super::History::record`] puts it there; dropped,
/// its temp file is removed.
#[derive(Debug)]
pub struct PendingSnapshot {
    id: String,
    file: AtomicFile,
}

impl PendingSnapshot {
    /// The snapshot's ID, as its history entry names it.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Moves the file into place; returns the ID.
    pub(super) fn commit(self) -> Result<String, HistoryError> {
        let path = self.file.target().to_path_buf();
        self.file.commit().map_err(|e| HistoryError::Write {
            path,
            detail: e.to_string(),
        })?;
        Ok(self.id)
    }
}

/// The ID of a snapshot of `rows` taken at `at`: the time, and a few characters of a hash of
/// the rows' organizations and invoice IDs.
fn snapshot_id<'a>(at: DateTime<Utc>, rows: impl Iterator<Item = SnapRowRef<'a>>) -> String {
    let mut hasher = sha2::Sha256::new();
    for row in rows {
        hasher.update(row.org.as_bytes());
        hasher.update([0]);
        hasher.update(row.id.as_bytes());
        hasher.update([0]);
    }
    let digest = hasher.finalize();
    let mut id = at.format("%Y%m%dT%H%M%S%.3fZ").to_string();
    id.push('-');
    id.push_str(&hex::encode(&digest[..4]));
    id
}

/// What a snapshot file holds, with its rows streamed from the data: the same fields, in the
/// same order, as [`Snapshot`] reads.
#[derive(Serialize)]
#[serde(rename_all = "camelCase", bound = "RowsOut<'s, I>: Serialize")]
struct SnapshotOut<'s, I> {
    schema_version: u32,
    id: &'s str,
    taken_at: DateTime<Utc>,
    rows: RowsOut<'s, I>,
}

/// The rows, serialized from a fresh copy of the iterator; a raised `stop` ends the write with
/// an error.
struct RowsOut<'s, I> {
    rows: I,
    stop: &'s AtomicBool,
}

/// Rows written between two looks at `stop`.
const STOP_CHECK_EVERY: usize = 4_096;

impl<'a, I> Serialize for RowsOut<'_, I>
where
    I: Iterator<Item = SnapRowRef<'a>> + Clone,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        for (i, row) in self.rows.clone().enumerate() {
            if i % STOP_CHECK_EVERY == 0 && self.stop.load(Ordering::Relaxed) {
                return Err(S::Error::custom("the export it belongs to did not finish"));
            }
            seq.serialize_element(&row)?;
        }
        seq.end()
    }
}

/// Writes the snapshot of `rows` taken at `at` into a temp file in `dir` (created owner-only),
/// compressed. `rows` is walked twice: once for the ID, once to write.
///
/// # Errors
/// [`HistoryError::Write`]; also when `stop` is raised before the last row is written.
fn write<'a, I>(
    dir: &Path,
    at: DateTime<Utc>,
    rows: I,
    stop: &AtomicBool,
) -> Result<PendingSnapshot, HistoryError>
where
    I: Iterator<Item = SnapRowRef<'a>> + Clone,
{
    let id = snapshot_id(at, rows.clone());
    let path = Snapshot::path_in(dir, &id);
    let write_error = |detail: String| HistoryError::Write {
        path: path.clone(),
        detail,
    };
    crate::durable_file::create_private_dir(dir).map_err(|e| write_error(e.to_string()))?;
    let file = AtomicFile::create(&path).map_err(|e| write_error(e.to_string()))?;
    // Fast compression: a snapshot is written with every export, while the user waits.
    let mut gz = GzEncoder::new(file, Compression::fast());
    // serde_json writes a few bytes at a time; the compressor wants large blocks.
    let mut buffered = std::io::BufWriter::with_capacity(256 * 1024, &mut gz);
    let out = SnapshotOut {
        schema_version: SNAPSHOT_SCHEMA_VERSION,
        id: &id,
        taken_at: at,
        rows: RowsOut { rows, stop },
    };
    serde_json::to_writer(&mut buffered, &out).map_err(|e| write_error(e.to_string()))?;
    std::io::Write::flush(&mut buffered).map_err(|e| write_error(e.to_string()))?;
    drop(buffered);
    let file = gz.finish().map_err(|e| write_error(e.to_string()))?;
    Ok(PendingSnapshot { id, file })
}

impl History {
    /// Writes the snapshot of `rows` taken at `at`, for [`History::record`]. `rows` is walked
    /// twice and never copied.
    ///
    /// # Errors
    /// [`HistoryError::Write`].
    pub fn snapshot<'a, I>(
        &self,
        at: DateTime<Utc>,
        rows: I,
    ) -> Result<PendingSnapshot, HistoryError>
    where
        I: Iterator<Item = SnapRowRef<'a>> + Clone,
    {
        write(self.dir(), at, rows, &AtomicBool::new(false))
    }

    /// Runs `export` on this thread while the snapshot of `rows` is written on a second one
    /// (the two take about as long, and a finance machine has a core to spare); returns the
    /// export's value and the snapshot for [`History::record`]. When `export` fails, the
    /// snapshot's write stops early and nothing of it is kept.
    ///
    /// # Errors
    /// `export`'s error. The snapshot's own outcome is the second value: an export whose
    /// snapshot failed is still an export.
    pub fn snapshot_beside<'a, I, T, E>(
        &self,
        at: DateTime<Utc>,
        rows: I,
        export: impl FnOnce() -> Result<T, E>,
    ) -> Result<(T, Result<PendingSnapshot, HistoryError>), E>
    where
        I: Iterator<Item = SnapRowRef<'a>> + Clone + Send,
    {
        let dir = self.dir();
        let stop = &AtomicBool::new(false);
        std::thread::scope(|scope| {
            let theirs = rows.clone();
            let snapshot = std::thread::Builder::new()
                .name("bdesk-snapshot".to_owned())
                .spawn_scoped(scope, move || write(dir, at, theirs, stop));
            let exported = export();
            if exported.is_err() {
                stop.store(true, Ordering::Relaxed);
            }
            let snapshot = match snapshot {
                Ok(handle) => handle.join().unwrap_or_else(|_| {
                    Err(HistoryError::Write {
                        path: dir.to_path_buf(),
                        detail: "the snapshot writer stopped unexpectedly".to_owned(),
                    })
                }),
                // No thread to spare: the snapshot is written after the export.
                Err(_) => write(dir, at, rows, stop),
            };
            exported.map(|value| (value, snapshot))
        })
    }
}
