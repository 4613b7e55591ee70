//! The settings types and the edits the UI and CLI make to them.
//!
//! Every edit goes through a method that validates it, and [`Settings::validate`] checks the
//! whole value again before a save and after a load, so a file Billing Desk writes is always
//! one it will accept back.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::error::SettingsError;
use super::validate;
use crate::export::CsvDialect;

/// Highest per-connection concurrency override accepted.
pub const MAX_CONCURRENCY: u32 = 64;
/// Highest per-connection timeout override accepted, in seconds.
pub const MAX_TIMEOUT_SECS: u32 = 3600;
pub use crate::client::MAX_RESPONSE_MB;
/// Most export snapshots a connection can be set to keep.
pub const MAX_SNAPSHOTS_KEPT: u32 = 10_000;

/// Everything the user configures. Contains no secret.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Settings {
    /// API connections, in the order the user added them. Names are unique (ignoring case).
    #[serde(default)]
    pub connections: Vec<Connection>,
    /// Name of the connection the app opens with; always one of `connections` when set.
    #[serde(default)]
    pub active_connection: Option<String>,
    /// Display preferences.
    #[serde(default)]
    pub ui: UiPrefs,
    /// Saved views of the demo data (a connection keeps its own in [`Connection::views`]).
    /// The UI reads views through their own command.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(skip)]
    pub demo_views: Vec<super::views::SavedView>,
}

/// One API endpoint the user reads billing data from. Its token is in the OS keyring under
/// the account `name`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Connection {
    /// What the user calls it, e.g. "Production". Also the keyring account name.
    pub name: String,
    /// Base URL of the API, normalized by `url` (e.g. `https://billing.example.com/`).
    pub base_url: String,
    /// Parallel requests for this connection, 1 to 64 (`MAX_CONCURRENCY`); `None` = default.
    #[serde(default)]
    pub concurrency: Option<u32>,
    /// Per-request timeout in seconds, 1 to 3600 (`MAX_TIMEOUT_SECS`); `None` = default.
    #[serde(default)]
    pub timeout_secs: Option<u32>,
    /// Largest answer accepted from this connection, in MB (1,000,000 bytes), 1 to 4,096
    /// (`MAX_RESPONSE_MB`); `None` = [`crate::client::DEFAULT_MAX_BODY_BYTES`]. For an
    /// organization with more invoices than the default admits; set in the settings file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(skip)]
    pub max_response_mb: Option<u32>,
    /// The user agreed that this connection's token travels over plain `http` (allowed to
    /// this computer only, e.g. a local test server). Without it an `http` address is refused
    /// when the connection is added, edited or opened.
    #[serde(default)]
    pub allow_plain_http: bool,
    /// The folder of this connection's PDF archive (an absolute path); `None` = the default
    /// folder under the OS data directory (see [`crate::desk::Desk::archive_dir`]).
    #[serde(default)]
    pub archive_dir: Option<String>,
    /// Export snapshots kept in this connection's history, 1 to 10,000
    /// (`MAX_SNAPSHOTS_KEPT`); `None` = [`crate::history::DEFAULT_SNAPSHOTS_KEPT`]. Older
    /// ones are pruned, never the newest; the log itself keeps every entry. Set in the
    /// settings file or with `bdesk connection add --keep-snapshots`; not shown in the UI's
    /// types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(skip)]
    pub snapshots_kept: Option<u32>,
    /// Where this connection's aging buckets split, in days past due, ascending (e.g.
    /// `[30, 60, 90]`; see [`crate::dates::AgingScale`]); `None` = that default. Set in the
    /// settings file, the Connections screen or `bdesk connection add`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub aging_buckets: Option<Vec<u32>>,
    /// Saved views of this connection (see [`super::views`]). The UI reads them through
    /// their own command.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(skip)]
    pub views: Vec<super::views::SavedView>,
    /// Organizations the user looks at through this connection; `org_id`s are unique.
    #[serde(default)]
    pub organizations: Vec<SavedOrg>,
    /// Hosts the user agreed to open invoice links of, beyond Stripe's and the API's own
    /// (see [`crate::link::link_host_known`]). Not shown in the UI's types.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(skip)]
    pub link_hosts: Vec<String>,
}

/// An organization the user saved, with an optional label of their own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SavedOrg {
    /// The organization ID as the API knows it (kept exactly as typed).
    pub org_id: String,
    /// The user's name for it, e.g. "ACME Europe".
    #[serde(default)]
    pub label: Option<String>,
}

/// Display preferences of the desktop app.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UiPrefs {
    /// Invoice table columns in display order. Empty means "the app's default layout".
    #[serde(default)]
    pub columns: Vec<ColumnPref>,
    /// Colour theme.
    #[serde(default)]
    pub theme: Theme,
    /// The layout of the app's CSV exports, chosen in the export menu.
    #[serde(default)]
    #[ts(as = "Option<CsvDialect>", optional)]
    pub csv_dialect: CsvDialect,
}

