//! API tokens in the OS keyring, one entry per connection.
//!
//! Each token is stored under service [`SERVICE`] (`billing-desk`) with the connection's name as
//! the account. On Linux that is a Secret Service item with the attributes
//! `service = billing-desk` and `username = <connection name>`, so
//! `secret-tool lookup service billing-desk username <connection name>` prints it.
//!
//! Which store is compiled for each OS is fixed at build time (see `platform.rs`): the Secret
//! Service on Linux, the login keychain on macOS, Credential Manager on Windows. There is no
//! in-memory or file fallback; when the keyring cannot be used, every call returns a
//! [`TokenStoreError`] saying what is missing and how to fix it (often: unlock the keyring, or
//! set `BDESK_TOKEN` for headless runs, see [`crate::token_source`]).
//!
//! The keyring calls block (D-Bus round trips, possibly an unlock prompt). From async code use
//! the `*_async` methods, which run them on tokio's blocking pool instead of a worker thread.

mod error;
mod platform;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use keyring_core::{CredentialStore, Entry};
use secrecy::zeroize::Zeroize;

pub use error::TokenStoreError;

use crate::secret::ApiToken;
use crate::sync::lock;

/// The keyring service name of every Billing Desk token.
pub const SERVICE: &str = "billing-desk";
/// The Secret Service attribute holding the origin a token was given for.
pub const ORIGIN_ATTRIBUTE: &str = "origin";

/// Reads and writes connection tokens in one credential store. Cheap to clone (shared state).
#[derive(Clone)]
pub struct TokenStore {
    backend: Arc<Backend>,
}

enum Backend {
    /// The OS store, connected on first use. A failed connection is not cached, so unlocking
    /// or starting the keyring and retrying works without restarting the app.
    Os(Mutex<Option<Arc<CredentialStore>>>),
    /// A store given by the caller (tests use `keyring_core::mock::Store`).
    Given(Arc<CredentialStore>),
}

impl std::fmt::Debug for TokenStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match *self.backend {
            Backend::Os(_) => "os",
            Backend::Given(_) => "given",
        };
        f.debug_struct("TokenStore").field("store", &kind).finish()
    }
}

impl TokenStore {
    /// The OS keyring. Connects lazily, so creating it never fails and costs nothing; use
    /// [`TokenStore::check`] to find out early whether the keyring is usable.
    pub fn os() -> TokenStore {
        TokenStore {
            backend: Arc::new(Backend::Os(Mutex::new(None))),
        }
    }

    /// A token store over a store of the caller's choosing. Meant for tests with
    /// `keyring_core::mock::Store::new()`; note that the mock's `Debug` output shows secrets.
    pub fn with_store(store: Arc<CredentialStore>) -> TokenStore {
        TokenStore {
            backend: Arc::new(Backend::Given(store)),
        }
    }

    /// Connects to the keyring now (if not yet connected) and reports whether that worked.
    ///
    /// # Errors
    /// Why the keyring cannot be used, e.g. [`TokenStoreError::NoSessionBus`].
    pub fn check(&self) -> Result<(), TokenStoreError> {
        self.store().map(drop)
    }

    /// Stores (or replaces) the token of `connection`, given for `origin`
    /// (`scheme://host[:port]`, see [`crate::link::origin_text`]). Where the store keeps
    /// attributes (the Secret Service), the origin is recorded as [`ORIGIN_ATTRIBUTE`].
    ///
    /// # Errors
    /// Why the keyring cannot be used or refused the value.
    pub fn set(
        &self,
        connection: &str,
        origin: &str,
        token: &ApiToken,
    ) -> Result<(), TokenStoreError> {
        let entry = self.entry(connection)?;
        entry
            .set_password(token.expose())
            .map_err(|e| TokenStoreError::from_keyring(e, connection))?;
        match entry.update_attributes(&HashMap::from([(ORIGIN_ATTRIBUTE, origin)])) {
            Ok(()) | Err(keyring_core::Error::NotSupportedByStore(_)) => {}
            Err(e) => {
                // The token is stored but unmarked: refuse to leave it so, it would be sent
                // to whatever origin the connection names next.
                let error = TokenStoreError::from_keyring(e, connection);
                let _ = entry.delete_credential();
                return Err(error);
            }
        }
        tracing::debug!(connection, origin, "token stored in the keyring");
        Ok(())
    }

