//! Saved views: a name plus the invoice table's filters, sort, organizations and columns, kept
//! per connection (and for the demo data) in the settings file, shared by the app and `bdesk`
//! (`bdesk view …`, `--view NAME`). A view is checked whole before it is saved, and a file
//! holding a broken view is refused like any other broken setting, so a view is never applied
//! half.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::error::SettingsError;
use super::model::{ColumnPref, Settings};
use crate::fields::InvoiceField;
use crate::query::InvoiceQuery;

/// Longest view name accepted, in characters.
pub const VIEW_NAME_MAX_CHARS: usize = 80;
/// Most views one connection holds.
pub const MAX_VIEWS: usize = 200;

/// One saved view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SavedView {
    /// What the user calls it ("Overdue EUR"); unique per connection, ignoring case.
    pub name: String,
    /// Filters, sort and organizations (`orgs` absent: every saved organization). Never a
    /// page: `offset` and `limit` are absent.
    #[serde(default)]
    pub query: InvoiceQuery,
    /// The table's columns in order, with their visibility; empty: the app's default layout.
    /// Exports keep their documented columns whatever this says.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<ColumnPref>,
}

/// Every rule of one view (see the module docs).
pub(super) fn view(view: &SavedView) -> Result<(), SettingsError> {
    view_name(&view.name)?;
    let invalid = |reason: String| SettingsError::InvalidView {
        view: view.name.clone(),
        reason,
    };
    let query = &view.query;
    if query.offset.is_some() || query.limit.is_some() {
        return Err(invalid("a view holds no page (offset or limit)".to_owned()));
    }
    if let (Some(from), Some(to)) = (query.created_from, query.created_to)
        && to <= from
    {
        return Err(invalid(
            "its created range ends before it starts".to_owned(),
        ));
    }
    if let (Some(from), Some(to)) = (query.due_from, query.due_to)
        && to <= from
    {
        return Err(invalid("its due range ends before it starts".to_owned()));
    }
    if let (Some(min), Some(max)) = (&query.amount_min, &query.amount_max)
        && max < min
    {
        return Err(invalid(
            "its largest amount is below its smallest".to_owned(),
        ));
    }
    if let (Some(min), Some(max)) = (query.days_overdue_min, query.days_overdue_max)
        && max < min
    {
        return Err(invalid(
            "its days-overdue range ends before it starts".to_owned(),
        ));
    }
    for (index, column) in view.columns.iter().enumerate() {
        let known = InvoiceField::ALL
            .into_iter()
            .any(|field| field.name() == column.id && field.def().in_table);
        if !known {
            return Err(invalid(format!(
                "it names the unknown column \"{}\"",
                column.id
            )));
        }
        if view.columns[..index].iter().any(|c| c.id == column.id) {
            return Err(invalid(format!(
                "it names the column \"{}\" twice",
                column.id
            )));
        }
    }
    Ok(())
}

fn view_name(name: &str) -> Result<(), SettingsError> {
    let chars = name.chars().count();
    if name.trim().is_empty()
        || name.trim() != name
        || name.chars().any(char::is_control)
        || chars > VIEW_NAME_MAX_CHARS
    {
        return Err(SettingsError::InvalidViewName {
            name: crate::text::clip(name, VIEW_NAME_MAX_CHARS),
            max: VIEW_NAME_MAX_CHARS,
        });
    }
    Ok(())
}

/// A list of views: each valid, names unique ignoring case, at most [`MAX_VIEWS`].
pub(super) fn views(list: &[SavedView]) -> Result<(), SettingsError> {
    if list.len() > MAX_VIEWS {
        return Err(SettingsError::TooManyViews { max: MAX_VIEWS });
    }
    for (index, one) in list.iter().enumerate() {
        view(one)?;
        let folded = one.name.to_lowercase();
        if list[..index]
            .iter()
            .any(|v| v.name.to_lowercase() == folded)
        {
            return Err(SettingsError::DuplicateView {
                name: one.name.clone(),
            });
        }
    }
    Ok(())
}

