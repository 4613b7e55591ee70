//! Sort orders kept between queries, so a filter change or a sort the user picked before is
//! answered by one pass over the rows instead of a sort.
//!
//! A table of 100k rows is sorted in about 20 ms; the user then types in the search box or
//! flips a filter, and each keystroke used to sort again. Rows never change in place (new data
//! is a new `Arc`), so an order computed for one row set stays right as long as that very set
//! is the one queried. Entries hold a `Weak` to their rows: they never keep old data alive,
//! and because a `Weak` keeps the allocation reserved, a new row set can never reuse the
//! address of one an entry was made for.
//!
//! The first sort of a row set settles ties on the value by comparing organization and
//! invoice IDs, which is slow when IDs share long prefixes. Meanwhile a background thread
//! ranks the row set's rows by that tie-break once; later sorts of any column compare ranks.
//! For a large row set that thread then sorts every column ascending (the order a click on a
//! column header asks for first), so a first click is answered by one pass like a repeat.

use std::sync::{Arc, Mutex, Weak};
use std::thread;

use chrono::{DateTime, Utc};

use super::session::lock;
use crate::query::{
    InvoiceQuery, OrgInvoice, QueryResult, Sort, order_is_timeless, run_query, run_query_in_order,
    sorted_order, sorted_order_ranked, tiebreak_ranks,
};

/// How many (row set, sort) orders are kept: every column ascending for a large row set (see
/// [`SortOrders::warm`]) and the user's recent sorts, for the current organization and "All
/// organizations". At 100k rows an order takes 800 kB, so 24 take 19 MB.
const KEPT: usize = 24;

struct Kept {
    rows: Weak<Vec<OrgInvoice>>,
    sort: Sort,
    order: Arc<Vec<usize>>,
}

/// Tie-break ranks of one row set; `None` while the background thread computes them.
struct Ranks {
    rows: Weak<Vec<OrgInvoice>>,
    ranks: Option<Arc<Vec<u32>>>,
}

/// How many row sets keep their ranks (400 kB at 100k rows).
const RANKED: usize = 4;

/// Row sets at least this large are ranked as soon as they are queried (see
/// [`SortOrders::warm`]); smaller ones sort in a few milliseconds without ranks.
const WARM_FROM: usize = 10_000;

/// The kept orders of one session, newest last.
#[derive(Default)]
pub struct SortOrders {
    kept: Mutex<Vec<Kept>>,
    ranks: Mutex<Vec<Ranks>>,
}

impl std::fmt::Debug for SortOrders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SortOrders")
            .field("kept", &lock(&self.kept).len())
            .finish()
    }
}

impl SortOrders {
    /// Runs `query` over `rows`, reusing or keeping the order of its sort when that order
    /// does not depend on `now`. Gives exactly what [`run_query`] gives.
    pub fn run(
        self: &Arc<Self>,
        rows: &Arc<Vec<OrgInvoice>>,
        query: &InvoiceQuery,
        now: DateTime<Utc>,
    ) -> QueryResult {
        match query.sort {
            Some(sort) if order_is_timeless(sort) => {
                let order = self.order(rows, sort, now);
                run_query_in_order(rows, &order, query, now)
            }
            _ => run_query(rows, query, now),
        }
    }

    /// Starts ranking a large row set in the background the first time it is queried, so the
    /// user's first sort of it already compares ranks. Without this the first click on a
    /// column header after a fetch sorted by strings while the ranking ran beside it. (With
    /// this and opt-level 3, a first sort of 100k rows in the app took 32–41 ms, not 90–120.)
    pub fn warm(self: &Arc<Self>, rows: &Arc<Vec<OrgInvoice>>) {
        if rows.len() >= WARM_FROM {
            let _ = self.ranks_of(rows);
        }
    }

    fn order(
        self: &Arc<Self>,
        rows: &Arc<Vec<OrgInvoice>>,
        sort: Sort,
        now: DateTime<Utc>,
    ) -> Arc<Vec<usize>> {
        let target = Arc::downgrade(rows);
        {
            let mut kept = lock(&self.kept);
            // Entries whose rows are gone can never match again.
            kept.retain(|entry| entry.rows.strong_count() > 0);
            if let Some(at) = kept
                .iter()
                .position(|entry| entry.sort == sort && Weak::ptr_eq(&entry.rows, &target))
            {
                let entry = kept.remove(at);
                let order = Arc::clone(&entry.order);
                kept.push(entry);
                return order;
            }
        }
        // Sorted outside the lock: another query may run meanwhile; at worst both sort.
        let order = Arc::new(match self.ranks_of(rows) {
            Some(ranks) => sorted_order_ranked(rows, sort, now, &ranks),
            None => sorted_order(rows, sort, now),
        });
        let mut kept = lock(&self.kept);
        if kept.len() >= KEPT {
            kept.remove(0);
        }
        kept.push(Kept {
            rows: target,
            sort,
            order: Arc::clone(&order),
        });
        order
    }

