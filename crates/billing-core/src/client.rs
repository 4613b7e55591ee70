//! The billing API client: `GET {base}v1/organizations/{orgId}/stripe/billing-details`.
//!
//! What it guarantees:
//! - the request goes only to the configured base URL, which must be https (plain http on
//!   loopback only), with the organization ID as exactly one path segment ([`crate::link`]);
//! - the bearer token is a sensitive header, never in `Debug` output, logs or error
//!   messages, and never sent to another origin: a redirect is followed only within the
//!   base URL's origin (at most 5 times), any other is refused with [`ApiError::Redirect`];
//! - every try has a time limit ([`ClientConfig::request_timeout`]), the whole fetch an
//!   overall deadline ([`ClientConfig::deadline`]), the body a size cap enforced while it
//!   streams in ([`ClientConfig::max_body_bytes`]);
//! - transient failures are retried per [`crate::retry`] (connection errors, timeouts, 429
//!   with `Retry-After`, 502/503/504; never other 4xx or 500);
//! - every failure is one [`ApiError`] with a stable code and a message for people.
//!
//! Proxy variables (`HTTPS_PROXY`, ...) are honoured for a remote service and ignored for a
//! loopback one.
//!
//! ```no_run
//! # async fn run() -> Result<(), billing_core::client::ApiError> {
//! use billing_core::client::{BillingClient, ClientConfig};
//! use billing_core::{ids::OrgId, secret::ApiToken};
//!
//! let config = ClientConfig::from_base_url("https://api.example.com")?;
//! # let token = ApiToken::new("token").ok_or(billing_core::client::ApiError::InvalidToken)?;
//! let client = BillingClient::new(config, token)?;
//! let details = client.billing_details(&OrgId::parse("org_123")?).await?;
//! println!("{} invoices", details.invoices.len());
//! # Ok(()) }
//! ```

mod config;
mod error;
mod streamed;
mod transport;

use std::fmt;
use std::future::Future;
use std::io::Write;
use std::time::Duration;

use reqwest::header::HeaderValue;
use secrecy::zeroize::Zeroize;
use tokio::time::Instant;

pub use config::{
    ClientConfig, DEFAULT_CONNECT_TIMEOUT, DEFAULT_DEADLINE, DEFAULT_MAX_BODY_BYTES,
    DEFAULT_REQUEST_TIMEOUT, MAX_RESPONSE_MB, default_user_agent, response_limit_bytes,
};
pub use error::ApiError;

use crate::ids::OrgId;
use crate::link;
use crate::model::{BillingDetails, ItemBudget, ItemLease};
use crate::retry::{self, Attempts, Decision};
use crate::secret::ApiToken;
use streamed::Reading;
use transport::{Failure, TryParams};

/// A client for one API base URL and one token. Cheap to clone (the connection pool is
/// shared); safe to use from many tasks at once.
#[derive(Clone)]
pub struct BillingClient {
    http: reqwest::Client,
    config: ClientConfig,
    authorization: HeaderValue,
    token: ApiToken,
    /// What [`BillingClient::billing_details`] counts its decodes against, when set.
    budget: Option<ItemBudget>,
}

impl fmt::Debug for BillingClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BillingClient")
            .field("config", &self.config)
            .field("token", &self.token)
            .finish_non_exhaustive()
    }
}

impl BillingClient {
    /// Builds a client. The base URL is validated again here (see
    /// [`link::validate_base_url`]), so no way of building a [`ClientConfig`] can lead to
    /// sending the token over plain http to a remote host.
    ///
    /// # Errors
    /// [`ApiError::InvalidBaseUrl`] / [`ApiError::InsecureBaseUrl`] for the URL,
    /// [`ApiError::InvalidToken`] when the token cannot be put in a header,
    /// [`ApiError::Setup`] when the HTTP client cannot be built.
    pub fn new(config: ClientConfig, token: ApiToken) -> Result<Self, ApiError> {
        let base_url = link::validate_base_url(config.base_url.as_str())?;
        let config = ClientConfig { base_url, ..config };

        let mut header_text = format!("Bearer {}", token.expose());
        let header = HeaderValue::from_str(&header_text);
        header_text.zeroize();
        let mut authorization = header.map_err(|_| ApiError::InvalidToken)?;
        authorization.set_sensitive(true);

        let mut builder = reqwest::Client::builder()
            .user_agent(config.user_agent.as_str())
            .connect_timeout(config.connect_timeout)
            .redirect(transport::redirect_policy())
            .referer(false);
        builder = if link::is_loopback_host(&config.base_url) {
            // A service on this computer is never reached through a proxy.
            builder.no_proxy()
        } else {
            // Belt and braces with the base URL check: nothing remote over plain http.
            builder.https_only(true)
        };
        let http = builder.build().map_err(|error| ApiError::Setup {
            detail: error.to_string(),
        })?;
        Ok(Self {
            http,
            config,
            authorization,
            token,
            budget: None,
        })
    }

