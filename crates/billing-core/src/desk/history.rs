//! The export history of the data source on screen, as the History and Changes tabs show it:
//! the list of exports, its verification, the folder of an exported file, and what changed
//! since an export in the data loaded now (see [`crate::history`]). The same history as
//! `bdesk history` and `bdesk changes` for a connection.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::app::Desk;
use super::error::DeskError;
use super::select;
use super::session::{Session, SourceKind};
use crate::history::{
    ChangeKind, Changes, CurrencyDelta, ExportRef, History, HistoryEntry, InvoiceChange, SnapRow,
    Snapshot, VerifyReport, compare, describe_view,
};
use crate::ids::OrgId;
use crate::query::InvoiceQuery;
use crate::settings::Connection;

/// One export as the History tab lists it. Never a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportEntry {
    /// Its number in the history, as `bdesk history` lists it.
    #[ts(type = "number")]
    pub number: u64,
    /// When (RFC 3339).
    pub at: String,
    /// The OS user who made it.
    pub user: String,
    /// `csv`, `xlsx` or `json`.
    pub format: String,
    /// The file; `None` for standard output (`bdesk export` without `-o`).
    pub path: Option<String>,
    /// Invoice rows written.
    #[ts(type = "number")]
    pub rows: u64,
    /// The organizations exported.
    pub organizations: Vec<String>,
    /// The view's filters in words ([`describe_view`]).
    pub view: String,
    /// Its snapshot is still kept, so changes since it can be shown.
    pub has_snapshot: bool,
}

/// Which changes the Changes tab shows, and in what order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct ChangesFilter {
    /// Only this category.
    pub kind: Option<ChangeKind>,
    /// Case-insensitive part of the organization, invoice number or ID.
    pub text: String,
    /// The column to sort by; the comparison's order when absent.
    pub sort: Option<ChangesSort>,
    /// Descending instead of ascending.
    pub descending: bool,
    /// Rows to send at most ([`MAX_CHANGE_ROWS`] when absent or larger).
    #[ts(type = "number | null")]
    pub limit: Option<usize>,
}

/// The columns the Changes table sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ChangesSort {
    /// The category, in [`ChangeKind`]'s order.
    Kind,
    /// The organization.
    Org,
    /// The invoice number (its ID when it has none).
    Number,
    /// The currency.
    Currency,
}

/// Rows of changes sent to the window at most: the rest are counted, and exported in full.
pub const MAX_CHANGE_ROWS: usize = 2_000;

/// What changed since an export, in the data loaded now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChangesView {
    /// The export compared with.
    pub since: ExportRef,
    /// Invoices per category, over every change (the filter aside).
    pub counts: std::collections::BTreeMap<ChangeKind, usize>,
    /// Per currency: outstanding and paid before and now.
    pub by_currency: Vec<CurrencyDelta>,
    /// Every changed invoice.
    pub total: usize,
    /// Those that pass the filter.
    pub matched: usize,
    /// The first of them, sorted as asked.
    pub rows: Vec<InvoiceChange>,
    /// Stripe exponent of each currency in the rows and totals, for formatting.
    pub currencies: std::collections::BTreeMap<String, u32>,
    /// Organizations of the export with no data loaded now (failed or not fetched): left out
    /// of the comparison rather than reported as gone.
    pub not_compared: Vec<String>,
}

/// The comparison before filtering: the export, and the changes in full.
#[derive(Debug)]
pub struct ChangesSince {
    /// The export compared with.
    pub since: ExportRef,
    /// Every change.
    pub changes: Changes,
    /// See [`ChangesView::not_compared`].
    pub not_compared: Vec<String>,
}

impl Desk {
    /// The export history of the data source on screen (a connection, or the demo).
    /// It keeps as many snapshots as the connection's settings say.
    pub(super) fn history(&self) -> History {
        match self.session().kind() {
            SourceKind::Connection(name) => {
                let kept = self.connection_on_screen(Connection::snapshots_kept);
                History::of(self.dirs().data_dir(), name)
                    .keeping(kept.unwrap_or(crate::history::DEFAULT_SNAPSHOTS_KEPT))
            }
            SourceKind::Demo => History::of(self.dirs().data_dir(), "demo"),
        }
    }

