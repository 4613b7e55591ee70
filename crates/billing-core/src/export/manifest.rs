//! The manifest: a sidecar `<file>.manifest.json` saying what an export file holds and where
//! it came from, so a scheduled job or an auditor can check it later.
//!
//! ```json
//! {
//!   "schemaVersion": 2,
//!   "file": "invoices.csv",
//!   "format": "csv",
//!   "content": "invoices",
//!   "generatedAt": "2024-06-01T12:00:00Z",
//!   "baseUrl": "https://billing.example.com/",
//!   "organizations": ["org_a", "org_b"],
//!   "failedOrganizations": [{"org": "org_c", "code": "notFound", "message": "…"}],
//!   "staleOrganizations": [
//!     {"org": "org_b", "fetchedAt": "2024-06-01T09:00:00Z", "ageSeconds": 10800, "reason": "cached"}
//!   ],
//!   "sources": [
//!     {"org": "org_a", "fetchedAt": "2024-06-01T11:59:58Z", "origin": "live", "rowCount": 1000},
//!     {"org": "org_b", "fetchedAt": "2024-06-01T09:00:00Z", "origin": "cache", "rowCount": 234}
//!   ],
//!   "filters": { …the invoice query as the caller serializes it… },
//!   "rowCount": 1234,
//!   "paymentMethodCount": null,
//!   "totals": [ …the query's per-currency totals, as in the JSON export… ],
//!   "bytes": 56789,
//!   "sha256": "…64 hex digits…"
//! }
//! ```
//!
//! - `failedOrganizations`: organizations of the export's view that have no rows in the file
//!   (their fetch failed, or had not ended, or never ran), each with a code and a message.
//!   The code is the one the app shows for the error ([`crate::desk::ErrorCode::name`]:
//!   `notFound`, `unauthorized`, `network`…), whichever program wrote the manifest, or
//!   `loading` / `notLoaded` for an organization the app had not loaded.
//! - `staleOrganizations`: organizations whose rows come from an older answer than a fresh
//!   fetch of this run would give: `cached` (read from the disk cache of an earlier run),
//!   `refreshFailed` (the last refresh failed, the previous answer is used) or `refreshing` (a
//!   refresh was still running), with the answer's time and its age at `generatedAt`.
//! - `sources`: every organization in the file, with the time of the answer its rows come
//!   from (`fetchedAt`), whether that answer was fetched in this run (`live`) or read from the
//!   disk cache (`cache`), and how many of the file's rows are its own (`rowCount`).
//!
//! Fields are only ever added, never renamed, so a reader of an older manifest keeps working.
//! Version 2 names `failedOrganizations` codes as the app does; version 1 manifests written
//! by `bdesk` used the client's own codes (`not_found`).
//! The API token is never part of it: nothing here takes a token. The base URL is written
//! without user info, query or fragment, whatever the caller passes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::atomic::{WrittenFile, write_file_atomically};
use super::json::JsonTotals;
use super::rows::ExportContext;
use super::{ExportContent, ExportError, ExportFormat};
use crate::dates::Timestamp;
use crate::ids::OrgId;
use crate::query::CurrencySummary;

/// Version of the manifest shape documented above.
pub const MANIFEST_SCHEMA_VERSION: u32 = 2;

/// An organization whose data could not be fetched and is missing from the export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FailedOrganization {
    /// The organization.
    pub org: OrgId,
    /// The error's code, as the app names it (`notFound`; see the module docs).
    pub code: String,
    /// The error's message, as shown to the user.
    pub message: String,
}

/// Whether an organization's rows come from an answer fetched in this run or from the disk
/// cache of an earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum AnswerOrigin {
    /// Fetched from the API in this run (this session of the app, this `bdesk` command).
    Live,
    /// Read from the disk cache, as fetched by an earlier run.
    Cache,
}

/// One organization whose rows are in the export, and the answer they come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgSource {
    /// The organization.
    pub org: OrgId,
    /// When the answer its rows come from was fetched from the API.
    pub fetched_at: DateTime<Utc>,
    /// Fetched in this run, or read from the cache.
    pub origin: AnswerOrigin,
}

/// Why an organization's rows are older than a fresh fetch would give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum StaleReason {
    /// Read from the disk cache of an earlier run; not fetched since.
    Cached,
    /// The last fetch failed; the previous answer is used.
    RefreshFailed,
    /// A fetch was still running when the export was made; the previous answer is used.
    Refreshing,
}

/// An organization whose rows in the export come from an older answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleOrganization {
    /// The organization.
    pub org: OrgId,
    /// When the answer used was fetched.
    pub fetched_at: DateTime<Utc>,
    /// Why no fresher answer was used.
    pub reason: StaleReason,
}

/// What the caller knows about an export and the writers do not: where the data came from,
/// which filters made the rows, and what failed or is old.
#[derive(Debug, Clone)]
pub struct ManifestSource<'a> {
    /// The connection's base URL (user info, query and fragment are dropped when written).
    pub base_url: &'a url::Url,
    /// The filters that selected the rows: the invoice query as JSON
    /// (`serde_json::to_value(&query)`), or `Value::Null` when there were none.
    pub filters: serde_json::Value,
    /// Organizations of the view with no rows in the file (only when the export went ahead
    /// anyway).
    pub failed: &'a [FailedOrganization],
    /// Organizations whose rows come from an older answer (only when the export went ahead
    /// anyway).
    pub stale: &'a [StaleOrganization],
    /// The answer each organization's rows come from, in the export's order of organizations.
    pub sources: &'a [OrgSource],
}

