//! Filter matches and totals kept between queries, so a sort change, a scroll or a flip of
//! "overdue only" over the same filter costs a walk over the rows whose facts move with the
//! clock, not a pass over every row.
//!
//! A query's answer depends on the moment it is asked at only through overdue facts (overdue,
//! days overdue, aging, the due-month chart's split), and only an outstanding invoice (open,
//! something remaining) has any. So the filter splits in two ([`Filter::matches_fixed`] and
//! [`Filter::matches_at`]), and what holds at any moment is kept per row set and fixed filter:
//! the fixed part's matches, their count and amounts, and the due date and amount remaining of
//! the outstanding ones, side by side. A query adds those rows' aging and due months at its own
//! moment (or, with a timed filter, picks them by days overdue), so its answer is exactly
//! [`super::run_query`]'s at any `now`.
//!
//! Entries are kept per row set ([`Kept`]), as sort orders are.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::filter::Filter;
use super::kept::Kept;
use super::summary::{Owing, Totals, TotalsPart};
use super::{InvoiceQuery, OrgInvoice, QueryResult, page_of};

/// How many (row set, fixed filter) entries are kept: the current filter and the few before
/// it, for the current organization and "All organizations", so that going back and forth
/// between a few filters or "as of" days finds each one kept (with four, a round of five "as
/// of" days let each go just before it was asked again). An entry costs a byte per row and
/// about 40 per outstanding row: 13 MB at a million rows of which 30% are outstanding.
const KEPT: usize = 8;

/// Row sets from this size on are filtered on every core: a new search over a million rows
/// reads each row's invoice from wherever it lies on the heap, and that waits on memory more
/// than it computes. Below it, starting threads costs more than it saves.
const PARALLEL_FROM: usize = 50_000;

/// Pieces a large row set is cut into for [`Fixed::new`]: more than cores, so a thread that
/// finishes early takes another.
const PIECES: usize = 16;

/// The moment-free half of a filter's answer over one row set.
#[derive(Debug, Default, PartialEq, Eq)]
struct Fixed {
    /// Whether each row passes the filter's fixed part.
    hit: Vec<bool>,
    /// How many do.
    matched: usize,
    /// The outstanding rows among them, in row order.
    owing_rows: Vec<usize>,
    /// The figures their aging and due months are computed from, at the same index: a query
    /// reads no invoice for those.
    owing: Vec<Owing>,
    /// The currency group of each in `settled`, at the same index: a [`Totals`] resumed from
    /// `settled` keeps its groups where they are.
    owing_group: Vec<usize>,
    /// The count and amounts of every matched row; nothing else of a row that is not
    /// outstanding moves with the clock.
    settled: TotalsPart,
}

impl Fixed {
    fn new(rows: &[OrgInvoice], filter: &Filter<'_>, query: &InvoiceQuery) -> Fixed {
        let piece = if rows.len() < PARALLEL_FROM {
            rows.len()
        } else {
            rows.len().div_ceil(PIECES)
        };
        Fixed::in_pieces(rows, filter, query, piece)
    }

    /// [`Fixed::new`] over pieces of `piece` rows, each on the next free core, joined in row
    /// order: the same answer as one pass.
    fn in_pieces(
        rows: &[OrgInvoice],
        filter: &Filter<'_>,
        query: &InvoiceQuery,
        piece: usize,
    ) -> Fixed {
        if piece == 0 || piece >= rows.len() {
            return Fixed::of_piece(rows, 0, filter, query);
        }
        let pieces: Vec<(usize, &[OrgInvoice])> = rows
            .chunks(piece)
            .enumerate()
            .map(|(number, chunk)| (number * piece, chunk))
            .collect();
        let parts = crate::parallel::map_in_order(&pieces, |&(first, chunk)| {
            Fixed::of_piece(chunk, first, filter, query)
        });
        let mut totals = Totals::new(&query.aging);
        let mut whole = Fixed {
            hit: Vec::with_capacity(rows.len()),
            ..Fixed::default()
        };
        for part in parts {
            let groups = totals.absorb(part.settled);
            whole.hit.extend(part.hit);
            whole.matched += part.matched;
            whole.owing_rows.extend(part.owing_rows);
            whole.owing.extend(part.owing);
            whole.owing_group.extend(
                part.owing_group
                    .iter()
                    .map(|&group| groups.get(group).copied().unwrap_or(group)),
            );
        }
        whole.settled = totals.into_part();
        whole
    }

