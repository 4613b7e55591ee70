//! The last successful response per (connection, organization) on disk, so the app opens on
//! the previous session's data at once and refreshes in the background.
//!
//! # Format
//! One file per organization under `<cache dir>/responses/`, named by a SHA-256 of the
//! connection key and the organization ID (neither appears in a name). A file is one JSON
//! header line `{"version":1,"org":"…","fetchedAt":"…"}` followed by the API's raw body,
//! exactly as received; loading re-decodes it in pieces through [`StreamDecoder`], which
//! reads exactly what the client's decode reads. The token is never written (the body does not
//! contain it, the key is a name).
//!
//! # Safety
//! The folder is created owner-only (0700 on unix), files are written atomically
//! ([`AtomicFile`]: temp file, sync, rename) and are owner-only (0600). A file that cannot be
//! read or decoded is ignored with a warning: the cache only ever speeds things up.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::durable_file::TempFile;
use crate::export::AtomicFile;
use crate::ids::OrgId;
use crate::model::{BillingDetails, ItemBudget, ItemLease, StreamDecoder};

/// The header format this build writes and reads.
const CACHE_VERSION: u32 = 1;
/// The longest header line read.
const HEADER_MAX_BYTES: u64 = 4096;
/// How much of a cache file is read at a time.
const READ_CHUNK: usize = 256 * 1024;
/// Folder under the app's cache dir.
pub const RESPONSES_DIR: &str = "responses";

/// One cached response, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedResponse {
    /// When the response was fetched.
    pub fetched_at: DateTime<Utc>,
    /// Its billing details.
    pub details: BillingDetails,
    /// When the service later refused the token for this organization (401/403), if it did:
    /// the rows are from before that.
    pub refused_at: Option<DateTime<Utc>>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Header {
    version: u32,
    org: String,
    fetched_at: DateTime<Utc>,
}

/// The response cache of one connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchCache {
    dir: PathBuf,
    connection_key: String,
}

impl FetchCache {
    /// The cache of the connection identified by `connection_key` (its name and base URL,
    /// so pointing a connection elsewhere never shows the old service's data) under
    /// `cache_dir/responses/`. Nothing is created until the first store.
    pub fn new(cache_dir: &Path, connection_key: impl Into<String>) -> FetchCache {
        FetchCache {
            dir: cache_dir.join(RESPONSES_DIR),
            connection_key: connection_key.into(),
        }
    }

    /// The folder holding the files.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of `org`: a hash, so names reveal neither the connection nor the org.
    pub fn path(&self, org: &OrgId) -> PathBuf {
        let mut hasher = Sha256::new();
        hasher.update(self.connection_key.as_bytes());
        hasher.update([0u8]);
        hasher.update(org.as_str().as_bytes());
        self.dir
            .join(format!("{}.json", hex::encode(hasher.finalize())))
    }

    /// The marker of `org`'s cached response saying the service refused the token since.
    fn refused_path(&self, org: &OrgId) -> PathBuf {
        self.path(org).with_extension("refused")
    }

    /// Notes that the service refused the token for `org` at `at` (401 or 403), when a
    /// response of `org` is cached: loading it then says its rows are from before a refusal.
    /// A later successful store removes the note.
    ///
    /// # Errors
    /// The I/O error when the note cannot be written. Callers log it and go on.
    pub fn mark_refused(&self, org: &OrgId, at: DateTime<Utc>) -> io::Result<()> {
        if !self.path(org).exists() {
            return Ok(());
        }
        let mut file = AtomicFile::create(&self.refused_path(org)).map_err(io::Error::other)?;
        file.write_all(at.to_rfc3339().as_bytes())?;
        file.commit().map_err(io::Error::other)?;
        Ok(())
    }

    /// When the note of [`FetchCache::mark_refused`] says the token was refused, if it does.
    fn refused_at(&self, org: &OrgId) -> Option<DateTime<Utc>> {
        let text = crate::private_file::read_limited(&self.refused_path(org), 256).ok()?;
        let text = std::str::from_utf8(&text).ok()?;
        DateTime::parse_from_rfc3339(text.trim())
            .ok()
            .map(|at| at.with_timezone(&Utc))
    }

    /// Stores `body` (the API's raw bytes) as `org`'s last response, fetched at `fetched_at`.
    ///
    /// # Errors
    /// The I/O error when the folder or file cannot be written; the previous file, if any,
    /// is then unchanged. Callers log it and go on.
    pub fn store(&self, org: &OrgId, body: &[u8], fetched_at: DateTime<Utc>) -> io::Result<()> {
        let mut copy = self.begin(org, fetched_at)?;
        copy.write_all(body)?;
        copy.commit()
    }

    /// Starts writing `org`'s response fetched at `fetched_at`, for a body that arrives in
    /// pieces: write the body into the returned [`CacheCopy`], then commit it. Until then the
    /// previous file, if any, is unchanged; a copy dropped uncommitted leaves nothing.
    ///
    /// # Errors
    /// The I/O error when the folder or the temp file cannot be made.
    pub fn begin(&self, org: &OrgId, fetched_at: DateTime<Utc>) -> io::Result<CacheCopy> {
        create_private_dir(&self.dir)?;
        let header = Header {
            version: CACHE_VERSION,
            org: org.as_str().to_owned(),
            fetched_at,
        };
        let mut header = serde_json::to_vec(&header).map_err(io::Error::other)?;
        header.push(b'\n');
        let temp = TempFile::create_in(&self.dir, TEMP_PREFIX)?;
        // A copy killed with the app stays behind as a temp file as large as its answer; the
        // first copy of a run removes those.
        if !SWEPT.swap(true, std::sync::atomic::Ordering::Relaxed) {
            temp.sweep_stale(&[TEMP_PREFIX]);
        }
        let mut file = io::BufWriter::with_capacity(256 * 1024, temp);
        file.write_all(&header)?;
        Ok(CacheCopy {
            file,
            target: self.path(org),
            refused: self.refused_path(org),
        })
    }

