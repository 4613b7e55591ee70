//! State shared by the commands, managed by Tauri: the desk (the core's session) and the test
//! hooks chosen at start-up.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use billing_core::crash_report::{self, CrashReport};
use billing_core::desk::{Desk, DeskConfig};
use billing_core::settings::AppDirs;
use billing_core::token_store::TokenStore;

use crate::updates::Updates;

/// Env var: `invoice_open` appends the URL to this file instead of starting a browser.
#[cfg(feature = "test-hooks")]
pub const OPENER_LOG_ENV: &str = "BDESK_TEST_OPENER_LOG";
/// Env var: exports and PDF downloads go to this folder instead of asking with a dialog.
#[cfg(feature = "test-hooks")]
pub const SAVE_DIR_ENV: &str = "BDESK_TEST_SAVE_DIR";
/// Env var: `accept` or `refuse` answers every native confirmation (a new API address, a
/// link to a new host) instead of a dialog.
#[cfg(feature = "test-hooks")]
pub const CONFIRM_ENV: &str = "BDESK_TEST_CONFIRM";

/// Where opened links and saved files go when a test (not a person) drives the app.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hooks {
    /// Append each URL `invoice_open` would open, plus `\n`, to this file.
    pub opener_log: Option<PathBuf>,
    /// Write exports to `<dir>/billing-desk-export.<ext>` and PDFs to `<dir>/pdfs`.
    pub save_dir: Option<PathBuf>,
    /// Answer every native confirmation with this instead of a dialog.
    pub confirm: Option<bool>,
}

impl Hooks {
    /// The hooks set by `BDESK_TEST_OPENER_LOG`, `BDESK_TEST_SAVE_DIR` and
    /// `BDESK_TEST_CONFIRM` (empty = unset) in a build with the `test-hooks` feature, which
    /// the test suite's build turns on and `make run`, release and package builds do not.
    /// Without it the variables' names are not even in the binary, so no environment can send
    /// opened links or saved files elsewhere; a set one is ignored with a warning.
    pub fn from_env() -> Hooks {
        #[cfg(feature = "test-hooks")]
        {
            Hooks::from_vars(|name| std::env::var_os(name))
        }
        #[cfg(not(feature = "test-hooks"))]
        {
            // The prefix alone, not the names: a build without the hooks warns when one is
            // set, without carrying what it would have read.
            const HOOK_PREFIX: &str = "BDESK_TEST_";
            let set: Vec<String> = std::env::vars_os()
                .filter_map(|(name, _)| name.into_string().ok())
                .filter(|name| name.starts_with(HOOK_PREFIX))
                .collect();
            if !set.is_empty() {
                tracing::warn!(
                    ignored = ?set,
                    "test hooks are not part of this build; the {HOOK_PREFIX}* variables are ignored"
                );
            }
            Hooks::default()
        }
    }

    /// The hooks `var` gives.
    #[cfg(feature = "test-hooks")]
    pub fn from_vars(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> Hooks {
        let set = |name: &str| var(name).filter(|v| !v.is_empty()).map(PathBuf::from);
        let answer = var(CONFIRM_ENV).and_then(|v| match v.to_str() {
            Some("accept") => Some(true),
            Some("refuse") => Some(false),
            _ => None,
        });
        Hooks {
            opener_log: set(OPENER_LOG_ENV),
            save_dir: set(SAVE_DIR_ENV),
            confirm: answer,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_settings_folder_the_user_is_told_what_to_set() {
        let message = no_folders_message(&billing_core::settings::SettingsError::NoConfigDir);
        assert!(message.contains("BDESK_CONFIG_DIR"), "{message}");
        assert!(
            !message.contains("/tmp"),
            "no shared fallback folder: {message}"
        );
    }

    #[cfg(feature = "test-hooks")]
    #[test]
    fn a_test_build_reads_the_hooks_it_is_given() {
        let hooks = Hooks::from_vars(|name| match name {
            OPENER_LOG_ENV => Some("/tmp/opened.log".into()),
            SAVE_DIR_ENV => Some("/tmp/saved".into()),
            CONFIRM_ENV => Some("refuse".into()),
            _ => None,
        });
        assert_eq!(hooks.opener_log, Some(PathBuf::from("/tmp/opened.log")));
        assert_eq!(hooks.save_dir, Some(PathBuf::from("/tmp/saved")));
        assert_eq!(hooks.confirm, Some(false));
        assert_eq!(
            Hooks::from_vars(|name| (name == SAVE_DIR_ENV).then(|| "".into())),
            Hooks::default(),
            "an empty variable is unset"
        );
        for name in [OPENER_LOG_ENV, SAVE_DIR_ENV, CONFIRM_ENV] {
            assert!(
                name.starts_with("BDESK_TEST_"),
                "{name}: the prefix the warning names"
            );
        }
    }
}

/// What the commands share.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The session: settings, the active source, loaded data.
    pub desk: Arc<Desk>,
    /// Test hooks (none in normal use).
    pub hooks: Hooks,
    /// Origins the user confirmed in this run for a typed token (see `confirm`).
    confirmed: Arc<std::sync::Mutex<HashSet<String>>>,
    /// The report of a panic that ended the previous run, taken at start (see
    /// [`billing_core::crash_report`]).
    pub last_crash: Option<CrashReport>,
    /// Update checking (see `updates`).
    pub updates: Arc<Updates>,
}

impl AppState {
    /// Opens the desk from `config` (see [`Desk::open`]).
    pub async fn open(config: DeskConfig, hooks: Hooks) -> AppState {
        AppState {
            desk: Arc::new(Desk::open(config).await),
            hooks,
            confirmed: Arc::default(),
            last_crash: None,
            updates: Arc::new(Updates::not_configured()),
        }
    }

    /// The origins confirmed so far (a poisoned lock still holds a usable set).
    pub fn confirmed_origins(&self) -> std::sync::MutexGuard<'_, HashSet<String>> {
        self.confirmed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The app's normal start: folders from `BDESK_CONFIG_DIR` & co (else the OS folders),
    /// the OS keyring, the in-process demo stub, the system clock, hooks from the env, and
    /// `updates` (made before the app, whose plugins depend on it).
    ///
    /// # Errors
    /// A message for the user when there is no folder for the settings (no home folder and
    /// no `BDESK_CONFIG_DIR`). The app does not fall back to a shared temp folder: another
    /// user of the machine could have made it first, with settings and cached data of theirs.
    pub async fn from_env(updates: Arc<Updates>) -> Result<AppState, String> {
        let dirs = AppDirs::from_env().map_err(|error| no_folders_message(&error))?;
        dirs.check_existing()
            .map_err(|error| no_folders_message(&error))?;
        let last_crash = crash_report::take(dirs.data_dir(), crate::PROGRAM);
        let config = DeskConfig {
            dirs,
            tokens: TokenStore::os(),
            demo: Some(crate::demo_launcher::launcher()),
            clock: Arc::new(chrono::Utc::now),
        };
        Ok(AppState {
            last_crash,
            updates,
            ..AppState::open(config, Hooks::from_env()).await
        })
    }
}

/// What the user reads when the app has no folder for its settings.
pub fn no_folders_message(error: &impl std::fmt::Display) -> String {
    // The error itself says which variable to set.
    format!("Billing Desk cannot start: {error}")
}
