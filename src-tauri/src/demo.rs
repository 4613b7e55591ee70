//! The demo: the stub API started inside the app on a free loopback port, as `bdesk --demo`
//! does, so "Try demo data" works without any service or token.

use billing_core::desk::{DEMO_TOKEN, DemoEndpoint, DemoLauncher, demo_orgs};
use billing_core::secret::ApiToken;
use billing_stub::StubConfig;
use futures_util::FutureExt;

/// Starts the stub on 127.0.0.1:0 with the fixed demo token.
pub fn launcher() -> DemoLauncher {
    std::sync::Arc::new(|| {
        async {
            let stub = billing_stub::spawn(StubConfig {
                token: Some(DEMO_TOKEN.to_owned()),
                ..StubConfig::default()
            })
            .await
            .map_err(|e| format!("the built-in demo service could not start ({e})"))?;
            let token =
                ApiToken::new(DEMO_TOKEN).ok_or_else(|| "the demo token is empty".to_owned())?;
            tracing::info!(base_url = %stub.base_url(), "demo service started");
            Ok(DemoEndpoint {
                base_url: stub.base_url(),
                token,
                orgs: demo_orgs(),
                guard: Box::new(stub),
            })
        }
        .boxed()
    })
}