    /// The cached response of `org`, or `None` when there is none or it cannot be used (the
    /// reason is logged as a warning).
    pub fn load(&self, org: &OrgId) -> Option<CachedResponse> {
        self.load_held(org, &ItemBudget::new(usize::MAX))
            .map(|(cached, _)| cached)
    }

    /// [`FetchCache::load`] counted against `budget`, with the lease that holds the decoded
    /// items (an answer that would pass the budget is ignored like a damaged one).
    pub fn load_held(
        &self,
        org: &OrgId,
        budget: &ItemBudget,
    ) -> Option<(CachedResponse, ItemLease)> {
        let path = self.path(org);
        let file = match crate::private_file::open_regular(&path) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return None,
            Err(error) => {
                tracing::warn!(%org, path = %path.display(), %error, "cached response unreadable; ignored");
                return None;
            }
        };
        match read(file, org, budget) {
            Ok((cached, lease)) => Some((
                CachedResponse {
                    refused_at: self.refused_at(org),
                    ..cached
                },
                lease,
            )),
            Err(reason) => {
                tracing::warn!(%org, path = %path.display(), %reason, "cached response damaged; ignored");
                None
            }
        }
    }

    /// When `org`'s cached response was fetched, reading only the header line (at most
    /// 4 KiB), or `None` when there is no usable one.
    pub fn fetched_at(&self, org: &OrgId) -> Option<DateTime<Utc>> {
        use std::io::{BufRead, Read};
        let file = crate::private_file::open_regular(&self.path(org)).ok()?;
        let mut line = Vec::new();
        io::BufReader::new(file.take(HEADER_MAX_BYTES))
            .read_until(b'\n', &mut line)
            .ok()?;
        let header: Header = serde_json::from_slice(line.trim_ascii_end()).ok()?;
        (header.version == CACHE_VERSION && header.org == org.as_str()).then_some(header.fetched_at)
    }

    /// Forgets `org`'s cached response (when it is removed from the list).
    pub fn remove(&self, org: &OrgId) {
        for path in [self.path(org), self.refused_path(org)] {
            match fs::remove_file(path) {
                Ok(()) => {}
                Err(error) if error.kind() == io::ErrorKind::NotFound => {}
                Err(error) => tracing::warn!(%org, %error, "could not delete a cached response"),
            }
        }
    }
}

/// Reads a cache file: the header line, then the body through the streamed decoder, in
/// pieces, so a large answer is never held whole as text beside its decoded rows.
fn read(
    file: fs::File,
    org: &OrgId,
    budget: &ItemBudget,
) -> Result<(CachedResponse, ItemLease), String> {
    use std::io::{BufRead, Read};
    let mut reader = io::BufReader::with_capacity(READ_CHUNK, file);
    let mut header = Vec::new();
    (&mut reader)
        .take(HEADER_MAX_BYTES)
        .read_until(b'\n', &mut header)
        .map_err(|e| format!("header: {e}"))?;
    if header.last() != Some(&b'\n') {
        return Err("no header line".to_owned());
    }
    let header: Header =
        serde_json::from_slice(header.trim_ascii_end()).map_err(|e| format!("header: {e}"))?;
    if header.version != CACHE_VERSION {
        return Err(format!("cache version {} not supported", header.version));
    }
    // Guards against a file copied or renamed by hand: never show one org's data as another's.
    if header.org != org.as_str() {
        return Err("the file belongs to another organization".to_owned());
    }
    let mut decoder = StreamDecoder::new(None).with_budget(budget.clone());
    loop {
        let piece = reader.fill_buf().map_err(|e| e.to_string())?;
        if piece.is_empty() {
            break;
        }
        let len = piece.len();
        decoder.push(piece).map_err(|e| e.to_string())?;
        reader.consume(len);
    }
    let (details, lease) = decoder.finish().map_err(|e| e.to_string())?;
    Ok((
        CachedResponse {
            fetched_at: header.fetched_at,
            details,
            refused_at: None,
        },
        lease,
    ))
}

/// A response being written to the cache ([`FetchCache::begin`]).
#[derive(Debug)]
pub struct CacheCopy {
    file: io::BufWriter<TempFile>,
    target: PathBuf,
    refused: PathBuf,
}

impl CacheCopy {
    /// Puts the response in place of the previous one (synced, renamed in one step) and
    /// forgets an earlier refusal of the token: the new answer was given to the token in use.
    ///
    /// # Errors
    /// The I/O error when flushing, syncing or renaming fails; the previous file is then
    /// unchanged.
    pub fn commit(self) -> io::Result<()> {
        let temp = self
            .file
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        temp.commit(&self.target)?;
        match fs::remove_file(&self.refused) {
            Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
            _ => Ok(()),
        }
    }
}

impl Write for CacheCopy {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Temp files of the cache start with this (see [`TempFile::sweep_stale`]).
const TEMP_PREFIX: &str = ".bdesk-cache-";

/// Whether this process has swept the cache's stale temp files.
static SWEPT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The cache folder is the app's own: unlike a folder the user picked, an existing one (made
/// by an older build or by hand) is tightened to owner-only as well.
fn create_private_dir(dir: &Path) -> io::Result<()> {
    crate::durable_file::create_private_dir(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}
