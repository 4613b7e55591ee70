//! What can go wrong fetching billing details, in words a finance user understands.
//!
//! Every variant has a stable [`ApiError::code`] for the UI and CLI to branch on (never the
//! message text), and a message that says what happened and what to do. No message ever
//! contains the API token: the server's own text is scrubbed of it before it is kept.

use std::time::Duration;

use thiserror::Error;

use crate::ids::{OrgId, OrgIdError};
use crate::link::LinkError;
use crate::model::DecodeError;
use crate::retry::{Attempts, format_duration};

/// Why a billing-details fetch failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ApiError {
    /// The API address in settings is not usable.
    #[error("The API address is not usable: {0}")]
    InvalidBaseUrl(#[source] LinkError),
    /// The API address uses plain http to a remote host.
    #[error("The API address is not safe to use: {0}")]
    InsecureBaseUrl(#[source] LinkError),
    /// The organization ID cannot be sent.
    #[error(transparent)]
    InvalidOrgId(#[from] OrgIdError),
    /// The token holds characters an HTTP header cannot carry (a paste accident).
    #[error(
        "The API token contains characters that cannot be sent (such as line breaks or \
         non-Latin letters). Set it again in the Connections screen (or with \
         `bdesk token set`)."
    )]
    InvalidToken,
    /// The HTTP machinery could not be set up (for example no TLS support on this system).
    #[error(
        "Billing Desk could not prepare its network connection ({detail}). Restart it; if \
         this keeps happening, report it."
    )]
    Setup {
        /// What failed.
        detail: String,
    },
    /// `400` or another 4xx without a more specific meaning: the request was rejected.
    #[error(
        "The billing service rejected the request (HTTP {status}): {}",
        as_sentence(message)
    )]
    BadRequest {
        /// The HTTP status.
        status: u16,
        /// The server's own explanation, trimmed and shortened, never empty.
        message: String,
    },
    /// `401`: the token is not valid.
    #[error(
        "The API token was refused (HTTP 401): it is not valid or has expired. Change it in \
         the Connections screen (or with `bdesk token set`)."
    )]
    Unauthorized,
    /// `403`: the token is valid but may not read this organization.
    #[error(
        "The API token was refused for organization {org} (HTTP 403): it has no access to this \
         organization's billing details. Use a token with access: change it in the Connections \
         screen (or with `bdesk token set`)."
    )]
    Forbidden {
        /// The organization asked for.
        org: OrgId,
    },
    /// `404`: no such organization.
    #[error("Organization {org} was not found (HTTP 404). Check the organization ID.")]
    NotFound {
        /// The organization asked for.
        org: OrgId,
    },
    /// `429` until retrying stopped.
    #[error(
        "The billing service is receiving too many requests (HTTP 429); {attempts}. \
         Try again in a few minutes."
    )]
    RateLimited {
        /// What was tried.
        attempts: Attempts,
    },
    /// A 5xx status: `500` (not retried) or 502/503/504 until retrying stopped.
    #[error(
        "The billing service had a problem on its side (HTTP {status}); {attempts}. Try again \
         later; if it keeps happening, contact the service's support."
    )]
    Server {
        /// The last HTTP status.
        status: u16,
        /// What was tried.
        attempts: Attempts,
    },
    /// The service could not be reached, or the connection broke.
    #[error(
        "The connection to the billing service at {origin} failed: {detail}; {attempts}. \
         Check the internet connection and the API address in the Connections screen \
         (`bdesk connection list` in the CLI)."
    )]
    Network {
        /// `scheme://host:port` of the service.
        origin: String,
        /// What went wrong, in plain words.
        detail: String,
        /// What was tried.
        attempts: Attempts,
    },
    /// The secure (TLS) connection could not be set up. Not retried: it fails the same way.
    #[error(
        "Could not open a secure connection to {origin}: {detail}. Check the API address \
         in the Connections screen (`bdesk connection list` in the CLI); if it is right, \
         the service's certificate needs fixing."
    )]
    Tls {
        /// `scheme://host:port` of the service.
        origin: String,
        /// What the TLS layer objected to, in plain words.
        detail: String,
    },
    /// A try, or the fetch as a whole, ran out of time.
    #[error(
        "The billing service did not answer in time (limit {}); {attempts}. It may be busy: \
         try again later.", format_duration(*limit)
    )]
    Timeout {
        /// The limit that was hit: one try's, or what was left of the overall deadline.
        limit: Duration,
        /// What was tried.
        attempts: Attempts,
    },
    /// The body is larger than [`super::ClientConfig::max_body_bytes`].
    #[error("{}", too_large_message(*limit, *announced))]
    TooLarge {
        /// The cap, in bytes.
        limit: u64,
        /// The size the server announced (`Content-Length`), when it did.
        announced: Option<u64>,
    },
    /// The body is not the billing-details JSON (names the field or the position).
    #[error(transparent)]
    Malformed(#[from] DecodeError),
    /// The server redirected to another origin; not followed, so the token stays put.
    #[error(
        "The billing service tried to send the request on to another address ({to}). Billing \
         Desk does not follow such redirects, so the API token is never sent elsewhere. Check \
         the API address in the Connections screen (`bdesk connection list` in the CLI)."
    )]
    Redirect {
        /// `scheme://host:port` the server pointed to.
        to: String,
    },
    /// More same-origin redirects than the client follows (5).
    #[error(
        "The billing service redirected the request too many times. Check the API address in \
         the Connections screen (`bdesk connection list` in the CLI)."
    )]
    TooManyRedirects,
    /// A status that is neither success nor an error the API documents (1xx, 3xx without a
    /// target, 2xx other than 200...).
    #[error("The billing service gave an unexpected answer (HTTP {status}).")]
    UnexpectedStatus {
        /// The HTTP status.
        status: u16,
    },
    /// The fetch was cancelled before it finished.
    #[error("Cancelled before the billing details were fetched.")]
    Cancelled,
}

