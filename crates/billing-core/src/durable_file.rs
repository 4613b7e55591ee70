//! Putting a file in place so that readers, and the disk after a power cut, see the old content
//! or the new one, never a mix: the one way Billing Desk's writers (settings, exports, cached
//! answers, the export history, the PDF archive and its index) write a file.
//!
//! What every [`TempFile`] guarantees:
//! - It is written in the target's own folder (same file system, so the rename is atomic),
//!   readable by its owner only (0600 on unix), named `prefix` + random letters + `.tmp`, so a
//!   stray one is recognisable.
//! - [`TempFile::commit`] flushes it, syncs its data to disk, renames it over the target in one
//!   step, then syncs the folder so the rename itself survives a crash.
//!   [`TempFile::commit_new`] does the same to a name that must not exist yet.
//! - Dropped without a commit (an error part-way, a panic, a cancel), it is removed and the
//!   target is left as it was.
//! - A killed process cannot remove its temp file: [`TempFile::sweep_stale`] removes the ones of
//!   the writer's own prefixes once they are stale (see [`crate::stale_temp`] for why that is
//!   safe). Writers call it where a folder sees one write per user action (a save, an export,
//!   the end of a PDF run), not per file of a large batch.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// The suffix of every temp file.
pub const TEMP_SUFFIX: &str = ".tmp";

/// A file being written beside its target; see the module docs.
#[derive(Debug)]
pub struct TempFile {
    temp: NamedTempFile,
}

impl TempFile {
    /// Creates a temp file in `dir`, named `prefix` + random + [`TEMP_SUFFIX`], owner-only.
    ///
    /// # Errors
    /// The OS error when the folder does not exist or may not be written.
    pub fn create_in(dir: &Path, prefix: &str) -> io::Result<TempFile> {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(prefix).suffix(TEMP_SUFFIX);
        owner_only(&mut builder);
        Ok(TempFile {
            temp: builder.tempfile_in(dir)?,
        })
    }

    /// The temp file's path.
    pub fn path(&self) -> &Path {
        self.temp.path()
    }

    /// The open file, e.g. to clone its handle for async writes.
    pub fn as_file(&self) -> &fs::File {
        self.temp.as_file()
    }

    /// Removes stale temp files named by any of `prefixes` in this file's folder, dated against
    /// this file's own modification time (the folder's file system clock). Returns how many.
    pub fn sweep_stale(&self, prefixes: &[&str]) -> usize {
        let Some(dir) = self.path().parent() else {
            return 0;
        };
        match self.as_file().metadata().and_then(|m| m.modified()) {
            Ok(now) => prefixes
                .iter()
                .map(|prefix| crate::stale_temp::sweep(dir, prefix, TEMP_SUFFIX, now))
                .sum(),
            Err(error) => {
                tracing::debug!(%error, "no time to date stale temp files by; none removed");
                0
            }
        }
    }

    /// Syncs the data and renames the file over `target`, replacing what is there; then syncs
    /// the folder (a failure there is logged: the new file is already in place).
    ///
    /// # Errors
    /// The OS error of the sync or the rename; the temp file is then removed and the target
    /// left as it was.
    pub fn commit(self, target: &Path) -> io::Result<()> {
        self.temp.as_file().sync_all()?;
        self.temp.persist(target).map_err(|e| e.error)?;
        sync_parent(target);
        Ok(())
    }

    /// Like [`TempFile::commit`], to a `target` that must not exist yet.
    ///
    /// # Errors
    /// The OS error (`AlreadyExists` when the name is taken) with the temp file given back, to
    /// try another name.
    pub fn commit_new(self, target: &Path) -> Result<(), (io::Error, TempFile)> {
        if let Err(error) = self.temp.as_file().sync_all() {
            return Err((error, self));
        }
        match self.temp.persist_noclobber(target) {
            Ok(_) => {
                sync_parent(target);
                Ok(())
            }
            Err(error) => Err((error.error, TempFile { temp: error.file })),
        }
    }
}

impl Write for TempFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.temp.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.temp.flush()
    }
}

/// Writes `bytes` to `target` through a [`TempFile`] named `prefix`, removing stale ones of
/// that prefix first; `before_rename` runs once the data is synced, with the temp file's path
/// (tests use it to simulate a crash at the worst moment; an error aborts the write).
///
/// # Errors
/// The OS error; the target is then left as it was.
pub fn replace(
    target: &Path,
    prefix: &str,
    bytes: &[u8],
    before_rename: &mut dyn FnMut(&Path) -> io::Result<()>,
) -> io::Result<()> {
    let mut temp = TempFile::create_in(&parent_of(target), prefix)?;
    temp.sweep_stale(&[prefix]);
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    before_rename(temp.path())?;
    temp.commit(target)
}

