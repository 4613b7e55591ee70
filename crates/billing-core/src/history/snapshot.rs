//! What an export contained, kept to compare later data with: per invoice its organization,
//! ID, number, status, currency, amounts and due date. Stored gzip-compressed JSON, one file
//! per export, written atomically and owner-only.

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use flate2::read::GzDecoder;
use serde::{Deserialize, Serialize};

use super::HistoryError;
use crate::dates::Timestamp;
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
        SnapRowRef::of(org, invoice).map(|row| row.to_owned())
    }

    /// The row borrowed, as the snapshot writer takes it.
    pub fn as_ref(&self) -> SnapRowRef<'_> {
        SnapRowRef {
            org: &self.org,
            id: &self.id,
            number: self.number.as_deref(),
            status: self.status.as_deref(),
            currency: self.currency.as_deref(),
            total: self.total,
            amount_due: self.amount_due,
            amount_paid: self.amount_paid,
            amount_remaining: self.amount_remaining,
            due_at: self.due_at.as_deref().map(DueAt::Text),
        }
    }
}

/// One exported invoice borrowed from the data it describes: what the snapshot writer takes,
/// so an export's snapshot costs no copy of its rows. It serializes exactly as [`SnapRow`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapRowRef<'a> {
    /// See [`SnapRow::org`].
    pub org: &'a str,
    /// See [`SnapRow::id`].
    pub id: &'a str,
    /// See [`SnapRow::number`].
    pub number: Option<&'a str>,
    /// See [`SnapRow::status`].
    pub status: Option<&'a str>,
    /// See [`SnapRow::currency`].
    pub currency: Option<&'a str>,
    /// See [`SnapRow::total`].
    pub total: Option<i64>,
    /// See [`SnapRow::amount_due`].
    pub amount_due: Option<i64>,
    /// See [`SnapRow::amount_paid`].
    pub amount_paid: Option<i64>,
    /// See [`SnapRow::amount_remaining`].
    pub amount_remaining: Option<i64>,
    /// See [`SnapRow::due_at`].
    pub due_at: Option<DueAt<'a>>,
}

impl<'a> SnapRowRef<'a> {
    /// The row of `invoice`; `None` without an invoice ID.
    pub fn of(org: &'a OrgId, invoice: &'a Invoice) -> Option<SnapRowRef<'a>> {
        Some(SnapRowRef {
            org: org.as_str(),
            id: invoice.id.as_deref()?,
            number: invoice.number.as_deref(),
            status: invoice.status.as_ref().map(|s| s.as_str()),
            currency: invoice.currency.as_ref().map(|c| c.as_str()),
            total: invoice.total,
            amount_due: invoice.amount_due,
            amount_paid: invoice.amount_paid,
            amount_remaining: invoice.amount_remaining,
            due_at: invoice.due_at.as_ref().map(DueAt::Timestamp),
        })
    }

    /// The row owned, as a snapshot reads back.
    pub fn to_owned(&self) -> SnapRow {
        SnapRow {
            org: self.org.to_owned(),
            id: self.id.to_owned(),
            number: self.number.map(str::to_owned),
            status: self.status.map(str::to_owned),
            currency: self.currency.map(str::to_owned),
            total: self.total,
            amount_due: self.amount_due,
            amount_paid: self.amount_paid,
            amount_remaining: self.amount_remaining,
            due_at: self.due_at.map(|due| due.to_string()),
        }
    }
}

/// A due date as a snapshot writes it: the invoice's timestamp, formatted only while it is
/// written, or the text a snapshot already holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueAt<'a> {
    /// From an invoice: RFC 3339, or the text the API sent.
    Timestamp(&'a Timestamp),
    /// From a snapshot row.
    Text(&'a str),
}

impl std::fmt::Display for DueAt<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DueAt::Timestamp(at) => f.write_str(&at.to_rfc3339()),
            DueAt::Text(text) => f.write_str(text),
        }
    }
}

impl Serialize for DueAt<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
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
    /// The file of snapshot `id` in `dir`.
    pub fn path_in(dir: &Path, id: &str) -> PathBuf {
        dir.join(format!("{id}{SNAPSHOT_SUFFIX}"))
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::model::InvoiceStatus;
    use crate::money::Currency;

    /// The borrowed row is what an export writes and the owned one what a comparison reads:
    /// the two must be the same JSON, for every shape of invoice.
    #[test]
    fn a_borrowed_row_writes_exactly_what_an_owned_row_reads() {
        let org = OrgId::parse("org_1").unwrap();
        let invoices = [
            Invoice {
                id: Some("in_1".to_owned()),
                number: Some("INV-\"1\"\n".to_owned()),
                status: Some(InvoiceStatus::parse("open")),
                currency: Some(Currency::new("eur")),
                total: Some(12_345),
                amount_due: Some(12_345),
                amount_paid: Some(0),
                amount_remaining: Some(12_345),
                due_at: Some(Timestamp::parse("2026-11-30T10:00:00.250Z")),
                ..Invoice::default()
            },
            Invoice {
                id: Some("in_2".to_owned()),
                status: Some(InvoiceStatus::parse("something_new")),
                due_at: Some(Timestamp::parse("next Tuesday")),
                ..Invoice::default()
            },
            Invoice {
                id: Some("in_3".to_owned()),
                ..Invoice::default()
            },
        ];
        for invoice in &invoices {
            let borrowed = SnapRowRef::of(&org, invoice).unwrap();
            let owned = SnapRow::of(&org, invoice).unwrap();
            let written = serde_json::to_string(&borrowed).unwrap();
            assert_eq!(written, serde_json::to_string(&owned).unwrap());
            assert_eq!(serde_json::from_str::<SnapRow>(&written).unwrap(), owned);
            assert_eq!(serde_json::to_string(&owned.as_ref()).unwrap(), written);
        }
        let without_id = Invoice::default();
        assert!(SnapRowRef::of(&org, &without_id).is_none(), "no ID, no row");
    }
}
