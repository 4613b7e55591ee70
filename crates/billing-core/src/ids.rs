//! Identifiers that cross the API boundary.
//!
//! [`OrgId`] is the organization identifier the user types or pastes. It becomes exactly one
//! path segment of the request URL (the client percent-encodes it), so the rules here exclude
//! the values that could never be a single, meaningful segment: empty, `.`, `..`, anything with
//! a control character, and anything absurdly long.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use thiserror::Error;
use ts_rs::TS;

/// The longest organization ID accepted, in bytes of UTF-8.
pub const ORG_ID_MAX_BYTES: usize = 256;

/// Why a text cannot be used as an organization ID.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum OrgIdError {
    /// Nothing was given.
    #[error("The organization ID is empty. Enter the ID of the organization to look up.")]
    Empty,
    /// `.` or `..`, which a URL path would read as "this folder" or "the folder above".
    #[error("\"{0}\" is not a valid organization ID.")]
    DotSegment(String),
    /// A tab, newline or other invisible control character, usually a paste accident.
    #[error(
        "The organization ID contains an invisible control character (at character {position}). \
         Re-type the ID without line breaks or tabs."
    )]
    ControlCharacter {
        /// 1-based position of the first offending character, counted in characters.
        position: usize,
    },
    /// An invisible formatting character (zero-width space, a bidirectional override, a
    /// byte-order mark…): two IDs that look the same would be different IDs, and a
    /// right-to-left override makes an ID display as something it is not.
    #[error(
        "The organization ID contains an invisible formatting character (U+{code:04X}, at \
         character {position}). Re-type the ID instead of pasting it."
    )]
    FormatCharacter {
        /// 1-based position of the first offending character, counted in characters.
        position: usize,
        /// Its code point.
        code: u32,
    },
    /// Longer than [`ORG_ID_MAX_BYTES`].
    #[error(
        "The organization ID is {len} bytes long; the longest accepted is {max} bytes.",
        max = ORG_ID_MAX_BYTES
    )]
    TooLong {
        /// Length of the rejected text in bytes.
        len: usize,
    },
}

/// A validated organization identifier.
///
/// Invariants (checked by [`OrgId::parse`] and on deserialization): not empty, not `.` or `..`,
/// no control character (`char::is_control`), at most [`ORG_ID_MAX_BYTES`] bytes. The text is
/// kept exactly as given (no trimming, no case change) because the server decides what an ID
/// means. Serialized as a plain string.
///
/// The text is shared: every invoice row of an organization carries its ID, so a clone is a
/// reference count, not a copy (100k rows of one organization hold one allocation).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(try_from = "String", into = "String")]
#[ts(export, type = "string")]
pub struct OrgId(Arc<str>);

impl OrgId {
    /// Validates `text` as an organization ID.
    ///
    /// # Errors
    /// [`OrgIdError`] names the rule the text breaks.
    pub fn parse(text: &str) -> Result<OrgId, OrgIdError> {
        Self::check(text)?;
        Ok(OrgId(Arc::from(text)))
    }

    fn check(text: &str) -> Result<(), OrgIdError> {
        if text.is_empty() {
            return Err(OrgIdError::Empty);
        }
        if text == "." || text == ".." {
            return Err(OrgIdError::DotSegment(text.to_owned()));
        }
        if text.len() > ORG_ID_MAX_BYTES {
            return Err(OrgIdError::TooLong { len: text.len() });
        }
        if let Some(index) = text.chars().position(char::is_control) {
            return Err(OrgIdError::ControlCharacter {
                position: index + 1,
            });
        }
        if let Some((index, c)) = text
            .chars()
            .enumerate()
            .find(|(_, c)| crate::text::is_format_char(*c))
        {
            return Err(OrgIdError::FormatCharacter {
                position: index + 1,
                code: u32::from(c),
            });
        }
        Ok(())
    }

    /// The ID as given, not percent-encoded.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OrgId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for OrgId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for OrgId {
    type Err = OrgIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OrgId::parse(s)
    }
}

