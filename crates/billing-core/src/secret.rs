//! The API token, in a type that cannot leak by accident.
//!
//! `ApiToken` prints `<redacted>` under `Debug`, implements neither `Display` nor
//! `Serialize`, and wipes its memory on drop (via `secrecy`). The only way to read it is
//! [`ApiToken::expose`], which keeps every use of the raw value easy to find with grep.

use secrecy::{ExposeSecret, SecretString};

/// A bearer token for the billing API.
#[derive(Clone)]
pub struct ApiToken(SecretString);

impl ApiToken {
    /// Wraps a token. Surrounding whitespace (a trailing newline from `--token-stdin` or a
    /// pasted value) is trimmed, because no valid token contains it.
    pub fn new(raw: impl Into<String>) -> Option<Self> {
        let raw: String = raw.into();
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return None;
        }
        Some(Self(SecretString::from(trimmed.to_owned())))
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
