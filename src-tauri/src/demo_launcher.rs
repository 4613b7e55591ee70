//! The demo: the stub API started inside the app on a free loopback port, as `bdesk --demo`
//! does, so "Try demo data" works without any service or token.

use billing_core::desk::{DemoEndpoint, DemoLauncher, demo_orgs, demo_token};
use billing_core::secret::ApiToken;
use billing_stub::StubConfig;
use futures_util::FutureExt;

/// Starts the stub on 127.0.0.1:0 in its demo-only mode (demo data for every organization,
/// no fault scenarios, no request log, its own `Host` only) with a token made for this
/// launch.
pub fn launcher() -> DemoLauncher {
    std::sync::Arc::new(|| {
        async {
            let raw = demo_token();
            let stub = billing_stub::spawn(StubConfig {
                token: Some(raw.clone()),
                demo_only: true,
                ..StubConfig::default()
            })
            .await
            .map_err(|e| format!("the built-in demo service could not start ({e})"))?;
            let token = ApiToken::new(raw).ok_or_else(|| "the demo token is empty".to_owned())?;
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
