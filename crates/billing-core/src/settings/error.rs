//! What can go wrong with settings, in words a finance user can act on.

use std::path::PathBuf;

use thiserror::Error;

use crate::ids::OrgIdError;
use crate::link::LinkError;

/// Errors of the settings area: loading, saving and editing.
#[derive(Debug, Error)]
pub enum SettingsError {
    /// No `BDESK_CONFIG_DIR` and the OS has no config folder for this user (no home folder).
    #[error(
        "Could not find a folder for Billing Desk's settings (this account seems to have no \
         home folder). Set BDESK_CONFIG_DIR to a folder Billing Desk may write to."
    )]
    NoConfigDir,

    /// The file exists but could not be read (permissions, I/O error). Nothing was changed.
    #[error(
        "Could not read the settings file {}: {source}. Check that you may read it; \
         the file was left as it is.",
        path.display()
    )]
    Read {
        /// The settings file.
        path: PathBuf,
        /// What the OS reported.
        source: std::io::Error,
    },

    /// The file was written by a newer Billing Desk. It was not changed.
    #[error(
        "The settings file {} was written by a newer version of Billing Desk (settings \
         version {found}; this version understands up to {supported}). Update Billing Desk to \
         use it; the file was left untouched.",
        path.display()
    )]
    NewerVersion {
        /// The settings file.
        path: PathBuf,
        /// `schemaVersion` in the file.
        found: u32,
        /// Highest version this build reads.
        supported: u32,
    },

    /// An edit found the file damaged (changed by hand or by another program since it was
    /// read): it is not overwritten, so nothing of what it holds is lost.
    #[error(
        "The settings file {} cannot be read any more ({reason}), so the change was not saved \
         over it. Repair or move the file away, then try again.",
        path.display()
    )]
    DamagedOnDisk {
        /// The settings file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },

    /// A folder Billing Desk keeps its files in belongs to another user: whoever made it
    /// could read or replace what is written there.
    #[error(
        "The folder {} belongs to another user (uid {owner}), so Billing Desk does not keep its \
         settings, cache or PDFs there. Move it away, or point BDESK_CONFIG_DIR (or \
         BDESK_CACHE_DIR, BDESK_DATA_DIR) at a folder of yours.",
        path.display()
    )]
    ForeignFolder {
        /// The folder.
        path: PathBuf,
        /// Its owner's user ID.
        owner: u32,
    },

    /// A folder Billing Desk keeps its files in cannot be checked or made owner-only.
    #[error("The folder {} cannot be checked or made private: {source}.", path.display())]
    FolderCheck {
        /// The folder.
        path: PathBuf,
        /// What the OS reported.
        source: std::io::Error,
    },

    /// The settings lock file could not be opened or locked.
    #[error(
        "Could not lock the settings file {} for a change: {source}. Nothing was changed.",
        path.display()
    )]
    Lock {
        /// The lock file.
        path: PathBuf,
        /// What the OS reported.
        source: std::io::Error,
    },

    /// The file is damaged and the backup copy could not be written, so nothing was replaced.
    #[error(
        "The settings file {} is damaged ({reason}) and could not be backed up to {}: \
         {source}. Nothing was changed; move the file away or repair it, then start again.",
        path.display(),
        backup.display()
    )]
    Backup {
        /// The settings file.
        path: PathBuf,
        /// Where the copy was to go.
        backup: PathBuf,
        /// What is wrong with the file.
        reason: String,
        /// What the OS reported.
        source: std::io::Error,
    },

    /// The new settings could not be written. The previous file, if any, is unchanged.
    #[error(
        "Could not save the settings to {}: {source}. Check that the folder exists and that \
         you may write to it, or set BDESK_CONFIG_DIR to another folder. The previous \
         settings were kept.",
        path.display()
    )]
    Write {
        /// The settings file.
        path: PathBuf,
        /// What the OS reported.
        source: std::io::Error,
    },

    /// Serializing to TOML failed; a bug, as every settings value has a TOML form.
    #[error("Could not turn the settings into text: {0}. Please report this.")]
    Encode(String),

    /// Blank connection name.
    #[error("Enter a name for the connection.")]
    ConnectionNameEmpty,

    /// Leading or trailing whitespace, which makes two names look alike.
    #[error("The connection name \"{name}\" starts or ends with a space; remove it.")]
    ConnectionNameSpaces {
        /// The name as given.
        name: String,
    },

    /// A tab, line break or other invisible character.
    #[error(
        "The connection name contains an invisible control character (a tab or line break?). \
         Re-type it."
    )]
    ConnectionNameControl,

    /// Longer than [`super::CONNECTION_NAME_MAX_CHARS`].
    #[error("The connection name is {chars} characters long; the longest accepted is {max}.")]
    ConnectionNameTooLong {
        /// Length given, in characters.
        chars: usize,
        /// The limit.
        max: usize,
    },

    /// Another connection already has this name (names are compared ignoring case).
    #[error("A connection named \"{name}\" already exists. Choose another name.")]
    DuplicateConnection {
        /// The name given.
        name: String,
    },

    /// No connection has this name.
    #[error("There is no connection named \"{name}\".")]
    UnknownConnection {
        /// The name given.
        name: String,
    },

    /// The base URL was refused (the same rules as the API client's, see [`crate::link`]).
    #[error(transparent)]
    InvalidBaseUrl(LinkError),

    /// A plain `http` address the user has not allowed for the connection.
    #[error(
        "The address {base_url} is plain http, so the API token would travel unencrypted. If \
         it is a test server on this computer, allow it: tick \"Allow plain http\" in the \
         connection's Edit form on the Connections screen, or add the connection with \
         `bdesk connection add NAME --base-url URL --allow-plain-http`."
    )]
    PlainHttpNotAllowed {
        /// The address, normalized.
        base_url: String,
    },

    /// The archive folder is not a complete path.
    #[error(
        "Connection \"{connection}\": the PDF archive folder \"{dir}\" is not a complete path. \
         Enter a full path such as /home/me/Invoices (or C:\\Invoices on Windows), or leave it \
         blank for the default folder."
    )]
    InvalidArchiveDir {
        /// The connection.
        connection: String,
        /// The folder given (shortened).
        dir: String,
    },

    /// Concurrency override outside 1..=64.
    #[error(
        "Connection \"{connection}\": {value} parallel requests is out of range; use 1 to {max}.",
        max = super::MAX_CONCURRENCY
    )]
    ConcurrencyOutOfRange {
        /// The connection.
        connection: String,
        /// The value given.
        value: u32,
    },

    /// Timeout override outside 1..=3600 seconds.
    #[error(
        "Connection \"{connection}\": a timeout of {value} seconds is out of range; use 1 to {max}.",
        max = super::MAX_TIMEOUT_SECS
    )]
    TimeoutOutOfRange {
        /// The connection.
        connection: String,
        /// The value given.
        value: u32,
    },

    /// Largest-answer setting outside 1..=4,096 MB.
    #[error(
        "Connection \"{connection}\": a largest answer of {value} MB is out of range; use 1 to {max}.",
        max = super::MAX_RESPONSE_MB
    )]
    MaxResponseOutOfRange {
        /// The connection.
        connection: String,
        /// The value given.
        value: u32,
    },

    /// Snapshots-kept setting outside 1..=10,000.
    #[error(
        "Connection \"{connection}\": keeping {value} export snapshots is out of range; use 1 to {max}.",
        max = super::MAX_SNAPSHOTS_KEPT
    )]
    SnapshotsKeptOutOfRange {
        /// The connection.
        connection: String,
        /// The value given.
        value: u32,
    },

    /// Aging boundaries that are not 1 to 8 ascending day counts.
    #[error("Connection \"{connection}\": aging buckets: {reason}.")]
    InvalidAgingBuckets {
        /// The connection.
        connection: String,
        /// The rule broken.
        reason: crate::dates::AgingScaleError,
    },

    /// A view name that is blank, has surrounding spaces or control characters, or is too long.
    #[error(
        "\"{name}\" cannot name a view: use visible text of at most {max} characters, without \
         spaces at either end."
    )]
    InvalidViewName {
        /// The name given (clipped).
        name: String,
        /// The limit.
        max: usize,
    },

    /// A view breaks a rule (a page, an empty range, an unknown column).
    #[error("The view \"{view}\" cannot be saved: {reason}.")]
    InvalidView {
        /// The view's name.
        view: String,
        /// What is wrong.
        reason: String,
    },

    /// No view has this name.
    #[error("There is no view named \"{name}\". See `bdesk view list`.")]
    UnknownView {
        /// The name given.
        name: String,
    },

    /// Another view already has this name (ignoring case).
    #[error("A view named \"{name}\" already exists. Choose another name.")]
    DuplicateView {
        /// The name given.
        name: String,
    },

    /// A connection would hold more views than allowed.
    #[error("A connection holds at most {max} views. Remove one first.")]
    TooManyViews {
        /// The limit.
        max: usize,
    },

    /// The organization ID breaks a rule of [`crate::ids::OrgId`].
    #[error(transparent)]
    InvalidOrgId(OrgIdError),

    /// Label with control characters or too long.
    #[error(
        "The label of organization \"{org_id}\" must be at most {max} characters, without tabs \
         or line breaks."
    )]
    InvalidLabel {
        /// The organization.
        org_id: String,
        /// The limit.
        max: usize,
    },

    /// The organization is already saved under this connection.
    #[error("Organization \"{org_id}\" is already saved under connection \"{connection}\".")]
    DuplicateOrg {
        /// The connection.
        connection: String,
        /// The organization.
        org_id: String,
    },

    /// The organization is not saved under this connection.
    #[error("Organization \"{org_id}\" is not saved under connection \"{connection}\".")]
    UnknownOrg {
        /// The connection.
        connection: String,
        /// The organization.
        org_id: String,
    },
}

