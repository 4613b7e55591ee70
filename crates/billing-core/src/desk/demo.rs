//! The demo data source: a stub server the front end starts in its own process (the core
//! does not depend on the stub), handed to the desk through [`DemoLauncher`].

use std::any::Any;
use std::sync::Arc;

use futures_util::future::BoxFuture;

use crate::secret::ApiToken;
use crate::settings::SavedOrg;

/// A fresh token for one launch of the in-process demo stub: the stub serves made-up data,
/// but a token nobody can know keeps other programs on this computer from using it.
pub fn demo_token() -> String {
    use rand::RngCore;
    let mut bytes = [0_u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    format!("demo-{}", hex::encode(bytes))
}

/// The organizations the demo shows, with their labels.
pub const DEMO_ORGS: &[(&str, &str)] = &[
    ("acme-europe", "ACME Europe"),
    ("globex-us", "Globex US"),
    ("initech-apac", "Initech APAC"),
];

/// A running demo service.
pub struct DemoEndpoint {
    /// Its base URL (loopback http).
    pub base_url: String,
    /// The token it accepts.
    pub token: ApiToken,
    /// The organizations to show.
    pub orgs: Vec<SavedOrg>,
    /// Keeps the service running while the desk holds it (e.g. the stub's handle).
    pub guard: Box<dyn Any + Send + Sync>,
}

impl std::fmt::Debug for DemoEndpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoEndpoint")
            .field("base_url", &self.base_url)
            .field("orgs", &self.orgs)
            .finish_non_exhaustive()
    }
}

/// Starts the demo service; the error is a sentence for the user.
pub type DemoLauncher =
    Arc<dyn Fn() -> BoxFuture<'static, Result<DemoEndpoint, String>> + Send + Sync>;

/// [`DEMO_ORGS`] as saved organizations.
pub fn demo_orgs() -> Vec<SavedOrg> {
    DEMO_ORGS
        .iter()
        .map(|(id, label)| SavedOrg {
            org_id: (*id).to_owned(),
            label: Some((*label).to_owned()),
        })
        .collect()
}
