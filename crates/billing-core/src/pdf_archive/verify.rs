//! Whether a file in the archive folder is still the one the archive wrote.
//!
//! "Open PDF" falls back to the archived copy and hands its path to the OS opener, which runs
//! whatever program is registered for the file's type. `index.json` lives in the user's folder
//! where anything can edit it, and a file can be replaced after it was archived, so a path is
//! handed over only when it is still the archived PDF ([`is_archived_pdf`]):
//! - a plain file name ending in `.pdf`, inside the archive folder;
//! - a regular file, not a symlink (checked with `lstat`, and the file then opened is the one
//!   `lstat` saw: same device and inode, so a swap in between is noticed);
//! - the recorded size, the PDF signature `%PDF-` at its start, and the recorded SHA-256, all
//!   read from that one open file.
//!
//! The table's "archived" mark uses the cheaper [`looks_archived`] (name, regular file, size):
//! hashing the PDF of every row on screen at each query would cost more than the query.

use std::io::{self, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

use super::download::PDF_SIGNATURE;
use super::names;

/// A plain file name (no folder part) ending in `.pdf`, any case.
pub(crate) fn is_pdf_name(name: &str) -> bool {
    names::is_plain_file_name(name)
        && name.len() > names::PDF_EXTENSION.len()
        && name
            .get(name.len() - names::PDF_EXTENSION.len()..)
            .is_some_and(|ext| ext.eq_ignore_ascii_case(names::PDF_EXTENSION))
}

/// Name, kind and size only (see the module docs).
pub(crate) fn looks_archived(dir: &Path, name: &str, bytes: u64) -> bool {
    is_pdf_name(name)
        && dir
            .join(name)
            .symlink_metadata()
            .is_ok_and(|meta| meta.is_file() && meta.len() == bytes)
}

/// Every check of the module docs: what may be handed to the OS opener.
pub(crate) fn is_archived_pdf(dir: &Path, name: &str, bytes: u64, sha256: &str) -> bool {
    is_pdf_name(name)
        && read_checked(&dir.join(name), bytes).is_ok_and(|(head, actual)| {
            head.starts_with(PDF_SIGNATURE) && actual.eq_ignore_ascii_case(sha256)
        })
}

/// Whether `path` is a regular file with exactly `bytes` bytes and this SHA-256. Any problem
/// reading it counts as "no".
pub(crate) fn file_matches(path: &Path, bytes: u64, sha256: &str) -> bool {
    read_checked(path, bytes).is_ok_and(|(_, actual)| actual.eq_ignore_ascii_case(sha256))
}

/// Opens `path` if it is a regular file (not a symlink) of `bytes` bytes, and returns its
/// first bytes and its SHA-256 (lowercase hex), read from the same open file.
fn read_checked(path: &Path, bytes: u64) -> io::Result<(Vec<u8>, String)> {
    let not_it = || io::Error::new(io::ErrorKind::InvalidData, "not the archived file");
    // One open that refuses a symlink and anything but a regular file; the checks below are
    // on that open file, so nothing can be swapped in between.
    let mut file = crate::private_file::open_regular(path)?;
    if file.metadata()?.len() != bytes {
        return Err(not_it());
    }
    let mut hasher = Sha256::new();
    let mut head = Vec::with_capacity(PDF_SIGNATURE.len());
    let mut buffer = vec![0_u8; 64 * 1024];
    loop {
        let read = file.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        let chunk = buffer.get(..read).unwrap_or_default();
        if head.len() < PDF_SIGNATURE.len() {
            let wanted = (PDF_SIGNATURE.len() - head.len()).min(chunk.len());
            head.extend_from_slice(chunk.get(..wanted).unwrap_or_default());
        }
        hasher.update(chunk);
    }
    Ok((head, hex::encode(hasher.finalize())))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use std::fs;

    use super::*;

    const PDF: &[u8] = b"%PDF-1.4\nhello\n%%EOF\n";

    fn sha(bytes: &[u8]) -> String {
        hex::encode(Sha256::digest(bytes))
    }

    #[test]
    fn the_archived_pdf_itself_passes() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("acme_INV-1.pdf"), PDF).unwrap();
        assert!(is_archived_pdf(
            dir.path(),
            "acme_INV-1.pdf",
            PDF.len() as u64,
            &sha(PDF)
        ));
        assert!(looks_archived(
            dir.path(),
            "acme_INV-1.pdf",
            PDF.len() as u64
        ));
        assert!(is_archived_pdf(
            dir.path(),
            "acme_INV-1.pdf",
            PDF.len() as u64,
            &sha(PDF).to_uppercase()
        ));
    }

    #[test]
    fn a_file_that_is_not_a_pdf_is_refused_even_with_matching_size_and_hash() {
        let dir = tempfile::tempdir().unwrap();
        let desktop = b"[Desktop Entry]\nType=Application\nExec=sh -c 'touch /tmp/owned'\n";
        fs::write(dir.path().join("evil.desktop"), desktop).unwrap();
        let (len, hash) = (desktop.len() as u64, sha(desktop));
        assert!(
            !is_archived_pdf(dir.path(), "evil.desktop", len, &hash),
            "not a .pdf name"
        );
        assert!(!looks_archived(dir.path(), "evil.desktop", len));
        fs::write(dir.path().join("evil.pdf"), desktop).unwrap();
        assert!(
            !is_archived_pdf(dir.path(), "evil.pdf", len, &hash),
            "no %PDF- signature"
        );
    }

    #[test]
    fn a_pdf_whose_bytes_changed_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut changed = PDF.to_vec();
        changed[10] ^= 1;
        fs::write(dir.path().join("a.pdf"), &changed).unwrap();
        assert!(
            !is_archived_pdf(dir.path(), "a.pdf", PDF.len() as u64, &sha(PDF)),
            "same size, other bytes"
        );
        fs::write(dir.path().join("a.pdf"), b"%PDF-1.4\nlonger than before\n").unwrap();
        assert!(
            !is_archived_pdf(dir.path(), "a.pdf", PDF.len() as u64, &sha(PDF)),
            "other size"
        );
        assert!(!looks_archived(dir.path(), "a.pdf", PDF.len() as u64));
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_refused_even_to_the_very_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let target = elsewhere.path().join("real.pdf");
        fs::write(&target, PDF).unwrap();
        std::os::unix::fs::symlink(&target, dir.path().join("a.pdf")).unwrap();
        assert!(!is_archived_pdf(
            dir.path(),
            "a.pdf",
            PDF.len() as u64,
            &sha(PDF)
        ));
        assert!(!looks_archived(dir.path(), "a.pdf", PDF.len() as u64));
    }

    #[test]
    fn names_with_a_folder_part_or_without_the_pdf_extension_are_refused() {
        for name in [
            "../a.pdf",
            "sub/a.pdf",
            ".pdf",
            "a.pdf.desktop",
            "a.PDF.exe",
            "a",
            "",
        ] {
            assert!(!is_pdf_name(name), "{name:?}");
        }
        for name in ["a.pdf", "A.PDF", "acme_INV-1.Pdf"] {
            assert!(is_pdf_name(name), "{name:?}");
        }
    }

    #[test]
    fn file_matches_needs_size_and_hash() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.pdf");
        fs::write(&path, b"abc").unwrap();
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert!(
            file_matches(&path, 3, abc),
            "same size and SHA-256 of \"abc\""
        );
        assert!(!file_matches(&path, 4, abc), "size differs");
        assert!(!file_matches(&path, 3, &"0".repeat(64)), "hash differs");
        assert!(
            !file_matches(&dir.path().join("missing.pdf"), 3, abc),
            "no file"
        );
        assert!(!file_matches(dir.path(), 3, abc), "a folder is not a match");
    }
}
