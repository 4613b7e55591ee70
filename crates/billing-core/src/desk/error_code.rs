//! The codes the UI branches on, apart from the errors that carry them, so the record of
//! recent errors can name them without depending on the error types.

use serde::Serialize;
use ts_rs::TS;

/// What went wrong, for the cases the UI branches on (a "Set token" button, a retry, a link
/// to settings…). The UI never matches on [`super::CommandError::message`].
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
    /// The view has organizations that failed, are still loading or show an older answer,
    /// and the export was not told to go ahead anyway: the UI asks the user
    /// (`export_check` lists them).
    ExportIncomplete,
    /// A link is missing or unsafe to open (not https, not this computer's http).
    LinkRefused,
    /// A PDF download or an export is already running.
    Busy,
    /// The user cancelled the work.
    Cancelled,
    /// An update could not be checked, downloaded, verified or installed; nothing was
    /// installed.
    Update,
}

impl ErrorCode {
    /// The code's name, as the UI receives it and export manifests record it (`notFound`,
    /// `network`…): the one naming scheme for codes that leave the program.
    pub fn name(self) -> &'static str {
        match self {
            ErrorCode::Internal => "internal",
            ErrorCode::InvalidInput => "invalidInput",
            ErrorCode::NoToken => "noToken",
            ErrorCode::Keyring => "keyring",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::NotFound => "notFound",
            ErrorCode::RateLimited => "rateLimited",
            ErrorCode::Server => "server",
            ErrorCode::Network => "network",
            ErrorCode::BadResponse => "badResponse",
            ErrorCode::Settings => "settings",
            ErrorCode::Export => "export",
            ErrorCode::ExportIncomplete => "exportIncomplete",
            ErrorCode::LinkRefused => "linkRefused",
            ErrorCode::Busy => "busy",
            ErrorCode::Cancelled => "cancelled",
            ErrorCode::Update => "update",
        }
    }

    /// Every code.
    pub const ALL: [ErrorCode; 17] = [
        ErrorCode::Internal,
        ErrorCode::InvalidInput,
        ErrorCode::NoToken,
        ErrorCode::Keyring,
        ErrorCode::Unauthorized,
        ErrorCode::NotFound,
        ErrorCode::RateLimited,
        ErrorCode::Server,
        ErrorCode::Network,
        ErrorCode::BadResponse,
        ErrorCode::Settings,
        ErrorCode::Export,
        ErrorCode::ExportIncomplete,
        ErrorCode::LinkRefused,
        ErrorCode::Busy,
        ErrorCode::Cancelled,
        ErrorCode::Update,
    ];
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn every_name_is_what_the_ui_receives() {
        // The generated binding lists every variant: `ALL` must hold as many.
        let binding = include_str!("../../../../ui/src/bindings/ErrorCode.ts");
        let union = binding
            .lines()
            .find(|line| line.starts_with("export type ErrorCode"))
            .unwrap();
        let variants = union.split('"').count() / 2;
        assert_eq!(
            ErrorCode::ALL.len(),
            variants,
            "ErrorCode::ALL misses a code"
        );
        for code in ErrorCode::ALL {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::String(code.name().to_owned())
            );
        }
    }
}
