//! Keyring failures, turned into what is missing and how to fix it.
//!
//! Nothing here ever holds the token: `keyring_core::Error::BadEncoding` and `BadDataFormat`
//! carry the stored bytes, so they are reduced to [`TokenStoreError::Unreadable`] without them.

use thiserror::Error;

use super::platform::{FIX_HINT, HEADLESS_HINT};

/// Errors of the token store. Messages say what is missing and how to fix it; [`code`] gives
/// a stable identifier for the UI.
///
/// [`code`]: TokenStoreError::code
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TokenStoreError {
    /// No D-Bus session bus to talk to (typical over SSH, in containers and CI).
    #[error(
        "Cannot reach the OS keyring: no D-Bus session bus is running for this login ({detail}). \
         {hint}",
        hint = FIX_HINT
    )]
    NoSessionBus {
        /// What the bus library reported.
        detail: String,
    },

    /// A session bus, but no Secret Service on it.
    #[error(
        "Cannot reach the OS keyring: no Secret Service (keyring) is running on the session bus \
         ({detail}). {hint}",
        hint = FIX_HINT
    )]
    NoSecretService {
        /// What the bus library reported.
        detail: String,
    },

    /// The keyring is locked, or no default keyring has been set up.
    #[error(
        "The OS keyring is locked or has no default keyring set up ({detail}), so the API token \
         cannot be read or saved. {hint}",
        hint = FIX_HINT
    )]
    Locked {
        /// What the store reported.
        detail: String,
    },

    /// The keyring is locked and its unlock prompt was dismissed, or could not be shown
    /// (no display).
    #[error(
        "The OS keyring is locked and its unlock prompt was dismissed or could not be shown \
         (no display?), so the API token was not read or saved. {hint}",
        hint = FIX_HINT
    )]
    PromptDismissed,

    /// The entry exists but does not hold a usable token (not text, or blank).
    #[error(
        "The keyring entry for connection \"{connection}\" does not hold a readable API token. \
         Enter the token for this connection again to replace it."
    )]
    Unreadable {
        /// The connection (keyring account).
        connection: String,
    },

    /// The token was stored for another origin than the one a request goes to (the
    /// connection's address changed outside the app, e.g. in the settings file).
    #[error(
        "The API token of connection \"{connection}\" was stored for {stored}, not for \
         {asked}, so it is not sent there. Enter the token for {asked} again (Connections \
         screen, or `bdesk token set`)."
    )]
    OtherOrigin {
        /// The connection (keyring account).
        connection: String,
        /// The origin recorded with the token.
        stored: String,
        /// The origin the request was for.
        asked: String,
    },

    /// More than one keyring item matches the connection (e.g. created by another tool).
    #[error(
        "The keyring holds {count} entries for connection \"{connection}\" (service \
         \"billing-desk\"). Delete the extra ones in your keyring manager, then try again."
    )]
    Ambiguous {
        /// The connection (keyring account).
        connection: String,
        /// How many items matched.
        count: usize,
    },

    /// The store refused the connection name or the token (too long, invalid characters).
    #[error(
        "The OS keyring refused to store the API token for connection \"{connection}\": {detail}."
    )]
    Refused {
        /// The connection (keyring account).
        connection: String,
        /// What the store reported (names the attribute and the limit, never the value).
        detail: String,
    },

    /// Any other failure of the OS store.
    #[error("The OS keyring reported an error: {detail}. {hint}", hint = FIX_HINT)]
    Platform {
        /// What the store reported.
        detail: String,
    },

    /// The background task running the keyring call ended before finishing (runtime shutdown).
    #[error("The keyring operation was interrupted before it finished. Try again.")]
    Interrupted,
}

impl TokenStoreError {
    /// The message for the desktop app: the same, without the way out through `BDESK_TOKEN`,
    /// which only the command line reads.
    pub fn app_message(&self) -> String {
        self.to_string().replace(HEADLESS_HINT, ".")
    }