    /// The answer over `rows`, which start at row `first` of the row set.
    fn of_piece(
        rows: &[OrgInvoice],
        first: usize,
        filter: &Filter<'_>,
        query: &InvoiceQuery,
    ) -> Fixed {
        let mut totals = Totals::new(&query.aging);
        let mut fixed = Fixed {
            hit: vec![false; rows.len()],
            ..Fixed::default()
        };
        for ((index, row), flag) in rows.iter().enumerate().zip(fixed.hit.iter_mut()) {
            if !filter.matches_fixed(row) {
                continue;
            }
            *flag = true;
            fixed.matched += 1;
            let group = totals.add_fixed(&row.invoice);
            if let Some(figures) = Owing::of(&row.invoice) {
                fixed.owing_rows.push(first + index);
                fixed.owing.push(figures);
                fixed.owing_group.push(group);
            }
        }
        fixed.settled = totals.into_part();
        fixed
    }
}

/// The query's fixed filter, the part a [`Fixed`] answers: no sort, page or timed filter.
/// The aging scale stays in: the kept totals carry its buckets.
fn fixed_key(query: &InvoiceQuery) -> InvoiceQuery {
    InvoiceQuery {
        overdue_only: None,
        days_overdue_min: None,
        days_overdue_max: None,
        sort: None,
        offset: None,
        limit: None,
        ..query.clone()
    }
}

/// The kept filter answers of one session.
#[derive(Debug, Default)]
pub struct MatchCache {
    kept: Kept<InvoiceQuery, Fixed, KEPT>,
}

impl MatchCache {
    /// Answers `query` over `rows` at `now`, the page taken in `order` ([`super::sorted_order`]
    /// of the same rows for the query's sort) or in input order when `None`. Gives exactly
    /// what [`super::run_query`] gives.
    pub fn run(
        &self,
        rows: &Arc<Vec<OrgInvoice>>,
        order: Option<&[u32]>,
        query: &InvoiceQuery,
        now: DateTime<Utc>,
    ) -> QueryResult {
        let now = query.facts_at(now);
        let filter = Filter::new(query);
        let fixed = self.fixed(rows, &filter, query);
        let timed;
        let (hit, matched, totals) = if filter.has_timed_part() {
            // Only outstanding rows can be overdue: the others match no timed filter.
            let mut totals = Totals::new(&query.aging);
            let mut flags = vec![false; rows.len()];
            let mut matched = 0;
            for (&index, figures) in fixed.owing_rows.iter().zip(&fixed.owing) {
                if filter.matches_days(figures.days_overdue(now))
                    && let (Some(row), Some(flag)) = (rows.get(index), flags.get_mut(index))
                {
                    totals.add(&row.invoice, now);
                    *flag = true;
                    matched += 1;
                }
            }
            timed = flags;
            (timed.as_slice(), matched, totals)
        } else {
            let mut totals = Totals::resume(&query.aging, fixed.settled.clone());
            for (figures, &group) in fixed.owing.iter().zip(&fixed.owing_group) {
                totals.add_owing(group, figures, now);
            }
            (fixed.hit.as_slice(), fixed.matched, totals)
        };
        let range = page_of(query, matched);
        let hits = |index: &usize| hit.get(*index).copied().unwrap_or(false);
        let page = match order {
            Some(order) => order
                .iter()
                .map(|&index| index as usize)
                .filter(hits)
                .take(range.end)
                .skip(range.start)
                .collect(),
            None => (0..rows.len())
                .filter(hits)
                .take(range.end)
                .skip(range.start)
                .collect(),
        };
        QueryResult {
            page,
            matched,
            due_months: totals.due_months(now),
            by_currency: totals.finish(),
        }
    }

