//! Replacing a file so that readers, and the disk after a power cut, see either the old
//! content or the new one, never a mix.
//!
//! The steps: write a temp file in the same folder (same file system, so the rename is
//! atomic), flush it to disk, rename it over the target, then flush the folder so the rename
//! itself survives a crash. A failure before the rename leaves the old file untouched and the
//! temp file removed. A temp file a killed save left behind is removed by a later save once
//! it is stale ([`crate::stale_temp`]).

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// Prefix of temp files, so a stray one left by a crash is recognisable (and removed by a
/// later save once stale, see [`crate::stale_temp`]).
pub(super) const TEMP_PREFIX: &str = ".settings.toml.";
/// Suffix of temp files.
pub(super) const TEMP_SUFFIX: &str = ".tmp";

/// Writes `bytes` to `path` atomically, readable by the owner only.
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

    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    owner_only(&mut builder);
    let mut temp = builder.tempfile_in(dir)?;
    sweep_stale_temps(dir, temp.as_file());
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    before_rename(temp.path())?;
    temp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir)
}

/// Removes temp files of killed saves in `dir`, dated against our own new temp file.
fn sweep_stale_temps(dir: &Path, ours: &fs::File) {
    match ours.metadata().and_then(|m| m.modified()) {
        Ok(now) => {
            crate::stale_temp::sweep(dir, TEMP_PREFIX, TEMP_SUFFIX, now);
        }
        Err(error) => tracing::debug!(%error, "no time to date stale temp files by; none removed"),
    }
}

/// Creates the folder (and parents) if missing; new folders are private to the owner on unix.
pub(super) fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
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

#[cfg(unix)]
fn owner_only(builder: &mut tempfile::Builder<'_, '_>) {
    use std::os::unix::fs::PermissionsExt;
    builder.permissions(fs::Permissions::from_mode(0o600));
}

#[cfg(not(unix))]
fn owner_only(_builder: &mut tempfile::Builder<'_, '_>) {
    // Windows: files under the user's profile inherit an ACL that already limits them to the
    // user; there is no mode to set.
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    // Windows cannot open a folder as a file; NTFS journals the rename itself.
    Ok(())
}
