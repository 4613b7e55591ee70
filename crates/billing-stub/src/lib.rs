//! A stub of the billing-details API on loopback, for tests, benchmarks and the demo mode.
//!
//! It speaks the wire format itself (camelCase JSON, lowercase currency codes) and does not
//! depend on billing-core, so it can also send broken data on purpose.
//!
//! # Routes
//! - `GET {prefix}/v1/organizations/{orgId}/stripe/billing-details`, under any path prefix
//!   (none, `/api`, `/prefix`, ...). With [`StubConfig::token`] set, a missing or different
//!   `Authorization: Bearer` gets 401 with a JSON error (checked before any scenario).
//! - `GET /hosted/{invoiceId}`: a small HTML hosted-invoice page. No token needed.
//! - `GET /pdf/{invoiceId}.pdf`: a small valid PDF (`application/pdf`), the same bytes every
//!   time. No token needed. Query parameters are ignored except `?fault=not-pdf|404|500|big|
//!   big-chunked` (with `&mib=N`, default 64), which make the link misbehave on purpose.
//! - Anything else: 404 with a JSON error, logged as a warning (`UNMATCHED ROUTE`).
//!
//! Both listeners (the main one and [`StubHandle::other_origin_base_url`]) serve the same
//! routes; on the other origin the redirect scenarios serve demo data instead of redirecting.
//!
//! # Data
//! Any orgId that is not a scenario gets demo data (see [`demo`]): deterministic per orgId,
//! dates relative to the start of the current UTC day (freeze it with [`StubHandle::set_now`]).
//! Scenario ids are listed in [`SCENARIOS`]; a `~tag` suffix (`flaky-503~a`) selects the same
//! scenario with its own counter.
//!
//! # Scenarios (orgId → behaviour)
//! - Errors: `err-400` (JSON [`ERR_400_MESSAGE`]), `err-400-text` (text [`ERR_400_TEXT`]),
//!   `err-401`, `err-403`, `err-404`, `err-500`, `err-502`, `err-503`, `err-504` (JSON
//!   `{"error":{"message":...}}`, every time).
//! - Rate limits: `err-429` (Retry-After: 1, every time), `err-429-long` (Retry-After: 3600),
//!   `rate-limit-once` (429 the first time per counter, then data).
//! - Changing data: `evolving` (demo data, then from the second answer on one invoice paid,
//!   one voided, one due later, the last one gone and a new one, [`EVOLVING_NEW_ID`]).
//! - Transient: `flaky-503`, `flaky-502`, `flaky-500`, `flaky-504`: [`FLAKY_FAILURES`] (2)
//!   failures per counter, then data. Counters are per orgId; [`StubHandle::reset_counters`].
//! - Slow: `slow-headers` (10 s, or `slow-headers-MS`), `slow-body` (1 byte / 100 ms, or
//!   `slow-body-MS`; Content-Length declared).
//! - Broken bodies: `truncated` (half of the declared length, then the connection closes),
//!   `malformed` ([`MALFORMED_JSON`]), `wrong-type` (`invoices[1].amountDue` = `"1200"`),
//!   `big-int` (`invoices[0].total` = [`BIG_INT`]).
//! - Odd shapes: `missing-fields`, `null-fields`, `missing-lists` (`{}`), `null-lists`,
//!   `unknown-values` (status `in_review`, currency `xyz`), `empty`.
//! - Size: `huge-N` (N invoices, ~520 bytes each, cached up to [`HUGE_CACHE_UP_TO`], streamed
//!   above; at most [`HUGE_MAX_INVOICES`]), `minimal-N` (N empty invoice objects, 3 bytes
//!   each on the wire: for the client's limits on decoded items).
//! - Origins: `redirect-other-origin` (302 to the other listener, same path and query),
//!   `redirect-same-origin` (302 to `{prefix}/v1/organizations/demo-redirected/...`),
//!   `pdf-elsewhere` (links on the other listener), `bad-pdfs` (PDF links that fail as listed
//!   in [`BAD_PDF_FAULTS`]).
//! - Hostile text: `unsafe-links` ([`UNSAFE_LINKS`], [`UNSAFE_TEXT`]), `formula-text`
//!   ([`FORMULA_TEXT`]), `unicode` ([`UNICODE_TEXT`]).
//!
//! For faults: a 2 GiB body is `huge-4200000` (streamed, bounded memory in the stub); a body
//! at one byte a second is `slow-body-1000`; a storm of 429s is `err-429`; a refused
//! connection is [`faults::refused_base_url`] (or a port after [`StubHandle::shutdown`]); a
//! connection reset in the middle of the body is [`faults::spawn_reset_mid_body`], a raw TCP
//! listener; a host name that never resolves is [`faults::UNRESOLVABLE_BASE_URL`].
//!
//! For crash tests: [`test_rng::CrashRng`], random kill delays replayable by seed.
//!
//! # Example
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let stub = billing_stub::spawn(billing_stub::StubConfig {
//!     token: Some("test-token".into()),
//!     ..Default::default()
//! })
//! .await?;
//! let url = format!("{}/v1/organizations/acme/stripe/billing-details", stub.base_url());
//! # let _ = url;
//! # Ok(()) }
//! ```

mod adversarial;
mod body;
pub mod demo;
pub mod faults;
mod hosted;
mod huge;
mod pdf;
mod record;
mod routes;
mod scenarios;
mod server;
mod state;
pub mod test_rng;
mod wire;

pub use adversarial::{
    BAD_PDF_FAULTS, BIG_INT, EVOLVING_NEW_ID, FORMULA_TEXT, MALFORMED_JSON, UNICODE_TEXT,
    UNSAFE_LINKS, UNSAFE_TEXT,
};
pub use hosted::hosted_page;
pub use huge::{CACHE_UP_TO as HUGE_CACHE_UP_TO, MAX_INVOICES as HUGE_MAX_INVOICES, huge_json};
pub use pdf::invoice_pdf;
pub use record::RecordedRequest;
pub use scenarios::{ERR_400_MESSAGE, ERR_400_TEXT, FLAKY_FAILURES, SCENARIOS};
pub use server::{StubConfig, StubHandle, spawn};
pub use wire::{BillingDetails, WireInvoice, WirePaymentMethod};
