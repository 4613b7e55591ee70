//! What an export contained, kept to compare later data with: per invoice its organization,
//! ID, number, status, currency, amounts and due date. Stored gzip-compressed JSON, one file
//! per export, written atomically and owner-only.

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde::{Deserialize, Serialize};

use super::HistoryError;
use crate::export::AtomicFile;
use crate::ids::OrgId;
use crate::model::Invoice;

/// The format of a snapshot file; a newer one is refused, not misread.
pub const SNAPSHOT_SCHEMA_VERSION: u32 = 1;
/// Largest snapshot read back (decompressed), so a damaged or planted file cannot take the
/// machine's memory: 2 GiB is far beyond 2 million invoices' rows.
const MAX_SNAPSHOT_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// Snapshot files end with this.
pub const SNAPSHOT_SUFFIX: &str = ".snapshot.json.gz";

/// One exported invoice, as compared later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapRow {
    /// The organization.
    pub org: String,
    /// The invoice ID (rows without one cannot be followed and are not kept).
    pub id: String,
    /// The invoice number.
    pub number: Option<String>,
    /// The status as the API sent it.
    pub status: Option<String>,
    /// The uppercase currency code.
    pub currency: Option<String>,
    /// Total, minor units.
    pub total: Option<i64>,
    /// Amount due, minor units.
    pub amount_due: Option<i64>,
    /// Amount paid, minor units.
    pub amount_paid: Option<i64>,
    /// Amount remaining, minor units.
    pub amount_remaining: Option<i64>,
    /// Due date, RFC 3339 (or the text the API sent).
    pub due_at: Option<String>,
}

impl SnapRow {
    /// The row of `invoice`; `None` without an invoice ID.
    pub fn of(org: &OrgId, invoice: &Invoice) -> Option<SnapRow> {
        Some(SnapRow {
            org: org.to_string(),
            id: invoice.id.clone()?,
            number: invoice.number.clone(),
            status: invoice.status.as_ref().map(|s| s.as_str().to_owned()),
            currency: invoice.currency.as_ref().map(|c| c.as_str().to_owned()),
            total: invoice.total,
            amount_due: invoice.amount_due,
            amount_paid: invoice.amount_paid,
            amount_remaining: invoice.amount_remaining,
            due_at: invoice
                .due_at
                .as_ref()
                .map(crate::dates::Timestamp::to_rfc3339),
        })
    }
}

/// The rows of one export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    /// The file format.
    pub schema_version: u32,
    /// Its ID: the export's time and a few characters of its content's hash.
    pub id: String,
    /// When the export was made.
    pub taken_at: DateTime<Utc>,
    /// The rows, in export order.
    pub rows: Vec<SnapRow>,
}

impl Snapshot {
    /// A snapshot of `rows` taken at `at`.
    pub fn new(at: DateTime<Utc>, rows: Vec<SnapRow>) -> Snapshot {
        let mut id = at.format("%Y%m%dT%H%M%S%.3fZ").to_string();
        let digest = {
            use sha2::Digest;
            let mut hasher = sha2::Sha256::new();
            for row in &rows {
                hasher.update(row.org.as_bytes());
                hasher.update([0]);
                hasher.update(row.id.as_bytes());
                hasher.update([0]);
            }
            hasher.finalize()
        };
        id.push('-');
        id.push_str(&hex::encode(&digest[..4]));
        Snapshot {
            schema_version: SNAPSHOT_SCHEMA_VERSION,
            id,
            taken_at: at,
            rows,
        }
    }

    /// The file of snapshot `id` in `dir`.
    pub fn path_in(dir: &Path, id: &str) -> PathBuf {
        dir.join(format!("{id}{SNAPSHOT_SUFFIX}"))
    }

    /// Writes the snapshot into `dir` (created owner-only), compressed, atomically.
    ///
    /// # Errors
    /// [`HistoryError::Write`].
    pub fn save(&self, dir: &Path) -> Result<PathBuf, HistoryError> {
        let path = Self::path_in(dir, &self.id);
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
        serde_json::to_writer(&mut buffered, self).map_err(|e| write_error(e.to_string()))?;
        std::io::Write::flush(&mut buffered).map_err(|e| write_error(e.to_string()))?;
        drop(buffered);
        let file = gz.finish().map_err(|e| write_error(e.to_string()))?;
        file.commit().map_err(|e| write_error(e.to_string()))?;
        Ok(path)
    }

    /// Reads snapshot `id` from `dir`.
    ///
    /// # Errors
    /// [`HistoryError::SnapshotMissing`], [`HistoryError::SnapshotDamaged`].
    pub fn load(dir: &Path, id: &str) -> Result<Snapshot, HistoryError> {
        let path = Self::path_in(dir, id);
        let file = std::fs::File::open(&path)
            .map_err(|_| HistoryError::SnapshotMissing { id: id.to_owned() })?;
        let damaged = |detail: String| HistoryError::SnapshotDamaged {
            path: path.clone(),
            detail,
        };
        let mut json = Vec::new();
        GzDecoder::new(file)
            .take(MAX_SNAPSHOT_BYTES)
            .read_to_end(&mut json)
            .map_err(|e| damaged(e.to_string()))?;
        let snapshot: Snapshot = serde_json::from_slice(&json)
            .map_err(|e| damaged(crate::text::clip(&e.to_string(), 200)))?;
        if snapshot.schema_version > SNAPSHOT_SCHEMA_VERSION {
            return Err(damaged(format!(
                "it was written by a newer Billing Desk (format {})",
                snapshot.schema_version
            )));
        }
        Ok(snapshot)
    }

    /// Deletes all but the newest `keep` snapshots of `dir` (at least the newest one stays).
    /// Failures are logged: pruning never fails an export.
    pub fn prune(dir: &Path, keep: usize) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut names: Vec<String> = entries
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter(|name| name.ends_with(SNAPSHOT_SUFFIX))
            .collect();
        // IDs start with the time, so the names sort oldest first.
        names.sort();
        let keep = keep.max(1);
        let old = names.len().saturating_sub(keep);
        for name in &names[..old] {
            if let Err(error) = std::fs::remove_file(dir.join(name)) {
                tracing::warn!(%error, "an old export snapshot could not be removed");
            }
        }
    }
}
