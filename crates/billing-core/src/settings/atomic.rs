//! The settings file's writes: replaced through [`crate::durable_file`] (whose guarantees are
//! the settings' too), in a folder made owner-only, and the one-time backup of a damaged file.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

pub(super) use crate::durable_file::create_private_dir;

/// Prefix of temp files, so a stray one left by a crash is recognisable (and removed by a
/// later save once stale, see [`crate::durable_file`]).
const TEMP_PREFIX: &str = ".settings.toml.";

/// Writes `bytes` to `path` atomically, readable by the owner only, creating its folder
/// (owner-only) if needed.
///
/// `before_rename` runs after the temp file is complete and synced, with its path; tests use it
/// to simulate a crash at the worst moment. An error from it aborts the save.
pub(super) fn replace(
    path: &Path,
    bytes: &[u8],
    before_rename: &mut dyn FnMut(&Path) -> io::Result<()>,
) -> io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the file has no folder"))?;
    create_private_dir(dir)?;
    crate::durable_file::replace(path, TEMP_PREFIX, bytes, before_rename)
}

/// Writes a new file that must not exist yet, owner-only, synced.
pub(super) fn create_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}
