//! Signed updates, off unless the build names an update server. The build sets the server
//! and the public key its releases are signed with (`BDESK_UPDATE_ENDPOINT`,
//! `BDESK_UPDATE_PUBKEY`, read by the compiler); IT's policy can turn checks off (see
//! `billing_core::updates`). `tauri-plugin-updater` does the work: the check, the download, the
//! minisign verification with the signed version bound to the announced one
//! (`requireSignedVersion`), and the install of a `.deb` or `.rpm` through pkexec. Without a
//! server or with checks off the plugin is not even registered, so nothing can make a request.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use billing_core::desk::{CommandError, ErrorCode};
use billing_core::updates::{POLICY_FILE, UPDATES_ENV, UpdatePolicy, UpdateStatus};
use tauri::{AppHandle, Emitter, Runtime, Url};
use tauri_plugin_updater::{Update, UpdaterExt};

/// The event that carries every change of [`UpdateStatus`] to the UI.
pub const UPDATE_STATUS_EVENT: &str = "update-status";

/// How long a check or a download may stall before it fails.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Env var (test builds): the update manifest's URL, instead of the build's.
#[cfg(feature = "test-hooks")]
pub const TEST_ENDPOINT_ENV: &str = "BDESK_TEST_UPDATE_ENDPOINT";
/// Env var (test builds): the public key, instead of the build's.
#[cfg(feature = "test-hooks")]
pub const TEST_PUBKEY_ENV: &str = "BDESK_TEST_UPDATE_PUBKEY";
/// Env var (test builds): the policy file, instead of [`POLICY_FILE`].
#[cfg(feature = "test-hooks")]
pub const TEST_POLICY_ENV: &str = "BDESK_TEST_POLICY_FILE";

/// Where updates come from and how they are signed.
#[derive(Debug, Clone)]
pub struct UpdateSource {
    /// The manifest's URL (the updater's `latest.json` format).
    pub endpoint: Url,
    /// The minisign public key as `tauri signer generate` writes it (base64).
    pub pubkey: String,
}

impl UpdateSource {
    /// The source the build names, or in a test build the one the test hooks name.
    fn configured() -> Option<UpdateSource> {
        #[cfg(feature = "test-hooks")]
        {
            let var = |name| std::env::var(name).ok().filter(|v| !v.is_empty());
            if let (Some(endpoint), Some(pubkey)) = (var(TEST_ENDPOINT_ENV), var(TEST_PUBKEY_ENV)) {
                return UpdateSource::parse(&endpoint, &pubkey);
            }
        }
        // build.rs checks that both or neither are set, and that the address is https.
        match (
            option_env!("BDESK_UPDATE_ENDPOINT"),
            option_env!("BDESK_UPDATE_PUBKEY"),
        ) {
            (Some(endpoint), Some(pubkey)) => UpdateSource::parse(endpoint, pubkey),
            _ => None,
        }
    }

    fn parse(endpoint: &str, pubkey: &str) -> Option<UpdateSource> {
        match Url::parse(endpoint.trim()) {
            Ok(endpoint) => Some(UpdateSource {
                endpoint,
                pubkey: pubkey.trim().to_owned(),
            }),
            Err(error) => {
                tracing::error!(%error, "the update server's address is not a URL; updates are off");
                None
            }
        }
    }

    /// The server as the user sees it: its origin, no path.
    fn server(&self) -> String {
        self.endpoint.origin().ascii_serialization()
    }
}

/// What a check found and a download verified, kept for the next step.
#[derive(Default)]
struct Pending {
    offered: Option<Update>,
    verified: Option<Vec<u8>>,
}

/// Update checking for the app: the source, the policy, the status and the pending update.
pub struct Updates {
    source: Option<UpdateSource>,
    status: Mutex<UpdateStatus>,
    /// Held for the whole of a check, download or install, so they run one at a time.
    pending: tokio::sync::Mutex<Pending>,
}

impl std::fmt::Debug for Updates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Updates")
            .field("source", &self.source)
            .field("status", &self.status())
            .finish_non_exhaustive()
    }
}

impl Updates {
    /// Updates as the build and the policy set them.
    pub fn from_env() -> Updates {
        let policy_file = PathBuf::from(POLICY_FILE);
        #[cfg(feature = "test-hooks")]
        let policy_file = std::env::var_os(TEST_POLICY_ENV)
            .filter(|v| !v.is_empty())
            .map_or(policy_file, PathBuf::from);
        let env = std::env::var(UPDATES_ENV).ok();
        Updates::new(
            UpdateSource::configured(),
            UpdatePolicy::read(&policy_file, env.as_deref()),
        )
    }

