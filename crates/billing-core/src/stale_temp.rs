//! Removing temp files that a killed writer left behind.
//!
//! Every writer writes into a hidden temp file beside its target and renames it into place
//! ([`crate::durable_file`]). A process killed part-way (SIGKILL, power cut) cannot remove its
//! temp file; an export's or a PDF's may be large. The next write into the same folder
//! calls [`sweep`] with its own naming patterns to remove such leftovers.
//!
//! What is removed, and why it is safe:
//! - Only regular files whose name is exactly the writer's pattern: `prefix`, then the
//!   [`RANDOM_CHARS`] ASCII letters or digits `tempfile` puts in the middle, then `suffix`.
//!   Anything else (the user's files, other programs' temp files, symlinks, folders) is never
//!   touched. Symlinks are not followed: the entry's own metadata is read, and a symlink is
//!   not a regular file.
//! - Only files not modified for [`STALE_AFTER`] (10 minutes). A live writer's temp file is
//!   recent: the settings writer creates, writes, syncs and renames a few kilobytes within
//!   milliseconds; an export's temp file is created only once all data has been fetched and
//!   is then written continuously (its modification time advancing with every buffer
//!   flush); the longest pause before its first byte is an XLSX workbook being assembled,
//!   seconds for 100,000 invoices. Ten minutes is far beyond any of these, so no file a
//!   running writer (in this or another process) still owns is old enough.
//! - "Now" is the modification time of the sweeping writer's own, just-created temp file:
//!   both times come from the same file system's clock, so a skewed clock (a network drive)
//!   cannot make a fresh file look old, and no clock is read here.
//!
//! Errors (an unreadable folder, a file that vanished, a permission refused) are logged at
//! debug level and otherwise ignored: the sweep is housekeeping and never fails a write.

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// A temp file untouched for this long cannot belong to a live writer (see the module docs).
pub(crate) const STALE_AFTER: Duration = Duration::from_secs(10 * 60);

/// Random characters `tempfile::Builder` puts between prefix and suffix (its default).
pub(crate) const RANDOM_CHARS: usize = 6;

/// Removes the stale temp files named `prefix` + [`RANDOM_CHARS`] letters or digits +
/// `suffix` in `dir` that were last modified at least [`STALE_AFTER`] before `now` (a time
/// from the same file system, see the module docs). Returns how many were removed.
pub(crate) fn sweep(dir: &Path, prefix: &str, suffix: &str, now: SystemTime) -> usize {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            tracing::debug!(dir = %dir.display(), %error, "could not list the folder to remove stale temp files");
            return 0;
        }
    };
    let mut removed = 0;
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        if !matches_pattern(name, prefix, suffix) {
            continue;
        }
        let path = entry.path();
        // `DirEntry::metadata` does not follow symlinks.
        let modified = match entry.metadata() {
            Ok(meta) if meta.file_type().is_file() => meta.modified(),
            Ok(_) => continue,
            Err(error) => Err(error),
        };
        let age = match modified {
            // A time after `now` (clock moved back) is an error here: such a file is kept.
            Ok(modified) => now.duration_since(modified).ok(),
            Err(error) => {
                tracing::debug!(path = %path.display(), %error, "could not read a temp file's age");
                continue;
            }
        };
        if age.is_none_or(|age| age < STALE_AFTER) {
            continue;
        }
        match fs::remove_file(&path) {
            Ok(()) => {
                tracing::debug!(path = %path.display(), "removed a temp file left by an interrupted write");
                removed += 1;
            }
            Err(error) => {
                tracing::debug!(path = %path.display(), %error, "could not remove a stale temp file");
            }
        }
    }
    removed
}

/// Whether `name` is exactly `prefix`, [`RANDOM_CHARS`] ASCII letters or digits, `suffix`.
fn matches_pattern(name: &str, prefix: &str, suffix: &str) -> bool {
    name.strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix(suffix))
        .is_some_and(|middle| {
            middle.len() == RANDOM_CHARS && middle.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn plant(dir: &Path, name: &str, age: Duration, now: SystemTime) {
        let path = dir.join(name);
        fs::write(&path, b"x").unwrap();
        fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(now - age)
            .unwrap();
    }

    #[test]
    fn the_pattern_is_exact() {
        let (p, s) = (".bdesk-export-", ".tmp");
        assert!(matches_pattern(".bdesk-export-aZ09xy.tmp", p, s));
        for other in [
            ".bdesk-export-LEFTOVER.tmp",
            ".bdesk-export-abc.tmp",
            ".bdesk-export-ab-cde.tmp",
            ".bdesk-export-abcdef.tmp.csv",
            "bdesk-export-abcdef.tmp",
            "invoices.csv",
        ] {
            assert!(
                !matches_pattern(other, p, s),
                "{other:?} is not a name this writer creates"
            );
        }
    }

    #[test]
    fn only_old_files_of_the_pattern_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let now = SystemTime::now();
        let old = STALE_AFTER + Duration::from_secs(60);
        plant(dir.path(), ".s.abcdef.tmp", old, now);
        plant(dir.path(), ".s.fresh1.tmp", Duration::from_secs(5), now);
        plant(dir.path(), ".s.toolong1.tmp", old, now);
        plant(dir.path(), "notes.txt", old, now);
        #[cfg(unix)]
        {
            plant(dir.path(), "target.bin", old, now);
            std::os::unix::fs::symlink(
                dir.path().join("target.bin"),
                dir.path().join(".s.link01.tmp"),
            )
            .unwrap();
        }
        assert_eq!(
            sweep(dir.path(), ".s.", ".tmp", now),
            1,
            "one stale temp file"
        );
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        let mut expected = vec![".s.fresh1.tmp", ".s.toolong1.tmp", "notes.txt"];
        #[cfg(unix)]
        expected.extend([".s.link01.tmp", "target.bin"]);
        expected.sort();
        assert_eq!(
            left, expected,
            "a fresh temp file, other names and a symlink (and what it points to) stay"
        );
    }
}