    /// Every export of the data source on screen, newest first.
    ///
    /// # Errors
    /// [`DeskError::History`] when the log cannot be read.
    pub fn export_history(&self) -> Result<Vec<ExportEntry>, DeskError> {
        let history = self.history();
        let entries = history.entries()?;
        Ok(entries
            .iter()
            .rev()
            .map(|entry| ExportEntry {
                number: entry.seq,
                at: entry.at.to_rfc3339(),
                user: entry.user.clone(),
                format: entry.format.clone(),
                path: entry.path.clone(),
                rows: entry.rows,
                organizations: entry.organizations.clone(),
                view: describe_view(&entry.view),
                has_snapshot: Snapshot::path_in(history.dir(), &entry.snapshot).is_file(),
            })
            .collect())
    }

    /// Checks the history's chain and the exported files that still exist.
    ///
    /// # Errors
    /// [`DeskError::History`] when the log cannot be read.
    pub fn history_verify(&self) -> Result<VerifyReport, DeskError> {
        Ok(self.history().verify()?)
    }

    /// The folder holding export `number`'s file, from the history (never from the page).
    ///
    /// # Errors
    /// [`DeskError::History`] for an unknown export; [`DeskError::ExportFileGone`] when it
    /// went to standard output or its folder no longer exists.
    pub fn export_folder(&self, number: u64) -> Result<PathBuf, DeskError> {
        let entry = self.entry(number)?;
        let folder = entry
            .path
            .as_deref()
            .map(Path::new)
            .and_then(Path::parent)
            .filter(|dir| dir.is_dir())
            .ok_or(DeskError::ExportFileGone { export: number })?;
        Ok(folder.to_path_buf())
    }

    /// The export the Changes tab starts from for `query`'s view: the newest export of the
    /// same filters and organizations, else the newest export; `None` before any export.
    ///
    /// # Errors
    /// [`DeskError::History`] when the log cannot be read.
    pub fn last_export_of(&self, query: &InvoiceQuery) -> Result<Option<u64>, DeskError> {
        let entries = self.history().entries()?;
        let mut query = query.clone();
        query.offset = None;
        query.limit = None;
        let wanted = serde_json::to_value(&query).unwrap_or(serde_json::Value::Null);
        let same = entries.iter().rev().find(|e| e.view == wanted);
        Ok(same.or(entries.last()).map(|e| e.seq))
    }

    /// What changed since export `number` in the data loaded now: the export's own filters
    /// applied to its organizations that have data, compared with its snapshot.
    ///
    /// # Errors
    /// [`DeskError::History`]: unknown export, pruned or damaged snapshot, unreadable log.
    pub async fn changes_since(
        &self,
        number: u64,
        now: DateTime<Utc>,
    ) -> Result<ChangesSince, DeskError> {
        self.ready().await;
        let history = self.history();
        let (entry, snapshot) = history.snapshot_since(&number.to_string())?;
        let session = self.session();
        let compared =
            tokio::task::spawn_blocking(move || compare_now(&session, &entry, snapshot, now))
                .await
                .map_err(|e| DeskError::Internal(e.to_string()))?;
        Ok(compared)
    }

    /// [`Desk::changes_since`] filtered and sorted for the Changes tab.
    ///
    /// # Errors
    /// As [`Desk::changes_since`].
    pub async fn changes_view(
        &self,
        number: u64,
        filter: &ChangesFilter,
        now: DateTime<Utc>,
    ) -> Result<ChangesView, DeskError> {
        let since = self.changes_since(number, now).await?;
        Ok(view_of(since, filter))
    }

