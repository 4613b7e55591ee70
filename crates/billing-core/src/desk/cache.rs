//! The last successful response per (connection, organization) on disk, so the app opens on
//! the previous session's data at once and refreshes in the background.
//!
//! # Format
//! One file per organization under `<cache dir>/responses/`, named by a SHA-256 of the
//! connection key and the organization ID (neither appears in a name). A file is one JSON
//! header line `{"version":1,"org":"…","fetchedAt":"…"}` followed by the API's raw body,
//! exactly as received; loading re-decodes it through [`decode_billing_details`], the one
//! decoder. The token is never written (the body does not contain it, the key is a name).
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

use crate::export::AtomicFile;
use crate::ids::OrgId;
use crate::model::{BillingDetails, ItemBudget, ItemLease, decode_billing_details_held};

/// The header format this build writes and reads.
const CACHE_VERSION: u32 = 1;
/// The largest cache file read: the largest body the client accepts, plus its header line.
const CACHE_MAX_BYTES: u64 = crate::client::DEFAULT_MAX_BODY_BYTES + 64 * 1024;
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
        create_private_dir(&self.dir)?;
        let header = Header {
            version: CACHE_VERSION,
            org: org.as_str().to_owned(),
            fetched_at,
        };
        let header = serde_json::to_vec(&header).map_err(io::Error::other)?;
        let path = self.path(org);
        let mut file = AtomicFile::create(&path).map_err(io::Error::other)?;
        file.write_all(&header)?;
        file.write_all(b"\n")?;
        file.write_all(body)?;
        file.commit().map_err(io::Error::other)?;
        // The new answer was given to the token in use: no refusal is older than it.
        match fs::remove_file(self.refused_path(org)) {
            Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
            _ => Ok(()),
        }
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
        let bytes = match crate::private_file::read_limited(&path, CACHE_MAX_BYTES) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return None,
            Err(error) => {
                tracing::warn!(%org, path = %path.display(), %error, "cached response unreadable; ignored");
                return None;
            }
        };
        match parse(&bytes, org, budget) {
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
        io::BufReader::new(file.take(4096))
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

fn parse(
    bytes: &[u8],
    org: &OrgId,
    budget: &ItemBudget,
) -> Result<(CachedResponse, ItemLease), String> {
    let split = bytes
        .iter()
        .position(|&b| b == b'\n')
        .ok_or("no header line")?;
    let (header, body) = bytes.split_at(split);
    let header: Header = serde_json::from_slice(header).map_err(|e| format!("header: {e}"))?;
    if header.version != CACHE_VERSION {
        return Err(format!("cache version {} not supported", header.version));
    }
    // Guards against a file copied or renamed by hand: never show one org's data as another's.
    if header.org != org.as_str() {
        return Err("the file belongs to another organization".to_owned());
    }
    let (details, lease) = decode_billing_details_held(body.get(1..).unwrap_or_default(), budget)
        .map_err(|e| e.to_string())?;
    Ok((
        CachedResponse {
            fetched_at: header.fetched_at,
            details,
            refused_at: None,
        },
        lease,
    ))
}

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
