//! Reading the files Billing Desk wrote itself (settings, cached answers, the PDF archive's
//! index and PDFs) without trusting what now sits at their path: a symlink is not followed,
//! anything but a regular file is refused, and no more than a stated number of bytes is read,
//! all on one open file, so nothing can be swapped in between a check and the read.

use std::fs;
use std::io::{self, Read};
use std::path::Path;

/// Opens `path` for reading if it is a regular file, without following a symlink at its last
/// component. `NotFound` is passed through unchanged.
///
/// # Errors
/// The OS error, or `InvalidData` for a symlink or a file that is not regular.
pub fn open_regular(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // NOFOLLOW: the open itself fails on a symlink, so there is no check-then-open gap.
        // NONBLOCK: a FIFO planted at the path does not hang the open.
        let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK;
        options.custom_flags(i32::try_from(flags.bits()).unwrap_or_default());
    }
    let file = options.open(path).map_err(symlink_refused)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "not a regular file",
        ));
    }
    Ok(file)
}

/// ELOOP is what the open of a symlink with `NOFOLLOW` gives: say what it means.
#[cfg(unix)]
fn symlink_refused(error: io::Error) -> io::Error {
    if error.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
        io::Error::new(io::ErrorKind::InvalidData, "a symbolic link, not a file")
    } else {
        error
    }
}

#[cfg(not(unix))]
fn symlink_refused(error: io::Error) -> io::Error {
    error
}

/// The whole content of the regular file at `path` ([`open_regular`]) if it holds at most
/// `limit` bytes.
///
/// # Errors
/// As [`open_regular`], or `InvalidData` when the file is larger than `limit`.
pub fn read_limited(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let file = open_regular(path)?;
    let too_large = || {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("larger than the {limit} bytes Billing Desk reads from it"),
        )
    };
    let len = file.metadata()?.len();
    if len > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or_default());
    // The file may grow after the size check: never read past the limit.
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn symlinks_fifos_folders_and_oversized_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        fs::write(&real, br#"{"a":1}"#).unwrap();
        assert_eq!(read_limited(&real, 100).unwrap(), br#"{"a":1}"#);
        assert_eq!(
            read_limited(&real, 3).unwrap_err().kind(),
            io::ErrorKind::InvalidData,
            "over the limit"
        );
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert_eq!(
            read_limited(&link, 100).unwrap_err().kind(),
            io::ErrorKind::InvalidData,
            "a symlink is not followed"
        );
        assert_eq!(
            read_limited(dir.path(), 100).unwrap_err().kind(),
            io::ErrorKind::InvalidData,
            "a folder"
        );
        let fifo = dir.path().join("fifo");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::RUSR | rustix::fs::Mode::WUSR,
            0,
        )
        .unwrap();
        assert_eq!(
            read_limited(&fifo, 100).unwrap_err().kind(),
            io::ErrorKind::InvalidData,
            "a FIFO neither hangs nor reads"
        );
        assert_eq!(
            read_limited(&dir.path().join("missing"), 100)
                .unwrap_err()
                .kind(),
            io::ErrorKind::NotFound
        );
    }
}
