//! [`Desk`]: the app's session as a whole. Settings and tokens, the active data source
//! (a connection or the demo), and the queries the window makes over the loaded data.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::FutureExt;
use futures_util::future::{BoxFuture, Shared};

use super::cache::FetchCache;
use super::demo::{DemoEndpoint, DemoLauncher};
use super::error::DeskError;
use super::runs::OneAtATime;
use super::select::{self, Selection};
use super::session::{Clock, Session, SourceKind, lock};
use super::status::OrgStatus;
use super::view::{InvoicePage, PaymentMethodRow};
use crate::batch::DEFAULT_CONCURRENCY;
use crate::client::{BillingClient, ClientConfig};
use crate::dates::AgingScale;
use crate::ids::OrgId;
use crate::pdf_archive::ArchiveIndex;
use crate::progress::Progress;
use crate::query::InvoiceQuery;
use crate::settings::{AppDirs, Connection, SavedOrg, Settings, SettingsStore};
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

/// The app's session. Cheap to share (`Arc<Desk>`); every method takes `&self`.
pub struct Desk {
    pub(super) dirs: AppDirs,
    pub(super) store: SettingsStore,
    pub(super) tokens: TokenStore,
    pub(super) clock: Clock,
    demo_launcher: Option<DemoLauncher>,
    pub(super) settings: Mutex<Settings>,
    settings_warning: Option<String>,
    /// The settings file could not be read at start-up: saving would overwrite it.
    pub(super) settings_read_only: bool,
    session: Mutex<Arc<Session>>,
    demo: tokio::sync::Mutex<Option<Arc<DemoEndpoint>>>,
    pub(super) demo_orgs: Mutex<Vec<SavedOrg>>,
    /// The disk-cache load of the active session; queries wait for it so the first paint
    /// already has the cached data.
    warmup: Mutex<Warmup>,
    pub(super) archives: Mutex<Option<Vec<ArchiveIndex>>>,
    /// The PDF download running, if any.
    pub(super) pdf_run: OneAtATime,
    /// The export running, if any.
    pub(super) export_run: OneAtATime,
    /// One connection test at a time: each sends a typed token to a typed address, so a page
    /// gone wrong must not be able to send a stream of them.
    pub(super) connection_test: tokio::sync::Semaphore,
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
        let store = config.dirs.settings_store();
        let (settings, warning, read_only) = match store.load((config.clock)()) {
            Ok(loaded) => (
                loaded.settings,
                loaded.recovered.map(|r| r.message()),
                false,
            ),
            Err(error) => {
                tracing::warn!(code = error.code(), "settings unreadable; using defaults");
                (
                    Settings::default(),
                    Some(format!(
                        "{error} Billing Desk started with default settings and will not \
                         change the file."
                    )),
                    true,
                )
            }
        };
        let placeholder = Session::new(
            SourceKind::Demo,
            // Never fetched: replaced by `activate` below.
            url::Url::parse("http://127.0.0.1/").unwrap_or_else(|_| unreachable!()),
            None,
            None,
            1,
            Arc::clone(&config.clock),
        );
        let active = settings.active_connection.clone();
        let mut desk = Desk {
            store,
            dirs: config.dirs,
            tokens: config.tokens,
            clock: config.clock,
            demo_launcher: config.demo,
            settings: Mutex::new(settings),
            settings_warning: warning,
            settings_read_only: read_only,
            session: Mutex::new(Arc::new(placeholder)),
            demo: tokio::sync::Mutex::new(None),
            demo_orgs: Mutex::new(super::demo::demo_orgs()),
            warmup: Mutex::new(ready()),
            archives: Mutex::new(None),
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

    /// The active session.
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
            SourceKind::Connection(name) => lock(&self.settings).connection(name).map(read),
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
        lock(&self.settings).clone()
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
        self.forget_archives();
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
        let endpoint = self.demo_endpoint().await?;
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

    /// The demo service, started on first use and kept for the app's lifetime.
    async fn demo_endpoint(&self) -> Result<Arc<DemoEndpoint>, DeskError> {
        let mut demo = self.demo.lock().await;
        if let Some(endpoint) = demo.as_ref() {
            return Ok(Arc::clone(endpoint));
        }
        let launcher = self.demo_launcher.as_ref().ok_or_else(|| {
            DeskError::Internal("the demo data is not available in this build".to_owned())
        })?;
        let endpoint = Arc::new(launcher().await.map_err(DeskError::Internal)?);
        *lock(&self.demo_orgs) = endpoint.orgs.clone();
        *demo = Some(Arc::clone(&endpoint));
        Ok(endpoint)
    }

    /// The organizations of the active source, in list order, with their labels.
    pub fn org_list(&self) -> Vec<SavedOrg> {
        self.orgs_of(&self.session())
    }

    fn orgs_of(&self, session: &Session) -> Vec<SavedOrg> {
        match session.kind() {
            SourceKind::Demo => lock(&self.demo_orgs).clone(),
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

    /// The organization list with each one's state.
    pub async fn org_statuses(&self) -> Vec<OrgStatus> {
        self.ready().await;
        let session = self.session();
        let orgs = self.orgs_of(&session);
        session.with_table(|t| {
            orgs.into_iter()
                .filter_map(|o| Some(t.status(&OrgId::parse(&o.org_id).ok()?, o.label)))
                .collect()
        })
    }

    /// Fetches `orgs` (all of the list when `None`), see [`Session::fetch_many`], and
    /// returns their states.
    ///
    /// # Errors
    /// [`DeskError::InvalidOrgId`] for an ID that is not one (nothing is fetched).
    pub async fn fetch_orgs(
        &self,
        orgs: Option<&[String]>,
        force: bool,
        progress: impl FnMut(Progress) + Send,
    ) -> Result<Vec<OrgStatus>, DeskError> {
        self.ready().await;
        let session = self.session();
        let wanted: Vec<OrgId> = match orgs {
            Some(ids) => {
                // A pasted list can hold thousands: look each up in a set, not the list.
                let saved: std::collections::HashSet<OrgId> =
                    self.org_ids_of(&session).into_iter().collect();
                ids.iter()
                    .map(|id| {
                        let org = OrgId::parse(id)?;
                        if saved.contains(&org) {
                            Ok(org)
                        } else {
                            Err(DeskError::OrgNotSaved { org })
                        }
                    })
                    .collect::<Result<_, DeskError>>()?
            }
            None => self.org_ids_of(&session),
        };
        self.load_missing_token(&session).await?;
        session.fetch_many(wanted.clone(), force, progress).await;
        let labels = self.labels();
        Ok(session.with_table(|t| {
            wanted
                .iter()
                .map(|org| t.status(org, labels.get(org).cloned().flatten()))
                .collect()
        }))
    }

    /// Reads the keyring again when the session opened without a token: the keyring may have
    /// been locked at start-up and unlocked since. A keyring that still fails is reported as
    /// such (code `keyring`), not as a missing token, so the user knows what to fix.
    async fn load_missing_token(&self, session: &Session) -> Result<(), DeskError> {
        let SourceKind::Connection(name) = session.kind() else {
            return Ok(());
        };
        if session.has_client() {
            return Ok(());
        }
        let origin = crate::link::origin_text(session.base_url());
        let token = self.tokens.get_async(name, &origin).await?;
        if token.is_some() {
            self.refresh_client(name, token)?;
        }
        Ok(())
    }

    /// Cancels the fetches running now.
    pub fn fetch_cancel(&self) {
        self.session().cancel();
    }

    /// The loaded data of `orgs` (`None`: every organization of the list); organizations
    /// that are not in the list are left out.
    pub fn selection(&self, orgs: Option<&[OrgId]>) -> Selection {
        let session = self.session();
        session.select(&self.saved_of(&session, orgs))
    }

    /// `orgs` without those that are not in `session`'s list (`None`: the whole list). Data
    /// of anything else is never read: the window asks only for saved organizations.
    pub(super) fn saved_of(&self, session: &Session, orgs: Option<&[OrgId]>) -> Vec<OrgId> {
        let saved = self.org_ids_of(session);
        match orgs {
            Some(orgs) => orgs
                .iter()
                .filter(|org| saved.contains(org))
                .cloned()
                .collect(),
            None => saved,
        }
    }

    /// One page of the invoice table (see [`select::invoice_page`]).
    ///
    /// The rows are put together, filtered and sorted on a blocking thread: at 100k rows that
    /// is CPU work that would otherwise hold an async worker, and with it the fetches and
    /// progress events of a running batch.
    pub async fn invoices_query(&self, query: &InvoiceQuery, now: DateTime<Utc>) -> InvoicePage {
        self.ready().await;
        let session = self.session();
        let orgs = self.saved_of(&session, query.orgs.as_deref());
        let run = {
            let mut query = query.clone();
            query.aging = self.aging_scale();
            move || {
                let selection = session.select(&orgs);
                let result = select::run_over(&selection, &query, now);
                (selection, result, query)
            }
        };
        let (selection, result, query) = match tokio::task::spawn_blocking(run.clone()).await {
            Ok(done) => done,
            // A panic in the query stays a panic, as when it ran here.
            Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
            // The blocking pool is shutting down: run it here.
            Err(_) => run(),
        };
        let labels = self.labels();
        self.with_archives(|archives| {
            select::invoice_page(
                &selection,
                result,
                &labels,
                |org, invoice| super::archive::has_archived_copy(archives, org, invoice),
                query.facts_at(now),
                &query.aging,
            )
        })
    }

    /// The payment methods of `org` (`None`: every loaded organization).
    ///
    /// # Errors
    /// [`DeskError::InvalidOrgId`].
    pub async fn payment_methods(
        &self,
        org: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Vec<PaymentMethodRow>, DeskError> {
        self.ready().await;
        let selection = match org {
            Some(org) => self.selection(Some(&[OrgId::parse(org)?])),
            None => self.selection(None),
        };
        Ok(select::payment_method_rows(&selection, &self.labels(), now))
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
    Ok(config)
}
