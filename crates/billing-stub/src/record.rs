//! What each listener received, so tests can assert on it (e.g. that the token never reached
//! the other origin, or how far apart retries were).

use std::fmt;
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

/// One request as it arrived, before any latency or scenario was applied.
#[derive(Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// `GET`, `HEAD`, ...
    pub method: String,
    /// The path and the query string, exactly as sent (still percent-encoded),
    /// e.g. `/v1/organizations/acme/stripe/billing-details?x=1`.
    pub path: String,
    /// The raw `Authorization` header value (e.g. `Bearer abc`), `None` when absent.
    /// Kept verbatim so tests can assert on it; never logged.
    pub authorization: Option<String>,
    /// When the request arrived.
    pub at: Instant,
}

impl fmt::Debug for RecordedRequest {
    // The token would otherwise land in test failure output and CI logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field(
                "authorization",
                &self.authorization.as_ref().map(|_| "<redacted>"),
            )
            .field("at", &self.at)
            .finish()
    }
}

/// An append-only log of requests, shared by the handlers of one listener.
#[derive(Debug, Default)]
pub(crate) struct Recorder(Mutex<Vec<RecordedRequest>>);

impl Recorder {
    pub(crate) fn push(&self, request: RecordedRequest) {
        self.lock().push(request);
    }

    pub(crate) fn snapshot(&self) -> Vec<RecordedRequest> {
        self.lock().clone()
    }

    pub(crate) fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> MutexGuard<'_, Vec<RecordedRequest>> {
        // A panic while pushing cannot leave the Vec half-written, so a poisoned lock is safe.
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
