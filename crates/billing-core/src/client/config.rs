//! How the client connects: base URL, time limits, size cap, retries, user agent.

use std::time::Duration;

use url::Url;

use crate::link;
use crate::retry::RetryPolicy;

use super::ApiError;

/// Default time to open a connection (TCP and TLS handshake): 10 s.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default limit for one try, from sending the request to the last body byte: 60 s.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// Default limit for a whole fetch, every try and every pause between tries included: 120 s.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(120);
/// Default largest response body accepted: 1,200 MB, room for [`crate::model::MAX_INVOICES`]
/// invoices of about 520 bytes each. A large body is decoded as it arrives and never held
/// whole, and decoding never makes text longer, so this cap is also the bound on the text the
/// decoded data holds ([`crate::model::MAX_INVOICES`] bounds the number of items).
pub const DEFAULT_MAX_BODY_BYTES: u64 = 1_200_000_000;
/// The largest answer a connection or a `bdesk` run can be set to accept, in MB (a million
/// invoices take about 530 MB; [`crate::model::MAX_INVOICES`] bounds the count whatever this
/// allows).
pub const MAX_RESPONSE_MB: u32 = 4_096;

/// A limit given in MB (1,000,000 bytes, as people and the refusal's sentence count them), in
/// bytes for [`ClientConfig::max_body_bytes`].
pub fn response_limit_bytes(mb: u32) -> u64 {
    u64::from(mb) * 1_000_000
}

/// The `User-Agent` sent with every request: `billing-desk/<version>`.
pub fn default_user_agent() -> String {
    format!("billing-desk/{}", env!("CARGO_PKG_VERSION"))
}

/// Settings of a [`super::BillingClient`]. Holds no secret: the token is passed separately
/// so this type can be logged, printed and stored freely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    /// The API's base URL, path prefix included (see [`link::validate_base_url`]; the client
    /// validates it again, so a hand-built `Url` cannot bypass the https rule).
    pub base_url: Url,
    /// Limit for opening a connection. Default [`DEFAULT_CONNECT_TIMEOUT`].
    pub connect_timeout: Duration,
    /// Limit for one try, headers and whole body. Default [`DEFAULT_REQUEST_TIMEOUT`].
    pub request_timeout: Duration,
    /// Limit for the whole fetch, retries included; no try starts or waits past it.
    /// Default [`DEFAULT_DEADLINE`].
    pub deadline: Duration,
    /// Largest body accepted, enforced while it streams in. Default [`DEFAULT_MAX_BODY_BYTES`].
    pub max_body_bytes: u64,
    /// When and how often to try again. Default [`RetryPolicy::default`].
    pub retry: RetryPolicy,
    /// The `User-Agent` header. Default [`default_user_agent`].
    pub user_agent: String,
}

impl ClientConfig {
    /// The documented defaults for `base_url`.
    pub fn new(base_url: Url) -> Self {
        Self {
            base_url,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            deadline: DEFAULT_DEADLINE,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            retry: RetryPolicy::default(),
            user_agent: default_user_agent(),
        }
    }

    /// Validates `base_url` (see [`link::validate_base_url`]) and applies the defaults.
    ///
    /// # Errors
    /// [`ApiError::InvalidBaseUrl`] or [`ApiError::InsecureBaseUrl`].
    pub fn from_base_url(base_url: &str) -> Result<Self, ApiError> {
        Ok(Self::new(
            link::validate_base_url(base_url).map_err(ApiError::from)?,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_documented_ones() {
        let config = ClientConfig::from_base_url("https://api.example.com/prefix").unwrap();
        assert_eq!(config.base_url.as_str(), "https://api.example.com/prefix/");
        assert_eq!(config.connect_timeout, Duration::from_secs(10));
        assert_eq!(config.request_timeout, Duration::from_secs(60));
        assert_eq!(config.deadline, Duration::from_secs(120));
        assert_eq!(config.max_body_bytes, 1_200_000_000, "1,200 MB");
        assert_eq!(config.retry, RetryPolicy::default());
        assert!(
            config.user_agent.starts_with("billing-desk/") && config.user_agent.len() > 13,
            "the user agent carries the version: {}",
            config.user_agent
        );
    }

    #[test]
    fn an_insecure_base_url_is_refused_with_its_own_code() {
        let err = ClientConfig::from_base_url("http://api.example.com").unwrap_err();
        assert_eq!(err.code(), "insecure_base_url");
        let err = ClientConfig::from_base_url("nonsense").unwrap_err();
        assert_eq!(err.code(), "invalid_base_url");
    }
}
