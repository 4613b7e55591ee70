//! Which API token a run uses, and where it came from.
//!
//! Sources, first match wins:
//!
//! 1. **standard input**, when the CLI was started with `--token-stdin` (the caller reads it
//!    once with [`read_token`] and passes it in);
//! 2. the **`BDESK_TOKEN`** environment variable, when set and not blank;
//! 3. the **OS keyring** entry of the connection (service `billing-desk`, account = the
//!    connection's name), see [`crate::token_store`].
//!
//! The explicit, per-run sources beat the stored one, so automation can override a stored
//! token without touching the keyring, and a headless machine without a keyring works with 1
//! or 2 alone (the keyring is not even contacted then). The token is never accepted as a
//! command-line argument: arguments are visible to every user through `ps`.

use std::ffi::OsString;
use std::io::Read;

use secrecy::zeroize::Zeroize;
use serde::Serialize;
use thiserror::Error;
use ts_rs::TS;

use crate::secret::ApiToken;
use crate::token_store::{SERVICE, TokenStore, TokenStoreError};

/// The environment variable holding a token for headless runs.
pub const TOKEN_ENV: &str = "BDESK_TOKEN";

/// The most read from standard input; a real token is far shorter.
const STDIN_LIMIT_BYTES: u64 = 64 * 1024;

/// Where the token of a run came from (shown by `bdesk token status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TokenSource {
    /// `--token-stdin`.
    Stdin,
    /// The `BDESK_TOKEN` environment variable.
    Env,
    /// The connection's entry in the OS keyring.
    Keyring,
}

impl TokenSource {
    /// A short description for status output, e.g. "the BDESK_TOKEN environment variable".
    pub fn describe(self) -> &'static str {
        match self {
            TokenSource::Stdin => "standard input (--token-stdin)",
            TokenSource::Env => "the BDESK_TOKEN environment variable",
            TokenSource::Keyring => "the OS keyring",
        }
    }
}

/// A token and where it came from. `Debug` shows the source only.
#[derive(Debug, Clone)]
pub struct ResolvedToken {
    /// The token (redacting).
    pub token: ApiToken,
    /// Which source won.
    pub source: TokenSource,
}

/// Why no token could be determined.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TokenSourceError {
    /// `--token-stdin` was given but standard input held nothing but whitespace.
    #[error(
        "--token-stdin was given, but standard input was empty. Pipe the token in, e.g. \
         `bdesk ... --token-stdin < token.txt`."
    )]
    StdinEmpty,

    /// Standard input could not be read, was not UTF-8 text, or was too long.
    #[error("--token-stdin was given, but standard input could not be read as a token: {reason}.")]
    StdinUnreadable {
        /// What went wrong (never the content).
        reason: String,
    },

    /// `BDESK_TOKEN` is set to bytes that are not UTF-8 text.
    #[error("BDESK_TOKEN is set but is not valid text. Set it to the API token, or unset it.")]
    EnvNotText,

    /// No source has a token for this connection.
    #[error(
        "No API token for connection \"{connection}\". Store it with `bdesk token set` or in \
         Billing Desk (it is kept in the OS keyring), or provide it with --token-stdin or the \
         BDESK_TOKEN environment variable."
    )]
    Missing {
        /// The connection looked up in the keyring.
        connection: String,
    },

    /// No connection is selected and no per-run token was given.
    #[error(
        "No API token: no connection is selected to look one up in the OS keyring. Select a \
         connection, or provide the token with --token-stdin or the BDESK_TOKEN environment \
         variable."
    )]
    NoConnection,

    /// The keyring could not be used.
    #[error(transparent)]
    Keyring(#[from] TokenStoreError),
}

impl TokenSourceError {
    /// A stable identifier for the UI and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            TokenSourceError::StdinEmpty => "token.stdin_empty",
            TokenSourceError::StdinUnreadable { .. } => "token.stdin_unreadable",
            TokenSourceError::EnvNotText => "token.env_not_text",
            TokenSourceError::Missing { .. } => "token.missing",
            TokenSourceError::NoConnection => "token.no_connection",
            TokenSourceError::Keyring(e) => e.code(),
        }
    }
}

/// The per-run sources (1 and 2), gathered before deciding. Build with
/// [`RunSources::from_env`] in programs and [`RunSources::new`] in tests.
#[derive(Debug, Clone, Default)]
pub struct RunSources {
    stdin: Option<ApiToken>,
    env: Option<ApiToken>,
}

