//! `bdesk invoices`: the invoices of one or many organizations on standard output, as a
//! table for people, tab-separated for pipes, or JSON.

use std::io::{IsTerminal, Write};

use billing_core::dates::Timestamp;
use billing_core::export::{ExportContext, write_invoices_json};
use billing_core::fields::InvoiceField;
use billing_core::ids::OrgId;
use billing_core::model::{Invoice, PaymentMethod};
use billing_core::money::{format_amount, format_major, format_major_wide};
use billing_core::query::{CurrencySummary, OrgInvoice, QueryResult, run_query};
use chrono::{DateTime, Utc};

use super::write_stdout;
use crate::cli::InvoicesArgs;
use crate::exit::{CliError, Exit};
use crate::fetch::{self, Fetched};
use crate::table::Table;

/// The fetched data as rows: invoices tagged with their organization (moved, not copied) and
/// payment methods likewise, both in the order asked.
pub fn into_rows(fetched: &mut Fetched) -> (Vec<OrgInvoice>, Vec<(OrgId, PaymentMethod)>) {
    let count = fetched.ok.iter().map(|(_, d)| d.invoices.len()).sum();
    let mut invoices = Vec::with_capacity(count);
    let mut methods = Vec::new();
    for (org, details) in &mut fetched.ok {
        OrgInvoice::append(&mut invoices, org, std::mem::take(&mut details.invoices));
        for method in std::mem::take(&mut details.payment_methods) {
            methods.push((org.clone(), method));
        }
    }
    (invoices, methods)
}

/// Runs `bdesk invoices`.
///
/// # Errors
/// See [`fetch::fetch`]; exit 1 when standard output cannot be written.
pub async fn run_invoices(args: InvoicesArgs, now: DateTime<Utc>) -> Result<Exit, CliError> {
    let (query, source, mut fetched) =
        fetch::query_and_fetch(&args.source, &args.batch, &args.filters, now).await?;
    let (rows, _) = into_rows(&mut fetched);
    let result = run_query(&rows, &query, now);
    let orgs = fetched.ok_orgs();
    if args.json {
        let ctx = ExportContext::new(&orgs, now).with_query(&query);
        let page = result.page_rows(&rows).map(|r| (&r.org, &*r.invoice));
        write_stdout(|out| {
            write_invoices_json(out, &ctx, page, &result.by_currency)
                .map(drop)
                .map_err(std::io::Error::other)
        })?;
        return Ok(fetched.exit());
    }
    let terminal = std::io::stdout().is_terminal();
    let table = invoice_table(
        &rows,
        &result,
        orgs.len() > 1,
        terminal,
        query.facts_at(now),
    );
    write_stdout(|out| {
        table.write(out, terminal)?;
        if terminal {
            write_totals(out, &result.by_currency, source.is_demo())?;
        }
        Ok(())
    })?;
    Ok(fetched.exit())
}

/// The columns of the piped output, for scripts: the same names (and order) as the CSV export's.
const PIPE_FIELDS: [InvoiceField; 13] = [
    InvoiceField::Org,
    InvoiceField::Number,
    InvoiceField::Id,
    InvoiceField::Status,
    InvoiceField::Currency,
    InvoiceField::Total,
    InvoiceField::AmountDue,
    InvoiceField::AmountPaid,
    InvoiceField::AmountRemaining,
    InvoiceField::CreatedAt,
    InvoiceField::DueAt,
    InvoiceField::Overdue,
    InvoiceField::DaysOverdue,
];

fn invoice_table(
    rows: &[OrgInvoice],
    result: &QueryResult,
    several: bool,
    terminal: bool,
    now: DateTime<Utc>,
) -> Table {
    if !terminal {
        // Stable columns for scripts, whatever the number of organizations.
        let headers: Vec<(&str, bool)> = PIPE_FIELDS
            .iter()
            .map(|field| (field.name(), false))
            .collect();
        let mut table = Table::new(&headers);
        for row in result.page_rows(rows) {
            let i = &row.invoice;
            let amount = |minor: Option<i64>| {
                minor.map_or_else(String::new, |minor| {
                    format_amount(minor, i.currency.as_ref())
                })
            };
            table.push(vec![
                row.org.to_string(),
                i.number.clone().unwrap_or_default(),
                i.id.clone().unwrap_or_default(),
                i.status
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                i.currency
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                amount(i.total),
                amount(i.amount_due),
                amount(i.amount_paid),
                amount(i.amount_remaining),
                i.created_at
                    .as_ref()
                    .map(Timestamp::to_rfc3339)
                    .unwrap_or_default(),
                i.due_at
                    .as_ref()
                    .map(Timestamp::to_rfc3339)
                    .unwrap_or_default(),
                i.is_overdue(now).to_string(),
                i.days_overdue(now)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            ]);
        }
        return table;
    }
    let mut columns = vec![
        ("NUMBER", false),
        ("STATUS", false),
        ("TOTAL", true),
        ("REMAINING", true),
        ("CREATED", false),
        ("DUE", false),
        ("", false),
    ];
    if several {
        columns.insert(0, ("ORG", false));
    }
    let mut table = Table::new(&columns);
    for row in result.page_rows(rows) {
        let i = &row.invoice;
        let mut cells = vec![
            i.number
                .clone()
                .or_else(|| i.id.clone())
                .unwrap_or_default(),
            i.status
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            money(i, i.total),
            money(i, i.amount_remaining),
            day(i.created_at.as_ref()),
            day(i.due_at.as_ref()),
            i.days_overdue(now)
                .map(|d| format!("OVERDUE {d}d"))
                .unwrap_or_default(),
        ];
        if several {
            cells.insert(0, row.org.to_string());
        }
        table.push(cells);
    }
    table
}

