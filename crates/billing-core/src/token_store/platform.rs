//! The one real credential store compiled for each OS. There is deliberately no fallback: a
//! build for an OS without one fails, rather than keep tokens in memory or in a file.
//!
//! | OS      | store                                                    | crate                                          |
//! |---------|----------------------------------------------------------|------------------------------------------------|
//! | Linux   | Secret Service over D-Bus (GNOME Keyring, KeePassXC, KWallet) | `zbus-secret-service-keyring-store` (`crypto-rust`: secrets are encrypted on the bus) |
//! | macOS   | the login keychain                                       | `apple-native-keyring-store` (`keychain`)      |
//! | Windows | Windows Credential Manager                               | `windows-native-keyring-store`                 |

use std::sync::Arc;

use keyring_core::{CredentialStore, Entry};

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
compile_error!(
    "Billing Desk keeps API tokens only in the OS keyring, and this OS has none it supports \
     (Linux Secret Service, macOS Keychain, Windows Credential Manager)."
);

/// What the user should do when the keyring cannot be used, for this OS.
#[cfg(target_os = "linux")]
pub(super) const FIX_HINT: &str = "Start or unlock GNOME Keyring, or enable KeePassXC's Secret \
     Service integration and unlock its database, then try again; for headless runs set \
     BDESK_TOKEN instead.";
/// The part of [`FIX_HINT`] that only `bdesk` can follow: the app does not read `BDESK_TOKEN`.
pub(super) const HEADLESS_HINT: &str = "; for headless runs set BDESK_TOKEN instead.";
#[cfg(not(target_os = "linux"))]
pub(super) const HEADLESS_HINT: &str = "; for headless runs set BDESK_TOKEN instead.";
#[cfg(target_os = "macos")]
pub(super) const FIX_HINT: &str = "Unlock your login keychain (Keychain Access) and allow \
     Billing Desk to use it, then try again; for headless runs set BDESK_TOKEN instead.";
#[cfg(target_os = "windows")]
pub(super) const FIX_HINT: &str = "Check that Windows Credential Manager is available for your \
     account, then try again; for headless runs set BDESK_TOKEN instead.";

/// Connects to the OS store. On Linux this opens a D-Bus session and a Secret Service session,
/// so it fails when either is missing.
pub(super) fn open() -> keyring_core::Result<Arc<CredentialStore>> {
    #[cfg(target_os = "linux")]
    let store: Arc<CredentialStore> = zbus_secret_service_keyring_store::Store::new()?;
    #[cfg(target_os = "macos")]
    let store: Arc<CredentialStore> = apple_native_keyring_store::keychain::Store::new()?;
    #[cfg(target_os = "windows")]
    let store: Arc<CredentialStore> = windows_native_keyring_store::Store::new()?;
    Ok(store)
}

/// Builds the entry for `service`/`account` in the OS store, with a label keyring managers
/// (Seahorse, KeePassXC) show to the user where the store supports one.
pub(super) fn entry(
    store: &Arc<CredentialStore>,
    service: &str,
    account: &str,
) -> keyring_core::Result<Entry> {
    #[cfg(target_os = "linux")]
    {
        let label = format!("Billing Desk API token ({account})");
        let modifiers = std::collections::HashMap::from([("label", label.as_str())]);
        Entry::new_in_store_with_modifiers(store, service, account, &modifiers)
    }
    #[cfg(not(target_os = "linux"))]
    {
        Entry::new_in_store(store, service, account)
    }
}
