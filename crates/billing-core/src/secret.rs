//! The API token, in a type that cannot leak by accident.
//!
//! `ApiToken` prints `<redacted>` under `Debug`, implements neither `Display` nor
//! `Serialize`, and wipes its memory on drop (via `secrecy`). The only way to read it is
//! [`ApiToken::expose`], which keeps every use of the raw value easy to find with grep.

use secrecy::zeroize::Zeroize;
use secrecy::{ExposeSecret, SecretString};

/// A bearer token for the billing API.
#[derive(Clone)]
pub struct ApiToken(SecretString);

impl ApiToken {
    /// Wraps a token. Surrounding whitespace (a trailing newline from `--token-stdin` or a
    /// pasted value) is trimmed, because no valid token contains it.
    ///
    /// The given `String` is wiped before it is freed (a command's token argument is moved in
    /// here and wiped with it). What cannot be wiped from here: the copy reqwest keeps in its
    /// `Authorization` header value, and the IPC message the token arrived in.
    pub fn new(raw: impl Into<String>) -> Option<Self> {
        let mut raw: String = raw.into();
        let trimmed = raw.trim();
        let secret = (!trimmed.is_empty()).then(|| SecretString::from(trimmed));
        // Wipes the whole buffer (its spare capacity too) before it is freed.
        raw.zeroize();
        secret.map(Self)
    }

    /// The raw token. Call only where it is put into an `Authorization` header or handed to
    /// the OS keyring.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl std::fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiToken(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_token() {
        let token = ApiToken::new("sk_live_abc123").unwrap();
        let printed = format!("{token:?}");
        assert!(
            !printed.contains("abc123"),
            "Debug output must redact: {printed}"
        );
        assert!(printed.contains("<redacted>"));
    }

    #[test]
    fn whitespace_is_trimmed_and_empty_is_refused() {
        assert_eq!(ApiToken::new("  tok\n").unwrap().expose(), "tok");
        assert!(ApiToken::new(" \n").is_none(), "a blank token is no token");
    }
}
