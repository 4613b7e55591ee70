//! The About dialog: what the app is, where its files are, and **Copy diagnostics**, a text
//! block a user pastes into a support request: versions, folders, the connections' names and
//! addresses (never a token), what is loaded, and the last errors with their codes.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::app::Desk;
use super::recent_errors::{RecentError, recent_errors};
use super::session::SourceKind;
use crate::updates::UpdateStatus;

/// A folder of the app the About dialog names and opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum FolderKind {
    /// Settings.
    Config,
    /// PDFs, export history, crash reports.
    Data,
    /// Fetched answers.
    Cache,
    /// The daily log files.
    Logs,
}

impl FolderKind {
    /// Every folder, in the dialog's order.
    pub const ALL: [FolderKind; 4] = [
        FolderKind::Config,
        FolderKind::Data,
        FolderKind::Cache,
        FolderKind::Logs,
    ];

    fn label(self) -> &'static str {
        match self {
            FolderKind::Config => "settings",
            FolderKind::Data => "data",
            FolderKind::Cache => "cache",
            FolderKind::Logs => "logs",
        }
    }
}

/// One folder and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AboutFolder {
    /// Which one.
    pub kind: FolderKind,
    /// Its path.
    pub path: String,
}

/// What the shell knows about the running program (the core knows the rest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Build {
    /// The app's version.
    pub version: String,
    /// The commit it was built from, or `unknown`.
    pub commit: String,
    /// The Tauri version.
    pub tauri: String,
    /// The web view's version (WebKitGTK on Linux), or why it is unknown.
    pub webview: String,
    /// The operating system, e.g. `Debian GNU/Linux 12 (bookworm), linux x86_64`.
    pub os: String,
    /// Whether and how updates are checked.
    pub updates: UpdateStatus,
}

/// The About dialog's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct About {
    /// The program: versions, OS, updates.
    #[serde(flatten)]
    pub build: Build,
    /// The app's folders.
    pub folders: Vec<AboutFolder>,
    /// The errors of this run, newest first.
    pub recent_errors: Vec<RecentError>,
    /// The text **Copy diagnostics** copies.
    pub diagnostics: String,
}

impl Desk {
    /// The path of one of the app's folders.
    pub fn folder(&self, kind: FolderKind) -> PathBuf {
        match kind {
            FolderKind::Config => self.dirs().config_dir(),
            FolderKind::Data => self.dirs().data_dir(),
            FolderKind::Cache => self.dirs().cache_dir(),
            FolderKind::Logs => self.dirs().log_dir(),
        }
        .to_path_buf()
    }

    /// The About dialog for a program described by `build`.
    pub async fn about(&self, build: Build) -> About {
        self.ready().await;
        let folders: Vec<AboutFolder> = FolderKind::ALL
            .into_iter()
            .map(|kind| AboutFolder {
                kind,
                path: self.folder(kind).display().to_string(),
            })
            .collect();
        let errors = recent_errors();
        let diagnostics = self.diagnostics_text(&build, &folders, &errors);
        About {
            build,
            folders,
            recent_errors: errors,
            diagnostics,
        }
    }

    fn diagnostics_text(
        &self,
        build: &Build,
        folders: &[AboutFolder],
        errors: &[RecentError],
    ) -> String {
        let settings = self.settings();
        let session = self.session();
        let shown = match session.kind() {
            SourceKind::Connection(name) => format!("connection \"{name}\""),
            SourceKind::Demo => "demo data".to_owned(),
        };
        let orgs = self.org_ids_of(&session);
        let invoices = session.select(&orgs).rows.len();
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = writeln!(
            text,
            "Billing Desk {} (commit {})",
            build.version, build.commit
        );
        let _ = writeln!(text, "Tauri {}, web view {}", build.tauri, build.webview);
        let _ = writeln!(text, "OS: {}", build.os);
        let _ = writeln!(text, "Updates: {}", build.updates.describe());
        let _ = writeln!(text, "Folders:");
        for folder in folders {
            let _ = writeln!(text, "  {}: {}", folder.kind.label(), folder.path);
        }
        let _ = writeln!(text, "Connections ({}):", settings.connections.len());
        for connection in &settings.connections {
            let active = settings.active_connection.as_deref() == Some(connection.name.as_str());
            let _ = writeln!(
                text,
                "  {}{} {} ({} organizations)",
                if active { "* " } else { "" },
                connection.name,
                connection.base_url,
                connection.organizations.len()
            );
        }
        let _ = writeln!(
            text,
            "On screen: {shown}, {} organizations, {invoices} invoices loaded",
            orgs.len()
        );
        let _ = writeln!(text, "Recent errors ({}):", errors.len());
        for error in errors {
            let code = serde_json::to_value(error.code)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            let repeats = if error.count > 1 {
                format!(" (x{})", error.count)
            } else {
                String::new()
            };
            let _ = writeln!(
                text,
                "  {} {code}{repeats}: {}",
                error.at.format("%Y-%m-%dT%H:%M:%SZ"),
                crate::text::clip(&error.message, 300)
            );
        }
        text
    }
}
