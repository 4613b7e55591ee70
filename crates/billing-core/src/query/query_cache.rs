//! The work kept between queries of one session: sort orders (here) and filter answers
//! ([`MatchCache`]), so a filter change or a sort the user picked before is answered by one
//! pass over the rows instead of a sort, and a sort change or a scroll over the same filter
//! by a walk over the outstanding rows it matched.
//!
//! Sorting a large table costs far more than filtering it, and the user types in the search
//! box or flips a filter after sorting. Both are kept per row set ([`Kept`]), and stay right
//! as long as that very set is the one queried.
//!
//! Ties on the value are settled by organization and invoice ID, compared as ranks: every
//! row set comes with the rank of each row in that order ([`super::tiebreak_ranks`]), so no
//! sort reads an ID string. For a large row set that stays on screen, a background thread
//! then sorts every column ascending (the order a click on a column header asks for first), so
//! a first click is answered by one pass like a repeat. That thread starts once the row set
//! has been the current one for [`WARM_AFTER`]: during a batch "All organizations" is a new
//! row set at every refresh, and sorting each of those ahead would compete with the queries
//! themselves. The second click on a header, the other direction, is worked out from the kept
//! order in one pass ([`flipped`]).

use std::sync::Arc;
use std::thread;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::kept::Kept;
use super::match_cache::MatchCache;
use super::reverse::{Runs, flipped};
use super::{
    InvoiceQuery, OrgInvoice, QueryResult, Sort, SortDirection, order_is_timeless, run_query,
    sorted_order_runs,
};

/// How many (row set, sort) orders are kept: every column ascending for a large row set (see
/// [`QueryCache::warm`]) and the user's recent sorts, for the current organization and "All
/// organizations". An order holds 4 bytes per row: at a million rows 24 take 96 MB.
const KEPT: usize = 24;

/// A kept order: row indices as `u32`, half the memory of `usize`, and where its runs of equal
/// values begin. Row sets of more rows than a `u32` counts are sorted afresh each time (the
/// item budget keeps far fewer): see [`keeps_orders`].
#[derive(Debug)]
struct Order {
    indices: Vec<u32>,
    runs: Runs,
}

impl Order {
    /// The order of `sort` over `rows`, for rows that [`keeps_orders`].
    fn sorted(rows: &[OrgInvoice], sort: Sort, now: DateTime<Utc>, ranks: &[u32]) -> Order {
        let (order, runs) = sorted_order_runs(rows, sort, now, Some(ranks));
        let indices = order
            .into_iter()
            // The caller checked the row count: every index fits.
            .map(|index| u32::try_from(index).unwrap_or(u32::MAX))
            .collect();
        Order { indices, runs }
    }
}

/// Whether orders of `rows` can be kept: their indices fit a `u32`.
fn keeps_orders(rows: &[OrgInvoice]) -> bool {
    u32::try_from(rows.len()).is_ok()
}

/// Row sets at least this large have their columns sorted ahead (see [`QueryCache::warm`]);
/// smaller ones sort in a few milliseconds.
const WARM_FROM: usize = 10_000;

/// How long a row set must stay current before its columns are sorted ahead: a row set that
/// is still held (by the session's "All organizations" memo or an organization's data) after
/// this long is the one on screen, not one of a batch's passing states.
const WARM_AFTER: Duration = Duration::from_millis(1000);

/// Row sets whose sorting ahead was scheduled, so each is scheduled once.
const WARMED: usize = 8;

/// The kept orders (newest last) and filter answers of one session.
#[derive(Default)]
pub struct QueryCache {
    orders: Kept<Sort, Order, KEPT>,
    /// Row sets whose sorting ahead was scheduled.
    warmed: Kept<(), (), WARMED>,
    matches: MatchCache,
}

impl std::fmt::Debug for QueryCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QueryCache")
            .field("orders", &self.orders)
            .field("matches", &self.matches)
            .finish()
    }
}

impl QueryCache {
    /// Runs `query` over `rows` (with `ranks`, their tie-break ranks), reusing or keeping the
    /// order of its sort when that order does not depend on `now`, and its filter's answer.
    /// Gives exactly what [`run_query`] gives.
    pub fn run(
        self: &Arc<Self>,
        rows: &Arc<Vec<OrgInvoice>>,
        ranks: &[u32],
        query: &InvoiceQuery,
        now: DateTime<Utc>,
    ) -> QueryResult {
        match query.sort {
            Some(sort) if order_is_timeless(sort) && keeps_orders(rows) => {
                let order = self.order(rows, ranks, sort, now);
                self.matches.run(rows, Some(&order.indices), query, now)
            }
            Some(_) => run_query(rows, query, now),
            None => self.matches.run(rows, None, query, now),
        }
    }

