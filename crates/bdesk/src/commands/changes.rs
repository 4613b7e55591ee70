//! `bdesk changes`: what changed since an export, per invoice and per currency.

use billing_core::export::CsvOptions;
use billing_core::export::{AtomicFile, Destination};
use billing_core::history::changes_csv::write_changes_csv;
use billing_core::history::changes_xlsx::write_changes_xlsx;
use billing_core::history::{ChangeKind, Changes, ExportRef, SnapRow, compare, write_changes_json};
use billing_core::ids::OrgId;
use billing_core::query::{InvoiceQuery, run_query};
use chrono::{DateTime, Utc};

use super::invoices::into_rows;
use super::write_stdout;
use crate::cli::{ChangesArgs, FormatArg};
use crate::exit::{CliError, Exit};
use crate::table::clean;
use crate::{fetch, orgs, source};

/// Runs `bdesk changes`: fetches the export's organizations (or those given), applies the
/// export's own filters, and compares the matching invoices with its snapshot.
///
/// # Errors
/// Fetch failures; exit 2 for an unknown export; exit 1 when the history cannot be read.
pub async fn run(args: ChangesArgs, now: DateTime<Utc>) -> Result<Exit, CliError> {
    let format = match (args.format, args.json) {
        (Some(format), _) => Some(format),
        (None, true) => Some(FormatArg::Json),
        (None, false) => None,
    };
    if format == Some(FormatArg::Xlsx) && Destination::from_arg(&args.output) == Destination::Stdout
    {
        return Err(CliError::usage(
            "An Excel file is not written to a terminal: add -o FILE.xlsx.",
        ));
    }
    let given = orgs::collect(&args.batch)?;
    let source = source::open(&args.source, now).await?;
    let history = source.history()?;
    let (entry, snapshot) = history.snapshot_since(&args.since)?;
    // The same view as the export, so an invoice its filters left out is not "new" now;
    // or the saved view asked for.
    let exported: InvoiceQuery = serde_json::from_value(entry.view.clone()).unwrap_or_default();
    let (query, given) = match args.view.as_deref() {
        Some(name) => crate::views::apply(
            Some(name),
            &args.source,
            InvoiceQuery::default(),
            given,
            now,
        )?,
        None => (exported, given),
    };
    let orgs = if given.is_empty() {
        entry
            .organizations
            .iter()
            .filter_map(|org| OrgId::parse(org).ok())
            .collect()
    } else {
        given
    };
    let concurrency = fetch::concurrency(&args.batch, &source);
    let mut fetched = fetch::fetch(&source, orgs, concurrency, args.batch.keep_going).await?;
    let (rows, _) = into_rows(&mut fetched);
    let result = run_query(&rows, &query, now);
    let current: Vec<SnapRow> = result
        .page_rows(&rows)
        .filter_map(|row| SnapRow::of(&row.org, &row.invoice))
        .collect();
    let changes = compare(&snapshot.rows, &current);
    let since = ExportRef::of(&entry);
    let write = |out: &mut dyn std::io::Write| -> std::io::Result<()> {
        match format {
            Some(FormatArg::Csv) => {
                let options = CsvOptions {
                    bom: args.bom,
                    dialect: args.csv_dialect.into(),
                };
                write_changes_csv(out, &changes, options).map(|_| ())
            }
            Some(FormatArg::Xlsx) => {
                // The workbook writer needs a `Send` writer; a workbook of changes is small.
                let mut bytes = Vec::new();
                write_changes_xlsx(&mut bytes, &since, &changes, now)
                    .map_err(std::io::Error::other)?;
                out.write_all(&bytes)
            }
            Some(FormatArg::Json) => write_changes_json(out, &since, &changes),
            None => summary(out, entry.seq, entry.at, &changes),
        }
    };
    match Destination::from_arg(&args.output) {
        Destination::Stdout => write_stdout(write)?,
        Destination::File(path) => {
            let mut file = AtomicFile::create(&path).map_err(CliError::from)?;
            write(&mut file).map_err(|e| {
                CliError::new(
                    Exit::Output,
                    format!("Could not write {}: {e}", path.display()),
                )
            })?;
            file.commit().map_err(CliError::from)?;
            eprintln!(
                "bdesk: wrote {} changed invoices to {}",
                changes.invoices.len(),
                path.display()
            );
        }
    }
    if args.fail_on_change && !changes.is_empty() {
        return Ok(Exit::Changed);
    }
    Ok(fetched.exit())
}

fn summary(
    out: &mut dyn std::io::Write,
    export: u64,
    at: DateTime<Utc>,
    changes: &Changes,
) -> std::io::Result<()> {
    writeln!(
        out,
        "Since export {export} ({}):",
        at.format("%Y-%m-%d %H:%M UTC")
    )?;
    if changes.is_empty() {
        return writeln!(out, "  nothing changed");
    }
    for (kind, count) in &changes.counts {
        writeln!(out, "  {count} {}", kind_text(*kind))?;
    }
    for change in &changes.invoices {
        let moved: Vec<String> = change
            .fields
            .iter()
            .map(|f| {
                format!(
                    "{} {} -> {}",
                    f.field,
                    f.from.as_deref().unwrap_or("-"),
                    f.to.as_deref().unwrap_or("-")
                )
            })
            .collect();
        writeln!(
            out,
            "  {}\t{}\t{}\t{}",
            kind_text(change.kind),
            clean(&change.org),
            clean(change.number.as_deref().unwrap_or(&change.id)),
            clean(&moved.join(", "))
        )?;
    }
    Ok(())
}

fn kind_text(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::New => "new",
        ChangeKind::NewlyPaid => "newly paid",
        ChangeKind::Voided => "voided",
        ChangeKind::MarkedUncollectible => "marked uncollectible",
        ChangeKind::StatusChanged => "other status change",
        ChangeKind::AmountChanged => "amount changed",
        ChangeKind::DueDateChanged => "due date changed",
        ChangeKind::Gone => "gone",
    }
}