    /// The token of `connection` for a request to `origin`; `Ok(None)` when none is stored.
    ///
    /// # Errors
    /// Why the keyring cannot be used, [`TokenStoreError::OtherOrigin`] when the token was
    /// stored for another origin (it is not returned), or [`TokenStoreError::Unreadable`] when
    /// the entry holds no usable token.
    pub fn get(&self, connection: &str, origin: &str) -> Result<Option<ApiToken>, TokenStoreError> {
        let entry = self.entry(connection)?;
        match entry.get_attributes() {
            Ok(attributes) => {
                // An entry without the attribute was stored by an older build or another
                // tool; it is used as the connection's own.
                if let Some(stored) = attributes.get(ORIGIN_ATTRIBUTE)
                    && stored != origin
                {
                    return Err(TokenStoreError::OtherOrigin {
                        connection: connection.to_owned(),
                        stored: stored.clone(),
                        asked: origin.to_owned(),
                    });
                }
            }
            Err(keyring_core::Error::NoEntry) => return Ok(None),
            Err(keyring_core::Error::NotSupportedByStore(_)) => {}
            Err(e) => return Err(TokenStoreError::from_keyring(e, connection)),
        }
        match entry.get_password() {
            Ok(mut raw) => {
                let token = ApiToken::new(raw.as_str());
                raw.zeroize();
                token.map(Some).ok_or_else(|| TokenStoreError::Unreadable {
                    connection: connection.to_owned(),
                })
            }
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(TokenStoreError::from_keyring(e, connection)),
        }
    }

    /// Whether a token is stored for `connection`, without reading it.
    ///
    /// # Errors
    /// Why the keyring cannot be used.
    pub fn has(&self, connection: &str) -> Result<bool, TokenStoreError> {
        let entry = self.entry(connection)?;
        match entry.get_credential() {
            Ok(_) => Ok(true),
            Err(keyring_core::Error::NoEntry) => Ok(false),
            Err(e) => Err(TokenStoreError::from_keyring(e, connection)),
        }
    }

    /// Deletes the token of `connection`. Returns whether there was one.
    ///
    /// # Errors
    /// Why the keyring cannot be used.
    pub fn delete(&self, connection: &str) -> Result<bool, TokenStoreError> {
        let entry = self.entry(connection)?;
        match entry.delete_credential() {
            Ok(()) => {
                tracing::debug!(connection, "token deleted from the keyring");
                Ok(true)
            }
            Err(keyring_core::Error::NoEntry) => Ok(false),
            Err(e) => Err(TokenStoreError::from_keyring(e, connection)),
        }
    }

    /// [`TokenStore::check`] on tokio's blocking pool. Must be called inside a tokio runtime.
    ///
    /// # Errors
    /// As [`TokenStore::check`], or [`TokenStoreError::Interrupted`].
    pub async fn check_async(&self) -> Result<(), TokenStoreError> {
        let this = self.clone();
        off_runtime(move || this.check()).await
    }

    /// [`TokenStore::set`] on tokio's blocking pool. Must be called inside a tokio runtime.
    ///
    /// # Errors
    /// As [`TokenStore::set`], or [`TokenStoreError::Interrupted`].
    pub async fn set_async(
        &self,
        connection: &str,
        origin: &str,
        token: &ApiToken,
    ) -> Result<(), TokenStoreError> {
        let (this, connection, token) = (self.clone(), connection.to_owned(), token.clone());
        let origin = origin.to_owned();
        off_runtime(move || this.set(&connection, &origin, &token)).await
    }

    /// [`TokenStore::get`] on tokio's blocking pool. Must be called inside a tokio runtime.
    ///
    /// # Errors
    /// As [`TokenStore::get`], or [`TokenStoreError::Interrupted`].
    pub async fn get_async(
        &self,
        connection: &str,
        origin: &str,
    ) -> Result<Option<ApiToken>, TokenStoreError> {
        let (this, connection, origin) = (self.clone(), connection.to_owned(), origin.to_owned());
        off_runtime(move || this.get(&connection, &origin)).await
    }

    /// [`TokenStore::has`] on tokio's blocking pool. Must be called inside a tokio runtime.
    ///
    /// # Errors
    /// As [`TokenStore::has`], or [`TokenStoreError::Interrupted`].
    pub async fn has_async(&self, connection: &str) -> Result<bool, TokenStoreError> {
        let (this, connection) = (self.clone(), connection.to_owned());
        off_runtime(move || this.has(&connection)).await
    }

    /// [`TokenStore::delete`] on tokio's blocking pool. Must be called inside a tokio runtime.
    ///
    /// # Errors
    /// As [`TokenStore::delete`], or [`TokenStoreError::Interrupted`].
    pub async fn delete_async(&self, connection: &str) -> Result<bool, TokenStoreError> {
        let (this, connection) = (self.clone(), connection.to_owned());
        off_runtime(move || this.delete(&connection)).await
    }

    fn store(&self) -> Result<Arc<CredentialStore>, TokenStoreError> {
        match &*self.backend {
            Backend::Given(store) => Ok(store.clone()),
            Backend::Os(slot) => {
                // Held while connecting, so concurrent first calls open one connection.
                let mut slot = lock(slot);
                if let Some(store) = slot.as_ref() {
                    return Ok(store.clone());
                }
                let store = platform::open().map_err(|e| {
                    let err = TokenStoreError::from_keyring(e, "");
                    tracing::warn!(code = err.code(), error = %err, "cannot open the OS keyring");
                    err
                })?;
                *slot = Some(store.clone());
                Ok(store)
            }
        }
    }

