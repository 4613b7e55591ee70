//! The PDF archive folders of the app's sources, as the window and the PDF downloads see them.

use std::path::PathBuf;

use super::app::Desk;
use super::error::DeskError;
use super::session::SourceKind;
use crate::durable_file::create_private_dir;
use crate::pdf_archive::ArchiveIndex;
use crate::settings::Connection;

impl Desk {
    /// The archive folder a connection gets when none is set: under the OS data directory,
    /// named after the connection.
    pub fn default_archive_dir(&self, connection: &str) -> PathBuf {
        self.archives().default_dir(connection)
    }

    /// The archive folder of `connection`: the one set in its settings, else the default.
    pub fn archive_dir_of(&self, connection: &Connection) -> PathBuf {
        self.archives().dir_of(connection)
    }

    /// The archive folder of the data source on screen: where "Download" saves one invoice's
    /// PDF and what "Open archive folder" shows.
    pub fn archive_dir(&self) -> PathBuf {
        match self.session().kind() {
            SourceKind::Demo => self.archives().demo_dir(),
            // Read under the lock: a clone of every connection's settings is not needed.
            SourceKind::Connection(name) => self.read_settings(|s| {
                s.connection(name).map_or_else(
                    || self.default_archive_dir(name),
                    |c| self.archive_dir_of(c),
                )
            }),
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

    /// Runs `f` over the archive indexes of the source on screen (see [`super::archive::Archives::with`]).
    pub(super) fn with_archives<R>(&self, f: impl FnOnce(&[ArchiveIndex]) -> R) -> R {
        self.archives().with(|| self.archive_dir(), f)
    }

    /// Reads (again) the index of the archive in `dir`, after a download into it.
    pub(super) fn refresh_archive(&self, dir: PathBuf) {
        self.archives().refresh(|| self.archive_dir(), dir);
    }
}
