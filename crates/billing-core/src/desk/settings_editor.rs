//! The settings file as the app holds it: read once at start, every change made to the file
//! on disk (which `bdesk` may have changed meanwhile) and kept, and never written when it
//! could not be read.

use std::sync::Mutex;

use chrono::{DateTime, Utc};

use super::error::DeskError;
use crate::settings::{Settings, SettingsError, SettingsStore};
use crate::sync::lock;

/// The settings and the file they live in.
#[derive(Debug)]
pub(super) struct SettingsEditor {
    store: SettingsStore,
    settings: Mutex<Settings>,
    /// The file could not be read at start-up: saving would overwrite it.
    read_only: bool,
}

impl SettingsEditor {
    /// Reads `store`'s file. Never fails: a damaged file gives the recovered settings and a
    /// sentence about it; an unreadable one gives defaults, a sentence, and no saving.
    pub(super) fn open(
        store: SettingsStore,
        now: DateTime<Utc>,
    ) -> (SettingsEditor, Option<String>) {
        let (settings, warning, read_only) = match store.load(now) {
            Ok(loaded) => (
                loaded.settings,
                loaded.recovered.map(|r| r.message()),
                false,
            ),
            Err(error) => {
                tracing::warn!(code = error.code(), "settings unreadable; using defaults");
                (
                    Settings::default(),
                    Some(format!(
                        "{error} Billing Desk started with default settings and will not \
                         change the file."
                    )),
                    true,
                )
            }
        };
        let editor = SettingsEditor {
            store,
            settings: Mutex::new(settings),
            read_only,
        };
        (editor, warning)
    }

    /// A copy of the settings (they never contain a token).
    pub(super) fn snapshot(&self) -> Settings {
        lock(&self.settings).clone()
    }

    /// `read` of the settings, without copying them.
    pub(super) fn read<T>(&self, read: impl FnOnce(&Settings) -> T) -> T {
        read(&lock(&self.settings))
    }

    /// Applies `edit` to the settings on disk, saves them, then keeps them.
    ///
    /// # Errors
    /// [`DeskError::Settings`] when the file was unreadable at start-up, cannot be saved, or
    /// `edit`'s own error.
    pub(super) fn edit<R>(
        &self,
        edit: impl FnOnce(&mut Settings) -> Result<R, DeskError>,
    ) -> Result<(R, Settings), DeskError> {
        if self.read_only {
            return Err(DeskError::Settings(SettingsError::Write {
                path: self.store.path(),
                source: std::io::Error::other(
                    "the file could not be read at start-up, so it is not overwritten",
                ),
            }));
        }
        // Held across the file's read-edit-save, so two edits of this process keep their order.
        let mut settings = lock(&self.settings);
        let (value, saved) = self.store.update(edit)?;
        *settings = saved.clone();
        Ok((value, saved))
    }
}
