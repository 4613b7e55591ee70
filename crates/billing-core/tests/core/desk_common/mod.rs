//! Shared set-up of the desk tests: a real stub, temp folders, an in-memory keyring.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use billing_core::desk::{Clock, DemoEndpoint, DemoLauncher, Desk, DeskConfig, demo_orgs};
use billing_core::ids::OrgId;
use billing_core::secret::ApiToken;
use billing_core::settings::{AppDirs, Connection, SavedOrg, Settings};
use billing_core::token_store::TokenStore;
use billing_stub::{StubConfig, StubHandle};
use chrono::{DateTime, TimeZone, Utc};
use futures_util::FutureExt;

pub const TOKEN: &str = "desk-test-token-71c2";
pub const CONNECTION: &str = "Stub";

/// A fixed "now" for queries and `fetchedAt`, so derived facts are reproducible.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 1, 12, 0, 0).unwrap()
}

pub fn clock_at(at: DateTime<Utc>) -> Clock {
    Arc::new(move || at)
}

pub fn org(id: &str) -> OrgId {
    OrgId::parse(id).unwrap()
}

/// The stub accepting [`TOKEN`], its clock frozen at [`now`].
// Spelled out instead of calling `client_common`: `benches/desk_query.rs` includes this module
// without the rest of the test binary.
pub async fn stub() -> StubHandle {
    let stub = billing_stub::spawn(StubConfig {
        token: Some(TOKEN.into()),
        ..Default::default()
    })
    .await
    .expect("the stub starts on a free loopback port");
    stub.set_now(Some(now()));
    stub
}

pub fn dirs(root: &tempfile::TempDir) -> AppDirs {
    AppDirs::new(
        root.path().join("config"),
        root.path().join("cache"),
        root.path().join("data"),
    )
}

pub fn mock_tokens() -> TokenStore {
    TokenStore::with_store(keyring_core::mock::Store::new().unwrap())
}

/// Settings with one active connection to `stub` saving `orgs`.
pub fn settings_for(stub: &StubHandle, orgs: &[&str]) -> Settings {
    let mut connection = Connection::new(CONNECTION, &stub.base_url()).unwrap();
    connection.allow_plain_http = true;
    connection.organizations = orgs
        .iter()
        .map(|id| SavedOrg {
            org_id: (*id).to_owned(),
            label: None,
        })
        .collect();
    let mut settings = Settings::default();
    settings.add_connection(connection).unwrap();
    settings
}

/// The demo launcher the app uses, over a fresh stub.
pub fn demo_launcher() -> DemoLauncher {
    Arc::new(|| {
        async {
            let token = billing_core::desk::demo_token();
            let stub = billing_stub::spawn(StubConfig {
                token: Some(token.clone()),
                ..Default::default()
            })
            .await
            .map_err(|e| e.to_string())?;
            stub.set_now(Some(now()));
            Ok(DemoEndpoint {
                base_url: stub.base_url(),
                token: ApiToken::new(token).unwrap(),
                orgs: demo_orgs(),
                guard: Box::new(stub),
            })
        }
        .boxed()
    })
}

/// A desk over `stub` with `orgs` saved and the token in the keyring.
pub async fn connected_desk(root: &tempfile::TempDir, stub: &StubHandle, orgs: &[&str]) -> Desk {
    connected_desk_at(root, stub, orgs, now()).await
}

pub async fn connected_desk_at(
    root: &tempfile::TempDir,
    stub: &StubHandle,
    orgs: &[&str],
    at: DateTime<Utc>,
) -> Desk {
    let dirs = dirs(root);
    if !dirs.settings_store().path().exists() {
        dirs.settings_store()
            .save(&settings_for(stub, orgs))
            .unwrap();
    }
    let tokens = mock_tokens();
    tokens
        .set(CONNECTION, &origin(stub), &ApiToken::new(TOKEN).unwrap())
        .unwrap();
    Desk::open(DeskConfig {
        dirs,
        tokens,
        demo: Some(demo_launcher()),
        clock: clock_at(at),
    })
    .await
}

/// A desk with no settings: the demo.
pub async fn demo_desk(root: &tempfile::TempDir) -> Desk {
    Desk::open(DeskConfig {
        dirs: dirs(root),
        tokens: mock_tokens(),
        demo: Some(demo_launcher()),
        clock: clock_at(now()),
    })
    .await
}

/// `scheme://host:port` of the stub: what its token is stored for.
pub fn origin(stub: &StubHandle) -> String {
    stub.base_url().trim_end_matches('/').to_owned()
}

/// Requests the stub received for `org`'s billing details.
pub fn requests_for(stub: &StubHandle, org: &str) -> usize {
    let path = format!("/v1/organizations/{org}/stripe/billing-details");
    stub.requests().iter().filter(|r| r.path == path).count()
}