/// The manifest's path for an export file: the file's full name plus `.manifest.json`
/// (`out/invoices.csv` → `out/invoices.csv.manifest.json`).
pub fn manifest_path(export: &Path) -> PathBuf {
    let mut name = export.as_os_str().to_owned();
    name.push(".manifest.json");
    PathBuf::from(name)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ManifestDoc<'a> {
    schema_version: u32,
    file: String,
    format: ExportFormat,
    /// The CSV layout; absent for XLSX and JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    csv_dialect: Option<&'static str>,
    content: ExportContent,
    generated_at: String,
    /// The "as of" time of the view, when it has one: overdue and aging are at that time.
    #[serde(skip_serializing_if = "Option::is_none")]
    as_of: Option<String>,
    /// The aging boundaries in days (`[30, 60, 90]`: Current, 1-30, 31-60, 61-90, 90+).
    aging_buckets: &'a [u32],
    base_url: String,
    organizations: &'a [OrgId],
    failed_organizations: &'a [FailedOrganization],
    stale_organizations: Vec<StaleDoc<'a>>,
    sources: Vec<SourceDoc<'a>>,
    filters: &'a serde_json::Value,
    row_count: u64,
    payment_method_count: Option<u64>,
    totals: Vec<JsonTotals<'a>>,
    bytes: u64,
    sha256: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StaleDoc<'a> {
    org: &'a OrgId,
    fetched_at: String,
    /// Seconds from `fetchedAt` to `generatedAt` (0 when the clock says the answer is newer).
    age_seconds: i64,
    reason: StaleReason,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SourceDoc<'a> {
    org: &'a OrgId,
    fetched_at: String,
    origin: AnswerOrigin,
    row_count: u64,
}

/// The facts about one written export that go into its manifest.
#[derive(Debug, Clone, Copy)]
pub struct ManifestFacts<'a> {
    /// Format of the export file.
    pub format: ExportFormat,
    /// The CSV layout of a CSV file.
    pub csv_dialect: Option<super::CsvDialect>,
    /// What it holds.
    pub content: ExportContent,
    /// Rows written (invoices, or payment methods for a payment-method export).
    pub rows: u64,
    /// Payment methods on the XLSX's second sheet; `None` for other exports.
    pub payment_methods: Option<u64>,
    /// The query's per-currency totals of the invoices written (empty for payment methods).
    pub totals: &'a [CurrencySummary],
    /// Rows written per organization (an organization with none may be absent).
    pub org_rows: &'a HashMap<OrgId, u64>,
}

fn without_credentials(base_url: &url::Url) -> String {
    let mut url = base_url.clone();
    // These cannot fail on a URL with a host; an export never needs them anyway.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.set_query(None);
    url.set_fragment(None);
    url.to_string()
}

/// Writes `<file>.manifest.json` next to the export `written`, atomically, pretty-printed.
///
/// # Errors
/// [`ExportError::PathUnwritable`] or [`ExportError::Io`] naming the manifest's path.
pub fn write_manifest(
    ctx: &ExportContext<'_>,
    source: &ManifestSource<'_>,
    written: &WrittenFile,
    facts: &ManifestFacts<'_>,
) -> Result<WrittenFile, ExportError> {
    let doc = ManifestDoc {
        schema_version: MANIFEST_SCHEMA_VERSION,
        file: written
            .path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default(),
        format: facts.format,
        csv_dialect: facts.csv_dialect.map(super::CsvDialect::as_str),
        content: facts.content,
        generated_at: Timestamp::Valid(ctx.now).to_rfc3339(),
        as_of: ctx.as_of().map(|at| Timestamp::Valid(at).to_rfc3339()),
        aging_buckets: ctx.aging().bounds(),
        base_url: without_credentials(source.base_url),
        organizations: ctx.organizations,
        failed_organizations: source.failed,
        stale_organizations: source
            .stale
            .iter()
            .map(|stale| StaleDoc {
                org: &stale.org,
                fetched_at: Timestamp::Valid(stale.fetched_at).to_rfc3339(),
                age_seconds: (ctx.now - stale.fetched_at).num_seconds().max(0),
                reason: stale.reason,
            })
            .collect(),
        sources: source
            .sources
            .iter()
            .map(|answer| SourceDoc {
                org: &answer.org,
                fetched_at: Timestamp::Valid(answer.fetched_at).to_rfc3339(),
                origin: answer.origin,
                row_count: facts.org_rows.get(&answer.org).copied().unwrap_or(0),
            })
            .collect(),
        filters: &source.filters,
        row_count: facts.rows,
        payment_method_count: facts.payment_methods,
        totals: facts.totals.iter().map(JsonTotals::of).collect(),
        bytes: written.bytes,
        sha256: &written.sha256,
    };
    let path = manifest_path(&written.path);
    let ((), manifest) = write_file_atomically(&path, |file| {
        serde_json::to_writer_pretty(&mut *file, &doc)?;
        std::io::Write::write_all(file, b"\n")?;
        Ok(())
    })?;
    Ok(manifest)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn manifest_path_appends_to_the_full_name() {
        assert_eq!(
            manifest_path(Path::new("out/invoices.csv")),
            PathBuf::from("out/invoices.csv.manifest.json")
        );
    }

    #[test]
    fn base_url_loses_credentials_query_and_fragment() {
        let url = url::Url::parse("https://user:pw@h.example/api/?k=v#f").unwrap();
        let shown = without_credentials(&url);
        assert_eq!(
            shown, "https://h.example/api/",
            "nothing secret may reach the file"
        );
    }
}
