//! Where update checking stands in this run, as the About dialog and the header show it.

use serde::Serialize;
use ts_rs::TS;

/// The state of update checking. `server` is the update server's origin (scheme, host,
/// port), never a path or query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "state", rename_all = "camelCase")]
#[ts(export)]
pub enum UpdateStatus {
    /// This build names no update server: new versions come as packages.
    NotConfigured,
    /// IT or the user turned checks off; no request is made.
    Off {
        /// Who turned them off, and where.
        reason: String,
    },
    /// Not checked yet in this run.
    NotChecked {
        /// The update server.
        server: String,
    },
    /// A check is under way.
    Checking {
        /// The update server.
        server: String,
    },
    /// The server offers nothing newer.
    UpToDate {
        /// The update server.
        server: String,
        /// When, RFC 3339.
        checked: String,
    },
    /// A newer version is offered.
    Available {
        /// Its version.
        version: String,
        /// Its release notes, if the server gave any.
        notes: Option<String>,
    },
    /// The new version is being downloaded.
    Downloading {
        /// Its version.
        version: String,
        /// Bytes so far.
        #[ts(type = "number")]
        received: u64,
        /// Bytes in all, when the server said.
        #[ts(type = "number | null")]
        total: Option<u64>,
    },
    /// Downloaded, and its signature verified with this build's update key.
    Verified {
        /// Its version.
        version: String,
        /// True when this copy runs from a package the updater can replace (a `.deb` or
        /// `.rpm` install); otherwise the new version is installed by hand.
        installable: bool,
    },
    /// The last check, download or install failed or was refused; nothing was installed.
    Failed {
        /// What happened, for the user.
        message: String,
    },
}

impl UpdateStatus {
    /// One line for **Copy diagnostics**.
    pub fn describe(&self) -> String {
        match self {
            UpdateStatus::NotConfigured => {
                "not part of this build; install new versions with your package manager".into()
            }
            UpdateStatus::Off { reason } => format!("off: {reason}"),
            UpdateStatus::NotChecked { server } => format!("not checked yet ({server})"),
            UpdateStatus::Checking { server } => format!("checking {server}"),
            UpdateStatus::UpToDate { server, checked } => {
                format!("up to date (checked {server} at {checked})")
            }
            UpdateStatus::Available { version, .. } => format!("{version} available"),
            UpdateStatus::Downloading { version, .. } => format!("downloading {version}"),
            UpdateStatus::Verified { version, .. } => {
                format!("{version} downloaded and its signature verified")
            }
            UpdateStatus::Failed { message } => format!("failed: {message}"),
        }
    }
}