    fn entry(&self, connection: &str) -> Result<Entry, TokenStoreError> {
        let store = self.store()?;
        let entry = match &*self.backend {
            Backend::Os(_) => platform::entry(&store, SERVICE, connection),
            Backend::Given(_) => Entry::new_in_store(&store, SERVICE, connection),
        };
        entry.map_err(|e| TokenStoreError::from_keyring(e, connection))
    }
}

/// Runs a blocking keyring call on tokio's blocking pool.
async fn off_runtime<T: Send + 'static>(
    call: impl FnOnce() -> Result<T, TokenStoreError> + Send + 'static,
) -> Result<T, TokenStoreError> {
    match tokio::task::spawn_blocking(call).await {
        Ok(result) => result,
        // A panic in a keyring call is a bug: let it surface as one.
        Err(join) if join.is_panic() => std::panic::resume_unwind(join.into_panic()),
        Err(_) => Err(TokenStoreError::Interrupted),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "https://billing.example.com";

    fn mock() -> TokenStore {
        // A fresh mock per test: `with_store` never touches keyring-core's global default
        // store, so parallel tests cannot see each other's entries.
        TokenStore::with_store(keyring_core::mock::Store::new().unwrap())
    }

    fn token(raw: &str) -> ApiToken {
        ApiToken::new(raw).unwrap()
    }

    #[test]
    fn missing_entry_is_none_not_an_error() {
        let store = mock();
        assert!(
            store.get("Prod", ORIGIN).unwrap().is_none(),
            "nothing stored yet"
        );
        assert!(!store.has("Prod").unwrap());
        assert!(
            !store.delete("Prod").unwrap(),
            "deleting nothing reports false"
        );
    }

    #[test]
    fn set_get_has_delete_round_trip() {
        let store = mock();
        store.set("Prod", ORIGIN, &token("tok-1")).unwrap();
        assert_eq!(
            store.get("Prod", ORIGIN).unwrap().unwrap().expose(),
            "tok-1"
        );
        assert!(store.has("Prod").unwrap());
        store.set("Prod", ORIGIN, &token("tok-2")).unwrap();
        assert_eq!(
            store.get("Prod", ORIGIN).unwrap().unwrap().expose(),
            "tok-2",
            "set replaces"
        );
        assert!(store.delete("Prod").unwrap());
        assert!(
            store.get("Prod", ORIGIN).unwrap().is_none(),
            "gone after delete"
        );
    }

    #[test]
    fn store_errors_are_typed_and_do_not_leak() {
        let store = mock();
        store.set("Prod", ORIGIN, &token("tok-1")).unwrap();
        let entry = Entry::new_in_store(
            match &*store.backend {
                Backend::Given(s) => s,
                Backend::Os(_) => unreachable!("mock store"),
            },
            SERVICE,
            "Prod",
        )
        .unwrap();
        let cred: &keyring_core::mock::Cred = entry.as_any().downcast_ref().unwrap();
        cred.set_error(keyring_core::Error::NoStorageAccess(Box::new(
            std::io::Error::other("SS error: result not returned from SS API"),
        )));
        let err = store.get("Prod", ORIGIN).unwrap_err();
        assert_eq!(
            err.code(),
            "keyring.locked",
            "a locked keyring is its own case: {err}"
        );
        assert_eq!(
            store.get("Prod", ORIGIN).unwrap().unwrap().expose(),
            "tok-1",
            "the mock error is one-shot; the value is still there"
        );
    }

    #[test]
    fn async_futures_are_send_so_tauri_commands_can_await_them() {
        fn assert_send<T: Send>(_: &T) {}
        let store = TokenStore::os();
        let token = token("t");
        assert_send(&store.check_async());
        assert_send(&store.set_async("Prod", ORIGIN, &token));
        assert_send(&store.get_async("Prod", ORIGIN));
        assert_send(&store.has_async("Prod"));
        assert_send(&store.delete_async("Prod"));
        let sources = crate::token_source::RunSources::default();
        assert_send(&sources.resolve_async(Some("Prod"), ORIGIN, &store));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn async_wrappers_run_the_same_calls() {
        let store = mock();
        store
            .set_async("Prod", ORIGIN, &token("tok-a"))
            .await
            .unwrap();
        assert!(store.has_async("Prod").await.unwrap());
        assert_eq!(
            store
                .get_async("Prod", ORIGIN)
                .await
                .unwrap()
                .unwrap()
                .expose(),
            "tok-a"
        );
        assert!(store.delete_async("Prod").await.unwrap());
        assert!(store.get_async("Prod", ORIGIN).await.unwrap().is_none());
        store.check_async().await.unwrap();
    }
}