    /// A stable identifier per variant, for the UI to branch on instead of message text.
    pub fn code(&self) -> &'static str {
        match self {
            TokenStoreError::NoSessionBus { .. } => "keyring.no_session_bus",
            TokenStoreError::NoSecretService { .. } => "keyring.no_secret_service",
            TokenStoreError::Locked { .. } => "keyring.locked",
            TokenStoreError::PromptDismissed => "keyring.prompt_dismissed",
            TokenStoreError::Unreadable { .. } => "keyring.unreadable_entry",
            TokenStoreError::Ambiguous { .. } => "keyring.ambiguous_entry",
            TokenStoreError::OtherOrigin { .. } => "keyring.other_origin",
            TokenStoreError::Refused { .. } => "keyring.refused",
            TokenStoreError::Platform { .. } => "keyring.failure",
            TokenStoreError::Interrupted => "keyring.interrupted",
        }
    }

    /// Maps a keyring-core error for the entry of `connection`.
    ///
    /// The Secret Service store reports bus and service problems only as text (its
    /// `secret_service::Error` inside a boxed `PlatformFailure`/`NoStorageAccess`), so those are
    /// told apart by the stable phrases of `secret-service` 5 and `zbus` 5; the integration
    /// tests run the real cases to keep this honest.
    pub(super) fn from_keyring(err: keyring_core::Error, connection: &str) -> TokenStoreError {
        use keyring_core::Error as K;
        match err {
            K::NoStorageAccess(inner) => classify_no_access(inner.to_string()),
            K::PlatformFailure(inner) => classify_platform(inner.to_string()),
            K::BadEncoding(_) | K::BadDataFormat(..) => TokenStoreError::Unreadable {
                connection: connection.to_owned(),
            },
            K::Ambiguous(entries) => TokenStoreError::Ambiguous {
                connection: connection.to_owned(),
                count: entries.len(),
            },
            K::TooLong(attribute, limit) => TokenStoreError::Refused {
                connection: connection.to_owned(),
                detail: format!("the {attribute} is longer than the limit of {limit}"),
            },
            K::Invalid(attribute, reason) => TokenStoreError::Refused {
                connection: connection.to_owned(),
                detail: format!("the {attribute} {reason}"),
            },
            other => TokenStoreError::Platform {
                detail: other.to_string(),
            },
        }
    }
}

/// `NoStorageAccess` wraps Secret Service `Locked`, `NoResult` (no default collection, or a
/// locked one) and `Prompt` (dismissed).
fn classify_no_access(detail: String) -> TokenStoreError {
    if detail.contains("prompt dismissed") || detail.contains("before prompt completed") {
        TokenStoreError::PromptDismissed
    } else {
        TokenStoreError::Locked { detail }
    }
}

fn classify_platform(detail: String) -> TokenStoreError {
    let lower = detail.to_lowercase();
    if lower.contains("before prompt completed") || lower.contains("prompt dismissed") {
        TokenStoreError::PromptDismissed
    } else if lower.contains("failed to connect to address")
        || lower.contains("no secret service provider or dbus session found")
    {
        // The second is `secret_service::Error::Unavailable`: an unusable bus address.
        TokenStoreError::NoSessionBus { detail }
    } else if lower.contains("serviceunknown") || lower.contains("namehasnoowner") {
        // Nobody owns `org.freedesktop.secrets` and no .service file can start it.
        TokenStoreError::NoSecretService { detail }
    } else if lower.contains("object locked") {
        TokenStoreError::Locked { detail }
    } else {
        TokenStoreError::Platform { detail }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxed(text: &str) -> keyring_core::error::PlatformError {
        Box::new(std::io::Error::other(text.to_owned()))
    }

    #[test]
    fn bad_encoding_never_carries_the_stored_bytes() {
        let err = TokenStoreError::from_keyring(
            keyring_core::Error::BadEncoding(b"sk_live_\xff_secret".to_vec()),
            "Prod",
        );
        assert_eq!(err.code(), "keyring.unreadable_entry");
        let shown = format!("{err} {err:?}");
        assert!(
            !shown.contains("secret"),
            "stored bytes must not reach messages: {shown}"
        );
    }

    #[test]
    fn locked_and_dismissed_are_told_apart() {
        let locked = TokenStoreError::from_keyring(
            keyring_core::Error::NoStorageAccess(boxed(
                "SS error: result not returned from SS API",
            )),
            "Prod",
        );
        assert_eq!(locked.code(), "keyring.locked");
        let dismissed = TokenStoreError::from_keyring(
            keyring_core::Error::NoStorageAccess(boxed("SS error: prompt dismissed")),
            "Prod",
        );
        assert_eq!(dismissed, TokenStoreError::PromptDismissed);
    }

    #[test]
    fn every_environment_message_says_how_to_fix_it() {
        let cases = [
            TokenStoreError::NoSessionBus { detail: "x".into() },
            TokenStoreError::NoSecretService { detail: "x".into() },
            TokenStoreError::Locked { detail: "x".into() },
            TokenStoreError::PromptDismissed,
            TokenStoreError::Platform { detail: "x".into() },
        ];
        for err in cases {
            let message = err.to_string();
            assert!(
                message.contains("BDESK_TOKEN"),
                "{} must offer the headless way out: {message}",
                err.code()
            );
            #[cfg(target_os = "linux")]
            assert!(
                message.contains("GNOME Keyring") && message.contains("KeePassXC"),
                "{} must name the keyrings to start or unlock: {message}",
                err.code()
            );
        }
    }
}