    /// The same client, counting every answer [`BillingClient::billing_details`] decodes
    /// against `budget` for as long as the budget lives: for a run that keeps everything it
    /// fetched until it ends (one `bdesk` command), so a batch's decoded data stays bounded.
    #[must_use]
    pub fn with_item_budget(self, budget: ItemBudget) -> BillingClient {
        BillingClient {
            budget: Some(budget),
            ..self
        }
    }

    /// The settings in use (the base URL normalized).
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// Fetches and decodes one organization's billing details.
    ///
    /// Dropping the future cancels the request. A large body is decoded while it arrives, on
    /// tokio's blocking pool, and never held whole.
    ///
    /// # Errors
    /// See [`ApiError`]; [`ApiError::Malformed`] when the body is not the expected JSON.
    pub async fn billing_details(&self, org: &OrgId) -> Result<BillingDetails, ApiError> {
        let budget = self.budget.as_ref();
        let cap = self.config.max_body_bytes;
        let decoded = self
            .fetch_with(org, |response| {
                let reading = Reading::<std::io::Sink> {
                    cap,
                    budget,
                    copy: None,
                };
                streamed::read_decoded(response, reading)
            })
            .await?;
        decoded.lease.keep();
        Ok(decoded.details)
    }

    /// [`BillingClient::billing_details`] counted against `budget`, writing a copy of the body
    /// as it arrives to the writer `copy` makes for each try (the app's response cache). The
    /// copy comes back only when the body decoded and every write to it worked.
    ///
    /// # Errors
    /// As [`BillingClient::billing_details`]; nothing about the copy, whose write errors are
    /// logged and end the copy only.
    pub async fn billing_details_copied<W: Write + Send + 'static>(
        &self,
        org: &OrgId,
        budget: &ItemBudget,
        copy: impl Fn() -> Option<W>,
    ) -> Result<(BillingDetails, ItemLease, Option<W>), ApiError> {
        let cap = self.config.max_body_bytes;
        let decoded = self
            .fetch_with(org, |response| {
                let reading = Reading {
                    cap,
                    budget: Some(budget),
                    copy: copy(),
                };
                streamed::read_decoded(response, reading)
            })
            .await?;
        Ok((decoded.details, decoded.lease, decoded.copy))
    }

    /// Fetches one organization's billing-details body without decoding it (for the CLI's
    /// raw output and for benchmarks), with the same retries, limits and errors as
    /// [`BillingClient::billing_details`].
    ///
    /// # Errors
    /// See [`ApiError`]; never [`ApiError::Malformed`].
    pub async fn fetch_raw(&self, org: &OrgId) -> Result<Vec<u8>, ApiError> {
        let cap = self.config.max_body_bytes;
        let body = self
            .fetch_with(org, |response| transport::read_capped(response, cap))
            .await?;
        tracing::debug!(org = %org.as_str(), bytes = body.len(), "billing details body read");
        Ok(body)
    }

    /// The request with its retries: each try sends the GET and hands a `200` answer to
    /// `read`, which reads its body; a transient failure of either is tried again.
    async fn fetch_with<T, F, Fut>(&self, org: &OrgId, read: F) -> Result<T, ApiError>
    where
        F: Fn(reqwest::Response) -> Fut,
        Fut: Future<Output = Result<T, Failure>>,
    {
        let url = link::billing_details_url(&self.config.base_url, org);
        let started = Instant::now();
        let deadline = started + self.config.deadline;
        let mut tries: u32 = 0;
        loop {
            let limit = self
                .config
                .request_timeout
                .min(deadline.saturating_duration_since(Instant::now()));
            tries += 1;
            let params = TryParams {
                http: &self.http,
                authorization: &self.authorization,
                timeout: limit,
            };
            let outcome = match transport::send_once(&params, &url).await {
                Ok(response) => read(response).await,
                Err(failure) => Err(failure),
            };
            let failure = match outcome {
                Ok(value) => {
                    tracing::debug!(org = %org.as_str(), tries, "billing details fetched");
                    return Ok(value);
                }
                Err(failure) => failure,
            };
            let decision = failure.is_transient().then(|| {
                retry::next_step(
                    &self.config.retry,
                    tries,
                    deadline.saturating_duration_since(Instant::now()),
                    failure.server_wait(),
                    rand::random::<f64>(),
                )
            });
            let gave_up = match decision {
                Some(Decision::RetryAfter(wait)) => {
                    tracing::debug!(
                        org = %org.as_str(), tries, ?wait, failure = ?FailureKind(&failure),
                        "transient failure, trying again"
                    );
                    tokio::time::sleep(wait).await;
                    continue;
                }
                Some(Decision::GiveUp(reason)) => Some(reason),
                None => None,
            };
            let attempts = Attempts {
                tries,
                elapsed: started.elapsed(),
                gave_up,
            };
            let error = self.to_api_error(failure, org, attempts, limit);
            tracing::debug!(org = %org.as_str(), code = error.code(), tries, "billing details fetch failed");
            return Err(error);
        }
    }

    fn to_api_error(
        &self,
        failure: Failure,
        org: &OrgId,
        attempts: Attempts,
        limit: Duration,
    ) -> ApiError {
        let origin = link::origin_text(&self.config.base_url);
        match failure {
            Failure::Status { status, body, .. } => {
                self.status_error(status.as_u16(), &body, org, attempts)
            }
            Failure::Timeout => ApiError::Timeout { limit, attempts },
            Failure::Connect { detail }
            | Failure::Interrupted { detail }
            | Failure::Other { detail } => ApiError::Network {
                origin,
                detail,
                attempts,
            },
            Failure::Tls { detail } => ApiError::Tls { origin, detail },
            Failure::TooLarge { announced } => ApiError::TooLarge {
                limit: self.config.max_body_bytes,
                announced,
            },
            Failure::Decode(error) => ApiError::Malformed(error),
            Failure::Redirect { to } => ApiError::Redirect { to },
            Failure::TooManyRedirects => ApiError::TooManyRedirects,
            Failure::Unexpected { status } => ApiError::UnexpectedStatus {
                status: status.as_u16(),
            },
        }
    }

    fn status_error(&self, status: u16, body: &[u8], org: &OrgId, attempts: Attempts) -> ApiError {
        match status {
            401 => ApiError::Unauthorized,
            403 => ApiError::Forbidden { org: org.clone() },
            404 => ApiError::NotFound { org: org.clone() },
            429 => ApiError::RateLimited { attempts },
            500..=599 => ApiError::Server { status, attempts },
            400..=499 => ApiError::BadRequest {
                status,
                message: error::server_message(body, self.token.expose())
                    .unwrap_or_else(|| "the service gave no explanation".to_owned()),
            },
            _ => ApiError::UnexpectedStatus { status },
        }
    }
}