    /// The fixed half of `filter`'s answer over `rows`, kept or worked out and kept.
    fn fixed(
        &self,
        rows: &Arc<Vec<OrgInvoice>>,
        filter: &Filter<'_>,
        query: &InvoiceQuery,
    ) -> Arc<Fixed> {
        self.kept
            .get_or_make(rows, fixed_key(query), || Fixed::new(rows, filter, query))
    }

    /// How many entries are kept (for tests).
    #[cfg(test)]
    fn len(&self) -> usize {
        self.kept.len()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::dates::Timestamp;
    use crate::ids::OrgId;
    use crate::model::{Invoice, InvoiceStatus};
    use crate::money::{Currency, MajorAmount};
    use crate::query::{Sort, SortColumn, SortDirection, run_query, sorted_order};

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().into()
    }

    /// Rows of every kind a fact can come from: each status, due dates on both sides of the
    /// moments the test asks at (and missing or unparsable ones), several currencies, missing
    /// amounts.
    fn rows() -> Arc<Vec<OrgInvoice>> {
        let statuses = [
            "open",
            "paid",
            "open",
            "void",
            "draft",
            "open",
            "uncollectible",
        ];
        let currencies = [Some("usd"), Some("eur"), None, Some("jpy")];
        let dues = [
            Some("2024-05-01T00:00:00Z"),
            Some("2024-05-31T12:00:00Z"),
            Some("2024-06-01T00:00:00Z"),
            Some("2024-03-15T08:30:00Z"),
            None,
            Some("not a date"),
            Some("2024-07-20T00:00:00Z"),
        ];
        let orgs = [
            OrgId::parse("org_a").unwrap(),
            OrgId::parse("org_b").unwrap(),
        ];
        let rows = (0..200usize)
            .map(|i| {
                let total = (i % 9 != 4).then(|| i64::try_from(i * 1_250 % 9_000).unwrap());
                let status = statuses[i % statuses.len()];
                let remaining = match status {
                    "paid" | "void" => Some(0),
                    _ if i % 11 == 3 => None,
                    _ => total,
                };
                OrgInvoice {
                    org: orgs[i % 2].clone(),
                    invoice: Arc::new(Invoice {
                        id: Some(format!("in_{i:04}")),
                        number: Some(format!("INV-{:04}", 200 - i)),
                        status: Some(InvoiceStatus::parse(status)),
                        currency: currencies[i % currencies.len()].map(Currency::new),
                        total,
                        amount_due: total,
                        amount_remaining: remaining,
                        due_at: dues[i % dues.len()].map(Timestamp::parse),
                        created_at: Some(Timestamp::parse(&format!(
                            "2024-0{}-1{}T00:00:00Z",
                            1 + i % 5,
                            i % 10
                        ))),
                        ..Invoice::default()
                    }),
                }
            })
            .collect();
        Arc::new(rows)
    }

    fn queries() -> Vec<InvoiceQuery> {
        let open = Some(vec![InvoiceStatus::parse("open")]);
        vec![
            InvoiceQuery::default(),
            InvoiceQuery {
                overdue_only: Some(true),
                ..InvoiceQuery::default()
            },
            InvoiceQuery {
                statuses: open.clone(),
                text: Some("inv-01".to_owned()),
                ..InvoiceQuery::default()
            },
            InvoiceQuery {
                statuses: open,
                days_overdue_min: Some(1),
                days_overdue_max: Some(30),
                ..InvoiceQuery::default()
            },
            InvoiceQuery {
                days_overdue_min: Some(31),
                currency: Some(Currency::new("usd")),
                ..InvoiceQuery::default()
            },
            InvoiceQuery {
                amount_min: Some(MajorAmount::parse("10").unwrap()),
                overdue_only: Some(false),
                ..InvoiceQuery::default()
            },
            InvoiceQuery {
                as_of: Some(at("2024-04-01T00:00:00Z")),
                overdue_only: Some(true),
                ..InvoiceQuery::default()
            },
            InvoiceQuery {
                orgs: Some(vec![OrgId::parse("org_b").unwrap()]),
                due_from: Some(at("2024-05-01T00:00:00Z")),
                ..InvoiceQuery::default()
            },
        ]
    }

