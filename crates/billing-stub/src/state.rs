//! State shared by both listeners of one stub: configuration, request logs, per-org counters
//! for the "fail N times then succeed" scenarios, the optional frozen clock and the cache of
//! huge payloads.

use std::collections::HashMap;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use chrono::{DateTime, NaiveDate, Utc};

use crate::record::Recorder;

pub(crate) struct Shared {
    pub(crate) token: Option<String>,
    pub(crate) latency: Duration,
    pub(crate) main_base: String,
    pub(crate) other_base: String,
    /// See `StubConfig::demo_only`.
    pub(crate) demo_only: bool,
    pub(crate) main_requests: Recorder,
    pub(crate) other_requests: Recorder,
    counters: Mutex<HashMap<String, u32>>,
    fixed_now: Mutex<Option<DateTime<Utc>>>,
    pub(crate) huge_cache: Mutex<HashMap<(usize, NaiveDate), Bytes>>,
    /// See `StubConfig::huge_cache_up_to`.
    pub(crate) huge_cache_up_to: usize,
    /// Bytes of streamed (uncached) `huge-N` bodies generated so far: the stub makes them only
    /// as fast as clients read, so this shows how much of a body a client took.
    pub(crate) streamed_bytes: Arc<AtomicU64>,
}

impl Shared {
    pub(crate) fn new(
        token: Option<String>,
        latency: Duration,
        main_base: String,
        other_base: String,
        demo_only: bool,
        huge_cache_up_to: usize,
    ) -> Self {
        Self {
            token,
            latency,
            main_base,
            other_base,
            demo_only,
            main_requests: Recorder::default(),
            other_requests: Recorder::default(),
            counters: Mutex::default(),
            fixed_now: Mutex::default(),
            huge_cache: Mutex::default(),
            huge_cache_up_to,
            streamed_bytes: Arc::default(),
        }
    }

    /// Counts one more request for `org_id` and returns how many came before it
    /// (0 for the first request since the last reset).
    pub(crate) fn bump(&self, org_id: &str) -> u32 {
        let mut counters = lock(&self.counters);
        let count = counters.entry(org_id.to_owned()).or_insert(0);
        let before = *count;
        *count = count.saturating_add(1);
        before
    }

    pub(crate) fn reset_counters(&self) {
        lock(&self.counters).clear();
    }

    /// The clock the data is generated against: the frozen instant if a test set one,
    /// else the server's clock. This is the one place the stub reads the time of day.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        lock(&self.fixed_now).unwrap_or_else(Utc::now)
    }

    pub(crate) fn set_now(&self, now: Option<DateTime<Utc>>) {
        *lock(&self.fixed_now) = now;
    }
}

impl std::fmt::Debug for Shared {
    // Hand-written so the token cannot reach logs or test output through `{:?}`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("latency", &self.latency)
            .field("main_base", &self.main_base)
            .field("other_base", &self.other_base)
            .finish_non_exhaustive()
    }
}

/// Which of the two listeners a request arrived on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    Main,
    Other,
}

impl Origin {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Origin::Main => "main",
            Origin::Other => "other",
        }
    }
}

/// The axum state of one listener.
#[derive(Debug, Clone)]
pub(crate) struct ListenerState {
    pub(crate) shared: Arc<Shared>,
    pub(crate) origin: Origin,
}

impl ListenerState {
    /// The base URL of the listener this request arrived on.
    pub(crate) fn own_base(&self) -> &str {
        match self.origin {
            Origin::Main => &self.shared.main_base,
            Origin::Other => &self.shared.other_base,
        }
    }

    pub(crate) fn recorder(&self) -> &Recorder {
        match self.origin {
            Origin::Main => &self.shared.main_requests,
            Origin::Other => &self.shared.other_requests,
        }
    }
}

pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Every critical section here is a single insert or read, so a panic elsewhere cannot
    // leave the data half-updated: recovering from poison is safe.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
