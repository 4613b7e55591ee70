//! `index.json`: what the archive folder holds, from which link, and since when.
//!
//! The app reads it to open the local copy of an invoice's PDF after the link has expired
//! ([`ArchiveIndex::lookup`], [`ArchiveIndex::local_path`]); the archive reads it to skip
//! invoices already archived and to keep each invoice's file name stable across runs.
//!
//! ```json
//! {
//!   "schemaVersion": 1,
//!   "entries": [
//!     {
//!       "org": "acme",
//!       "invoiceId": "in_123",
//!       "number": "INV-0001",
//!       "file": "acme_INV-0001.pdf",
//!       "sourceLink": "https://pay.example.com/invoice/in_123/pdf",
//!       "sha256": "…64 hex digits…",
//!       "bytes": 12345,
//!       "archivedAt": "2024-06-01T12:00:00Z"
//!     }
//!   ]
//! }
//! ```
//!
//! Entries are keyed by organization and invoice (the ID, or the number for an invoice
//! without ID) and sorted by them, so the file diffs well. It is written atomically and
//! readable by its owner only (it lists financial documents and their links).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::error::PdfArchiveError;
use super::names;
use crate::durable_file::TempFile;
use crate::ids::OrgId;

/// Name of the index file inside the archive folder.
pub const INDEX_FILE_NAME: &str = "index.json";
/// The largest `index.json` read (about 200,000 entries).
pub const INDEX_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// The index format this build writes and the newest it reads.
pub const INDEX_SCHEMA_VERSION: u32 = 1;

/// Temp files of index writes start with this.
const INDEX_TEMP_PREFIX: &str = ".bdesk-index-";

/// One archived PDF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ArchiveEntry {
    /// The organization the invoice belongs to.
    pub org: OrgId,
    /// The invoice's ID; `None` for an invoice that has only a number.
    pub invoice_id: Option<String>,
    /// The invoice number, when it has one.
    pub number: Option<String>,
    /// The file's name inside the archive folder (a plain name, never a path).
    pub file: String,
    /// The link the PDF was downloaded from.
    pub source_link: String,
    /// SHA-256 of the file, lowercase hex.
    pub sha256: String,
    /// Size of the file in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
    /// When this content was first saved.
    #[ts(type = "string")]
    pub archived_at: DateTime<Utc>,
}

impl ArchiveEntry {
    /// The invoice key: the ID, or the number when there is no ID.
    pub fn invoice_key(&self) -> Option<&str> {
        self.invoice_id.as_deref().or(self.number.as_deref())
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct IndexDoc {
    schema_version: u32,
    #[serde(default)]
    entries: Vec<ArchiveEntry>,
}

/// Just the version, read first so a newer file is refused even if its shape changed.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct VersionProbe {
    schema_version: Option<u32>,
}

/// The index of one archive folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveIndex {
    dir: PathBuf,
    entries: Vec<ArchiveEntry>,
}

impl ArchiveIndex {
    /// An empty index for `dir` (nothing is written until [`ArchiveIndex::save`]).
    pub fn empty(dir: impl Into<PathBuf>) -> ArchiveIndex {
        ArchiveIndex {
            dir: dir.into(),
            entries: Vec::new(),
        }
    }

