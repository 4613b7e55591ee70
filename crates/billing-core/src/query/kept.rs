//! A short list of values worked out for one row set each (a sort order, a filter's answer),
//! the most recently used last, at most `N`.
//!
//! Rows never change in place (new data is a new `Arc`), so a value made for one row set stays
//! right as long as that very set is the one asked about. Entries hold a `Weak` to their rows:
//! they never keep old data alive, and because a `Weak` keeps the allocation reserved, a new
//! row set can never reuse the address of one an entry was made for.

use std::sync::{Arc, Mutex, Weak};

use super::OrgInvoice;
use crate::sync::lock;

struct Entry<K, V> {
    rows: Weak<Vec<OrgInvoice>>,
    key: K,
    value: Arc<V>,
}

impl<K: PartialEq, V> Entry<K, V> {
    fn is_for(&self, rows: &Weak<Vec<OrgInvoice>>, key: &K) -> bool {
        Weak::ptr_eq(&self.rows, rows) && self.key == *key
    }
}

/// Values kept per (row set, key), at most `N`, the least recently used let go first.
pub(super) struct Kept<K, V, const N: usize> {
    entries: Mutex<Vec<Entry<K, V>>>,
}

impl<K, V, const N: usize> Default for Kept<K, V, N> {
    fn default() -> Self {
        Kept {
            entries: Mutex::new(Vec::new()),
        }
    }
}

impl<K, V, const N: usize> std::fmt::Debug for Kept<K, V, N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kept")
            .field("entries", &lock(&self.entries).len())
            .finish()
    }
}

impl<K: PartialEq, V, const N: usize> Kept<K, V, N> {
    /// The value kept for `rows` and `key`, else `make`'s, kept. `make` runs outside the lock:
    /// another caller may make the same value meanwhile, and at worst both do.
    pub(super) fn get_or_make(
        &self,
        rows: &Arc<Vec<OrgInvoice>>,
        key: K,
        make: impl FnOnce() -> V,
    ) -> Arc<V> {
        let target = Arc::downgrade(rows);
        {
            let mut entries = lock(&self.entries);
            // Entries whose rows are gone can never match again.
            entries.retain(|entry| entry.rows.strong_count() > 0);
            if let Some(at) = entries.iter().position(|entry| entry.is_for(&target, &key)) {
                let entry = entries.remove(at);
                let value = Arc::clone(&entry.value);
                entries.push(entry);
                return value;
            }
        }
        let value = Arc::new(make());
        self.keep(target, key, Arc::clone(&value));
        value
    }

    /// The value kept for `rows` and `key`, if any (without counting as a use).
    pub(super) fn get(&self, rows: &Arc<Vec<OrgInvoice>>, key: &K) -> Option<Arc<V>> {
        let target = Arc::downgrade(rows);
        lock(&self.entries)
            .iter()
            .find(|entry| entry.is_for(&target, key))
            .map(|entry| Arc::clone(&entry.value))
    }

    /// Keeps `value` for `rows` and `key` unless one is kept already; whether it was kept.
    pub(super) fn insert(&self, rows: &Arc<Vec<OrgInvoice>>, key: K, value: V) -> bool {
        self.keep(Arc::downgrade(rows), key, Arc::new(value))
    }

    fn keep(&self, rows: Weak<Vec<OrgInvoice>>, key: K, value: Arc<V>) -> bool {
        let mut entries = lock(&self.entries);
        entries.retain(|entry| entry.rows.strong_count() > 0);
        if entries.iter().any(|entry| entry.is_for(&rows, &key)) {
            return false;
        }
        if entries.len() >= N {
            entries.remove(0);
        }
        entries.push(Entry { rows, key, value });
        true
    }

    /// How many values are kept (for tests).
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        lock(&self.entries).len()
    }

    /// Every kept (rows, key, value), oldest first (for tests).
    #[cfg(test)]
    pub(super) fn entries(&self) -> Vec<(Weak<Vec<OrgInvoice>>, K, Arc<V>)>
    where
        K: Clone,
    {
        lock(&self.entries)
            .iter()
            .map(|entry| {
                (
                    entry.rows.clone(),
                    entry.key.clone(),
                    Arc::clone(&entry.value),
                )
            })
            .collect()
    }
}
