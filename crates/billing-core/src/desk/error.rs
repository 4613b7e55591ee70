//! The error shape every front end of the desk shows: a code the UI branches on and a
//! sentence for people.
//!
//! The app's commands return [`CommandError`]; the core's error enums are classified into an
//! [`ErrorCode`] here, once, so the Tauri shell and the tests agree on what e.g. an HTTP 429
//! is called.

use serde::Serialize;
use ts_rs::TS;

use crate::client::ApiError;
use crate::export::ExportError;
use crate::history::HistoryError;
use crate::ids::{OrgId, OrgIdError};
use crate::link::LinkError;
use crate::pdf_archive::PdfArchiveError;
use crate::settings::SettingsError;
use crate::token_source::TokenSourceError;
use crate::token_store::TokenStoreError;

pub use super::error_code::ErrorCode;

/// An error as it crosses to the UI: `{"code": "...", "message": "..."}`.
///
/// Invariant: `message` is a sentence a finance user understands and never contains the API
/// token (the token only lives in [`crate::secret::ApiToken`], which cannot be formatted in
/// clear).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
#[error("{message}")]
pub struct CommandError {
    /// What the UI branches on.
    pub code: ErrorCode,
    /// What the UI shows.
    pub message: String,
}

impl CommandError {
    /// An error with this code and message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        let error = Self {
            code,
            message: message.into(),
        };
        super::recent_errors::record(error.code, &error.message);
        error
    }

    /// An error the user cannot act on beyond retrying or reporting it.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }
}

/// Why a desk action failed. Each variant's message is for a finance user; [`DeskError::code`]
/// is what the UI branches on.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    /// Fetching billing details failed.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// Reading, editing or saving the settings failed.
    #[error(transparent)]
    Settings(#[from] SettingsError),
    /// The OS keyring failed.
    #[error(transparent)]
    Keyring(#[from] TokenStoreError),
    /// Writing an export failed.
    #[error(transparent)]
    Export(#[from] ExportError),
    /// The PDF archive as a whole failed (folder or index).
    #[error(transparent)]
    Pdf(#[from] PdfArchiveError),
    /// Text that is not an organization ID.
    #[error(transparent)]
    InvalidOrgId(#[from] OrgIdError),
    /// The export history could not be read or written, or has no such export.
    #[error(transparent)]
    History(#[from] HistoryError),
    /// An export's file went to standard output, or its folder is gone.
    #[error(
        "The file of export {export} is not on this computer any more (or was written to a \
         terminal), so its folder cannot be shown."
    )]
    ExportFileGone {
        /// The export's number.
        export: u64,
    },
    /// The API token given is empty.
    #[error("Enter the API token.")]
    EmptyToken,
    /// The connection has no token in the keyring.
    #[error(
        "No API token is stored for connection \"{connection}\". Set it in the Connections \
         screen (or with `bdesk token set`)."
    )]
    NoToken {
        /// The connection.
        connection: String,
    },
    /// The invoice has no link of the kind asked for.
    #[error("Invoice {invoice} has no {what}.")]
    LinkMissing {
        /// The invoice ID.
        invoice: String,
        /// "hosted invoice page" or "PDF".
        what: &'static str,
    },
    /// The link is not safe to open.
    #[error("The link of invoice {invoice} was not opened: {reason}")]
    LinkRefused {
        /// The invoice ID.
        invoice: String,
        /// Why.
        #[source]
        reason: LinkError,
    },
    /// "Open archived copy" for an invoice without a usable archived PDF.
    #[error(
        "There is no usable archived copy of invoice {invoice}: it was not downloaded into \
         this connection's archive, or the file was changed, moved or removed since (only the \
         file the archive wrote is opened). Download it again."
    )]
    NoArchivedCopy {
        /// The invoice ID.
        invoice: String,
    },
    /// One invoice's PDF could not be saved into the archive.
    #[error("The PDF of invoice {invoice} was not saved: {source}")]
    PdfDownload {
        /// The invoice ID.
        invoice: String,
        /// Why.
        #[source]
        source: PdfArchiveError,
    },
    /// No loaded invoice has this ID in this organization.
    #[error(
        "Invoice {invoice} of organization {org} is not loaded. Refresh the organization and \
         try again."
    )]
    InvoiceNotLoaded {
        /// The organization.
        org: OrgId,
        /// The invoice ID asked for.
        invoice: String,
    },
    /// An organization that is not in the active connection's list (or the demo's): the
    /// window only ever asks for saved ones, so anything else is refused before any request.
    #[error("Organization {org} is not in this connection's list. Add it to the list first.")]
    OrgNotSaved {
        /// The organization asked for.
        org: OrgId,
    },
    /// "Test" on a saved connection that has no organization to fetch.
    #[error(
        "Connection \"{connection}\" has no saved organization to test with. Add one, then \
         test again."
    )]
    NothingToTest {
        /// The connection.
        connection: String,
    },
    /// A PDF download is already running.
    #[error("A PDF download is already running. Wait for it to finish or cancel it first.")]
    Busy,
    /// An export is already running.
    #[error("An export is already running. Wait for it to finish or cancel it first.")]
    ExportRunning,
    /// The view is not complete and the export was not told to go ahead anyway.
    #[error(
        "{orgs} organizations of this view failed, are still loading or show an older answer. \
         Fetch them first, or export anyway: the manifest then lists them."
    )]
    ExportIncomplete {
        /// How many organizations of the view are not fresh.
        orgs: usize,
    },
    /// A connection test is already running.
    #[error("A connection test is already running. Wait for its result, then try again.")]
    TestRunning,
    /// The user cancelled.
    #[error("Cancelled.")]
    Cancelled,
    /// A background task ended unexpectedly (a bug or a shutdown).
    #[error(
        "Billing Desk could not finish the work: {0}. Try again; if it keeps happening, report it."
    )]
    Internal(String),
}

