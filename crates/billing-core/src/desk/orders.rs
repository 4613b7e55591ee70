//! Sort orders kept between queries, so a filter change or a sort the user picked before is
//! answered by one pass over the rows instead of a sort.
//!
//! A table of 100k rows is sorted in about 20 ms; the user then types in the search box or
//! flips a filter, and each keystroke used to sort again. Rows never change in place (new data
//! is a new `Arc`), so an order computed for one row set stays right as long as that very set
//! is the one queried. Entries hold a `Weak` to their rows: they never keep old data alive,
//! and because a `Weak` keeps the allocation reserved, a new row set can never reuse the
//! address of one an entry was made for.

use std::sync::{Arc, Mutex, Weak};

use chrono::{DateTime, Utc};

use super::session::lock;
use crate::query::{
    InvoiceQuery, OrgInvoice, QueryResult, Sort, order_is_timeless, run_query, run_query_in_order,
    sorted_order,
};

/// How many (row set, sort) orders are kept: a few columns in both directions, for the
/// current organization and "All organizations". At 100k rows an order takes 800 kB.
const KEPT: usize = 8;

struct Kept {
    rows: Weak<Vec<OrgInvoice>>,
    sort: Sort,
    order: Arc<Vec<usize>>,
}

/// The kept orders of one session, newest last.
#[derive(Default)]
pub struct SortOrders {
    kept: Mutex<Vec<Kept>>,
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
        &self,
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

    fn order(
        &self,
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
        let order = Arc::new(sorted_order(rows, sort, now));
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

    #[test]
    fn a_kept_order_is_used_only_for_the_very_row_set_it_was_made_for() {
        let orders = SortOrders::default();
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
        drop(first);
        let third = rows(&["A", "C", "B"]);
        assert_eq!(orders.run(&third, &by_number(), now).page, vec![0, 2, 1]);
        assert_eq!(orders.len(), 2, "the order of dropped rows was let go");
    }

    #[test]
    fn days_overdue_is_sorted_afresh_each_time() {
        let orders = SortOrders::default();
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
        let orders = SortOrders::default();
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
}
