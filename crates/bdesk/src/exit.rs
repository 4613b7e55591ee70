//! Exit codes and the one error type of the command line.
//!
//! Every failure becomes a [`CliError`]: an [`Exit`] code for scripts and one line for people
//! (naming the organization when there is one, and what to do). The mapping from the core's
//! error codes lives here, so the table in `--help` has one source.

use std::fmt;
use std::process::ExitCode;

use billing_core::client::ApiError;
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

    /// The exit for an API failure.
    pub fn for_api(error: &ApiError) -> Exit {
        match error {
            ApiError::Unauthorized | ApiError::Forbidden { .. } | ApiError::InvalidToken => {
                Exit::TokenRefused
            }
            ApiError::NotFound { .. } => Exit::NotFound,
            ApiError::InvalidBaseUrl(_)
            | ApiError::InsecureBaseUrl(_)
            | ApiError::InvalidOrgId(_) => Exit::Usage,
            ApiError::Cancelled => Exit::Interrupted,
            _ => Exit::Api,
        }
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

impl From<SettingsError> for CliError {
    fn from(error: SettingsError) -> Self {
        // What was typed (a name, a URL, an unknown connection) is a usage error; the
        // settings file or folder is a configuration one ([`SettingsError::is_input`]).
        let exit = if error.is_input() {
            Exit::Usage
        } else {
            Exit::Config
        };
        CliError::new(exit, error.to_string())
    }
}

impl From<billing_core::history::HistoryError> for CliError {
    fn from(error: billing_core::history::HistoryError) -> Self {
        use billing_core::history::HistoryError;
        let exit = match error {
            HistoryError::Write { .. }
            | HistoryError::Read { .. }
            | HistoryError::SnapshotDamaged { .. } => Exit::Output,
            HistoryError::SnapshotMissing { .. } | HistoryError::NoExportYet => Exit::Usage,
        };
        CliError::new(exit, error.to_string())
    }
}

impl From<TokenStoreError> for CliError {
    fn from(error: TokenStoreError) -> Self {
        CliError::new(Exit::Config, error.to_string())
    }
}

impl From<TokenSourceError> for CliError {
    fn from(error: TokenSourceError) -> Self {
        let exit = match error {
            TokenSourceError::StdinEmpty
            | TokenSourceError::StdinUnreadable { .. }
            | TokenSourceError::EnvNotText => Exit::Usage,
            TokenSourceError::Missing { .. }
            | TokenSourceError::NoConnection
            | TokenSourceError::Keyring(_) => Exit::Config,
        };
        let text = error.to_string();
        // The core's wording is for the app; on the command line, name the command.
        let text = text.replace(
            "Enter it in Billing Desk (it is kept in the OS keyring)",
            "Store it with `bdesk token set` (it is kept in the OS keyring)",
        );
        CliError::new(exit, text)
    }
}

impl From<ExportError> for CliError {
    fn from(error: ExportError) -> Self {
        let exit = match error {
            ExportError::ManifestNeedsFile | ExportError::FormatNotAvailable { .. } => Exit::Usage,
            ExportError::Cancelled => Exit::Interrupted,
            _ => Exit::Output,
        };
        CliError::new(exit, error.to_string())
    }
}

impl From<PdfArchiveError> for CliError {
    fn from(error: PdfArchiveError) -> Self {
        CliError::new(Exit::Output, error.to_string())
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
