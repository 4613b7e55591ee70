//! Property: random changes applied to a set of invoices are found back exactly by
//! `history::compare`, each invoice in the category its change belongs to, the unchanged
//! ones nowhere, and the per-currency totals moved by exactly the changes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;

use billing_core::history::{ChangeKind, SnapRow, compare};
use proptest::prelude::*;

#[derive(Debug, Clone, Copy)]
enum Op {
    Keep,
    Pay,
    Void,
    Uncollectible,
    Reopen,
    Amount(i64),
    Due,
    Remove,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => Just(Op::Keep),
        1 => Just(Op::Pay),
        1 => Just(Op::Void),
        1 => Just(Op::Uncollectible),
        1 => Just(Op::Reopen),
        1 => (1i64..5_000).prop_map(Op::Amount),
        1 => Just(Op::Due),
        1 => Just(Op::Remove),
    ]
}

fn base(i: usize) -> SnapRow {
    SnapRow {
        org: format!("org-{}", i % 3),
        id: format!("in_{i}"),
        number: Some(format!("N-{i}")),
        status: Some("open".to_owned()),
        currency: Some(["USD", "EUR", "JPY"][i % 3].to_owned()),
        total: Some(10_000),
        amount_due: Some(10_000),
        amount_paid: Some(0),
        amount_remaining: Some(10_000),
        due_at: Some("2026-01-31T00:00:00Z".to_owned()),
    }
}

proptest! {
    #[test]
    fn random_changes_are_found_back_exactly(
        ops in prop::collection::vec(op(), 0..120),
        added in 0usize..20,
    ) {
        let before: Vec<SnapRow> = (0..ops.len()).map(base).collect();
        let mut after = Vec::new();
        let mut expected: HashMap<String, ChangeKind> = HashMap::new();
        for (row, op) in before.iter().zip(&ops) {
            let mut row = row.clone();
            let kind = match op {
                Op::Keep => None,
                Op::Pay => {
                    row.status = Some("paid".to_owned());
                    row.amount_paid = Some(10_000);
                    row.amount_remaining = Some(0);
                    Some(ChangeKind::NewlyPaid)
                }
                Op::Void => {
                    row.status = Some("void".to_owned());
                    Some(ChangeKind::Voided)
                }
                Op::Uncollectible => {
                    row.status = Some("uncollectible".to_owned());
                    Some(ChangeKind::MarkedUncollectible)
                }
                Op::Reopen => {
                    row.status = Some("draft".to_owned());
                    Some(ChangeKind::StatusChanged)
                }
                Op::Amount(delta) => {
                    row.amount_remaining = Some(10_000 - delta);
                    row.amount_paid = Some(*delta);
                    Some(ChangeKind::AmountChanged)
                }
                Op::Due => {
                    row.due_at = Some("2026-03-31T00:00:00Z".to_owned());
                    Some(ChangeKind::DueDateChanged)
                }
                Op::Remove => Some(ChangeKind::Gone),
            };
            if let Some(kind) = kind {
                expected.insert(row.id.clone(), kind);
            }
            if !matches!(op, Op::Remove) {
                after.push(row);
            }
        }
        for n in 0..added {
            let mut row = base(10_000 + n);
            row.id = format!("new_{n}");
            expected.insert(row.id.clone(), ChangeKind::New);
            after.push(row);
        }
        let changes = compare(&before, &after);
        let found: HashMap<String, ChangeKind> = changes
            .invoices
            .iter()
            .map(|change| (change.id.clone(), change.kind))
            .collect();
        prop_assert_eq!(found.len(), changes.invoices.len(), "each invoice once");
        prop_assert_eq!(&found, &expected);
        for delta in &changes.by_currency {
            let sum = |rows: &[SnapRow]| -> i128 {
                rows.iter()
                    .filter(|r| r.currency == delta.currency)
                    .map(|r| i128::from(r.amount_remaining.unwrap_or(0)))
                    .sum()
            };
            prop_assert_eq!(delta.outstanding_before, sum(&before));
            prop_assert_eq!(delta.outstanding_after, sum(&after));
        }
    }
}
