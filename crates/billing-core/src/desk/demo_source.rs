//! The demo data source: a stub server the front end starts in its own process (the core
//! does not depend on the stub), handed to the desk through [`DemoLauncher`].

use std::any::Any;
use std::sync::{Arc, Mutex};

use futures_util::future::BoxFuture;

use super::error::DeskError;
use crate::secret::ApiToken;
use crate::settings::SavedOrg;
use crate::sync::lock;

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

/// The demo data source of one app run: its service, started on first use and kept for the
/// app's lifetime, and the organization list, which the user edits for this run only.
pub(super) struct DemoSource {
    launcher: Option<DemoLauncher>,
    endpoint: tokio::sync::Mutex<Option<Arc<DemoEndpoint>>>,
    orgs: Mutex<Vec<SavedOrg>>,
}

impl std::fmt::Debug for DemoSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoSource")
            .field("launcher", &self.launcher.is_some())
            .field("orgs", &*lock(&self.orgs))
            .finish_non_exhaustive()
    }
}

impl DemoSource {
    /// The demo started by `launcher` (`None`: no demo in this build), showing [`DEMO_ORGS`]
    /// until the service names its own.
    pub(super) fn new(launcher: Option<DemoLauncher>) -> DemoSource {
        DemoSource {
            launcher,
            endpoint: tokio::sync::Mutex::new(None),
            orgs: Mutex::new(demo_orgs()),
        }
    }

    /// The running service, started now if it is not yet.
    ///
    /// # Errors
    /// [`DeskError::Internal`] when this build has no demo or it cannot start.
    pub(super) async fn endpoint(&self) -> Result<Arc<DemoEndpoint>, DeskError> {
        let mut endpoint = self.endpoint.lock().await;
        if let Some(running) = endpoint.as_ref() {
            return Ok(Arc::clone(running));
        }
        let launcher = self.launcher.as_ref().ok_or_else(|| {
            DeskError::Internal("the demo data is not available in this build".to_owned())
        })?;
        let running = Arc::new(launcher().await.map_err(DeskError::Internal)?);
        *lock(&self.orgs) = running.orgs.clone();
        *endpoint = Some(Arc::clone(&running));
        Ok(running)
    }

    /// The organizations the demo shows, in list order.
    pub(super) fn orgs(&self) -> Vec<SavedOrg> {
        lock(&self.orgs).clone()
    }

    /// Runs `edit` on the demo's organization list.
    pub(super) fn edit_orgs<R>(&self, edit: impl FnOnce(&mut Vec<SavedOrg>) -> R) -> R {
        edit(&mut lock(&self.orgs))
    }
}