impl ApiError {
    /// A stable identifier for the kind of failure, for the UI and the CLI to branch on and
    /// for logs. Never changes once released.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::InvalidBaseUrl(_) => "invalid_base_url",
            ApiError::InsecureBaseUrl(_) => "insecure_base_url",
            ApiError::InvalidOrgId(_) => "invalid_org_id",
            ApiError::InvalidToken => "invalid_token",
            ApiError::Setup { .. } => "client_setup",
            ApiError::BadRequest { .. } => "bad_request",
            ApiError::Unauthorized => "unauthorized",
            ApiError::Forbidden { .. } => "forbidden",
            ApiError::NotFound { .. } => "not_found",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::Server { .. } => "server_error",
            ApiError::Network { .. } => "network",
            ApiError::Tls { .. } => "tls",
            ApiError::Timeout { .. } => "timeout",
            ApiError::TooLarge { .. } => "too_large",
            ApiError::Malformed(_) => "malformed",
            ApiError::Redirect { .. } => "redirect_refused",
            ApiError::TooManyRedirects => "too_many_redirects",
            ApiError::UnexpectedStatus { .. } => "unexpected_response",
            ApiError::Cancelled => "cancelled",
        }
    }

    /// The HTTP status the failure came with, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            ApiError::BadRequest { status, .. }
            | ApiError::Server { status, .. }
            | ApiError::UnexpectedStatus { status } => Some(*status),
            ApiError::Unauthorized => Some(401),
            ApiError::Forbidden { .. } => Some(403),
            ApiError::NotFound { .. } => Some(404),
            ApiError::RateLimited { .. } => Some(429),
            _ => None,
        }
    }
}

impl From<LinkError> for ApiError {
    fn from(error: LinkError) -> Self {
        if error.is_insecure() {
            ApiError::InsecureBaseUrl(error)
        } else {
            ApiError::InvalidBaseUrl(error)
        }
    }
}

/// Ends a server's text with a full stop unless it already ends a sentence.
fn as_sentence(text: &str) -> String {
    if text.ends_with(['.', '!', '?', '…']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

fn too_large_message(limit: u64, announced: Option<u64>) -> String {
    let size = match announced {
        Some(bytes) => format!(" ({})", format_bytes(bytes)),
        None => String::new(),
    };
    format!(
        "The billing service's answer{size} is larger than the {} Billing Desk accepts, so \
         it was not downloaded in full. Raise the limit with the connection's maxResponseMb \
         setting in settings.toml (bdesk: --max-response-mb), up to {} MB.",
        format_bytes(limit),
        super::MAX_RESPONSE_MB
    )
}

/// Bytes for people, in decimal units: `"512 bytes"`, `"3.2 MB"`.
fn format_bytes(bytes: u64) -> String {
    const KB: f64 = 1000.0;
    // Precision loss is irrelevant for a size shown with one decimal.
    #[allow(clippy::cast_precision_loss)]
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} bytes")
    } else if b < KB * KB {
        format!("{:.1} kB", b / KB)
    } else if b < KB * KB * KB {
        format!("{:.1} MB", b / (KB * KB))
    } else {
        format!("{:.1} GB", b / (KB * KB * KB))
    }
}

/// The most of a server's message that is kept, in characters.
const SERVER_MESSAGE_MAX_CHARS: usize = 300;

/// The server's own explanation from an error body: JSON `error.message`, `error` (a
/// string), or `message`; otherwise the body as text. Whitespace runs (line breaks
/// included) become one space, the result is cut to about 300 characters, and every
/// occurrence of `secret` (the token, should a server echo it) is replaced by `<redacted>`.
/// `None` when nothing readable is left.
pub(crate) fn server_message(body: &[u8], secret: &str) -> Option<String> {
    let raw = json_message(body).unwrap_or_else(|| String::from_utf8_lossy(body).into_owned());
    let scrubbed = if secret.is_empty() {
        raw
    } else {
        raw.replace(secret, "<redacted>")
    };
    let collapsed = scrubbed.split_whitespace().collect::<Vec<_>>().join(" ");
    let printable: String = collapsed.chars().filter(|c| !c.is_control()).collect();
    if printable.is_empty() {
        return None;
    }
    if printable.chars().count() <= SERVER_MESSAGE_MAX_CHARS {
        return Some(printable);
    }
    let mut cut: String = printable.chars().take(SERVER_MESSAGE_MAX_CHARS).collect();
    cut.push('…');
    Some(cut)
}

