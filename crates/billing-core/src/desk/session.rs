//! One data source (a connection, or the demo) and the organizations loaded from it:
//! fetches that join when they overlap, batches with progress and cancel, and the disk cache.
//!
//! A new [`Session`] replaces the old one when the user switches connection; loads still
//! running for the old one finish into it and are never seen by the new one.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use chrono::{DateTime, Utc};
use futures_util::FutureExt;
use futures_util::future::{BoxFuture, Shared};
use tokio_util::sync::CancellationToken;
use url::Url;

use super::cache::FetchCache;
use super::error::{CommandError, DeskError};
use super::select::{self, Selection, Selector};
use super::table::{DataOrigin, LoadOutcome, OrgData, OrgTable, Ticket};
use crate::client::{ApiError, BillingClient};
use crate::ids::OrgId;
use crate::model::ItemBudget;
use crate::progress::{Progress, Tally, run_bounded};
use crate::sync::lock;

/// Reads the current time; injected so tests control `fetchedAt`.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// A fetch of one organization that any number of callers can await; all get the same
/// result.
pub type SharedFetch = Shared<BoxFuture<'static, Result<Arc<OrgData>, CommandError>>>;

/// What a session reads from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceKind {
    /// The built-in demo stub.
    Demo,
    /// A saved connection, by name.
    Connection(String),
}

/// A fetch in flight: its ticket's generation, whether the user forced it, its own cancel
/// token (a child of the session's), and the result every joiner awaits.
struct Running {
    generation: u64,
    forced: bool,
    cancel: CancellationToken,
    shared: SharedFetch,
}

/// One data source and what was loaded from it.
pub struct Session {
    kind: SourceKind,
    base_url: Url,
    /// `None` while the connection has no token: fetches then fail with `noToken`.
    client: RwLock<Option<BillingClient>>,
    cache: Option<FetchCache>,
    concurrency: usize,
    /// Requests in flight, `concurrency` at most across everything the session sends: batches
    /// that overlap, single refetches and connection tests all take a permit.
    requests: Arc<tokio::sync::Semaphore>,
    clock: Clock,
    table: Mutex<OrgTable>,
    /// The fetch running per organization.
    inflight: Mutex<HashMap<OrgId, Running>>,
    cancel: Mutex<CancellationToken>,
    /// The decoded items this session holds at once, loaded data and decodes running.
    budget: ItemBudget,
    /// Reuses the row sets and sort orders of earlier selections.
    selector: Selector,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("kind", &self.kind)
            .field("base_url", &self.base_url.as_str())
            .field("cache", &self.cache)
            .field("concurrency", &self.concurrency)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// A session reading `base_url` with `client` (or none yet), caching in `cache` (none for
    /// the demo, whose data is made up anew on each start).
    pub fn new(
        kind: SourceKind,
        base_url: Url,
        client: Option<BillingClient>,
        cache: Option<FetchCache>,
        concurrency: usize,
        clock: Clock,
    ) -> Session {
        Session {
            kind,
            base_url,
            client: RwLock::new(client),
            cache,
            concurrency: concurrency.max(1),
            requests: Arc::new(tokio::sync::Semaphore::new(concurrency.max(1))),
            clock,
            table: Mutex::new(OrgTable::new()),
            inflight: Mutex::new(HashMap::new()),
            cancel: Mutex::new(CancellationToken::new()),
            budget: ItemBudget::default(),
            selector: Selector::default(),
        }
    }

    /// What the session reads from.
    pub fn kind(&self) -> &SourceKind {
        &self.kind
    }

    /// The API base URL.
    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    /// The disk cache, when the source has one.
    pub fn cache(&self) -> Option<&FetchCache> {
        self.cache.as_ref()
    }

    /// Whether a client (and so a token) is in place.
    pub fn has_client(&self) -> bool {
        self.client
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some()
    }

    /// Replaces the client (after the token was set or cleared).
    pub fn set_client(&self, client: Option<BillingClient>) {
        *self.client.write().unwrap_or_else(PoisonError::into_inner) = client;
    }

    /// Runs `f` on the organization table.
    pub fn with_table<R>(&self, f: impl FnOnce(&mut OrgTable) -> R) -> R {
        f(&mut lock(&self.table))
    }

    /// The data of `orgs` (those without data are left out), in the order given.
    pub fn select(&self, orgs: &[OrgId]) -> Selection {
        let loaded = self.with_table(|t| select::loaded(t, orgs));
        self.selector.select(&loaded)
    }

