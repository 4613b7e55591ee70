//! The PDF archive of the data source on screen: its folder (one per connection, set in the
//! settings or the default under the data directory), its index read once per session, and
//! the marks and verified local copies the table and "Open PDF" use.

use std::path::PathBuf;
use std::sync::Mutex;

use crate::ids::OrgId;
use crate::model::Invoice;
use crate::pdf_archive::{ArchiveIndex, names};
use crate::settings::Connection;
use crate::sync::lock;

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

/// The archive indexes of the data source on screen: its own folder's, read on first use
/// after the source opened, and those of folders downloaded into since.
#[derive(Debug)]
pub(super) struct Archives {
    data_dir: PathBuf,
    indexes: Mutex<Option<Vec<ArchiveIndex>>>,
}

impl Archives {
    /// The archives under the app's data folder `data_dir`.
    pub(super) fn new(data_dir: PathBuf) -> Archives {
        Archives {
            data_dir,
            indexes: Mutex::new(None),
        }
    }

    /// The archive folder a connection gets when none is set: under the OS data directory,
    /// named after the connection (made safe as a folder name, see [`names::folder_name`]).
    pub(super) fn default_dir(&self, connection: &str) -> PathBuf {
        self.data_dir
            .join(DEFAULT_PDF_DIR)
            .join(CONNECTIONS_FOLDER)
            .join(names::folder_name(connection))
    }

    /// The archive folder of `connection`: the one set in its settings, else the default.
    pub(super) fn dir_of(&self, connection: &Connection) -> PathBuf {
        connection
            .archive_dir
            .as_deref()
            .map_or_else(|| self.default_dir(&connection.name), PathBuf::from)
    }

    /// The demo's archive folder.
    pub(super) fn demo_dir(&self) -> PathBuf {
        self.data_dir.join(DEFAULT_PDF_DIR).join(DEMO_FOLDER)
    }

    /// Runs `f` over the indexes, reading them first if this is their first use since the
    /// source opened: `own_dir` is the source's folder, asked for only then. A damaged index
    /// is skipped with a warning.
    pub(super) fn with<R>(
        &self,
        own_dir: impl FnOnce() -> PathBuf,
        f: impl FnOnce(&[ArchiveIndex]) -> R,
    ) -> R {
        // Every invoice query passes here. `own_dir` reads the session and the settings, so it
        // runs only when the indexes are not read yet, and never under this part's lock.
        if let Some(indexes) = lock(&self.indexes).as_deref() {
            return f(indexes);
        }
        let own = own_dir();
        let mut indexes = lock(&self.indexes);
        let indexes = indexes.get_or_insert_with(|| {
            let earlier = self.data_dir.join(DEFAULT_PDF_DIR);
            [own, earlier].into_iter().filter_map(load_index).collect()
        });
        f(indexes)
    }

    /// Forgets the indexes read so far: the source or its archive folder changed.
    pub(super) fn forget(&self) {
        *lock(&self.indexes) = None;
    }

    /// Reads (again) the index of the archive in `dir`, after a download into it; `own_dir`
    /// as for [`Archives::with`].
    pub(super) fn refresh(&self, own_dir: impl FnOnce() -> PathBuf, dir: PathBuf) {
        let Some(index) = load_index(dir) else {
            return;
        };
        self.with(own_dir, |_| ());
        let mut indexes = lock(&self.indexes);
        let indexes = indexes.get_or_insert_with(Vec::new);
        indexes.retain(|known| known.dir() != index.dir());
        indexes.insert(0, index);
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
