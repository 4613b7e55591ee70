//! [`Desk`]: the app's engine. It owns the settings, the tokens, the active data source (a
//! connection or the demo) and the other parts; the commands live in files grouped by task.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::FutureExt;
use futures_util::future::{BoxFuture, Shared};

use super::archive::Archives;
use super::cache::FetchCache;
use super::demo_source::{DemoLauncher, DemoSource};
use super::error::DeskError;
use super::runs::OneAtATime;
use super::session::{Clock, Session, SourceKind};
use super::settings_editor::SettingsEditor;
use crate::batch::DEFAULT_CONCURRENCY;
use crate::client::{BillingClient, ClientConfig};
use crate::dates::AgingScale;
use crate::ids::OrgId;
use crate::settings::{AppDirs, Connection, SavedOrg, Settings};
use crate::sync::lock;
use crate::token_store::TokenStore;

/// What a [`Desk`] is built from.
#[derive(Clone)]
pub struct DeskConfig {
    /// Config (settings), cache (responses) and data (PDF archive) folders.
    pub dirs: AppDirs,
    /// Where tokens live.
    pub tokens: TokenStore,
    /// Starts the demo service when no connection is active; `None` leaves the demo empty.
    pub demo: Option<DemoLauncher>,
    /// The current time, for `fetchedAt` and the settings backup name.
    pub clock: Clock,
}

impl std::fmt::Debug for DeskConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeskConfig")
            .field("dirs", &self.dirs)
            .field("demo", &self.demo.is_some())
            .finish_non_exhaustive()
    }
}

/// What the header shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskInfo {
    /// Demo data is shown.
    pub demo: bool,
    /// The active connection.
    pub connection: Option<String>,
    /// The sentence about a damaged settings file, or about the saved active connection
    /// that could not be opened at start (the demo shows instead), if either happened.
    pub settings_warning: Option<String>,
}

type Warmup = Shared<BoxFuture<'static, ()>>;

/// The app's engine: what the window's commands call. Cheap to share (`Arc<Desk>`); every
/// method takes `&self`.
pub struct Desk {
    dirs: AppDirs,
    tokens: TokenStore,
    clock: Clock,
    settings: SettingsEditor,
    settings_warning: Option<String>,
    session: Mutex<Arc<Session>>,
    demo: DemoSource,
    /// The disk-cache load of the active session; queries wait for it so the first paint
    /// already has the cached data.
    warmup: Mutex<Warmup>,
    archives: Archives,
    /// The PDF download running, if any.
    pdf_run: OneAtATime,
    /// The export running, if any.
    export_run: OneAtATime,
    /// One connection test at a time: each sends a typed token to a typed address, so a page
    /// gone wrong must not be able to send a stream of them.
    connection_test: tokio::sync::Semaphore,
}

impl std::fmt::Debug for Desk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Desk")
            .field("dirs", &self.dirs)
            .field("session", &*lock(&self.session))
            .finish_non_exhaustive()
    }
}

fn ready() -> Warmup {
    async {}.boxed().shared()
}

impl Desk {
    /// Loads the settings and opens the active connection (or the demo when there is none),
    /// starting to read the active connection's cached responses.
    ///
    /// Never fails: a damaged or unreadable settings file gives defaults and
    /// [`DeskInfo::settings_warning`]; a connection that cannot be opened falls back to the
    /// demo, and the warning says why.
    pub async fn open(config: DeskConfig) -> Desk {
        let (settings, warning) =
            SettingsEditor::open(config.dirs.settings_store(), (config.clock)());
        let placeholder = Session::new(
            SourceKind::Demo,
            // Never fetched: replaced by `activate` below.
            url::Url::parse("http://127.0.0.1/").unwrap_or_else(|_| unreachable!()),
            None,
            None,
            1,
            Arc::clone(&config.clock),
        );
        let active = settings.read(|s| s.active_connection.clone());
        let mut desk = Desk {
            archives: Archives::new(config.dirs.data_dir().to_path_buf()),
            dirs: config.dirs,
            tokens: config.tokens,
            clock: config.clock,
            settings,
            settings_warning: warning,
            session: Mutex::new(Arc::new(placeholder)),
            demo: DemoSource::new(config.demo),
            warmup: Mutex::new(ready()),
            pdf_run: OneAtATime::default(),
            export_run: OneAtATime::default(),
            connection_test: tokio::sync::Semaphore::new(1),
        };
        if let Err(error) = desk.activate(active.as_deref()).await {
            tracing::warn!(%error, "could not open the active connection; showing demo data");
            if desk.settings_warning.is_none()
                && let Some(name) = &active
            {
                desk.settings_warning = Some(format!(
                    "Connection \"{name}\" could not be opened, so demo data is shown: {error}"
                ));
            }
            if let Err(error) = desk.activate(None).await {
                tracing::error!(%error, "the demo could not start either");
            }
        }
        desk
    }