    /// Loads the disk cache of `orgs` (their state is `cached` afterwards when a file was
    /// usable). The loads are registered when this is called, not when the future first
    /// runs, so a fetch started afterwards is newer and is never overwritten by the cache
    /// (see [`OrgTable`]).
    pub fn load_cached(
        self: &Arc<Self>,
        orgs: &[OrgId],
    ) -> impl std::future::Future<Output = ()> + Send + 'static {
        let cache = self.cache.clone();
        let tickets: Vec<Ticket> = match cache {
            Some(_) => self.with_table(|t| orgs.iter().map(|o| t.begin(o)).collect()),
            None => Vec::new(),
        };
        let session = Arc::clone(self);
        let wanted = orgs.to_vec();
        async move {
            let Some(cache) = cache else {
                return;
            };
            session.finish_cache_load(cache, wanted, tickets).await;
        }
    }

    async fn finish_cache_load(&self, cache: FetchCache, wanted: Vec<OrgId>, tickets: Vec<Ticket>) {
        let started = std::time::Instant::now();
        let budget = self.budget.clone();
        // Reading and decoding large files is blocking work: off the async threads, and over
        // every core, as the window waits for these rows before it shows any.
        let loaded = tokio::task::spawn_blocking(move || {
            crate::parallel::map_in_order(&wanted, |org| {
                let (cached, lease) = cache.load_held(org, &budget)?;
                Some(
                    OrgData::new(org, cached.details, cached.fetched_at, DataOrigin::Cache)
                        .refused_since(cached.refused_at)
                        .holding(lease),
                )
            })
        })
        .await
        .unwrap_or_else(|error| {
            tracing::error!(%error, "reading the response cache stopped unexpectedly");
            Vec::new()
        });
        let mut loaded = loaded.into_iter();
        self.with_table(|t| {
            for ticket in tickets {
                let outcome = match loaded.next().flatten() {
                    Some(data) => LoadOutcome::Loaded(Arc::new(data)),
                    None => LoadOutcome::Nothing,
                };
                t.finish(ticket, outcome);
            }
        });
        // The launch benchmark reads this to split "first rows" into cache and window time.
        tracing::debug!(
            micros = started.elapsed().as_micros(),
            "response cache loaded"
        );
    }

    /// Fetches `org`, or joins the fetch of it already running: every caller gets the same
    /// result, and the API sees one request. The fetch runs as its own task, so it completes
    /// (and updates the table and cache) even when every caller stops waiting; only
    /// [`Session::cancel`] or a [`Session::refetch`] stops it.
    pub fn fetch(self: &Arc<Self>, org: &OrgId) -> SharedFetch {
        self.start(org, false)
    }

    /// Like [`Session::fetch`], for a refresh the user asked for: it joins another forced
    /// fetch, but replaces (cancels) a background one, which may have started before the
    /// server came back and would answer with its stale failure.
    pub fn refetch(self: &Arc<Self>, org: &OrgId) -> SharedFetch {
        self.start(org, true)
    }

    fn start(self: &Arc<Self>, org: &OrgId, forced: bool) -> SharedFetch {
        let mut inflight = lock(&self.inflight);
        if let Some(running) = inflight.get(org) {
            if running.forced || !forced {
                tracing::debug!(%org, "joining the fetch already running");
                return running.shared.clone();
            }
            tracing::debug!(%org, "replacing a background fetch with the user's refresh");
            running.cancel.cancel();
        }
        let ticket = self.with_table(|t| t.begin(org));
        let generation = ticket.generation();
        let cancel = lock(&self.cancel).child_token();
        let own_cancel = cancel.clone();
        let session = Arc::clone(self);
        let task_org = org.clone();
        let task = tokio::spawn(async move {
            let result = session.fetch_now(&task_org, &cancel).await;
            let outcome = match &result {
                Ok(data) => LoadOutcome::Loaded(Arc::clone(data)),
                Err(error) => LoadOutcome::Failed(error.clone()),
            };
            // Table first, then the in-flight entry: a caller arriving in between joins a
            // finished fetch and gets its result at once.
            session.with_table(|t| t.finish(ticket, outcome));
            let mut inflight = lock(&session.inflight);
            // A forced refetch may have replaced this entry: remove only our own.
            if inflight
                .get(&task_org)
                .is_some_and(|running| running.generation == generation)
            {
                inflight.remove(&task_org);
            }
            result
        });
        let shared = async move {
            task.await.unwrap_or_else(|error| {
                Err(CommandError::from(DeskError::Internal(error.to_string())))
            })
        }
        .boxed()
        .shared();
        inflight.insert(
            org.clone(),
            Running {
                generation,
                forced,
                cancel: own_cancel,
                shared: shared.clone(),
            },
        );
        shared
    }

    /// One request, decoded off the async threads while it arrives, stored in the cache.
    ///
    /// `cancel` stops the request, and the decode and the cache copy that run while the body
    /// arrives, at once. Once the body has been decoded, `cancel` is checked again just
    /// before the cache copy is put in place: the result is then either cancelled with
    /// nothing cached, or complete and cached. So "cancelled" always means nothing of the response was kept,
    /// neither in the cache nor (the caller publishes only what this returns) in the table.
    async fn fetch_now(
        &self,
        org: &OrgId,
        cancel: &CancellationToken,
    ) -> Result<Arc<OrgData>, CommandError> {
        let client = self
            .client
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let Some(client) = client else {
            let connection = match &self.kind {
                SourceKind::Connection(name) => name.clone(),
                SourceKind::Demo => "demo".to_owned(),
            };
            return Err(CommandError::from(DeskError::NoToken { connection }));
        };
        let cancelled = || CommandError::from(&ApiError::Cancelled);
        // The answer's time is its request's: the data is at least this fresh, and the cache
        // file's header, written before the body, says the same.
        let fetched_at = (self.clock)();
        let cache = self.cache.clone();
        let copy = || {
            let cache = cache.as_ref()?;
            cache
                .begin(org, fetched_at)
                .inspect_err(|error| {
                    tracing::warn!(%org, %error, "could not cache the response; it will be fetched again next time");
                })
                .ok()
        };
        let (details, lease, copy) = tokio::select! {
            biased;
            () = cancel.cancelled() => return Err(cancelled()),
            decoded = self.send(client.billing_details_copied(org, &self.budget, copy)) => {
                decoded.map_err(|e| self.failed(org, &e))?
            }
        };
        let org = org.clone();
        let cancel = cancel.clone();
        let kept = tokio::task::spawn_blocking(move || {
            // The last moment to honour a cancel: past it the response is kept (cache and
            // table), before it nothing is. Only a body that decoded is cached: the cache
            // never holds what cannot be shown.
            if cancel.is_cancelled() {
                return Err(ApiError::Cancelled);
            }
            if let Some(copy) = copy
                && let Err(error) = copy.commit()
            {
                tracing::warn!(%org, %error, "could not cache the response; it will be fetched again next time");
            }
            Ok::<_, ApiError>(
                OrgData::new(&org, details, fetched_at, DataOrigin::Fetched).holding(lease),
            )
        })
        .await
        .map_err(|e| CommandError::from(DeskError::Internal(e.to_string())))?;
        kept.map(Arc::new).map_err(|e| CommandError::from(&e))
    }

    /// The error of a fetch of `org` that failed with `error`; a refused token (401 or 403)
    /// is noted with `org`'s cached answer, so the next start says its rows are from before.
    fn failed(&self, org: &OrgId, error: &ApiError) -> CommandError {
        if matches!(error, ApiError::Unauthorized | ApiError::Forbidden { .. })
            && let Some(cache) = &self.cache
            && let Err(io) = cache.mark_refused(org, (self.clock)())
        {
            tracing::warn!(%org, error = %io, "could not note the refused token with the cached answer");
        }
        CommandError::from(error)
    }

    /// Runs `request` once one of the session's request permits is free (the permit is held
    /// until the body has arrived, not while it decodes).
    pub async fn send<T>(&self, request: impl std::future::Future<Output = T>) -> T {
        // The semaphore is never closed, so acquiring only fails if it were: run unbounded then
        // rather than fail the request.
        let _permit = self.requests.acquire().await.ok();
        request.await
    }

    /// Fetches `orgs` (at most the session's concurrency at once), calling `progress` after
    /// each. Without `force`, an organization already fetched in this session and not failed
    /// since is not fetched again. Stops early after [`Session::cancel`]: unstarted and
    /// running fetches end as cancelled, and those organizations keep what they showed (a
    /// response already being decoded is decoded to its end first, then dropped, unless it
    /// was already past the point where it is kept; see `fetch_now`).
    pub async fn fetch_many(
        self: &Arc<Self>,
        orgs: Vec<OrgId>,
        force: bool,
        mut progress: impl FnMut(Progress) + Send,
    ) {
        let batch_cancel = lock(&self.cancel).clone();
        let mut tally = Tally::new(orgs.len());
        // Lazy: each organization's freshness and the cancel are checked when its turn comes.
        let fetches = orgs.into_iter().map(|org| {
            let fresh = !force
                && self
                    .with_table(|t| t.status(&org, None).state == super::status::OrgState::Fresh);
            // A batch cancelled while queued must not start new requests with the
            // session's next token.
            let fetch = (!fresh && !batch_cancel.is_cancelled()).then(|| {
                if force {
                    self.refetch(&org)
                } else {
                    self.fetch(&org)
                }
            });
            let cancelled = batch_cancel.is_cancelled();
            async move {
                match fetch {
                    Some(fetch) => fetch.await.is_ok(),
                    None => !cancelled,
                }
            }
        });
        run_bounded(fetches, self.concurrency, |ok| progress(tally.finish(!ok))).await;
    }

    /// Cancels every fetch of this session running now; later fetches start normally.
    pub fn cancel(&self) {
        let mut cancel = lock(&self.cancel);
        cancel.cancel();
        *cancel = CancellationToken::new();
    }
}