/// `USD 129.00`; the amount alone (as the exports write it) when the currency is missing.
fn money(invoice: &Invoice, minor: Option<i64>) -> String {
    match (minor, &invoice.currency) {
        (Some(minor), Some(currency)) => format!("{currency} {}", format_major(minor, currency)),
        (Some(minor), None) => format_amount(minor, None),
        _ => String::new(),
    }
}

/// The UTC day of a timestamp; unparsable text as it came.
fn day(timestamp: Option<&Timestamp>) -> String {
    match timestamp {
        Some(Timestamp::Valid(at)) => at.format("%Y-%m-%d").to_string(),
        Some(Timestamp::Invalid(raw)) => raw.clone(),
        None => String::new(),
    }
}

/// Per-currency totals under the table (terminal only; never summed across currencies).
fn write_totals(
    out: &mut dyn Write,
    summaries: &[CurrencySummary],
    demo: bool,
) -> std::io::Result<()> {
    writeln!(out)?;
    for summary in summaries {
        let Some(currency) = &summary.currency else {
            writeln!(out, "{} invoices without a currency", summary.count)?;
            continue;
        };
        let amount = |minor: i128| format!("{currency} {}", format_major_wide(minor, currency));
        let overdue: i128 = summary
            .aging
            .iter()
            .filter(|a| a.from_days.is_some())
            .map(|a| a.minor)
            .sum();
        writeln!(
            out,
            "{currency}: {} invoices, total {}, outstanding {}, overdue {}",
            summary.count,
            amount(summary.total.minor),
            amount(summary.amount_remaining.minor),
            amount(overdue),
        )?;
    }
    if demo {
        writeln!(out, "(demo data)")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use billing_core::model::InvoiceStatus;
    use billing_core::money::Currency;
    use billing_core::query::InvoiceQuery;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn overdue_invoice() -> Invoice {
        Invoice {
            id: Some("in_1".into()),
            number: Some("INV-1".into()),
            status: Some(InvoiceStatus::Open),
            currency: Some(Currency::new("jpy")),
            total: Some(1500),
            amount_remaining: Some(1500),
            created_at: Some(Timestamp::parse("2024-04-01T00:00:00Z")),
            due_at: Some(Timestamp::parse("2024-05-01T00:00:00Z")),
            ..Invoice::default()
        }
    }

    fn render(table: &Table, aligned: bool) -> String {
        let mut out = Vec::new();
        table.write(&mut out, aligned).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn terminal_rows_show_currency_amounts_and_mark_overdue() {
        let now = at("2024-05-11T00:00:00Z");
        let rows = OrgInvoice::rows_for(&OrgId::parse("acme").unwrap(), [overdue_invoice()]);
        let result = run_query(&rows, &InvoiceQuery::default(), now);
        let text = render(&invoice_table(&rows, &result, false, true, now), true);
        assert!(
            text.contains("JPY 1500"),
            "amount with currency, JPY has no decimals: {text}"
        );
        assert!(text.contains("OVERDUE 10d"), "overdue is marked: {text}");
        assert!(text.contains("2024-05-01"), "dates as days: {text}");
        assert!(!text.contains("acme"), "one organization: no org column");
    }

    #[test]
    fn piped_rows_are_plain_and_stable() {
        let now = at("2024-05-11T00:00:00Z");
        let rows = OrgInvoice::rows_for(&OrgId::parse("acme").unwrap(), [overdue_invoice()]);
        let result = run_query(&rows, &InvoiceQuery::default(), now);
        let text = render(&invoice_table(&rows, &result, false, false, now), false);
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[0].starts_with("org\tnumber\tid\tstatus\tcurrency\ttotal"),
            "{text}"
        );
        assert_eq!(
            lines[1],
            "acme\tINV-1\tin_1\topen\tJPY\t1500\t\t\t1500\t2024-04-01T00:00:00Z\t2024-05-01T00:00:00Z\ttrue\t10"
        );
    }
}
