//! What changed between two sets of exported rows (a snapshot and the data now, or two
//! snapshots): each invoice in exactly one primary category, its other changes listed with
//! it, and per currency the change in outstanding and paid totals (never across currencies).

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::snapshot::SnapRow;

/// The primary category of an invoice's change, in the order they are decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ChangeKind {
    /// Not in the earlier rows.
    New,
    /// Its status became `paid`.
    NewlyPaid,
    /// Its status became `void`.
    Voided,
    /// Its status became `uncollectible`.
    MarkedUncollectible,
    /// Another status change.
    StatusChanged,
    /// An amount moved (and the status did not change).
    AmountChanged,
    /// Only the due date moved.
    DueDateChanged,
    /// In the earlier rows, absent now.
    Gone,
}

/// One field that moved: its name (as in the CSV header) and both values as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FieldChange {
    /// The field's name.
    pub field: &'static str,
    /// Its earlier value (`None`: empty).
    pub from: Option<String>,
    /// Its value now.
    pub to: Option<String>,
}

/// One invoice that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct InvoiceChange {
    /// Its primary category.
    pub kind: ChangeKind,
    /// The organization.
    pub org: String,
    /// The invoice ID.
    pub id: String,
    /// Its number (now, or as it was for a gone invoice).
    pub number: Option<String>,
    /// Its currency (now, or as it was).
    pub currency: Option<String>,
    /// Every field that moved (empty for new and gone invoices).
    pub fields: Vec<FieldChange>,
}

/// Per currency: outstanding (amount remaining) and paid totals before and after, in minor
/// units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CurrencyDelta {
    /// The uppercase code (`None`: invoices without a currency).
    pub currency: Option<String>,
    /// Amount remaining summed, earlier.
    #[ts(type = "number")]
    pub outstanding_before: i128,
    /// Amount remaining summed, now.
    #[ts(type = "number")]
    pub outstanding_after: i128,
    /// Amount paid summed, earlier.
    #[ts(type = "number")]
    pub paid_before: i128,
    /// Amount paid summed, now.
    #[ts(type = "number")]
    pub paid_after: i128,
}

/// The comparison of two sets of rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Changes {
    /// The invoices that changed: in the order of the later rows, then the gone ones in the
    /// order of the earlier rows.
    pub invoices: Vec<InvoiceChange>,
    /// How many invoices fall in each category (only those that occur).
    pub counts: BTreeMap<ChangeKind, usize>,
    /// Per currency, sorted by code.
    pub by_currency: Vec<CurrencyDelta>,
}

impl Changes {
    /// Whether anything changed.
    pub fn is_empty(&self) -> bool {
        self.invoices.is_empty()
    }

    /// The records of the tabular forms (CSV, XLSX): one per field that moved, one without a
    /// field for a new or gone invoice; in the order of [`Changes::invoices`].
    pub fn records(&self) -> impl Iterator<Item = (&InvoiceChange, Option<&FieldChange>)> {
        self.invoices.iter().flat_map(|change| {
            let alone = change.fields.is_empty().then_some(None);
            change
                .fields
                .iter()
                .map(Some)
                .chain(alone)
                .map(move |field| (change, field))
        })
    }
}

type Key<'a> = (&'a str, &'a str);

fn key(row: &SnapRow) -> Key<'_> {
    (row.org.as_str(), row.id.as_str())
}

/// Compares `before` (a snapshot's rows) with `after` (the rows now). An invoice is
/// identified by its organization and ID; of two rows with the same identity the first counts.
pub fn compare(before: &[SnapRow], after: &[SnapRow]) -> Changes {
    let mut earlier: HashMap<Key<'_>, &SnapRow> = HashMap::with_capacity(before.len());
    for row in before {
        earlier.entry(key(row)).or_insert(row);
    }
    let mut seen: HashMap<Key<'_>, ()> = HashMap::with_capacity(after.len());
    let mut invoices = Vec::new();
    for row in after {
        if seen.insert(key(row), ()).is_some() {
            continue;
        }
        let change = match earlier.get(&key(row)) {
            None => Some(InvoiceChange {
                kind: ChangeKind::New,
                org: row.org.clone(),
                id: row.id.clone(),
                number: row.number.clone(),
                currency: row.currency.clone(),
                fields: Vec::new(),
            }),
            Some(old) => changed(old, row),
        };
        invoices.extend(change);
    }
    let mut gone_seen: HashMap<Key<'_>, ()> = HashMap::new();
    for row in before {
        if seen.contains_key(&key(row)) || gone_seen.insert(key(row), ()).is_some() {
            continue;
        }
        invoices.push(InvoiceChange {
            kind: ChangeKind::Gone,
            org: row.org.clone(),
            id: row.id.clone(),
            number: row.number.clone(),
            currency: row.currency.clone(),
            fields: Vec::new(),
        });
    }
    let mut counts = BTreeMap::new();
    for change in &invoices {
        *counts.entry(change.kind).or_insert(0) += 1;
    }
    Changes {
        invoices,
        counts,
        by_currency: deltas(before, after),
    }
}