/// One invoice table column: which one, and whether it is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ColumnPref {
    /// The column's identifier as the UI defines it (e.g. `"number"`, `"amountDue"`).
    pub id: String,
    /// Whether the column is shown.
    pub visible: bool,
}

/// Colour theme of the app.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Theme {
    /// Follow the operating system.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// What the Connections screen's Edit form sets on a saved connection; every field is
/// validated as the settings are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConnectionEdit {
    /// The API's base URL.
    pub base_url: String,
    /// Per-request timeout in seconds; `None` = the default.
    pub timeout_secs: Option<u32>,
    /// Parallel requests; `None` = the default.
    pub concurrency: Option<u32>,
    /// The user's opt-in for a plain `http` address (see [`Connection::check_plain_http`]).
    pub allow_plain_http: bool,
    /// The PDF archive folder, an absolute path; `None` or blank = the default folder.
    pub archive_dir: Option<String>,
    /// The aging boundaries in days as typed, e.g. `15, 30, 60`; `None` or blank = the
    /// default (30, 60, 90).
    #[serde(default)]
    #[ts(optional)]
    pub aging_buckets: Option<String>,
}

impl Connection {
    /// A connection with no overrides and no saved organizations.
    ///
    /// The base URL is parsed and stored in normalized form.
    ///
    /// # Errors
    /// [`SettingsError`] naming the rule the name or URL breaks (see [`Settings::validate`]).
    pub fn new(name: &str, base_url: &str) -> Result<Connection, SettingsError> {
        validate::connection_name(name)?;
        Ok(Connection {
            name: name.to_owned(),
            base_url: validate::base_url(base_url)?,
            concurrency: None,
            timeout_secs: None,
            max_response_mb: None,
            allow_plain_http: false,
            archive_dir: None,
            snapshots_kept: None,
            aging_buckets: None,
            views: Vec::new(),
            organizations: Vec::new(),
            link_hosts: Vec::new(),
        })
    }

    /// How many export snapshots this connection's history keeps.
    pub fn snapshots_kept(&self) -> usize {
        self.snapshots_kept
            .map_or(crate::history::DEFAULT_SNAPSHOTS_KEPT, |n| n as usize)
    }

    /// This connection's aging buckets (the default when it sets none; a list that breaks
    /// the rules never passes [`Settings::validate`], so it is not met here).
    pub fn aging_scale(&self) -> crate::dates::AgingScale {
        self.aging_buckets
            .as_deref()
            .and_then(|bounds| crate::dates::AgingScale::new(bounds).ok())
            .unwrap_or_default()
    }

    /// Refuses a plain `http` address the user has not allowed for this connection: checked
    /// before any request carries its token.
    ///
    /// # Errors
    /// [`SettingsError::PlainHttpNotAllowed`], or [`SettingsError::InvalidBaseUrl`].
    pub fn check_plain_http(&self) -> Result<(), SettingsError> {
        validate::plain_http(&self.base_url, self.allow_plain_http)
    }

    /// The largest answer this connection accepts, in bytes, when it sets its own.
    pub fn max_response_bytes(&self) -> Option<u64> {
        self.max_response_mb
            .map(crate::client::response_limit_bytes)
    }

    /// The saved organization with this ID, if any.
    pub fn org(&self, org_id: &str) -> Option<&SavedOrg> {
        self.organizations.iter().find(|o| o.org_id == org_id)
    }
}

impl Settings {
    /// The connection with exactly this name.
    pub fn connection(&self, name: &str) -> Option<&Connection> {
        self.connections.iter().find(|c| c.name == name)
    }

    /// The active connection, if one is set.
    pub fn active(&self) -> Option<&Connection> {
        self.active_connection
            .as_deref()
            .and_then(|name| self.connection(name))
    }

    /// Adds a connection. When no connection is active yet, the new one becomes active.
    ///
    /// # Errors
    /// [`SettingsError::DuplicateConnection`] when the name is taken (ignoring case), or the
    /// validation error of any field.
    pub fn add_connection(&mut self, connection: Connection) -> Result<(), SettingsError> {
        let mut connection = connection;
        connection.base_url = validate::base_url(&connection.base_url)?;
        validate::connection(&connection)?;
        connection.check_plain_http()?;
        if self.name_taken(&connection.name) {
            return Err(SettingsError::DuplicateConnection {
                name: connection.name,
            });
        }
        if self.active_connection.is_none() {
            self.active_connection = Some(connection.name.clone());
        }
        self.connections.push(connection);
        Ok(())
    }

    /// Removes a connection and returns it. If it was active, no connection is active after.
    ///
    /// The connection's token stays in the keyring: the caller deletes it with
    /// [`crate::token_store::TokenStore::delete`] (the settings know nothing of tokens).
    ///
    /// # Errors
    /// [`SettingsError::UnknownConnection`].
    pub fn remove_connection(&mut self, name: &str) -> Result<Connection, SettingsError> {
        let index = self.index_of(name)?;
        if self.active_connection.as_deref() == Some(name) {
            self.active_connection = None;
        }
        Ok(self.connections.remove(index))
    }