    fn entry(&self, number: u64) -> Result<HistoryEntry, DeskError> {
        self.history()
            .entries()?
            .into_iter()
            .find(|e| e.seq == number)
            .ok_or_else(|| {
                DeskError::History(crate::history::HistoryError::SnapshotMissing {
                    id: number.to_string(),
                })
            })
    }
}

/// Compares `snapshot` with `session`'s data now, through `entry`'s own filters.
fn compare_now(
    session: &Session,
    entry: &HistoryEntry,
    snapshot: Snapshot,
    now: DateTime<Utc>,
) -> ChangesSince {
    // The same view as the export, so an invoice its filters left out is not "new" now.
    let query: InvoiceQuery = serde_json::from_value(entry.view.clone()).unwrap_or_default();
    let orgs: Vec<OrgId> = entry
        .organizations
        .iter()
        .filter_map(|org| OrgId::parse(org).ok())
        .collect();
    let selection = session.select(&orgs);
    let loaded: std::collections::HashSet<String> =
        selection.orgs().iter().map(ToString::to_string).collect();
    let not_compared: Vec<String> = entry
        .organizations
        .iter()
        .filter(|org| !loaded.contains(*org))
        .cloned()
        .collect();
    let result = select::run_over(&selection, &query, now);
    let current: Vec<SnapRow> = result
        .page_rows(&selection.rows)
        .filter_map(|row| SnapRow::of(&row.org, &row.invoice))
        .collect();
    let before: Vec<SnapRow> = if not_compared.is_empty() {
        snapshot.rows
    } else {
        snapshot
            .rows
            .into_iter()
            .filter(|row| loaded.contains(&row.org))
            .collect()
    };
    ChangesSince {
        since: ExportRef::of(entry),
        changes: compare(&before, &current),
        not_compared,
    }
}

fn view_of(since: ChangesSince, filter: &ChangesFilter) -> ChangesView {
    let ChangesSince {
        since,
        changes,
        not_compared,
    } = since;
    let needle = filter.text.trim().to_lowercase();
    let mut rows: Vec<&InvoiceChange> = changes
        .invoices
        .iter()
        .filter(|c| filter.kind.is_none_or(|kind| c.kind == kind))
        .filter(|c| {
            needle.is_empty()
                || [
                    Some(c.org.as_str()),
                    Some(c.id.as_str()),
                    c.number.as_deref(),
                ]
                .into_iter()
                .flatten()
                .any(|text| text.to_lowercase().contains(&needle))
        })
        .collect();
    if let Some(sort) = filter.sort {
        let key = |c: &InvoiceChange| -> (String, String) {
            let primary = match sort {
                ChangesSort::Kind => String::new(),
                ChangesSort::Org => c.org.clone(),
                ChangesSort::Number => c.number.clone().unwrap_or_else(|| c.id.clone()),
                ChangesSort::Currency => c.currency.clone().unwrap_or_default(),
            };
            (primary, c.id.clone())
        };
        rows.sort_by(|a, b| {
            let order = match sort {
                ChangesSort::Kind => a.kind.cmp(&b.kind).then_with(|| a.id.cmp(&b.id)),
                _ => key(a).cmp(&key(b)),
            };
            if filter.descending {
                order.reverse()
            } else {
                order
            }
        });
    }
    let matched = rows.len();
    let limit = filter.limit.unwrap_or(MAX_CHANGE_ROWS).min(MAX_CHANGE_ROWS);
    let rows: Vec<InvoiceChange> = rows.into_iter().take(limit).cloned().collect();
    let mut currencies = std::collections::BTreeMap::new();
    let codes = rows.iter().filter_map(|c| c.currency.as_deref()).chain(
        changes
            .by_currency
            .iter()
            .filter_map(|d| d.currency.as_deref()),
    );
    for code in codes {
        currencies
            .entry(code.to_owned())
            .or_insert_with(|| crate::money::Currency::new(code).exponent());
    }
    ChangesView {
        since,
        total: changes.invoices.len(),
        counts: changes.counts,
        by_currency: changes.by_currency,
        matched,
        rows,
        currencies,
        not_compared,
    }
}
