//! A small FNV-1a hasher for the query's per-row lookups of short keys (organization IDs).
//!
//! The standard SipHash guards against adversarial keys, which costs tens of nanoseconds per
//! short string; the query looks up an organization for every one of 100k rows, and the keys
//! are the user's own data, so the fast hash is the right trade here.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

#[derive(Debug)]
pub(super) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

pub(super) type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
pub(super) type FnvSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;