/// An error the core classifies, once: the app sends its [`ErrorCode`] to the UI, and `bdesk`
/// derives its exit code from the same code. Every implementation matches exhaustively, so a
/// new variant cannot slip into a default.
pub trait Classified {
    /// What the user can do about it.
    fn error_code(&self) -> ErrorCode;
}

impl Classified for DeskError {
    fn error_code(&self) -> ErrorCode {
        match self {
            DeskError::Api(error) => error.error_code(),
            DeskError::Settings(error) => error.error_code(),
            DeskError::Keyring(error) => error.error_code(),
            DeskError::Export(error) => error.error_code(),
            DeskError::Pdf(error) | DeskError::PdfDownload { source: error, .. } => {
                error.error_code()
            }
            DeskError::History(error) => error.error_code(),
            DeskError::Cancelled => ErrorCode::Cancelled,
            DeskError::ExportIncomplete { .. } => ErrorCode::ExportIncomplete,
            DeskError::InvalidOrgId(_)
            | DeskError::EmptyToken
            | DeskError::OrgNotSaved { .. }
            | DeskError::NothingToTest { .. } => ErrorCode::InvalidInput,
            DeskError::NoToken { .. } => ErrorCode::NoToken,
            DeskError::LinkMissing { .. }
            | DeskError::LinkRefused { .. }
            | DeskError::NoArchivedCopy { .. } => ErrorCode::LinkRefused,
            DeskError::InvoiceNotLoaded { .. } | DeskError::ExportFileGone { .. } => {
                ErrorCode::NotFound
            }
            DeskError::Busy | DeskError::ExportRunning | DeskError::TestRunning => ErrorCode::Busy,
            DeskError::Internal(_) => ErrorCode::Internal,
        }
    }
}

impl DeskError {
    /// The code the UI branches on (see [`Classified`]).
    pub fn code(&self) -> ErrorCode {
        self.error_code()
    }
}

/// HTTP-level failures by what the user can do about them.
impl Classified for ApiError {
    fn error_code(&self) -> ErrorCode {
        match self {
            ApiError::InvalidBaseUrl(_)
            | ApiError::InsecureBaseUrl(_)
            | ApiError::InvalidOrgId(_)
            // The server refused the request itself (e.g. an ID it does not accept).
            | ApiError::BadRequest { .. } => ErrorCode::InvalidInput,
            // A token with characters a header cannot carry: the remedy is setting it again.
            ApiError::InvalidToken | ApiError::Unauthorized | ApiError::Forbidden { .. } => {
                ErrorCode::Unauthorized
            }
            ApiError::NotFound { .. } => ErrorCode::NotFound,
            ApiError::RateLimited { .. } => ErrorCode::RateLimited,
            ApiError::Server { .. } => ErrorCode::Server,
            ApiError::Network { .. } | ApiError::Tls { .. } | ApiError::Timeout { .. } => {
                ErrorCode::Network
            }
            ApiError::TooLarge { .. }
            | ApiError::Malformed(_)
            | ApiError::Redirect { .. }
            | ApiError::TooManyRedirects
            | ApiError::UnexpectedStatus { .. } => ErrorCode::BadResponse,
            ApiError::Cancelled => ErrorCode::Cancelled,
            ApiError::Setup { .. } => ErrorCode::Internal,
        }
    }
}

/// A file that cannot be written is the export's; what was asked for but cannot be made
/// (a format this build lacks, a manifest with no file beside it) is the user's input.
impl Classified for ExportError {
    fn error_code(&self) -> ErrorCode {
        match self {
            ExportError::PathUnwritable { .. }
            | ExportError::Io { .. }
            | ExportError::TooManyRows { .. }
            | ExportError::Xlsx { .. } => ErrorCode::Export,
            ExportError::FormatNotAvailable { .. } | ExportError::ManifestNeedsFile => {
                ErrorCode::InvalidInput
            }
            ExportError::Cancelled => ErrorCode::Cancelled,
        }
    }
}