    /// Updates from `source` (none: not part of this build) under `policy`.
    pub fn new(source: Option<UpdateSource>, policy: UpdatePolicy) -> Updates {
        let status = match (&source, policy) {
            (None, _) => UpdateStatus::NotConfigured,
            (Some(_), UpdatePolicy::Off { reason }) => UpdateStatus::Off { reason },
            (Some(source), UpdatePolicy::Allowed) => UpdateStatus::NotChecked {
                server: source.server(),
            },
        };
        let source = source.filter(|_| !matches!(status, UpdateStatus::Off { .. }));
        Updates {
            source,
            status: Mutex::new(status),
            pending: tokio::sync::Mutex::default(),
        }
    }

    /// Not part of this build (the state the tests of other commands start from).
    pub fn not_configured() -> Updates {
        Updates::new(None, UpdatePolicy::Allowed)
    }

    /// The current status.
    pub fn status(&self) -> UpdateStatus {
        self.status
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// True when checks may run.
    pub fn enabled(&self) -> bool {
        self.source.is_some()
    }

    fn set<R: Runtime>(&self, app: &AppHandle<R>, status: UpdateStatus) -> UpdateStatus {
        *self.status.lock().unwrap_or_else(PoisonError::into_inner) = status.clone();
        if let Err(error) = app.emit(UPDATE_STATUS_EVENT, &status) {
            tracing::warn!(%error, "could not tell the window about the update status");
        }
        status
    }

    /// Registers the updater plugin with the server and the key, when checks are enabled.
    pub fn register<R: Runtime>(
        &self,
        builder: tauri::Builder<R>,
        context: &mut tauri::Context<R>,
    ) -> tauri::Builder<R> {
        let Some(source) = &self.source else {
            return builder;
        };
        context.config_mut().plugins.0.insert(
            "updater".to_owned(),
            serde_json::json!({
                "pubkey": source.pubkey,
                "endpoints": [source.endpoint.as_str()],
                "requireSignedVersion": true,
            }),
        );
        builder.plugin(tauri_plugin_updater::Builder::new().build())
    }

    /// Asks the server for a newer version. Never an error: a failure is the status.
    pub async fn check<R: Runtime>(&self, app: &AppHandle<R>) -> UpdateStatus {
        let Some(source) = &self.source else {
            return self.status();
        };
        let mut pending = self.pending.lock().await;
        *pending = Pending::default();
        let server = source.server();
        self.set(
            app,
            UpdateStatus::Checking {
                server: server.clone(),
            },
        );
        let current = app.package_info().version.clone();
        // The plugin treats "not newer" as "no update"; an older offer is worth saying.
        let older_offer = Arc::new(Mutex::new(None));
        let seen = older_offer.clone();
        let updater = app
            .updater_builder()
            .timeout(TIMEOUT)
            .version_comparator(move |current, release| {
                if release.version < current {
                    *seen.lock().unwrap_or_else(PoisonError::into_inner) =
                        Some(release.version.clone());
                }
                release.version > current
            })
            .build();
        let found = match updater {
            Ok(updater) => updater.check().await,
            Err(error) => Err(error),
        };
        let status = match found {
            Ok(Some(update)) => {
                let status = UpdateStatus::Available {
                    version: update.version.clone(),
                    notes: update.body.clone(),
                };
                pending.offered = Some(update);
                status
            }
            Ok(None) => match older_offer
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take()
            {
                Some(older) => failed(format!(
                    "The update server {server} offers version {older}, older than this \
                     {current}: Billing Desk does not go back to an older version. Nothing was \
                     installed."
                )),
                None => UpdateStatus::UpToDate {
                    server,
                    checked: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                },
            },
            Err(error) => failed(check_failed(&server, &error)),
        };
        self.set(app, status)
    }

    /// Downloads the version the last check offered and verifies its signature.
    pub async fn download<R: Runtime>(&self, app: &AppHandle<R>) -> UpdateStatus {
        let mut pending = self.pending.lock().await;
        let Some(update) = pending.offered.clone() else {
            return self.status();
        };
        pending.verified = None;
        let version = update.version.clone();
        let mut received = 0u64;
        let mut shown = Instant::now();
        self.set(
            app,
            UpdateStatus::Downloading {
                version: version.clone(),
                received,
                total: None,
            },
        );
        let downloaded = update
            .download(
                |chunk, total| {
                    received += chunk as u64;
                    // A few updates a second are enough for a progress bar.
                    if shown.elapsed() >= Duration::from_millis(200) {
                        shown = Instant::now();
                        self.set(
                            app,
                            UpdateStatus::Downloading {
                                version: version.clone(),
                                received,
                                total,
                            },
                        );
                    }
                },
                || {},
            )
            .await;
        let status = match downloaded {
            Ok(bytes) => {
                pending.verified = Some(bytes);
                UpdateStatus::Verified {
                    version,
                    installable: installable(),
                }
            }
            Err(error) => failed(download_failed(&version, &error)),
        };
        self.set(app, status)
    }

    /// Installs the verified download (the plugin verifies it once more) and restarts the app.
    ///
    /// # Errors
    /// [`ErrorCode::Update`] when nothing verified is waiting, this copy was not installed from
    /// a package, or the install fails or is cancelled at the password prompt.
    pub async fn install<R: Runtime>(&self, app: &AppHandle<R>) -> Result<(), CommandError> {
        let pending = self.pending.lock().await;
        let (Some(update), Some(bytes)) = (pending.offered.clone(), pending.verified.clone())
        else {
            return Err(CommandError::new(
                ErrorCode::Update,
                "There is no verified update to install: check for updates and download first.",
            ));
        };
        if !installable() {
            return Err(CommandError::new(
                ErrorCode::Update,
                format!(
                    "This copy of Billing Desk was not installed from a package, so it cannot \
                     replace itself: install version {} with your package manager.",
                    update.version
                ),
            ));
        }
        let version = update.version.clone();
        // dpkg or rpm behind a password prompt: blocking, and as long as the user takes.
        let installed = tokio::task::spawn_blocking(move || update.install(bytes)).await;
        match installed {
            Ok(Ok(())) => {
                tracing::info!(%version, "update installed; restarting");
                app.restart()
            }
            Ok(Err(error)) => {
                let message = format!("Version {version} could not be installed: {error}.");
                self.set(
                    app,
                    UpdateStatus::Failed {
                        message: message.clone(),
                    },
                );
                Err(CommandError::new(ErrorCode::Update, message))
            }
            Err(error) => Err(CommandError::internal(format!(
                "The install of version {version} stopped: {error}"
            ))),
        }
    }
}

/// A failure as a status, recorded among the recent errors for **Copy diagnostics**.
fn failed(message: String) -> UpdateStatus {
    tracing::warn!(%message, "update");
    let error = CommandError::new(ErrorCode::Update, message);
    UpdateStatus::Failed {
        message: error.message,
    }
}

/// True when this copy runs from a package the updater knows how to replace.
fn installable() -> bool {
    tauri::utils::platform::bundle_type().is_some()
}

fn check_failed(server: &str, error: &tauri_plugin_updater::Error) -> String {
    use tauri_plugin_updater::Error as E;
    match error {
        E::Reqwest(_) | E::Network(_) => {
            format!("The update server {server} could not be reached: {error}.")
        }
        E::Serialization(_) | E::ReleaseNotFound | E::Semver(_) | E::UrlParse(_) => {
            format!("The update server {server} did not answer with an update manifest ({error}).")
        }
        E::TargetNotFound(_) | E::TargetsNotFound(_) => format!(
            "The update server {server} offers a new version, but not for this system \
             ({error})."
        ),
        _ => format!("Checking {server} for updates failed: {error}."),
    }
}

fn download_failed(version: &str, error: &tauri_plugin_updater::Error) -> String {
    use tauri_plugin_updater::Error as E;
    match error {
        E::Minisign(_) | E::Base64(_) | E::SignatureUtf8(_) => format!(
            "Version {version} was refused: its signature does not verify with this build's \
             update key ({error}). Nothing was installed."
        ),
        E::SignedVersionMismatch { signed, announced } => format!(
            "Version {announced} was refused: the download is signed as version {signed}. \
             Nothing was installed."
        ),
        E::MissingSignedVersion => format!(
            "Version {version} was refused: its signature does not say which version it is. \
             Nothing was installed."
        ),
        _ => format!("The download of version {version} failed: {error}."),
    }
}