    /// The tie-break ranks of `rows` when ready; otherwise starts computing them in the
    /// background (once per row set) and returns `None`.
    fn ranks_of(self: &Arc<Self>, rows: &Arc<Vec<OrgInvoice>>) -> Option<Arc<Vec<u32>>> {
        let target = Arc::downgrade(rows);
        let mut all = lock(&self.ranks);
        all.retain(|entry| entry.rows.strong_count() > 0);
        if let Some(entry) = all.iter().find(|entry| Weak::ptr_eq(&entry.rows, &target)) {
            return entry.ranks.clone();
        }
        if all.len() >= RANKED {
            all.remove(0);
        }
        all.push(Ranks {
            rows: target,
            ranks: None,
        });
        drop(all);
        let orders = Arc::clone(self);
        let rows = Arc::clone(rows);
        let spawned = thread::Builder::new()
            .name("sort-ranks".into())
            .spawn(move || {
                let ranks = Arc::new(tiebreak_ranks(&rows));
                let target = Arc::downgrade(&rows);
                if let Some(entry) = lock(&orders.ranks)
                    .iter_mut()
                    .find(|e| Weak::ptr_eq(&e.rows, &target))
                {
                    entry.ranks = Some(Arc::clone(&ranks));
                }
                if rows.len() >= WARM_FROM {
                    orders.presort(&rows, &ranks);
                }
            });
        if let Err(error) = spawned {
            // Sorting still works without ranks, only slower.
            tracing::debug!(%error, "could not start ranking rows for sorting");
        }
        None
    }

    /// Keeps the ascending order of every timeless column of `rows` not kept yet. Stops when
    /// this thread holds the last reference to `rows` (newer data replaced them).
    fn presort(&self, rows: &Arc<Vec<OrgInvoice>>, ranks: &[u32]) {
        let target = Arc::downgrade(rows);
        for column in crate::query::SortColumn::ALL {
            let sort = Sort {
                column,
                direction: crate::query::SortDirection::Asc,
            };
            if Arc::strong_count(rows) == 1 {
                return;
            }
            if !order_is_timeless(sort) {
                continue;
            }
            let kept = |kept: &[Kept]| {
                kept.iter()
                    .any(|entry| entry.sort == sort && Weak::ptr_eq(&entry.rows, &target))
            };
            if kept(&lock(&self.kept)) {
                continue;
            }
            // Timeless orders do not read the clock; any instant gives the same order.
            let order = Arc::new(sorted_order_ranked(rows, sort, Utc::now(), ranks));
            let mut all = lock(&self.kept);
            if kept(&all) {
                continue;
            }
            if all.len() >= KEPT {
                all.remove(0);
            }
            all.push(Kept {
                rows: target.clone(),
                sort,
                order,
            });
        }
    }

    /// Whether the ranks of `rows` are ready (for tests).
    #[cfg(test)]
    fn ranked(&self, rows: &Arc<Vec<OrgInvoice>>) -> bool {
        let target = Arc::downgrade(rows);
        lock(&self.ranks)
            .iter()
            .any(|e| Weak::ptr_eq(&e.rows, &target) && e.ranks.is_some())
    }

