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
mod hosted;
mod huge;
mod pdf;
mod record;
mod routes;
mod scenarios;
mod server;
mod state;
mod wire;

pub use adversarial::{
    BAD_PDF_FAULTS, BIG_INT, FORMULA_TEXT, MALFORMED_JSON, UNICODE_TEXT, UNSAFE_LINKS, UNSAFE_TEXT,
};
pub use hosted::hosted_page;
pub use huge::{CACHE_UP_TO as HUGE_CACHE_UP_TO, MAX_INVOICES as HUGE_MAX_INVOICES, huge_json};
pub use pdf::invoice_pdf;
pub use record::RecordedRequest;
pub use scenarios::{ERR_400_MESSAGE, ERR_400_TEXT, FLAKY_FAILURES, SCENARIOS};
pub use server::{StubConfig, StubHandle, spawn};
pub use wire::{BillingDetails, WireInvoice, WirePaymentMethod};
