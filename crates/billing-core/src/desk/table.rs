//! The loaded data of each organization, and the rule that an older response never
//! overwrites a newer one.
//!
//! Every load (a network fetch or a disk-cache read) takes a [`Ticket`] when it starts; the
//! ticket's generation grows with every start. A finished load is applied only when its
//! generation is newer than the data (or failure) already recorded, so a slow cache read that
//! ends after a fresh fetch, or an old fetch that ends after a newer one, changes nothing.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::error::{CommandError, ErrorCode};
use super::status::{OrgState, OrgStatus};
use crate::ids::OrgId;
use crate::model::{BillingDetails, InvoiceStatus, ItemLease, PaymentMethod};
use crate::query::OrgInvoice;

/// Where loaded data came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataOrigin {
    /// Fetched from the API in this session.
    Fetched,
    /// Read from the disk cache of an earlier fetch.
    Cache,
}

/// One organization's data, shared read-only by queries while newer data replaces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgData {
    /// Its invoices, as table rows, in the order the API sent them.
    pub rows: Arc<Vec<OrgInvoice>>,
    /// The tie-break rank of each row ([`crate::query::tiebreak_ranks`]), made once here, off
    /// the query path: the ranks of "All organizations" are put together from these without
    /// comparing a string.
    pub ranks: Arc<Vec<u32>>,
    /// The statuses its invoices offer to filter by ([`crate::query::status_facet`]), made
    /// once here so a query does not read every row for them.
    pub statuses: Arc<Vec<InvoiceStatus>>,
    /// Its payment methods.
    pub payment_methods: Arc<Vec<PaymentMethod>>,
    /// When the data was fetched from the API.
    pub fetched_at: DateTime<Utc>,
    /// Where it came from.
    pub origin: DataOrigin,
    /// When the service refused the token for this organization after these rows were
    /// fetched (a note kept with the cached answer), if it did.
    pub refused_at: Option<DateTime<Utc>>,
    /// Its items, counted against the session's [`crate::model::ItemBudget`] until the last copy is dropped.
    pub held: HeldItems,
}

/// The items an [`OrgData`] holds against its session's budget. Not part of the data: two
/// `OrgData` with the same rows are equal whatever they hold.
#[derive(Debug, Clone, Default)]
pub struct HeldItems {
    /// Held only to be dropped with the data's last copy.
    _lease: Arc<ItemLease>,
}

impl PartialEq for HeldItems {
    fn eq(&self, _: &HeldItems) -> bool {
        true
    }
}

impl Eq for HeldItems {}

impl OrgData {
    /// The data of `details` for `org`. Ranks the rows: call it where blocking work may run.
    pub fn new(
        org: &OrgId,
        details: BillingDetails,
        fetched_at: DateTime<Utc>,
        origin: DataOrigin,
    ) -> OrgData {
        let mut rows = Vec::new();
        OrgInvoice::append(&mut rows, org, details.invoices);
        let statuses =
            crate::query::status_facet(rows.iter().filter_map(|row| row.invoice.status.as_ref()));
        OrgData {
            ranks: Arc::new(crate::query::tiebreak_ranks(&rows)),
            statuses: Arc::new(statuses),
            rows: Arc::new(rows),
            payment_methods: Arc::new(details.payment_methods),
            fetched_at,
            origin,
            refused_at: None,
            held: HeldItems::default(),
        }
    }

    /// The same data, noted as fetched before the service refused the token at `at`.
    pub fn refused_since(self, at: Option<DateTime<Utc>>) -> OrgData {
        OrgData {
            refused_at: at,
            ..self
        }
    }

    /// The same data, counting `lease` as held while it lives.
    pub fn holding(self, lease: ItemLease) -> OrgData {
        OrgData {
            held: HeldItems {
                _lease: Arc::new(lease),
            },
            ..self
        }
    }
}

/// A load in progress. Hand it back to [`OrgTable::finish`] exactly once.
#[derive(Debug, PartialEq, Eq)]
#[must_use = "a ticket must be finished, or the organization stays `loading`"]
pub struct Ticket {
    org: OrgId,
    generation: u64,
}

impl Ticket {
    /// The organization being loaded.
    pub fn org(&self) -> &OrgId {
        &self.org
    }

    /// Its generation: larger means started later.
    pub fn generation(&self) -> u64 {
        self.generation
    }
}

