//! Writing an export file so that it is either complete or not there at all.
//!
//! [`AtomicFile`] is a [`crate::durable_file::TempFile`] beside the target (temp file, sync,
//! rename, folder sync; removed when dropped uncommitted; owner-only, as exports hold
//! financial data) that also computes the SHA-256 and size of what was written, for the
//! manifest, without reading the file again.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::durable_file::TempFile;

use super::ExportError;

/// Where an export goes: a file (written atomically) or standard output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Standard output (`-` on the command line).
    Stdout,
    /// A file path.
    File(PathBuf),
}

impl Destination {
    /// Reads a command-line output argument: `-` is standard output, anything else a path.
    pub fn from_arg(arg: &str) -> Destination {
        if arg == "-" {
            Destination::Stdout
        } else {
            Destination::File(PathBuf::from(arg))
        }
    }
}

/// What a committed file is: where, how big, and its checksum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenFile {
    /// The final path.
    pub path: PathBuf,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the content, lowercase hex.
    pub sha256: String,
}

/// A file being written atomically; see the module docs. Implements [`Write`] and `Send`.
#[derive(Debug)]
pub struct AtomicFile {
    target: PathBuf,
    temp: BufWriter<TempFile>,
    hasher: Sha256,
    bytes: u64,
}

/// Temp files start with this, so a stray one (after a crash or power cut) is recognisable.
const TEMP_PREFIX: &str = ".bdesk-export-";

impl AtomicFile {
    /// Starts writing `target`: creates a temp file next to it. Nothing at `target` changes
    /// until [`AtomicFile::commit`].
    ///
    /// # Errors
    /// [`ExportError::PathUnwritable`] when the target is a folder, or its folder does not
    /// exist or may not be written.
    pub fn create(target: &Path) -> Result<AtomicFile, ExportError> {
        let unwritable = |source: io::Error| ExportError::PathUnwritable {
            path: target.to_path_buf(),
            source,
        };
        if target.is_dir() {
            return Err(unwritable(io::Error::new(
                io::ErrorKind::IsADirectory,
                "it is a folder, not a file",
            )));
        }
        let dir = crate::durable_file::parent_of(target);
        let temp = TempFile::create_in(&dir, TEMP_PREFIX).map_err(unwritable)?;
        Ok(AtomicFile {
            target: target.to_path_buf(),
            temp: BufWriter::with_capacity(256 * 1024, temp),
            hasher: Sha256::new(),
            bytes: 0,
        })
    }

    /// The path the file will have once committed.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The temp file's current path (for tests and diagnostics).
    pub fn temp_path(&self) -> &Path {
        self.temp.get_ref().path()
    }

    /// Removes temp files that killed writers left in this file's folder (see
    /// [`TempFile::sweep_stale`]).
    fn sweep_stale_temps(&self) {
        self.temp.get_ref().sweep_stale(&[TEMP_PREFIX]);
    }

    /// Flushes, syncs the data to disk, and renames the temp file over the target, replacing
    /// any previous file in one step. The folder is synced too, so the rename survives a crash
    /// (best effort: a failure there is logged, since the file is already in place).
    ///
    /// # Errors
    /// [`ExportError::Io`] (naming the target) when flushing, syncing or renaming fails; the
    /// temp file is then removed and the previous file left as it was.
    pub fn commit(self) -> Result<WrittenFile, ExportError> {
        let AtomicFile {
            target,
            temp,
            hasher,
            bytes,
        } = self;
        let io_error = |source: io::Error| ExportError::Io {
            path: Some(target.clone()),
            source,
        };
        let temp = temp.into_inner().map_err(|e| io_error(e.into_error()))?;
        temp.commit(&target).map_err(io_error)?;
        Ok(WrittenFile {
            path: target,
            bytes,
            sha256: hex::encode(hasher.finalize()),
        })
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.temp.write(buf)?;
        self.hasher.update(&buf[..written]);
        self.bytes += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.temp.flush()
    }
}

/// Writes `target` atomically with `write`, then commits; returns `write`'s result and what
/// was written. Stale temp files of killed writers beside `target` are removed first
/// ([`crate::stale_temp`]).
///
/// # Errors
/// [`ExportError::PathUnwritable`] before anything is written; any error of `write` (its I/O
/// errors now naming `target`), or of [`AtomicFile::commit`]. On every error the target is
/// left as it was and the temp file is removed.
pub fn write_file_atomically<T>(
    target: &Path,
    write: impl FnOnce(&mut AtomicFile) -> Result<T, ExportError>,
) -> Result<(T, WrittenFile), ExportError> {
    let mut file = AtomicFile::create(target)?;
    file.sweep_stale_temps();
    let value = write(&mut file).map_err(|e| e.at_path(target))?;
    let written = file.commit()?;
    Ok((value, written))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use std::fs;

    use super::*;

    #[test]
    fn commit_replaces_and_reports_size_and_checksum() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        fs::write(&target, "old").unwrap();
        let (_, written) = write_file_atomically(&target, |file| {
            file.write_all(b"abc")?;
            Ok(())
        })
        .unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"abc", "new content in place");
        assert_eq!(written.bytes, 3);
        assert_eq!(
            written.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "SHA-256 of \"abc\" (FIPS 180-2 test vector)"
        );
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(
            leftovers.len(),
            1,
            "no temp file remains next to the target"
        );
    }

    #[test]
    fn destination_dash_is_stdout() {
        assert_eq!(Destination::from_arg("-"), Destination::Stdout);
        assert_eq!(
            Destination::from_arg("a.csv"),
            Destination::File(PathBuf::from("a.csv"))
        );
    }
}
