//! How many decoded invoices and payment methods one data source holds at once.
//!
//! The per-organization limits ([`super::MAX_INVOICES`]) bound one answer; a batch of many
//! organizations, each just under its limit, would still add up without bound. An
//! [`ItemBudget`] is shared by everything one data source decodes (the app's session, one
//! `bdesk` run): a decode reserves its items before it allocates them and gives them back when
//! the data is dropped ([`ItemLease`]), so the items held, decoded or being decoded, never
//! pass the budget's limit.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The most invoices and payment methods one data source holds decoded at once: two and a
/// half organizations at [`super::MAX_INVOICES`], so the largest organization allowed can be
/// refreshed (old and new answers exist together for a moment) while others stay loaded.
pub const MAX_ITEMS_HELD: usize = 5_000_000;

/// A count of items shared by the decodes of one data source. Cheap to clone: clones share
/// the count.
#[derive(Debug, Clone)]
pub struct ItemBudget(Arc<Counter>);

#[derive(Debug)]
struct Counter {
    limit: usize,
    held: AtomicUsize,
}

impl Default for ItemBudget {
    fn default() -> Self {
        ItemBudget::new(MAX_ITEMS_HELD)
    }
}

impl ItemBudget {
    /// A budget of `limit` items, none held.
    pub fn new(limit: usize) -> ItemBudget {
        ItemBudget(Arc::new(Counter {
            limit,
            held: AtomicUsize::new(0),
        }))
    }

    /// The most items held at once.
    pub fn limit(&self) -> usize {
        self.0.limit
    }

    /// Items held now (reserved by decodes running, or by data still alive).
    pub fn held(&self) -> usize {
        self.0.held.load(Ordering::Acquire)
    }

    /// Reserves `items`, or `None` (nothing reserved) when they would pass the limit.
    pub fn reserve(&self, items: usize) -> Option<ItemLease> {
        self.0
            .held
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |held| {
                held.checked_add(items)
                    .filter(|&after| after <= self.0.limit)
            })
            .ok()
            .map(|_| ItemLease {
                budget: Some(self.clone()),
                items,
            })
    }
}

/// Items reserved from an [`ItemBudget`], given back when dropped.
#[derive(Debug, Default)]
pub struct ItemLease {
    budget: Option<ItemBudget>,
    items: usize,
}

impl ItemLease {
    /// A lease of no budget: for data that is not counted (tests, the demo).
    pub fn none() -> ItemLease {
        ItemLease::default()
    }

    /// Items reserved.
    pub fn items(&self) -> usize {
        self.items
    }

    /// Gives back what is reserved beyond `items` (a decode reserves an upper bound first).
    pub fn shrink_to(&mut self, items: usize) {
        if let Some(budget) = &self.budget
            && items < self.items
        {
            budget
                .0
                .held
                .fetch_sub(self.items - items, Ordering::AcqRel);
            self.items = items;
        }
    }

    /// Takes over the items of `other`, a lease of the same budget (or of none).
    pub fn absorb(&mut self, mut other: ItemLease) {
        if self.budget.is_none() {
            self.budget = other.budget.take();
        }
        self.items += std::mem::take(&mut other.items);
    }

    /// Keeps the items counted for the rest of the budget's life: for a run that holds
    /// everything it decoded until it ends (one `bdesk` command).
    pub fn keep(mut self) {
        self.items = 0;
    }
}

impl Drop for ItemLease {
    fn drop(&mut self) {
        if let Some(budget) = &self.budget
            && self.items > 0
        {
            budget.0.held.fetch_sub(self.items, Ordering::AcqRel);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reservations_never_pass_the_limit_and_come_back_on_drop() {
        let budget = ItemBudget::new(10);
        let first = budget.reserve(6).unwrap();
        assert!(budget.reserve(5).is_none(), "6 + 5 passes 10");
        assert_eq!(budget.held(), 6, "a refused reservation takes nothing");
        let second = budget.reserve(4).unwrap();
        assert_eq!(budget.held(), 10);
        drop(first);
        assert_eq!(budget.held(), 4);
        drop(second);
        assert_eq!(budget.held(), 0);
    }

    #[test]
    fn shrinking_gives_back_the_excess_only() {
        let budget = ItemBudget::new(100);
        let mut lease = budget.reserve(60).unwrap();
        lease.shrink_to(25);
        assert_eq!((lease.items(), budget.held()), (25, 25));
        lease.shrink_to(40);
        assert_eq!(budget.held(), 25, "shrinking never grows a lease");
        drop(lease);
        assert_eq!(budget.held(), 0);
    }

    #[test]
    fn a_kept_lease_stays_counted() {
        let budget = ItemBudget::new(10);
        budget.reserve(7).unwrap().keep();
        assert_eq!(budget.held(), 7);
        assert!(budget.reserve(4).is_none());
    }

    #[test]
    fn an_overflowing_request_is_refused() {
        let budget = ItemBudget::new(usize::MAX);
        let _held = budget.reserve(usize::MAX - 1).unwrap();
        assert!(budget.reserve(2).is_none());
    }
}
