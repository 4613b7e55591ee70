//! The error shape every front end of the desk shows: a code the UI branches on and a
//! sentence for people.
//!
//! The app's commands return [`CommandError`]; the core's error enums are classified into an
//! [`ErrorCode`] here, once, so the Tauri shell and the tests agree on what e.g. an HTTP 429
//! is called.

use serde::Serialize;
use ts_rs::TS;

/// What went wrong, for the cases the UI branches on (a "Set token" button, a retry, a link
/// to settings…). The UI never matches on [`CommandError::message`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ErrorCode {
    /// Nothing the user can fix from the UI; the message says what failed.
    Internal,
    /// Something the user typed is not usable (organization ID, URL, empty name).
    InvalidInput,
    /// The connection has no token in the keyring: the UI offers "Set token".
    NoToken,
    /// The OS keyring is unreachable or locked.
    Keyring,
    /// The token was refused (HTTP 401 or 403).
    Unauthorized,
    /// The organization does not exist (HTTP 404).
    NotFound,
    /// Too many requests (HTTP 429), still after retrying.
    RateLimited,
    /// The billing service failed (HTTP 5xx).
    Server,
    /// The service could not be reached (connection, timeout, DNS, TLS).
    Network,
    /// The answer was not billing details (malformed, cut off, too large, odd status).
    BadResponse,
    /// The settings cannot be read or saved.
    Settings,
    /// The export file cannot be written.
    Export,
    /// A link is missing or unsafe to open (not https, not this computer's http).
    LinkRefused,
    /// A batch fetch or a PDF download is already running.
    Busy,
    /// The user cancelled the work.
    Cancelled,
}

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
        Self {
            code,
            message: message.into(),
        }
    }

    /// An error the user cannot act on beyond retrying or reporting it.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

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
}
