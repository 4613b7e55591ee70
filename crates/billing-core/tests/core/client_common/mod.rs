//! Shared set-up of the client tests: the real stub behind a token, a client config with short
//! retry pauses, and a client that sends the token.
//!
//! Each client file keeps its own token and pauses in a [`ClientKit`]: a leak check ("no message
//! contains the token") then looks for that file's token only, and the retry tests keep pauses
//! long enough to measure.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use billing_core::client::{BillingClient, ClientConfig};
use billing_core::retry::RetryPolicy;
use billing_core::secret::ApiToken;
use billing_stub::{StubConfig, StubHandle};

/// One organization id; the desk tests use the same helper.
pub use crate::desk_common::org;

/// The stub started with `config` on a free loopback port.
pub async fn spawn_stub(config: StubConfig) -> StubHandle {
    billing_stub::spawn(config)
        .await
        .expect("the stub starts on a free loopback port")
}

/// The stub with default behaviour, accepting only `token`.
pub async fn stub(token: &str) -> StubHandle {
    spawn_stub(StubConfig {
        token: Some(token.into()),
        ..StubConfig::default()
    })
    .await
}

/// A client for `config` that sends `token`.
pub fn client(config: ClientConfig, token: &str) -> BillingClient {
    BillingClient::new(config, ApiToken::new(token).unwrap()).unwrap()
}

/// A test file's token and backoff pauses.
#[derive(Debug, Clone, Copy)]
pub struct ClientKit {
    /// What the stub accepts and the client sends.
    pub token: &'static str,
    /// [`RetryPolicy::base_delay`] of [`ClientKit::config`].
    pub base_delay: Duration,
    /// [`RetryPolicy::max_delay`] of [`ClientKit::config`].
    pub max_delay: Duration,
}

impl ClientKit {
    /// The stub with default behaviour, accepting only [`ClientKit::token`].
    pub async fn stub(&self) -> StubHandle {
        stub(self.token).await
    }

    /// The stub with `config` (latency and the like), accepting only [`ClientKit::token`].
    pub async fn stub_with(&self, config: StubConfig) -> StubHandle {
        spawn_stub(StubConfig {
            token: Some(self.token.into()),
            ..config
        })
        .await
    }

    /// The default config for `base` with the kit's short backoff pauses; the other retry
    /// settings (tries, the `Retry-After` cap) and the time limits stay the defaults.
    pub fn config(&self, base: &str) -> ClientConfig {
        let mut config = ClientConfig::from_base_url(base).unwrap();
        config.retry = RetryPolicy {
            base_delay: self.base_delay,
            max_delay: self.max_delay,
            ..RetryPolicy::default()
        };
        config
    }

    /// A client for `config` that sends [`ClientKit::token`].
    pub fn client(&self, config: ClientConfig) -> BillingClient {
        client(config, self.token)
    }
}
