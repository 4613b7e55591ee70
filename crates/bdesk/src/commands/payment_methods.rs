//! `bdesk payment-methods`: the payment methods of one or many organizations on standard
//! output, as a table for people, tab-separated for pipes, or JSON; with `--expiring`, only
//! the cards that need replacing soon.

use std::io::IsTerminal;

use billing_core::dates::{CardState, EXPIRING_SOON_DAYS};
use billing_core::export::{ExportContext, OrgColumn, write_payment_methods_json};
use billing_core::fields::MethodField;
use billing_core::ids::OrgId;
use billing_core::model::PaymentMethod;
use chrono::{DateTime, Utc};

use super::invoices::into_rows;
use super::write_stdout;
use crate::cli::PaymentMethodsArgs;
use crate::exit::{CliError, Exit};
use crate::fetch;
use crate::table::Table;
use crate::{orgs, source};

/// Whether a card has expired, or expires within `within` days of `now`.
fn needs_attention(method: &PaymentMethod, now: DateTime<Utc>, within: i64) -> bool {
    matches!(
        method.card_state_within(now, within),
        CardState::Expired | CardState::ExpiringSoon
    )
}

/// Runs `bdesk payment-methods`.
///
/// # Errors
/// See [`fetch::fetch`]; exit 1 when standard output cannot be written.
pub async fn run(args: PaymentMethodsArgs, now: DateTime<Utc>) -> Result<Exit, CliError> {
    let orgs = orgs::collect(&args.batch)?;
    let source = source::open(&args.source, now).await?;
    let concurrency = fetch::concurrency(&args.batch, &source);
    let mut fetched = fetch::fetch(&source, orgs, concurrency, args.batch.keep_going).await?;
    let (_, mut methods) = into_rows(&mut fetched);
    let within = args.within.map_or(EXPIRING_SOON_DAYS, i64::from);
    if args.expiring {
        methods.retain(|(_, method)| needs_attention(method, now, within));
    }
    let orgs = fetched.ok_orgs();
    if args.json {
        let ctx = ExportContext::new(&orgs, now).with_org_column(OrgColumn::Always);
        let rows = methods.iter().map(|(org, m)| (org, m));
        write_stdout(|out| {
            write_payment_methods_json(out, &ctx, rows)
                .map(drop)
                .map_err(std::io::Error::other)
        })?;
        return Ok(fetched.exit());
    }
    let terminal = std::io::stdout().is_terminal();
    let table = method_table(&methods, orgs.len() > 1, terminal, now);
    write_stdout(|out| {
        table.write(out, terminal)?;
        if terminal && args.expiring && methods.is_empty() {
            writeln!(out, "No card has expired or expires within {within} days.")?;
        }
        if terminal && source.is_demo() {
            writeln!(out, "\n(demo data)")?;
        }
        Ok(())
    })?;
    Ok(fetched.exit())
}

fn method_table(
    methods: &[(OrgId, PaymentMethod)],
    several: bool,
    terminal: bool,
    now: DateTime<Utc>,
) -> Table {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let number = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    if !terminal {
        // The CSV export's names, order and values (without `createdAt`), for scripts.
        let headers: Vec<(&str, bool)> = MethodField::ALL
            .iter()
            .filter(|field| **field != MethodField::CreatedAt)
            .map(|field| (field.name(), false))
            .collect();
        let mut table = Table::new(&headers);
        for (org, m) in methods {
            table.push(vec![
                org.to_string(),
                text(&m.id),
                text(&m.kind),
                text(&m.brand),
                text(&m.last4),
                number(m.exp_month),
                number(m.exp_year),
                m.is_default.map(|d| d.to_string()).unwrap_or_default(),
                text(&m.billing_name),
                text(&m.billing_email),
                m.card_state(now).id().to_owned(),
            ]);
        }
        return table;
    }
    let mut columns = vec![
        ("TYPE", false),
        ("BRAND", false),
        ("LAST4", false),
        ("EXPIRES", false),
        ("DEFAULT", false),
        ("NAME", false),
        ("EMAIL", false),
        ("", false),
    ];
    if several {
        columns.insert(0, ("ORG", false));
    }
    let mut table = Table::new(&columns);
    for (org, m) in methods {
        let expires = match (m.exp_month, m.exp_year) {
            (Some(month), Some(year)) => format!("{month:02}/{year}"),
            _ => String::new(),
        };
        let flag = match m.card_state(now) {
            CardState::Expired => "EXPIRED",
            CardState::ExpiringSoon => "EXPIRES SOON",
            _ => "",
        };
        let mut cells = vec![
            text(&m.kind),
            text(&m.brand),
            text(&m.last4),
            expires,
            if m.is_default == Some(true) {
                "yes"
            } else {
                ""
            }
            .to_owned(),
            text(&m.billing_name),
            text(&m.billing_email),
            flag.to_owned(),
        ];
        if several {
            cells.insert(0, org.to_string());
        }
        table.push(cells);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn card(month: i64, year: i64) -> PaymentMethod {
        PaymentMethod {
            exp_month: Some(month),
            exp_year: Some(year),
            ..PaymentMethod::default()
        }
    }

    #[test]
    fn expired_and_soon_expiring_cards_need_attention() {
        let now = at("2024-05-10T00:00:00Z");
        assert!(needs_attention(&card(4, 2024), now, 0), "expired");
        assert!(needs_attention(&card(5, 2024), now, 60), "ends this month");
        assert!(
            !needs_attention(&card(8, 2024), now, 60),
            "ends in 113 days"
        );
        assert!(needs_attention(&card(8, 2024), now, 120), "a wider window");
        assert!(
            !needs_attention(&PaymentMethod::default(), now, 3650),
            "no expiry (a bank debit): nothing to replace"
        );
    }
}
