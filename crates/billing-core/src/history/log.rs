//! The export history: an append-only JSON Lines file, one entry per export, each holding the
//! SHA-256 of the line before it, so an edited, removed or reordered entry breaks the chain.
//! A `head` file beside it holds the hash of the last entry, so the last entry is covered too.
//!
//! A crash while appending leaves at most an incomplete last line (no newline) and a head one
//! entry behind; [`verify`] reports those as an interrupted write, not as tampering, and the
//! next [`append`] starts on a fresh line, chained to the last complete entry.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::HistoryError;

/// The log's file name inside a history folder.
pub const LOG_FILE_NAME: &str = "history.jsonl";
/// The head's file name inside a history folder.
pub const HEAD_FILE_NAME: &str = "history.head";
/// The `prev` of the first entry.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
/// Largest log read: far beyond a lifetime of exports.
const MAX_LOG_BYTES: u64 = 512 * 1024 * 1024;

/// One export, as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    /// 1 for the first export of this history, then one more per entry.
    pub seq: u64,
    /// When the export was made.
    pub at: DateTime<Utc>,
    /// The operating-system user who made it.
    pub user: String,
    /// The connection's name; `None` for a one-off address or the demo.
    pub connection: Option<String>,
    /// The API's base URL (never a token).
    pub base_url: String,
    /// The filters, sort and organizations of the exported view, as the query took them.
    pub view: serde_json::Value,
    /// The organizations exported.
    pub organizations: Vec<String>,
    /// `csv`, `xlsx` or `json`.
    pub format: String,
    /// The file written; `None` for standard output.
    pub path: Option<String>,
    /// Invoice rows written.
    pub rows: u64,
    /// SHA-256 of the file; `None` for standard output.
    pub sha256: Option<String>,
    /// The snapshot of the exported rows.
    pub snapshot: String,
    /// SHA-256 of the previous entry's line (64 zeros for the first).
    pub prev: String,
}

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct VerifyReport {
    /// Complete entries read.
    pub entries: usize,
    /// Lines that break the chain: edited, removed, inserted or reordered entries.
    pub tampered: Vec<String>,
    /// Exported files whose SHA-256 no longer matches.
    pub files_changed: Vec<String>,
    /// Exported files that are no longer there (moved or deleted: not a mismatch).
    pub files_missing: Vec<String>,
    /// Interrupted writes (a crash while appending): reported, not counted as tampering.
    pub interrupted: Vec<String>,
}

impl VerifyReport {
    /// Nothing was edited, removed or reordered, and every file that still exists matches.
    pub fn is_clean(&self) -> bool {
        self.tampered.is_empty() && self.files_changed.is_empty()
    }
}

fn hash_line(line: &[u8]) -> String {
    hex::encode(Sha256::digest(line))
}

/// The complete lines of the log and whether an incomplete one follows them.
fn read_lines(dir: &Path) -> Result<(Vec<Vec<u8>>, bool), HistoryError> {
    let path = dir.join(LOG_FILE_NAME);
    let bytes = match crate::private_file::read_limited(&path, MAX_LOG_BYTES) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Ok((Vec::new(), false));
        }
        Err(error) => {
            return Err(HistoryError::Read {
                path,
                detail: error.to_string(),
            });
        }
    };
    let complete = bytes.ends_with(b"\n") || bytes.is_empty();
    let mut lines: Vec<Vec<u8>> = bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
    // `split` yields an empty last piece after a final newline; an incomplete line otherwise.
    lines.pop();
    Ok((lines, !complete))
}

/// The last complete entry that parses, with its line's hash.
fn last_entry(lines: &[Vec<u8>]) -> Option<(HistoryEntry, String)> {
    lines.iter().rev().find_map(|line| {
        let entry: HistoryEntry = serde_json::from_slice(line).ok()?;
        Some((entry, hash_line(line)))
    })
}

/// Appends `entry` (its `seq` and `prev` are set here) to the history in `dir` and moves the
/// head to it. Returns the entry as written.
///
/// # Errors
/// [`HistoryError::Read`] / [`HistoryError::Write`].
pub fn append(dir: &Path, mut entry: HistoryEntry) -> Result<HistoryEntry, HistoryError> {
    crate::durable_file::create_private_dir(dir).map_err(|e| HistoryError::Write {
        path: dir.to_path_buf(),
        detail: e.to_string(),
    })?;
    let (lines, incomplete) = read_lines(dir)?;
    let (seq, prev) = match last_entry(&lines) {
        Some((last, hash)) => (last.seq + 1, hash),
        None => (1, GENESIS.to_owned()),
    };
    entry.seq = seq;
    entry.prev = prev;
    let mut line = serde_json::to_vec(&entry).map_err(|e| HistoryError::Write {
        path: dir.join(LOG_FILE_NAME),
        detail: e.to_string(),
    })?;
    let hash = hash_line(&line);
    line.push(b'\n');
    if incomplete {
        // The crashed write's text stays, on a line of its own; `verify` names it.
        line.insert(0, b'\n');
    }
    let path = dir.join(LOG_FILE_NAME);
    let write_error = |e: std::io::Error| HistoryError::Write {
        path: path.clone(),
        detail: e.to_string(),
    };
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&path).map_err(write_error)?;
    file.write_all(&line).map_err(write_error)?;
    file.sync_all().map_err(write_error)?;
    write_head(dir, &hash)?;
    Ok(entry)
}

