//! The PDF archive of the data source on screen: its folder (one per connection, set in the
//! settings or the default under the data directory), its index read once per session, and
//! the marks and verified local copies the table and "Open PDF" use.

use std::path::PathBuf;

use super::app::Desk;
use super::error::DeskError;
use super::session::{SourceKind, lock};
use crate::durable_file::create_private_dir;
use crate::ids::OrgId;
use crate::model::Invoice;
use crate::pdf_archive::{ArchiveIndex, names};
use crate::settings::Connection;

/// Folder under the app's data directory that holds the default archive folders:
/// `pdfs/demo` for the demo, `pdfs/connections/<name>` for each connection. Archives that an
/// earlier version kept in `pdfs` itself are still read.
pub const DEFAULT_PDF_DIR: &str = "pdfs";
const DEMO_FOLDER: &str = "demo";
const CONNECTIONS_FOLDER: &str = "connections";

/// Whether one of `archives` holds `invoice`'s PDF, judged by the file's name, kind and size
/// (the table's mark; opening it checks it whole, see [`verified_copy`]).
pub fn has_archived_copy(archives: &[ArchiveIndex], org: &OrgId, invoice: &Invoice) -> bool {
    let Some(key) = invoice.id.as_deref().or(invoice.number.as_deref()) else {
        return false;
    };
    archives.iter().any(|index| {
        index
            .lookup(org, key)
            .is_some_and(|entry| index.has_copy(entry))
    })
}

/// The archived PDF of an invoice, only when it is still the file the archive wrote (see
/// [`ArchiveIndex::verified_copy`]): this path goes to the OS opener.
pub(super) fn verified_copy(archives: &[ArchiveIndex], org: &OrgId, key: &str) -> Option<PathBuf> {
    archives.iter().find_map(|index| {
        let entry = index.lookup(org, key)?;
        let path = index.verified_copy(entry);
        if path.is_none() {
            tracing::warn!(%org, "the archived PDF is not the file the archive wrote; not opening it");
        }
        path
    })
}

impl Desk {
    /// The archive folder a connection gets when none is set: under the OS data directory,
    /// named after the connection (made safe as a folder name, see [`names::folder_name`]).
    pub fn default_archive_dir(&self, connection: &str) -> PathBuf {
        self.dirs
            .data_dir()
            .join(DEFAULT_PDF_DIR)
            .join(CONNECTIONS_FOLDER)
            .join(names::folder_name(connection))
    }

    /// The archive folder of `connection`: the one set in its settings, else the default.
    pub fn archive_dir_of(&self, connection: &Connection) -> PathBuf {
        connection
            .archive_dir
            .as_deref()
            .map_or_else(|| self.default_archive_dir(&connection.name), PathBuf::from)
    }

    /// The archive folder of the data source on screen: where "Download" saves one invoice's
    /// PDF and what "Open archive folder" shows.
    pub fn archive_dir(&self) -> PathBuf {
        match self.session().kind() {
            SourceKind::Demo => self.dirs.data_dir().join(DEFAULT_PDF_DIR).join(DEMO_FOLDER),
            // Read under the lock: a clone of every connection's settings is not needed.
            SourceKind::Connection(name) => lock(&self.settings).connection(name).map_or_else(
                || self.default_archive_dir(name),
                |c| self.archive_dir_of(c),
            ),
        }
    }

    /// The archive folder of the data source on screen, created (owner-only) if it does not
    /// exist yet, for "Open archive folder".
    ///
    /// # Errors
    /// [`DeskError::Pdf`] when the folder cannot be created.
    pub fn archive_folder(&self) -> Result<PathBuf, DeskError> {
        let dir = self.archive_dir();
        create_private_dir(&dir).map_err(|source| {
            crate::pdf_archive::PdfArchiveError::FolderUnwritable {
                path: dir.clone(),
                source,
            }
        })?;
        Ok(dir)
    }

    /// Runs `f` over the archive indexes of this session: the source's own archive folder
    /// (read on first use after the session opened) and folders downloaded into since. A
    /// damaged index is skipped with a warning.
    pub(super) fn with_archives<R>(&self, f: impl FnOnce(&[ArchiveIndex]) -> R) -> R {
        // Every invoice query passes here: the folder is worked out only when the indexes are
        // not read yet, and before the archives' lock is taken (it reads the session and the
        // settings).
        if let Some(archives) = lock(&self.archives).as_deref() {
            return f(archives);
        }
        let own = self.archive_dir();
        let mut archives = lock(&self.archives);
        let archives = archives.get_or_insert_with(|| {
            let earlier = self.dirs.data_dir().join(DEFAULT_PDF_DIR);
            [own, earlier].into_iter().filter_map(load_index).collect()
        });
        f(archives)
    }

    /// Forgets the indexes read so far: the session or its archive folder changed.
    pub(super) fn forget_archives(&self) {
        *lock(&self.archives) = None;
    }

    /// Reads (again) the index of the archive in `dir`, after a download into it.
    pub(super) fn refresh_archive(&self, dir: PathBuf) {
        let Some(index) = load_index(dir) else {
            return;
        };
        self.with_archives(|_| ());
        let mut archives = lock(&self.archives);
        let archives = archives.get_or_insert_with(Vec::new);
        archives.retain(|known| known.dir() != index.dir());
        archives.insert(0, index);
    }
}

fn load_index(dir: PathBuf) -> Option<ArchiveIndex> {
    match ArchiveIndex::load(dir) {
        Ok(index) => Some(index),
        Err(error) => {
            tracing::warn!(%error, "a PDF archive index could not be read; ignored");
            None
        }
    }
}
