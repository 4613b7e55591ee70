//! The one error type every command returns, and the shape the UI receives.

use serde::Serialize;
use ts_rs::TS;

/// What went wrong, for the cases the UI branches on (a retry, a link to settings, …).
///
/// Only add a code when the UI does something different for it; everything else is
/// [`ErrorCode::Internal`] with a message that says what failed. The UI never matches on
/// [`CommandError::message`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ErrorCode {
    /// Nothing the user can fix from the UI; the message says what failed.
    Internal,
}

/// An error as it crosses to the UI: `{"code": "...", "message": "..."}`.
///
/// Invariant: `message` is a sentence a finance user understands and never contains the API
/// token (the token only lives in `billing_core::secret::ApiToken`, which cannot be formatted
/// in clear). The core's error enums are mapped into this with `From` impls as commands arrive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
#[error("{message}")]
pub struct CommandError {
    pub code: ErrorCode,
    pub message: String,
}

impl CommandError {
    /// An error the user cannot act on beyond retrying or reporting it.
    pub fn internal(message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::Internal,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_code_and_message_for_the_ui() {
        let json = serde_json::to_value(CommandError::internal(
            "The invoice list could not be read.",
        ))
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "internal", "message": "The invoice list could not be read."}),
            "ui/src/ipc.ts turns exactly this shape into a UserError"
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
