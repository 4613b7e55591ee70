//! Exit codes and the one error type of the command line.
//!
//! Every failure becomes a [`CliError`]: an [`Exit`] code for scripts and one line for people
//! (naming the organization when there is one, and what to do). The core classifies each
//! error once ([`Classified`], the same code the app's UI gets); [`Exit::for_code`] turns that
//! code into the exit status `--help` documents.

use std::fmt;
use std::process::ExitCode;

use billing_core::client::ApiError;
use billing_core::desk::{Classified, ErrorCode};
use billing_core::export::ExportError;
use billing_core::ids::OrgId;
use billing_core::pdf_archive::PdfArchiveError;
use billing_core::settings::SettingsError;
use billing_core::token_source::TokenSourceError;
use billing_core::token_store::TokenStoreError;

/// The exit codes documented in `--help`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: everything worked.
    Ok,
    /// 1: the output could not be written.
    Output,
    /// 2: a bad option or value (clap uses 2 for its own errors too).
    Usage,
    /// 3: the token was refused (401/403).
    TokenRefused,
    /// 4: an organization was not found (404).
    NotFound,
    /// 5: another API or network error.
    Api,
    /// 6: partial success.
    Partial,
    /// 7: keyring or settings.
    Config,
    /// 8: changes found (`changes --fail-on-change`), or a history that does not verify.
    Changed,
    /// 130: interrupted.
    Interrupted,
}

impl Exit {
    /// The process exit status.
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Output => 1,
            Exit::Usage => 2,
            Exit::TokenRefused => 3,
            Exit::NotFound => 4,
            Exit::Api => 5,
            Exit::Partial => 6,
            Exit::Config => 7,
            Exit::Changed => 8,
            Exit::Interrupted => 130,
        }
    }

    /// As a `main` return value.
    pub fn into_exit_code(self) -> ExitCode {
        ExitCode::from(self.code())
    }

    /// The exit for an error the core classified as `code`.
    pub fn for_code(code: ErrorCode) -> Exit {
        match code {
            ErrorCode::InvalidInput => Exit::Usage,
            ErrorCode::Unauthorized => Exit::TokenRefused,
            ErrorCode::NotFound => Exit::NotFound,
            ErrorCode::NoToken | ErrorCode::Keyring | ErrorCode::Settings => Exit::Config,
            ErrorCode::Export => Exit::Output,
            ErrorCode::ExportIncomplete => Exit::Partial,
            ErrorCode::Cancelled => Exit::Interrupted,
            ErrorCode::RateLimited
            | ErrorCode::Server
            | ErrorCode::Network
            | ErrorCode::BadResponse
            | ErrorCode::LinkRefused
            | ErrorCode::Busy
            | ErrorCode::Update
            | ErrorCode::Internal => Exit::Api,
        }
    }

    /// The exit for an API failure.
    pub fn for_api(error: &ApiError) -> Exit {
        Exit::for_code(error.error_code())
    }
}

/// A failure of the command: how to exit and what to say (one line, no token).
#[derive(Debug)]
pub struct CliError {
    /// The exit code.
    pub exit: Exit,
    /// The message, one line.
    pub message: String,
}

impl CliError {
    /// An error with this exit code and message.
    pub fn new(exit: Exit, message: impl Into<String>) -> CliError {
        CliError {
            exit,
            message: one_line(&message.into()),
        }
    }

    /// A usage error.
    pub fn usage(message: impl Into<String>) -> CliError {
        CliError::new(Exit::Usage, message)
    }

    /// An API failure for one organization: "organization X: …".
    pub fn for_org(org: &OrgId, error: &ApiError) -> CliError {
        let text = error.to_string();
        // Some messages already name the organization; do not say it twice.
        let message = if text.contains(&format!("rganization {org}")) {
            text
        } else {
            format!("organization {org}: {text}")
        };
        CliError::new(Exit::for_api(error), message)
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl CliError {
    /// A core error as the core classified it, with its own message.
    pub fn classified(error: &(impl Classified + fmt::Display)) -> CliError {
        CliError::new(Exit::for_code(error.error_code()), error.to_string())
    }
}

impl From<SettingsError> for CliError {
    fn from(error: SettingsError) -> Self {
        CliError::classified(&error)
    }
}

impl From<billing_core::history::HistoryError> for CliError {
    fn from(error: billing_core::history::HistoryError) -> Self {
        CliError::classified(&error)
    }
}

impl From<TokenStoreError> for CliError {
    fn from(error: TokenStoreError) -> Self {
        CliError::classified(&error)
    }
}

impl From<TokenSourceError> for CliError {
    fn from(error: TokenSourceError) -> Self {
        CliError::classified(&error)
    }
}

impl From<ExportError> for CliError {
    fn from(error: ExportError) -> Self {
        CliError::classified(&error)
    }
}

impl From<PdfArchiveError> for CliError {
    fn from(error: PdfArchiveError) -> Self {
        CliError::classified(&error)
    }
}

/// Messages are printed on one line: line breaks and other control characters (which could
/// also come from a server's text) become spaces.
pub fn one_line(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_errors_map_to_the_documented_codes() {
        let org = OrgId::parse("acme").unwrap();
        assert_eq!(Exit::for_api(&ApiError::Unauthorized).code(), 3);
        assert_eq!(
            Exit::for_api(&ApiError::Forbidden { org: org.clone() }).code(),
            3
        );
        assert_eq!(
            Exit::for_api(&ApiError::NotFound { org: org.clone() }).code(),
            4
        );
        assert_eq!(Exit::for_api(&ApiError::TooManyRedirects).code(), 5);
        assert_eq!(Exit::for_api(&ApiError::Cancelled).code(), 130);
    }

    #[test]
    fn org_errors_name_the_organization_once() {
        let org = OrgId::parse("acme").unwrap();
        let refused = CliError::for_org(&org, &ApiError::Unauthorized);
        assert!(
            refused.message.starts_with("organization acme: "),
            "{refused}"
        );
        let missing = CliError::for_org(&org, &ApiError::NotFound { org: org.clone() });
        assert_eq!(
            missing.message.matches("acme").count(),
            1,
            "already named by the core's message: {missing}"
        );
    }

    #[test]
    fn messages_are_one_line() {
        let error = CliError::usage("first\nsecond\r\n\tthird\u{1b}[31m");
        assert_eq!(error.message, "first second third [31m");
    }
}