impl RunSources {
    /// Explicit sources: the token read from stdin (if `--token-stdin`) and the value of
    /// `BDESK_TOKEN` (if set).
    ///
    /// # Errors
    /// [`TokenSourceError::EnvNotText`] when the variable's value is not UTF-8.
    pub fn new(
        stdin: Option<ApiToken>,
        env_value: Option<OsString>,
    ) -> Result<RunSources, TokenSourceError> {
        let env = match env_value {
            None => None,
            Some(value) => {
                let mut text = value
                    .into_string()
                    .map_err(|_| TokenSourceError::EnvNotText)?;
                // A blank variable counts as unset (`BDESK_TOKEN= bdesk ...` is a common way
                // to switch it off).
                let token = ApiToken::new(text.as_str());
                text.zeroize();
                token
            }
        };
        Ok(RunSources { stdin, env })
    }

    /// [`RunSources::new`] with `BDESK_TOKEN` from this process's environment.
    ///
    /// # Errors
    /// [`TokenSourceError::EnvNotText`].
    pub fn from_env(stdin: Option<ApiToken>) -> Result<RunSources, TokenSourceError> {
        Self::new(stdin, std::env::var_os(TOKEN_ENV))
    }

    /// The per-run token, if any, without contacting the keyring.
    pub fn explicit(&self) -> Option<ResolvedToken> {
        if let Some(token) = &self.stdin {
            return Some(ResolvedToken {
                token: token.clone(),
                source: TokenSource::Stdin,
            });
        }
        self.env.as_ref().map(|token| ResolvedToken {
            token: token.clone(),
            source: TokenSource::Env,
        })
    }

    /// The token for a run against `connection` at `origin` (`scheme://host[:port]`), in the
    /// order of the module documentation. The keyring is contacted only when neither per-run
    /// source has a token, and gives only a token stored for `origin`. Blocking; see
    /// [`RunSources::resolve_async`].
    ///
    /// # Errors
    /// [`TokenSourceError::Missing`] / [`TokenSourceError::NoConnection`] when no source has a
    /// token, [`TokenSourceError::Keyring`] when the keyring had to be asked and failed.
    pub fn resolve(
        &self,
        connection: Option<&str>,
        origin: &str,
        store: &TokenStore,
    ) -> Result<ResolvedToken, TokenSourceError> {
        if let Some(resolved) = self.explicit() {
            return Ok(resolved);
        }
        let connection = connection.ok_or(TokenSourceError::NoConnection)?;
        from_keyring(store.get(connection, origin)?, connection)
    }

    /// [`RunSources::resolve`] with the keyring call on tokio's blocking pool.
    ///
    /// # Errors
    /// As [`RunSources::resolve`].
    pub async fn resolve_async(
        &self,
        connection: Option<&str>,
        origin: &str,
        store: &TokenStore,
    ) -> Result<ResolvedToken, TokenSourceError> {
        if let Some(resolved) = self.explicit() {
            return Ok(resolved);
        }
        let connection = connection.ok_or(TokenSourceError::NoConnection)?;
        from_keyring(store.get_async(connection, origin).await?, connection)
    }
}

fn from_keyring(
    token: Option<ApiToken>,
    connection: &str,
) -> Result<ResolvedToken, TokenSourceError> {
    match token {
        Some(token) => {
            tracing::debug!(
                connection,
                service = SERVICE,
                "API token taken from the OS keyring"
            );
            Ok(ResolvedToken {
                token,
                source: TokenSource::Keyring,
            })
        }
        None => Err(TokenSourceError::Missing {
            connection: connection.to_owned(),
        }),
    }
}