impl TryFrom<String> for OrgId {
    type Error = OrgIdError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::check(&value)?;
        Ok(OrgId(Arc::from(value)))
    }
}

impl From<OrgId> for String {
    fn from(value: OrgId) -> Self {
        value.0.to_string()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn refuses_invisible_formatting_characters() {
        for (text, position, code) in [
            ("org\u{200B}_1", 4, 0x200B),
            ("\u{FEFF}org", 1, 0xFEFF),
            ("org_\u{202E}1cba", 5, 0x202E),
            ("org\u{2066}x\u{2069}", 4, 0x2066),
            ("ac\u{00AD}me", 3, 0x00AD),
        ] {
            assert_eq!(
                OrgId::parse(text),
                Err(OrgIdError::FormatCharacter { position, code }),
                "{text:?}"
            );
        }
        // Visible letters of any script stay valid.
        assert!(OrgId::parse("שלום_org").is_ok());
        assert!(OrgId::parse("組織_1").is_ok());
    }

    #[test]
    fn accepts_ordinary_ids_unchanged() {
        for text in ["org_123", "acme corp", " padded ", "ünïcødé", "a/b", "%41"] {
            let id = OrgId::parse(text).expect("ordinary text is a valid ID");
            assert_eq!(id.as_str(), text, "the ID must be kept exactly as given");
            assert_eq!(id.to_string(), text, "Display shows the raw ID");
        }
    }

    #[test]
    fn rejects_empty_and_dot_segments() {
        assert_eq!(OrgId::parse(""), Err(OrgIdError::Empty));
        assert_eq!(OrgId::parse("."), Err(OrgIdError::DotSegment(".".into())));
        assert_eq!(OrgId::parse(".."), Err(OrgIdError::DotSegment("..".into())));
        assert!(
            OrgId::parse("...").is_ok(),
            "only . and .. are path-special"
        );
    }

    #[test]
    fn rejects_control_characters_with_position() {
        assert_eq!(
            OrgId::parse("ab\ncd"),
            Err(OrgIdError::ControlCharacter { position: 3 })
        );
        assert!(OrgId::parse("\t").is_err(), "tab is a control character");
        assert!(
            OrgId::parse("a\u{7f}").is_err(),
            "DEL is a control character"
        );
        assert!(
            OrgId::parse("a\u{85}").is_err(),
            "C1 controls are rejected too"
        );
        assert!(OrgId::parse("é\u{0}").is_err(), "NUL is rejected");
    }

    #[test]
    fn length_limit_is_in_bytes() {
        let at_limit = "a".repeat(ORG_ID_MAX_BYTES);
        assert!(OrgId::parse(&at_limit).is_ok(), "256 bytes is allowed");
        let over = "a".repeat(ORG_ID_MAX_BYTES + 1);
        assert_eq!(OrgId::parse(&over), Err(OrgIdError::TooLong { len: 257 }));
        // 129 two-byte characters = 258 bytes although only 129 characters.
        let multibyte = "é".repeat(129);
        assert_eq!(
            OrgId::parse(&multibyte),
            Err(OrgIdError::TooLong { len: 258 })
        );
    }

    #[test]
    fn serde_is_a_validated_plain_string() {
        let id = OrgId::parse("org_1").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"org_1\"");
        let back: OrgId = serde_json::from_str("\"org_1\"").unwrap();
        assert_eq!(back, id, "round trip keeps the ID");
        let bad = serde_json::from_str::<OrgId>("\"..\"");
        assert!(bad.is_err(), "deserialization must apply the same rules");
        let message = bad.unwrap_err().to_string();
        assert!(
            message.contains("not a valid organization ID"),
            "the rule's message surfaces: {message}"
        );
    }

    #[test]
    fn error_messages_are_readable() {
        let message = OrgIdError::TooLong { len: 300 }.to_string();
        assert!(
            message.contains("300") && message.contains("256"),
            "{message}"
        );
        let message = OrgIdError::ControlCharacter { position: 4 }.to_string();
        assert!(message.contains("character 4"), "{message}");
    }
}