/// How a load ended.
#[derive(Debug, Clone)]
pub enum LoadOutcome {
    /// New data.
    Loaded(Arc<OrgData>),
    /// The load failed; older data, if any, stays visible.
    Failed(CommandError),
    /// Nothing to apply (no cache file, or cancelled): the organization keeps what it had.
    Nothing,
}

#[derive(Debug, Default)]
struct Entry {
    data: Option<Arc<OrgData>>,
    /// Generation of `data` (0 = none).
    data_generation: u64,
    error: Option<CommandError>,
    error_generation: u64,
    /// Loads started and not finished.
    loading: usize,
}

/// Every organization's data and load state. Not locked itself: the session keeps it behind
/// one mutex and never holds that across an `.await`.
#[derive(Debug, Default)]
pub struct OrgTable {
    entries: HashMap<OrgId, Entry>,
    next_generation: u64,
    version: u64,
}

impl OrgTable {
    /// An empty table.
    pub fn new() -> OrgTable {
        OrgTable::default()
    }

    /// Starts a load of `org`: it shows as `loading` until the ticket is finished.
    pub fn begin(&mut self, org: &OrgId) -> Ticket {
        self.next_generation += 1;
        let entry = self.entries.entry(org.clone()).or_default();
        entry.loading += 1;
        Ticket {
            org: org.clone(),
            generation: self.next_generation,
        }
    }

    /// Ends a load. Returns whether its outcome was applied: `false` when something newer
    /// was recorded meanwhile (or there was nothing to apply).
    pub fn finish(&mut self, ticket: Ticket, outcome: LoadOutcome) -> bool {
        let Ticket { org, generation } = ticket;
        let entry = self.entries.entry(org).or_default();
        entry.loading = entry.loading.saturating_sub(1);
        let newest = generation > entry.data_generation && generation > entry.error_generation;
        match outcome {
            LoadOutcome::Loaded(data) if newest => {
                entry.data = Some(data);
                entry.data_generation = generation;
                entry.error = None;
                self.version += 1;
                true
            }
            // A cancelled fetch is the user's choice, not a failure to report.
            LoadOutcome::Failed(error) if newest && error.code != ErrorCode::Cancelled => {
                entry.error = Some(error);
                entry.error_generation = generation;
                true
            }
            _ => false,
        }
    }

    /// The data shown for `org`, if any.
    pub fn data(&self, org: &OrgId) -> Option<Arc<OrgData>> {
        self.entries.get(org).and_then(|e| e.data.clone())
    }

    /// The generation of `org`'s data (0 when none); changes whenever the data does.
    pub fn data_generation(&self, org: &OrgId) -> u64 {
        self.entries.get(org).map_or(0, |e| e.data_generation)
    }

    /// Grows whenever any organization's data changes.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Forgets `org` (removed from the list). Loads still running for it are ignored.
    pub fn remove(&mut self, org: &OrgId) {
        if self.entries.remove(org).is_some() {
            self.version += 1;
        }
    }

    /// `org`'s row of the organization list.
    pub fn status(&self, org: &OrgId, label: Option<String>) -> OrgStatus {
        let entry = self.entries.get(org);
        let data = entry.and_then(|e| e.data.as_ref());
        let error = entry.and_then(|e| e.error.clone());
        let state = match (entry, data) {
            (Some(e), _) if e.loading > 0 => OrgState::Loading,
            _ if error.is_some() => OrgState::Failed,
            (_, Some(d)) if d.origin == DataOrigin::Fetched => OrgState::Fresh,
            (_, Some(_)) => OrgState::Cached,
            _ => OrgState::NotLoaded,
        };
        // Rows shown from before a refusal: one noted with the cached answer, or this
        // session's last fetch refused while older rows stay on screen.
        let refused = data.is_some_and(|d| {
            d.refused_at.is_some()
                || error
                    .as_ref()
                    .is_some_and(|e| e.code == ErrorCode::Unauthorized)
        });
        OrgStatus {
            org_id: org.clone(),
            label,
            state,
            refused,
            fetched_at: data.map(|d| d.fetched_at),
            invoices: data.map_or(0, |d| d.rows.len()),
            payment_methods: data.map_or(0, |d| d.payment_methods.len()),
            error,
        }
    }
}