    /// The data source on screen and what was loaded from it.
    pub fn session(&self) -> Arc<Session> {
        Arc::clone(&lock(&self.session))
    }

    /// What the header shows.
    pub fn info(&self) -> DeskInfo {
        let session = self.session();
        let connection = match session.kind() {
            SourceKind::Connection(name) => Some(name.clone()),
            SourceKind::Demo => None,
        };
        DeskInfo {
            demo: connection.is_none(),
            connection,
            settings_warning: self.settings_warning.clone(),
        }
    }

    /// `read` of the saved connection on screen; `None` for the demo.
    pub(super) fn connection_on_screen<T>(&self, read: impl FnOnce(&Connection) -> T) -> Option<T> {
        match self.session().kind() {
            SourceKind::Connection(name) => self.settings.read(|s| s.connection(name).map(read)),
            SourceKind::Demo => None,
        }
    }

    /// The aging buckets of the data source on screen: its connection's, or the default.
    pub fn aging_scale(&self) -> AgingScale {
        self.connection_on_screen(Connection::aging_scale)
            .unwrap_or_default()
    }

    /// The settings (never contain a token).
    pub fn settings(&self) -> Settings {
        self.settings.snapshot()
    }

    /// `read` of the settings, without copying them.
    pub(super) fn read_settings<T>(&self, read: impl FnOnce(&Settings) -> T) -> T {
        self.settings.read(read)
    }

    /// Applies `edit` to the settings on disk (which `bdesk` may have changed meanwhile), saves
    /// them, then keeps them (see [`SettingsEditor::edit`]).
    pub(super) fn edit<R>(
        &self,
        edit: impl FnOnce(&mut Settings) -> Result<R, DeskError>,
    ) -> Result<(R, Settings), DeskError> {
        self.settings.edit(edit)
    }

    /// The app's folders.
    pub(super) fn dirs(&self) -> &AppDirs {
        &self.dirs
    }

    /// Where tokens live.
    pub(super) fn tokens(&self) -> &TokenStore {
        &self.tokens
    }

    /// The demo data source.
    pub(super) fn demo(&self) -> &DemoSource {
        &self.demo
    }

    /// The PDF archives of the source on screen.
    pub(super) fn archives(&self) -> &Archives {
        &self.archives
    }

    /// The PDF download running, if any.
    pub(super) fn pdf_run(&self) -> &OneAtATime {
        &self.pdf_run
    }

    /// The export running, if any.
    pub(super) fn export_run(&self) -> &OneAtATime {
        &self.export_run
    }

    /// One connection test at a time.
    pub(super) fn connection_test_slot(&self) -> &tokio::sync::Semaphore {
        &self.connection_test
    }

    /// Makes `connection` the data source (`None`: the demo). Its cached responses start
    /// loading at once; queries wait for them.
    ///
    /// # Errors
    /// [`DeskError::Settings`] for an unknown connection, [`DeskError::Api`] for an unusable
    /// base URL, [`DeskError::Internal`] when the demo cannot start.
    pub async fn activate(&self, connection: Option<&str>) -> Result<(), DeskError> {
        let session = match connection {
            Some(name) => self.connection_session(name).await?,
            None => self.demo_session().await?,
        };
        let session = Arc::new(session);
        let orgs = self.org_ids_of(&session);
        let warmup = tokio::spawn(session.load_cached(&orgs))
            .map(|_| ())
            .boxed()
            .shared();
        *lock(&self.session) = session;
        *lock(&self.warmup) = warmup;
        // The new source has its own archive folder, read again on first use.
        self.archives.forget();
        Ok(())
    }

