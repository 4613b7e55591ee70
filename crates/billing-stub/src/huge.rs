//! `huge-N`: an organization with N generated invoices, for load tests and benchmarks.
//!
//! Generation writes JSON text directly (no intermediate values), so 100,000 invoices
//! (~52 MB) take a fraction of a second. Payloads up to `StubConfig::huge_cache_up_to` invoices
//! (default [`CACHE_UP_TO`]) are cached per
//! (N, UTC day) and sent with their length; larger ones are generated while they stream out
//! (chunked, no length), so the stub's memory stays
//! bounded even for multi-GiB bodies (`huge-4200000` is about 2.2 GB).

use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Body;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use chrono::{DateTime, Datelike, Duration, Timelike, Utc};
use futures_util::stream;

use crate::body;
use crate::demo::{self, SplitMix, start_of_day};
use crate::state::{Shared, lock};

/// The largest N accepted; a larger `huge-N` is demo data.
pub const MAX_INVOICES: usize = 10_000_000;
/// By default, payloads up to this many invoices (about 520 MB) are kept in memory once built,
/// so a benchmark of a million invoices measures the client, not the generator.
pub const CACHE_UP_TO: usize = 1_000_000;
/// The most bytes of payloads the cache keeps before it is emptied.
const CACHE_BYTES: usize = 1_200_000_000;
const CHUNK_INVOICES: usize = 2_000;

const STATUSES: [&str; 10] = [
    "paid",
    "paid",
    "open",
    "paid",
    "void",
    "open",
    "draft",
    "uncollectible",
    "paid",
    "open",
];
const CURRENCIES: [&str; 7] = ["usd", "eur", "gbp", "jpy", "kwd", "usd", "cad"];

/// The whole `huge-N` body for `count` invoices at `now`, links pointing at `link_base`.
/// A pure function: the same arguments give the same bytes.
pub fn huge_json(count: usize, now: DateTime<Utc>, link_base: &str) -> Vec<u8> {
    let anchor = start_of_day(now);
    let mut out = String::with_capacity(count.saturating_mul(540).saturating_add(4_096));
    out.push_str(HEAD);
    write_invoices(&mut out, 0..count, anchor, link_base);
    out.push_str(&tail(count, now, link_base));
    out.into_bytes()
}

const HEAD: &str = "{\"invoices\":[";

fn tail(count: usize, now: DateTime<Utc>, link_base: &str) -> String {
    let methods = demo::billing_details(&format!("huge-{count}"), now, link_base).payment_methods;
    let methods = serde_json::to_string(&methods).unwrap_or_else(|_| "[]".to_owned());
    format!("],\"paymentMethods\":{methods}}}")
}

pub(crate) async fn response(
    shared: &Shared,
    count: usize,
    now: DateTime<Utc>,
    link_base: &str,
) -> Response {
    if count > shared.huge_cache_up_to {
        return streamed(
            count,
            now,
            link_base.to_owned(),
            Arc::clone(&shared.streamed_bytes),
        );
    }
    let key = (count, now.date_naive());
    if let Some(cached) = lock(&shared.huge_cache).get(&key).cloned() {
        return body::json(StatusCode::OK, cached);
    }
    let base = link_base.to_owned();
    // Building 50+ MB would stall the async workers: do it on the blocking pool.
    let built =
        tokio::task::spawn_blocking(move || Bytes::from(huge_json(count, now, &base))).await;
    let Ok(bytes) = built else {
        return body::json_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "stub failed to build the huge payload",
        );
    };
    let mut cache = lock(&shared.huge_cache);
    if cache.values().map(Bytes::len).sum::<usize>() + bytes.len() > CACHE_BYTES {
        cache.clear();
    }
    cache.insert(key, bytes.clone());
    body::json(StatusCode::OK, bytes)
}

/// Chunked transfer, generated chunk by chunk as the client reads.
fn streamed(
    count: usize,
    now: DateTime<Utc>,
    link_base: String,
    generated: Arc<AtomicU64>,
) -> Response {
    let anchor = start_of_day(now);
    let chunks = stream::unfold(Some(0usize), move |next| {
        let link_base = link_base.clone();
        let generated = Arc::clone(&generated);
        async move {
            let start = next?;
            let mut out = String::with_capacity(CHUNK_INVOICES * 540);
            if start == 0 {
                out.push_str(HEAD);
            }
            let end = (start + CHUNK_INVOICES).min(count);
            write_invoices(&mut out, start..end, anchor, &link_base);
            let next = if end >= count {
                out.push_str(&tail(count, now, &link_base));
                None
            } else {
                Some(end)
            };
            generated.fetch_add(out.len() as u64, Ordering::Relaxed);
            Some((Ok::<_, std::io::Error>(Bytes::from(out)), next))
        }
    });
    (
        StatusCode::OK,
        [(CONTENT_TYPE, "application/json")],
        Body::from_stream(chunks),
    )
        .into_response()
}

fn write_invoices(
    out: &mut String,
    range: std::ops::Range<usize>,
    anchor: DateTime<Utc>,
    base: &str,
) {
    for index in range {
        if index > 0 {
            out.push(',');
        }
        write_invoice(out, index, anchor, base);
    }
}

fn write_invoice(out: &mut String, index: usize, anchor: DateTime<Utc>, base: &str) {
    let status = STATUSES[index % STATUSES.len()];
    let currency = CURRENCIES[index % CURRENCIES.len()];
    let mut rng = SplitMix::new(index as u64 ^ 0x0068_7567_6521);
    let total = demo::demo_amount(&mut rng, currency);
    let days_ago = i64::try_from(index % 730).unwrap_or(0) + 1;
    let created = anchor - Duration::days(days_ago)
        + Duration::seconds(i64::try_from(rng.below(86_400)).unwrap_or(0));
    let (paid, remaining) = match status {
        "paid" => (total, 0),
        "void" => (0, 0),
        _ => (0, total),
    };
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "{{\"amountDue\":{total},\"amountPaid\":{paid},\"amountRemaining\":{remaining},\"createdAt\":\""
    );
    write_date(out, created);
    let _ = write!(out, "\",\"currency\":\"{currency}\",\"dueAt\":\"");
    write_date(out, created + Duration::days(30));
    let id = format!("in_huge{index:020}");
    // Stripe's links carry a long opaque token; so do these, to keep the size realistic.
    let token = format!("{:016x}{:016x}", rng.next_u64(), rng.next_u64());
    if status == "draft" {
        let _ = write!(
            out,
            "\",\"hostedInvoiceUrl\":null,\"id\":\"{id}\",\"invoicePdf\":null,\"number\":null"
        );
    } else {
        let _ = write!(
            out,
            "\",\"hostedInvoiceUrl\":\"{base}/hosted/{id}?s=ap&t={token}\",\"id\":\"{id}\",\
             \"invoicePdf\":\"{base}/pdf/{id}.pdf?s=ap&t={token}\",\"number\":\"HUGE-{:08}\"",
            index + 1
        );
    }
    out.push_str(",\"periodEnd\":\"");
    write_date(out, created);
    out.push_str("\",\"periodStart\":\"");
    write_date(out, created - Duration::days(30));
    let _ = write!(out, "\",\"status\":\"{status}\",\"total\":{total}}}");
}

/// RFC 3339 UTC with seconds, written without allocating (chrono's formatter allocates).
fn write_date(out: &mut String, at: DateTime<Utc>) {
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    );
}
