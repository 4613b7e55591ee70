//! A saved view refined by options given beside it (a view named on `bdesk export` with a
//! status beside it): each filter that is given replaces the view's, the others stay the
//! view's.

use super::InvoiceQuery;

impl InvoiceQuery {
    /// This query with every filter and the sort that `given` sets taken from `given`:
    /// organizations, statuses (when any), search text, created and due bounds (each bound on
    /// its own), amount bounds, currency, overdue only (when on), days overdue (each bound on its own),
    /// sort and "as of" time. The page and the aging scale are `given`'s.
    pub fn refined_by(&self, given: &InvoiceQuery) -> InvoiceQuery {
        fn pick<T: Clone>(given: &Option<T>, base: &Option<T>) -> Option<T> {
            given.clone().or_else(|| base.clone())
        }
        InvoiceQuery {
            orgs: pick(&given.orgs, &self.orgs),
            statuses: match &given.statuses {
                Some(statuses) if !statuses.is_empty() => Some(statuses.clone()),
                _ => self.statuses.clone(),
            },
            text: pick(&given.text, &self.text),
            created_from: given.created_from.or(self.created_from),
            created_to: given.created_to.or(self.created_to),
            due_from: given.due_from.or(self.due_from),
            due_to: given.due_to.or(self.due_to),
            amount_min: pick(&given.amount_min, &self.amount_min),
            amount_max: pick(&given.amount_max, &self.amount_max),
            currency: pick(&given.currency, &self.currency),
            overdue_only: if given.overdue_only == Some(true) {
                Some(true)
            } else {
                self.overdue_only
            },
            days_overdue_min: given.days_overdue_min.or(self.days_overdue_min),
            days_overdue_max: given.days_overdue_max.or(self.days_overdue_max),
            sort: given.sort.or(self.sort),
            as_of: given.as_of.or(self.as_of),
            offset: given.offset,
            limit: given.limit,
            aging: given.aging.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::model::InvoiceStatus;
    use crate::money::Currency;
    use crate::query::{Sort, SortColumn, SortDirection};

    #[test]
    fn given_options_replace_the_views_and_the_rest_stays() {
        let view = InvoiceQuery {
            statuses: Some(vec![InvoiceStatus::parse("open")]),
            currency: Some(Currency::new("EUR")),
            overdue_only: Some(true),
            sort: Some(Sort {
                column: SortColumn::Total,
                direction: SortDirection::Desc,
            }),
            ..InvoiceQuery::default()
        };
        let given = InvoiceQuery {
            statuses: Some(Vec::new()),
            currency: Some(Currency::new("USD")),
            text: Some("INV".to_owned()),
            ..InvoiceQuery::default()
        };
        let refined = view.refined_by(&given);
        assert_eq!(
            refined.statuses, view.statuses,
            "no status given: the view's"
        );
        assert_eq!(refined.currency, given.currency);
        assert_eq!(refined.text, given.text);
        assert_eq!(refined.overdue_only, Some(true));
        assert_eq!(refined.sort, view.sort);
        assert_eq!(view.refined_by(&InvoiceQuery::default()), view);
    }
}