    /// Reads `dir/index.json`; an empty index when the folder or file does not exist yet.
    ///
    /// # Errors
    /// [`PdfArchiveError::IndexNewer`] for a file of a newer format,
    /// [`PdfArchiveError::IndexDamaged`] when it is not the expected JSON,
    /// [`PdfArchiveError::IndexIo`] when it cannot be read.
    pub fn load(dir: impl Into<PathBuf>) -> Result<ArchiveIndex, PdfArchiveError> {
        let dir = dir.into();
        let path = dir.join(INDEX_FILE_NAME);
        let bytes = match crate::private_file::read_limited(&path, INDEX_MAX_BYTES) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                return Ok(ArchiveIndex::empty(dir));
            }
            Err(source) => {
                return Err(PdfArchiveError::IndexIo {
                    action: "read",
                    path,
                    source,
                });
            }
        };
        let damaged = |detail: String| PdfArchiveError::IndexDamaged {
            path: path.clone(),
            detail,
        };
        let probe: VersionProbe =
            serde_json::from_slice(&bytes).map_err(|e| damaged(e.to_string()))?;
        match probe.schema_version {
            None => return Err(damaged("it has no schemaVersion".to_owned())),
            Some(found) if found > INDEX_SCHEMA_VERSION => {
                return Err(PdfArchiveError::IndexNewer {
                    path,
                    found,
                    supported: INDEX_SCHEMA_VERSION,
                });
            }
            Some(_) => {}
        }
        let doc: IndexDoc = serde_json::from_slice(&bytes).map_err(|e| damaged(e.to_string()))?;
        if let Some(bad) = doc
            .entries
            .iter()
            .find(|entry| !names::is_plain_file_name(&entry.file))
        {
            return Err(damaged(format!(
                "the entry for invoice {} names a file outside the folder",
                bad.invoice_key().unwrap_or("?")
            )));
        }
        let mut index = ArchiveIndex {
            dir,
            entries: doc.entries,
        };
        index.sort();
        Ok(index)
    }

    /// The archive folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The index file's path.
    pub fn path(&self) -> PathBuf {
        self.dir.join(INDEX_FILE_NAME)
    }

    /// Every entry, sorted by organization and invoice.
    pub fn entries(&self) -> &[ArchiveEntry] {
        &self.entries
    }

    /// The entry for an invoice of an organization, by invoice ID (or number, for invoices
    /// without ID).
    pub fn lookup(&self, org: &OrgId, invoice_key: &str) -> Option<&ArchiveEntry> {
        self.entries
            .iter()
            .find(|e| &e.org == org && e.invoice_key() == Some(invoice_key))
    }

    /// The first entry for an invoice ID in any organization (invoice IDs are unique per
    /// billing account, so this is the one the app wants when it only has the invoice).
    pub fn lookup_invoice(&self, invoice_id: &str) -> Option<&ArchiveEntry> {
        self.entries
            .iter()
            .find(|e| e.invoice_id.as_deref() == Some(invoice_id))
    }

    /// Where an entry's file is on disk. `None` if the recorded name is not a plain file name
    /// (an index edited by hand), so a path outside the folder is never opened.
    pub fn local_path(&self, entry: &ArchiveEntry) -> Option<PathBuf> {
        names::is_plain_file_name(&entry.file).then(|| self.dir.join(&entry.file))
    }

    /// The entry's file, when it is still the PDF the archive wrote: a `.pdf` name in the
    /// folder, a regular file (no symlink), the recorded size and SHA-256, starting with
    /// `%PDF-` (see [`super::verify`]). Only such a path is handed to the OS opener.
    pub fn verified_copy(&self, entry: &ArchiveEntry) -> Option<PathBuf> {
        super::verify::is_archived_pdf(&self.dir, &entry.file, entry.bytes, &entry.sha256)
            .then(|| self.dir.join(&entry.file))
    }

    /// Whether the entry's file looks like the archived PDF by name, kind and size, without
    /// reading it: the table's "archived" mark, checked for every row on screen.
    pub fn has_copy(&self, entry: &ArchiveEntry) -> bool {
        super::verify::looks_archived(&self.dir, &entry.file, entry.bytes)
    }

    /// Adds an entry, replacing the one for the same organization and invoice.
    pub fn upsert(&mut self, entry: ArchiveEntry) {
        let key = entry.invoice_key().map(str::to_owned);
        self.entries
            .retain(|e| !(e.org == entry.org && e.invoice_key().map(str::to_owned) == key));
        self.entries.push(entry);
        self.sort();
    }

    /// Whether some entry other than the one for (`org`, `invoice_key`) uses the file name
    /// (compared case-insensitively).
    pub(crate) fn file_taken_by_other(&self, file: &str, org: &OrgId, invoice_key: &str) -> bool {
        let wanted = names::collision_key(file);
        self.entries.iter().any(|e| {
            names::collision_key(&e.file) == wanted
                && !(&e.org == org && e.invoice_key() == Some(invoice_key))
        })
    }

    /// Writes `index.json` through a [`TempFile`], and removes the temp files of downloads and
    /// index writes a killed run left in the folder.
    ///
    /// # Errors
    /// [`PdfArchiveError::IndexIo`].
    pub fn save(&self) -> Result<(), PdfArchiveError> {
        let path = self.path();
        let io_error = |source: io::Error| PdfArchiveError::IndexIo {
            action: "write",
            path: path.clone(),
            source,
        };
        let doc = IndexDoc {
            schema_version: INDEX_SCHEMA_VERSION,
            entries: self.entries.clone(),
        };
        let mut temp = TempFile::create_in(&self.dir, INDEX_TEMP_PREFIX).map_err(io_error)?;
        temp.sweep_stale(&[INDEX_TEMP_PREFIX, super::download::TEMP_PREFIX]);
        {
            let mut out = io::BufWriter::new(&mut temp);
            serde_json::to_writer_pretty(&mut out, &doc).map_err(|e| io_error(e.into()))?;
            out.write_all(b"\n").map_err(io_error)?;
            out.flush().map_err(io_error)?;
        }
        temp.commit(&path).map_err(io_error)
    }

    fn sort(&mut self) {
        self.entries.sort_by(|a, b| {
            (&a.org, a.invoice_key(), &a.file).cmp(&(&b.org, b.invoice_key(), &b.file))
        });
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    fn entry(org: &str, id: &str, file: &str) -> ArchiveEntry {
        ArchiveEntry {
            org: OrgId::parse(org).unwrap(),
            invoice_id: Some(id.to_owned()),
            number: Some(format!("N-{id}")),
            file: file.to_owned(),
            source_link: format!("https://pay.example.com/{id}.pdf"),
            sha256: "00".repeat(32),
            bytes: 10,
            archived_at: DateTime::<Utc>::UNIX_EPOCH,
        }
    }

    #[test]
    fn missing_index_is_empty_and_save_load_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let empty = ArchiveIndex::load(dir.path()).unwrap();
        assert!(empty.entries().is_empty(), "no file yet: nothing archived");

        let mut index = ArchiveIndex::empty(dir.path());
        index.upsert(entry("b", "in_2", "b_2.pdf"));
        index.upsert(entry("a", "in_1", "a_1.pdf"));
        index.save().unwrap();
        let back = ArchiveIndex::load(dir.path()).unwrap();
        assert_eq!(back, index, "what was saved is read back");
        assert_eq!(back.entries()[0].org.as_str(), "a", "entries are sorted");
        let text = fs::read_to_string(dir.path().join(INDEX_FILE_NAME)).unwrap();
        assert!(text.contains("\"schemaVersion\": 1"), "{text}");
        assert!(
            text.contains("\"archivedAt\": \"1970-01-01T00:00:00Z\""),
            "{text}"
        );
    }

    #[test]
    fn lookups_find_by_org_and_invoice() {
        let mut index = ArchiveIndex::empty("/archive");
        index.upsert(entry("a", "in_1", "a_1.pdf"));
        index.upsert(entry("b", "in_1", "b_1.pdf"));
        let a = OrgId::parse("a").unwrap();
        assert_eq!(index.lookup(&a, "in_1").unwrap().file, "a_1.pdf");
        assert!(index.lookup(&a, "in_9").is_none());
        assert_eq!(index.lookup_invoice("in_1").unwrap().file, "a_1.pdf");
        let found = index.lookup_invoice("in_1").unwrap();
        assert_eq!(
            index.local_path(found),
            Some(PathBuf::from("/archive/a_1.pdf"))
        );
    }

    #[test]
    fn upsert_replaces_the_same_invoice() {
        let mut index = ArchiveIndex::empty("/archive");
        index.upsert(entry("a", "in_1", "a_1.pdf"));
        let mut newer = entry("a", "in_1", "a_1.pdf");
        newer.bytes = 99;
        index.upsert(newer);
        assert_eq!(index.entries().len(), 1, "one entry per invoice");
        assert_eq!(index.entries()[0].bytes, 99, "the newer facts win");
        let a = OrgId::parse("a").unwrap();
        assert!(
            !index.file_taken_by_other("A_1.PDF", &a, "in_1"),
            "its own file"
        );
        let b = OrgId::parse("b").unwrap();
        assert!(
            index.file_taken_by_other("A_1.PDF", &b, "in_1"),
            "another invoice's file, whatever the case"
        );
    }

    #[test]
    fn damaged_newer_and_escaping_indexes_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(INDEX_FILE_NAME);
        fs::write(&path, "{ not json").unwrap();
        let err = ArchiveIndex::load(dir.path()).unwrap_err();
        assert_eq!(err.code(), "pdf_index_damaged", "{err}");

        fs::write(&path, r#"{"schemaVersion": 7, "entries": "new shape"}"#).unwrap();
        let err = ArchiveIndex::load(dir.path()).unwrap_err();
        assert_eq!(
            err.code(),
            "pdf_index_newer",
            "the version is checked first: {err}"
        );

        let mut escaping = entry("a", "in_1", "../outside.pdf");
        escaping.file = "../outside.pdf".into();
        let doc = serde_json::json!({"schemaVersion": 1, "entries": [escaping]});
        fs::write(&path, doc.to_string()).unwrap();
        let err = ArchiveIndex::load(dir.path()).unwrap_err();
        assert_eq!(
            err.code(),
            "pdf_index_damaged",
            "a path must not leave the folder: {err}"
        );
    }
}