/// One PDF's failure is its link's or the network's; the archive folder and its index are
/// the folder's, with the same remedy as an export path.
impl Classified for PdfArchiveError {
    fn error_code(&self) -> ErrorCode {
        match self {
            PdfArchiveError::Network { .. } | PdfArchiveError::Timeout { .. } => ErrorCode::Network,
            PdfArchiveError::Cancelled => ErrorCode::Cancelled,
            PdfArchiveError::FolderUnwritable { .. }
            | PdfArchiveError::IndexDamaged { .. }
            | PdfArchiveError::IndexNewer { .. }
            | PdfArchiveError::IndexIo { .. }
            | PdfArchiveError::Setup { .. }
            | PdfArchiveError::Write { .. } => ErrorCode::Export,
            PdfArchiveError::UnsafeLink(_)
            | PdfArchiveError::UnsafeRedirect { .. }
            | PdfArchiveError::TooManyRedirects
            | PdfArchiveError::LinkExpired { .. }
            | PdfArchiveError::HttpStatus { .. }
            | PdfArchiveError::NotPdf
            | PdfArchiveError::RunBudget { .. }
            | PdfArchiveError::TooLarge { .. }
            | PdfArchiveError::NoInvoiceId => ErrorCode::LinkRefused,
        }
    }
}

/// An export or snapshot that is not there is not found; a log or snapshot that cannot be
/// read or written is a file problem, like an export's.
impl Classified for HistoryError {
    fn error_code(&self) -> ErrorCode {
        match self {
            HistoryError::NoExportYet | HistoryError::SnapshotMissing { .. } => ErrorCode::NotFound,
            HistoryError::Write { .. }
            | HistoryError::Read { .. }
            | HistoryError::SnapshotDamaged { .. } => ErrorCode::Export,
        }
    }
}

/// Rule breaks of an edit are the user's input; everything else is the settings file
/// ([`SettingsError::is_input`]).
impl Classified for SettingsError {
    fn error_code(&self) -> ErrorCode {
        if self.is_input() {
            ErrorCode::InvalidInput
        } else {
            ErrorCode::Settings
        }
    }
}

/// The stored token is for another address: the remedy is entering it again, as for none.
impl Classified for TokenStoreError {
    fn error_code(&self) -> ErrorCode {
        match self {
            TokenStoreError::OtherOrigin { .. } => ErrorCode::NoToken,
            TokenStoreError::NoSessionBus { .. }
            | TokenStoreError::NoSecretService { .. }
            | TokenStoreError::Locked { .. }
            | TokenStoreError::PromptDismissed
            | TokenStoreError::Unreadable { .. }
            | TokenStoreError::Ambiguous { .. }
            | TokenStoreError::Refused { .. }
            | TokenStoreError::Platform { .. }
            | TokenStoreError::Interrupted => ErrorCode::Keyring,
        }
    }
}

/// A per-run token that cannot be read is the user's input; no token at all is the keyring's.
impl Classified for TokenSourceError {
    fn error_code(&self) -> ErrorCode {
        match self {
            TokenSourceError::StdinEmpty
            | TokenSourceError::StdinUnreadable { .. }
            | TokenSourceError::EnvNotText => ErrorCode::InvalidInput,
            TokenSourceError::Missing { .. } | TokenSourceError::NoConnection => ErrorCode::NoToken,
            TokenSourceError::Keyring(error) => error.error_code(),
        }
    }
}

impl From<&DeskError> for CommandError {
    fn from(error: &DeskError) -> Self {
        let message = match error {
            DeskError::Keyring(keyring) => keyring.app_message(),
            other => other.to_string(),
        };
        CommandError::new(error.code(), message)
    }
}

impl From<DeskError> for CommandError {
    fn from(error: DeskError) -> Self {
        CommandError::from(&error)
    }
}

impl From<&ApiError> for CommandError {
    fn from(error: &ApiError) -> Self {
        CommandError::new(error.error_code(), error.to_string())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn every_error_made_is_in_the_recent_errors() {
        let made = CommandError::new(ErrorCode::Server, "error.rs test: recorded when made");
        assert!(
            super::super::recent_errors::recent_errors()
                .iter()
                .any(|seen| seen.code == made.code && seen.message == made.message)
        );
    }

    #[test]
    fn serializes_as_code_and_message_for_the_ui() {
        let json = serde_json::to_value(CommandError::new(
            ErrorCode::NoToken,
            "No token is stored for Production.",
        ))
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "noToken", "message": "No token is stored for Production."}),
            "ui/src/ipc.ts turns exactly this shape into a UserError; codes are camelCase"
        );
    }

    #[test]
    fn displays_only_the_message() {
        let error = CommandError::internal("Something failed.");
        assert_eq!(
            error.to_string(),
            "Something failed.",
            "logs and the UI show the sentence, not a Debug dump"
        );
    }

    #[test]
    fn keyring_errors_in_the_app_do_not_point_to_bdesk_token() {
        let error =
            DeskError::Keyring(crate::token_store::TokenStoreError::Locked { detail: "x".into() });
        let shown = CommandError::from(&error);
        assert_eq!(shown.code, ErrorCode::Keyring);
        assert!(!shown.message.contains("BDESK_TOKEN"), "{}", shown.message);
        assert!(shown.message.ends_with("try again."), "{}", shown.message);
        #[cfg(target_os = "linux")]
        assert!(shown.message.contains("GNOME Keyring"), "{}", shown.message);
        assert!(
            error.to_string().contains("BDESK_TOKEN"),
            "bdesk keeps the headless way out"
        );
    }
}
