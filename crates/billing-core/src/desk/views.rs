//! The saved views of the data source on screen (a connection's, or the demo's): listed,
//! saved, renamed and removed through the settings, so `bdesk view …` sees the same ones.

use super::app::Desk;
use super::error::DeskError;
use super::session::SourceKind;
use crate::settings::SavedView;

impl Desk {
    /// The connection on screen, `None` for the demo: the key of its views in the settings.
    fn views_owner(&self) -> Option<String> {
        match self.session().kind() {
            SourceKind::Connection(name) => Some(name.clone()),
            SourceKind::Demo => None,
        }
    }

    /// The views of the data source on screen, in the order they were saved.
    pub fn views(&self) -> Vec<SavedView> {
        let owner = self.views_owner();
        self.read_settings(|s| {
            s.views(owner.as_deref())
                .map(<[SavedView]>::to_vec)
                .unwrap_or_default()
        })
    }

    /// Saves `view` (replacing one of the same name, ignoring case) and answers the views.
    ///
    /// # Errors
    /// [`DeskError::Settings`]: a broken view (nothing saved), or the file.
    pub fn view_save(&self, view: SavedView) -> Result<Vec<SavedView>, DeskError> {
        let owner = self.views_owner();
        self.edit(|s| Ok(s.save_view(owner.as_deref(), view)?))?;
        Ok(self.views())
    }

    /// Renames the view `from` to `to` and answers the views.
    ///
    /// # Errors
    /// [`DeskError::Settings`]: unknown view, a name taken or broken, or the file.
    pub fn view_rename(&self, from: &str, to: &str) -> Result<Vec<SavedView>, DeskError> {
        let owner = self.views_owner();
        self.edit(|s| Ok(s.rename_view(owner.as_deref(), from, to)?))?;
        Ok(self.views())
    }

    /// Removes the view `name` and answers the views.
    ///
    /// # Errors
    /// [`DeskError::Settings`]: unknown view, or the file.
    pub fn view_remove(&self, name: &str) -> Result<Vec<SavedView>, DeskError> {
        let owner = self.views_owner();
        self.edit(|s| Ok(s.remove_view(owner.as_deref(), name)?))?;
        Ok(self.views())
    }
}