    /// Applies the Edit form of a connection (see [`ConnectionEdit`]). Returns whether the
    /// base URL's origin changed: the caller then deletes the token, which was given for the
    /// old origin.
    ///
    /// # Errors
    /// [`SettingsError::UnknownConnection`], or the validation error of a field (nothing is
    /// changed then).
    pub fn update_connection(
        &mut self,
        name: &str,
        edit: &ConnectionEdit,
    ) -> Result<bool, SettingsError> {
        let index = self.index_of(name)?;
        let mut updated = self.connections[index].clone();
        updated.base_url = validate::base_url(&edit.base_url)?;
        updated.timeout_secs = edit.timeout_secs;
        updated.concurrency = edit.concurrency;
        updated.allow_plain_http = edit.allow_plain_http;
        updated.archive_dir = edit
            .archive_dir
            .as_deref()
            .map(str::trim)
            .filter(|dir| !dir.is_empty())
            .map(str::to_owned);
        updated.aging_buckets = match edit.aging_buckets.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => {
                let scale = crate::dates::AgingScale::parse(text).map_err(|reason| {
                    SettingsError::InvalidAgingBuckets {
                        connection: name.to_owned(),
                        reason,
                    }
                })?;
                (!scale.is_default()).then(|| scale.bounds().to_vec())
            }
        };
        validate::connection(&updated)?;
        updated.check_plain_http()?;
        let moved = validate::origin_of(&updated.base_url)
            != validate::origin_of(&self.connections[index].base_url);
        self.connections[index] = updated;
        Ok(moved)
    }

    /// Makes `name` the active connection, or clears it with `None`.
    ///
    /// # Errors
    /// [`SettingsError::UnknownConnection`].
    pub fn set_active(&mut self, name: Option<&str>) -> Result<(), SettingsError> {
        if let Some(name) = name {
            self.index_of(name)?;
        }
        self.active_connection = name.map(str::to_owned);
        Ok(())
    }

    /// Saves an organization under a connection.
    ///
    /// # Errors
    /// [`SettingsError::UnknownConnection`], [`SettingsError::DuplicateOrg`] when the ID is
    /// already saved there, or the validation error of the ID or label.
    pub fn add_org(&mut self, connection: &str, org: SavedOrg) -> Result<(), SettingsError> {
        validate::saved_org(&org)?;
        let index = self.index_of(connection)?;
        let target = &mut self.connections[index];
        if target.org(&org.org_id).is_some() {
            return Err(SettingsError::DuplicateOrg {
                connection: target.name.clone(),
                org_id: org.org_id,
            });
        }
        target.organizations.push(org);
        Ok(())
    }

    /// Removes a saved organization from a connection and returns it.
    ///
    /// # Errors
    /// [`SettingsError::UnknownConnection`] or [`SettingsError::UnknownOrg`].
    pub fn remove_org(
        &mut self,
        connection: &str,
        org_id: &str,
    ) -> Result<SavedOrg, SettingsError> {
        let index = self.index_of(connection)?;
        let target = &mut self.connections[index];
        match target.organizations.iter().position(|o| o.org_id == org_id) {
            Some(position) => Ok(target.organizations.remove(position)),
            None => Err(SettingsError::UnknownOrg {
                connection: target.name.clone(),
                org_id: org_id.to_owned(),
            }),
        }
    }

    /// Checks every rule the edit methods enforce, on the whole value. [`SettingsStore::save`]
    /// refuses settings that fail it, and a loaded file that fails it is treated as damaged.
    ///
    /// # Errors
    /// The first rule broken, as the matching [`SettingsError`] variant.
    ///
    /// [`SettingsStore::save`]: super::SettingsStore::save
    pub fn validate(&self) -> Result<(), SettingsError> {
        let mut seen: Vec<String> = Vec::with_capacity(self.connections.len());
        for connection in &self.connections {
            validate::connection(connection)?;
            let folded = connection.name.to_lowercase();
            if seen.contains(&folded) {
                return Err(SettingsError::DuplicateConnection {
                    name: connection.name.clone(),
                });
            }
            seen.push(folded);
        }
        super::views::views(&self.demo_views)?;
        if let Some(active) = &self.active_connection
            && self.connection(active).is_none()
        {
            return Err(SettingsError::UnknownConnection {
                name: active.clone(),
            });
        }
        Ok(())
    }

    fn name_taken(&self, name: &str) -> bool {
        let folded = name.to_lowercase();
        self.connections
            .iter()
            .any(|c| c.name.to_lowercase() == folded)
    }

    pub(super) fn index_of(&self, name: &str) -> Result<usize, SettingsError> {
        self.connections
            .iter()
            .position(|c| c.name == name)
            .ok_or_else(|| SettingsError::UnknownConnection {
                name: name.to_owned(),
            })
    }
}
