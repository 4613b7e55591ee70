//! The user's settings: API connections, saved organizations and UI preferences.
//!
//! Everything lives in one human-readable TOML file, `settings.toml`, in the config folder
//! ([`AppDirs`]). The API token is never part of it: tokens live in the OS keyring
//! ([`crate::token_store`]), keyed by the connection's name.
//!
//! The file looks like this (keys are camelCase, the same names the UI sees):
//!
//! ```toml
//! schemaVersion = 1
//! activeConnection = "Production"
//!
//! [[connections]]
//! name = "Production"
//! baseUrl = "https://billing.example.com/"
//! concurrency = 4        # optional override
//! timeoutSecs = 30       # optional override
//! maxResponseMb = 2000   # optional: largest answer accepted, in MB (default 1200)
//!
//! [[connections.organizations]]
//! orgId = "org_123"
//! label = "ACME Europe"  # optional
//!
//! [ui]
//! theme = "system"       # system | light | dark
//!
//! [[ui.columns]]
//! id = "number"
//! visible = true
//! ```
//!
//! Guarantees of [`SettingsStore`]:
//! - a save is atomic: readers see the old file or the new one, never half of one;
//! - a damaged file is never overwritten silently: it is copied aside first and the caller gets
//!   a [`Recovered`] notice to show the user;
//! - a file from a newer Billing Desk is refused ([`SettingsError::NewerVersion`]) and left
//!   exactly as it is.

mod atomic;
mod dirs;
mod error;
mod model;
mod store;
mod validate;
mod views;

pub use dirs::{AppDirs, CACHE_DIR_ENV, CONFIG_DIR_ENV, DATA_DIR_ENV, LOG_DIR_ENV};
pub use error::SettingsError;
pub use model::{
    ColumnPref, Connection, ConnectionEdit, MAX_CONCURRENCY, MAX_RESPONSE_MB, MAX_SNAPSHOTS_KEPT,
    MAX_TIMEOUT_SECS, SavedOrg, Settings, Theme, UiPrefs,
};
pub use store::{
    LOCK_FILE_NAME, Loaded, Recovered, SCHEMA_VERSION, SETTINGS_FILE_NAME, SettingsStore,
    parse_settings, settings_file_text,
};
pub use validate::{CONNECTION_NAME_MAX_CHARS, LABEL_MAX_CHARS, plain_http as check_plain_http};
pub use views::{MAX_VIEWS, SavedView, VIEW_NAME_MAX_CHARS};