fn position(list: &[SavedView], name: &str) -> Option<usize> {
    let folded = name.to_lowercase();
    list.iter().position(|v| v.name.to_lowercase() == folded)
}

impl Settings {
    /// The views of `connection` (`None`: the demo data's).
    ///
    /// # Errors
    /// [`SettingsError::UnknownConnection`].
    pub fn views(&self, connection: Option<&str>) -> Result<&[SavedView], SettingsError> {
        match connection {
            None => Ok(&self.demo_views),
            Some(name) => self
                .connection(name)
                .map(|c| c.views.as_slice())
                .ok_or_else(|| SettingsError::UnknownConnection {
                    name: name.to_owned(),
                }),
        }
    }

    /// The view `name` (ignoring case) of `connection` (`None`: the demo's).
    ///
    /// # Errors
    /// [`SettingsError::UnknownView`], [`SettingsError::UnknownConnection`].
    pub fn view(&self, connection: Option<&str>, name: &str) -> Result<&SavedView, SettingsError> {
        let list = self.views(connection)?;
        position(list, name)
            .map(|index| &list[index])
            .ok_or_else(|| SettingsError::UnknownView {
                name: name.to_owned(),
            })
    }

    fn views_mut(
        &mut self,
        connection: Option<&str>,
    ) -> Result<&mut Vec<SavedView>, SettingsError> {
        match connection {
            None => Ok(&mut self.demo_views),
            Some(name) => {
                let index = self.index_of(name)?;
                Ok(&mut self.connections[index].views)
            }
        }
    }

    /// Saves `view` under `connection`: a view of the same name (ignoring case) is replaced in
    /// place, otherwise it is added at the end. A page in its query is dropped. Answers
    /// whether one was replaced.
    ///
    /// # Errors
    /// [`SettingsError::InvalidViewName`], [`SettingsError::InvalidView`],
    /// [`SettingsError::TooManyViews`], [`SettingsError::UnknownConnection`].
    pub fn save_view(
        &mut self,
        connection: Option<&str>,
        mut saved: SavedView,
    ) -> Result<bool, SettingsError> {
        saved.query.offset = None;
        saved.query.limit = None;
        view(&saved)?;
        let list = self.views_mut(connection)?;
        match position(list, &saved.name) {
            Some(index) => {
                list[index] = saved;
                Ok(true)
            }
            None if list.len() >= MAX_VIEWS => Err(SettingsError::TooManyViews { max: MAX_VIEWS }),
            None => {
                list.push(saved);
                Ok(false)
            }
        }
    }

    /// Renames the view `from` of `connection` to `to` (a change of case only is allowed).
    ///
    /// # Errors
    /// [`SettingsError::UnknownView`], [`SettingsError::DuplicateView`],
    /// [`SettingsError::InvalidViewName`], [`SettingsError::UnknownConnection`].
    pub fn rename_view(
        &mut self,
        connection: Option<&str>,
        from: &str,
        to: &str,
    ) -> Result<(), SettingsError> {
        view_name(to)?;
        let list = self.views_mut(connection)?;
        let index = position(list, from).ok_or_else(|| SettingsError::UnknownView {
            name: from.to_owned(),
        })?;
        if position(list, to).is_some_and(|other| other != index) {
            return Err(SettingsError::DuplicateView {
                name: to.to_owned(),
            });
        }
        list[index].name = to.to_owned();
        Ok(())
    }

    /// Removes the view `name` of `connection`.
    ///
    /// # Errors
    /// [`SettingsError::UnknownView`], [`SettingsError::UnknownConnection`].
    pub fn remove_view(
        &mut self,
        connection: Option<&str>,
        name: &str,
    ) -> Result<(), SettingsError> {
        let list = self.views_mut(connection)?;
        let index = position(list, name).ok_or_else(|| SettingsError::UnknownView {
            name: name.to_owned(),
        })?;
        list.remove(index);
        Ok(())
    }
}