    async fn connection_session(&self, name: &str) -> Result<Session, DeskError> {
        let connection = self.settings().connection(name).cloned().ok_or_else(|| {
            crate::settings::SettingsError::UnknownConnection {
                name: name.to_owned(),
            }
        })?;
        let config = connection_config(&connection)?;
        let base_url = config.base_url.clone();
        let origin = crate::link::origin_text(&base_url);
        let client = match self.tokens.get_async(name, &origin).await {
            Ok(Some(token)) => Some(BillingClient::new(config, token)?),
            Ok(None) => None,
            Err(error) => {
                // Opening must not fail on a locked keyring: cached data can still be shown.
                tracing::warn!(code = error.code(), "the keyring could not be read");
                None
            }
        };
        let cache = self.cache_of(&connection.name, &base_url);
        let concurrency = connection
            .concurrency
            .and_then(|c| usize::try_from(c).ok())
            .unwrap_or(DEFAULT_CONCURRENCY);
        Ok(Session::new(
            SourceKind::Connection(connection.name),
            base_url,
            client,
            Some(cache),
            concurrency,
            Arc::clone(&self.clock),
        ))
    }

    /// The response cache of the connection `name` at `base_url` (normalized): keyed by
    /// both, so pointing a connection elsewhere never shows the old service's data.
    pub(super) fn cache_of(&self, name: &str, base_url: &url::Url) -> FetchCache {
        FetchCache::new(self.dirs.cache_dir(), format!("{name}\n{base_url}"))
    }

    async fn demo_session(&self) -> Result<Session, DeskError> {
        let endpoint = self.demo.endpoint().await?;
        let config = ClientConfig::from_base_url(&endpoint.base_url)?;
        let base_url = config.base_url.clone();
        let client = BillingClient::new(config, endpoint.token.clone())?;
        Ok(Session::new(
            SourceKind::Demo,
            base_url,
            Some(client),
            None,
            DEFAULT_CONCURRENCY,
            Arc::clone(&self.clock),
        ))
    }

    /// The organizations of the active source, in list order, with their labels.
    pub fn org_list(&self) -> Vec<SavedOrg> {
        self.orgs_of(&self.session())
    }

    pub(super) fn orgs_of(&self, session: &Session) -> Vec<SavedOrg> {
        match session.kind() {
            SourceKind::Demo => self.demo.orgs(),
            SourceKind::Connection(name) => self
                .settings()
                .connection(name)
                .map(|c| c.organizations.clone())
                .unwrap_or_default(),
        }
    }

    pub(super) fn org_ids_of(&self, session: &Session) -> Vec<OrgId> {
        self.orgs_of(session)
            .iter()
            .filter_map(|o| OrgId::parse(&o.org_id).ok())
            .collect()
    }

    pub(super) fn labels(&self) -> HashMap<OrgId, Option<String>> {
        self.org_list()
            .into_iter()
            .filter_map(|o| Some((OrgId::parse(&o.org_id).ok()?, o.label)))
            .collect()
    }

    /// Waits until the active session's cached responses are loaded.
    pub async fn ready(&self) {
        let warmup = lock(&self.warmup).clone();
        warmup.await;
    }
}

/// The client settings of a saved connection: its address, refused when it is plain `http`
/// the user has not allowed (see [`crate::settings::Connection::check_plain_http`]), and its
/// own per-request timeout when it sets one.
pub(super) fn connection_config(
    connection: &crate::settings::Connection,
) -> Result<ClientConfig, DeskError> {
    connection.check_plain_http()?;
    let mut config = ClientConfig::from_base_url(&connection.base_url)?;
    if let Some(secs) = connection.timeout_secs {
        config.request_timeout = Duration::from_secs(u64::from(secs));
    }
    if let Some(bytes) = connection.max_response_bytes() {
        config.max_body_bytes = bytes;
    }
    Ok(config)
}