/// A log-friendly, body-free summary of a [`Failure`].
struct FailureKind<'a>(&'a Failure);

impl fmt::Debug for FailureKind<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Failure::Status { status, .. } => write!(f, "HTTP {}", status.as_u16()),
            Failure::Timeout => f.write_str("timeout"),
            Failure::Connect { detail } => write!(f, "connect: {detail}"),
            Failure::Interrupted { detail } => write!(f, "interrupted: {detail}"),
            other => write!(f, "{other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token() -> ApiToken {
        ApiToken::new("sk_live_SECRET123").unwrap()
    }

    #[test]
    fn debug_of_the_client_never_shows_the_token() {
        let config = ClientConfig::from_base_url("https://api.example.com").unwrap();
        let client = BillingClient::new(config.clone(), token()).unwrap();
        let printed = format!("{client:?} {config:?}");
        assert!(
            !printed.contains("SECRET123"),
            "token leaked into Debug: {printed}"
        );
        assert!(
            printed.contains("api.example.com"),
            "Debug still shows the useful parts"
        );
    }

    #[test]
    fn a_hand_built_insecure_config_is_refused() {
        let url = url::Url::parse("http://api.example.com/").unwrap();
        let err = BillingClient::new(ClientConfig::new(url), token()).unwrap_err();
        assert_eq!(err.code(), "insecure_base_url", "{err}");
    }

    #[test]
    fn a_token_that_cannot_be_a_header_is_reported_without_echoing_it() {
        let config = ClientConfig::from_base_url("https://api.example.com").unwrap();
        let bad = ApiToken::new("abc\u{7}def").unwrap();
        let err = BillingClient::new(config, bad).unwrap_err();
        assert_eq!(err.code(), "invalid_token");
        assert!(!err.to_string().contains("abc"), "{err}");
    }

    #[test]
    fn the_base_url_is_normalized_on_construction() {
        let url = url::Url::parse("http://127.0.0.1:9/prefix").unwrap();
        let client = BillingClient::new(ClientConfig::new(url), token()).unwrap();
        assert_eq!(
            client.config().base_url.as_str(),
            "http://127.0.0.1:9/prefix/"
        );
    }
}