fn write_head(dir: &Path, hash: &str) -> Result<(), HistoryError> {
    let path = dir.join(HEAD_FILE_NAME);
    let write_error = |detail: String| HistoryError::Write {
        path: path.clone(),
        detail,
    };
    let mut file =
        crate::export::AtomicFile::create(&path).map_err(|e| write_error(e.to_string()))?;
    file.write_all(format!("{hash}\n").as_bytes())
        .map_err(|e| write_error(e.to_string()))?;
    file.commit().map_err(|e| write_error(e.to_string()))?;
    Ok(())
}

/// Every complete entry that parses, oldest first (for listing; [`verify`] judges them).
///
/// # Errors
/// [`HistoryError::Read`].
pub fn entries(dir: &Path) -> Result<Vec<HistoryEntry>, HistoryError> {
    let (lines, _) = read_lines(dir)?;
    Ok(lines
        .iter()
        .filter_map(|line| serde_json::from_slice(line).ok())
        .collect())
}

/// Checks the chain of the history in `dir`, its head, and the exported files that still
/// exist (see the module docs).
///
/// # Errors
/// [`HistoryError::Read`] when the log cannot be read at all.
pub fn verify(dir: &Path) -> Result<VerifyReport, HistoryError> {
    let (lines, incomplete) = read_lines(dir)?;
    let mut report = VerifyReport {
        entries: 0,
        tampered: Vec::new(),
        files_changed: Vec::new(),
        files_missing: Vec::new(),
        interrupted: Vec::new(),
    };
    let mut prev_hash = GENESIS.to_owned();
    let mut expected_seq = 1u64;
    // A line that does not parse: a crash's leftover when the next entry chains past it.
    let mut unreadable: Option<usize> = None;
    for (index, line) in lines.iter().enumerate() {
        let number = index + 1;
        let Ok(entry) = serde_json::from_slice::<HistoryEntry>(line) else {
            unreadable = Some(number);
            continue;
        };
        report.entries += 1;
        if entry.prev != prev_hash || entry.seq != expected_seq {
            report.tampered.push(format!(
                "line {number} (export {}): {}",
                entry.seq,
                if entry.prev == prev_hash {
                    "its number is out of sequence"
                } else {
                    "the entry before it was edited, removed or moved"
                }
            ));
        }
        if let Some(bad) = unreadable.take() {
            report.interrupted.push(format!(
                "line {bad} is an incomplete entry (an export interrupted while it was recorded)"
            ));
        }
        prev_hash = hash_line(line);
        expected_seq = entry.seq + 1;
        check_file(&entry, &mut report);
    }
    if let Some(bad) = unreadable {
        report
            .tampered
            .push(format!("line {bad} is not a readable entry"));
    }
    if incomplete {
        report.interrupted.push(format!(
            "the last line ({}) is incomplete (an export interrupted while it was recorded)",
            lines.len() + 1
        ));
    }
    check_head(dir, &lines, &prev_hash, &mut report);
    Ok(report)
}

/// The head names the last entry; one entry behind is an interrupted append.
fn check_head(dir: &Path, lines: &[Vec<u8>], last_hash: &str, report: &mut VerifyReport) {
    let head = std::fs::read_to_string(dir.join(HEAD_FILE_NAME))
        .map(|text| text.trim().to_owned())
        .unwrap_or_default();
    if report.entries == 0 && head.is_empty() {
        return;
    }
    if head == last_hash {
        return;
    }
    let before_last = lines
        .iter()
        .rev()
        .filter(|line| serde_json::from_slice::<HistoryEntry>(line).is_ok())
        .nth(1)
        .map(|line| hash_line(line));
    if before_last.as_deref() == Some(head.as_str()) {
        report.interrupted.push(
            "the head was not moved to the last entry (interrupted after writing it)".to_owned(),
        );
    } else {
        report.tampered.push(
            "the last entry was edited or removed (it is not the one the head names)".to_owned(),
        );
    }
}

fn check_file(entry: &HistoryEntry, report: &mut VerifyReport) {
    let (Some(path), Some(expected)) = (&entry.path, &entry.sha256) else {
        return;
    };
    let Ok(bytes) = std::fs::read(path) else {
        report
            .files_missing
            .push(format!("export {}: {path} is no longer there", entry.seq));
        return;
    };
    if &hex::encode(Sha256::digest(&bytes)) != expected {
        report
            .files_changed
            .push(format!("export {}: {path} was changed since", entry.seq));
    }
}

/// The history folder's log path.
pub fn log_path(dir: &Path) -> PathBuf {
    dir.join(LOG_FILE_NAME)
}