/// Creates the folder (and any missing parent) owner-only (0700 on unix); an existing folder,
/// which the user may have picked, keeps its permissions.
///
/// # Errors
/// The OS error.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// The folder a file goes in: its parent, or the current folder for a bare name.
pub fn parent_of(target: &Path) -> PathBuf {
    match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
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

/// Syncs the folder of `target`, so a rename into it survives a crash. Best effort: the file is
/// in place already, so a failure is logged rather than reported as a failed write.
#[cfg(unix)]
fn sync_parent(target: &Path) {
    let dir = parent_of(target);
    if let Err(error) = fs::File::open(&dir).and_then(|d| d.sync_all()) {
        tracing::warn!(dir = %dir.display(), %error, "could not sync the folder of a written file");
    }
}

#[cfg(not(unix))]
fn sync_parent(_target: &Path) {
    // Windows cannot open a folder as a file; NTFS journals the rename itself.
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use std::time::Duration;

    use super::*;

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn commit_replaces_the_target_in_one_step_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        fs::write(&target, "old").unwrap();
        let mut temp = TempFile::create_in(dir.path(), ".t-").unwrap();
        temp.write_all(b"new").unwrap();
        assert_eq!(
            fs::read_to_string(&target).unwrap(),
            "old",
            "untouched until the commit"
        );
        let name = temp
            .path()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        assert!(name.starts_with(".t-") && name.ends_with(".tmp"), "{name}");
        temp.commit(&target).unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(names_in(dir.path()), ["out.txt"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&target).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "owner-only");
        }
    }

    #[test]
    fn dropped_without_a_commit_it_is_removed_and_the_target_kept() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        fs::write(&target, "old").unwrap();
        {
            let mut temp = TempFile::create_in(dir.path(), ".t-").unwrap();
            temp.write_all(b"half").unwrap();
        }
        assert_eq!(names_in(dir.path()), ["out.txt"]);
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
    }

    #[test]
    fn commit_new_never_replaces_and_gives_the_file_back() {
        let dir = tempfile::tempdir().unwrap();
        let taken = dir.path().join("a.pdf");
        fs::write(&taken, "theirs").unwrap();
        let mut temp = TempFile::create_in(dir.path(), ".t-").unwrap();
        temp.write_all(b"ours").unwrap();
        let (error, temp) = temp.commit_new(&taken).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&taken).unwrap(), "theirs");
        let free = dir.path().join("a_2.pdf");
        temp.commit_new(&free).map_err(|(e, _)| e).unwrap();
        assert_eq!(fs::read_to_string(&free).unwrap(), "ours");
        assert_eq!(names_in(dir.path()), ["a.pdf", "a_2.pdf"]);
    }

    #[test]
    fn replace_removes_stale_temp_files_of_its_prefix_only() {
        let dir = tempfile::tempdir().unwrap();
        let old = std::time::SystemTime::now() - Duration::from_secs(3600);
        for name in [".t-abc123.tmp", ".other-abc123.tmp", "user.tmp"] {
            let path = dir.path().join(name);
            fs::write(&path, "x").unwrap();
            fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
        let fresh = dir.path().join(".t-fresh1.tmp");
        fs::write(&fresh, "a live writer's").unwrap();
        let target = dir.path().join("settings.toml");
        replace(&target, ".t-", b"v = 1\n", &mut |_| Ok(())).unwrap();
        assert_eq!(
            names_in(dir.path()),
            [
                ".other-abc123.tmp",
                ".t-fresh1.tmp",
                "settings.toml",
                "user.tmp"
            ]
        );
    }

    #[test]
    fn a_failure_before_the_rename_keeps_the_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("settings.toml");
        fs::write(&target, "old").unwrap();
        let crash = replace(&target, ".t-", b"new", &mut |_| {
            Err(io::Error::other("killed"))
        });
        assert!(crash.is_err());
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(names_in(dir.path()), ["settings.toml"]);
    }

    #[test]
    fn create_private_dir_makes_new_folders_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        create_private_dir(&nested).unwrap();
        create_private_dir(&nested).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&nested).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o700);
        }
    }
}