fn json_message(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let text = |v: &serde_json::Value| v.as_str().map(str::to_owned);
    value
        .pointer("/error/message")
        .and_then(text)
        .or_else(|| value.get("error").and_then(text))
        .or_else(|| value.get("message").and_then(text))
        .filter(|m| !m.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::retry::GiveUpReason;

    #[test]
    fn server_messages_come_from_the_documented_json_shapes() {
        let cases: [(&[u8], &str); 5] = [
            (br#"{"error":{"message":"orgId is bad"}}"#, "orgId is bad"),
            (br#"{"error":"plain error"}"#, "plain error"),
            (br#"{"message":"top message"}"#, "top message"),
            (b"Bad Request: text body\n", "Bad Request: text body"),
            (br#"{"other":"x"}"#, r#"{"other":"x"}"#),
        ];
        for (body, expected) in cases {
            assert_eq!(
                server_message(body, "tok").as_deref(),
                Some(expected),
                "body {:?}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn server_messages_are_tidied_capped_and_scrubbed() {
        assert_eq!(server_message(b"  \n ", "tok"), None, "nothing readable");
        assert_eq!(
            server_message(b"line one\r\n\tline two", "tok").as_deref(),
            Some("line one line two")
        );
        let long = "x".repeat(1000);
        let shown = server_message(long.as_bytes(), "tok").unwrap();
        assert_eq!(shown.chars().count(), 301, "300 characters and an ellipsis");
        let echoed = server_message(
            br#"{"error":{"message":"bad token sk_live_42"}}"#,
            "sk_live_42",
        );
        assert_eq!(
            echoed.as_deref(),
            Some("bad token <redacted>"),
            "never keep the token"
        );
        let multibyte = "é".repeat(400);
        assert!(
            server_message(multibyte.as_bytes(), "tok").is_some(),
            "cutting must respect character boundaries"
        );
    }

    #[test]
    fn codes_are_stable_and_distinct() {
        let org = OrgId::parse("acme").unwrap();
        let attempts = Attempts {
            tries: 3,
            elapsed: Duration::from_millis(4200),
            gave_up: Some(GiveUpReason::OutOfTries),
        };
        let errors = vec![
            ApiError::from(crate::link::validate_base_url("nope").unwrap_err()),
            ApiError::from(crate::link::validate_base_url("http://example.com").unwrap_err()),
            ApiError::InvalidOrgId(OrgIdError::Empty),
            ApiError::InvalidToken,
            ApiError::Setup { detail: "x".into() },
            ApiError::BadRequest {
                status: 400,
                message: "m".into(),
            },
            ApiError::Unauthorized,
            ApiError::Forbidden { org: org.clone() },
            ApiError::NotFound { org: org.clone() },
            ApiError::RateLimited { attempts },
            ApiError::Server {
                status: 503,
                attempts,
            },
            ApiError::Network {
                origin: "https://a".into(),
                detail: "d".into(),
                attempts,
            },
            ApiError::Tls {
                origin: "https://a".into(),
                detail: "d".into(),
            },
            ApiError::Timeout {
                limit: Duration::from_secs(1),
                attempts,
            },
            ApiError::TooLarge {
                limit: 10,
                announced: None,
            },
            ApiError::Redirect {
                to: "https://b".into(),
            },
            ApiError::TooManyRedirects,
            ApiError::UnexpectedStatus { status: 204 },
            ApiError::Cancelled,
        ];
        let mut codes: Vec<&str> = errors.iter().map(ApiError::code).collect();
        let count = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), count, "every variant has its own code");
        for error in &errors {
            assert!(
                error.to_string().ends_with('.'),
                "messages are full sentences: {error}"
            );
        }
    }

    #[test]
    fn retried_failures_say_what_was_tried() {
        let error = ApiError::Server {
            status: 503,
            attempts: Attempts {
                tries: 3,
                elapsed: Duration::from_millis(4200),
                gave_up: Some(GiveUpReason::OutOfTries),
            },
        };
        let text = error.to_string();
        assert!(text.contains("HTTP 503"), "{text}");
        assert!(text.contains("gave up after 3 tries over 4.2 s"), "{text}");
    }

    #[test]
    fn too_large_names_both_sizes() {
        let text = ApiError::TooLarge {
            limit: 1_000_000,
            announced: Some(52_000_000),
        }
        .to_string();
        assert!(
            text.contains("52.0 MB") && text.contains("1.0 MB"),
            "{text}"
        );
    }
}