/// The change of one invoice present in both sets, if any field moved. Values are compared
/// as they are and turned into text only when they differ: most invoices do not change.
fn changed(old: &SnapRow, new: &SnapRow) -> Option<InvoiceChange> {
    let mut fields = Vec::new();
    let text = |value: &Option<String>| value.clone();
    if old.status != new.status {
        fields.push(FieldChange {
            field: "status",
            from: text(&old.status),
            to: text(&new.status),
        });
    }
    if old.currency != new.currency {
        fields.push(FieldChange {
            field: "currency",
            from: text(&old.currency),
            to: text(&new.currency),
        });
    }
    let amounts = [
        ("total", old.total, new.total),
        ("amountDue", old.amount_due, new.amount_due),
        ("amountPaid", old.amount_paid, new.amount_paid),
        (
            "amountRemaining",
            old.amount_remaining,
            new.amount_remaining,
        ),
    ];
    for (field, from, to) in amounts {
        if from != to {
            let text = |value: Option<i64>| value.map(|v| v.to_string());
            fields.push(FieldChange {
                field,
                from: text(from),
                to: text(to),
            });
        }
    }
    if old.due_at != new.due_at {
        fields.push(FieldChange {
            field: "dueAt",
            from: text(&old.due_at),
            to: text(&new.due_at),
        });
    }
    if fields.is_empty() {
        return None;
    }
    let status_moved = old.status != new.status;
    let kind = if status_moved {
        match new.status.as_deref() {
            Some("paid") => ChangeKind::NewlyPaid,
            Some("void") => ChangeKind::Voided,
            Some("uncollectible") => ChangeKind::MarkedUncollectible,
            _ => ChangeKind::StatusChanged,
        }
    } else if fields.iter().any(|f| {
        matches!(
            f.field,
            "total" | "amountDue" | "amountPaid" | "amountRemaining" | "currency"
        )
    }) {
        ChangeKind::AmountChanged
    } else {
        // The only field left is the due date.
        ChangeKind::DueDateChanged
    };
    Some(InvoiceChange {
        kind,
        org: new.org.clone(),
        id: new.id.clone(),
        number: new.number.clone(),
        currency: new.currency.clone(),
        fields,
    })
}

fn deltas(before: &[SnapRow], after: &[SnapRow]) -> Vec<CurrencyDelta> {
    let mut by: BTreeMap<Option<String>, CurrencyDelta> = BTreeMap::new();
    let mut add = |row: &SnapRow, later: bool| {
        let entry = by
            .entry(row.currency.clone())
            .or_insert_with(|| CurrencyDelta {
                currency: row.currency.clone(),
                outstanding_before: 0,
                outstanding_after: 0,
                paid_before: 0,
                paid_after: 0,
            });
        let remaining = i128::from(row.amount_remaining.unwrap_or(0));
        let paid = i128::from(row.amount_paid.unwrap_or(0));
        if later {
            entry.outstanding_after += remaining;
            entry.paid_after += paid;
        } else {
            entry.outstanding_before += remaining;
            entry.paid_before += paid;
        }
    };
    for row in before {
        add(row, false);
    }
    for row in after {
        add(row, true);
    }
    by.into_values().collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn row(id: &str, status: &str, remaining: i64) -> SnapRow {
        SnapRow {
            org: "acme".to_owned(),
            id: id.to_owned(),
            number: Some(format!("N-{id}")),
            status: Some(status.to_owned()),
            currency: Some("USD".to_owned()),
            total: Some(10_000),
            amount_due: Some(10_000),
            amount_paid: Some(10_000 - remaining),
            amount_remaining: Some(remaining),
            due_at: Some("2026-01-31T00:00:00Z".to_owned()),
        }
    }

    #[test]
    fn each_invoice_falls_in_one_category_with_its_other_changes_listed() {
        let before = vec![
            row("paid", "open", 10_000),
            row("void", "open", 10_000),
            row("bad", "open", 10_000),
            row("draft", "draft", 10_000),
            row("amount", "open", 10_000),
            row("due", "open", 10_000),
            row("same", "open", 10_000),
            row("gone", "open", 5_000),
        ];
        let mut after = vec![
            row("paid", "paid", 0),
            row("void", "void", 10_000),
            row("bad", "uncollectible", 10_000),
            row("draft", "open", 10_000),
            row("amount", "open", 7_000),
            row("due", "open", 10_000),
            row("same", "open", 10_000),
            row("new", "open", 2_000),
        ];
        after[5].due_at = Some("2026-02-28T00:00:00Z".to_owned());
        let changes = compare(&before, &after);
        let kinds: Vec<(&str, ChangeKind)> = changes
            .invoices
            .iter()
            .map(|c| (c.id.as_str(), c.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                ("paid", ChangeKind::NewlyPaid),
                ("void", ChangeKind::Voided),
                ("bad", ChangeKind::MarkedUncollectible),
                ("draft", ChangeKind::StatusChanged),
                ("amount", ChangeKind::AmountChanged),
                ("due", ChangeKind::DueDateChanged),
                ("new", ChangeKind::New),
                ("gone", ChangeKind::Gone),
            ]
        );
        let paid = &changes.invoices[0];
        let moved: Vec<&str> = paid.fields.iter().map(|f| f.field).collect();
        assert_eq!(
            moved,
            ["status", "amountPaid", "amountRemaining"],
            "secondary changes stay listed"
        );
        let usd = &changes.by_currency[0];
        assert_eq!(usd.currency.as_deref(), Some("USD"));
        assert_eq!(
            usd.outstanding_after - usd.outstanding_before,
            -10_000 - 3_000 - 5_000 + 2_000,
            "paid 10,000, amount 3,000 and gone 5,000 less; new 2,000 more"
        );
        assert_eq!(
            changes.counts.values().sum::<usize>(),
            changes.invoices.len()
        );
        assert!(compare(&after, &after).is_empty());
    }

    #[test]
    fn currencies_are_never_added_together() {
        let mut eur = row("e", "open", 100);
        eur.currency = Some("EUR".to_owned());
        let changes = compare(&[], &[row("u", "open", 100), eur]);
        let codes: Vec<_> = changes
            .by_currency
            .iter()
            .map(|d| (d.currency.clone(), d.outstanding_after))
            .collect();
        assert_eq!(
            codes,
            [(Some("EUR".to_owned()), 100), (Some("USD".to_owned()), 100)]
        );
    }
}