    /// Schedules sorting every column of a large row set ahead, once per row set: a thread
    /// waits [`WARM_AFTER`] and gives up when the row set was let go meanwhile.
    pub fn warm(self: &Arc<Self>, rows: &Arc<Vec<OrgInvoice>>, ranks: &Arc<Vec<u32>>) {
        if rows.len() < WARM_FROM || !keeps_orders(rows) || !self.warmed.insert(rows, (), ()) {
            return;
        }
        let target = Arc::downgrade(rows);
        // Weak references only: a row set waiting here is never kept alive by the wait.
        let orders = Arc::downgrade(self);
        let ranks = Arc::downgrade(ranks);
        let spawned = thread::Builder::new()
            .name("sort-ahead".into())
            .spawn(move || {
                thread::sleep(WARM_AFTER);
                let (Some(orders), Some(rows), Some(ranks)) =
                    (orders.upgrade(), target.upgrade(), ranks.upgrade())
                else {
                    return;
                };
                orders.presort(&rows, &ranks);
            });
        if let Err(error) = spawned {
            // Sorting still works without orders made ahead, only the first click is slower.
            tracing::debug!(%error, "could not start sorting columns ahead");
        }
    }

    fn order(
        self: &Arc<Self>,
        rows: &Arc<Vec<OrgInvoice>>,
        ranks: &[u32],
        sort: Sort,
        now: DateTime<Utc>,
    ) -> Arc<Order> {
        self.orders.get_or_make(rows, sort, || {
            let other = Sort {
                direction: match sort.direction {
                    SortDirection::Asc => SortDirection::Desc,
                    SortDirection::Desc => SortDirection::Asc,
                },
                ..sort
            };
            // The second click on a header: one pass over the kept order, no sort.
            let kept = self.orders.get(rows, &other);
            match kept.and_then(|kept| flipped(&kept.indices, &kept.runs)) {
                Some((indices, runs)) => Order { indices, runs },
                None => Order::sorted(rows, sort, now, ranks),
            }
        })
    }

    /// Keeps the ascending order of every timeless column of `rows` not kept yet. Stops when
    /// this thread holds the last reference to `rows` (newer data replaced them).
    fn presort(&self, rows: &Arc<Vec<OrgInvoice>>, ranks: &[u32]) {
        for column in crate::query::SortColumn::ALL {
            let sort = Sort {
                column,
                direction: SortDirection::Asc,
            };
            if Arc::strong_count(rows) == 1 {
                return;
            }
            if !order_is_timeless(sort) || self.orders.get(rows, &sort).is_some() {
                continue;
            }
            // Timeless orders do not read the clock; any instant gives the same order.
            let order = Order::sorted(rows, sort, Utc::now(), ranks);
            self.orders.insert(rows, sort, order);
        }
    }

