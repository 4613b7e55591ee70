//! Scenarios chosen by orgId: errors, faults and awkward payloads, one per id in
//! [`SCENARIOS`]. Any other orgId gets the demo data.
//!
//! An orgId may carry a tag after `~` (`flaky-503~a`, `err-500~17`): the scenario is chosen by
//! the part before it, and the per-org counters use the whole id, so tests and batches can have
//! many independent orgs of one scenario.

use std::time::Duration;

use axum::http::header::{LOCATION, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use crate::routes::DetailsPath;
use crate::state::{ListenerState, Origin};
use crate::{adversarial, body, demo, huge};

/// Every scenario id with what it does. `huge-N`, `slow-body-MS` and `slow-headers-MS` take a
/// number; a `~tag` suffix is allowed on all of them.
pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "err-400",
        "400 with JSON {\"error\":{\"message\": ERR_400_MESSAGE}}",
    ),
    ("err-400-text", "400 with a text/plain body ERR_400_TEXT"),
    ("err-401", "401 with a JSON error, whatever the token"),
    ("err-403", "403 with a JSON error"),
    ("err-404", "404 with a JSON error: organization not found"),
    ("err-429", "429 with Retry-After: 1, every time"),
    (
        "err-429-long",
        "429 with Retry-After: 3600, every time (tests the client's cap)",
    ),
    (
        "rate-limit-once",
        "429 with Retry-After: 1 on the first request per counter, then demo data",
    ),
    ("err-500", "500 with a JSON error, every time"),
    ("err-502", "502 with a JSON error, every time"),
    ("err-503", "503 with a JSON error, every time"),
    ("err-504", "504 with a JSON error, every time"),
    ("flaky-503", "503 twice per counter, then demo data"),
    ("flaky-502", "502 twice per counter, then demo data"),
    ("flaky-500", "500 twice per counter, then demo data"),
    ("flaky-504", "504 twice per counter, then demo data"),
    (
        "slow-headers",
        "waits 10 s (or slow-headers-MS) before answering with demo data",
    ),
    (
        "slow-body",
        "headers at once, then the demo body 1 byte per 100 ms (or slow-body-MS)",
    ),
    (
        "truncated",
        "Content-Length of the whole demo body, half of it sent, then the connection closes",
    ),
    ("malformed", "200 with invalid JSON (MALFORMED_JSON)"),
    (
        "wrong-type",
        "demo data with invoices[1].amountDue as the string \"1200\"",
    ),
    (
        "big-int",
        "demo data with invoices[0].total = 99999999999999999999",
    ),
    (
        "missing-fields",
        "invoices and payment methods with most fields absent",
    ),
    (
        "null-fields",
        "an invoice and a payment method with every field null",
    ),
    ("missing-lists", "{} : neither invoices nor paymentMethods"),
    ("null-lists", "{\"invoices\":null,\"paymentMethods\":null}"),
    (
        "unknown-values",
        "demo data with status \"in_review\", currency \"xyz\", payment method type \"crypto_wallet\"",
    ),
    ("empty", "no invoices and no payment methods"),
    (
        "duplicate-ids",
        "demo data where the second invoice with links has the ID of the first (its own number and links)",
    ),
    (
        "huge-N",
        "N generated invoices (~520 bytes each; cached up to 1,000,000, streamed beyond)",
    ),
    (
        "minimal-N",
        "N empty invoice objects ({\"invoices\":[{},{},...]}, 3 bytes each on the wire; N up to 10,000,000)",
    ),
    (
        "redirect-other-origin",
        "302 to the other origin's same path and query (a client must not send the token there)",
    ),
    (
        "redirect-same-origin",
        "302 to this origin's {prefix}/v1/organizations/demo-redirected/stripe/billing-details",
    ),
    (
        "pdf-elsewhere",
        "demo data whose invoicePdf and hostedInvoiceUrl point at the other origin",
    ),
    (
        "unsafe-links",
        "javascript:, data:, file:, vbscript: and foreign http(s) links; HTML, script and path tricks in text fields",
    ),
    (
        "formula-text",
        "numbers and names starting with =, +, -, @, tab, carriage return",
    ),
    (
        "unicode",
        "non-ASCII invoice numbers and billing names (accents, CJK, Arabic, emoji, combining marks)",
    ),
];