    #[test]
    fn filtered_in_pieces_equals_one_pass() {
        let rows = rows();
        for query in queries() {
            let filter = Filter::new(&query);
            let whole = Fixed::in_pieces(&rows, &filter, &query, rows.len());
            assert!(whole.matched > 0, "{query:?} matches something");
            for piece in [1, 2, 3, 7, 64, 199] {
                assert_eq!(
                    Fixed::in_pieces(&rows, &filter, &query, piece),
                    whole,
                    "{query:?} in pieces of {piece}"
                );
            }
        }
    }

    #[test]
    fn kept_answers_equal_a_fresh_query_at_every_moment_sort_and_page() {
        let cache = MatchCache::default();
        let rows = rows();
        // Moments on both sides of due dates and day boundaries: kept matches are reused
        // across all of them, so any fact the cache wrongly froze shows up as a difference.
        let moments = [
            "2024-04-30T23:59:59Z",
            "2024-05-01T00:00:01Z",
            "2024-05-31T12:00:00Z",
            "2024-05-31T12:00:01Z",
            "2024-06-15T06:00:00Z",
            "2024-09-01T00:00:00Z",
        ]
        .map(at);
        let sorts = [
            None,
            Some(Sort {
                column: SortColumn::Total,
                direction: SortDirection::Desc,
            }),
            Some(Sort {
                column: SortColumn::Number,
                direction: SortDirection::Asc,
            }),
        ];
        let pages = [(None, None), (Some(0), Some(7)), (Some(5), Some(30))];
        let mut compared = 0;
        for now in moments {
            for base in queries() {
                for sort in sorts {
                    let order: Option<Vec<u32>> = sort.map(|sort| {
                        sorted_order(&rows, sort, now)
                            .into_iter()
                            .map(|index| u32::try_from(index).unwrap())
                            .collect()
                    });
                    for (offset, limit) in pages {
                        let query = InvoiceQuery {
                            sort,
                            offset,
                            limit,
                            ..base.clone()
                        };
                        let expected = run_query(&rows, &query, now);
                        assert_eq!(
                            cache.run(&rows, order.as_deref(), &query, now),
                            expected,
                            "{query:?} at {now}"
                        );
                        compared += usize::from(expected.matched > 0);
                    }
                }
            }
        }
        assert!(compared > 100, "most queries match rows ({compared})");
    }

    #[test]
    fn entries_are_kept_per_fixed_filter_and_let_go_with_their_rows() {
        let cache = MatchCache::default();
        let now = at("2024-06-01T00:00:00Z");
        let first = rows();
        let plain = InvoiceQuery::default();
        let overdue = InvoiceQuery {
            overdue_only: Some(true),
            sort: Some(Sort {
                column: SortColumn::Status,
                direction: SortDirection::Asc,
            }),
            offset: Some(10),
            ..InvoiceQuery::default()
        };
        cache.run(&first, None, &plain, now);
        cache.run(&first, None, &overdue, now);
        assert_eq!(
            cache.len(),
            1,
            "a timed filter, sort and page share the entry"
        );
        let second = rows();
        assert_eq!(
            cache.run(&second, None, &plain, now),
            run_query(&second, &plain, now)
        );
        assert_eq!(
            cache.len(),
            2,
            "equal rows in a new allocation are new data"
        );
        drop(first);
        let text = InvoiceQuery {
            text: Some("in_00".to_owned()),
            ..InvoiceQuery::default()
        };
        cache.run(&second, None, &text, now);
        assert_eq!(cache.len(), 2, "the entry of dropped rows was let go");
        for index in 0..KEPT + 3 {
            let query = InvoiceQuery {
                text: Some(format!("{index}")),
                ..InvoiceQuery::default()
            };
            cache.run(&second, None, &query, now);
        }
        assert_eq!(cache.len(), KEPT);
    }
}
