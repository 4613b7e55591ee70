//! An exported view's filters in a few words, for the history list ("status open, paid;
//! overdue only; search “acme”"), from the query the export recorded.

use crate::query::InvoiceQuery;

/// The filters of `view` (an export's recorded query), or "all invoices" when it has none;
/// "unknown view" when the record is not a query this version reads.
pub fn describe_view(view: &serde_json::Value) -> String {
    let Ok(query) = serde_json::from_value::<InvoiceQuery>(view.clone()) else {
        return "unknown view".to_owned();
    };
    let mut parts = Vec::new();
    if let Some(text) = query.text.as_deref().filter(|t| !t.is_empty()) {
        parts.push(format!("search “{}”", crate::text::clip(text, 40)));
    }
    if let Some(statuses) = query.statuses.as_ref().filter(|s| !s.is_empty()) {
        let names: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
        parts.push(format!("status {}", names.join(", ")));
    }
    if query.overdue_only == Some(true) {
        parts.push("overdue only".to_owned());
    }
    match (query.days_overdue_min, query.days_overdue_max) {
        (Some(min), Some(max)) => parts.push(format!("{min}-{max} days overdue")),
        (Some(min), None) => parts.push(format!("{min}+ days overdue")),
        (None, Some(max)) => parts.push(format!("at most {max} days overdue")),
        (None, None) => {}
    }
    if let Some(currency) = &query.currency {
        parts.push(format!("currency {currency}"));
    }
    let day =
        |at: &Option<chrono::DateTime<chrono::Utc>>| at.map(|at| at.format("%Y-%m-%d").to_string());
    for (what, from, to) in [
        ("created", day(&query.created_from), day(&query.created_to)),
        ("due", day(&query.due_from), day(&query.due_to)),
    ] {
        match (from, to) {
            (Some(from), Some(to)) => parts.push(format!("{what} {from} to before {to}")),
            (Some(from), None) => parts.push(format!("{what} from {from}")),
            (None, Some(to)) => parts.push(format!("{what} before {to}")),
            (None, None) => {}
        }
    }
    match (&query.amount_min, &query.amount_max) {
        (Some(min), Some(max)) => parts.push(format!("total {min} to {max}")),
        (Some(min), None) => parts.push(format!("total at least {min}")),
        (None, Some(max)) => parts.push(format!("total at most {max}")),
        (None, None) => {}
    }
    if let Some(as_of) = query.as_of {
        parts.push(format!("as of {}", as_of.format("%Y-%m-%d %H:%M UTC")));
    }
    if parts.is_empty() {
        "all invoices".to_owned()
    } else {
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn names_each_filter_and_says_when_there_is_none() {
        let view = serde_json::json!({
            "text": "acme",
            "statuses": ["open", "paid"],
            "overdueOnly": true,
            "currency": "EUR",
            "dueFrom": "2026-01-01T00:00:00Z",
            "amountMax": "500"
        });
        assert_eq!(
            describe_view(&view),
            "search “acme”; status open, paid; overdue only; currency EUR; due from 2026-01-01; total at most 500"
        );
        let aged = serde_json::json!({
            "daysOverdueMin": 31,
            "daysOverdueMax": 60,
            "asOf": "2026-06-30T21:59:59.999Z"
        });
        assert_eq!(
            describe_view(&aged),
            "31-60 days overdue; as of 2026-06-30 21:59 UTC"
        );
        assert_eq!(
            describe_view(&serde_json::json!({"daysOverdueMin": 91})),
            "91+ days overdue"
        );
        assert_eq!(describe_view(&serde_json::json!({})), "all invoices");
        assert_eq!(
            describe_view(&serde_json::json!({"statuses": 3})),
            "unknown view"
        );
    }
}