    /// How many orders are kept (for tests).
    #[cfg(test)]
    fn len(&self) -> usize {
        lock(&self.kept).len()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::ids::OrgId;
    use crate::model::Invoice;
    use crate::query::{SortColumn, SortDirection};

    fn rows(numbers: &[&str]) -> Arc<Vec<OrgInvoice>> {
        let org = OrgId::parse("org_a").unwrap();
        Arc::new(
            numbers
                .iter()
                .map(|n| OrgInvoice {
                    org: org.clone(),
                    invoice: Invoice {
                        number: Some((*n).to_owned()),
                        id: Some(format!("in_{n}")),
                        ..Invoice::default()
                    },
                })
                .collect(),
        )
    }

    fn by_number() -> InvoiceQuery {
        InvoiceQuery {
            sort: Some(Sort {
                column: SortColumn::Number,
                direction: SortDirection::Asc,
            }),
            ..InvoiceQuery::default()
        }
    }

    fn wait_ranked(orders: &SortOrders, rows: &Arc<Vec<OrgInvoice>>) {
        for _ in 0..500 {
            if orders.ranked(rows) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("the background ranking did not finish in 5 s");
    }

    #[test]
    fn a_kept_order_is_used_only_for_the_very_row_set_it_was_made_for() {
        let orders = Arc::new(SortOrders::default());
        let now = Utc::now();
        let first = rows(&["B", "A", "C"]);
        assert_eq!(orders.run(&first, &by_number(), now).page, vec![1, 0, 2]);
        assert_eq!(orders.len(), 1, "the order was kept");
        // Equal content in a new allocation is new data as far as the memo knows.
        let second = rows(&["C", "B", "A"]);
        assert_eq!(
            orders.run(&second, &by_number(), now).page,
            vec![2, 1, 0],
            "new rows are sorted, not answered with the old order"
        );
        // The background ranking holds the rows while it runs.
        wait_ranked(&orders, &first);
        drop(first);
        let third = rows(&["A", "C", "B"]);
        assert_eq!(orders.run(&third, &by_number(), now).page, vec![0, 2, 1]);
        assert_eq!(orders.len(), 2, "the order of dropped rows was let go");
    }

    #[test]
    fn days_overdue_is_sorted_afresh_each_time() {
        let orders = Arc::new(SortOrders::default());
        let data = rows(&["A"]);
        let query = InvoiceQuery {
            sort: Some(Sort {
                column: SortColumn::DaysOverdue,
                direction: SortDirection::Desc,
            }),
            ..InvoiceQuery::default()
        };
        orders.run(&data, &query, Utc::now());
        assert_eq!(
            orders.len(),
            0,
            "an order that moves with the clock is not kept"
        );
    }

    #[test]
    fn at_most_kept_orders_are_held() {
        let orders = Arc::new(SortOrders::default());
        let data = rows(&["B", "A"]);
        let now = Utc::now();
        for column in SortColumn::ALL {
            for direction in [SortDirection::Asc, SortDirection::Desc] {
                let query = InvoiceQuery {
                    sort: Some(Sort { column, direction }),
                    ..InvoiceQuery::default()
                };
                assert_eq!(
                    orders.run(&data, &query, now),
                    run_query(&data, &query, now),
                    "{column:?} {direction:?} answers like a fresh sort"
                );
            }
        }
        assert_eq!(orders.len(), KEPT);
    }

    #[test]
    fn once_ranked_a_row_set_sorts_by_ranks_to_the_same_order() {
        let orders = Arc::new(SortOrders::default());
        let data = rows(&["B", "A", "B", "C", "A"]);
        let now = Utc::now();
        let by = |column, direction| InvoiceQuery {
            sort: Some(Sort { column, direction }),
            ..InvoiceQuery::default()
        };
        orders.run(&data, &by(SortColumn::Number, SortDirection::Asc), now);
        wait_ranked(&orders, &data);
        for column in SortColumn::ALL {
            for direction in [SortDirection::Asc, SortDirection::Desc] {
                let query = by(column, direction);
                assert_eq!(
                    orders.run(&data, &query, now),
                    run_query(&data, &query, now),
                    "{column:?} {direction:?} by ranks equals the plain sort"
                );
            }
        }
    }

    #[test]
    fn warming_ranks_only_large_row_sets() {
        let orders = Arc::new(SortOrders::default());
        let small = rows(&["B", "A"]);
        orders.warm(&small);
        assert!(
            lock(&orders.ranks).is_empty(),
            "a small set is not ranked ahead"
        );
        let numbers: Vec<String> = (0..WARM_FROM).map(|n| format!("{n:06}")).collect();
        let large = rows(&numbers.iter().map(String::as_str).collect::<Vec<_>>());
        orders.warm(&large);
        wait_ranked(&orders, &large);
        let ranks = lock(&orders.ranks)
            .iter()
            .find_map(|entry| entry.ranks.clone())
            .unwrap();
        assert_eq!(ranks.as_slice(), tiebreak_ranks(&large).as_slice());
    }

    #[test]
    fn a_large_row_set_has_every_column_sorted_ascending_ahead() {
        let orders = Arc::new(SortOrders::default());
        let numbers: Vec<String> = (0..WARM_FROM).rev().map(|n| format!("{n:06}")).collect();
        let large = rows(&numbers.iter().map(String::as_str).collect::<Vec<_>>());
        orders.warm(&large);
        let timeless = SortColumn::ALL
            .into_iter()
            .filter(|&column| {
                order_is_timeless(Sort {
                    column,
                    direction: SortDirection::Asc,
                })
            })
            .count();
        for _ in 0..1000 {
            if orders.len() == timeless {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert_eq!(orders.len(), timeless, "one kept order per timeless column");
        let now = Utc::now();
        for entry in lock(&orders.kept).iter() {
            assert_eq!(entry.sort.direction, SortDirection::Asc);
            assert_eq!(
                entry.order.as_slice(),
                sorted_order(&large, entry.sort, now).as_slice(),
                "{:?} sorted ahead equals a plain sort",
                entry.sort.column
            );
        }
        // A click on a header now reuses the order made ahead instead of sorting.
        let query = by_number();
        assert_eq!(
            orders.run(&large, &query, now),
            run_query(&large, &query, now)
        );
        assert_eq!(orders.len(), timeless, "no new order was needed");
    }

    #[test]
    fn small_row_sets_are_not_sorted_ahead() {
        let orders = Arc::new(SortOrders::default());
        let small = rows(&["B", "A", "C"]);
        orders.run(&small, &by_number(), Utc::now());
        wait_ranked(&orders, &small);
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert_eq!(orders.len(), 1, "only the order the query asked for");
    }
}