/// Reads a token for `--token-stdin`: everything up to end of input (at most 64 KiB),
/// surrounding whitespace trimmed. Call once per run.
///
/// # Errors
/// [`TokenSourceError::StdinEmpty`] or [`TokenSourceError::StdinUnreadable`].
pub fn read_token(input: impl Read) -> Result<ApiToken, TokenSourceError> {
    let mut buffer = Vec::new();
    let read = input.take(STDIN_LIMIT_BYTES + 1).read_to_end(&mut buffer);
    let outcome = match read {
        Err(e) => Err(TokenSourceError::StdinUnreadable {
            reason: e.kind().to_string(),
        }),
        Ok(_) if buffer.len() as u64 > STDIN_LIMIT_BYTES => {
            Err(TokenSourceError::StdinUnreadable {
                reason: "it is longer than 64 KiB".to_owned(),
            })
        }
        Ok(_) => match std::str::from_utf8(&buffer) {
            Err(_) => Err(TokenSourceError::StdinUnreadable {
                reason: "it is not UTF-8 text".to_owned(),
            }),
            Ok(text) => ApiToken::new(text).ok_or(TokenSourceError::StdinEmpty),
        },
    };
    buffer.zeroize();
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "https://billing.example.com";

    fn token(raw: &str) -> ApiToken {
        ApiToken::new(raw).unwrap()
    }

    fn keyring_with(connection: &str, raw: &str) -> TokenStore {
        let store = TokenStore::with_store(keyring_core::mock::Store::new().unwrap());
        store.set(connection, ORIGIN, &token(raw)).unwrap();
        store
    }

    #[test]
    fn stdin_beats_env_beats_keyring() {
        let store = keyring_with("Prod", "from-keyring");
        let all = RunSources::new(Some(token("from-stdin")), Some("from-env".into())).unwrap();
        let won = all.resolve(Some("Prod"), ORIGIN, &store).unwrap();
        assert_eq!(
            (won.source, won.token.expose()),
            (TokenSource::Stdin, "from-stdin")
        );

        let env_only = RunSources::new(None, Some("from-env\n".into())).unwrap();
        let won = env_only.resolve(Some("Prod"), ORIGIN, &store).unwrap();
        assert_eq!(
            (won.source, won.token.expose()),
            (TokenSource::Env, "from-env"),
            "env is trimmed"
        );

        let none = RunSources::new(None, None).unwrap();
        let won = none.resolve(Some("Prod"), ORIGIN, &store).unwrap();
        assert_eq!(
            (won.source, won.token.expose()),
            (TokenSource::Keyring, "from-keyring")
        );
    }

    #[test]
    fn blank_env_counts_as_unset() {
        let store = keyring_with("Prod", "from-keyring");
        let sources = RunSources::new(None, Some("  ".into())).unwrap();
        assert_eq!(
            sources
                .resolve(Some("Prod"), ORIGIN, &store)
                .unwrap()
                .source,
            TokenSource::Keyring
        );
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_env_is_an_error_not_a_fallthrough() {
        use std::os::unix::ffi::OsStringExt;
        let bad = OsString::from_vec(vec![0x66, 0xff]);
        assert_eq!(
            RunSources::new(None, Some(bad)).unwrap_err(),
            TokenSourceError::EnvNotText
        );
    }

    #[test]
    fn nothing_anywhere_says_how_to_provide_a_token() {
        let store = TokenStore::with_store(keyring_core::mock::Store::new().unwrap());
        let sources = RunSources::new(None, None).unwrap();
        let err = sources.resolve(Some("Prod"), ORIGIN, &store).unwrap_err();
        assert_eq!(err.code(), "token.missing");
        let message = err.to_string();
        assert!(
            message.contains("--token-stdin") && message.contains("BDESK_TOKEN"),
            "{message}"
        );
        assert_eq!(
            sources.resolve(None, ORIGIN, &store).unwrap_err(),
            TokenSourceError::NoConnection
        );
    }

    #[test]
    fn explicit_sources_never_touch_the_keyring() {
        let mock = keyring_core::mock::Store::new().unwrap();
        let store = TokenStore::with_store(mock.clone());
        store.set("Prod", ORIGIN, &token("from-keyring")).unwrap();
        // Arm a one-shot failure on the keyring entry: any keyring call would consume it.
        let shared: std::sync::Arc<keyring_core::CredentialStore> = mock;
        let entry = keyring_core::Entry::new_in_store(&shared, SERVICE, "Prod").unwrap();
        let cred: &keyring_core::mock::Cred = entry.as_any().downcast_ref().unwrap();
        cred.set_error(keyring_core::Error::NoStorageAccess(Box::new(
            std::io::Error::other("armed"),
        )));

        let sources = RunSources::new(None, Some("from-env".into())).unwrap();
        assert_eq!(
            sources
                .resolve(Some("Prod"), ORIGIN, &store)
                .unwrap()
                .source,
            TokenSource::Env
        );
        assert!(
            store.get("Prod", ORIGIN).is_err(),
            "the armed failure must still be pending, proving resolve did not ask the keyring"
        );
    }

    #[test]
    fn read_token_trims_and_refuses_empty_or_binary_input() {
        assert_eq!(read_token(&b"  tok-123\n"[..]).unwrap().expose(), "tok-123");
        assert_eq!(
            read_token(&b"\n \n"[..]).unwrap_err(),
            TokenSourceError::StdinEmpty
        );
        assert!(matches!(
            read_token(&b"\xff\xfe"[..]).unwrap_err(),
            TokenSourceError::StdinUnreadable { .. }
        ));
        let huge = vec![b'a'; 64 * 1024 + 1];
        assert!(matches!(
            read_token(&huge[..]).unwrap_err(),
            TokenSourceError::StdinUnreadable { .. }
        ));
    }
}
