//! Where each organization's data stands, as the organization list shows it.

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::error::CommandError;
use crate::ids::OrgId;

/// Where an organization's data comes from right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum OrgState {
    /// Nothing loaded yet.
    NotLoaded,
    /// A fetch is running (older data, if any, is still shown).
    Loading,
    /// Fetched in this session.
    Fresh,
    /// Shown from the disk cache of an earlier session ("as of `fetchedAt`").
    Cached,
    /// The last fetch failed; with `fetchedAt` set, older data is still shown (stale banner).
    Failed,
}

/// One organization in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OrgStatus {
    /// The organization.
    pub org_id: OrgId,
    /// The user's label for it.
    pub label: Option<String>,
    /// Where its data stands.
    pub state: OrgState,
    /// The rows shown were fetched before the service refused the token for this
    /// organization (401 or 403, in this session or noted with the cached answer): they may
    /// no longer be this token's to see.
    pub refused: bool,
    /// When the data shown was fetched (RFC 3339), if any is shown.
    #[ts(type = "string | null")]
    pub fetched_at: Option<DateTime<Utc>>,
    /// Invoices loaded.
    pub invoices: usize,
    /// Payment methods loaded.
    pub payment_methods: usize,
    /// Why the last fetch failed, when `state` is `failed`.
    pub error: Option<CommandError>,
}