    /// How many orders are kept (for tests).
    #[cfg(test)]
    fn len(&self) -> usize {
        self.orders.len()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::ids::OrgId;
    use crate::model::Invoice;
    use std::sync::Weak;

    use crate::query::{SortColumn, sorted_order, tiebreak_ranks};

    /// Rows and their tie-break ranks, as the session hands them to queries.
    fn rows(numbers: &[&str]) -> (Arc<Vec<OrgInvoice>>, Arc<Vec<u32>>) {
        let org = OrgId::parse("org_a").unwrap();
        let rows: Vec<OrgInvoice> = numbers
            .iter()
            .map(|n| OrgInvoice {
                org: org.clone(),
                invoice: Invoice {
                    number: Some((*n).to_owned()),
                    id: Some(format!("in_{n}")),
                    ..Invoice::default()
                }
                .into(),
            })
            .collect();
        let ranks = Arc::new(tiebreak_ranks(&rows));
        (Arc::new(rows), ranks)
    }

    fn large(reversed: bool) -> (Arc<Vec<OrgInvoice>>, Arc<Vec<u32>>) {
        let mut numbers: Vec<String> = (0..WARM_FROM).map(|n| format!("{n:06}")).collect();
        if reversed {
            numbers.reverse();
        }
        rows(&numbers.iter().map(String::as_str).collect::<Vec<_>>())
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

    fn timeless_columns() -> usize {
        SortColumn::ALL
            .into_iter()
            .filter(|&column| {
                order_is_timeless(Sort {
                    column,
                    direction: SortDirection::Asc,
                })
            })
            .count()
    }

    /// Waits until `orders` keeps `count` orders, for up to 10 s.
    fn wait_kept(orders: &QueryCache, count: usize) {
        for _ in 0..1000 {
            if orders.len() == count {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(orders.len(), count, "orders kept after 10 s");
    }

    #[test]
    fn a_kept_order_is_used_only_for_the_very_row_set_it_was_made_for() {
        let orders = Arc::new(QueryCache::default());
        let now = Utc::now();
        let (first, first_ranks) = rows(&["B", "A", "C"]);
        assert_eq!(
            orders.run(&first, &first_ranks, &by_number(), now).page,
            vec![1, 0, 2]
        );
        assert_eq!(orders.len(), 1, "the order was kept");
        // Equal content in a new allocation is new data as far as the memo knows.
        let (second, second_ranks) = rows(&["C", "B", "A"]);
        assert_eq!(
            orders.run(&second, &second_ranks, &by_number(), now).page,
            vec![2, 1, 0],
            "new rows are sorted, not answered with the old order"
        );
        drop(first);
        let (third, third_ranks) = rows(&["A", "C", "B"]);
        assert_eq!(
            orders.run(&third, &third_ranks, &by_number(), now).page,
            vec![0, 2, 1]
        );
        assert_eq!(orders.len(), 2, "the order of dropped rows was let go");
    }

    #[test]
    fn days_overdue_is_sorted_afresh_each_time() {
        let orders = Arc::new(QueryCache::default());
        let (data, ranks) = rows(&["A"]);
        let query = InvoiceQuery {
            sort: Some(Sort {
                column: SortColumn::DaysOverdue,
                direction: SortDirection::Desc,
            }),
            ..InvoiceQuery::default()
        };
        orders.run(&data, &ranks, &query, Utc::now());
        assert_eq!(
            orders.len(),
            0,
            "an order that moves with the clock is not kept"
        );
    }

    /// Runs every sort over `numbers` through one cache, each compared with a fresh sort.
    fn every_sort_through_one_cache(numbers: &[&str]) -> Arc<QueryCache> {
        let orders = Arc::new(QueryCache::default());
        let (data, ranks) = rows(numbers);
        let now = Utc::now();
        for column in SortColumn::ALL {
            for direction in [SortDirection::Asc, SortDirection::Desc] {
                let query = InvoiceQuery {
                    sort: Some(Sort { column, direction }),
                    ..InvoiceQuery::default()
                };
                assert_eq!(
                    orders.run(&data, &ranks, &query, now),
                    run_query(&data, &query, now),
                    "{column:?} {direction:?} by ranks answers like a fresh sort"
                );
            }
        }
        orders
    }

    #[test]
    fn at_most_kept_orders_are_held() {
        assert_eq!(every_sort_through_one_cache(&["B", "A"]).len(), KEPT);
    }

    #[test]
    fn sorting_by_ranks_gives_the_plain_sort_order() {
        every_sort_through_one_cache(&["B", "A", "B", "C", "A"]);
    }

    #[test]
    fn a_large_row_set_that_stays_has_every_column_sorted_ascending_ahead() {
        let orders = Arc::new(QueryCache::default());
        let (large, ranks) = large(true);
        orders.warm(&large, &ranks);
        orders.warm(&large, &ranks);
        assert_eq!(
            orders.len(),
            0,
            "nothing is sorted before the row set stayed"
        );
        wait_kept(&orders, timeless_columns());
        let now = Utc::now();
        for (_, sort, order) in orders.orders.entries() {
            assert_eq!(sort.direction, SortDirection::Asc);
            assert_eq!(
                order.indices.as_slice(),
                sorted_order(&large, sort, now)
                    .into_iter()
                    .map(|index| u32::try_from(index).unwrap())
                    .collect::<Vec<_>>()
                    .as_slice(),
                "{:?} sorted ahead equals a plain sort",
                sort.column
            );
        }
        // A click on a header now reuses the order made ahead instead of sorting.
        let query = by_number();
        assert_eq!(
            orders.run(&large, &ranks, &query, now),
            run_query(&large, &query, now)
        );
        assert_eq!(orders.len(), timeless_columns(), "no new order was needed");
    }

    #[test]
    fn a_large_row_set_let_go_before_it_stayed_is_not_sorted_ahead() {
        let orders = Arc::new(QueryCache::default());
        let (passing, passing_ranks) = large(false);
        orders.warm(&passing, &passing_ranks);
        // Replaced, as a batch replaces "All organizations", before WARM_AFTER.
        drop((passing, passing_ranks));
        let (current, current_ranks) = large(true);
        orders.warm(&current, &current_ranks);
        wait_kept(&orders, timeless_columns());
        std::thread::sleep(WARM_AFTER);
        assert_eq!(
            orders.len(),
            timeless_columns(),
            "only the row set that stayed was sorted ahead"
        );
        let target = Arc::downgrade(&current);
        assert!(
            orders
                .orders
                .entries()
                .iter()
                .all(|(rows, _, _)| Weak::ptr_eq(rows, &target))
        );
    }

    #[test]
    fn small_row_sets_are_not_sorted_ahead() {
        let orders = Arc::new(QueryCache::default());
        let (small, ranks) = rows(&["B", "A", "C"]);
        orders.warm(&small, &ranks);
        orders.run(&small, &ranks, &by_number(), Utc::now());
        std::thread::sleep(WARM_AFTER + Duration::from_millis(200));
        assert_eq!(orders.len(), 1, "only the order the query asked for");
    }
}