/// The message of `err-400`, so client tests can assert it is shown verbatim.
pub const ERR_400_MESSAGE: &str = "orgId err-400 is not a valid organization id for this account.";
/// The plain-text body of `err-400-text`.
pub const ERR_400_TEXT: &str = "Bad Request: orgId err-400-text was rejected by the server.";

/// How many times `flaky-*` fails before it succeeds.
pub const FLAKY_FAILURES: u32 = 2;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scenario {
    Demo,
    JsonError(StatusCode, &'static str),
    TextError400,
    RateLimited { retry_after_secs: u32 },
    RateLimitOnce,
    Evolving,
    Flaky(StatusCode),
    SlowHeaders(Duration),
    SlowBody(Duration),
    Truncated,
    Malformed,
    WrongType,
    BigInt,
    MissingFields,
    NullFields,
    MissingLists,
    NullLists,
    UnknownValues,
    Empty,
    DuplicateIds,
    Huge(usize),
    Minimal(usize),
    RedirectOtherOrigin,
    RedirectSameOrigin,
    PdfElsewhere,
    BadPdfs,
    UnsafeLinks,
    FormulaText,
    Unicode,
}

impl Scenario {
    pub(crate) fn for_org(org_id: &str) -> Self {
        let name = org_id.split_once('~').map_or(org_id, |(name, _tag)| name);
        match name {
            "err-400" => Self::JsonError(StatusCode::BAD_REQUEST, ERR_400_MESSAGE),
            "err-400-text" => Self::TextError400,
            "err-401" => Self::JsonError(StatusCode::UNAUTHORIZED, "Invalid API token."),
            "err-403" => Self::JsonError(
                StatusCode::FORBIDDEN,
                "This API token is not allowed to read this organization's billing details.",
            ),
            "err-404" => Self::JsonError(StatusCode::NOT_FOUND, "Organization not found."),
            "err-429" => Self::RateLimited {
                retry_after_secs: 1,
            },
            "err-429-long" => Self::RateLimited {
                retry_after_secs: 3600,
            },
            "rate-limit-once" => Self::RateLimitOnce,
            "evolving" => Self::Evolving,
            "err-500" => {
                Self::JsonError(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error.")
            }
            "err-502" => Self::JsonError(StatusCode::BAD_GATEWAY, "Bad gateway."),
            "err-503" => Self::JsonError(StatusCode::SERVICE_UNAVAILABLE, "Service unavailable."),
            "err-504" => Self::JsonError(StatusCode::GATEWAY_TIMEOUT, "Gateway timeout."),
            "flaky-500" => Self::Flaky(StatusCode::INTERNAL_SERVER_ERROR),
            "flaky-502" => Self::Flaky(StatusCode::BAD_GATEWAY),
            "flaky-503" => Self::Flaky(StatusCode::SERVICE_UNAVAILABLE),
            "flaky-504" => Self::Flaky(StatusCode::GATEWAY_TIMEOUT),
            "slow-headers" => Self::SlowHeaders(Duration::from_secs(10)),
            "slow-body" => Self::SlowBody(Duration::from_millis(100)),
            "truncated" => Self::Truncated,
            "malformed" => Self::Malformed,
            "wrong-type" => Self::WrongType,
            "big-int" => Self::BigInt,
            "missing-fields" => Self::MissingFields,
            "null-fields" => Self::NullFields,
            "missing-lists" => Self::MissingLists,
            "null-lists" => Self::NullLists,
            "unknown-values" => Self::UnknownValues,
            "empty" => Self::Empty,
            "duplicate-ids" => Self::DuplicateIds,
            "redirect-other-origin" => Self::RedirectOtherOrigin,
            "redirect-same-origin" => Self::RedirectSameOrigin,
            "pdf-elsewhere" => Self::PdfElsewhere,
            "bad-pdfs" => Self::BadPdfs,
            "unsafe-links" => Self::UnsafeLinks,
            "formula-text" => Self::FormulaText,
            "unicode" => Self::Unicode,
            _ => Self::numbered(name).unwrap_or(Self::Demo),
        }
    }

    /// `huge-N`, `minimal-N`, `slow-body-MS`, `slow-headers-MS`.
    fn numbered(name: &str) -> Option<Self> {
        let number = |prefix: &str| name.strip_prefix(prefix)?.parse::<u64>().ok();
        let count = |n: u64| usize::try_from(n).ok().filter(|n| *n <= huge::MAX_INVOICES);
        if let Some(n) = number("huge-") {
            return count(n).map(Self::Huge);
        }
        if let Some(n) = number("minimal-") {
            return count(n).map(Self::Minimal);
        }
        if let Some(ms) = number("slow-body-") {
            return Some(Self::SlowBody(Duration::from_millis(ms)));
        }
        number("slow-headers-").map(|ms| Self::SlowHeaders(Duration::from_millis(ms)))
    }
}

/// Answers the billing-details route for `route.org_id` (the token was already checked).
/// Demo data for any orgId, whatever scenario its name would select (the app's demo).
pub(crate) fn demo_data(state: &ListenerState, route: &DetailsPath) -> Response {
    let json = demo::billing_details_json(&route.org_id, state.shared.now(), state.own_base());
    body::json(StatusCode::OK, Bytes::from(json))
}

pub(crate) async fn respond(state: &ListenerState, route: &DetailsPath, uri: &Uri) -> Response {
    let now = state.shared.now();
    let own = state.own_base();
    let org = route.org_id.as_str();
    let demo = || Bytes::from(demo::billing_details_json(org, now, own));
    match Scenario::for_org(org) {
        Scenario::Demo => body::json(StatusCode::OK, demo()),
        Scenario::JsonError(status, message) => body::json_error(status, message),
        Scenario::TextError400 => (StatusCode::BAD_REQUEST, ERR_400_TEXT).into_response(),
        Scenario::RateLimited { retry_after_secs } => rate_limited(retry_after_secs),
        Scenario::RateLimitOnce => {
            if state.shared.bump(org) == 0 {
                rate_limited(1)
            } else {
                body::json(StatusCode::OK, demo())
            }
        }
        Scenario::Evolving => {
            let fetch = state.shared.bump(org);
            body::json(StatusCode::OK, adversarial::evolving(org, now, own, fetch))
        }
        Scenario::Flaky(status) => {
            if state.shared.bump(org) < FLAKY_FAILURES {
                body::json_error(status, "Temporary failure (stub scenario), try again.")
            } else {
                body::json(StatusCode::OK, demo())
            }
        }
        Scenario::SlowHeaders(wait) => {
            tokio::time::sleep(wait).await;
            body::json(StatusCode::OK, demo())
        }
        Scenario::SlowBody(per_byte) => body::trickle(demo(), per_byte),
        Scenario::Truncated => body::truncated(demo()),
        Scenario::Malformed => body::json(StatusCode::OK, adversarial::MALFORMED_JSON),
        Scenario::WrongType => body::json(StatusCode::OK, adversarial::wrong_type(org, now, own)),
        Scenario::BigInt => body::json(StatusCode::OK, adversarial::big_int(org, now, own)),
        Scenario::MissingFields => body::json(StatusCode::OK, adversarial::missing_fields()),
        Scenario::NullFields => body::json(StatusCode::OK, adversarial::null_fields()),
        Scenario::MissingLists => body::json(StatusCode::OK, "{}"),
        Scenario::NullLists => {
            body::json(StatusCode::OK, r#"{"invoices":null,"paymentMethods":null}"#)
        }
        Scenario::UnknownValues => {
            body::json(StatusCode::OK, adversarial::unknown_values(org, now, own))
        }
        Scenario::Empty => body::json(StatusCode::OK, r#"{"invoices":[],"paymentMethods":[]}"#),
        Scenario::DuplicateIds => {
            body::json(StatusCode::OK, adversarial::duplicate_ids(org, now, own))
        }
        Scenario::Huge(count) => huge::response(&state.shared, count, now, own).await,
        Scenario::Minimal(count) => body::json(StatusCode::OK, adversarial::minimal(count)),
        Scenario::RedirectOtherOrigin if state.origin == Origin::Main => {
            let target = format!("{}{}", state.shared.other_base, path_and_query(uri));
            redirect(&target)
        }
        Scenario::RedirectSameOrigin if state.origin == Origin::Main => {
            let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
            let target = format!(
                "{own}{}/v1/organizations/demo-redirected/stripe/billing-details{query}",
                route.prefix
            );
            redirect(&target)
        }
        // On the other origin a redirect scenario serves data: no redirect loops.
        Scenario::RedirectOtherOrigin | Scenario::RedirectSameOrigin => {
            body::json(StatusCode::OK, demo())
        }
        Scenario::PdfElsewhere => body::json(
            StatusCode::OK,
            demo::billing_details_json(org, now, &state.shared.other_base),
        ),
        Scenario::BadPdfs => body::json(StatusCode::OK, adversarial::bad_pdfs(org, now, own)),
        Scenario::UnsafeLinks => {
            body::json(StatusCode::OK, adversarial::unsafe_links(org, now, own))
        }
        Scenario::FormulaText => {
            body::json(StatusCode::OK, adversarial::formula_text(org, now, own))
        }
        Scenario::Unicode => body::json(StatusCode::OK, adversarial::unicode(org, now, own)),
    }
}

fn rate_limited(retry_after_secs: u32) -> Response {
    let mut response = body::json_error(
        StatusCode::TOO_MANY_REQUESTS,
        "Too many requests, slow down.",
    );
    response
        .headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from(retry_after_secs));
    response
}

fn redirect(target: &str) -> Response {
    match HeaderValue::from_str(target) {
        Ok(location) => {
            let mut response = StatusCode::FOUND.into_response();
            response.headers_mut().insert(LOCATION, location);
            response
        }
        Err(_) => body::json_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "stub could not build the redirect",
        ),
    }
}

fn path_and_query(uri: &Uri) -> &str {
    uri.path_and_query()
        .map_or_else(|| uri.path(), |p| p.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_scenario_is_recognised() {
        for (id, _) in SCENARIOS {
            let id = id.replace("-N", "-10");
            assert_ne!(
                Scenario::for_org(&id),
                Scenario::Demo,
                "{id} is listed but not matched"
            );
            let tagged = format!("{id}~batch-7");
            assert_eq!(
                Scenario::for_org(&tagged),
                Scenario::for_org(&id),
                "a tag keeps the scenario"
            );
        }
    }

    #[test]
    fn ordinary_ids_and_near_misses_are_demo_data() {
        for id in [
            "acme",
            "",
            "err-400x",
            "huge-",
            "huge-abc",
            "huge-10000001",
            "demo-redirected",
            "Err-500",
        ] {
            assert_eq!(
                Scenario::for_org(id),
                Scenario::Demo,
                "{id:?} is not a scenario"
            );
        }
    }

    #[test]
    fn numbered_scenarios_take_their_number() {
        assert_eq!(Scenario::for_org("huge-100000"), Scenario::Huge(100_000));
        assert_eq!(
            Scenario::for_org("slow-body-1000"),
            Scenario::SlowBody(Duration::from_secs(1))
        );
        assert_eq!(
            Scenario::for_org("slow-headers-50"),
            Scenario::SlowHeaders(Duration::from_millis(50))
        );
        assert_eq!(
            Scenario::for_org("slow-headers"),
            Scenario::SlowHeaders(Duration::from_secs(10))
        );
    }
}
