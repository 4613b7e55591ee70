//! Numbers text keys (organization IDs, currency codes) as a sort meets them, then ranks them
//! by their text once every key has been seen, so each row's key costs one lookup while rows
//! are collected and the comparisons that follow are integer comparisons.

use super::fnv::FnvMap;

/// Keys in first-seen order, and where each one is in that order.
#[derive(Debug, Default)]
pub(super) struct Ranker<'a> {
    keys: Vec<&'a str>,
    index: FnvMap<&'a str, u32>,
    /// The last key looked up: rows usually come in runs of one organization.
    last: Option<(&'a str, u32)>,
}

impl<'a> Ranker<'a> {
    /// The key's first-seen number: 0 for the first key met, 1 for the next new one…
    pub(super) fn seen(&mut self, key: &'a str) -> u32 {
        if let Some((last, seen)) = self.last
            && last == key
        {
            return seen;
        }
        let next = u32::try_from(self.keys.len()).unwrap_or(u32::MAX);
        let keys = &mut self.keys;
        let seen = *self.index.entry(key).or_insert_with(|| {
            keys.push(key);
            next
        });
        self.last = Some((key, seen));
        seen
    }

    /// For each first-seen number, the key's rank in text order.
    pub(super) fn ranks(&self) -> Vec<u32> {
        let mut by_text: Vec<usize> = (0..self.keys.len()).collect();
        by_text.sort_unstable_by_key(|&i| self.keys.get(i).copied().unwrap_or_default());
        let mut rank_of = vec![0u32; self.keys.len()];
        for (rank, &seen) in by_text.iter().enumerate() {
            if let Some(slot) = rank_of.get_mut(seen) {
                *slot = u32::try_from(rank).unwrap_or(u32::MAX);
            }
        }
        rank_of
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_numbered_as_met_and_ranked_by_text() {
        let mut ranker = Ranker::default();
        let seen: Vec<u32> = ["USD", "EUR", "USD", "USD", "JPY", "EUR"]
            .into_iter()
            .map(|key| ranker.seen(key))
            .collect();
        assert_eq!(seen, [0, 1, 0, 0, 2, 1], "a key keeps its first number");
        assert_eq!(
            ranker.ranks(),
            [2, 0, 1],
            "USD, EUR, JPY rank after EUR, JPY"
        );
    }
}