impl SettingsError {
    /// A stable identifier for the UI and scripts, so they never match on message text.
    pub fn code(&self) -> &'static str {
        match self {
            SettingsError::NoConfigDir => "settings.no_config_dir",
            SettingsError::Read { .. } => "settings.read_failed",
            SettingsError::NewerVersion { .. } => "settings.newer_version",
            SettingsError::Backup { .. } => "settings.backup_failed",
            SettingsError::Write { .. } => "settings.write_failed",
            SettingsError::DamagedOnDisk { .. } => "settings.damaged_on_disk",
            SettingsError::Lock { .. } => "settings.lock_failed",
            SettingsError::ForeignFolder { .. } => "settings.foreign_folder",
            SettingsError::FolderCheck { .. } => "settings.folder_check_failed",
            SettingsError::Encode(_) => "settings.encode_failed",
            SettingsError::ConnectionNameEmpty
            | SettingsError::ConnectionNameSpaces { .. }
            | SettingsError::ConnectionNameControl
            | SettingsError::ConnectionNameTooLong { .. } => "settings.invalid_connection_name",
            SettingsError::DuplicateConnection { .. } => "settings.duplicate_connection",
            SettingsError::UnknownConnection { .. } => "settings.unknown_connection",
            SettingsError::InvalidBaseUrl(_) => "settings.invalid_base_url",
            SettingsError::PlainHttpNotAllowed { .. } => "settings.plain_http_not_allowed",
            SettingsError::InvalidArchiveDir { .. } => "settings.invalid_archive_dir",
            SettingsError::ConcurrencyOutOfRange { .. } => "settings.invalid_concurrency",
            SettingsError::TimeoutOutOfRange { .. } => "settings.invalid_timeout",
            SettingsError::MaxResponseOutOfRange { .. } => "settings.invalid_max_response",
            SettingsError::SnapshotsKeptOutOfRange { .. } => "settings.invalid_snapshots_kept",
            SettingsError::InvalidAgingBuckets { .. } => "settings.invalid_aging_buckets",
            SettingsError::InvalidViewName { .. } => "settings.invalid_view_name",
            SettingsError::InvalidView { .. } => "settings.invalid_view",
            SettingsError::UnknownView { .. } => "settings.unknown_view",
            SettingsError::DuplicateView { .. } => "settings.duplicate_view",
            SettingsError::TooManyViews { .. } => "settings.too_many_views",
            SettingsError::InvalidOrgId(_) => "settings.invalid_org_id",
            SettingsError::InvalidLabel { .. } => "settings.invalid_label",
            SettingsError::DuplicateOrg { .. } => "settings.duplicate_org",
            SettingsError::UnknownOrg { .. } => "settings.unknown_org",
        }
    }

    /// Whether the error is about what the user typed or chose (a name, an address, a
    /// range, an unknown connection), rather than the settings file or folder. The app's
    /// error codes and `bdesk`'s exit codes both follow this one classification; the match is
    /// exhaustive, so a new variant must be placed here.
    pub fn is_input(&self) -> bool {
        match self {
            SettingsError::NoConfigDir
            | SettingsError::Read { .. }
            | SettingsError::NewerVersion { .. }
            | SettingsError::DamagedOnDisk { .. }
            | SettingsError::ForeignFolder { .. }
            | SettingsError::FolderCheck { .. }
            | SettingsError::Lock { .. }
            | SettingsError::Backup { .. }
            | SettingsError::Write { .. }
            | SettingsError::Encode(_) => false,
            SettingsError::ConnectionNameEmpty
            | SettingsError::ConnectionNameSpaces { .. }
            | SettingsError::ConnectionNameControl
            | SettingsError::ConnectionNameTooLong { .. }
            | SettingsError::DuplicateConnection { .. }
            | SettingsError::UnknownConnection { .. }
            | SettingsError::InvalidBaseUrl(_)
            | SettingsError::PlainHttpNotAllowed { .. }
            | SettingsError::InvalidArchiveDir { .. }
            | SettingsError::ConcurrencyOutOfRange { .. }
            | SettingsError::TimeoutOutOfRange { .. }
            | SettingsError::MaxResponseOutOfRange { .. }
            | SettingsError::SnapshotsKeptOutOfRange { .. }
            | SettingsError::InvalidAgingBuckets { .. }
            | SettingsError::InvalidViewName { .. }
            | SettingsError::InvalidView { .. }
            | SettingsError::UnknownView { .. }
            | SettingsError::DuplicateView { .. }
            | SettingsError::TooManyViews { .. }
            | SettingsError::InvalidOrgId(_)
            | SettingsError::InvalidLabel { .. }
            | SettingsError::DuplicateOrg { .. }
            | SettingsError::UnknownOrg { .. } => true,
        }
    }
}
